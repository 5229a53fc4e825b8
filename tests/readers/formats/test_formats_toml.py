"""TOML files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rectikit.readers.formats import RawRow, ReadError, read_toml

DOCUMENT = """\
title = "2023年度采购台账"
tags = ["a", "b"]

[meta]
unit = "某市委办公室"

[[procurement]]
"编号" = "CG-001"
"预算金额（元）" = 25000.50
"采购日期" = 2023-03-15
"单一来源" = false

[[procurement]]
"编号" = "CG-002"
"预算金额（元）" = 180000
"签订时间" = 2023-04-01T09:30:00

[[talks]]
"对象" = "张三"
"日期" = 2023-05-06
"""


def tables_of(path: Path, **options: str) -> list[tuple[str | None, tuple[str, ...], list[RawRow]]]:
    return [(t.sheet, t.headers, list(t.rows)) for t in read_toml(path, path.name, **options)]


def test_arrays_of_tables(tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    path.write_text(DOCUMENT, encoding="utf-8")
    assert tables_of(path) == [
        (
            "procurement",
            ("编号", "预算金额（元）", "采购日期", "单一来源", "签订时间"),
            [
                RawRow(1, ("CG-001", Decimal("25000.50"), dt.date(2023, 3, 15), False, None)),
                RawRow(2, ("CG-002", 180000, None, None, dt.datetime(2023, 4, 1, 9, 30))),
            ],
        ),
        ("talks", ("对象", "日期"), [RawRow(1, ("张三", dt.date(2023, 5, 6)))]),
    ]


def test_value_types(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text("[[x]]\na = 2023-03-15\nb = 0.1\nc = inf\nd = 3\n", encoding="utf-8")
    [(_, _, [row])] = tables_of(path)
    a, b, c, d = row.values
    assert type(a) is dt.date
    assert b == Decimal("0.1") and isinstance(b, Decimal)
    assert c == Decimal("Infinity")
    assert type(d) is int


def test_inline_arrays_of_tables(tmp_path: Path) -> None:
    path = tmp_path / "inline.toml"
    path.write_text('talks = [{"对象" = "甲"}, {}, {"对象" = "乙"}]\n', encoding="utf-8")
    assert tables_of(path) == [("talks", ("对象",), [RawRow(1, ("甲",)), RawRow(3, ("乙",))])]


def test_mixed_array(tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    path.write_text('talks = [{"对象" = "甲"}, 2]\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"^talks: record 2 is not a table$"):
        tables_of(path)


def test_no_tables(tmp_path: Path) -> None:
    path = tmp_path / "meta.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    assert tables_of(path) == []


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes('[[x]]\r\n"名称" = "甲"\r\n'.encode("utf-8-sig"))
    assert tables_of(path) == [("x", ("名称",), [RawRow(1, ("甲",))])]


def test_invalid_toml(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[[x]]\na = 1\nb = \n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        tables_of(path)
    assert str(caught.value) == "invalid TOML at line 3 column 5: Invalid value"


def test_toml_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gb.toml"
    path.write_bytes('[[x]]\n"名称" = "甲"\n'.encode("gb18030"))
    with pytest.raises(
        ReadError, match=r"^not valid UTF-8 text \(byte 0xc3 at offset 7, line 2\); TOML"
    ):
        tables_of(path)
    assert tables_of(path, encoding="gb18030") == [("x", ("名称",), [RawRow(1, ("甲",))])]
