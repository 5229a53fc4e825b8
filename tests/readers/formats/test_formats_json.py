"""JSON files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from rectikit.readers.formats import RawRow, ReadError, read_json, read_tables

RECORDS = [
    {"编号": "CG-001", "预算金额（元）": 25000.50, "单一来源": False},
    {"编号": "CG-002", "预算金额（元）": 180000, "附件": ["a.pdf"]},
    {},
    {"编号": None, "备注": "  "},
    {"编号": "CG-005", "明细": {"数量": 2}},
]


def tables_of(path: Path, **options: str) -> list[tuple[str | None, tuple[str, ...], list[RawRow]]]:
    return [(t.sheet, t.headers, list(t.rows)) for t in read_json(path, path.name, **options)]


def write(path: Path, data: object, codec: str = "utf-8") -> Path:
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode(codec))
    return path


def test_list_of_records(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", RECORDS)
    [(sheet, headers, rows)] = tables_of(path)
    assert sheet is None
    assert headers == ("编号", "预算金额（元）", "单一来源", "附件", "备注", "明细")
    assert rows == [
        RawRow(1, ("CG-001", Decimal("25000.5"), False, None, None, None)),
        RawRow(2, ("CG-002", 180000, None, ["a.pdf"], None, None)),
        RawRow(5, ("CG-005", None, None, None, None, {"数量": 2})),
    ]


def test_floats_are_decimal_ints_stay_int(tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('[{"a": 0.1, "b": 1e3, "c": 7, "d": NaN, "e": -Infinity, "f": true}]')
    [(_, _, [row])] = tables_of(path)
    a, b, c, d, e, f = row.values
    assert (a, b, c, f) == (Decimal("0.1"), Decimal("1E+3"), 7, True)
    assert type(c) is int and type(f) is bool
    assert isinstance(d, Decimal) and d.is_nan()
    assert e == Decimal("-Infinity")


def test_records_object(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", {"version": 1, "records": [{"a": 1}, {"a": 2, "b": "x"}]})
    assert tables_of(path) == [(None, ("a", "b"), [RawRow(1, (1, None)), RawRow(2, (2, "x"))])]


def test_keyed_record_lists(tmp_path: Path) -> None:
    data = {
        "title": "2023年台账",
        "tags": ["x", "y"],
        "procurement": [{"编号": "CG-1"}],
        "talks": [{"对象": "张三"}, {"对象": "李四"}],
        "elections": [],
    }
    path = write(tmp_path / "k.json", data)
    assert tables_of(path) == [
        ("procurement", ("编号",), [RawRow(1, ("CG-1",))]),
        ("talks", ("对象",), [RawRow(1, ("张三",)), RawRow(2, ("李四",))]),
        ("elections", (), []),
    ]


def test_object_without_record_lists_yields_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "meta.json", {"title": "x"})
    assert tables_of(path) == []


def test_empty_list(tmp_path: Path) -> None:
    path = write(tmp_path / "e.json", [])
    assert tables_of(path) == [(None, (), [])]


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030", "utf-16"])
def test_detected_encodings(tmp_path: Path, codec: str) -> None:
    path = write(tmp_path / "p.json", [{"编号": "甲"}], codec)
    assert tables_of(path) == [(None, ("编号",), [RawRow(1, ("甲",))])]


def test_non_object_record(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", [{"a": 1}, {"a": 2}, 3])
    with pytest.raises(ReadError) as caught:
        tables_of(path)
    assert str(caught.value) == "record 3 is not an object"


def test_non_object_record_in_keyed_list(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", {"talks": [{"a": 1}, "oops"]})
    with pytest.raises(ReadError, match=r"^talks: record 2 is not an object$"):
        tables_of(path)


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"a": 1},\n    ,\n]', encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        tables_of(path)
    assert str(caught.value) == "invalid JSON at line 3 column 5: Expecting value"


def test_scalar_top_level(tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", "text")
    with pytest.raises(ReadError, match="not a string"):
        tables_of(path)


def test_undecodable_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'[{"a": "\xff"}]')
    with pytest.raises(ReadError, match="not valid UTF-8 or GB18030 text"):
        tables_of(path)


def test_forced_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", [{"编号": "甲"}], "gb18030")
    with pytest.raises(ReadError, match="not valid UTF-8 text"):
        tables_of(path, encoding="utf-8")
    [table] = read_tables(path, "台账", encoding="gbk")
    assert table.file == "台账"
    assert list(table.rows) == [RawRow(1, ("甲",))]
