"""A worksheet's rows, streamed: ``(row number, cell values)`` for each ``<row>``.

Two parsers give the same rows; :func:`iter_sheet_rows` tries the fast one first.

* **The fast path** (:mod:`~rectikit.readers.formats.xlsx_fast`) tokenizes
  ``<sheetData>`` with one strict regular expression, for the form spreadsheet programs
  write, and parses what surrounds it with hardened expat.
* **The exact path** (:mod:`~rectikit.readers.formats.xlsx_exact`) is hardened expat
  with callbacks for the whole part: any well-formed worksheet.

Whenever the fast path meets anything outside its form it hands over, and the exact path
parses the part again from the start, skipping the rows already given: the result is the
exact path's. The fast path exists for speed only (three to four times the exact path's
rows per second); tests check that both agree, and with openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from rectikit.readers.formats.tables import ReadError
from rectikit.readers.formats.xlsx_cells import CellValues
from rectikit.readers.formats.xlsx_exact import exact_rows
from rectikit.readers.formats.xlsx_fast import FastRows
from rectikit.readers.formats.xlsx_package import BoundedPart
from rectikit.readers.formats.xlsx_rows import CorruptSheet, HandOver, SheetRow

__all__ = ["CorruptSheet", "SheetRow", "fast_rows_only", "iter_sheet_rows"]


def iter_sheet_rows(
    open_part: Callable[[], BoundedPart],
    cells: CellValues,
    *,
    title: str,
    max_rows: int,
    fast: bool = True,
) -> Iterator[SheetRow]:
    """The rows of the worksheet ``open_part()`` opens, in document order.

    ``max_rows`` bounds the number of rows and the highest row number. ``fast=False``
    uses the exact path only (for tests).

    Raises:
        ReadError: ``corrupt worksheet 'TITLE' (...)`` for malformed XML, a DTD or
            entity declaration, or a cell that cannot be read; a :class:`LimitError`
            for more rows than ``max_rows`` or a part over the size limits.
    """
    try:
        yield from _sheet_rows(open_part, cells, title, max_rows, fast)
    except CorruptSheet as err:
        raise ReadError(f"corrupt worksheet {title!r} ({err})") from err


def _sheet_rows(
    open_part: Callable[[], BoundedPart], cells: CellValues, title: str, max_rows: int, fast: bool
) -> Iterator[SheetRow]:
    given = 0
    if fast:
        rows = FastRows(cells, title, max_rows)
        try:
            yield from rows.read(open_part)
            return
        except HandOver:
            given = rows.given
    yield from islice(exact_rows(open_part, cells, title, max_rows), given, None)


def fast_rows_only(
    open_part: Callable[[], BoundedPart], cells: CellValues, *, title: str, max_rows: int
) -> list[SheetRow] | None:
    """All rows by the fast path alone, or ``None`` where it would hand over to the exact
    path (for tests and benchmarks: which workbooks the fast path covers)."""
    try:
        return list(FastRows(cells, title, max_rows).read(open_part))
    except HandOver:
        return None
