"""Compact state for aggregate checks: records kept as packed numbers, not objects.

A split-purchase check (PRC005) must hold every small purchase until the whole ledger
is read: a million-row ledger has hundreds of thousands of them. Held as objects (a
tuple with its date, id, Decimal and location) each costs several hundred bytes.
:class:`CandidateStore` keeps each one in about 50 bytes: the date, source and row
packed in one machine word, the amount in another, the id as UTF-8 in a shared byte
arena, and the group's key values and a label (the vendor) as numbers of values seen
once. :meth:`CandidateStore.groups` gives them back as :class:`Candidate` tuples, one
group at a time. :meth:`CandidateStore.extend` joins the stores of a file read in parts
(and a store pickles as its arrays, to come back from another process).
"""

from __future__ import annotations

import copy
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from itertools import compress, repeat
from math import prod
from operator import add, ge, mul
from typing import Any, NamedTuple

from rectikit import native
from rectikit.model.location import Location

_ROW_BITS = 31
_SOURCE_BITS = 12
_MAX_ROW = (1 << _ROW_BITS) - 1
_MAX_SOURCE = (1 << _SOURCE_BITS) - 1
#: An amount ``coefficient × 10**exponent`` is packed as ``coefficient << 3 | -exponent``.
_EXPONENT_BITS = 3
_MAX_COEFFICIENT = (1 << (63 - _EXPONENT_BITS)) - 1
_MAX_ID_BYTES = 0xFFFF
#: Groups are counted in an array of a word a possible key (:meth:`CandidateStore._groups`)
#: while there are at most this many possible keys a record; past that, sorted.
_DENSE_CODES = 4


class Candidate(NamedTuple):
    """One record kept by a :class:`CandidateStore`, as given back."""

    date: date
    id: str
    amount: Decimal
    location: Location
    label: str = ""


