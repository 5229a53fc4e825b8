"""CSV and TSV files, streamed record by record with the ``csv`` module."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rectikit.readers.formats.encoding import open_text
from rectikit.readers.formats.tables import (
    RawRow,
    RawTable,
    ReadError,
    guard_rows,
    header_names,
    is_blank,
    raw_row,
)


def read_delimited(
    path: Path,
    display: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[RawTable]:
    """Yield the one table of a CSV or TSV file.

    The delimiter is ``delimiter`` when given, else a tab for ``.tsv`` and a comma
    otherwise; without an explicit delimiter, a ``.csv`` file whose header line has
    tabs and no commas is read as tab-separated, and a ``.tsv`` file whose header line
    has commas and no tabs as comma-separated (semicolons are never sniffed). The
    header line sniffed is the first physical line that is not whitespace only.

    The header is the first record with a non-blank cell. Row numbers count CSV
    records as a spreadsheet program shows them: blank lines count, and a quoted cell
    spanning several lines is one row. Values are the strings as read.
    An empty file yields a table with no headers and no rows.

    The file stays open while the table is being read and is closed when this
    iterator is exhausted or closed: consume ``rows`` before advancing it.

    Raises:
        ReadError: the file cannot be opened or decoded (also from the rows iterator,
            with the line of the offending byte), or is malformed CSV.
    """
    path = Path(path)
    kind = "TSV" if path.suffix.lower() == ".tsv" else "CSV"
    with open_text(path, encoding) as stream:
        leading = _lines_through_header(stream)
        sep = delimiter or _sniff(path, leading[-1] if leading else "")
        reader = csv.reader(itertools.chain(leading, stream), delimiter=sep)
        number = 0
        for cells in _records(reader, kind):
            number += 1
            if not all(is_blank(cell) for cell in cells):
                headers = header_names(cells)
                rows = _rows(reader, kind, number, len(headers))
                yield RawTable(
                    file=display,
                    sheet=None,
                    headers=headers,
                    rows=guard_rows(rows, lambda: not stream.closed, repr(display)),
                )
                return
    yield RawTable(file=display, sheet=None, headers=(), rows=iter(()))


def _lines_through_header(stream: TextIO) -> list[str]:
    """The physical lines up to and including the first one that is not whitespace."""
    lines: list[str] = []
    for line in stream:
        lines.append(line)
        if line.strip():
            break
    return lines


def _sniff(path: Path, header_line: str) -> str:
    """The delimiter for ``path`` given its first non-blank line."""
    if path.suffix.lower() == ".tsv":
        return "," if "," in header_line and "\t" not in header_line else "\t"
    return "\t" if "\t" in header_line and "," not in header_line else ","


def _records(reader: Iterator[list[str]], kind: str) -> Iterator[list[str]]:
    """The reader's records, with ``csv.Error`` turned into :class:`ReadError`."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            line = getattr(reader, "line_num", 0)
            raise ReadError(f"malformed {kind} at line {line}: {err}") from err
        yield cells


def _rows(reader: Iterator[list[str]], kind: str, header_row: int, width: int) -> Iterator[RawRow]:
    """The data rows after the header, numbered from ``header_row + 1``."""
    for number, cells in enumerate(_records(reader, kind), start=header_row + 1):
        row = raw_row(number, cells, width)
        if row is not None:
            yield row
