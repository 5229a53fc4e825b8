"""Worksheet rows: the fast path and the exact path agree on every serialization."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from xlsx_support import (
    both_paths,
    fast_path_covers,
    openpyxl_cells,
    rectikit_cells,
    shared_strings,
    sheet,
    styles,
    write_package,
)

from rectikit.readers.formats import ReadError, read_xlsx
from rectikit.readers.formats.xlsx_cells import CellValues
from rectikit.readers.formats.xlsx_package import XlsxLimits
from rectikit.readers.formats.xlsx_sheet import iter_sheet_rows

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STRINGS = ["甲", "乙 & 丙", "<b>", " 空格 "]
FORBIDDEN = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])) + "\ufffe\uffff"
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=FORBIDDEN), max_size=8
)
NUMBER_TEXT = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1E3", "1e-3", " 7 ", "1.0", "-0", "+5", "0.10"]),
)
CELL = st.one_of(
    st.tuples(st.just("n"), NUMBER_TEXT),
    st.tuples(st.just("date"), st.integers(0, 2_958_465).map(str)),
    st.tuples(st.just("inlineStr"), TEXT),
    st.tuples(st.just("s"), st.integers(0, len(STRINGS) - 1).map(str)),
    st.tuples(st.just("b"), st.sampled_from(["0", "1"])),
    st.tuples(st.just("e"), st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!"])),
    st.tuples(st.just("str"), TEXT),
    st.tuples(st.just("empty"), st.just("")),
)
ROWS = st.lists(
    st.tuples(
        st.integers(1, 3),  # the gap to the row before
        st.lists(st.tuples(st.integers(1, 3), CELL), max_size=5),  # (column gap, cell)
    ),
    max_size=6,
)
STYLE = st.fixed_dictionaries(
    {
        "references": st.sampled_from(["none", "decimal", "hex", "all"]),
        "cdata": st.booleans(),
        "whitespace": st.sampled_from(["", " ", "\n  "]),
        "comments": st.booleans(),
        "quote": st.sampled_from(['"', "'"]),
        "omit_refs": st.booleans(),
        "formula": st.booleans(),
    }
)


def escape(text: str, style: dict[str, object]) -> str:
    if style["cdata"] and "]]>" not in text and text:
        return f"<![CDATA[{text}]]>"
    out = []
    for ch in text:
        if ch in "&<>":
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;"}[ch])
        elif ch == "\r":
            out.append("&#13;")
        elif style["references"] == "all" or (ord(ch) > 127 and style["references"] != "none"):
            out.append(f"&#x{ord(ch):x};" if style["references"] == "hex" else f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def render(
    rows: list[tuple[int, list[tuple[int, tuple[str, str]]]]], style: dict[str, object]
) -> str:
    q, ws = style["quote"], style["whitespace"]
    comment = "<!-- x -->" if style["comments"] else ""
    out, number = [], 0
    for gap, cells in rows:
        number += gap
        out.append(f"{ws}<row r={q}{number}{q}>")
        column = 0
        for column_gap, (kind, text) in cells:
            column += column_gap
            ref = (
                ""
                if style["omit_refs"] and column_gap == 1
                else f" r={q}{column_letters(column)}{number}{q}"
            )
            attrs = (
                ref
                + {
                    "n": "",
                    "date": f" s={q}1{q}",
                    "inlineStr": f" t={q}inlineStr{q}",
                    "s": f" t={q}s{q}",
                    "b": f" t={q}b{q}",
                    "e": f" t={q}e{q}",
                    "str": f" t={q}str{q}",
                    "empty": f" s={q}1{q}",
                }[kind]
            )
            formula = (
                f"<f>{escape('A1&B1', style)}</f>"
                if style["formula"] and kind != "inlineStr"
                else ""
            )
            if kind == "inlineStr":
                body = f"<is>{ws}<t xml:space={q}preserve{q}>{escape(text, style)}</t>{ws}</is>"
            elif kind == "empty":
                body = ""
            else:
                body = f"{formula}<v>{escape(text, style)}</v>"
            out.append(f"{ws}<c{attrs}>{comment}{body}</c>" if body else f"{ws}<c{attrs}/>")
        out.append(f"{ws}</row>")
    return "".join(out)


def package(tmp_path: Path, rows_xml: str, name: str = "f.xlsx", zero: int = 0) -> Path:
    """A workbook around ``rows_xml``; ``zero`` is the number format of style 0 (the
    style of cells without ``s``)."""
    return write_package(
        tmp_path / name,
        [("表", sheet(rows_xml))],
        strings=shared_strings(
            f"<t>{s.replace('&', '&amp;').replace('<', '&lt;')}</t>" for s in STRINGS
        ),
        style_part=styles([zero, 14]),
    )


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")  # openpyxl's
@SETTINGS
@given(rows=ROWS, style=STYLE, zero=st.sampled_from([0, 0, 14, 20, 46]))
def test_fast_and_exact_paths_read_what_openpyxl_reads(
    tmp_path: Path, rows: list, style: dict[str, object], zero: int
) -> None:
    path = package(tmp_path, render(rows, style), zero=zero)
    try:
        expected = openpyxl_cells(path)
    except (ValueError, OverflowError):
        assume(False)  # openpyxl cannot read it (a number it cannot cast): not a parity case
    assert both_paths(path) == expected


def test_the_canonical_form_takes_the_fast_path(tmp_path: Path) -> None:
    rows = [
        (1, [(1, ("n", "1")), (2, ("inlineStr", "甲&乙")), (1, ("s", "1"))]),
        (2, [(3, ("date", "45141"))]),
    ]
    canonical = {
        "references": "decimal",
        "cdata": False,
        "whitespace": "",
        "comments": False,
        "quote": '"',
        "omit_refs": False,
        "formula": True,
    }
    assert fast_path_covers(package(tmp_path, render(rows, canonical))) == [True]
    for change in (
        {"cdata": True},
        {"whitespace": " "},
        {"comments": True},
        {"quote": "'"},
        {"omit_refs": True},
    ):
        path = package(tmp_path, render(rows, {**canonical, **change}), "other.xlsx")
        assert fast_path_covers(path) == [False], change
        assert both_paths(path) == openpyxl_cells(path)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, 10_000),
    insert=st.sampled_from(
        [
            "",
            "<",
            "&",
            "&bogus;",
            "&#0;",
            "\x01",
            "]]>",
            "</row>",
            '<row r="1">',
            "'",
            '"',
            "\r",
            "<!--",
            "<![CDATA[",
            "</c>",
        ]
    ),
    delete=st.integers(0, 3),
)
def test_damaged_xml_gives_the_same_result_or_a_read_error(
    tmp_path: Path, cut: int, insert: str, delete: int
) -> None:
    rows = render(
        [
            (1, [(1, ("n", "1.5")), (1, ("inlineStr", "甲 & <乙>")), (1, ("s", "2"))]),
            (1, [(2, ("b", "1"))]),
        ]
        * 3,
        {
            "references": "decimal",
            "cdata": False,
            "whitespace": "",
            "comments": False,
            "quote": '"',
            "omit_refs": False,
            "formula": False,
        },
    )
    xml = sheet(rows)
    at = cut % (len(xml) + 1)
    path = write_package(
        tmp_path / "d.xlsx",
        [("表", xml[:at] + insert + xml[at + delete :])],
        strings=shared_strings(
            f"<t>{s.replace('&', '&amp;').replace('<', '&lt;')}</t>" for s in STRINGS
        ),
        style_part=styles([0, 14]),
    )
    outcomes = []
    for fast in (True, False):
        try:
            outcomes.append(rectikit_cells(path, fast=fast))
        except ReadError as err:
            assert "\n" not in str(err)
            outcomes.append("error")
    assert outcomes[0] == outcomes[1]


def read_rows(path: Path, **kwargs: object) -> list[tuple[int, list[object]]]:
    from rectikit.readers.formats.xlsx_package import Package

    with Package(path) as pkg:
        cells = CellValues(pkg.shared_strings, pkg.date_styles, pkg.timedelta_styles, pkg.epoch)
        ref = pkg.sheets[0]
        return list(
            iter_sheet_rows(lambda: pkg.open_part(ref.part), cells, title=ref.title, **kwargs)
        )


@pytest.mark.parametrize("fast", [True, False])
def test_row_limit(tmp_path: Path, fast: bool) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 6))
    path = write_package(tmp_path / "r.xlsx", [("表", sheet(rows))])
    assert len(read_rows(path, max_rows=5, fast=fast)) == 5
    with pytest.raises(ReadError, match=r"^worksheet '表' has more than 4 rows \(the row limit\)$"):
        read_rows(path, max_rows=4, fast=fast)
    far = write_package(
        tmp_path / "far.xlsx", [("表", sheet('<row r="9"><c r="A9"><v>1</v></c></row>'))]
    )
    with pytest.raises(ReadError, match="more than 8 rows"):
        read_rows(far, max_rows=8, fast=fast)


def test_row_limit_through_read_xlsx(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 12))
    path = write_package(tmp_path / "r.xlsx", [("表", sheet(rows))])
    tables = read_xlsx(path, "r.xlsx", limits=XlsxLimits(max_rows=10))
    with pytest.raises(ReadError, match="more than 10 rows"):
        for table in tables:
            list(table.rows)


BAD_CELLS: dict[str, tuple[str, str]] = {
    "not a number": ('<c r="B2"><v>abc</v></c>', r"cell B2: 'abc' is not a number"),
    "bad shared index": ('<c r="B2" t="s"><v>99</v></c>', r"cell B2: shared string 99 does not"),
    "negative shared index": ('<c r="B2" t="s"><v>-1</v></c>', r"cell B2: shared string -1 does"),
    "bad boolean": ('<c r="B2" t="b"><v>yes</v></c>', r"cell B2: 'yes' is not a boolean"),
    "bad ISO date": ('<c r="B2" t="d"><v>soon</v></c>', r"cell B2: 'soon' is not an ISO 8601"),
    "beyond XFD": ('<c r="XFE2"><v>1</v></c>', r"cell XFE2: column XFE is beyond Excel's last"),
    "bad reference": ('<c r="b2"><v>1</v></c>', r"cell b2: bad cell reference 'b2'"),
}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("case", sorted(BAD_CELLS))
def test_a_bad_cell_names_the_sheet_and_cell(tmp_path: Path, case: str, fast: bool) -> None:
    cell, message = BAD_CELLS[case]
    path = write_package(
        tmp_path / "b.xlsx",
        [("表", sheet(f'<row r="2">{cell}</row>'))],
        strings=shared_strings(["<t>x</t>"]),
    )
    with pytest.raises(ReadError, match=r"^corrupt worksheet '表' \(" + message) as caught:
        read_rows(path, max_rows=100, fast=fast)
    assert "\n" not in str(caught.value)


def test_a_date_out_of_range_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "d.xlsx",
        [
            (
                "表",
                sheet(
                    '<row r="1"><c r="A1" s="1"><v>1e20</v></c><c r="B1" s="1"><v>-1</v></c></row>'
                ),
            )
        ],
        style_part=styles([0, 14]),
    )
    assert both_paths(path) == {"表": {(1, 1): "#VALUE!", (1, 2): dt.datetime(1899, 12, 29)}}
    with pytest.warns(UserWarning):
        assert openpyxl_cells(path) == both_paths(path)


def test_a_row_cut_off_is_corrupt(tmp_path: Path) -> None:
    xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')
    path = write_package(tmp_path / "t.xlsx", [("表", xml[: xml.index('<row r="2">') + 15])])
    for fast in (True, False):
        with pytest.raises(ReadError, match=r"^corrupt worksheet '表' \(XML error: "):
            read_rows(path, max_rows=100, fast=fast)


def test_rows_before_the_break_are_read_once(tmp_path: Path) -> None:
    """The fast path hands over mid-sheet (a comment): no row is lost or repeated."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 4000))
    rows += "<!-- hand over here -->"
    rows += "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(4000, 4100))
    path = write_package(tmp_path / "h.xlsx", [("表", sheet(rows))])
    numbers = [number for number, _ in read_rows(path, max_rows=10**6)]
    assert numbers == list(range(1, 4100))
    assert fast_path_covers(path) == [False]


