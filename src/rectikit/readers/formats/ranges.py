"""A CSV or TSV file cut into byte ranges that can be read on their own.

A big ledger is read faster in several processes, each taking one range of its bytes
(:mod:`rectikit.engine.sharding`). A cut is placed just after a newline byte; in the
codecs allowed here (UTF-8 and the GB family) that byte is never part of another
character. Whether a cut also falls between two CSV records cannot be known without
reading what comes before it (a quoted cell may span lines), so every range says after
reading it whether it kept to the plan: :attr:`RangeRows.kept` holds when each of its
records was one physical line, as many as the newlines counted, and the last record has
no line break inside a cell (which a quoted cell cut by the range's end would have).
Only then are a range's rows the very rows a reading of the whole file gives, with the
same row numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from typing import Any

import attrs

from rectikit.readers.formats.delimited import csv_reader, numbered_rows
from rectikit.readers.formats.origin import DelimitedOrigin
from rectikit.readers.formats.tables import RawRow

#: Codecs in which the byte 0x0A is only ever a newline.
_CUTTABLE = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "ascii"})
_COUNT_CHUNK = 1 << 20


@attrs.frozen
class ByteRange:
    """One range of a delimited file's data rows.

    Attributes:
        start, end: the byte offsets (``end`` excluded); ``start`` follows a newline.
        first_row: the row number of its first record, if every record before it is
            one line (what :attr:`RangeRows.kept` of the ranges before it confirms).
        lines: the physical lines it holds.
    """

    start: int
    end: int
    first_row: int
    lines: int


def plan_ranges(origin: DelimitedOrigin, header_row: int, count: int) -> list[ByteRange] | None:
    """Cut the data rows after ``header_row`` (the header's row number) into ``count``
    ranges of about equal size; ``None`` when the file cannot be cut (a codec where a
    newline byte may be part of a character, a header that is not its own lines, too
    few lines)."""
    try:
        codec = codecs.lookup(origin.encoding).name
    except LookupError:
        return None
    if codec not in _CUTTABLE or count < 2:
        return None
    try:
        with open(origin.path, "rb", buffering=0) as raw:
            size = raw.seek(0, io.SEEK_END)
            if size == 0:
                return None
            return _cut(raw, size, codec, origin, header_row, count)
    except (OSError, ValueError):
        return None


def _cut(
    raw: Any, size: int, codec: str, origin: DelimitedOrigin, header_row: int, count: int
) -> list[ByteRange] | None:
    # read with a small buffer, never mapped: a mapped file's pages count in the
    # process's RSS, the whole ledger's size at the peak
    buffer = bytearray(_COUNT_CHUNK)
    start = 0
    for _ in range(header_row):
        start = _after_newline(raw, buffer, start, size)
        if start == 0:
            return None
    raw.seek(0)
    if not _whole_lines(raw.read(start), codec, origin.delimiter, header_row):
        return None
    cuts = [start]
    for part in range(1, count):
        target = start + (size - start) * part // count
        cut = _after_newline(raw, buffer, target, size)
        if cut == 0 or cut <= cuts[-1] or cut >= size:
            break
        cuts.append(cut)
    cuts.append(size)
    if len(cuts) < 3:
        return None
    raw.seek(size - 1)
    ends_with_newline = raw.read(1) == b"\n"
    ranges = []
    row = header_row + 1
    for begin, end in itertools.pairwise(cuts):
        lines = _count_newlines(raw, buffer, begin, end)
        if end == size and not ends_with_newline:
            lines += 1  # a last line without its newline
        ranges.append(ByteRange(begin, end, row, lines))
        row += lines
    return ranges


def _whole_lines(head: bytes, codec: str, delimiter: str, records: int) -> bool:
    """Whether the bytes through the header are ``records`` CSV records of one line each."""
    try:
        text = head.decode(codec)
    except UnicodeDecodeError:
        return False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    return len(rows) == reader.line_num == records and not _broken(rows[-1] if rows else [])


def _broken(cells: list[str]) -> bool:
    """Whether a record has a line break in a cell: a quoted cell over several lines, or
    one cut short by the end of its range."""
    return any("\n" in cell or "\r" in cell for cell in cells)


def _after_newline(raw: Any, buffer: bytearray, start: int, size: int) -> int:
    """The offset just after the first newline at or after ``start``; 0 if none."""
    raw.seek(start)
    offset = start
    while offset < size:
        read = raw.readinto(buffer)
        if not read:
            break
        found = buffer.find(b"\n", 0, read)
        if found >= 0:
            return offset + found + 1
        offset += read
    return 0


def _count_newlines(raw: Any, buffer: bytearray, start: int, end: int) -> int:
    """The newline bytes in ``start``..``end``, read through ``buffer``."""
    raw.seek(start)
    total, left = 0, end - start
    view = memoryview(buffer)
    while left > 0:
        read = raw.readinto(view[: min(len(buffer), left)])
        if not read:
            break
        total += buffer.count(b"\n", 0, read)
        left -= read
    return total


class _Window(io.RawIOBase):
    """A binary file read from ``start`` up to ``end`` only."""

    def __init__(self, raw: Any, start: int, end: int) -> None:
        super().__init__()
        self._raw = raw
        raw.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        read = self._raw.readinto(view)
        self._left -= read or 0
        return read or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


class RangeRows:
    """The data rows of one :class:`ByteRange`, as :class:`RawRow` s numbered from its
    ``first_row``; after they are read, :attr:`kept` says whether the range kept to
    the plan (see the module's docstring). A row is blank, skipped and counted, as in
    :func:`~rectikit.readers.formats.delimited.read_delimited`."""

    def __init__(self, origin: DelimitedOrigin, part: ByteRange, width: int) -> None:
        self.origin = origin
        self.part = part
        self.width = width
        self.records = 0
        self.kept = False
        self.last_row = part.first_row - 1

    def __iter__(self) -> Iterator[RawRow]:
        codec = codecs.lookup(self.origin.encoding).name
        if codec == "utf-8-sig":
            codec = "utf-8"  # the BOM is at the file's start only
        part, width = self.part, self.width
        window = _Window(open(self.origin.path, "rb", buffering=0), part.start, part.end)
        with io.TextIOWrapper(io.BufferedReader(window, 1 << 16), codec, newline="") as text:
            reader = csv_reader(text, self.origin.delimiter)
            tally: list[Any] = []
            yield from numbered_rows(reader, part.first_row - 1, width, tally)
            self.last_row, cells = tally
            self.records = self.last_row - part.first_row + 1
            self.kept = self.records == reader.line_num == part.lines and not _broken(cells)


__all__ = ["ByteRange", "RangeRows", "plan_ranges"]
