"""Enumerated cells: map a value or any of its aliases to its canonical value.

:class:`EnumLookup` is a prepared table; :func:`parse_enum` builds and caches one per
mapping of choices. Matching is under :func:`~rectikit.model.values.normalize_text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rectikit.model.values.errors import ValueParseError
from rectikit.model.values.text import normalize_text


class EnumLookup:
    """A prepared table for :func:`parse_enum`: build once, call :meth:`parse` often.

    ``choices`` maps each canonical value to its aliases, e.g.
    ``{"self": ["自行采购", "单位自行采购"], "agent": ["委托代理"]}``. The canonical
    value itself is accepted too. A single string given as the aliases counts as
    one alias, not as a sequence of characters.

    Raises:
        ValueError: when an alias (after :func:`normalize_text`) is blank or belongs
            to two canonical values.
    """

    __slots__ = ("_table", "canonical")

    def __init__(self, choices: Mapping[str, Sequence[str]]) -> None:
        table: dict[str, str] = {}
        for canonical, aliases in choices.items():
            names = [aliases] if isinstance(aliases, str) else list(aliases or ())
            for name in [canonical, *names]:
                key = normalize_text(str(name))
                if not key:
                    raise ValueError(f"blank alias for enum value {canonical!r}")
                other = table.setdefault(key, canonical)
                if other != canonical:
                    raise ValueError(f"alias {name!r} belongs to both {other!r} and {canonical!r}")
        self._table = table
        #: The canonical values, in the order given.
        self.canonical: tuple[str, ...] = tuple(choices)

    def parse(self, value: Any) -> str:
        """The canonical value that ``value`` names.

        Strings are matched under :func:`normalize_text`; an ``int`` (not ``bool``)
        is matched as its decimal string.

        Raises:
            ValueParseError: with ``type_name`` ``"enum"``; the reason lists the
                canonical values.
        """
        if isinstance(value, str):
            found = self._table.get(normalize_text(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            found = self._table.get(str(value))
        else:
            found = None
        if found is None:
            raise ValueParseError("enum", value, "expected one of: " + ", ".join(self.canonical))
        return found

    def __repr__(self) -> str:
        return f"EnumLookup({', '.join(self.canonical)})"


_ENUM_CACHE: dict[int, tuple[Mapping[str, Sequence[str]], EnumLookup]] = {}
_ENUM_CACHE_SIZE = 256


def _lookup_for(choices: Mapping[str, Sequence[str]]) -> EnumLookup:
    cached = _ENUM_CACHE.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    lookup = EnumLookup(choices)
    if len(_ENUM_CACHE) >= _ENUM_CACHE_SIZE:
        try:
            del _ENUM_CACHE[next(iter(_ENUM_CACHE))]
        except (KeyError, StopIteration, RuntimeError):  # another thread got there first
            pass
    # The cache holds ``choices`` itself, so its id cannot be reused while cached.
    _ENUM_CACHE[id(choices)] = (choices, lookup)
    return lookup


def parse_enum(value: Any, choices: Mapping[str, Sequence[str]] | EnumLookup) -> str:
    """Map ``value`` to the canonical value of ``choices`` that it names.

    ``choices`` maps canonical values to aliases (see :class:`EnumLookup`); the
    input matches a canonical value or any of its aliases under
    :func:`normalize_text`. The lookup table built from ``choices`` is cached per
    mapping object, so repeated calls are cheap -- do not mutate ``choices`` after
    use, or pass a prepared :class:`EnumLookup` instead.

    Raises:
        ValueParseError: with ``type_name`` ``"enum"``; the reason lists the
            canonical values.
    """
    lookup = choices if isinstance(choices, EnumLookup) else _lookup_for(choices)
    return lookup.parse(value)
