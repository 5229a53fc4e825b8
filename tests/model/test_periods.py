"""Calendar arithmetic of RULES.md "Dates": adding months, periods in a window, day unions."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectikit.model.periods import (
    PeriodFinder,
    add_days,
    add_months,
    add_years,
    count_between,
    half_period,
    merge_spans,
    month_period,
    overlap_days,
    periods_within,
    quarter_period,
    union_days,
    year_period,
)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 12, 31), 6, date(2024, 6, 30)),  # RULES.md: Dec 31 + 6 months = Jun 30
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # Feb 29 + 12 months = Feb 28
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2023, 3, 15), 0, date(2023, 3, 15)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # crosses a year
        (date(2023, 3, 31), -1, date(2023, 2, 28)),  # backwards, clamped
        (date(2023, 1, 15), -1, date(2022, 12, 15)),
        (date(2020, 2, 29), 48, date(2024, 2, 29)),  # leap to leap keeps the 29th
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_years_and_days() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2021, 6, 20), 3) == date(2024, 6, 20)
    assert add_days(date(2023, 12, 31), 1) == date(2024, 1, 1)
    # "within N days after X" includes X+N
    assert add_days(date(2023, 1, 1), 30) == date(2023, 1, 31)


def test_period_constructors() -> None:
    assert year_period(2023).label == "2023"
    assert year_period(2024).days == 366
    h1, h2 = half_period(2023, 1), half_period(2023, 2)
    assert (h1.start, h1.end, h1.label) == (date(2023, 1, 1), date(2023, 6, 30), "2023H1")
    assert (h2.start, h2.end, h2.label) == (date(2023, 7, 1), date(2023, 12, 31), "2023H2")
    q1, q4 = quarter_period(2024, 1), quarter_period(2023, 4)
    assert (q1.end, q1.label, q1.days) == (date(2024, 3, 31), "2024Q1", 91)
    assert (q4.start, q4.end) == (date(2023, 10, 1), date(2023, 12, 31))
    feb = month_period(2024, 2)
    assert (feb.end, feb.label) == (date(2024, 2, 29), "2024-02")
    assert feb.contains(date(2024, 2, 29)) and not feb.contains(date(2024, 3, 1))


def labels(kind: str, since: date, as_of: date) -> list[str]:
    return [p.label for p in periods_within(kind, since, as_of)]


def test_periods_within_full_year_window() -> None:
    since, as_of = date(2023, 1, 1), date(2023, 12, 31)
    assert labels("year", since, as_of) == ["2023"]
    assert labels("half", since, as_of) == ["2023H1", "2023H2"]
    assert labels("quarter", since, as_of) == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert len(labels("month", since, as_of)) == 12


def test_periods_within_only_whole_periods() -> None:
    # a window starting mid-February and ending mid-November
    since, as_of = date(2023, 2, 15), date(2023, 11, 15)
    assert labels("year", since, as_of) == []
    assert labels("half", since, as_of) == []
    assert labels("quarter", since, as_of) == ["2023Q2", "2023Q3"]
    months = labels("month", since, as_of)
    assert months[0] == "2023-03" and months[-1] == "2023-10" and len(months) == 8


def test_periods_within_boundaries_and_several_years() -> None:
    # the last day of a period is enough for it to be wholly inside
    assert labels("quarter", date(2023, 1, 1), date(2023, 3, 31)) == ["2023Q1"]
    assert labels("quarter", date(2023, 1, 1), date(2023, 3, 30)) == []
    assert labels("year", date(2021, 1, 1), date(2023, 6, 30)) == ["2021", "2022"]
    assert labels("half", date(2022, 7, 1), date(2023, 6, 30)) == ["2022H2", "2023H1"]
    assert periods_within("month", date(2023, 5, 1), date(2023, 4, 1)) == []


def test_periods_within_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="week"):
        periods_within("week", date(2023, 1, 1), date(2023, 12, 31))


def test_union_days() -> None:
    d = date
    assert union_days([]) == 0
    assert union_days([(d(2023, 1, 1), d(2023, 1, 1))]) == 1
    # overlapping intervals count each day once
    assert union_days([(d(2023, 1, 1), d(2023, 1, 10)), (d(2023, 1, 5), d(2023, 1, 20))]) == 20
    # adjacent intervals merge; gaps do not count
    assert union_days([(d(2023, 1, 11), d(2023, 1, 20)), (d(2023, 1, 1), d(2023, 1, 10))]) == 20
    assert union_days([(d(2023, 1, 1), d(2023, 1, 10)), (d(2023, 1, 21), d(2023, 1, 30))]) == 20
    # a contained interval adds nothing
    assert union_days([(d(2023, 1, 1), d(2023, 12, 31)), (d(2023, 3, 1), d(2023, 3, 5))]) == 365


def test_overlap_days() -> None:
    d = date
    assert overlap_days(d(2023, 1, 1), d(2023, 6, 30), d(2023, 3, 1), None) == (
        d(2023, 3, 1),
        d(2023, 6, 30),
    )
    assert overlap_days(None, None, d(2023, 1, 1), d(2023, 1, 2)) == (d(2023, 1, 1), d(2023, 1, 2))
    assert overlap_days(d(2023, 1, 1), d(2023, 1, 31), d(2023, 2, 1), d(2023, 2, 28)) is None


DAYS = st.dates(date(2021, 11, 1), date(2025, 2, 1))
BOUNDS = st.one_of(st.none(), DAYS)


@given(BOUNDS, BOUNDS, BOUNDS, BOUNDS)
def test_overlap_days_is_the_days_both_intervals_hold(
    a: date | None, b: date | None, c: date | None, e: date | None
) -> None:
    both = overlap_days(a, b, c, e)
    lo = max(x for x in (a, c, date.min) if x is not None)
    hi = min(x for x in (b, e, date.max) if x is not None)
    assert both == ((lo, hi) if lo <= hi else None)


@pytest.mark.parametrize("kind", ["year", "half", "quarter", "month"])
@given(st.lists(DAYS, max_size=40))
def test_period_finder_and_count_between_agree_with_contains(kind: str, days: list[date]) -> None:
    periods = periods_within(kind, date(2022, 1, 1), date(2024, 6, 30))
    finder = PeriodFinder(periods)
    for day in days:
        holding = [i for i, period in enumerate(periods) if period.contains(day)]
        assert finder.index(day) == (holding[0] if holding else None)
    ordered = sorted(days)
    for period in periods:
        assert count_between(ordered, period.start, period.end) == sum(map(period.contains, days))


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2021, 12, 31), None),
        (date(2022, 1, 1), "2022-01"),
        (date(2022, 1, 31), "2022-01"),
        (date(2022, 2, 1), "2022-02"),
        (date(2024, 2, 29), "2024-02"),
        (date(2024, 6, 30), "2024-06"),
        (date(2024, 7, 1), None),
    ],
)
def test_period_finder_at_month_boundaries(day: date, label: str | None) -> None:
    periods = periods_within("month", date(2022, 1, 1), date(2024, 6, 30))
    index = PeriodFinder(periods).index(day)
    assert (None if index is None else periods[index].label) == label


def test_period_finder_with_no_periods_or_a_gap() -> None:
    assert PeriodFinder([]).index(date(2023, 1, 1)) is None
    gappy = PeriodFinder([month_period(2023, 1), month_period(2023, 3)])
    assert gappy.index(date(2023, 2, 28)) is None
    assert gappy.index(date(2023, 3, 1)) == 1


@given(st.lists(st.tuples(DAYS, DAYS).map(sorted), max_size=6))
def test_merge_spans_keeps_the_days_and_separates_the_spans(spans: list[list[date]]) -> None:
    intervals = [(start, end) for start, end in spans]
    merged = merge_spans(intervals)
    covered = {
        start + timedelta(days=n) for start, end in intervals for n in range((end - start).days + 1)
    }
    assert union_days(intervals) == len(covered)
    assert sum((end - start).days + 1 for start, end in merged) == len(covered)
    assert all(start <= end for start, end in merged)
    assert all((later[0] - earlier[1]).days > 1 for earlier, later in pairwise(merged))
    assert all(start in covered and end in covered for start, end in merged)


def test_merge_spans_with_unbounded_ends() -> None:
    spans = [(date.min, date(2023, 1, 1)), (date(2023, 1, 2), date.max)]
    assert merge_spans(spans) == [(date.min, date.max)]
    assert union_days([(date(2023, 1, 1), date.max)]) == (date.max - date(2023, 1, 1)).days + 1


@given(DAYS, DAYS)
def test_period_overlap_counts_the_shared_days(a: date, b: date) -> None:
    start, end = sorted((a, b))
    for period in periods_within("quarter", date(2022, 1, 1), date(2024, 12, 31)):
        shared = sum(
            period.contains(start + timedelta(days=n)) for n in range((end - start).days + 1)
        )
        assert period.overlap(start, end) == shared
