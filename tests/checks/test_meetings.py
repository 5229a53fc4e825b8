"""MTG checks beyond the data cases: DAT006 for meetings, what a violation says, OrgIndex.

The data cases (``tests/rules/cases/meetings.toml``) select one MTG code each; DAT006 is
a diagnostic shared with the talks (``TalkReferences``), so it is tested here: each of
its checks runs when its own kinds are present.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support import Dataset, check_data

from rectikit.checks.meetings import MeetingReferences
from rectikit.checks.org_index import OrgIndex
from rectikit.engine.config import ConfigError
from rectikit.engine.params import coerce_param
from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.periods import add_months, periods_within
from rectikit.model.records import PartyOrg
from rectikit.plugins import Registry

ORGS = [
    {"id": "B1", "name": "第一党支部", "type": "党支部", "elected": "2022-06-01"},
    {"id": "B2", "name": "第二党支部（机关）", "type": "党支部", "elected": "2022-06-01"},
]


def run(
    directory: Path,
    registry: Registry,
    select: Sequence[str] | None,
    data: Dataset,
    **options: Any,
) -> CheckResult:
    """:func:`support.check_data` with ``select`` first; DAT006 is a data error these tests
    look for, so data errors (and run warnings) are allowed."""
    return check_data(
        directory,
        registry,
        data,
        select=select,
        allow_data_errors=True,
        allow_warnings=True,
        **options,
    )


def dat006(result: CheckResult) -> list[tuple[str, str, str | None, int | None, str | None]]:
    """The DAT006 diagnostics as (kind, subject, file, row, column), sorted."""
    return sorted(
        (v.kind or "", v.subject, v.location.file, v.location.row, v.location.column)
        for v in result.data_errors
        if v.code == "DAT006"
    )


# -- DAT006 for meetings ----------------------------------------------------------------


def test_dat006_unknown_meeting_org(tmp_path: Path, registry: Registry) -> None:
    meetings = [
        {"org": "B1", "type": "支委会", "date": "2023-01-05"},
        {"org": "第一党支部", "type": "支委会", "date": "2023-02-05"},
        {"org": "第二党支部(机关)", "type": "支委会", "date": "2023-02-05"},
        {"org": "第九党支部", "type": "党员大会", "date": "2023-03-05"},
        {"org": "B9", "type": "党课", "date": "2023-03-05"},
    ]
    result = run(tmp_path, registry, ["DAT006"], {"party_orgs": ORGS, "meetings": meetings})
    assert dat006(result) == [
        ("meetings", "B9", "meetings.json", 5, "org"),
        ("meetings", "第九党支部", "meetings.json", 4, "org"),
    ]
    v = next(v for v in result.data_errors if v.subject == "第九党支部")
    assert v.message == "党组织“第九党支部”不在党组织台账中"
    assert v.severity.value == "warning"
    assert v.details == {"name": "第九党支部"}


def test_dat006_meeting_message_in_english(tmp_path: Path, registry: Registry) -> None:
    meetings = [{"org": "第九党支部", "type": "支委会", "date": "2023-01-05"}]
    result = run(
        tmp_path, registry, ["DAT006"], {"party_orgs": ORGS, "meetings": meetings}, lang="en"
    )
    (v,) = result.data_errors
    assert v.message == "meeting organization '第九党支部' is not in the party organizations"


def test_dat006_meetings_not_judged_without_party_orgs(tmp_path: Path, registry: Registry) -> None:
    meetings = [{"org": "第九党支部", "type": "支委会", "date": "2023-01-05"}]
    result = run(tmp_path, registry, ["DAT006"], {"meetings": meetings})
    assert dat006(result) == []
    assert "DAT006" in result.rules_run
    assert not result.warnings


def test_dat006_with_empty_party_orgs_flags_every_meeting(
    tmp_path: Path, registry: Registry
) -> None:
    meetings = [{"org": "B1", "type": "支委会", "date": "2023-01-05"}]
    result = run(tmp_path, registry, ["DAT006"], {"party_orgs": [], "meetings": meetings})
    assert dat006(result) == [("meetings", "B1", "meetings.json", 1, "org")]


def test_dat006_party_orgs_alone_reports_nothing(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, ["DAT006"], {"party_orgs": ORGS})
    assert dat006(result) == []
    assert "DAT006" not in result.not_run


def test_dat006_runs_with_any_selection_unless_ignored(tmp_path: Path, registry: Registry) -> None:
    """Diagnostics run whatever is selected (settings.select_rules) unless ignored."""
    meetings = [{"org": "第九党支部", "type": "支委会", "date": "2023-01-05"}]
    data = {"party_orgs": ORGS, "meetings": meetings}
    result = run(tmp_path, registry, ["MTG002"], data, as_of=date(2023, 1, 31))
    assert dat006(result) == [("meetings", "第九党支部", "meetings.json", 1, "org")]
    assert sorted(v.subject for v in result.violations) == ["B1|2023-01", "B2|2023-01"]
    ignored = run(tmp_path, registry, ["MTG002"], data, as_of=date(2023, 1, 31), ignore=["DAT006"])
    assert dat006(ignored) == []
    assert len(ignored.violations) == 2


# -- DAT006 for talks and meetings together ------------------------------------------------

TALK_DATA = {
    "staff": [{"name": "张三", "division": "办公室"}],
    "oversight": [{"leader": "谢军", "division": "办公室"}],
    "talks": [
        {"date": "2023-03-15", "leader": "谢军", "staff": "张三"},
        {"date": "2023-04-15", "leader": "王五", "staff": "张三"},
    ],
}
MEETING_DATA = {
    "party_orgs": ORGS,
    "meetings": [
        {"org": "B1", "type": "支委会", "date": "2023-01-05"},
        {"org": "第九党支部", "type": "支委会", "date": "2023-01-05"},
    ],
}


def test_dat006_talks_and_meetings_both_present(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, ["DAT006"], {**TALK_DATA, **MEETING_DATA})
    assert dat006(result) == [
        ("meetings", "第九党支部", "meetings.json", 2, "org"),
        ("talks", "王五", "talks.json", 2, "leader"),
    ]
    assert "DAT006" in result.rules_run
    assert not result.warnings


def test_dat006_talks_only(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, ["DAT006"], TALK_DATA)
    assert dat006(result) == [("talks", "王五", "talks.json", 2, "leader")]
    assert "DAT006" in result.rules_run


def test_dat006_meetings_only(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, ["DAT006"], MEETING_DATA)
    assert dat006(result) == [("meetings", "第九党支部", "meetings.json", 2, "org")]
    assert "DAT006" in result.rules_run


def test_dat006_with_everything_selected(tmp_path: Path, registry: Registry) -> None:
    """A full run (no select) reports both kinds' DAT006 once each."""
    result = run(tmp_path, registry, None, {**TALK_DATA, **MEETING_DATA})
    assert dat006(result) == [
        ("meetings", "第九党支部", "meetings.json", 2, "org"),
        ("talks", "王五", "talks.json", 2, "leader"),
    ]


