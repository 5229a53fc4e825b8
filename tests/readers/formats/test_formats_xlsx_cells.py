"""Cell text to values: numbers, references, columns, shared strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet._reader import _cast_number

from rectikit.readers.formats.xlsx_cells import (
    BAD_DATE,
    BadText,
    CellError,
    CellValues,
    cell_value,
    column_index,
    column_letter,
    number,
    split_reference,
    unescape,
)


@given(st.integers(1, 16_384))
def test_columns_as_openpyxl_names_them(column: int) -> None:
    assert column_letter(column) == get_column_letter(column)
    assert (
        column_index(column_letter(column))
        == column_index_from_string(get_column_letter(column)) - 1
    )


@pytest.mark.parametrize("letters", ["XFE", "ZZZ", "AAAA", "a", "", "A1", "Ａ"])
def test_bad_columns(letters: str) -> None:
    with pytest.raises(CellError):
        column_index(letters)


def test_references() -> None:
    assert split_reference("AB12") == ("AB", 12)
    for bad in ("12", "$A$1", "a1", "A", "A1B"):
        with pytest.raises(CellError, match="bad cell reference"):
            split_reference(bad)


NUMBER_TEXT = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=False).map(repr),
    st.sampled_from(["1E3", "1e-3", " 7 ", "1.0", "-0", "+5", "0.10", "1_000", "inf", "1.5.2", ""]),
)


@given(NUMBER_TEXT)
def test_numbers_as_openpyxl_casts_them(text: str) -> None:
    try:
        expected = cell_value(_cast_number(text))
    except ValueError:
        with pytest.raises(CellError, match="is not a number"):
            number(text)
        return
    got = cell_value(number(text))
    assert got == expected and type(got) is type(expected)


def test_unescape() -> None:
    assert unescape("a &amp; b &lt;&gt;&quot;&apos; &#24207;&#x53F7;") == "a & b <>\"' 序号"
    assert unescape("&#128512;&#9;&#xD;") == "\U0001f600\t\r"
    for bad in (
        "&",
        "a & b",
        "&bogus;",
        "&#0;",
        "&#xD800;",
        "&#x110000;",
        "&#X41;",
        "&#x0x41;",
        "&#1_0;",
        "&#٣;",
        "&#;",
        "&#xFFFE;",
        "&#1",
    ):
        with pytest.raises(BadText):
            unescape(bad)


def test_cell_values() -> None:
    cells = CellValues(["甲", "乙"], date_styles=frozenset({1, 2}), timedelta_styles=frozenset({2}))
    assert cells.value(None, 0, "1", None) == 1
    assert cells.value("n", 0, "2.50", None) == Decimal("2.5")
    assert cells.value(None, 1, "45141.25", None) == dt.datetime(2023, 8, 3, 6)
    assert cells.value(None, 2, "1.5", None) == dt.timedelta(days=1.5)
    assert cells.value(None, 1, "1e20", None) == BAD_DATE
    assert cells.value("s", 0, "1", None) == "乙"
    assert cells.value("b", 0, "0", None) is False
    assert cells.value("e", 0, "#N/A", None) == "#N/A"
    assert cells.value("str", 0, "x", None) == "x"
    assert cells.value("d", 0, "2023-08-03", None) == dt.date(2023, 8, 3)
    assert cells.value("inlineStr", 0, "ignored", "内联") == "内联"
    assert cells.value("inlineStr", 0, None, None) is None
    assert cells.value("unknown", 0, "raw", None) == "raw"
    assert cells.value("s", 0, "", None) is None
    assert cells.value(None, 0, None, None) is None
    for kind, text in (("s", "2"), ("s", "x"), ("b", "x"), ("d", "x"), (None, "x")):
        with pytest.raises(CellError):
            cells.value(kind, 0, text, None)
    assert cells.unescape("&#30002;") == "甲" and cells.text_cache == {"&#30002;": "甲"}