class CandidateStore:
    """Records grouped by a key of text values, each kept as ``(date, id, amount,
    location, label)`` in a few machine words. Exact: amounts come back as the very
    ``Decimal`` given (value and exponent), locations as equal :class:`Location` objects
    (with the column empty).

    Storage is flat, not per group (most groups of a big ledger hold one record): each
    key value is numbered once, and every record's numbers sit in parallel arrays.
    """

    def __init__(self) -> None:
        self._places = array("Q")  # ordinal << 43 | source << 31 | row
        self._amounts = array("q")  # coefficient << 3 | -exponent
        self._ids = array("Q")  # start << 16 | length of the id in the arena
        self._labels = array("I")  # index into the labels
        self._parts: list[array[int]] = []  # per key position: the value's number
        self._numbers: list[dict[str, int]] = []  # per key position: value -> number
        self._values: list[list[str]] = []  # per key position: number -> value
        self._arena = bytearray()
        self._label_names: list[str] = []
        self._label_index: dict[str, int] = {}
        self._sources: list[tuple[str, str | None, Mapping[str, str] | None]] = []
        self._source_index: dict[tuple[str, str | None, int], int] = {}
        # records kept aside for their odd values, with the number of packed ones before
        self._spill: list[tuple[tuple[int, ...], Candidate, int]] = []
        self._last_file: str | None = None
        self._last_sheet: str | None = None
        self._last_letters: Mapping[str, str] | None = None
        self._last_source = 0
        self.count = 0

    def add(
        self,
        key: tuple[str, ...],
        day: date,
        ident: str,
        amount: Decimal,
        where: Location,
        label: str = "",
    ) -> None:
        """Keep one record under ``key``, with a ``label`` (text that repeats across
        records, such as a vendor's name, kept once)."""
        self.count += 1
        numbers = self._number(key)
        if (
            where.file is self._last_file
            and where.letters is self._last_letters
            and where.sheet is self._last_sheet
            and where.column is None
        ):
            source: int | None = self._last_source  # the table being read, as last time
        else:
            source = self._source(where)
        row = where.row or 0
        text = str(amount) if type(amount) is Decimal else ""
        if text.isdigit() and text.isascii() and len(text) < 18:  # whole yuan, the usual
            packed_amount: int | None = int(text) << _EXPONENT_BITS
        else:
            packed_amount = _pack_amount(amount)
        encoded = ident.encode("utf-8", "surrogatepass")
        if (
            source is None
            or not 0 <= row <= _MAX_ROW
            or packed_amount is None
            or len(encoded) > _MAX_ID_BYTES
        ):
            candidate = Candidate(day, ident, amount, where, label)
            self._spill.append((numbers, candidate, len(self._places)))
            return
        parts = self._parts
        if len(parts) == 2:
            parts[0].append(numbers[0])
            parts[1].append(numbers[1])
        else:
            for part, number in zip(parts, numbers, strict=True):
                part.append(number)
        self._places.append(day.toordinal() << 43 | source << 31 | row)
        self._amounts.append(packed_amount)
        self._ids.append(len(self._arena) << 16 | len(encoded))
        self._arena += encoded
        index = self._label_index.get(label)
        if index is None:
            index = self._label_index[label] = len(self._label_names)
            self._label_names.append(label)
        self._labels.append(index)

    def groups(self, min_size: int = 1) -> Iterator[tuple[tuple[str, ...], list[Candidate]]]:
        """``(key, records)`` for every group of at least ``min_size`` records, records
        in the order they were added (records kept aside for their odd values last)."""
        for key, numbers in self._groups(min_size):
            yield key, [self.candidate(number) for number in numbers]

    def sorted_groups(
        self, min_size: int = 1
    ) -> Iterator[tuple[tuple[str, ...], list[tuple[int, bytes, int]]]]:
        """What :meth:`groups` gives, lighter and sorted: each group's records as
        ``(date ordinal, id as UTF-8, number)`` in the order of date, then id, then the
        order :meth:`groups` gives (UTF-8 sorts as the text does). A number stands for
        the record in :meth:`candidate` and :meth:`amount_total`; nothing is built per
        record but the tuple."""
        total = len(self._places)
        places, ids, arena, spill = self._places, self._ids, self._arena, self._spill
        for key, numbers in self._groups(min_size):
            members = []
            for number in numbers:
                if number < total:
                    text = ids[number]
                    start = text >> 16
                    members.append(
                        (places[number] >> 43, arena[start : start + (text & 0xFFFF)], number)
                    )
                else:
                    kept = spill[number - total][1]
                    ident = kept.id.encode("utf-8", "surrogatepass")
                    members.append((kept.date.toordinal(), ident, number))
            members.sort()
            yield key, members

    def candidate(self, number: int) -> Candidate:
        """The record a number of :meth:`sorted_groups` stands for."""
        total = len(self._places)
        return self._candidate(number) if number < total else self._spill[number - total][1]

    def amount_total(self, numbers: Iterable[int]) -> Decimal:
        """``sum(amounts, Decimal(0))`` of the records numbered, the very ``Decimal``
        (value and exponent) that sum gives, added as whole numbers where they are
        packed."""
        total = len(self._places)
        amounts = self._amounts
        coefficient, places = 0, 0
        odd: list[Decimal] = []
        for number in numbers:
            if number >= total:
                odd.append(self._spill[number - total][1].amount)
                continue
            packed = amounts[number]
            digits, value = packed & 7, packed >> _EXPONENT_BITS
            if digits == places:
                coefficient += value
            elif digits < places:
                coefficient += value * 10 ** (places - digits)
            else:
                coefficient = coefficient * 10 ** (digits - places) + value
                places = digits
        result = Decimal(coefficient).scaleb(-places) if places else Decimal(coefficient)
        return sum(odd, result) if odd else result

    def _groups(self, min_size: int) -> Iterator[tuple[tuple[str, ...], list[int]]]:
        """``(key, record numbers)`` for every group of at least ``min_size``, by the
        code of the key: packed records first, in the order added, then those kept
        aside (numbered after); groups of records kept aside only come last."""
        radices = [max(len(values), 1) for values in self._values]
        total = len(self._places)
        spilled: dict[int, list[int]] = {}
        for position, (numbers, _, _) in enumerate(self._spill):
            spilled.setdefault(_code(numbers, radices), []).append(total + position)
        if self._parts and prod(radices) <= _DENSE_CODES * max(total, 1 << 14):
            return self._counted_groups(min_size, radices, spilled)
        return self._sorted_groups(min_size, radices, spilled)

    def _counted_groups(
        self, min_size: int, radices: list[int], spilled: dict[int, list[int]]
    ) -> Iterator[tuple[tuple[str, ...], list[int]]]:
        """:meth:`_groups` where the codes are few enough to count in an array, one
        word a code: most groups of a big ledger hold one record, and they are counted
        out at C speed; only the records of the groups given are sorted (by code)."""
        parts, total, span = self._parts, len(self._places), prod(radices)
        word = "I" if span <= 1 << 32 else "Q"
        if len(parts) == 2:  # (unit, vendor), the default: no Python step a record
            codes = array(word, map(add, map(mul, parts[1], repeat(radices[0])), parts[0]))
        else:
            codes = array(word, [_code(numbers, radices) for numbers in zip(*parts, strict=True)])
        counts = array("I", bytes(4 * span))
        # counts[code] += 1 a record: each step reads the count the step before wrote
        increments = map(add, map(counts.__getitem__, codes), repeat(1))
        deque(map(counts.__setitem__, codes, increments), maxlen=0)
        least = max(min_size, 1)
        wanted = array(word, compress(range(span), map(ge, counts, repeat(least))))
        joined = [  # packed records too few alone, enough with those kept aside
            code
            for code, kept in spilled.items()
            if 0 < counts[code] < least and counts[code] + len(kept) >= min_size
        ]
        if joined:
            wanted = array(word, sorted([*wanted, *joined]))
        chosen = bytearray(span)
        deque(map(chosen.__setitem__, wanted, repeat(1)), maxlen=0)
        numbers = list(compress(range(total), map(chosen.__getitem__, codes)))
        numbers.sort(key=codes.__getitem__)  # stable: each group in the order added
        del codes, chosen
        key = self._key_of(radices)
        start = 0
        for code in wanted:
            end = start + counts[code]
            yield key(code), numbers[start:end] + spilled.get(code, [])
            start = end
        for code, kept in spilled.items():
            if not counts[code] and len(kept) >= min_size:
                yield key(code), kept

    def _sorted_groups(
        self, min_size: int, radices: list[int], spilled: dict[int, list[int]]
    ) -> Iterator[tuple[tuple[str, ...], list[int]]]:
        """:meth:`_groups` by sorting every record's ``code << shift | number``."""
        total = len(self._places)
        shift = max(total.bit_length(), 1)
        parts = self._parts
        if len(parts) == 2:  # (unit, vendor), the default: without a call per record
            radix = radices[0]
            order = [
                (second * radix + first) << shift | index
                for index, (first, second) in enumerate(zip(parts[0], parts[1], strict=True))
            ]
        elif parts:
            order = [
                _code(numbers, radices) << shift | index
                for index, numbers in enumerate(zip(*parts, strict=True))
            ]
        else:  # a key of no values: one group
            order = list(range(total))
        order.sort()
        key = self._key_of(radices)
        mask = (1 << shift) - 1
        start = 0
        while start < len(order):
            code = order[start] >> shift
            end = start + 1
            while end < len(order) and order[end] >> shift == code:
                end += 1
            extra = spilled.pop(code, [])
            if end - start + len(extra) >= min_size:
                yield key(code), [item & mask for item in order[start:end]] + extra
            start = end
        for code, extra in spilled.items():
            if len(extra) >= min_size:
                yield key(code), extra

    def extend(self, other: CandidateStore) -> None:
        """Append ``other``'s records after ``self``'s own, exactly as if each had been
        passed to :meth:`add` in ``other``'s order: :meth:`groups` then gives what one
        store fed serially gives. ``other`` is only read (it may have come from another
        process, pickled).

        Costs no object a record: ``other``'s numbers (key values, labels, sources) are
        mapped to ``self``'s through tables of what each holds once, and the arrays are
        extended at C speed. Sources are matched by file, sheet and equal column
        letters (a sheet read in parts by several processes has a letters mapping in
        each). Only when the sources would overflow their numbers are ``other``'s
        records added one by one.

        Raises:
            ValueError: the two stores' keys have different numbers of values.
        """
        if other is self:
            other = copy.deepcopy(other)
        if not other.count:
            return
        width = len(other._numbers)
        if not self.count and not self._numbers and width:  # the first key sets the width
            self._numbers = [{} for _ in range(width)]
            self._values = [[] for _ in range(width)]
            self._parts = [array("I") for _ in range(width)]
        elif self.count and len(self._numbers) != width:
            raise ValueError(f"keys of {len(self._numbers)} values expected, got {width}")
        sources = self._source_table(other)
        if sources is None:  # past the last source number: add one by one, exactly
            for key, candidate in other._records():
                self.add(key, *candidate)
            return
        tables = [
            _renumber(numbered, values, theirs)
            for numbered, values, theirs in zip(
                self._numbers, self._values, other._values, strict=True
            )
        ]
        before = len(self._places)
        for part, table, theirs in zip(self._parts, tables, other._parts, strict=True):
            _extend(part, table, theirs)
        if _identity(sources):
            self._places.extend(other._places)
        else:
            keep = ~(_MAX_SOURCE << _ROW_BITS)
            self._places.extend(  # a generator: no list of a number a record meanwhile
                place & keep | sources[place >> _ROW_BITS & _MAX_SOURCE] << _ROW_BITS
                for place in other._places
            )
        self._amounts.extend(other._amounts)
        self._ids.extend(map((len(self._arena) << 16).__add__, other._ids))
        self._arena += other._arena
        labels = _renumber(self._label_index, self._label_names, other._label_names)
        _extend(self._labels, labels, other._labels)
        self._spill.extend(
            (
                tuple(table[number] for table, number in zip(tables, numbers, strict=True)),
                candidate,
                before + position,
            )
            for numbers, candidate, position in other._spill
        )
        self.count += other.count

    def __getstate__(self) -> dict[str, Any]:
        """The arrays, the values seen once and the odd records; the indexes of values
        (rebuilt when unpickled) and what the last record was read from left out."""
        state = self.__dict__.copy()
        for name in ("_numbers", "_label_index", "_source_index", "_last_file"):
            del state[name]
        for name in ("_last_sheet", "_last_letters", "_last_source"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._numbers = [
            dict(zip(values, range(len(values)), strict=True)) for values in self._values
        ]
        self._label_index = dict(zip(self._label_names, range(len(self._label_names)), strict=True))
        self._source_index = {
            (file, sheet, id(letters)): index
            for index, (file, sheet, letters) in enumerate(self._sources)
        }
        self._last_file = self._last_sheet = self._last_letters = None
        self._last_source = 0

    def _source_table(self, other: CandidateStore) -> list[int] | None:
        """``self``'s number for each of ``other``'s sources, numbering new ones; ``None``
        (and nothing numbered) if they would not all fit, or if ``other``'s ran out."""
        known: dict[tuple[str, str | None, Any], int] = {}
        for index, (file, sheet, letters) in enumerate(self._sources):
            known.setdefault((file, sheet, _letters_token(letters)), index)
        tokens = [(file, sheet, _letters_token(letters)) for file, sheet, letters in other._sources]
        new = len({token for token in tokens if token not in known})
        if len(other._sources) > _MAX_SOURCE or len(self._sources) + new > _MAX_SOURCE + 1:
            return None
        table = []
        for token, (file, sheet, letters) in zip(tokens, other._sources, strict=True):
            index = known.get(token)
            if index is None:
                index = known[token] = len(self._sources)
                self._sources.append((file, sheet, letters))
                self._source_index[(file, sheet, id(letters))] = index
            table.append(index)
        return table

    def _records(self) -> Iterator[tuple[tuple[str, ...], Candidate]]:
        """Every ``(key, record)``, in the order they were added."""
        spill = iter(self._spill)
        pending = next(spill, None)
        for index in range(len(self._places)):
            while pending is not None and pending[2] <= index:
                yield self._values_of(pending[0]), pending[1]
                pending = next(spill, None)
            numbers = tuple(part[index] for part in self._parts)
            yield self._values_of(numbers), self._candidate(index)
        while pending is not None:
            yield self._values_of(pending[0]), pending[1]
            pending = next(spill, None)

    def _values_of(self, numbers: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(values[number] for values, number in zip(self._values, numbers, strict=True))

    def _candidate(self, index: int) -> Candidate:
        place, text = self._places[index], self._ids[index]
        file, sheet, letters = self._sources[place >> 31 & _MAX_SOURCE]
        start = text >> 16
        return Candidate(
            date.fromordinal(place >> 43),
            self._arena[start : start + (text & 0xFFFF)].decode("utf-8", "surrogatepass"),
            _unpack_amount(self._amounts[index]),
            Location(file, place & _MAX_ROW or None, None, sheet, letters=letters),
            self._label_names[self._labels[index]],
        )

    def _number(self, key: tuple[str, ...]) -> tuple[int, ...]:
        """Each key value's number, numbering new values (the first key sets the width)."""
        known = self._numbers
        if len(key) == 2 and len(known) == 2:  # (unit, vendor), the default grouping
            first, second = known[0].get(key[0]), known[1].get(key[1])
            if first is not None and second is not None:
                return (first, second)
        if not known and key:
            self._numbers = known = [{} for _ in key]
            self._values = [[] for _ in key]
            self._parts = [array("I") for _ in key]
        if len(key) != len(known):
            raise ValueError(f"keys of {len(known)} values expected, got {key!r}")
        numbers = []
        for value, numbered, values in zip(key, known, self._values, strict=True):
            number = numbered.get(value)
            if number is None:
                number = numbered[value] = len(values)
                values.append(value)
            numbers.append(number)
        return tuple(numbers)

    def _key_of(self, radices: list[int]) -> Callable[[int], tuple[str, ...]]:
        """The function giving the key of a code (for two values, one ``divmod``)."""
        if len(radices) == 2:
            radix, (firsts, seconds) = radices[0], self._values

            def pair(code: int) -> tuple[str, ...]:
                second, first = divmod(code, radix)
                return (firsts[first], seconds[second])

            return pair
        return lambda code: self._key(code, radices)

    def _key(self, code: int, radices: list[int]) -> tuple[str, ...]:
        values = []
        for radix, names in zip(radices, self._values, strict=True):
            code, number = divmod(code, radix)
            values.append(names[number])
        return tuple(values)

    def _source(self, where: Location) -> int | None:
        """The number of the table ``where`` points into, or ``None`` for a location
        kept whole (one with a column; one past the last source number)."""
        if where.column is not None:  # kept aside whatever was seen before, column and all
            return None
        token = (where.file, where.sheet, id(where.letters))
        index = self._source_index.get(token)
        if index is None:
            if len(self._sources) > _MAX_SOURCE:
                return None
            index = self._source_index[token] = len(self._sources)
            self._sources.append((where.file, where.sheet, where.letters))
        self._last_file, self._last_sheet, self._last_letters = (
            where.file,
            where.sheet,
            where.letters,
        )
        self._last_source = index
        return index


if native.speedups is not None:  # the C add works on CandidateStore's own arrays
    native.speedups.use_candidate_store(CandidateStore)


def candidate_adder() -> Callable[..., None]:
    """``add(store, key, day, ident, amount, where, label)``, what
    :meth:`CandidateStore.add` does: done in C for the usual record where the C
    speedups are on (:mod:`rectikit.native`), by that method otherwise."""
    if native.enabled():
        assert native.speedups is not None
        return native.speedups.add_candidate  # type: ignore[no-any-return]
    return CandidateStore.add


def _code(numbers: tuple[int, ...], radices: list[int]) -> int:
    """One number for a key's value numbers (mixed radix, first value lowest)."""
    code = 0
    for number, radix in zip(reversed(numbers), reversed(radices), strict=True):
        code = code * radix + number
    return code


def _renumber(numbered: dict[str, int], values: list[str], theirs: list[str]) -> list[int]:
    """The number of each of ``theirs`` (distinct values, in the order first seen) in
    ``numbered``/``values``, numbering the new ones in that order."""
    new = [value for value in theirs if value not in numbered]
    numbered.update(zip(new, range(len(values), len(values) + len(new)), strict=True))
    values.extend(new)
    return list(map(numbered.__getitem__, theirs))


def _identity(table: list[int]) -> bool:
    return table == list(range(len(table)))


def _extend(numbers: array[int], table: list[int], theirs: array[int]) -> None:
    """Append ``theirs`` to ``numbers``, each mapped through ``table``."""
    if _identity(table):
        numbers.extend(theirs)
    else:
        numbers.extend(map(table.__getitem__, theirs))


def _letters_token(letters: Mapping[str, str] | None) -> Any:
    """Equal for equal column-letter mappings (``None`` for none)."""
    return None if letters is None else frozenset(letters.items())


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


__all__ = ["Candidate", "CandidateStore", "candidate_adder"]
