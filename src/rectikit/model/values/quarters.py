"""Calendar quarters: the ordered value class :class:`Quarter` and :func:`parse_quarter`.

Quarters are written ``2023Q3``, ``2023年第三季度`` and the like; the quarter number
may be a Chinese numeral.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import attrs

from rectikit.model.values.dates import MAX_YEAR, MIN_YEAR
from rectikit.model.values.errors import BadValue, ValueParseError
from rectikit.model.values.numerals import cn_integer
from rectikit.model.values.text import fold


def _check_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, got {value!r}")
    if not 1 <= value <= 9999:
        raise ValueError(f"{attribute.name} must be in 1..9999, got {value}")


def _check_quarter_number(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, got {value!r}")
    if not 1 <= value <= 4:
        raise ValueError(f"{attribute.name} must be in 1..4, got {value}")


@attrs.frozen(order=True)
class Quarter:
    """A calendar quarter, ordered by time; ``str()`` gives ``2023Q3``.

    Attributes:
        year: the calendar year (1..9999).
        number: the quarter, 1..4.
    """

    year: int = attrs.field(validator=_check_year)
    number: int = attrs.field(validator=_check_quarter_number)

    @property
    def start(self) -> date:
        """The first day of the quarter."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    @classmethod
    def of(cls, d: date) -> Quarter:
        """The quarter that contains ``d``."""
        return cls(d.year, (d.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}Q{self.number}"


_QUARTER_RES = (
    re.compile(r"(?P<year>[0-9]{4})(?:年|[-_/.])?q(?P<n>[0-9]{1,2})"),
    re.compile(
        r"(?P<year>[0-9]{4})年?第?(?P<n>[0-9]{1,2}|[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})季度?"
    ),
)


def parse_quarter(value: Any) -> Quarter:
    """Parse a calendar quarter.

    Accepts :class:`Quarter` and strings (full-width too, any case, spaces
    ignored) for years 1900..2999: ``2023Q3``, ``2023q3``, ``2023-Q3``,
    ``2023 Q3``, ``2023年Q3``, ``2023年第三季度``, ``2023年3季度``,
    ``2023年第3季度``, ``2023年三季度``, ``2023年第三季``.

    Raises:
        ValueParseError: with ``type_name`` ``"quarter"``, also for blank input and
            quarter numbers outside 1..4.
    """
    if isinstance(value, Quarter):
        return value
    if not isinstance(value, str):
        raise ValueParseError("quarter", value, "blank" if value is None else "")
    s = fold(value)
    if not s:
        raise ValueParseError("quarter", value, "blank")
    for pattern in _QUARTER_RES:
        match = pattern.fullmatch(s)
        if match:
            break
    else:
        raise ValueParseError("quarter", value, "")
    year, n = int(match["year"]), match["n"]
    try:
        number = int(n) if n.isdigit() else cn_integer(n)
    except BadValue as exc:
        raise ValueParseError("quarter", value, exc.reason) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueParseError("quarter", value, f"year outside {MIN_YEAR}..{MAX_YEAR}")
    if not 1 <= number <= 4:
        raise ValueParseError("quarter", value, "quarter number must be 1..4")
    return Quarter(year, number)
