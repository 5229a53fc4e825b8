"""Dispatch by suffix in read_tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from rectikit.readers import formats
from rectikit.readers.formats import (
    READERS,
    SUPPORTED_SUFFIXES,
    RawRow,
    ReadError,
    read_delimited,
    read_json,
    read_tables,
    read_toml,
    read_xlsx,
)


def test_readers_by_suffix() -> None:
    assert READERS == {
        ".csv": read_delimited,
        ".tsv": read_delimited,
        ".json": read_json,
        ".toml": read_toml,
        ".xlsx": read_xlsx,
        ".xlsm": read_xlsx,
    }
    assert SUPPORTED_SUFFIXES == (".csv", ".tsv", ".json", ".toml", ".xlsx", ".xlsm")


def test_public_names() -> None:
    for name in ("ReadError", "RawRow", "RawTable", "detect_encoding", "read_tables"):
        assert name in formats.__all__
        assert hasattr(formats, name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.csv", "编号\n1\n"),
        ("a.TSV", "编号\n1\n"),
        ("a.json", '[{"编号": "1"}]'),
        ("a.Json", '{"records": [{"编号": "1"}]}'),
        ("a.toml", '[[x]]\n"编号" = "1"\n'),
    ],
)
def test_text_formats(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [(display, headers, rows)] = [(t.file, t.headers, list(t.rows)) for t in read_tables(path)]
    assert display == name
    assert headers == ("编号",)
    assert rows == [RawRow(rows[0].row, ("1",))]


def test_display_name_and_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("编号\n甲\n".encode("gb18030"))
    [(table, rows)] = [
        (t, list(t.rows)) for t in read_tables(path, "2023/采购.csv", encoding="gbk")
    ]
    assert table.file == "2023/采购.csv"
    assert rows == [RawRow(2, ("甲",))]


def test_old_xls_is_rejected_immediately(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read_tables(tmp_path / "ledger.XLS")
    assert str(caught.value) == "old .xls workbooks are not supported; save as .xlsx"


@pytest.mark.parametrize("name", ["ledger.txt", "ledger.docx", "ledger"])
def test_unsupported_suffix(tmp_path: Path, name: str) -> None:
    with pytest.raises(ReadError, match=r"^unsupported file.*expected one of \.csv, \.tsv"):
        read_tables(tmp_path / name)


def test_missing_file_fails_while_iterating(tmp_path: Path) -> None:
    tables = read_tables(tmp_path / "missing.csv")
    with pytest.raises(ReadError, match="cannot read file"):
        next(tables)
