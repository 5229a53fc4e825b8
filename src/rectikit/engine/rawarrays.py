"""Pickling a worker's result with its big arrays written raw and its long lists in
pieces, beside the pickle.

``pickle`` turns an ``array`` into a ``bytes`` copy and keeps every such copy in its memo
until the whole object is written, and again, on loading, until the whole object is
read: a result holding 30 MB of arrays (the id table and the split-purchase candidates
of half a million rows) costs 60 MB more at the peak on each side. Here each big array
(and ``bytearray``, which a pickle made in memory would copy whole) is replaced in the
pickle by its number (a persistent id) and written raw before it; loading reads each
straight into an array of its size, then the pickle, which finds them by number. Long
lists are written in pieces (see :func:`dump`). Imported only when a worker hands over
its result.
"""

from __future__ import annotations

import io
import pickle
from array import array
from typing import IO, Any

#: Arrays of this many bytes or more are written raw; smaller ones stay in the pickle.
RAW_MIN_BYTES = 1 << 12
#: Lists of this many items or more are written in pickles of this many items each.
CHUNK_ITEMS = 1 << 10
#: The type code that marks a list in the list of what is set aside.
_LIST = "["

_Aside = array | bytearray | list  # type: ignore[type-arg]


class _Pickler(pickle.Pickler):
    """A pickler that sets big arrays and long lists aside, each once however often it
    is referred to."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.aside: list[_Aside] = []
        self._numbers: dict[int, int] = {}

    def persistent_id(self, obj: Any) -> int | None:
        kind = type(obj)
        if kind is array:
            if obj.itemsize * len(obj) < RAW_MIN_BYTES:
                return None
        elif kind is bytearray:
            if len(obj) < RAW_MIN_BYTES:
                return None
        elif kind is not list or len(obj) < CHUNK_ITEMS:
            return None
        number = self._numbers.get(id(obj))
        if number is None:
            number = self._numbers[id(obj)] = len(self.aside)
            self.aside.append(obj)
        return number


class _Unpickler(pickle.Unpickler):
    """An unpickler that finds what was set aside by its number."""

    def __init__(self, file: IO[bytes], aside: list[_Aside]) -> None:
        super().__init__(file)
        self.aside = aside

    def persistent_load(self, pid: Any) -> _Aside:
        if type(pid) is not int or not 0 <= pid < len(self.aside):
            raise pickle.UnpicklingError(f"nothing set aside numbered {pid!r}")
        return self.aside[pid]


def dump(obj: Any, file: IO[bytes]) -> None:
    """Write ``obj`` to ``file``: the list of what is set aside (``(type code,
    length)`` of each big array, the type code ``""`` for a ``bytearray`` and ``"["``
    for a long list, whose length is then its number of pieces), the arrays' bytes and
    the lists' pieces, then the pickle that refers to them.

    A long list (the breaches or violations of a big table) is written in pickles of
    :data:`CHUNK_ITEMS` items, each with a memo of its own: one pickle keeps every object
    it has written alive in its memo, and the one that reads it every object read, until
    the end (about a kilobyte a breach, on both sides). Objects shared between pieces
    come back as equal copies."""
    body = io.BytesIO()
    pickler = _Pickler(body)
    pickler.dump(obj)
    specs = [
        (item.typecode, len(item))
        if type(item) is array
        else ("", len(item))
        if type(item) is bytearray
        else (_LIST, -(-len(item) // CHUNK_ITEMS))
        for item in pickler.aside
    ]
    pickle.dump(specs, file, pickle.HIGHEST_PROTOCOL)
    for item in pickler.aside:
        if type(item) is list:
            for start in range(0, len(item), CHUNK_ITEMS):
                pickle.dump(item[start : start + CHUNK_ITEMS], file, pickle.HIGHEST_PROTOCOL)
        else:
            file.write(memoryview(item).cast("B"))
    file.write(body.getbuffer())


def load(file: IO[bytes]) -> Any:
    """Read back what :func:`dump` wrote.

    Raises:
        pickle.UnpicklingError, EOFError: the file is not complete or not such a file.
    """
    specs = pickle.load(file)
    if type(specs) is not list:
        raise pickle.UnpicklingError("no list of what is set aside")
    aside: list[_Aside] = []
    for typecode, length in specs:
        if typecode == _LIST:
            items: list[Any] = []
            for _ in range(length):
                items += pickle.load(file)
            aside.append(items)
            continue
        # each read straight into its place, not through a bytes copy
        item = (
            array(typecode, bytes(array(typecode).itemsize)) * length
            if typecode
            else bytearray(length)
        )
        view = memoryview(item).cast("B")
        if file.readinto(view) != len(view):  # type: ignore[attr-defined]
            raise EOFError("the arrays end early")
        aside.append(item)
    return _Unpickler(file, aside).load()


__all__ = ["CHUNK_ITEMS", "RAW_MIN_BYTES", "dump", "load"]
