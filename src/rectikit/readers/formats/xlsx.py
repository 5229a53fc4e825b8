"""XLSX/XLSM workbooks, streamed sheet by sheet with openpyxl's read-only mode."""

from __future__ import annotations

import traceback
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from rectikit.readers.formats.tables import (
    RawRow,
    RawTable,
    ReadError,
    guard_rows,
    header_names,
    is_blank,
    raw_row,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xlsx(path: Path, display: str, *, encoding: str | None = None) -> Iterator[RawTable]:
    """Yield one table per worksheet, in workbook order (chartsheets are skipped).

    ``sheet`` is the worksheet title. The header is the sheet's first non-blank row;
    row numbers are the sheet's own (a header on row 3 puts the first data row at 4).
    Values are as openpyxl reads them with ``data_only=True`` (cached formula results):
    ``str``, ``int``, ``bool``, ``datetime``/``time``/``timedelta``, ``None`` — except
    floats, which become :class:`decimal.Decimal` via ``repr`` (a whole float such as
    ``25000.0`` becomes ``Decimal("25000")``). Merged regions are not filled in: only
    their top-left cell has a value. A sheet without any non-blank row yields a table
    with no headers and no rows.

    The workbook stays open while iterating and is closed when this iterator is
    exhausted or closed; each sheet's rows must be consumed before advancing.
    ``encoding`` is accepted for a uniform reader signature and ignored.

    Raises:
        ReadError: the file cannot be opened, is not an XLSX package, or a worksheet
            is corrupt.
    """
    del encoding
    stream, workbook = _load(Path(path))
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # do not trust the stored dimension tag
            source = sheet.iter_rows(values_only=True)
            try:
                yield from _sheet_table(display, sheet.title, source)
            finally:
                source.close()
    finally:
        workbook.close()
        stream.close()


def _load(path: Path) -> tuple[BinaryIO, Any]:
    """Open the file and its workbook (a file object skips openpyxl's suffix check)."""
    try:
        stream = path.open("rb")
    except OSError as err:
        raise ReadError.from_os_error(err) from err
    try:
        head = stream.read(len(_OLE_MAGIC))
        stream.seek(0)
        import openpyxl  # only when a workbook is read: CSV-only datasets skip the import

        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except zipfile.BadZipFile as err:
        _discard(stream, err)
        if head == _OLE_MAGIC:
            raise ReadError(
                "not an XLSX workbook (an old binary .xls file or a password-protected "
                "workbook); save it as .xlsx without a password"
            ) from err
        raise ReadError(f"not an XLSX workbook ({err})") from err
    except OSError as err:
        _discard(stream, err)
        raise ReadError.from_os_error(err) from err
    except Exception as err:  # openpyxl reports a broken package in many ways
        _discard(stream, err)
        raise ReadError(f"not an XLSX workbook ({type(err).__name__}: {err})") from err
    return stream, workbook


def _column_letter(number: int) -> str:
    """The spreadsheet letter of 1-based column ``number`` (1 -> A, 27 -> AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def _discard(stream: BinaryIO, err: BaseException) -> None:
    """Close ``stream`` after a failed load. The traceback's frames hold openpyxl's
    half-open ZipFile over ``stream``: release them first, so that it closes while the
    stream is still open rather than failing later in the garbage collector."""
    traceback.clear_frames(err.__traceback__)
    stream.close()


def _sheet_table(display: str, title: str, source: Iterator[tuple[Any, ...]]) -> Iterator[RawTable]:
    """Yield the sheet's table; its rows work only until this generator resumes."""
    cells_iter = _cells(source, title)
    number = 0
    for number, cells in enumerate(cells_iter, start=1):  # noqa: B007 - used after the loop
        if not all(is_blank(cell) for cell in cells):
            headers = header_names(cells)
            break
    else:
        yield RawTable(file=display, sheet=title, headers=(), rows=iter(()), column_letters=())
        return
    alive = [True]
    rows = _rows(cells_iter, number, len(headers))
    try:
        yield RawTable(
            file=display,
            sheet=title,
            headers=headers,
            rows=guard_rows(rows, lambda: alive[0], f"{display!r} sheet {title!r}"),
            column_letters=tuple(_column_letter(i) for i in range(1, len(headers) + 1)),
        )
    finally:
        alive[0] = False


def _cells(source: Iterator[tuple[Any, ...]], title: str) -> Iterator[list[object]]:
    """The sheet's rows with converted values; a corrupt sheet raises :class:`ReadError`."""
    while True:
        try:
            values = next(source)
        except StopIteration:
            return
        except Exception as err:  # the XML parser and zip layer fail in many ways
            raise ReadError(f"corrupt worksheet {title!r} ({type(err).__name__}: {err})") from err
        yield [cell_value(value) for value in values]


def _rows(cells_iter: Iterator[list[object]], header_row: int, width: int) -> Iterator[RawRow]:
    for number, cells in enumerate(cells_iter, start=header_row + 1):
        row = raw_row(number, cells, width)
        if row is not None:
            yield row


def cell_value(value: object) -> object:
    """A cell value as the reader layer returns it: floats become ``Decimal``.

    ``Decimal(repr(value))`` keeps the shortest decimal form Excel shows; whole floats
    drop their ``.0`` (``25000.0`` → ``Decimal("25000")``) like the integers openpyxl
    returns for whole numbers stored without a fraction.
    """
    if isinstance(value, float):
        number = Decimal(repr(value))
        return number.to_integral_value() if value.is_integer() else number
    return value
