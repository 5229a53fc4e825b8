"""ITG004 beyond the data cases: CFG001 for years the calendar does not cover, where a
breach points and what it says.

The data cases (``tests/rules/cases/integrity.toml``) only see ITG004's own violations;
``CFG001`` is a diagnostic about the rule, so it is tested here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from support import check_data, of

from rectikit.checks.festivals import canonical_festivals
from rectikit.engine.result import CheckResult
from rectikit.plugins import Registry

REMINDED_2023 = [
    {"date": "2023-01-11", "title": "春节前廉洁提醒"},
    {"date": "2023-03-26", "title": "清明节廉洁提醒"},
    {"date": "2023-04-28", "title": "五一廉洁提醒"},
    {"date": "2023-06-15", "title": "端午廉洁提醒"},
    {"date": "2023-09-20", "title": "中秋国庆廉洁提醒"},
]

DATES_2027 = {
    "元旦": ["2027-01-01"],
    "春节": ["2027-02-06"],
    "清明": ["2027-04-05"],
    "劳动节": ["2027-05-01"],
    "端午": ["2027-06-09"],
    "中秋": ["2027-09-15"],
    "国庆": ["2027-10-01"],
}


def run(
    directory: Path,
    registry: Registry,
    notices: list[dict[str, str]],
    *,
    select: Sequence[str] = ("ITG004",),
    **options: Any,
) -> CheckResult:
    """:func:`support.check_data` on a ``notices.json`` of ``notices``, ITG004 selected."""
    return check_data(directory, registry, {"notices": notices}, select=select, **options)


# -- CFG001: a year the calendar does not cover -------------------------------------------


def test_year_not_covered_is_cfg001(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, [], since=date(2027, 1, 1), as_of=date(2027, 12, 31))
    assert "ITG004" in result.rules_run
    assert of(result, "ITG004") == []
    (note,) = of(result, "CFG001")
    assert note.subject == "ITG004|2027"
    assert note.severity.value == "info"
    assert (note.location.file, note.location.row) == ("rectikit.toml", None)
    assert note.details == {"rule": "ITG004"}
    assert "2027" in note.message
    assert "元旦、春节、清明、劳动节、端午、中秋、国庆" in note.message
    assert "[params.ITG004]" in note.message and "festival_dates" in note.message


def test_cfg001_in_english(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, [], since=date(2027, 1, 1), as_of=date(2027, 3, 1), lang="en")
    (note,) = of(result, "CFG001")
    assert note.message.startswith("rule ITG004 cannot judge 2027")
    assert "set festival_dates under [params.ITG004]" in note.message


def test_cfg001_names_only_the_festivals_missing(tmp_path: Path, registry: Registry) -> None:
    dates = {k: v for k, v in DATES_2027.items() if k not in ("端午", "中秋")}
    config = {"params": {"ITG004": {"festival_dates": dates}}}
    result = run(
        tmp_path,
        registry,
        [],
        since=date(2027, 1, 1),
        as_of=date(2027, 12, 31),
        config=config,
    )
    (note,) = of(result, "CFG001")
    assert "端午、中秋" in note.message and "国庆" not in note.message.split("；")[0]
    # the configured festivals are judged
    assert sorted(v.subject for v in of(result, "ITG004")) == sorted(
        f"{name}|2027" for name in dates
    )


def test_configured_year_has_no_cfg001(tmp_path: Path, registry: Registry) -> None:
    config = {"params": {"ITG": {"festival_dates": DATES_2027}}}
    notices = [{"date": "2027-09-25", "title": "国庆节前廉洁提醒"}]
    result = run(
        tmp_path,
        registry,
        notices,
        since=date(2027, 1, 1),
        as_of=date(2027, 12, 31),
        config=config,
    )
    assert of(result, "CFG001") == []
    found = sorted(v.subject for v in of(result, "ITG004"))
    assert found == sorted(f"{name}|2027" for name in DATES_2027 if name != "国庆")


def test_cfg001_per_uncovered_year_of_the_window(tmp_path: Path, registry: Registry) -> None:
    """2026 is covered and judged; 2027 and 2028 each get one CFG001."""
    result = run(tmp_path, registry, [], since=date(2026, 1, 1), as_of=date(2028, 6, 30))
    assert sorted(v.subject for v in of(result, "CFG001")) == ["ITG004|2027", "ITG004|2028"]
    assert len(of(result, "ITG004")) == 7
    assert {v.subject.split("|")[1] for v in of(result, "ITG004")} == {"2026"}


def test_cfg001_follows_the_festivals_param(tmp_path: Path, registry: Registry) -> None:
    config = {"params": {"ITG004": {"festivals": ["国庆节"], "festival_dates": {}}}}
    result = run(
        tmp_path,
        registry,
        [],
        since=date(2027, 1, 1),
        as_of=date(2027, 12, 31),
        config=config,
    )
    (note,) = of(result, "CFG001")
    assert "国庆" in note.message and "元旦" not in note.message


def test_cfg001_can_be_ignored(tmp_path: Path, registry: Registry) -> None:
    result = run(
        tmp_path,
        registry,
        [],
        since=date(2027, 1, 1),
        as_of=date(2027, 12, 31),
        select=("ITG004",),
        ignore=("CFG001",),
    )
    assert result.violations == ()


def test_covered_year_has_no_cfg001(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, REMINDED_2023)
    assert of(result, "CFG001") == []


# -- where an ITG004 breach points and what it says ---------------------------------------


def test_breach_points_at_the_notices_file(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, REMINDED_2023)
    (v,) = of(result, "ITG004")
    assert v.subject == "元旦|2023"
    assert (v.location.file, v.location.row, v.location.column) == ("notices.json", None, None)
    assert (v.kind, v.severity.value, v.name) == (
        "notices",
        "warning",
        "festival-integrity-reminder",
    )
    assert v.details == {
        "festival": "元旦",
        "year": "2023",
        "holiday": "2023-12-30",
        "window_start": "2023-12-20",
        "window_end": "2023-12-29",
        "lead_days": "10",
        "keywords": "廉",
    }
    assert v.message == (
        "元旦（2023-12-30 起放假）前未发布廉洁提醒："
        "2023-12-20 至 2023-12-29 无标题或主题含“廉”的通知"
    )
    assert v.citation.startswith("巡察整改措施：")


def test_breach_with_an_empty_notices_file_points_at_that_file(
    tmp_path: Path, registry: Registry
) -> None:
    result = run(tmp_path, registry, [], since=date(2023, 9, 30), as_of=date(2023, 10, 31))
    (v,) = of(result, "ITG004")
    assert v.subject == "国庆|2023"
    assert (v.location.file, v.location.row) == ("notices.json", None)


def test_breach_in_english_follows_the_dated_lead_days(tmp_path: Path, registry: Registry) -> None:
    config = {"params": {"ITG": {"sets": [{"effective": "2023-07-01", "lead_days": 5}]}}}
    result = run(
        tmp_path,
        registry,
        [],
        since=date(2023, 9, 30),
        as_of=date(2023, 10, 31),
        config=config,
        lang="en",
    )
    (v,) = of(result, "ITG004")
    assert v.details["lead_days"] == "5"
    assert v.message == (
        "no integrity reminder before 国庆 (holiday from 2023-09-30): no notice with 廉 "
        "in its title or topic dated 2023-09-25 to 2023-09-29"
    )


def test_two_failing_runs_of_one_year_are_one_breach(tmp_path: Path, registry: Registry) -> None:
    config = {"params": {"ITG": {"festivals": ["元旦"]}}}
    result = run(
        tmp_path,
        registry,
        [],
        since=date(2022, 1, 1),
        as_of=date(2022, 12, 31),
        config=config,
    )
    (v,) = of(result, "ITG004")
    assert v.subject == "元旦|2022"
    assert v.details["holiday"] == "2022-01-01"
    assert v.details["holidays"] == "2022-01-01、2022-12-31"


def test_festival_dropped_by_a_dated_set_is_not_judged_after_it(
    tmp_path: Path, registry: Registry
) -> None:
    config = {
        "params": {"ITG": {"sets": [{"effective": "2023-07-01", "festivals": ["春节", "国庆"]}]}}
    }
    result = run(tmp_path, registry, [], config=config)
    assert sorted(v.subject for v in of(result, "ITG004")) == sorted(
        ["春节|2023", "清明|2023", "劳动节|2023", "端午|2023", "国庆|2023"]
    )


def test_not_run_without_a_notices_file(tmp_path: Path, registry: Registry) -> None:
    result = check_data(
        tmp_path,
        registry,
        {"meetings": []},
        select=["ITG004"],
        as_of=date(2027, 12, 31),
        since=date(2027, 1, 1),
        allow_data_errors=True,
        allow_warnings=True,
    )
    assert "ITG004" in result.not_run
    assert result.violations == ()  # not run: not even CFG001


def test_canonical_festivals() -> None:
    assert canonical_festivals(["中秋节", "中秋", " 国庆 ", "重阳", ""]) == ["中秋", "国庆", "重阳"]
