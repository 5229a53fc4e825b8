"""The official holiday calendar (RULES.md ITG "Festival days" and APT003 working days).

Facts checked against the State Council's arrangements: 2023 — 春节 01-21..27, 清明 04-05,
劳动节 04-29..05-03, 端午 06-22..24, 中秋 09-29 and 国庆 09-30..10-06 (one run, with the
adjusted working days Saturday 10-07 and Sunday 10-08), 元旦 2024 starting Saturday
2023-12-30; 2022 — 元旦 01-01..03 and the 元旦 run 2022-12-31..2023-01-02.
"""

from __future__ import annotations

from datetime import date

import pytest

from rectikit.model.official_calendar import (
    FESTIVALS,
    FestivalRun,
    OfficialCalendar,
    YearNotCovered,
    festival_name,
    package_covers,
)


def starts(runs: list[FestivalRun]) -> list[tuple[str, date]]:
    return [(run.festival, run.start) for run in runs]


# -- festival names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("国庆", "国庆"),
        (" 国庆节 ", "国庆"),
        ("中秋节", "中秋"),
        ("Mid-Autumn Festival", "中秋"),
        ("五一", "劳动节"),
        ("五一劳动节", "劳动节"),
        ("Labor Day", "劳动节"),
        ("元旦节", "元旦"),
        ("New Year's Day", "元旦"),
        ("清明节", "清明"),
        ("端午节", "端午"),
        ("Spring Festival", "春节"),
        ("抗战胜利纪念日", "抗战胜利纪念日"),
        ("重阳节", None),
        ("", None),
    ],
)
def test_festival_name_folds_aliases(name: str, expected: str | None) -> None:
    assert festival_name(name) == expected


# -- festival runs ----------------------------------------------------------------------


def test_runs_of_2023() -> None:
    runs = OfficialCalendar().festival_runs(2023, FESTIVALS)
    assert starts(runs) == [
        ("春节", date(2023, 1, 21)),
        ("清明", date(2023, 4, 5)),
        ("劳动节", date(2023, 4, 29)),
        ("端午", date(2023, 6, 22)),
        ("中秋", date(2023, 9, 29)),
        ("国庆", date(2023, 9, 30)),
        ("元旦", date(2023, 12, 30)),
    ]
    by_name = {run.festival: run for run in runs}
    assert by_name["春节"].end == date(2023, 1, 27)
    assert by_name["劳动节"].end == date(2023, 5, 3)
    # 中秋 and 国庆 share one block of days off, ending on 10-06
    assert by_name["中秋"].end == by_name["国庆"].end == date(2023, 10, 6)
    assert by_name["元旦"].end == date(2024, 1, 1)
    assert all(run.source == "calendar" for run in runs)


def test_2022_has_two_new_year_runs() -> None:
    runs = OfficialCalendar().festival_runs(2022, ["元旦"])
    assert [(run.start, run.end) for run in runs] == [
        (date(2022, 1, 1), date(2022, 1, 3)),
        (date(2022, 12, 31), date(2023, 1, 2)),
    ]
    # 2023 has no run starting in January: its New Year's Day belongs to 2022's run
    assert starts(OfficialCalendar().festival_runs(2023, ["元旦"])) == [
        ("元旦", date(2023, 12, 30))
    ]


def test_a_festival_split_by_another_is_one_run() -> None:
    """2017: 国庆 10-01..03 and 10-05..08 around 中秋 10-04 is one 国庆 run."""
    runs = OfficialCalendar().festival_runs(2017, ["国庆", "中秋"])
    assert starts(runs) == [("国庆", date(2017, 10, 1)), ("中秋", date(2017, 10, 4))]
    assert {run.end for run in runs} == {date(2017, 10, 8)}


def test_unnamed_weekend_days_do_not_split_a_run() -> None:
    """端午 2011: the package names 06-04 and 06-06 but not Sunday 06-05."""
    runs = OfficialCalendar().festival_runs(2011, ["端午"])
    assert [(run.start, run.end) for run in runs] == [(date(2011, 6, 4), date(2011, 6, 6))]


def test_runs_take_aliases_and_drop_duplicates() -> None:
    runs = OfficialCalendar().festival_runs(2023, ["国庆节", "国庆", "National Day"])
    assert starts(runs) == [("国庆", date(2023, 9, 30))]


def test_year_not_covered_has_no_runs_and_misses_every_festival() -> None:
    calendar = OfficialCalendar()
    assert not package_covers(2027)
    assert calendar.festival_runs(2027, FESTIVALS) == []
    assert calendar.missing_festivals(2027, FESTIVALS) == list(FESTIVALS)
    assert calendar.missing_festivals(2023, FESTIVALS) == []


