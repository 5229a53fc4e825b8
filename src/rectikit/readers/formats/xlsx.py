"""XLSX/XLSM workbooks, streamed sheet by sheet by rectikit's own hardened reader.

The package is opened with :mod:`zipfile` and every part is read within
:class:`XlsxLimits` (uncompressed size, compression ratio, rows per sheet) so that a zip
bomb fails with a one-line :class:`ReadError`. XML is parsed without DTDs or entities:
the small parts (workbook, relationships, styles) with :mod:`defusedxml`, the streamed
ones (worksheets, shared strings) with an expat parser given defusedxml's handlers, and
the rows of a worksheet and the shared strings, in the form spreadsheet programs write,
by strict tokenizers three to four times faster (see
:mod:`rectikit.readers.formats.xlsx_sheet` and
:mod:`rectikit.readers.formats.xlsx_strings`). openpyxl is not imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectikit.readers.formats.tables import (
    RawRow,
    RawTable,
    align,
    guard_rows,
    header_names,
    is_blank,
    raw_row,
)

if TYPE_CHECKING:  # at run time these come from __getattr__, when first used
    from rectikit.readers.formats.xlsx_cells import cell_value
    from rectikit.readers.formats.xlsx_package import DEFAULT_LIMITS, XlsxLimits
    from rectikit.readers.formats.xlsx_sheet import SheetRow

__all__ = ["DEFAULT_LIMITS", "XlsxLimits", "cell_value", "read_xlsx"]

#: Names this module offers but imports only when asked for: a dataset without
#: workbooks never loads the XLSX machinery (defusedxml, the tokenizer).
_LAZY = {
    "DEFAULT_LIMITS": "rectikit.readers.formats.xlsx_package",
    "XlsxLimits": "rectikit.readers.formats.xlsx_package",
    "cell_value": "rectikit.readers.formats.xlsx_cells",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_xlsx(
    path: Path,
    display: str,
    *,
    encoding: str | None = None,
    limits: XlsxLimits | None = None,
) -> Iterator[RawTable]:
    """Yield one table per worksheet, in workbook order (chartsheets are skipped).

    ``sheet`` is the worksheet title. The header is the sheet's first non-blank row;
    row numbers are the sheet's own (a header on row 3 puts the first data row at 4).
    Values are as openpyxl reads them with ``data_only=True`` (cached formula results):
    ``str``, ``int``, ``bool``, ``datetime``/``time``/``timedelta``, ``None`` — except
    floats, which become :class:`decimal.Decimal` via ``repr`` (a whole float such as
    ``25000.0`` becomes ``Decimal("25000")``). Where openpyxl's read-only mode loses
    data this reader does not: numbers styled with the East Asian built-in date formats
    (``yyyy"年"m"月"d"日"``, ids 27–36 and 50–58, which Chinese Excel writes without a
    format code) are dates, a row numbered below the one before it is kept, and so are
    cells written out of column order. Merged regions are not filled in: only their
    top-left cell has a value. A sheet without any non-blank row yields a table with no
    headers and no rows.

    The workbook stays open while iterating and is closed when this iterator is
    exhausted or closed; each sheet's rows must be consumed before advancing.
    ``encoding`` is accepted for a uniform reader signature and ignored. ``limits``
    replaces :data:`DEFAULT_LIMITS` (1024 MB uncompressed, 200:1 compression,
    1,048,576 rows per sheet).

    Raises:
        ReadError: the file cannot be opened, is not an XLSX package, a worksheet
            is corrupt, or the workbook is over a limit.
    """
    del encoding
    from rectikit.readers.formats.xlsx_cells import CellValues, column_letter
    from rectikit.readers.formats.xlsx_package import DEFAULT_LIMITS, Package
    from rectikit.readers.formats.xlsx_sheet import iter_sheet_rows

    limits = DEFAULT_LIMITS if limits is None else limits
    package = Package(Path(path), limits)
    try:
        cells = CellValues(
            package.shared_strings, package.date_styles, package.timedelta_styles, package.epoch
        )
        for sheet in package.sheets:
            source = iter_sheet_rows(
                lambda part=sheet.part: package.open_part(part),
                cells,
                title=sheet.title,
                max_rows=limits.max_rows,
            )
            try:
                yield from _sheet_table(display, sheet.title, source, column_letter)
            finally:
                source.close()
    finally:
        package.close()


def _sheet_table(
    display: str, title: str, source: Iterator[SheetRow], letter: Callable[[int], str]
) -> Iterator[RawTable]:
    """Yield the sheet's table; its rows work only until this generator resumes."""
    for _number, cells in source:
        if not all(is_blank(cell) for cell in cells):
            headers = header_names(cells)
            break
    else:
        yield RawTable(file=display, sheet=title, headers=(), rows=iter(()), column_letters=())
        return
    alive = [True]
    rows = _rows(source, len(headers))
    try:
        yield RawTable(
            file=display,
            sheet=title,
            headers=headers,
            rows=guard_rows(rows, lambda: alive[0], f"{display!r} sheet {title!r}"),
            column_letters=tuple(letter(i) for i in range(1, len(headers) + 1)),
        )
    finally:
        alive[0] = False


def _rows(source: Iterator[SheetRow], width: int) -> Iterator[RawRow]:
    for number, cells in source:
        if cells and not is_blank(cells[0]):  # most rows: raw_row's answer, sooner
            yield RawRow(number, align(cells, width))
            continue
        row = raw_row(number, cells, width)
        if row is not None:
            yield row
