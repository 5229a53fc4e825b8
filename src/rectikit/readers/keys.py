"""The record keys seen so far, for duplicate ids (``DAT004``), in a few bytes a key.

A million-row ledger has a million ids, each of which must be remembered with where it
was first seen. As a ``dict`` of strings to ``(file, row)`` tuples that costs some 200
bytes a key. :class:`SeenKeys` keeps the ids as UTF-8 in one byte arena, where they
were seen packed in one machine word, and finds them through an open-addressing table
of entry numbers: about 40 bytes a key for ids like ``CG2023-0000001``.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable

_INITIAL_SLOTS = 1 << 10
_ROW_BITS = 32
_ROW_MASK = (1 << _ROW_BITS) - 1
_MAX_LENGTH = 0xFFFF
_MAX_FILES = 1 << 20


class SeenKeys:
    """Key -> ``(file, row)`` of its first record, for the keys of one record kind.

    Behaves like the ``dict`` it replaces for what the readers ask: :meth:`get`,
    item assignment, ``in`` and ``len``. String keys are packed; anything else (an
    ``int`` key from JSON, an id longer than 64 KB) is kept in an ordinary dict.
    """

    def __init__(self) -> None:
        self._slots = array("i", bytes(4 * _INITIAL_SLOTS))
        self._mask = _INITIAL_SLOTS - 1
        self._texts = array("Q")  # start << 16 | length, in the arena
        self._places = array("Q")  # file index << 32 | row
        self._arena = bytearray()
        self._files: list[str] = []
        self._file_index: dict[str, int] = {}
        self._other: dict[Hashable, tuple[str, int]] = {}
        self._last_file: str | None = None
        self._last_index = 0

    def __len__(self) -> int:
        return len(self._texts) + len(self._other)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    def get(self, key: Hashable, default: tuple[str, int] | None = None) -> tuple[str, int] | None:
        """Where ``key`` was first seen, or ``default``."""
        if type(key) is not str or key in self._other:
            return self._other.get(key, default)
        entry = self._find(key)
        if entry < 0:
            return default
        place = self._places[entry]
        return self._files[place >> _ROW_BITS], place & _ROW_MASK

    def __setitem__(self, key: Hashable, where: tuple[str, int]) -> None:
        self.add(key, *where)

    def add(self, key: Hashable, file: str, row: int) -> tuple[str, int] | None:
        """Remember ``key`` as first seen at ``file``/``row`` unless it was seen before;
        return where it was seen before, or ``None`` when it is new."""
        if type(key) is not str:
            return self._add_other(key, file, row)
        data = key.encode("utf-8", "surrogatepass")
        if file is self._last_file:
            index = self._last_index
        else:
            index = self._file_number(file)
        if index is None:
            return self._add_other(key, file, row)
        if len(data) > _MAX_LENGTH or not 0 <= row <= _ROW_MASK:
            return self._add_other(key, file, row)
        slots, mask = self._slots, self._mask
        slot = hash(key) & mask
        while True:
            entry = slots[slot]
            if not entry:
                break
            text = self._texts[entry - 1]
            start = text >> 16
            if self._arena[start : start + (text & 0xFFFF)] == data:
                place = self._places[entry - 1]
                return self._files[place >> _ROW_BITS], place & _ROW_MASK
            slot = (slot + 1) & mask
        if self._other and key in self._other:  # a long id seen before lives there
            return self._other[key]
        self._texts.append(len(self._arena) << 16 | len(data))
        self._arena += data
        self._places.append(index << _ROW_BITS | row)
        slots[slot] = len(self._texts)
        if 2 * len(self._texts) > mask:
            self._grow()
        return None

    def _file_number(self, file: str) -> int | None:
        """The number of ``file`` (remembered for the next call), or ``None`` past the
        last number a word can hold."""
        index = self._file_index.get(file)
        if index is None:
            if len(self._files) >= _MAX_FILES:
                return None
            index = self._file_index[file] = len(self._files)
            self._files.append(file)
        self._last_file, self._last_index = file, index
        return index

    def _add_other(self, key: Hashable, file: str, row: int) -> tuple[str, int] | None:
        first = self.get(key) if type(key) is str else self._other.get(key)
        if first is not None:
            return first
        self._other[key] = (file, row)
        return None

    def _find(self, key: str) -> int:
        """The entry number of ``key``, or -1."""
        slots, mask = self._slots, self._mask
        slot = hash(key) & mask
        data: bytes | None = None
        while True:
            entry = slots[slot]
            if not entry:
                return -1
            if data is None:
                data = key.encode("utf-8", "surrogatepass")
            text = self._texts[entry - 1]
            start = text >> 16
            if self._arena[start : start + (text & 0xFFFF)] == data:
                return entry - 1
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        """Double the table and place every entry again."""
        size = 2 * (self._mask + 1)
        slots = array("i", bytes(4 * size))
        mask = size - 1
        arena = self._arena
        for number, text in enumerate(self._texts, start=1):
            start = text >> 16
            key = arena[start : start + (text & 0xFFFF)].decode("utf-8", "surrogatepass")
            slot = hash(key) & mask
            while slots[slot]:
                slot = (slot + 1) & mask
            slots[slot] = number
        self._slots, self._mask = slots, mask

    def _entries(self):  # PLACEHOLDER until the merge branch lands
        for number, text in enumerate(self._texts):
            start = text >> 16
            key = self._arena[start : start + (text & 0xFFFF)].decode("utf-8", "surrogatepass")
            place = self._places[number]
            yield key, (self._files[place >> _ROW_BITS], place & _ROW_MASK)
        yield from self._other.items()

    def overlap(self, other):  # PLACEHOLDER
        found = []
        for key, where in other._entries():
            first = self.get(key)
            if first is not None:
                found.append((key, first, where))
        return found

    def absorb(self, other):  # PLACEHOLDER
        for key, (file, row) in other._entries():
            self.add(key, file, row)


__all__ = ["SeenKeys"]
