"""Cell text neutralization (formula injection), checked on real openpyxl cells."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from rectikit.reporters.safe import (
    MAX_CELL_TEXT,
    cell_text,
    is_formula_like,
    neutralize,
    protect_cell,
    write_cell,
)

FORMULA_LIKE = [
    "=1+1",
    '=HYPERLINK("http://x")',
    "+86 10 1234",
    "-1",
    "@SUM(1)",
    "  =1+1",
    "\t=1",
    "\u3000=1",  # a full-width space first
    "\r\n@x",
    "\tplain",  # a leading tab or CR is suspect on its own (OWASP)
    "\rplain",
    "＝SUM(A1)",  # full-width forms Chinese input methods type
    "＋1",
    "－1",
    "＠x",
]
INERT = ["", "abc", "a=b", "1-2", "'=1", "采购 =1", "（=1）", " ", "e@x.cn"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like(text: str) -> None:
    assert is_formula_like(text)
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("text", INERT)
def test_inert_text_is_unchanged(text: str) -> None:
    assert not is_formula_like(text)
    assert neutralize(text) == text


@pytest.mark.parametrize("value", [None, -5, -1.5, Decimal("-2"), date(2023, 1, 1), True])
def test_neutralize_leaves_non_text_alone(value: object) -> None:
    assert neutralize(value) is value


def reopen(book: openpyxl.Workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_write_cell_stores_formula_like_text_as_quoted_text(text: str) -> None:
    book = openpyxl.Workbook()
    write_cell(book.active["A1"], text)
    cell = reopen(book).active["A1"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert cell.value == text  # the value itself is unchanged


def test_write_cell_values() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    values = [
        -5,
        -1.25,
        Decimal("-3.50"),
        date(2023, 12, 31),
        datetime(2023, 12, 31, 8, 30),
        None,
        True,
        "普通文本",
        "a\x00b\x1fc",
        "x" * (MAX_CELL_TEXT + 10),
        42,  # an int is never text
    ]
    for row, value in enumerate(values, start=1):
        write_cell(sheet.cell(row=row, column=1), value)
    sheet = reopen(book).active
    got = [sheet.cell(row=row, column=1) for row in range(1, len(values) + 1)]
    assert [c.value for c in got[:3]] == [-5, -1.25, -3.5]
    assert all(c.data_type == "n" and not c.quotePrefix for c in got[:3])  # numbers stay numbers
    assert got[3].value == datetime(2023, 12, 31) and got[3].is_date
    assert got[4].value == datetime(2023, 12, 31, 8, 30)
    assert got[5].value is None
    assert got[6].value is True
    assert got[7].value == "普通文本" and not got[7].quotePrefix
    assert got[8].value == "a\ufffdb\ufffdc"
    assert len(got[9].value) == MAX_CELL_TEXT
    assert got[10].value == 42


def test_cell_text() -> None:
    assert cell_text(12) == "12"
    assert cell_text("a\x0bb") == "a\ufffdb"
    assert cell_text("ok\n\t") == "ok\n\t"  # newline and tab are fine inside


def test_protect_cell_keeps_formulas_and_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "=SUM(B1:B2)"  # the workbook's own formula
    sheet["A2"] = -3
    sheet["A3"] = "plain"
    sheet["A4"] = "@SUM(1)"
    sheet["A5"] = CellRichText(["=HYPER", TextBlock(InlineFont(b=True), "LINK()")])
    for row in range(1, 6):
        protect_cell(sheet.cell(row=row, column=1))
    assert sheet["A1"].data_type == "f" and not sheet["A1"].quotePrefix
    assert not sheet["A2"].quotePrefix and not sheet["A3"].quotePrefix
    assert sheet["A4"].quotePrefix and sheet["A4"].data_type == "s"
    assert sheet["A5"].quotePrefix


def test_safe_does_not_import_openpyxl() -> None:
    """Text reporters may use it without the workbook library."""
    import ast
    from pathlib import Path

    import rectikit.reporters.safe as safe

    tree = ast.parse(Path(safe.__file__).read_text(encoding="utf-8"))
    runtime = [
        node
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom)) and "openpyxl" in ast.unparse(node)
    ]
    assert runtime == []
