"""Calendar arithmetic for rules: adding months, and periods inside a window.

RULES.md: adding N months keeps the day of the month, clamped to the month's last
day (Dec 31 + 6 months = Jun 30; Feb 29 + 12 months = Feb 28). A *period* rule judges
only periods lying wholly inside ``[since, as_of]``.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta

import attrs


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` years (Feb 29 becomes Feb 28 in a common year)."""
    return add_months(day, 12 * years)


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days`` days."""
    return day + timedelta(days=days)


@attrs.frozen(slots=True, order=True)
class Period:
    """A calendar period.

    Attributes:
        start: first day.
        end: last day (inclusive).
        label: its key in subjects: ``2023``, ``2023H1``, ``2023Q3``, ``2023-08``.
    """

    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies in the period."""
        return self.start <= day <= self.end

    def overlap(self, start: date, end: date) -> int:
        """Number of days of the closed interval ``[start, end]`` inside the period."""
        first = max(start, self.start)
        last = min(end, self.end)
        return (last - first).days + 1 if first <= last else 0


def year_period(year: int) -> Period:
    """The calendar year ``year``."""
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}")


def half_period(year: int, half: int) -> Period:
    """Half-year 1 (Jan–Jun) or 2 (Jul–Dec) of ``year``."""
    if half == 1:
        return Period(date(year, 1, 1), date(year, 6, 30), f"{year}H1")
    return Period(date(year, 7, 1), date(year, 12, 31), f"{year}H2")


def quarter_period(year: int, quarter: int) -> Period:
    """Quarter 1–4 of ``year``."""
    first = 3 * (quarter - 1) + 1
    end = add_months(date(year, first, 1), 3) - timedelta(days=1)
    return Period(date(year, first, 1), end, f"{year}Q{quarter}")


def month_period(year: int, month: int) -> Period:
    """Month ``month`` of ``year``."""
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), f"{year}-{month:02d}")


def _candidates(kind: str, year: int) -> Iterator[Period]:
    if kind == "year":
        yield year_period(year)
    elif kind == "half":
        yield from (half_period(year, h) for h in (1, 2))
    elif kind == "quarter":
        yield from (quarter_period(year, q) for q in (1, 2, 3, 4))
    elif kind == "month":
        yield from (month_period(year, m) for m in range(1, 13))
    else:
        raise ValueError(f"unknown period kind {kind!r}")


def periods_within(kind: str, since: date, as_of: date) -> list[Period]:
    """The periods of ``kind`` (year, half, quarter, month) wholly inside ``[since, as_of]``."""
    if since > as_of:
        return []
    return [
        period
        for year in range(since.year, as_of.year + 1)
        for period in _candidates(kind, year)
        if since <= period.start and period.end <= as_of
    ]


class PeriodFinder:
    """Which of some periods holds a day, found by bisection over their starts.

    The periods must be sorted and must not overlap, as :func:`periods_within` gives them.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, periods: Sequence[Period]) -> None:
        self._starts = [period.start for period in periods]
        self._ends = [period.end for period in periods]

    def index(self, day: date) -> int | None:
        """The position of the period holding ``day``, or ``None`` if none does."""
        position = bisect_right(self._starts, day) - 1
        if position >= 0 and day <= self._ends[position]:
            return position
        return None


def count_between(days: Sequence[date], start: date, end: date) -> int:
    """How many of the sorted ``days`` lie in ``[start, end]`` (by bisection)."""
    return bisect_right(days, end) - bisect_left(days, start)


def overlap_days(
    start_a: date | None, end_a: date | None, start_b: date | None, end_b: date | None
) -> tuple[date, date] | None:
    """The intersection of two closed intervals (``None`` bound = unbounded), or ``None``."""
    if start_a is None:
        start = date.min if start_b is None else start_b
    else:
        start = start_a if start_b is None or start_b < start_a else start_b
    if end_a is None:
        end = date.max if end_b is None else end_b
    else:
        end = end_a if end_b is None or end_a < end_b else end_b
    return (start, end) if start <= end else None


def merge_spans(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """The union of closed date intervals as sorted, disjoint, non-adjacent intervals."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(intervals):
        if merged and (start - merged[-1][1]).days <= 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def union_days(intervals: Iterable[tuple[date, date]]) -> int:
    """Number of distinct days covered by closed date intervals."""
    return sum((end - start).days + 1 for start, end in merge_spans(intervals))