def test_festival_dates_cover_a_year() -> None:
    calendar = OfficialCalendar(
        festival_dates={"国庆节": [date(2027, 10, 1)], "中秋": [date(2027, 9, 15)]}
    )
    assert calendar.missing_festivals(2027, ["中秋", "国庆"]) == []
    assert calendar.missing_festivals(2027, ["元旦", "中秋节", "国庆"]) == ["元旦"]
    runs = calendar.festival_runs(2027, ["国庆", "中秋", "元旦"])
    assert runs == [
        FestivalRun("中秋", date(2027, 9, 15), date(2027, 9, 15), "config"),
        FestivalRun("国庆", date(2027, 10, 1), date(2027, 10, 1), "config"),
    ]


def test_festival_dates_keep_two_runs_of_one_year() -> None:
    calendar = OfficialCalendar(festival_dates={"元旦": [date(2027, 12, 31), date(2027, 1, 1)]})
    assert starts(calendar.festival_runs(2027, ["元旦"])) == [
        ("元旦", date(2027, 1, 1)),
        ("元旦", date(2027, 12, 31)),
    ]


def test_festival_dates_correct_a_covered_year() -> None:
    calendar = OfficialCalendar(festival_dates={"国庆": [date(2023, 10, 1)]})
    assert starts(calendar.festival_runs(2023, ["中秋", "国庆"])) == [
        ("中秋", date(2023, 9, 29)),
        ("国庆", date(2023, 10, 1)),
    ]


def test_a_festival_the_package_does_not_know_needs_festival_dates() -> None:
    assert OfficialCalendar().missing_festivals(2023, ["国庆", "重阳"]) == ["重阳"]
    calendar = OfficialCalendar(festival_dates={"重阳": [date(2023, 10, 23)]})
    assert calendar.missing_festivals(2023, ["国庆", "重阳"]) == []
    assert starts(calendar.festival_runs(2023, ["重阳"])) == [("重阳", date(2023, 10, 23))]


# -- working days -----------------------------------------------------------------------


def test_national_day_2023_working_days() -> None:
    calendar = OfficialCalendar()
    assert calendar.is_workday(date(2023, 9, 28))
    assert not calendar.is_workday(date(2023, 9, 29))  # 中秋
    assert not calendar.is_workday(date(2023, 10, 2))  # 国庆, a Monday
    assert calendar.is_workday(date(2023, 10, 7))  # adjusted working Saturday
    assert calendar.is_workday(date(2023, 10, 8))  # adjusted working Sunday
    assert not calendar.is_workday(date(2023, 10, 14))  # an ordinary Saturday
    # 09-28, then 09-29..10-06 off, then 10-07, 10-08 and Monday 10-09 at work
    assert calendar.workdays_between(date(2023, 9, 28), date(2023, 10, 9)) == 4
    assert calendar.workdays_between(date(2023, 9, 29), date(2023, 10, 6)) == 0
    assert calendar.workdays_between(date(2023, 10, 7), date(2023, 10, 7)) == 1
    assert calendar.workdays_between(date(2023, 10, 9), date(2023, 10, 8)) == 0


def test_working_days_of_a_year_not_covered_raise() -> None:
    calendar = OfficialCalendar()
    assert not calendar.covers_workdays(2027)
    with pytest.raises(YearNotCovered) as caught:
        calendar.is_workday(date(2027, 3, 1))
    assert caught.value.year == 2027
    with pytest.raises(YearNotCovered):
        calendar.workdays_between(date(2026, 12, 30), date(2027, 1, 5))


def test_config_days_make_a_year_covered() -> None:
    calendar = OfficialCalendar(
        extra_holidays=[date(2027, 10, d) for d in range(1, 8)],
        extra_workdays=[date(2027, 9, 26), date(2027, 10, 9)],
    )
    assert calendar.covers_workdays(2027)
    assert not calendar.is_workday(date(2027, 10, 4))  # a configured holiday (Monday)
    assert calendar.is_workday(date(2027, 10, 9))  # a configured working Saturday
    assert not calendar.is_workday(date(2027, 10, 16))  # an ordinary Saturday
    assert calendar.is_workday(date(2027, 10, 11))  # an ordinary Monday
    # 09-27..30 (Mon-Thu) + 09-26 (adjusted Sunday) = 5; 10-01..07 off; 10-08 (Fri), 10-09 (Sat)
    assert calendar.workdays_between(date(2027, 9, 26), date(2027, 10, 9)) == 7


def test_config_days_correct_a_covered_year() -> None:
    calendar = OfficialCalendar(
        extra_holidays=[date(2023, 9, 28)], extra_workdays=[date(2023, 10, 14)]
    )
    assert not calendar.is_workday(date(2023, 9, 28))
    assert calendar.is_workday(date(2023, 10, 14))
