"""Cell text a spreadsheet must never run as a formula (CSV / formula injection).

A vendor named ``=HYPERLINK("http://x")`` or ``@SUM(1)`` in an input file reaches the
reports as text. A spreadsheet program reads text that starts with ``=``, ``+``, ``-`` or
``@`` — also after leading spaces, and text starting with a tab or a carriage return —
as a formula (OWASP, "CSV Injection"). Every spreadsheet rectikit writes goes through
this module:

* **XLSX** (:func:`write_cell`, :func:`protect_cell`): text is stored as a string cell,
  never as a formula, and formula-like text is also marked *quote-prefixed* (what Excel
  does when one types ``'=1+1``), so that editing the cell in Excel keeps it text. The
  value itself is unchanged: filters, sorting and reading the file back see the original
  text.
* **CSV/TSV and other plain-text tables** (:func:`neutralize`): formula-like text gets a
  leading ``'``, as OWASP recommends; a spreadsheet then shows it as text.

The full-width forms ``＝ ＋ － ＠`` count too: Chinese input methods type them and Excel
may turn them into formulas as it does the ASCII ones. Numbers stay numbers: only text is
ever changed (a negative amount stored as a number is not formula-like text).

This module imports nothing heavy (no openpyxl), so text-only reporters may use it.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: Characters that start a formula in Excel, LibreOffice or Google Sheets.
FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: Characters that make a cell suspect when they come first (OWASP: tab, carriage return).
LEADING_CONTROLS = frozenset("\t\r\n")
#: The most characters an Excel cell holds.
MAX_CELL_TEXT = 32767
#: Control characters an XLSX file cannot hold (those openpyxl refuses).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

#: Values a cell stores as they are (``datetime`` is a ``date``).
_AS_IS = (bool, int, float, Decimal, date, time, timedelta)

T = TypeVar("T")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula.

    True when ``text`` starts with a tab, CR or LF, or when its first character after
    any leading whitespace (full-width spaces included) is one of :data:`FORMULA_CHARS`.
    """
    if not text:
        return False
    if text[0] in LEADING_CONTROLS:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_CHARS


def neutralize(value: T) -> T:
    """``value`` for a plain-text table (CSV, TSV): formula-like text with a leading ``'``.

    Anything that is not a string (numbers, dates, ``None``) is returned unchanged.
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value  # type: ignore[return-value]
    return value


def cell_text(value: object) -> str:
    """``value`` as text an XLSX cell can hold: illegal control characters shown as
    U+FFFD, cut to :data:`MAX_CELL_TEXT` characters."""
    return ILLEGAL_CHARACTERS.sub("\ufffd", str(value))[:MAX_CELL_TEXT]


def write_cell(cell: Cell, value: Any) -> None:
    """Store ``value`` in an openpyxl ``cell``, text always as text.

    ``None``, numbers, booleans and dates are stored as they are; anything else as a
    string cell (never a formula), quote-prefixed when it is formula-like.
    """
    if value is None or isinstance(value, _AS_IS):
        cell.value = value
        return
    text = cell_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl types text starting with "=" as a formula
    if is_formula_like(text):
        cell.quotePrefix = True


def protect_cell(cell: Cell) -> None:
    """Quote-prefix an openpyxl text cell whose text is formula-like.

    For cells already filled, such as those of a workbook read back to annotate: string
    cells only (plain or rich text). A formula cell (the workbook's own formula) and
    numbers are left alone.
    """
    if cell.data_type != "s" or cell.value is None or isinstance(cell.value, _AS_IS):
        return
    if is_formula_like(str(cell.value)):  # str() of rich text is its plain text
        cell.quotePrefix = True
