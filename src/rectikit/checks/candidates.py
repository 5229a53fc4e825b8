"""Compact state for aggregate checks: records kept as packed numbers, not objects.

A split-purchase check (PRC005) must hold every small purchase until the whole ledger
is read: a million-row ledger has hundreds of thousands of them. Held as objects (a
tuple with its date, id, Decimal and location) each costs several hundred bytes.
:class:`CandidateStore` keeps each one in about 40 bytes: per group, the date, source
and row packed in one machine word, the amount in another, the id as UTF-8 in a
shared byte arena, and a label (the vendor) as an index into the labels seen.
:meth:`CandidateStore.group` gives them back as :class:`Candidate` tuples, one group
at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from rectikit.model.location import Location

_ROW_BITS = 31
_SOURCE_BITS = 12
_MAX_ROW = (1 << _ROW_BITS) - 1
_MAX_SOURCE = (1 << _SOURCE_BITS) - 1
#: An amount ``coefficient × 10**exponent`` is packed as ``coefficient << 3 | -exponent``.
_EXPONENT_BITS = 3
_MAX_COEFFICIENT = (1 << (63 - _EXPONENT_BITS)) - 1
_MAX_ID_BYTES = 0xFFFF


class Candidate(NamedTuple):
    """One record kept by a :class:`CandidateStore`, as given back."""

    date: date
    id: str
    amount: Decimal
    location: Location
    label: str = ""


class _Group:
    """The candidates of one group: three parallel arrays."""

    __slots__ = ("amounts", "ids", "labels", "places")

    def __init__(self) -> None:
        self.places = array("Q")  # ordinal << 43 | source << 31 | row
        self.amounts = array("q")  # coefficient << 3 | -exponent
        self.ids = array("Q")  # start << 16 | length of the id in the arena
        self.labels = array("I")  # index into the store's labels


class CandidateStore:
    """Records grouped by a key, each kept as ``(date, id, amount, location)`` in a few
    machine words. Exact: amounts come back as the very ``Decimal`` given (value and
    exponent), locations as equal :class:`Location` objects (with the column empty).
    """

    def __init__(self) -> None:
        self._groups: dict[Hashable, _Group] = {}
        self._arena = bytearray()
        self._sources: list[tuple[str, str | None, Mapping[str, str] | None]] = []
        self._source_index: dict[tuple[str, str | None, int], int] = {}
        self._spill: list[Candidate] = []
        self._labels: list[str] = []
        self._label_index: dict[str, int] = {}
        self._spilled: dict[Hashable, list[int]] = {}
        self.count = 0

    def add(
        self,
        key: Hashable,
        day: date,
        ident: str,
        amount: Decimal,
        where: Location,
        label: str = "",
    ) -> None:
        """Keep one record under ``key``, with a ``label`` (text that repeats across
        records, such as a vendor's name, kept once)."""
        self.count += 1
        source = self._source(where)
        row = where.row or 0
        packed_amount = _pack_amount(amount)
        encoded = ident.encode("utf-8")
        if (
            source is None
            or not 0 <= row <= _MAX_ROW
            or packed_amount is None
            or len(encoded) > _MAX_ID_BYTES
        ):
            self._spilled.setdefault(key, []).append(len(self._spill))
            self._spill.append(Candidate(day, ident, amount, where, label))
            return
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group()
        group.places.append(day.toordinal() << 43 | source << 31 | row)
        group.amounts.append(packed_amount)
        group.ids.append(len(self._arena) << 16 | len(encoded))
        self._arena += encoded
        index = self._label_index.get(label)
        if index is None:
            index = self._label_index[label] = len(self._labels)
            self._labels.append(label)
        group.labels.append(index)

    def keys(self) -> list[Hashable]:
        """Every group key."""
        return list({**dict.fromkeys(self._groups), **dict.fromkeys(self._spilled)})

    def group(self, key: Hashable) -> list[Candidate]:
        """The records of one group, in the order they were added (spilled ones last)."""
        out: list[Candidate] = []
        group = self._groups.get(key)
        if group is not None:
            arena = self._arena
            sources = self._sources
            labels = self._labels
            for place, amount, ident, label in zip(
                group.places, group.amounts, group.ids, group.labels, strict=True
            ):
                file, sheet, letters = sources[place >> 31 & _MAX_SOURCE]
                start, length = ident >> 16, ident & 0xFFFF
                out.append(
                    Candidate(
                        date.fromordinal(place >> 43),
                        arena[start : start + length].decode("utf-8"),
                        _unpack_amount(amount),
                        Location(file, place & _MAX_ROW or None, None, sheet, letters=letters),
                        labels[label],
                    )
                )
        out.extend(self._spill[index] for index in self._spilled.get(key, ()))
        return out

    def _source(self, where: Location) -> int | None:
        token = (where.file, where.sheet, id(where.letters))
        index = self._source_index.get(token)
        if index is None:
            if len(self._sources) > _MAX_SOURCE or where.column is not None:
                return None
            index = self._source_index[token] = len(self._sources)
            self._sources.append((where.file, where.sheet, where.letters))
        return index


def _pack_amount(amount: Any) -> int | None:
    """``coefficient << 3 | -exponent`` for a non-negative Decimal in plain notation
    with at most seven decimals and a coefficient that fits; ``None`` otherwise."""
    if type(amount) is not Decimal:
        return None
    text = str(amount)
    whole, _, fraction = text.partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 7:
        return None  # negative, scientific notation, NaN or too many decimals
    coefficient = int(whole + fraction)
    if coefficient > _MAX_COEFFICIENT:
        return None
    return coefficient << _EXPONENT_BITS | len(fraction)


def _unpack_amount(packed: int) -> Decimal:
    exponent = -(packed & 7)
    coefficient = packed >> _EXPONENT_BITS
    return Decimal(coefficient).scaleb(exponent) if exponent else Decimal(coefficient)


__all__ = ["Candidate", "CandidateStore"]