def test_zip_member_damage_is_a_read_error(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "z.xlsx", [("表", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' * 50))]
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + 10
    data[start : start + 8] = b"\xff" * 8  # garbage in the deflate stream
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    for fast in (True, False):
        with pytest.raises(ReadError, match=r"^corrupt worksheet '表' \("):
            read_rows(broken, max_rows=100, fast=fast)


def test_cells_out_of_order_and_repeated(tmp_path: Path) -> None:
    """Every cell is kept (the last of a repeated one); openpyxl's read-only mode cuts
    the row at the column of its last cell and loses the rest."""
    rows = (
        '<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c r="C1"><v>33</v></c>'
        '<c r="AA1"><v>27</v></c><c r="B1"><v>2</v></c></row>'
    )
    path = write_package(tmp_path / "o.xlsx", [("表", sheet(rows))])
    assert both_paths(path) == {"表": {(1, 1): 1, (1, 2): 2, (1, 3): 33, (1, 27): 27}}
    assert openpyxl_cells(path) == {"表": {(1, 1): 1, (1, 2): 2}}
    assert fast_path_covers(path) == [True]


def test_a_cell_without_a_style_has_style_zero(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>45141</v></c><c r="B1" s="1"><v>45141</v></c></row>'
    path = write_package(tmp_path / "z.xlsx", [("表", sheet(rows))], style_part=styles([14, 0]))
    expected = {"表": {(1, 1): dt.datetime(2023, 8, 3), (1, 2): 45141}}
    assert both_paths(path) == openpyxl_cells(path) == expected
    assert fast_path_covers(path) == [True]
