"""Worksheet cells to Python values, as openpyxl reads them with ``data_only=True``.

``t="s"`` shared string, ``t="inlineStr"`` inline string, ``t="str"`` formula text,
``t="b"`` boolean, ``t="e"`` error text (``"#N/A"``), ``t="d"`` ISO date, and numbers
(``t="n"`` or no ``t``): an ``int`` when the text has no ``.``/``E``, else a ``Decimal``
(via the float's ``repr``, see :func:`cell_value`), or a date/time when the cell's style
shows one. Formulas give their cached value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from rectikit.readers.formats.tables import ReadError
from rectikit.readers.formats.xlsx_styles import WINDOWS_EPOCH, from_excel, from_iso

#: Excel's last column (XFD).
MAX_COLUMNS = 16_384

#: What openpyxl gives a date cell whose serial no ``datetime`` can hold.
BAD_DATE = "#VALUE!"

_CACHE_SIZE = 4096

#: Decoded texts kept per workbook (each at most :data:`_CACHED_TEXT` characters).
_TEXT_CACHE_SIZE = 32_768
_CACHED_TEXT = 128


class CellError(ReadError):
    """A cell whose value cannot be read (a number that is not one, a missing shared
    string); the message names the problem, the caller adds the cell."""


def cell_value(value: object) -> object:
    """A cell value as the reader layer returns it: floats become ``Decimal``.

    ``Decimal(repr(value))`` keeps the shortest decimal form Excel shows; whole floats
    drop their ``.0`` (``25000.0`` → ``Decimal("25000")``) like the integers openpyxl
    returns for whole numbers stored without a fraction.
    """
    if isinstance(value, float):
        number = Decimal(repr(value))
        return number.to_integral_value() if value.is_integer() else number
    return value


def column_letter(number: int) -> str:
    """The spreadsheet letter of 1-based column ``number`` (1 -> A, 27 -> AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_COLUMNS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """The 0-based column of ``letters`` (``A`` -> 0).

    Raises:
        CellError: not 1–3 upper-case letters, or beyond column XFD.
    """
    index = _COLUMNS.get(letters)
    if index is not None:
        return index
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()) or (
        not letters.isupper()
    ):
        raise CellError(f"bad cell reference {letters!r}")
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    if number > MAX_COLUMNS:
        raise CellError(f"column {letters} is beyond Excel's last column XFD")
    _COLUMNS[letters] = number - 1
    return number - 1


_REF_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def split_reference(ref: str) -> tuple[str, int]:
    """``"B7"`` -> (``"B"``, 7).

    Raises:
        CellError: not a cell reference.
    """
    match = _REF_RE.match(ref)
    if match is None:
        raise CellError(f"bad cell reference {ref!r}")
    return match.group(1), int(match.group(2))


def number(text: str) -> int | float:
    """The number of a numeric cell's text, as openpyxl casts it.

    Raises:
        CellError: the text is not a number.
    """
    try:
        if "." in text or "E" in text or "e" in text:
            return float(text)
        return int(text)
    except ValueError:
        raise CellError(f"{text!r} is not a number") from None


_HEX = re.compile("[0-9a-fA-F]+")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class BadText(ValueError):
    """Text with a reference XML does not allow (``&foo;``, ``&#0;``)."""


