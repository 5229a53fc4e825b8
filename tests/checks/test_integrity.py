"""ITG001 and ITG002 share one fold of the records in a run, and judge as if alone."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import check_data

from rectikit.checks.base import CheckContext
from rectikit.checks.integrity import PairFold, TalksPerHalfYear, TalksPerYear
from rectikit.model.periods import Period, merge_spans, periods_within
from rectikit.plugins import Registry

DATA = {
    "staff": [
        {"name": "张三", "division": "办公室", "start": "2022-01-01"},
        {"name": "李四", "division": "办公室", "start": "2023-07-01"},
        {"name": "王五", "division": "财务处"},
    ],
    "oversight": [
        {"leader": "谢军", "division": "办公室"},
        {"leader": "刘明", "division": "财务处", "end": "2023-05-31"},
    ],
    "talks": [
        {"date": "2023-03-01", "leader": "谢军", "staff": "张三", "form": "一对一"},
        {"date": "2023-02-01", "leader": "刘明", "staff": "王五", "form": "集体"},
    ],
}


def _found(result: object) -> set[tuple[str, str]]:
    return {(v.code, v.subject) for v in result.violations}  # type: ignore[attr-defined]


def test_together_as_alone(tmp_path: Path, registry: Registry) -> None:
    results = {}
    for name, select in {
        "one": ["ITG001"],
        "two": ["ITG002"],
        "both": ["ITG001", "ITG002"],
    }.items():
        folder = tmp_path / name
        folder.mkdir()
        results[name] = _found(check_data(folder, registry, DATA, select=select))
    assert results["one"] and results["two"]
    assert results["both"] == results["one"] | results["two"]


def test_the_second_check_reads_the_first_ones_fold(registry: Registry) -> None:
    shared: dict = {}
    checks = []
    for cls in (TalksPerYear, TalksPerHalfYear):
        rule = registry.rules[cls.code]
        context = CheckContext(
            rule=rule,
            params={"min_per_year": 2},
            as_of=None,
            since=None,
            shared=shared,  # type: ignore[arg-type]
        )
        checks.append(cls(context))
    first, second = checks
    assert first.fold is second.fold is shared[PairFold]
    assert first.folds and not second.folds


# -- counts at period boundaries ---------------------------------------------------------

#: since/as_of of the boundary tests: the years 2022 and 2023, the halves up to 2024H1
WINDOW = (date(2022, 1, 1), date(2024, 6, 30))

BOUNDARY_DATA = {
    "staff": [
        # 张三: two adjacent stints, from the first day of 2022H2 on
        {"name": "张三", "division": "办公室", "start": "2022-07-01", "end": "2023-12-31"},
        {"name": "张三", "division": "办公室", "start": "2024-01-01"},
        # 李四: a stint with an overlapping one inside it, a gap of two days, another stint
        {"name": "李四", "division": "办公室", "start": "2022-01-01", "end": "2022-06-29"},
        {"name": "李四", "division": "办公室", "start": "2022-03-01", "end": "2022-04-30"},
        {"name": "李四", "division": "办公室", "start": "2022-07-02", "end": "2023-06-30"},
    ],
    "oversight": [
        {"leader": "谢军", "division": "办公室"},
        {"leader": "刘明", "division": "办公室", "start": "2022-03-31", "end": "2023-09-30"},
    ],
    "talks": [
        *(
            {"date": day, "leader": "谢军", "staff": "张三", "form": "一对一"}
            for day in ("2021-12-31", "2022-07-01", "2023-06-30", "2024-01-01", "2024-01-01")
        ),
        {"date": "2024-07-01", "leader": "谢军", "staff": "张三", "form": "一对一"},
        *(
            {"date": day, "leader": "谢军", "staff": "李四", "form": "一对一"}
            for day in ("2022-06-30", "2022-12-31", "2023-01-01", "2023-12-31")
        ),
        *(
            {"date": day, "leader": "刘明", "staff": "张三", "form": "一对一"}
            for day in ("2022-12-31", "2022-12-31", "2022-12-31", "2023-09-30", "2023-10-01")
        ),
        {"date": "2022-06-30", "leader": "刘明", "staff": "李四", "form": "集体"},
        {"date": "2023-01-01", "leader": "刘明", "staff": "李四", "form": "一对一"},
    ],
}


def _on(value: str | None, default: date) -> date:
    return default if value is None else date.fromisoformat(value)


def _held(leader: str, staff: str, day: date) -> bool:
    """Whether the pair holds on ``day`` in BOUNDARY_DATA, worked out day by day."""
    leads = [row for row in BOUNDARY_DATA["oversight"] if row["leader"] == leader]
    stints = [row for row in BOUNDARY_DATA["staff"] if row["name"] == staff]
    return any(
        _on(a.get("start"), date.min) <= day <= _on(a.get("end"), date.max)
        and _on(b.get("start"), date.min) <= day <= _on(b.get("end"), date.max)
        for a in leads
        for b in stints
    )


def _days(period: Period) -> list[date]:
    return [period.start + timedelta(days=n) for n in range(period.days)]


def _talks(leader: str, staff: str, period: Period) -> int:
    return sum(
        row["leader"] == leader
        and row["staff"] == staff
        and row["form"] == "一对一"
        and period.start <= date.fromisoformat(row["date"]) <= period.end
        for row in BOUNDARY_DATA["talks"]
    )


PAIRS = [("刘明", "张三"), ("刘明", "李四"), ("谢军", "张三"), ("谢军", "李四")]


def test_itg001_counts_talks_and_days_up_to_each_years_first_and_last_day(
    tmp_path: Path, registry: Registry
) -> None:
    since, as_of = WINDOW
    config = {"params": {"ITG001": {"min_per_year": 50}}}
    result = check_data(
        tmp_path,
        registry,
        BOUNDARY_DATA,
        select=["ITG001"],
        since=since,
        as_of=as_of,
        config=config,
    )
    expected = {}
    for leader, staff in PAIRS:
        for year in periods_within("year", since, as_of):
            days = sum(_held(leader, staff, day) for day in _days(year))
            required = -(-50 * days // year.days)
            count = _talks(leader, staff, year)
            if count < required:
                expected[f"{leader}|{staff}|{year.label}"] = (str(count), str(required), str(days))
    found = {
        v.subject: (v.details["count"], v.details["required"], v.details["pair_days"])
        for v in result.violations
    }
    assert found == expected
    assert found["谢军|李四|2022"] == ("2", "50", "363")  # Jul 1 and Jun 30 not held


def test_itg002_a_talk_on_a_halfs_first_or_last_day_counts_for_it(
    tmp_path: Path, registry: Registry
) -> None:
    since, as_of = WINDOW
    result = check_data(
        tmp_path, registry, BOUNDARY_DATA, select=["ITG002"], since=since, as_of=as_of
    )
    expected = sorted(
        f"{leader}|{staff}|{half.label}"
        for leader, staff in PAIRS
        for half in periods_within("half", since, as_of)
        if all(_held(leader, staff, day) for day in _days(half))
        and _talks(leader, staff, half) == 0
    )
    assert sorted(v.subject for v in result.violations) == expected
    assert "谢军|张三|2023H2" in expected and "谢军|张三|2022H2" not in expected


@st.composite
def _spans(draw: st.DrawFn) -> list[tuple[date, date]]:
    """Closed intervals around 2022–2024, unbounded ends included."""
    days = st.one_of(
        st.dates(date(2021, 11, 1), date(2025, 2, 1)), st.sampled_from([date.min, date.max])
    )
    spans = []
    for _ in range(draw(st.integers(1, 4))):
        start, end = sorted((draw(days), draw(days)))
        spans.append((start, end))
    return spans


@given(_spans(), st.lists(st.dates(date(2021, 11, 1), date(2025, 2, 1)), max_size=30))
@settings(max_examples=60, deadline=None)
def test_pair_fold_per_period_figures_match_a_day_by_day_count(
    spans: list[tuple[date, date]], talks: list[date]
) -> None:
    fold = PairFold()
    fold.talks[("谢军", "张三")] = list(talks)
    merged = merge_spans(spans)
    for kind in ("year", "half", "quarter", "month"):
        periods = periods_within(kind, date(2022, 1, 1), date(2024, 12, 31))
        held = [sum(any(s <= day <= e for s, e in spans) for day in _days(p)) for p in periods]
        counted = [sum(p.start <= day <= p.end for day in talks) for p in periods]
        assert fold.days_per_period(spans, periods) == held
        assert fold.days_per_period(merged, periods) == held
        assert [fold.days_in(spans, p) for p in periods] == held
        assert fold.talks_per_period("谢军", "张三", periods) == counted
        assert [fold.talks_in("谢军", "张三", p) for p in periods] == counted
        assert fold.talks_per_period("谢军", "李四", periods) == [0] * len(periods)
