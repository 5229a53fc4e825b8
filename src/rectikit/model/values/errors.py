"""The error every value parser raises, and the internal failure it is built from.

Parsers raise :class:`BadValue` with a short reason while they work and convert it to
:class:`ValueParseError` at their public entry point, so that callers only ever see
:class:`ValueParseError`. :class:`BadValue` is shared by the modules of this package and
is not re-exported from it.
"""

from __future__ import annotations


class ValueParseError(ValueError):
    """A raw value that does not parse as the wanted type.

    Attributes:
        type_name: the wanted type: ``amount``, ``number``, ``int``, ``date``,
            ``bool``, ``quarter`` or ``enum``.
        value: the raw input, unchanged.
        reason: a short English explanation, possibly ``""``.
    """

    def __init__(self, type_name: str, value: object, reason: str = "") -> None:
        super().__init__(type_name, value, reason)
        self.type_name = type_name
        self.value = value
        self.reason = reason

    def __str__(self) -> str:
        shown = repr(self.value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = f"cannot parse {shown} as {self.type_name}"
        return f"{message}: {self.reason}" if self.reason else message


class BadValue(Exception):
    """Internal failure carrying a reason; converted to :class:`ValueParseError`."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
