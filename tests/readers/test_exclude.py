"""Config ``exclude``: files in the dataset folder that are not data."""

from __future__ import annotations

from pathlib import Path

import pytest

import rectikit
from rectikit.engine.config import ConfigError, parse_config
from rectikit.readers.dataset import matches


@pytest.mark.parametrize(
    ("display", "pattern", "expected"),
    [
        ("README.md", "README.md", True),
        ("sub/README.md", "README.md", True),
        ("make.py", "*.py", True),
        ("附件/说明.docx", "附件/", True),
        ("附件/说明.docx", "附件/*", True),
        ("采购台账.csv", "*.py", False),
    ],
)
def test_matches(display: str, pattern: str, expected: bool) -> None:
    assert matches(display, display.rsplit("/", 1)[-1], pattern) is expected


def test_excluded_files_are_neither_read_nor_reported(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "附件").mkdir()
    (tmp_path / "附件" / "采购台账.csv").write_text("garbage\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    config = parse_config({"exclude": ["README.md", "附件/"]})
    result = rectikit.check(tmp_path, as_of="2023-12-31", config=config)
    assert [(e.code, e.location.file) for e in result.data_errors] == [("DAT005", "notes.txt")]


def test_exclude_must_be_names(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="exclude"):
        parse_config({"exclude": [1]})


def test_annotated_copies_are_never_data_when_a_folder_is_walked(tmp_path: Path) -> None:
    from rectikit.readers.dataset import is_annotated_copy, iter_dataset_files

    for name in ("采购台账.xlsx", "采购台账.annotated.xlsx", "x.ANNOTATED.xlsm", "n.annotated.csv"):
        (tmp_path / name).write_bytes(b"")
    found = [display for _, display in iter_dataset_files([tmp_path])]
    assert found == ["n.annotated.csv", "采购台账.xlsx"]  # only workbooks are copies
    assert is_annotated_copy("采购台账.annotated.xlsx") and not is_annotated_copy("采购台账.xlsx")
    # named directly, a copy is read like any file
    given = tmp_path / "采购台账.annotated.xlsx"
    assert [d for _, d in iter_dataset_files([given])] == ["采购台账.annotated.xlsx"]
