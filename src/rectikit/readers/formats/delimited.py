"""CSV and TSV files, streamed record by record with the ``csv`` module."""

from __future__ import annotations

import csv
import itertools
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from rectikit.model.values.text import SPACE_RE
from rectikit.readers.formats.encoding import _CheckedText, open_text
from rectikit.readers.formats.origin import DelimitedOrigin
from rectikit.readers.formats.tables import (
    RawRow,
    RawTable,
    ReadError,
    align,
    header_names,
    is_blank,
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
        lines = stream.raw_lines() if isinstance(stream, _CheckedText) else stream
        reader = csv_reader(itertools.chain(leading, lines), sep)
        number = 0
        for cells in _records(reader, kind, stream):
            number += 1
            if not all(is_blank(cell) for cell in cells):
                headers = header_names(cells)
                yield RawTable(
                    file=display,
                    sheet=None,
                    headers=headers,
                    rows=_rows(reader, kind, number, len(headers), stream, repr(display)),
                    origin=DelimitedOrigin(path, stream.encoding, sep, number),
                )
                return
    yield RawTable(file=display, sheet=None, headers=(), rows=iter(()))


#: The csv module before Python 3.11 refuses NUL characters ("line contains NUL"); there
#: they pass through it escaped, so that a file reads alike on every supported Python.
_NUL_REFUSED = sys.version_info < (3, 11)
_ESCAPE = "\ue000"  # a private-use character: escaped itself when the data holds it


def csv_reader(lines: Iterable[str], delimiter: str) -> Any:
    """``csv.reader`` over ``lines``, reading NUL characters alike on every Python
    (the reader has ``line_num``)."""
    if _NUL_REFUSED:
        return _NulShown(csv.reader(map(_hide_nul, lines), delimiter=delimiter))
    return csv.reader(lines, delimiter=delimiter)


def _hide_nul(line: str) -> str:
    if "\x00" in line or _ESCAPE in line:
        return line.replace(_ESCAPE, _ESCAPE + "\ue001").replace("\x00", _ESCAPE + "\ue002")
    return line


def _show_nul(cells: list[str]) -> list[str]:
    if any(_ESCAPE in cell for cell in cells):
        return [
            cell.replace(_ESCAPE + "\ue002", "\x00").replace(_ESCAPE + "\ue001", _ESCAPE)
            for cell in cells
        ]
    return cells


class _NulShown:
    """The csv reader with NULs restored in its cells (and its ``line_num``)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    def __iter__(self) -> _NulShown:
        return self

    def __next__(self) -> list[str]:
        return _show_nul(next(self.reader))

    @property
    def line_num(self) -> int:
        return int(self.reader.line_num)


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


def _records(reader: Iterator[list[str]], kind: str, stream: TextIO) -> Iterator[list[str]]:
    """The reader's records, with ``csv.Error`` and decoding errors as :class:`ReadError`."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise _malformed(reader, kind, err) from err
        except UnicodeDecodeError as err:
            raise _undecodable(stream, err) from err
        yield cells


#: Whether a row's cells joined are blank: whitespace and invisible characters only.
blank_joined = re.compile(SPACE_RE.pattern.replace("]+", "]*")).fullmatch


def _rows(
    reader: Iterator[list[str]], kind: str, header_row: int, width: int, stream: TextIO, what: str
) -> Iterator[RawRow]:
    """The data rows after the header, numbered from ``header_row + 1``, with errors
    said as :class:`ReadError`."""
    if stream.closed:
        raise _moved_on(what)
    try:
        yield from numbered_rows(reader, header_row, width)
    except csv.Error as err:
        raise _malformed(reader, kind, err) from err
    except UnicodeDecodeError as err:
        raise _undecodable(stream, err) from err
    except ValueError as err:
        if stream.closed:  # "I/O operation on closed file"
            raise _moved_on(what) from err
        raise


def numbered_rows(
    reader: Iterable[list[str]], number: int, width: int, tally: list[Any] | None = None
) -> Iterator[RawRow]:
    """The reader's records as rows numbered after ``number``, blank ones skipped (and
    counted); at the end ``tally``, when given, holds the last number and the last
    record's cells.

    The hot loop of a big file: a row whose first cell starts with a letter or digit is
    not blank, any other is blank when its cells joined are (one regular expression
    rather than a test per cell), and a row as wide as the header is taken as it is.
    """
    blank = blank_joined
    make = tuple.__new__  # a RawRow without its Python-level __new__
    cells: list[str] = []
    for cells in reader:
        number += 1
        if not (cells and cells[0][:1].isalnum()) and blank("".join(cells)):
            continue
        values = tuple(cells) if len(cells) == width else align(cells, width)
        yield make(RawRow, (number, values))
    if tally is not None:
        tally[:] = [number, cells]


def _malformed(reader: Any, kind: str, err: csv.Error) -> ReadError:
    return ReadError(f"malformed {kind} at line {getattr(reader, 'line_num', 0)}: {err}")


def _undecodable(stream: TextIO, err: UnicodeDecodeError) -> ReadError:
    if isinstance(stream, _CheckedText):
        return stream.failure(err)
    return ReadError(f"not valid {stream.encoding} text ({err.reason})")


def _moved_on(what: str) -> RuntimeError:
    return RuntimeError(
        f"rows of {what} read after the reader moved past that table; "
        "consume each table's rows before advancing the table iterator"
    )
