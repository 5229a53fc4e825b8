"""The lowest reader layer: files on disk to tables of raw cell values with row numbers.

::

    from rectikit.readers.formats import read_tables

    for table in read_tables(Path("ledger.xlsx"), "ledger.xlsx"):
        for row in table.rows:  # consume before moving to the next table
            print(table.sheet, row.row, dict(zip(table.headers, row.values)))

This layer knows nothing about record kinds or column meanings; a later layer maps
headers to fields and parses values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from rectikit.readers.formats.delimited import read_delimited
from rectikit.readers.formats.encoding import detect_encoding, open_text
from rectikit.readers.formats.jsonfile import read_json
from rectikit.readers.formats.tables import RawRow, RawTable, ReadError
from rectikit.readers.formats.tomlfile import read_toml
from rectikit.readers.formats.xlsx import read_xlsx

#: A format reader: ``reader(path, display, *, encoding=None)`` yields tables.
Reader = Callable[..., Iterator[RawTable]]

#: The reader for each supported lower-case file suffix.
READERS: dict[str, Reader] = {
    ".csv": read_delimited,
    ".tsv": read_delimited,
    ".json": read_json,
    ".toml": read_toml,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}

#: The supported lower-case file suffixes, in :data:`READERS` order.
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)


def read_tables(
    path: Path, display: str | None = None, *, encoding: str | None = None
) -> Iterator[RawTable]:
    """The tables of ``path``, read by the reader for its suffix (case-insensitive).

    ``display`` is the name tables carry in :attr:`RawTable.file` (default: the file
    name). ``encoding`` forces the text codec of CSV/TSV/JSON/TOML files (XLSX ignores
    it). The returned iterator is lazy: errors reading the file are raised while
    iterating it or a table's rows, and each table's rows must be consumed before
    advancing to the next table.

    Raises:
        ReadError: immediately, for an old ``.xls`` workbook or an unsupported suffix;
            while iterating, for a file that cannot be read or decoded.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ReadError("old .xls workbooks are not supported; save as .xlsx")
    reader = READERS.get(suffix)
    if reader is None:
        kind = f"file type {suffix!r}" if suffix else "file without a suffix"
        raise ReadError(f"unsupported {kind}; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    return reader(path, path.name if display is None else display, encoding=encoding)


__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "RawRow",
    "RawTable",
    "ReadError",
    "Reader",
    "detect_encoding",
    "open_text",
    "read_delimited",
    "read_json",
    "read_tables",
    "read_toml",
    "read_xlsx",
]
