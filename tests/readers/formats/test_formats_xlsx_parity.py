"""rectikit's XLSX reader against openpyxl's read-only mode, on the same workbooks.

Workbooks written by openpyxl hold every value type openpyxl writes; hand-written parts
add what it cannot write (shared strings, cached formula results, errors). Both of
rectikit's parsers (the fast path and the exact expat path) must read what openpyxl
reads, value for value and type for type.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference
from xlsx_support import (
    both_paths,
    fast_path_covers,
    openpyxl_cells,
    same_types,
    shared_strings,
    sheet,
    styles,
    write_package,
)

from rectikit.readers.formats import read_xlsx


def every_type_workbook(path: Path, *, date1904: bool = False) -> Path:
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "类型"
    ws.append(["文本", "整数", "小数", "日期", "日期时间", "时间", "布尔", "公式", "百分比"])
    ws.append(
        [
            "张三 & <李四> \"引号\" 'x'",
            42,
            0.1,
            dt.date(2023, 8, 3),
            dt.datetime(2023, 8, 3, 14, 30, 15),
            dt.time(9, 30),
            True,
            "=B2*2",
            0.25,
        ]
    )
    ws.append(
        [
            "  前后空格  ",
            -7,
            1e16,
            dt.date(1904, 1, 2),
            dt.datetime(1999, 12, 31, 23, 59, 59, 500000),
            dt.time(0, 0, 1),
            False,
            "=SUM(B2:B3)",
            1.5,
        ]
    )
    ws.append([None, 2**70, 3.14159265358979, dt.date(9999, 12, 31), None, dt.timedelta(hours=30)])
    ws["I2"].number_format = "0.00%"
    ws["D3"].number_format = 'yyyy"年"m"月"d"日"'
    ws["C4"].number_format = "[h]:mm:ss"
    ws["F4"].number_format = "[h]:mm:ss"
    ws["E3"].number_format = "mm:ss.0"
    ws["J10"] = "稀疏"
    ws["AB12"] = 1.25
    ws["XFD13"] = "最后一列"
    ws.merge_cells("A6:C7")
    ws["A6"] = "合并"
    ws["A8"] = "line1\nline2\r\nline3\tend"
    ws["B8"] = "\u3000全角空格\u00a0"
    ws["C8"] = "emoji \U0001f600"
    ws["D8"] = "_x000D_ literal"
    ws["E8"] = "]]> not CDATA"
    ws["F8"] = "=1/0"
    ws["G8"] = '="text"'
    second = wb.create_sheet("第二页")
    second.append([1, 2, 3])
    second["A5"] = "x"
    wb.create_sheet("空")
    data = wb.create_sheet("数据")
    data.append(["x"])
    data.append([1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=2), titles_from_data=True)
    wb.create_chartsheet("图表").add_chart(chart)
    wb.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
def test_openpyxl_workbook_reads_as_openpyxl_reads_it(tmp_path: Path, date1904: bool) -> None:
    path = every_type_workbook(tmp_path / "types.xlsx", date1904=date1904)
    ours, theirs = both_paths(path), openpyxl_cells(path)
    assert list(ours) == ["类型", "第二页", "空", "数据"]
    assert ours == theirs
    assert same_types(ours, theirs)
    assert fast_path_covers(path) == [True] * 4
    cells = ours["类型"]
    assert cells[(2, 1)] == "张三 & <李四> \"引号\" 'x'"
    assert cells[(2, 3)] == Decimal("0.1")
    assert cells[(3, 3)] == Decimal("1E+16")
    assert cells[(2, 4)] == dt.datetime(2023, 8, 3)
    assert cells[(4, 6)] == dt.timedelta(hours=30)
    assert cells[(13, 16384)] == "最后一列"


def test_hand_written_parts_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    strings = shared_strings(
        [
            "<t>纯文本</t>",
            '<t xml:space="preserve">  空格  </t>',
            '<r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r>',
            "<t>漢字</t><rPh sb='0' eb='2'><t>かんじ</t></rPh><phoneticPr fontId='1'/>",
            "<t/>",
            "<t>a_x005F_x000D_b &amp; &lt;c&gt;</t>",
            "<r><t>run</t></r><rPh sb='0' eb='1'><t>skip</t></rPh>",
        ]
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
        '<c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>'
        '<row r="2"><c r="A2" t="str"><f>A1&amp;"x"</f><v>纯文本x</v></c>'
        '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2" t="e"><v>#N/A</v></c>'
        '<c r="D2" t="b"><f>TRUE</f><v>1</v></c><c r="E2"><f>1+1</f><v>2</v></c>'
        '<c r="F2" s="1"><f>TODAY()</f><v>45141.5</v></c>'
        '<c r="G2"><f t="shared" si="0"/><v>3.5</v></c>'
        '<c r="H2" t="str"><f>""</f><v></v></c><c r="I2" t="d"><v>2023-08-03T10:20:30</v></c>'
        '<c r="J2" t="d"><v>2023-08-03</v></c></row>'
        '<row r="4"><c r="B4" s="2"><v>45141</v></c><c r="C4" s="3"><v>0.75</v></c>'
        '<c r="D4" s="4"><v>1.5</v></c><c r="E4" s="5"><v>45141</v></c>'
        '<c r="F4" s="6"><v>12</v></c>'
        '<c r="G4" s="0"><v>1.0</v></c><c r="H4"><v>1E3</v></c><c r="I4"><v>-0.5e-3</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><r><t>富</t></r><r><t>内联</t></r></is></c>'
        '<c r="B5" t="inlineStr"><is><t>漢</t><rPh sb="0" eb="1"><t>かん</t></rPh></is></c>'
        '<c r="C5" t="inlineStr"><is><t><![CDATA[<b>&</b>]]></t></is></c>'
        '<c r="D5" t="inlineStr"/><c r="E5" t="inlineStr"><is/></c></row>'
        '<row><c><v>1</v></c><c><v>2</v></c><c r="E6"><v>5</v></c><c><v>6</v></c></row>'
        '<row r="9"><c r="B9" t="s"><v>2</v></c></row>'
    )
    style_part = styles(
        [0, 14, 164, 20, 46, 165, 166],
        {164: 'yyyy"年"m"月"d"日"', 165: '"Date: "0', 166: "[Red]0.00"},
    )
    path = write_package(
        tmp_path / "hand.xlsx", [("手写", sheet(rows))], strings=strings, style_part=style_part
    )
    ours, theirs = both_paths(path), openpyxl_cells(path)
    assert ours == theirs
    assert same_types(ours, theirs)
    cells = ours["手写"]
    assert [cells.get((1, column)) for column in range(1, 8)] == [
        "纯文本",
        "  空格  ",
        "富文本 ",
        "漢字",
        "",
        "a_x000D_b & <c>",
        "run",
    ]
    assert (
        cells[(2, 2)] == "#DIV/0!"
        and cells[(2, 4)] is True
        and cells[(2, 6)] == dt.datetime(2023, 8, 3, 12)
    )
    assert cells[(4, 2)] == dt.datetime(2023, 8, 3) and cells[(4, 3)] == dt.time(18)
    assert cells[(4, 4)] == dt.timedelta(hours=36) and cells[(4, 5)] == 45141
    assert cells[(4, 8)] == 1000 and cells[(4, 9)] == Decimal("-0.0005")
    assert (cells[(5, 1)], cells[(5, 2)], cells[(5, 3)]) == ("富内联", "漢", "<b>&</b>")
    assert [cells.get((6, column)) for column in (1, 2, 5, 6)] == [1, 2, 5, 6]
    assert fast_path_covers(path) == [False]  # rich text, CDATA, cells without r


SERIALIZATIONS = {
    "canonical": lambda rows: sheet(rows),
    "no declaration": lambda rows: sheet(rows, declaration=False),
    "byte-order mark": lambda rows: "\ufeff" + sheet(rows),
    "prefixed": lambda rows: re.sub(r"<(/?)(?!\?)", r"<\1x:", sheet(rows)).replace(
        'xmlns="', 'xmlns:x="'
    ),
    "pretty": lambda rows: sheet(
        rows.replace("<row", "\n  <row").replace("<c ", "\n    <c ").replace("</row>", "\n  </row>")
    ),
    "single quotes": lambda rows: sheet(rows.replace('"', "'")),
    "comments": lambda rows: sheet(rows.replace("</c>", "</c><!-- </row> -->")),
    "processing instructions": lambda rows: sheet(rows.replace("<row ", "<?pi x?><row ")),
    "character references": lambda rows: sheet(
        "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in rows)
    ),
    "hex references and CRLF": lambda rows: sheet(
        "".join(ch if ord(ch) < 128 else f"&#x{ord(ch):X};" for ch in rows)
    ).replace("\n", "\r\n"),
    "spaced tags": lambda rows: sheet(rows.replace('"><', '" ><').replace("/>", " />")),
    "sheetData with an attribute": lambda rows: sheet(rows).replace(
        "<sheetData>", '<sheetData xmlns:y="urn:y">'
    ),
    "fake sheetData in a comment": lambda rows: sheet(rows).replace(
        "<sheetData>",
        "<!-- <sheetData><row r='1'><c r='A1'><v>9</v></c></row></sheetData> --><sheetData>",
    ),
}
SAMPLE_ROWS = (
    '<row r="2" spans="1:3"><c r="A2" t="inlineStr"><is><t>单位 &amp; 部门</t></is></c>'
    '<c r="B2" s="1"><v>45141</v></c><c r="C2"><v>20000.5</v></c></row>'
    '<row r="3"><c r="B3" t="b"><v>0</v></c>'
    '<c r="D3" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>'
)


@pytest.mark.parametrize("style", sorted(SERIALIZATIONS))
def test_every_serialization_reads_the_same(tmp_path: Path, style: str) -> None:
    xml = SERIALIZATIONS[style](SAMPLE_ROWS)
    data = xml.encode("utf-8")
    path = write_package(tmp_path / "s.xlsx", [("表", data)], style_part=styles([0, 14]), parts={})
    expected = {
        (2, 1): "单位 & 部门",
        (2, 2): dt.datetime(2023, 8, 3),
        (2, 3): Decimal("20000.5"),
        (3, 2): False,
        (3, 4): " x ",
    }
    assert both_paths(path) == {"表": expected}
    assert openpyxl_cells(path) == {"表": expected}


def test_utf16_worksheet(tmp_path: Path) -> None:
    xml = sheet(SAMPLE_ROWS).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = write_package(
        tmp_path / "u.xlsx", [("表", xml.encode("utf-16"))], style_part=styles([0, 14])
    )
    assert both_paths(path) == openpyxl_cells(path)
    assert fast_path_covers(path) == [False]


def test_where_rectikit_differs_from_openpyxl(tmp_path: Path) -> None:
    """Two documented differences: the East Asian built-in date formats (ids 27–36,
    50–58, which Chinese Excel writes without a format code) are dates, and a row
    numbered below the one before it is kept (openpyxl's read-only mode drops it)."""
    rows = (
        '<row r="3"><c r="A3" s="1"><v>45141</v></c><c r="B3" s="2"><v>45141</v></c></row>'
        '<row r="2"><c r="A2"><v>7</v></c></row>'
    )
    path = write_package(tmp_path / "d.xlsx", [("表", sheet(rows))], style_part=styles([0, 31, 57]))
    assert both_paths(path) == {
        "表": {(3, 1): dt.datetime(2023, 8, 3), (3, 2): dt.datetime(2023, 8, 3), (2, 1): 7}
    }
    assert openpyxl_cells(path) == {"表": {(3, 1): 45141, (3, 2): 45141}}


# --- Hypothesis: values written by openpyxl read back as openpyxl reads them -----------

_XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)]))
        + "\ufffe\uffff",
    ),
    max_size=12,
)
_VALUES = st.one_of(
    st.none(),
    _XML_TEXT,
    st.sampled_from(["<", "&", "]]>", "&amp;", "&#20013;", " ", "\r\n", "_x000D_", "=1", "'"]),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 30)),
    st.times(),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(_VALUES, max_size=6), min_size=1, max_size=6))
def test_values_round_trip_like_openpyxl(tmp_path: Path, rows: list[list[object]]) -> None:
    path = tmp_path / "h.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    ours, theirs = both_paths(path), openpyxl_cells(path)
    assert ours == theirs
    assert same_types(ours, theirs)
    assert fast_path_covers(path) == [True]
    table_rows = [
        (row.row, row.values) for table in read_xlsx(path, "h.xlsx") for row in table.rows
    ]
    for number, values in table_rows:
        for column, value in enumerate(values, 1):
            assert theirs["Sheet"].get((number, column)) == value
