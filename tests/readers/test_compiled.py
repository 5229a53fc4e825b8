"""The compiled row converter gives what the general path gives, row for row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from rectikit.model.records import Meeting, PartyOrg, Procurement, Talk
from rectikit.readers.formats import RawRow, RawTable
from rectikit.readers.keys import SeenKeys
from rectikit.readers.records import HeaderIndex, TableConverter

HEADERS = ("编号", "项目名称", "预算金额", "组织形式", "采购方式", "供应商数", "采购日期", "备注")
CELLS = {
    "编号": ["P1", "P2", " P1 ", "", None, 7, "\u200b", "P3"],
    "项目名称": ["办公设备", "", "  ", None, 12, "会议室\u200b改造"],
    "预算金额": [
        *("5万", "20,000.00", "2万x", "", None, 19999.99, Decimal("3E+5"), 3, True),
        *("¥1.5万", "007", "１２３", "²", "0", "123456789012345678", "20000"),
    ],
    "组织形式": ["自行采购", "政府采购", "x", "", None, 1],
    "采购方式": ["定向采购", "比价", "?", "", None],
    "供应商数": ["3", "3家", "三", "-1", "", None, 4],
    "采购日期": ["2023-08-03", "2023年8月3日", "2023/2/30", "", None, dt.datetime(2023, 8, 3)],
    "备注": ["", "说明", None, 5],
}

rows = st.lists(
    st.tuples(*(st.sampled_from(CELLS[h]) for h in HEADERS), st.integers(0, 2)), max_size=25
)


def _convert(headers: tuple[str, ...], raw_rows: list[RawRow], *, compile: bool) -> tuple:
    sink: list[Any] = []
    table = RawTable(file="采购台账.xlsx", sheet="Sheet1", headers=headers, rows=raw_rows,
                     column_letters=tuple("ABCDEFGH"[: len(headers)]))  # fmt: skip
    converter = TableConverter(
        table, HeaderIndex(Procurement.schema), sink.append, SeenKeys(), compile=compile
    )
    records = [_exactly(r) for r in converter.records()]
    return records, [(d.code, d.location, d.location.cell, d.message) for d in sink]


def _exactly(record: Any) -> tuple:
    return (
        attrs.astuple(record, recurse=False),
        record.location,
        record.location.letters,
        record.extra,
        record.invalid,
    )


@settings(max_examples=150, deadline=None)
@given(rows)
def test_compiled_and_general_paths_agree(generated: list) -> None:
    raw_rows = []
    for number, row in enumerate(generated, start=2):
        *cells, trim = row
        raw_rows.append(RawRow(number, tuple(cells[: len(cells) - trim])))  # short rows too
    compiled = _convert(HEADERS, raw_rows, compile=True)
    general = _convert(HEADERS, raw_rows, compile=False)
    assert compiled == general


def test_the_compiled_converter_is_used_and_written_for_the_table() -> None:
    table = RawTable(file="a.csv", sheet=None, headers=("编号", "项目名称"), rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), [].append, SeenKeys())
    source = converter.compiled().source  # type: ignore[attr-defined]
    assert "def convert(row, values):" in source
    assert "seen_add" in source


def test_other_kinds_convert_alike() -> None:
    cases = [
        (Talk, ("谈话日期", "谈话人", "谈话对象", "形式"), [("2023-03-01", "张三", "李四", "")]),
        (
            PartyOrg,
            ("编号", "名称", "类型", "换届日期", "状态"),
            [
                ("O1", "一支部", "党支部", "2021年5月6日", ""),
                ("O1", "二支部", "党支部", "", "撤销"),
            ],
        ),
        (Meeting, ("党组织", "会议类型", "日期"), [("一支部", "党课", "2023-01-05")]),
    ]
    for kind, headers, values in cases:
        raw_rows = [RawRow(n, row) for n, row in enumerate(values, start=2)]
        results = []
        for compile in (True, False):
            sink: list[Any] = []
            table = RawTable(file="t.csv", sheet=None, headers=headers, rows=raw_rows)
            converter = TableConverter(
                table, HeaderIndex(kind.schema), sink.append, SeenKeys(), compile=compile
            )
            results.append(([_exactly(r) for r in converter.records()], sink))
        assert results[0] == results[1]
        assert results[0][0]