# -- what an MTG violation says -------------------------------------------------------------


def test_mtg_violation_location_details_and_message(tmp_path: Path, registry: Registry) -> None:
    data = {
        "party_orgs": ORGS,
        "meetings": [
            {"org": "B1", "type": "党员大会", "date": "2023-02-01"},
            {"org": "第二党支部（机关）", "type": "党员大会", "date": "2023-02-01"},
        ],
    }
    config = {"params": {"MTG001": {"min_count": 2}}}
    result = run(tmp_path, registry, ["MTG001"], data, as_of=date(2023, 3, 31), config=config)
    found = sorted(result.violations, key=lambda v: v.subject)
    assert [v.subject for v in found] == ["B1|2023Q1", "B2|2023Q1"]
    v = found[1]
    assert (v.location.file, v.location.row, v.location.column) == ("party_orgs.json", 2, None)
    assert v.kind == "party_orgs"
    assert (v.name, v.severity.value) == ("members-meeting-quarterly", "warning")
    assert v.details == {
        "org": "第二党支部（机关）",
        "org_id": "B2",
        "period": "2023Q1",
        "count": "1",
        "min_count": "2",
    }
    assert v.message == "第二党支部（机关）（B2）2023Q1 召开党员大会 1 次，少于应开 2 次"
    assert v.citation.startswith("《中国共产党支部工作条例（试行）》第十一条")


