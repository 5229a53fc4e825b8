"""Filling rule-pack message templates, and how values show in messages and details."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar

from rectikit.model.values import format_amount


def format_value(value: Any) -> str:
    """A value as a message shows it: amounts ``52,000.00``, dates ISO."""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    return str(value)


def detail_value(value: Any) -> str:
    """A value as ``details`` reports it: exact, unformatted (``52000.00``)."""
    kind = type(value)
    if kind is str or kind is int or kind is Decimal:  # the usual ones, at once
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(detail_value(v) for v in value)
    return str(value)


_NONE: Mapping[str, Any] = MappingProxyType({})


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill a message template; unknown fields stay as written."""
    return Template(template).render(values)


class Template:
    """A message template read once, to be filled for many violations.

    Only the values the template names are formatted, and an amount seen before is
    not formatted again: a run of a hundred thousand violations repeats the same
    limits. Fills exactly as :func:`render` describes.
    """

    __slots__ = ("names", "text")

    _memo: ClassVar[dict[tuple[type, Any], str]] = {}
    _MEMO_SIZE: ClassVar[int] = 4096

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            parsed = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        except ValueError:  # unbalanced braces: format_map fails too, the text stays
            parsed = []
        self.names = tuple(
            dict.fromkeys(re.split(r"[.\[]", name, maxsplit=1)[0] for name in parsed)
        )

    def render(self, values: Mapping[str, Any], fallback: Mapping[str, Any] = _NONE) -> str:
        """The message for ``values`` (then ``fallback`` for names ``values`` lacks)."""
        fields = _Fields()
        for name in self.names:
            if name in values:
                fields[name] = self._format(values[name])
            elif name in fallback:
                fields[name] = self._format(fallback[name])
        try:
            return self.text.format_map(fields)
        except (ValueError, IndexError, AttributeError, KeyError):
            return self.text

    @classmethod
    def _format(cls, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return value  # type: ignore[no-any-return]
        if kind is int:
            return str(value)
        if kind is not Decimal:
            return format_value(value)
        key = (Decimal, value)  # equal amounts format alike, whatever their exponent
        found = cls._memo.get(key)
        if found is None:
            if len(cls._memo) >= cls._MEMO_SIZE:
                cls._memo.clear()
            found = cls._memo[key] = format_value(value)
        return found
