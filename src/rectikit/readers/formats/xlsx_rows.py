"""What the two worksheet parsers share: the row they give and how they fail."""

from __future__ import annotations

import zipfile
import zlib

from rectikit.readers.formats.tables import ReadError
from rectikit.readers.formats.xlsx_package import LimitError

#: A worksheet row: its number and its cells from column A (``None`` where empty).
SheetRow = tuple[int, list[object]]

#: What reading a damaged ZIP member raises (CRC, deflate stream, truncation).
PART_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError)


class CorruptSheet(ReadError):
    """The worksheet is not well-formed or holds a cell that cannot be read; the message
    says what (:func:`~rectikit.readers.formats.xlsx_sheet.iter_sheet_rows` names the
    sheet)."""


class HandOver(Exception):
    """The fast path met something outside its form: the exact path takes over."""


def too_many(title: str, max_rows: int) -> LimitError:
    return LimitError(f"worksheet {title!r} has more than {max_rows:,} rows (the row limit)")


def cell_error(err: Exception, ref: str) -> CorruptSheet:
    return CorruptSheet(f"cell {ref}: {err}")
