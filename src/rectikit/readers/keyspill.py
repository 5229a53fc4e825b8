"""Record keys set aside on disk, so that the id table of a huge ledger stays small.

:class:`~rectikit.readers.keys.SeenKeys` keeps up to :data:`SPILL_KEYS` ids in memory
(about 18 MB). When it would grow past that, it writes its packed arrays as they are to
a temporary file (a :class:`DiskSegment`, written at C speed) and starts again empty.
What stays in memory for all the segments together is a bit filter of the ids' hashes
(:class:`SpilledKeys`, :data:`FILTER_BYTES`, 4 MB): an id whose bit is clear was never
set aside, which is the answer for nearly every new id; only the few whose bit is set
(a duplicate, or a hash sharing its bit by chance: about 4 % with 1.5 million ids set
aside) are looked up in the files, with a few small reads each. So the memory an id
table takes no longer grows with the rows, and the answers stay exact. A table of a
million-row ledger read by two processes (half a million ids each) sets nothing aside.

The files are :class:`~rectikit.scratch.ScratchFile` objects: deleted with the last
table referring to them, handed over by name from a worker to the main process.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator
from itertools import compress, repeat
from operator import and_, rshift
from typing import Any

from rectikit.scratch import ScratchFile

#: The size of the bit filter of the ids set aside (2**25 bits).
FILTER_BYTES = 1 << 22
#: The number of ids a table keeps in memory before it sets them aside on disk.
SPILL_KEYS = 1 << 19
#: Slots read at once when probing a segment's table on disk.
_PROBE_SLOTS = 16
#: The bit of each of a byte's eight positions.
_BITS = bytes(1 << n for n in range(8))

Place = tuple[str, int]


class DiskSegment:
    """One packed id table written to a file: its open-addressing table of entry numbers,
    the ids' hashes, ends, rows and bytes, in that order; the files of its runs of rows
    kept in memory."""

    def __init__(
        self, file: ScratchFile, count: int, size: int, runs: list[tuple[int, str]]
    ) -> None:
        self.file = file
        self.count = count
        self.size = size  # slots in the table (a power of two)
        self.runs = runs  # (first entry, file) of each run of ids from one file
        self._starts = [start for start, _ in runs]
        self._hashes_at = 4 * size
        self._ends_at = self._hashes_at + 4 * count
        self._rows_at = self._ends_at + 4 * (count + 1)
        self._arena_at = self._rows_at + 4 * count

    @classmethod
    def write(
        cls,
        slots: array,
        hashes: array,
        ends: array,
        rows: array,
        arena: bytearray,
        runs: list[tuple[int, str]],
    ) -> DiskSegment:
        """Write a packed table to a new temporary file. Raises ``OSError`` (and leaves
        no file) when it cannot be written."""
        file = ScratchFile.create("rectikit-keys-")
        file.append(slots, hashes, ends, rows, arena)  # dropped with ``file`` if it fails
        file.flush()
        return cls(file, len(hashes), len(slots), runs)

    def __reduce__(self) -> Any:
        return DiskSegment, (self.file, self.count, self.size, self.runs)

    def find(self, data: bytes, code: int) -> int:
        """The entry number of the id whose UTF-8 is ``data`` and whose stored hash is
        ``code``, or -1."""
        read = self._read
        mask = self.size - 1
        slot = code & mask
        while True:
            wanted = min(_PROBE_SLOTS, self.size - slot)
            entries = array("i", read(4 * slot, 4 * wanted))
            for entry in entries:
                if not entry:
                    return -1
                number = entry - 1
                stored = array("I", read(self._hashes_at + 4 * number, 4))[0]
                if stored == code:
                    start, end = array("I", read(self._ends_at + 4 * number, 8))
                    if read(self._arena_at + start, end - start) == data:
                        return number
            slot = (slot + wanted) & mask

    def place(self, entry: int) -> Place:
        """Where the id of entry number ``entry`` was first seen."""
        return self.file_of(entry), array("I", self._read(self._rows_at + 4 * entry, 4))[0]

    def file_of(self, entry: int) -> str:
        """The file the id of entry number ``entry`` was first seen in."""
        return self.runs[bisect_right(self._starts, entry) - 1][1]

    def load(self) -> tuple[array, array, bytes, array]:
        """The segment's hashes, ends, bytes and rows, read whole."""
        hashes, ends, rows = array("I"), array("I"), array("I")
        hashes.frombytes(self._read(self._hashes_at, 4 * self.count))
        ends.frombytes(self._read(self._ends_at, 4 * (self.count + 1)))
        rows.frombytes(self._read(self._rows_at, 4 * self.count))
        arena = self._read(self._arena_at, ends[-1])
        return hashes, ends, arena, rows

    def _read(self, offset: int, size: int) -> bytes:
        return self.file.read(offset, size)


class SpilledKeys:
    """The id tables a :class:`~rectikit.readers.keys.SeenKeys` set aside on disk, in
    the order they were written, and a bit filter of their ids' hashes."""

    def __init__(self) -> None:
        self.segments: list[DiskSegment] = []
        self.filter = bytearray(FILTER_BYTES)
        self.count = 0

    def add(self, segment: DiskSegment, hashes: array) -> None:
        """Take ``segment`` (whose stored hashes are ``hashes``) as the newest."""
        marks, mask = self.filter, len(self.filter) - 1
        for code in hashes:
            marks[(code >> 3) & mask] |= _BITS[code & 7]
        self.segments.append(segment)
        self.count += segment.count

    def extend(self, other: SpilledKeys) -> None:
        """Take ``other``'s segments as newer than this one's (``other`` is only read)."""
        mine = int.from_bytes(self.filter, "little")
        theirs = int.from_bytes(other.filter, "little")
        self.filter[:] = (mine | theirs).to_bytes(len(self.filter), "little")
        self.segments.extend(other.segments)
        self.count += other.count

    def may_hold(self, code: int) -> bool:
        """False when no id set aside has the stored hash ``code``."""
        return bool(self.filter[(code >> 3) & (len(self.filter) - 1)] & _BITS[code & 7])

    def find(self, data: bytes, code: int) -> Place | None:
        """Where the id whose UTF-8 is ``data`` (stored hash ``code``) was first seen,
        or ``None`` when it was never set aside."""
        if not self.may_hold(code):
            return None
        for segment in self.segments:
            entry = segment.find(data, code)
            if entry >= 0:
                return segment.place(entry)
        return None

    def maybe(self, hashes: array) -> Iterator[int]:
        """The indexes of ``hashes`` whose bit is set in the filter, found at C speed."""
        marks, mask = self.filter, len(self.filter) - 1
        bytes_at = map(mask.__and__, map(rshift, hashes, repeat(3)))
        bits = map(_BITS.__getitem__, map((7).__and__, hashes))
        return compress(range(len(hashes)), map(and_, map(marks.__getitem__, bytes_at), bits))


__all__ = ["FILTER_BYTES", "SPILL_KEYS", "DiskSegment", "SpilledKeys"]
