"""The record keys seen so far, for duplicate ids (``DAT004``), in a few bytes a key.

A million-row ledger has a million ids, each of which must be remembered with where it
was first seen. As a ``dict`` of strings to ``(file, row)`` tuples that costs some 200
bytes a key. :class:`SeenKeys` keeps the ids as UTF-8 in one byte arena (each id's end
in a 32-bit word), the row where each was seen in another and its file once for a run
of ids from one file, the low half of each id's ``hash()`` in a third word, and finds
them through an open-addressing table of entry numbers: about 34 bytes a key for ids
like ``CG2023-0000001``.

Past :data:`~rectikit.readers.keyspill.SPILL_KEYS` ids a table sets its packed ids
aside on disk and starts again, keeping in memory only a bit filter of what it set
aside (:mod:`rectikit.readers.keyspill`): the memory it takes stops growing with the
rows.

Tables read in parts (one process a part) are joined with :meth:`SeenKeys.overlap`
(the ids both parts hold: duplicates across the cut) and :meth:`SeenKeys.absorb`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Hashable, Iterator
from itertools import compress, repeat
from typing import Any

from rectikit.readers import keyspill
from rectikit.readers.keyspill import _BITS, DiskSegment, SpilledKeys

_INITIAL_SLOTS = 1 << 10
_ROW_MASK = 0xFFFFFFFF  # rows are 32-bit words
#: The largest arena: id ends are 32-bit words.
_MAX_ARENA = 0xFFFFFFFF
_MAX_FILES = 1 << 20
#: The low bits of a key's ``hash()`` kept: enough to place it in any table that fits
#: entry numbers of an ``array("i")``.
_HASH_MASK = 0xFFFFFFFF
#: Hashed when pickling and again when unpickling: equal only under the same hash seed.
_SEED_PROBE = "rectikit.SeenKeys"
#: The largest byte map of hashes :meth:`SeenKeys.overlap` builds (16 MB).
_MAX_HASH_MAP = 1 << 24

Place = tuple[str, int]


class SeenKeys:
    """Key -> ``(file, row)`` of its first record, for the keys of one record kind.

    Behaves like the ``dict`` it replaces for what the readers ask: :meth:`get`,
    item assignment, ``in`` and ``len``. String keys are packed; anything else (an
    ``int`` key from JSON, an id past 4 GB of ids) is kept in an ordinary dict.

    Pickles as a few arrays (about 34 bytes a key) and the names of the files it set
    aside. The stored hashes are those of the process that added the keys; unpickled
    under another hash seed they are computed again (slow, but correct).
    """

    def __init__(self) -> None:
        self._slots = array("i", bytes(4 * _INITIAL_SLOTS))
        self._mask = _INITIAL_SLOTS - 1
        self._ends = array("I", [0])  # key n is _arena[_ends[n] : _ends[n + 1]]
        self._rows = array("I")  # the row of each packed key
        self._run_starts = array("Q")  # the first key of each run of keys from one file
        self._run_files: list[int] = []  # and that file's number
        self._hashes = array("I")  # hash() & _HASH_MASK of each packed key
        self._arena = bytearray()
        self._files: list[str] = []
        self._file_index: dict[str, int] = {}
        self._other: dict[Hashable, tuple[str, int]] = {}
        self._other_at = array("Q")  # per key of _other, in order: packed keys before it
        self._last_file: str | None = None
        self._last_index = 0
        self._deferred: list[SeenKeys] = []  # to absorb before the next lookup
        self._spilled: SpilledKeys | None = None  # the packed keys set aside on disk
        self._base = 0  # how many packed keys were set aside (they come first)
        self._spill_failed = False  # no room on disk: keys stay in memory

    def __len__(self) -> int:
        if self._deferred:
            self.settle()
        return self._base + len(self._hashes) + len(self._other)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    def get(self, key: Hashable, default: tuple[str, int] | None = None) -> tuple[str, int] | None:
        """Where ``key`` was first seen, or ``default``."""
        if self._deferred:
            self.settle()
        if type(key) is not str or key in self._other:
            return self._other.get(key, default)
        entry = self._find(key)
        if entry >= 0:
            return self._place(entry)
        if self._spilled is not None:
            code = hash(key) & _HASH_MASK
            if self._spilled.may_hold(code):
                first = self._spilled.find(key.encode("utf-8", "surrogatepass"), code)
                if first is not None:
                    return first
        return default

    def __setitem__(self, key: Hashable, where: tuple[str, int]) -> None:
        self.add(key, *where)

    def add(self, key: Hashable, file: str, row: int) -> tuple[str, int] | None:
        """Remember ``key`` as first seen at ``file``/``row`` unless it was seen before;
        return where it was seen before, or ``None`` when it is new.

        The hot path: it does not look at tables set aside by :meth:`defer`; call
        :meth:`settle` before adding to a table that may have some."""
        if type(key) is not str:
            return self._add_other(key, file, row)
        data = key.encode("utf-8", "surrogatepass")
        if file is self._last_file:
            index = self._last_index
        else:
            index = self._file_number(file)
        if index is None:
            return self._add_other(key, file, row)
        if not 0 <= row <= _ROW_MASK or len(self._arena) + len(data) > _MAX_ARENA:
            return self._add_other(key, file, row)
        slots, mask, hashes, ends = self._slots, self._mask, self._hashes, self._ends
        code = hash(key) & _HASH_MASK
        slot = code & mask
        while True:
            entry = slots[slot]
            if not entry:
                break
            if hashes[entry - 1] == code and self._arena[ends[entry - 1] : ends[entry]] == data:
                return self._place(entry - 1)
            slot = (slot + 1) & mask
        spilled = self._spilled
        if spilled is not None:  # set aside on disk, maybe: the filter's bit (inlined)
            marks = spilled.filter
            if marks[(code >> 3) & (len(marks) - 1)] & _BITS[code & 7]:
                first = spilled.find(data, code)
                if first is not None:
                    return first
        if self._other and key in self._other:  # a key seen before kept aside lives there
            return self._other[key]
        self._arena += data
        ends.append(len(self._arena))
        self._rows.append(row)
        hashes.append(code)
        slots[slot] = len(hashes)
        if 2 * len(hashes) > mask:
            self._grow()
        return None

    def overlap(self, other: SeenKeys) -> list[tuple[Hashable, Place, Place]]:
        """``(key, where self saw it, where other saw it)`` for every key of ``other``
        that ``self`` holds, in the order ``other`` was given them.

        Both must come from processes of one hash seed (forked workers do; an unpickled
        store checks and computes its hashes again otherwise). ``other`` is only read.
        Costs a look at a byte map of ``self``'s hashes a key of ``other`` (at C speed)
        and a probe of ``self``'s table for the few whose hash may be there; the same
        with the bit filter of what ``self`` set aside on disk, whose few hits are looked
        up there. What ``other`` set aside is read back one file at a time.
        """
        self.settle()
        found: list[tuple[int, int, Hashable, Place, Place]] = []  # (at, kind, key, ...)
        strings = self._other_strings()
        marks = _hash_map(self._hashes)  # of the keys in self's memory, made once
        base = 0  # other's packed keys before the part
        for hashes, ends, arena, place in other._packed_parts():
            for index, first in self._holding(hashes, ends, arena, marks):
                key = arena[ends[index] : ends[index + 1]].decode("utf-8", "surrogatepass")
                found.append((base + index, 1, key, first, place(index)))
            if strings:  # an id packed in other but kept aside here (a far row, a file
                for index, code in enumerate(hashes):  # past the last number)
                    if code in strings:
                        key = arena[ends[index] : ends[index + 1]].decode("utf-8", "surrogatepass")
                        if key in self._other:
                            found.append((base + index, 1, key, self._other[key], place(index)))
            base += len(hashes)
        for at, (key, where) in zip(other._other_at, other._other.items(), strict=True):
            first = self.get(key)
            if first is not None:
                found.append((at, 0, key, first, where))
        found.sort(key=lambda item: item[:2])
        return [(key, first, where) for _, _, key, first, where in found]

    def absorb(self, other: SeenKeys) -> None:
        """Take in ``other``'s keys as if each had been added after ``self``'s own, in
        ``other``'s order. Call it only when :meth:`overlap` is empty: a key both hold
        would be counted twice by ``len`` (``get`` still answers ``self``'s place).

        A real merge, not a chain of tables: the arrays are extended at C speed (the
        ids' bytes copied, never decoded), and each of ``other``'s keys is placed in the
        table by its stored hash (or the table grows once, placing all); into an empty
        table, ``other``'s table is copied. About 0.3 s for 500k keys into 500k (the
        table grows), a few ms into none. Afterwards lookups cost what they always did,
        however many parts were absorbed; keeping parts as frozen tables would make
        absorbing free but cost a probe a part on every later ``get`` and ``add``.
        ``other`` is only read.
        """
        if other is self:
            raise ValueError("a SeenKeys cannot absorb itself")
        self.settle()
        table = self._file_table(other)
        if table is None or (other._spilled is not None and not self._spill_all()):
            for key, where in other._items():  # add one by one, exactly: past the last
                self.add(key, *where)  # file number, or no room on disk
            return
        numbered = self._base + len(self._hashes)  # packed keys before other's
        if other._spilled is not None:  # other's files follow self's, set aside first
            if self._spilled is None:
                self._spilled = SpilledKeys()
            self._spilled.extend(other._spilled)
            self._base += other._base
        before = len(self._hashes)
        if len(other._hashes):
            self._ends.extend(map(len(self._arena).__add__, other._ends[1:]))
            self._arena += other._arena
            self._rows.extend(other._rows)
            for start, number in zip(other._run_starts, other._run_files, strict=True):
                self._run(before + start, table[number])
        self._last_file = None  # the next key from a file starts a run
        self._hashes.extend(other._hashes)
        self._other.update(other._other)
        self._other_at.extend(map(numbered.__add__, other._other_at))
        self._place_absorbed(other, before)
        if len(self._hashes) >= keyspill.SPILL_KEYS:
            self._spill()

    def _place_absorbed(self, other: SeenKeys, before: int) -> None:
        """Place in the table the keys of ``other`` that :meth:`absorb` appended after
        ``before`` keys of ``self``'s own."""
        if not before:  # the entries keep their numbers: other's table serves as it is
            self._slots, self._mask = array("i", other._slots), other._mask
            return
        size = self._mask + 1
        while 2 * len(self._hashes) > size - 1:
            size *= 2
        if size > self._mask + 1:
            self._rehash(size)
            return
        slots, mask = self._slots, self._mask
        for number, code in enumerate(other._hashes, start=before + 1):
            slot = code & mask
            while slots[slot]:
                slot = (slot + 1) & mask
            slots[slot] = number

    def defer(self, other: SeenKeys) -> None:
        """:meth:`absorb` ``other`` later: at the next lookup, :meth:`settle` or
        :meth:`absorb`. The last part of a table read in parts need not be placed in
        the table at all when no other table of its kind follows (placing half a
        million keys is a few tenths of a second). Same condition as :meth:`absorb`."""
        if other is self:
            raise ValueError("a SeenKeys cannot absorb itself")
        self._deferred.append(other)

    def settle(self) -> None:
        """Absorb what :meth:`defer` set aside, in order."""
        while self._deferred:
            self.absorb(self._deferred.pop(0))

    def __getstate__(self) -> dict[str, Any]:
        self.settle()
        state = self.__dict__.copy()
        for name in ("_file_index", "_last_file", "_last_index"):
            del state[name]
        if state["_spilled"] is None:  # nothing on disk: only arrays and numbers
            del state["_spilled"]
        state["seed_probe"] = hash(_SEED_PROBE)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        probe = state.pop("seed_probe")
        self._spilled = None
        self.__dict__.update(state)
        self._file_index = {file: index for index, file in enumerate(self._files)}
        self._last_file, self._last_index = None, 0
        if probe != hash(_SEED_PROBE) and self._spilled is not None:
            items = list(self._items())  # another hash seed, and files set aside with
            self.__init__()  # type: ignore[misc]  # its hashes: build the table again
            for key, where in items:
                self.add(key, *where)
        elif probe != hash(_SEED_PROBE):  # another hash seed: hash the keys again
            self._hashes = array(
                "I", (hash(self._key(index)) & _HASH_MASK for index in range(len(self._hashes)))
            )
            self._rehash(self._mask + 1)

    def _file_number(self, file: str) -> int | None:
        """The number of ``file`` (remembered for the next call, and a run of keys from
        it started), or ``None`` past the last file numbered."""
        index = self._file_index.get(file)
        if index is None:
            if len(self._files) >= _MAX_FILES:
                return None
            index = self._file_index[file] = len(self._files)
            self._files.append(file)
        self._run(len(self._hashes), index)
        self._last_file, self._last_index = file, index
        return index

    def _run(self, start: int, index: int) -> None:
        """Say that the keys from number ``start`` on come from file number ``index``."""
        if self._run_files and self._run_files[-1] == index:
            return
        if self._run_starts and self._run_starts[-1] == start:  # a run of no keys
            self._run_files[-1] = index
            return
        self._run_starts.append(start)
        self._run_files.append(index)

    def _file_table(self, other: SeenKeys) -> list[int] | None:
        """``self``'s number for each of ``other``'s files, numbering new ones; ``None``
        (and nothing numbered) if they would not all fit."""
        new = [file for file in other._files if file not in self._file_index]
        if len(other._files) >= _MAX_FILES or len(self._files) + len(new) > _MAX_FILES:
            return None
        if len(self._arena) + len(other._arena) > _MAX_ARENA:
            return None
        self._file_index.update(
            zip(new, range(len(self._files), len(self._files) + len(new)), strict=True)
        )
        self._files.extend(new)
        return list(map(self._file_index.__getitem__, other._files))

    def _add_other(self, key: Hashable, file: str, row: int) -> tuple[str, int] | None:
        first = self.get(key) if type(key) is str else self._other.get(key)
        if first is not None:
            return first
        self._other[key] = (file, row)
        self._other_at.append(self._base + len(self._hashes))
        return None

    def _find(self, key: str) -> int:
        """The entry number of ``key``, or -1."""
        slots, mask, hashes, ends = self._slots, self._mask, self._hashes, self._ends
        code = hash(key) & _HASH_MASK
        slot = code & mask
        data: bytes | None = None
        while True:
            entry = slots[slot]
            if not entry:
                return -1
            if hashes[entry - 1] == code:
                if data is None:
                    data = key.encode("utf-8", "surrogatepass")
                if self._arena[ends[entry - 1] : ends[entry]] == data:
                    return entry - 1
            slot = (slot + 1) & mask

    def _holding(
        self, hashes: array, ends: array, arena: bytes, marks: tuple[bytearray, int]
    ) -> Iterator[tuple[int, Place]]:
        """``(index, where self saw it)`` for each of the packed keys given (their
        hashes, ends and bytes) that ``self`` holds: in memory (``marks``: the byte map
        of its hashes there), then set aside."""
        for index, entry in self._probe_all(hashes, ends, arena, marks):
            yield index, self._place(entry)
        spilled = self._spilled
        if spilled is not None:
            for index in spilled.maybe(hashes):
                first = spilled.find(arena[ends[index] : ends[index + 1]], hashes[index])
                if first is not None:
                    yield index, first

    def _packed_parts(self) -> Iterator[tuple[array, array, bytes, Any]]:
        """The packed keys in the order they were added, a part at a time: each file
        set aside (read back), then those in memory; each part as its hashes, ends,
        bytes and a function giving the place of a key by its index in the part."""
        for segment in self._spilled.segments if self._spilled is not None else ():
            hashes, ends, arena, rows = segment.load()

            def place(index: int, rows: array = rows, segment: DiskSegment = segment) -> Place:
                return segment.file_of(index), rows[index]

            yield hashes, ends, arena, place
        yield self._hashes, self._ends, self._arena, self._place

    def _probe_all(
        self,
        their_hashes: array,
        their_ends: array,
        their_arena: bytes,
        byte_map: tuple[bytearray, int],
    ) -> Iterator[tuple[int, int]]:
        """``(their index, self's entry)`` for each of the packed keys given that
        ``self`` holds in memory, in order.

        ``byte_map``, the byte map of the hashes ``self`` holds (:func:`_hash_map`),
        sets aside at C speed every key given whose hash ``self`` cannot hold; only the
        few left (a hash shared by chance, or a duplicate) are probed here.
        """
        slots, mask, hashes, ends, arena = (
            self._slots,
            self._mask,
            self._hashes,
            self._ends,
            self._arena,
        )
        marks, bits = byte_map
        maybe = map(marks.__getitem__, map(bits.__and__, their_hashes))
        for index in compress(range(len(their_hashes)), maybe):
            code = their_hashes[index]
            slot = code & mask
            while True:
                entry = slots[slot]
                if not entry:
                    break
                if (
                    hashes[entry - 1] == code
                    and arena[ends[entry - 1] : ends[entry]]
                    == their_arena[their_ends[index] : their_ends[index + 1]]
                ):
                    yield index, entry - 1
                    break
                slot = (slot + 1) & mask

    def _other_strings(self) -> set[int]:
        """The hashes of the string keys kept aside in ``_other``."""
        return {hash(key) & _HASH_MASK for key in self._other if type(key) is str}

    def _key(self, entry: int) -> str:
        ends = self._ends
        return self._arena[ends[entry] : ends[entry + 1]].decode("utf-8", "surrogatepass")

    def _place(self, entry: int) -> Place:
        run = bisect_right(self._run_starts, entry) - 1
        return self._files[self._run_files[run]], self._rows[entry]

    def _items(self) -> Iterator[tuple[Hashable, Place]]:
        """Every key with its place, in the order they were added."""
        others = iter(zip(self._other_at, self._other.items(), strict=True))
        pending = next(others, None)
        number = 0  # packed keys given so far
        for hashes, ends, arena, place in self._packed_parts():
            for index in range(len(hashes)):
                while pending is not None and pending[0] <= number:
                    yield pending[1]
                    pending = next(others, None)
                key = arena[ends[index] : ends[index + 1]].decode("utf-8", "surrogatepass")
                yield key, place(index)
                number += 1
        while pending is not None:
            yield pending[1]
            pending = next(others, None)

    def _grow(self) -> None:
        """Make room in a full table: set its keys aside on disk past
        :data:`~rectikit.readers.keyspill.SPILL_KEYS`, else double it."""
        if len(self._hashes) >= keyspill.SPILL_KEYS and self._spill():
            return
        self._rehash(2 * (self._mask + 1))

    def _spill_all(self) -> bool:
        """Set every packed key in memory aside on disk; whether none is left there."""
        return not self._hashes or self._spill()

    def _spill(self) -> bool:
        """Write the packed keys in memory to a file and start again empty; False (and
        nothing changed) when the file cannot be written: the keys then stay in memory,
        and so do those that follow."""
        if self._spill_failed:
            return False
        runs = [
            (start, self._files[number])
            for start, number in zip(self._run_starts, self._run_files, strict=True)
        ]
        try:
            segment = DiskSegment.write(
                self._slots, self._hashes, self._ends, self._rows, self._arena, runs
            )
        except OSError:
            self._spill_failed = True
            return False
        if self._spilled is None:
            self._spilled = SpilledKeys()
        self._spilled.add(segment, self._hashes)
        self._base += len(self._hashes)
        size = len(self._slots)  # as big as it was: it fills up again (no regrowing)
        self._slots = array("i", bytes(4 * size))
        self._mask = size - 1
        self._ends, self._rows, self._hashes = array("I", [0]), array("I"), array("I")
        self._run_starts, self._run_files = array("Q"), []
        self._arena = bytearray()
        self._last_file = None  # the next key starts a run
        return True

    def _rehash(self, size: int) -> None:
        """A table of ``size`` slots (a power of two) with every entry placed again by
        its stored hash."""
        slots = array("i", bytes(4 * size))
        mask = size - 1
        for number, code in enumerate(self._hashes, start=1):
            slot = code & mask
            while slots[slot]:
                slot = (slot + 1) & mask
            slots[slot] = number
        self._slots, self._mask = slots, mask


def _hash_map(hashes: array) -> tuple[bytearray, int]:
    """A byte per bucket of hash bits, set where one of ``hashes`` falls, and the mask
    of those bits: a hash whose byte is 0 is none of ``hashes``. About 8 buckets a
    hash (at most 16 MB), so that some 12 % of the hashes not held still pass."""
    size = 1 << 10
    while size < 8 * len(hashes) and size < _MAX_HASH_MAP:
        size *= 2
    marks = bytearray(size)
    bits = size - 1
    deque(map(marks.__setitem__, map(bits.__and__, hashes), repeat(1)), maxlen=0)
    return marks, bits


__all__ = ["SeenKeys"]
