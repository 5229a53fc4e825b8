"""Dates in report text: ``2023年5月26日``, ``5月26日至6月9日`` and the like, read by a
:class:`_Calendar`. Dates written without a year take the inspection's year (else the
report's); a date that would fall before the inspection started is taken to be in the
following year. A month written ``X`` (redacted) makes the date unknown."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_M = r"[0-9]{1,2}|X+"
_DATE = rf"(?:(?P<y>[0-9]{{4}})年)?(?P<m>{_M})月(?P<d>[0-9]{{1,2}}|X+)[日号]"
_RANGE_END = (
    rf"(?:\s*(?:至|到|—|–|－|-|~|～)\s*"
    rf"(?:(?P<y2>[0-9]{{4}})年)?(?:(?P<m2>{_M})月)?(?P<d2>[0-9]{{1,2}})[日号])?"
)
_DATE_RANGE = re.compile(rf"(?<![0-9X]){_DATE}{_RANGE_END}")


@dataclass
class _Calendar:
    """Resolves dates written without a year (see the module docstring)."""

    year: int | None = None
    started: date | None = None

    def day(self, year: str | None, month: str | None, day: str | None) -> date | None:
        if not month or not day or not month.isdigit() or not day.isdigit():
            return None
        explicit = year is not None
        y = int(year) if year else self.year
        if y is None:
            return None
        try:
            found = date(y, int(month), int(day))
        except ValueError:
            return None
        if not explicit and self.started is not None and found < self.started:
            try:
                found = date(y + 1, found.month, found.day)
            except ValueError:  # 2月29日 of the next year
                return None
        return found

    def last_day(self, year: str | None, month: int, part: str | None) -> date | None:
        """The last day of ``month`` (of its first or second ten days for 上旬/中旬)."""
        y = int(year) if year else self.year
        if y is None or not 1 <= month <= 12:
            return None
        found = _month_end(y, month, part)
        if year is None and self.started is not None and found < self.started:
            found = _month_end(y + 1, month, part)
        return found


def _month_end(year: int, month: int, part: str | None) -> date:
    if part == "上旬":
        return date(year, month, 10)
    if part in ("中旬", "中"):
        return date(year, month, 20)
    return date(year, month, calendar.monthrange(year, month)[1])


def _range_dates(match: re.Match[str], cal: _Calendar) -> tuple[date | None, date | None]:
    """The first and the last day of a ``_DATE_RANGE`` match."""
    first = cal.day(match.group("y"), match.group("m"), match.group("d"))
    if match.group("d2") is None:
        return first, first
    month = match.group("m2") or match.group("m")
    year = match.group("y2") or match.group("y")
    if first is not None and year is None:
        year = str(first.year)
    last = cal.day(year, month, match.group("d2"))
    if first is not None and last is not None and last < first and match.group("y2") is None:
        last = cal.day(str(first.year + 1), month, match.group("d2"))
    return first, last
