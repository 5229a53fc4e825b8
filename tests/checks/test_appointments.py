"""APT checks beyond the data cases: CFG001 for a year the calendar does not cover, where
the violations point, what their details and messages say; and the same for DUL.

The data cases (``tests/rules/cases/appointments.toml``, ``dual_life.toml``) check
subjects, severities and boundaries; the case runner only sees violations of the rule
under test, so the ``CFG001`` that APT003 reports for an uncovered year is tested here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import check_data, of

from rectikit.checks.appointments import CHECKS as APT_CHECKS
from rectikit.checks.appointments import PublicityTooShort
from rectikit.checks.base import CheckContext
from rectikit.checks.dual_life import CHECKS as DUL_CHECKS
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.engine.packs import load_pack
from rectikit.model.official_calendar import package_covers
from rectikit.plugins import Registry

APT_RULES = {rule.code: rule for rule in load_pack(builtin_pack("appointments.toml"))}
DUL_RULES = {rule.code: rule for rule in load_pack(builtin_pack("dual_life.toml"))}

#: a year the installed chinese-calendar does not cover (it covers 2004..2026)
UNCOVERED = 2027


def promotion(id_: str, start: str, end: str, **fields: str) -> dict[str, str]:
    """An appointments row: a vetted promotion approved before it takes effect."""
    return {
        "id": id_,
        "person": fields.pop("person", "张三"),
        "org": "机关党委",
        "position": fields.pop("position", "专职副书记"),
        "promotion": "是",
        "vetted": "是",
        "approved": fields.pop("approved", "2023-08-03"),
        "effective": fields.pop("effective", "2023-08-20"),
        "publicity_start": start,
        "publicity_end": end,
        **fields,
    }


# -- the packs -------------------------------------------------------------------------


def test_packs_declare_the_catalog() -> None:
    expected = {
        "APT001": ("appointment-not-approved-first", "error", "id"),
        "APT002": ("promotion-without-vetting", "error", "id"),
        "APT003": ("publicity-too-short", "error", "id"),
        "DUL001": ("dual-life-attendance", "warning", "leader|YYYYQn"),
        "DUL002": ("dual-life-unsigned", "warning", "leader|YYYYQn"),
    }
    rules = {**APT_RULES, **DUL_RULES}
    assert set(rules) == set(expected)
    for code, (name, severity, subject) in expected.items():
        rule = rules[code]
        assert (rule.name, rule.severity.value, rule.subject) == (name, severity, subject)
        assert rule.citation and rule.description and rule.remedy.get("zh")
        assert rule.title.get("en") and rule.message.get("en") and rule.remedy.get("en")
        assert rule.examples.get("pass") and rule.examples.get("fail")
    params = APT_RULES["APT003"].params
    assert params["publicity_workdays"].default == 5
    assert params["extra_holidays"].default == () and params["extra_workdays"].default == ()
    assert {c.code for c in APT_CHECKS} == set(APT_RULES)
    assert {c.code for c in DUL_CHECKS} == set(DUL_RULES)


@pytest.mark.parametrize("code", ["APT001", "APT002", "APT003", "DUL001", "DUL002"])
def test_pack_examples_pass_and_fail(code: str, registry: Registry, tmp_path: Path) -> None:
    rule = {**APT_RULES, **DUL_RULES}[code]
    kind = rule.kinds[0]
    for verdict in ("pass", "fail"):
        directory = tmp_path / verdict
        directory.mkdir()
        result = check_data(
            directory, registry, {kind: [dict(rule.examples[verdict])]}, select=[code]
        )
        assert bool(of(result, code)) == (verdict == "fail"), (verdict, of(result, code))


# -- APT003: a year the calendar does not cover ----------------------------------------


def test_the_calendar_does_not_cover_the_test_year() -> None:
    assert not package_covers(UNCOVERED)
    assert package_covers(2023)


def test_uncovered_year_reports_cfg001_once_and_skips_the_records(
    registry: Registry, tmp_path: Path
) -> None:
    rows = [
        promotion("A1", "2027-01-11", "2027-01-11", effective="2027-02-01"),
        promotion("A2", "2027-03-01", "2027-03-02", effective="2027-03-20"),
        promotion("A3", "2023-08-07", "2023-08-08"),
    ]
    result = check_data(tmp_path, registry, {"appointments": rows}, select=["APT003"])
    assert [v.subject for v in of(result, "APT003")] == ["A3"]
    (note,) = of(result, "CFG001")
    assert note.subject == f"APT003|{UNCOVERED}"
    assert note.severity.value == "info"
    assert note.location.file == "rectikit.toml" and note.location.row is None
    assert note.details == {"rule": "APT003"}
    assert str(UNCOVERED) in note.message and "extra_holidays" in note.message
    assert "APT003" in result.rules_run


def test_span_into_an_uncovered_year_names_that_year(registry: Registry, tmp_path: Path) -> None:
    rows = [promotion("A1", "2026-12-28", "2027-01-05", effective="2027-01-10")]
    result = check_data(tmp_path, registry, {"appointments": rows}, select=["APT003"])
    assert of(result, "APT003") == []
    assert [v.subject for v in of(result, "CFG001")] == [f"APT003|{UNCOVERED}"]


def test_cfg001_message_in_english(registry: Registry, tmp_path: Path) -> None:
    rows = [promotion("A1", "2027-01-11", "2027-01-11", effective="2027-02-01")]
    result = check_data(
        tmp_path, registry, {"appointments": rows}, select=["APT003"], config={"lang": "en"}
    )
    (note,) = of(result, "CFG001")
    assert "does not cover 2027" in note.message


def test_cfg001_can_be_ignored(registry: Registry, tmp_path: Path) -> None:
    rows = [promotion("A1", "2027-01-11", "2027-01-11", effective="2027-02-01")]
    result = check_data(
        tmp_path, registry, {"appointments": rows}, select=["APT003"], config={"ignore": ["CFG001"]}
    )
    assert result.violations == ()
    assert "APT003" in result.rules_run


def test_configured_days_cover_the_year(registry: Registry, tmp_path: Path) -> None:
    rows = [promotion("A1", "2027-01-11", "2027-01-11", effective="2027-02-01")]
    config = {"params": {"APT": {"extra_holidays": ["2027-01-01"]}}}
    result = check_data(
        tmp_path, registry, {"appointments": rows}, select=["APT003"], config=config
    )
    assert of(result, "CFG001") == []
    assert [v.subject for v in of(result, "APT003")] == ["A1"]


def test_uncovered_year_not_reported_for_records_not_judged(
    registry: Registry, tmp_path: Path
) -> None:
    rows = [
        promotion("A1", "2027-01-11", "2027-01-11", effective="2027-02-01", promotion="否"),
        promotion("A2", "", "2027-01-11", effective="2027-02-01"),
    ]
    result = check_data(tmp_path, registry, {"appointments": rows}, select=["APT003"])
    assert of(result, "CFG001") == []
    assert [v.subject for v in of(result, "APT003")] == ["A2"]


def test_check_reports_each_year_once_directly() -> None:
    from rectikit.model.records import Appointment

    rule = APT_RULES["APT003"]
    context = CheckContext(
        rule=rule,
        params={name: spec.default for name, spec in rule.params.items()},
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        config_name="my.toml",
    )
    check = PublicityTooShort(context)
    fields = dict(
        person="张三",
        org="机关党委",
        position="书记",
        promotion=True,
        effective=date(2027, 2, 1),
    )
    first = Appointment(
        id="A1",
        publicity_start=date(2027, 1, 11),
        publicity_end=date(2027, 1, 11),
        **fields,
    )
    second = Appointment(
        id="A2",
        publicity_start=date(2027, 5, 10),
        publicity_end=date(2027, 5, 11),
        **fields,
    )
    found = [*check.feed("appointments", first), *check.feed("appointments", second)]
    assert [(b.code, b.subject, b.location.file) for b in found] == [
        ("CFG001", "APT003|2027", "my.toml")
    ]
    assert set(found[0].values) == {"detail_zh", "detail_en"}


# -- where APT violations point and what they say --------------------------------------


def test_apt001_late_and_blank(registry: Registry, tmp_path: Path) -> None:
    rows = [
        {
            "id": "A1",
            "person": "李四",
            "org": "第二党支部",
            "position": "支部副书记",
            "action": "免职",
            "approved": "2023-07-05",
            "effective": "2023-07-01",
        },
        {
            "id": "A2",
            "person": "张三",
            "org": "第一党支部",
            "position": "支部书记",
            "approved": "",
            "effective": "2023-06-20",
        },
    ]
    result = check_data(tmp_path, registry, {"appointments": rows}, select=["APT001"])
    late, blank = sorted(of(result, "APT001"), key=lambda v: v.subject)
    assert (late.location.row, late.location.column) == (1, "approved")
    assert late.details == {
        "person": "李四",
        "position": "支部副书记",
        "effective": "2023-07-01",
        "org": "第二党支部",
        "action": "remove",
        "approved": "2023-07-05",
        "days_late": "4",
    }
    assert late.message == (
        "李四 免去支部副书记（任免日期 2023-07-01）未先经工委会审议决定："
        "审议日期 2023-07-05 晚于任免日期"
    )
    assert (blank.location.row, blank.location.column) == (2, "approved")
    assert "approved" not in blank.details and blank.details["action"] == "appoint"
    assert blank.message == (
        "张三 任支部书记（任免日期 2023-06-20）未先经工委会审议决定：审议日期空白"
    )
    assert late.citation.startswith("《党政领导干部选拔任用工作条例》")


def test_apt001_message_in_english(registry: Registry, tmp_path: Path) -> None:
    rows = [
        {
            "id": "A1",
            "person": "Li",
            "org": "O",
            "position": "deputy secretary",
            "action": "免职",
            "approved": "2023-07-05",
            "effective": "2023-07-01",
        }
    ]
    result = check_data(
        tmp_path, registry, {"appointments": rows}, select=["APT001"], config={"lang": "en"}
    )
    (v,) = of(result, "APT001")
    assert v.message == (
        "Li removed from deputy secretary effective 2023-07-01 without the committee deciding "
        "first: approved on 2023-07-05, after it took effect"
    )


def test_apt002_points_at_vetted(registry: Registry, tmp_path: Path) -> None:
    row = promotion("A1", "2023-08-07", "2023-08-11", vetted="")
    result = check_data(tmp_path, registry, {"appointments": [row]}, select=["APT002"])
    (v,) = of(result, "APT002")
    assert (v.subject, v.location.column, v.severity.value) == ("A1", "vetted", "error")
    assert v.message == "张三 提任 专职副书记（任职日期 2023-08-20）未经考察"


def test_apt003_short_publicity_details(registry: Registry, tmp_path: Path) -> None:
    rows = [promotion("A1", "2023-09-28", "2023-10-09", effective="2023-10-16")]
    result = check_data(tmp_path, registry, {"appointments": rows}, select=["APT003"])
    (v,) = of(result, "APT003")
    assert v.location.column == "publicity_end"
    assert v.details == {
        "person": "张三",
        "position": "专职副书记",
        "effective": "2023-10-16",
        "org": "机关党委",
        "publicity_workdays": "5",
        "publicity_start": "2023-09-28",
        "publicity_end": "2023-10-09",
        "workdays": "4",
    }
    assert v.message == (
        "张三 提任 专职副书记（任职日期 2023-10-16）任前公示不足 5 个工作日："
        "公示 2023-09-28 至 2023-10-09 仅 4 个工作日"
    )


def test_apt003_blank_points_at_the_blank_cell(registry: Registry, tmp_path: Path) -> None:
    rows = [
        promotion("A1", "", "2023-08-11"),
        promotion("A2", "2023-08-07", ""),
        promotion("A3", "", ""),
    ]
    result = check_data(tmp_path, registry, {"appointments": rows}, select=["APT003"])
    found = {v.subject: v for v in of(result, "APT003")}
    assert found["A1"].location.column == "publicity_start"
    assert found["A2"].location.column == "publicity_end"
    assert found["A3"].location.column == "publicity_start"
    assert "workdays" not in found["A3"].details
    assert found["A2"].message.endswith("公示结束日期空白")


def test_apt003_limit_in_message_follows_the_dated_set(registry: Registry, tmp_path: Path) -> None:
    rows = [promotion("A1", "2023-08-07", "2023-08-11", effective="2023-08-20")]
    config = {"params": {"APT": {"sets": [{"effective": "2023-07-01", "publicity_workdays": 7}]}}}
    result = check_data(
        tmp_path, registry, {"appointments": rows}, select=["APT003"], config=config
    )
    (v,) = of(result, "APT003")
    assert v.details["publicity_workdays"] == "7" and v.details["workdays"] == "5"
    assert "不足 7 个工作日" in v.message


def test_apt003_bad_publicity_date_is_dat003_and_not_judged(
    registry: Registry, tmp_path: Path
) -> None:
    rows = [promotion("A1", "2023-08-07", "下周")]
    result = check_data(
        tmp_path,
        registry,
        {"appointments": rows},
        select=["APT003"],
        allow_data_errors=True,
        allow_warnings=True,
    )
    assert [v.code for v in result.data_errors] == ["DAT003"]
    assert of(result, "APT003") == []


# -- DUL: where violations point and what they say -------------------------------------


def test_dul_locations_details_and_messages(registry: Registry, tmp_path: Path) -> None:
    rows = [
        {
            "leader": "谢军",
            "quarter": "2023年第三季度",
            "required": "3",
            "attended": "2",
            "signed": "",
        }
    ]
    result = check_data(tmp_path, registry, {"dual_life": rows}, select=["DUL001", "DUL002"])
    (attendance,) = of(result, "DUL001")
    (unsigned,) = of(result, "DUL002")
    assert attendance.subject == unsigned.subject == "谢军|2023Q3"
    assert attendance.location.column == "attended" and unsigned.location.column == "signed"
    assert attendance.details == {
        "leader": "谢军",
        "quarter": "2023Q3",
        "required": "3",
        "attended": "2",
    }
    assert attendance.message == "谢军 2023Q3 应参加所在支部组织生活 3 次，实际参加 2 次"
    assert unsigned.message == "谢军 2023Q3 参加双重组织生活情况报告表未经本人签字"
    assert (attendance.severity.value, unsigned.severity.value) == ("warning", "warning")
    assert attendance.kind == "dual_life"