def test_mtg_message_shows_the_period_figure(tmp_path: Path, registry: Registry) -> None:
    """The message shows the min_count in force on the period's start, not on as_of."""
    data = {"party_orgs": ORGS[:1], "meetings": []}
    config = {"params": {"MTG": {"sets": [{"effective": "2023-03-01", "min_count": 3}]}}}
    result = run(
        tmp_path, registry, ["MTG002"], data, as_of=date(2023, 3, 31), config=config, lang="en"
    )
    by_subject = {v.subject: v for v in result.violations}
    assert sorted(by_subject) == ["B1|2023-01", "B1|2023-02", "B1|2023-03"]
    assert by_subject["B1|2023-02"].details["min_count"] == "1"
    assert by_subject["B1|2023-03"].details["min_count"] == "3"
    assert by_subject["B1|2023-03"].message == (
        "第一党支部 (B1) held 0 branch committee meetings in 2023-03, fewer than the 3 required"
    )


def test_every_mtg_rule_runs_on_one_dataset(tmp_path: Path, registry: Registry) -> None:
    orgs = [{**ORGS[0], "has_groups": "是"}]
    result = run(
        tmp_path, registry, ["MTG"], {"party_orgs": orgs, "meetings": []}, since=date(2023, 1, 1)
    )
    codes = {v.code for v in result.violations}
    assert codes == {f"MTG00{i}" for i in range(1, 8)}
    assert {c for c in result.rules_run if c.startswith("MTG")} == codes
    counts = {code: sum(v.code == code for v in result.violations) for code in codes}
    assert counts == {
        "MTG001": 4,
        "MTG002": 12,
        "MTG003": 12,
        "MTG004": 4,
        "MTG005": 12,
        "MTG006": 1,
        "MTG007": 1,
    }


def test_mtg_not_run_without_meetings(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, ["MTG"], {"party_orgs": ORGS})
    assert result.violations == ()
    assert sorted(result.not_run) == [f"MTG00{i}" for i in range(1, 8)]
    assert all("meetings" in reason for reason in result.not_run.values())


def test_unknown_applies_to_type_is_a_config_error(tmp_path: Path, registry: Registry) -> None:
    config = {"params": {"MTG001": {"applies_to": ["branch", "党小组"]}}}
    with pytest.raises(ConfigError, match=r"\[params.MTG001\] applies_to: '党小组' is not"):
        run(tmp_path, registry, ["MTG001"], {"party_orgs": ORGS, "meetings": []}, config=config)


def test_unknown_applies_to_in_a_dated_set_is_a_config_error(
    tmp_path: Path, registry: Registry
) -> None:
    config = {"params": {"MTG": {"sets": [{"effective": "2023-07-01", "applies_to": ["x"]}]}}}
    with pytest.raises(ConfigError, match=r"sets\]\] #1: applies_to: 'x' is not"):
        run(tmp_path, registry, ["MTG002"], {"party_orgs": ORGS, "meetings": []}, config=config)


def test_applies_to_accepts_canonical_and_chinese_names() -> None:
    assert coerce_param("org_types", ["branch", "党总支", " 党委 ", "纪委", "支部"]) == (
        "branch",
        "general_branch",
        "committee",
        "discipline",
    )
    assert coerce_param("org_types", []) == ()


# -- counts at period boundaries ---------------------------------------------------------

#: since/as_of of the boundary tests: two whole years, a whole half of 2024 and a window
#: end that cuts no month, so months, quarters and years all start and end inside it
WINDOW = (date(2022, 1, 1), date(2024, 6, 30))


def boundary_days() -> list[date]:
    """A meeting day list around every month boundary from Dec 2021 to Jul 2024.

    Each month's first day gets 0 to 4 meetings and its last day 1 or 2, in turns of
    different lengths, so a meeting counted in the period next to its own changes the
    counts of both.
    """
    days: list[date] = []
    for index in range(-1, 31):  # Dec 2021 .. Jul 2024
        first = add_months(date(2022, 1, 1), index)
        last = add_months(first, 1) - timedelta(days=1)
        days += [first] * (index % 5) + [last] * (index % 2 + 1)
    return days


