"""What every format reader produces: raw tables of cell values with their row numbers.

The reader layer knows nothing about record kinds or what a column means. It turns
bytes on disk into :class:`RawTable` objects whose rows carry the cell values exactly
as the file holds them (strings for CSV/TSV; native values for JSON, TOML and XLSX),
plus the row number a person would use to find the row again.

The shared rules live here so that every format applies them the same way:

* a row whose values are all blank (``None`` or whitespace-only strings) is skipped,
  but it still counts toward row numbering;
* values are aligned with the headers: a short row is padded with ``None``; cells
  beyond the last header are dropped when blank and kept otherwise, so such a row's
  ``values`` is longer than ``headers`` (up to its last non-blank cell) and the next
  layer can report data in a column that has no header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import attrs

from rectikit.model.values import is_blank


class ReadError(Exception):
    """A file that cannot be read or decoded at all.

    ``str(err)`` is a one-line human message without the file name (the caller knows
    which file it asked for), e.g. ``not valid UTF-8 or GB18030 text (byte 0xff at
    offset 12, line 1)`` or ``invalid JSON at line 3 column 5: Expecting value``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).splitlines()).strip())

    @property
    def message(self) -> str:
        """The one-line message (the same as ``str(err)``)."""
        return str(self.args[0])

    @classmethod
    def from_os_error(cls, err: OSError) -> ReadError:
        """The error for a file that could not be opened or read at all."""
        reason = err.strerror or str(err) or type(err).__name__
        return cls(f"cannot read file ({reason})")


class RawRow(NamedTuple):
    """One non-blank row of a table (a named pair: millions are made for a big file).

    Attributes:
        row: 1-based row number in the file. For CSV/TSV/XLSX it is the spreadsheet
            row (the header is row 1 when it is the first row; blank rows count). For
            JSON/TOML it is the 1-based position of the record in its list.
        values: the cells, aligned with :attr:`RawTable.headers` (``None`` where a
            row is short). Non-blank cells beyond the last header are kept at the end,
            so ``values`` may be longer than ``headers``.
    """

    row: int
    values: tuple[object, ...]


@attrs.frozen
class RawTable:
    """One table of a file: a CSV/TSV file, an XLSX worksheet or a JSON/TOML record list.

    Attributes:
        file: the display name the caller passed in.
        sheet: the XLSX worksheet title, or the key of a keyed JSON/TOML record list;
            ``None`` otherwise.
        headers: the header cells as strings, not normalized (``None`` becomes ``""``).
            For CSV/TSV/XLSX, trailing blank header cells are dropped. Empty when the
            table has no header at all (an empty file or sheet).
        rows: the data rows, lazily. Iterate once, and before advancing the iterator
            the table came from (the underlying file is closed when it moves on).
        column_letters: the XLSX column letters aligned with ``headers``
            (``("A", "B", ...)``); ``None`` for other formats. Values beyond the
            headers sit in the following columns (see ``openpyxl.utils.get_column_letter``).
    """

    file: str
    sheet: str | None
    headers: tuple[str, ...]
    rows: Iterable[RawRow] = attrs.field(eq=False, repr=False)
    column_letters: tuple[str, ...] | None = None
    #: where a CSV or TSV table's bytes are, for reading it in byte ranges
    #: (:class:`~rectikit.readers.shards.DelimitedOrigin`); ``None`` for other formats
    origin: Any = attrs.field(default=None, eq=False, repr=False)


def number_error(err: ValueError) -> str:
    """A number too long to convert, said plainly (not Python's advice on raising the
    limit); other errors as they are. For the readers of JSON and TOML."""
    text = str(err)
    if "integer string conversion" in text:
        return "a number has too many digits"
    return text


def header_names(cells: Sequence[object]) -> tuple[str, ...]:
    """Header cells as strings: ``None`` becomes ``""``, trailing blank cells are dropped."""
    end = len(cells)
    while end and is_blank(cells[end - 1]):
        end -= 1
    return tuple("" if cell is None else str(cell) for cell in cells[:end])


def align(cells: Sequence[object], width: int) -> tuple[object, ...]:
    """Cells aligned with ``width`` headers: padded with ``None``; extra cells kept
    up to the last non-blank one."""
    if len(cells) <= width:
        return (*cells, *(None,) * (width - len(cells)))
    end = len(cells)
    while end > width and is_blank(cells[end - 1]):
        end -= 1
    return tuple(cells[:end])


def raw_row(number: int, cells: Sequence[object], width: int) -> RawRow | None:
    """The :class:`RawRow` for ``cells``, or ``None`` when every cell is blank."""
    if all(is_blank(cell) for cell in cells):
        return None
    return RawRow(number, align(cells, width))


def guard_rows(rows: Iterator[RawRow], is_open: Callable[[], bool], what: str) -> Iterator[RawRow]:
    """Yield from ``rows`` while ``is_open()``; fail clearly once the source is closed.

    The readers stream: a table's rows are read from a file that is closed when the
    iterator of tables moves on. Reading them afterwards is a programming error.
    """
    try:
        while True:
            if not is_open():
                raise RuntimeError(
                    f"rows of {what} read after the reader moved past that table; "
                    "consume each table's rows before advancing the table iterator"
                )
            try:
                row = next(rows)
            except StopIteration:
                return
            yield row
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
