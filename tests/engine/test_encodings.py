"""A big file's UTF-8 checked in parts, one process a part: the answer of one pass."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.support import counted_forks

import rectikit
from rectikit.engine import encodings
from rectikit.engine.encodings import decodes_in_parts
from rectikit.readers.formats import ReadError, detect_encoding

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")

TEXT = "编号,项目名称,预算金额,组织形式,采购方式,供应商,采购单位,采购日期\n" + "".join(
    f"P{n:04d},办公用品,{n * 100}元,自行采购,询价,甲公司,办公室,2023-{n % 12 + 1:02d}-05\n"
    for n in range(400)
)


@pytest.fixture(autouse=True)
def check_small_files_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encodings, "MIN_BYTES", 0)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workers forked to check parts, one entry a worker."""
    return counted_forks(monkeypatch, encodings)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "采购台账.csv"
    path.write_bytes(data)
    return path


def test_a_utf8_file_is_checked_in_parts(tmp_path: Path, forks: list[int]) -> None:
    path = write(tmp_path, TEXT.encode())
    assert decodes_in_parts(lambda: 3)(path, "utf-8")
    assert len(forks) == 2


@pytest.mark.parametrize("where", [0.1, 0.5, 0.95])
def test_a_bad_byte_in_any_part_is_found(tmp_path: Path, where: float, forks: list[int]) -> None:
    data = TEXT.encode()
    at = int(len(data) * where)
    path = write(tmp_path, data[:at] + b"\xff" + data[at:])
    assert not decodes_in_parts(lambda: 3)(path, "utf-8")
    assert forks


def test_a_worker_that_dies_has_its_part_checked_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dying(*args: Any) -> Any:
        def work(handover: Any) -> None:
            os._exit(3)

        return work

    monkeypatch.setattr(encodings, "_checker", dying)
    data = TEXT.encode()
    assert decodes_in_parts(lambda: 2)(write(tmp_path, data), "utf-8")
    assert not decodes_in_parts(lambda: 2)(write(tmp_path, data + b"\xc3"), "utf-8")


def test_no_fork_for_one_job_another_codec_or_a_small_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    path = write(tmp_path, TEXT.encode("gb18030"))
    assert not decodes_in_parts(lambda: 1)(path, "utf-8")
    assert decodes_in_parts(lambda: 2)(path, "gb18030")
    monkeypatch.setattr(encodings, "MIN_BYTES", len(TEXT.encode()) + 1)
    assert decodes_in_parts(lambda: 2)(write(tmp_path, TEXT.encode()), "utf-8")
    assert forks == []


@pytest.mark.parametrize(
    "data",
    [TEXT.encode(), TEXT.encode("gb18030"), TEXT.encode() + b"\x81", b"\xff" + TEXT.encode()],
    ids=["utf-8", "gb18030", "ends inside a character", "neither"],
)
def test_detection_gives_what_one_pass_gives(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    try:
        expected: str | None = detect_encoding(path)
    except ReadError as exc:
        with pytest.raises(ReadError, match="^" + str(exc).replace("(", r"\(").replace(")", r"\)")):
            detect_encoding(path, decodes_in_parts(lambda: 4))
        return
    assert detect_encoding(path, decodes_in_parts(lambda: 4)) == expected


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_a_check_reads_a_big_file_as_in_one_pass(
    tmp_path: Path, codec: str, forks: list[int]
) -> None:
    write(tmp_path, TEXT.encode(codec))
    one = rectikit.check(tmp_path, as_of="2023-12-31", jobs=1)
    two = rectikit.check(tmp_path, as_of="2023-12-31", jobs=2)
    assert one.records == two.records == 400
    assert [v.to_dict() for v in one.all] == [v.to_dict() for v in two.all]
    assert forks