@pytest.mark.parametrize(
    ("code", "kind", "meeting_type"),
    [
        ("MTG001", "quarter", "党员大会"),
        ("MTG002", "month", "支委会"),
        ("MTG003", "month", "党小组会"),
        ("MTG004", "quarter", "党课"),
        ("MTG005", "month", "主题党日"),
        ("MTG006", "year", "组织生活会"),
        ("MTG007", "year", "民主评议党员"),
    ],
)
def test_mtg_counts_meetings_on_the_first_and_last_day_of_each_period(
    tmp_path: Path, registry: Registry, code: str, kind: str, meeting_type: str
) -> None:
    """Every period of the window is reported (min_count 99) with the count of the
    meetings dated from its first to its last day, each organization its own."""
    days = boundary_days()
    orgs = [{**ORGS[0], "has_groups": "是"}, {**ORGS[1], "has_groups": "是"}]
    meetings = [{"org": "B1", "type": meeting_type, "date": d.isoformat()} for d in days]
    # B2, named by name, meets only on the boundaries of even months
    b2_days = [d for d in days if d.month % 2 == 0]
    meetings += [
        {"org": "第二党支部（机关）", "type": meeting_type, "date": d.isoformat()} for d in b2_days
    ]
    meetings += [{"org": "B1", "type": "工作例会", "date": "2023-03-31"}]  # no MTG type
    since, as_of = WINDOW
    config = {"params": {code: {"min_count": 99}}}
    result = run(
        tmp_path,
        registry,
        [code],
        {"party_orgs": orgs, "meetings": meetings},
        since=since,
        as_of=as_of,
        config=config,
    )
    periods = periods_within(kind, since, as_of)
    expected = {
        f"{org_id}|{period.label}": str(sum(period.start <= d <= period.end for d in held))
        for org_id, held in (("B1", days), ("B2", b2_days))
        for period in periods
    }
    found = {v.subject: v.details["count"] for v in result.violations if v.code == code}
    assert found == expected
    assert len(set(expected.values())) > 2  # the counts differ from period to period


# -- helpers -------------------------------------------------------------------------------


def org(org_id: str, name: str, *, row: int = 1, **fields: Any) -> PartyOrg:
    """A PartyOrg record as the readers build it."""
    return PartyOrg(
        id=org_id,
        name=name,
        type=fields.pop("type", "branch"),
        elected=date(2022, 6, 1),
        location=Location("party_orgs.json", row),
        **fields,
    )


def test_org_index_resolves_ids_then_names() -> None:
    index = OrgIndex()
    index.add(org("B1", "第一党支部"))
    index.add(org(" B2 ", "综合党支部"))
    index.add(org("B3", "综合党支部"))
    index.add(org("B4", "B1"))
    index.add(org("B1", "重复编号"))  # a duplicate id keeps the first
    assert index.resolve("B1") == ["B1"]
    assert index.resolve(" 第一党支部 ") == ["B1"]
    assert index.resolve("B2") == ["B2"]
    assert index.resolve("综合党支部") == ["B2", "B3"]
    assert index.resolve("重复编号") == []
    assert index.resolve("") == []
    assert not index.knows("第九党支部")


def test_org_index_folds_width_case_and_spaces() -> None:
    index = OrgIndex()
    index.add(org("Dz-01", "第一党支部（机关）"))
    index.add(org("B2", "Office Branch"))
    assert index.resolve("第一党支部(机关)") == ["Dz-01"]
    assert index.resolve("ＤＺ－０１") == ["Dz-01"]
    assert index.resolve("dz-01") == ["Dz-01"]
    assert index.resolve("office  branch") == ["B2"]
    assert index.resolve("第一党支部") == []


def test_org_index_active_skips_dissolved_and_other_types() -> None:
    index = OrgIndex()
    index.add(org("B2", "第二党支部"))
    index.add(org("B1", "第一党支部"))
    index.add(org("B3", "第三党支部", status="dissolved"))
    index.add(org("G1", "机关党总支", type="general_branch"))
    assert [o.id for o in index.active({"branch"})] == ["B1", "B2"]
    assert [o.id for o in index.active({"branch", "general_branch"})] == ["B1", "B2", "G1"]
    assert index.active(()) == []


def test_meeting_references_declares_its_kinds() -> None:
    assert MeetingReferences.code == "DAT006"
    assert MeetingReferences.kinds == ("meetings",)
    assert MeetingReferences.optional_kinds == ("party_orgs",)