def _character(reference: str) -> str:
    """The character of ``reference`` (between ``&`` and ``;``)."""
    named = _NAMED.get(reference)
    if named is not None:
        return named
    try:
        if reference[:2] == "#x":
            if _HEX.fullmatch(reference, 2) is None:
                raise ValueError
            code = int(reference[2:], 16)
        elif reference[:1] == "#" and reference[1:].isascii() and reference[1:].isdigit():
            code = int(reference[1:])
        else:
            raise ValueError
    except ValueError:
        raise BadText(f"undefined entity &{reference[:20]};") from None
    if (
        0x20 <= code <= 0xD7FF
        or code in (0x9, 0xA, 0xD)
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        return chr(code)
    raise BadText(f"character reference &{reference[:20]}; is not allowed in XML")


def unescape(text: str) -> str:
    """Raw XML character data with its references replaced (``&amp;`` -> ``&``,
    ``&#24207;`` -> ``序``), as an XML parser reports it.

    Raises:
        BadText: an ``&`` that starts no reference XML allows.
    """
    head, *pieces = text.split("&")
    out = [head]
    for piece in pieces:
        reference, semicolon, rest = piece.partition(";")
        if not semicolon or not reference:
            raise BadText(f"stray '&' in {text[:40]!r}")
        out.append(_character(reference))
        out.append(rest)
    return "".join(out)


class CellValues:
    """Converts cells for one workbook (its shared strings, date styles and epoch)."""

    def __init__(
        self,
        shared_strings: Sequence[str] = (),
        date_styles: frozenset[int] = frozenset(),
        timedelta_styles: frozenset[int] = frozenset(),
        epoch: dt.datetime = WINDOWS_EPOCH,
    ) -> None:
        self.shared_strings = shared_strings
        self.date_styles = date_styles
        self.timedelta_styles = timedelta_styles
        self.epoch = epoch
        #: The date styles as their canonical attribute text ("14"), for the fast path.
        self.date_style_texts = frozenset(str(style) for style in date_styles)
        #: Numeric text -> value, shared with the fast path.
        self.number_cache: dict[str, object] = {}
        #: Raw text with references -> decoded text, shared with the fast path.
        self.text_cache: dict[str, str] = {}
        self._dates: dict[tuple[str, int], object] = {}
        self._shared_by_text: dict[str, str] | None = None

    def value(self, kind: str | None, style: int, text: str | None, inline: str | None) -> object:
        """The value of a cell of type ``kind`` and style index ``style`` whose ``<v>``
        holds ``text`` (``None`` without one) and, for ``inlineStr``, whose ``<is>``
        holds ``inline`` (``None`` without one).

        Raises:
            CellError: the text does not fit the type.
        """
        if kind == "inlineStr":
            return inline
        if not text:
            return None
        if kind is None or kind == "n":
            if style in self.date_styles:
                return self.date(text, style)
            return self.number(text)
        if kind == "s":
            return self.shared(text)
        if kind == "b":
            try:
                return bool(int(text))
            except ValueError:
                raise CellError(f"{text!r} is not a boolean") from None
        if kind == "d":
            try:
                return from_iso(text)
            except ValueError:
                raise CellError(f"{text!r} is not an ISO 8601 date") from None
        return text  # "str", "e" and types openpyxl does not know: the text itself

    def unescape(self, text: str) -> str:
        """:func:`unescape`, remembering short texts (ledgers repeat names)."""
        found = self.text_cache.get(text)
        if found is None:
            found = unescape(text)
            if len(text) <= _CACHED_TEXT:
                if len(self.text_cache) >= _TEXT_CACHE_SIZE:
                    self.text_cache.clear()
                self.text_cache[text] = found
        return found

    def number(self, text: str) -> object:
        """A numeric cell's value (``int`` or ``Decimal``); see :func:`number`."""
        found = self.number_cache.get(text)
        if found is None:
            found = cell_value(number(text))
            if len(self.number_cache) >= _CACHE_SIZE:
                self.number_cache.clear()
            self.number_cache[text] = found
        return found

    def date(self, text: str, style: int) -> object:
        """A numeric cell with a date style: ``datetime``, ``time`` or ``timedelta``
        (:data:`BAD_DATE` when the serial is out of range, as openpyxl does)."""
        key = (text, style)
        found = self._dates.get(key)
        if found is None:
            serial = number(text)
            try:
                found = from_excel(serial, self.epoch, style in self.timedelta_styles)
            except (OverflowError, ValueError):
                found = BAD_DATE
            if len(self._dates) >= _CACHE_SIZE:
                self._dates.clear()
            self._dates[key] = found
        return found

    @property
    def shared_by_text(self) -> dict[str, str]:
        """Index text ("0", "1", ...) -> shared string, for the fast path (built once)."""
        if self._shared_by_text is None:
            self._shared_by_text = {str(i): text for i, text in enumerate(self.shared_strings)}
        return self._shared_by_text

    def shared(self, text: str) -> str:
        """The shared string a ``t="s"`` cell's index points to."""
        try:
            index = int(text)
        except ValueError:
            raise CellError(f"{text!r} is not a shared-string index") from None
        if not 0 <= index < len(self.shared_strings):
            raise CellError(
                f"shared string {index} does not exist "
                f"(the workbook has {len(self.shared_strings)})"
            )
        return self.shared_strings[index]
