"""Acceptance tests of the rule catalog, written from the contract alone.

The contract is RULES.md, DATA.md and CLI.md (plus the README's documented decisions and
what ``rectikit rules`` / ``rectikit schema`` show). Each test writes a small dataset the way
an office would keep it -- Chinese file stems and headers, UTF-8 and GB18030 CSV, one XLSX,
values such as ``2万元``, ``2023年8月3日``, ``是``/``否``, ``2023年第三季度`` -- runs
``rectikit check DIR --format json`` in-process and compares the exact set of
``(code, subject, severity)`` with what the contract says.

Covered: ITG003, ITG004, MTG001-MTG007, DUL001-DUL002, EXP001-EXP002, APT001-APT003,
AST001-AST002, RWD001, rules not run when a kind is absent, and parameters that change on
a date (PRC, AST, EXP, MTG).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from support import cli

Hit = tuple[str, str, str]  # (code, subject, severity)

# -- helpers ------------------------------------------------------------------------------


def write_csv(
    folder: Path,
    name: str,
    header: list[str],
    rows: list[list[str]],
    encoding: str = "utf-8",
) -> Path:
    """Write a CSV as Excel would export it, in ``encoding``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = folder / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_config(folder: Path, text: str = "") -> None:
    """A ``rectikit.toml`` in the dataset folder (empty: every default)."""
    (folder / "rectikit.toml").write_text(text, encoding="utf-8")


def check(
    folder: Path,
    as_of: str,
    since: str | None = None,
    select: str | None = None,
) -> dict[str, Any]:
    """Run ``rectikit check`` on ``folder`` and return the parsed JSON report."""
    if not (folder / "rectikit.toml").exists():
        write_config(folder)
    argv = ["check", str(folder), "--as-of", as_of, "--format", "json", "--no-plugins"]
    if since is not None:
        argv += ["--since", since]
    if select is not None:
        argv += ["--select", select]
    code, out, err = cli(*argv)
    assert "Traceback" not in err, err
    assert code in (0, 1), (code, err)
    report = json.loads(out)
    assert report["data_errors"] == [], report["data_errors"]
    return report


def hits(report: dict[str, Any], *prefixes: str) -> set[Hit]:
    """The ``(code, subject, severity)`` of the violations whose code starts with a prefix."""
    return {
        (v["code"], v["subject"], v["severity"])
        for v in report["violations"]
        if v["code"].startswith(prefixes)
    }


def subjects(report: dict[str, Any], code: str) -> set[str]:
    return {v["subject"] for v in report["violations"] if v["code"] == code}


def violations(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [v for v in report["violations"] if v["code"] == code]


def warn(code: str, *subjects_: str) -> set[Hit]:
    return {(code, s, "warning") for s in subjects_}


def err(code: str, *subjects_: str) -> set[Hit]:
    return {(code, s, "error") for s in subjects_}


# -- party organizations and meetings (ITG003, MTG) ----------------------------------------

ORG_HEADER = ["组织编号", "党组织名称", "组织类型", "上次换届日期", "设党小组", "状态"]
ORGS = [
    ["B1", "第一党支部", "党支部", "2022-03-01", "是", "正常"],
    ["B2", "第二党支部", "支部", "2021年6月1日", "否", ""],
    ["G1", "机关党总支", "党总支", "2022-01-10", "是", ""],
    ["B3", "第三党支部", "党支部", "2020-05-01", "是", "撤销"],
    ["C1", "机关党委", "机关党委", "2021-09-01", "", ""],
]
MEETING_HEADER = ["党组织", "会议类型", "日期", "议题"]


def org_dataset(tmp_path: Path, meetings: list[list[str]], encoding: str = "utf-8") -> Path:
    write_csv(tmp_path, "党组织.csv", ORG_HEADER, ORGS)
    write_csv(tmp_path, "三会一课.csv", MEETING_HEADER, meetings, encoding=encoding)
    return tmp_path


ITG003_MEETINGS = [
    # B1: Q1 on its last day, Q2 on its first day, Q3 only a members' meeting
    ["B1", "支委会", "2023-03-31", "分析一季度廉政形势"],
    ["B1", "支部委员会", "2023年4月1日", "研究廉洁风险防控"],
    ["B1", "党员大会", "2023-08-10", "分析廉政形势（党员大会，不是支委会）"],
    # B2, named by its name: Q2 committee meeting without a keyword
    ["第二党支部", "支委会", "2023/2/10", "廉洁自律专题"],
    ["第二党支部", "支委会", "2023.5.10", "研究党建工作"],
    ["第二党支部", "支委会会议", "2023-09-30", "三季度廉政形势分析"],
]


def test_itg003_exact_subjects_over_three_quarters(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, ITG003_MEETINGS)
    report = check(folder, "2023-09-30", since="2023-01-01", select="ITG003")
    # G1 (总支) and C1 (党委) are not branches; B3 is dissolved.
    assert hits(report, "ITG") == warn("ITG003", "B1|2023Q3", "B2|2023Q2")


def test_itg003_quarters_partly_outside_the_window_not_judged(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, ITG003_MEETINGS)
    report = check(folder, "2023-09-29", since="2023-01-02", select="ITG003")
    assert hits(report, "ITG") == warn("ITG003", "B2|2023Q2")


def test_itg003_meeting_on_first_day_of_next_quarter_does_not_count(tmp_path: Path) -> None:
    meetings = [
        ["B1", "支委会", "2023-03-31", "廉政形势分析"],
        ["B1", "支委会", "2023-07-01", "二季度廉政形势分析（晚了一天）"],
        ["B2", "支委会", "2023-03-15", "廉洁"],
        ["B2", "支委会", "2023-06-30", "廉洁"],
    ]
    report = check(org_dataset(tmp_path, meetings), "2023-06-30", select="ITG003")
    assert hits(report, "ITG") == warn("ITG003", "B1|2023Q2")


def test_itg003_applies_to_and_keywords_are_parameters(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, [*ITG003_MEETINGS, ["G1", "支委会", "2023-05-05", "党风建设"]])
    write_config(
        folder,
        '[params.ITG003]\napplies_to = ["党总支"]\nkeywords = ["党风"]\n',
    )
    report = check(folder, "2023-09-30", since="2023-01-01", select="ITG003")
    assert hits(report, "ITG") == warn("ITG003", "G1|2023Q1", "G1|2023Q3")


def test_itg003_points_at_the_organization_row(tmp_path: Path) -> None:
    # README: ITG003 and MTG violations point at the organization's row.
    folder = org_dataset(tmp_path, ITG003_MEETINGS)
    report = check(folder, "2023-09-30", since="2023-01-01", select="ITG003")
    (only,) = [v for v in violations(report, "ITG003") if v["subject"] == "B2|2023Q2"]
    assert only["location"]["file"] == "党组织.csv"
    assert only["location"]["row"] == 3
    assert only["kind"] in ("party_orgs", "meetings")


MTG_Q2_MEETINGS = [
    # B1 (has groups): members' meeting on the quarter's last day, no 党课, groups miss June,
    # theme day misses June (05-31 is May)
    ["B1", "党员大会", "2023-06-30", ""],
    ["B1", "支委会", "2023-04-03", ""],
    ["B1", "支委会", "2023-05-04", ""],
    ["B1", "支委会", "2023-06-05", ""],
    ["B1", "党小组会", "2023-04-10", ""],
    ["B1", "党小组会", "2023-05-10", ""],
    ["B1", "主题党日", "2023-04-01", ""],
    ["B1", "主题党日", "2023-05-31", ""],
    # B2 (no groups): members' meetings just outside Q2, committee misses May
    ["第二党支部", "支部党员大会", "2023-03-31", ""],
    ["第二党支部", "党员大会", "2023-07-01", ""],
    ["第二党支部", "支委会", "2023-04-15", ""],
    ["第二党支部", "支委会", "2023-06-15", ""],
    ["第二党支部", "党课", "2023-05-20", ""],
    ["第二党支部", "主题党日", "2023-04-01", ""],
    ["第二党支部", "主题党日", "2023-05-01", ""],
    ["第二党支部", "主题党日", "2023-06-01", ""],
]


def test_mtg_exact_subjects_for_a_quarter_window(tmp_path: Path) -> None:
    # GB18030, as Chinese Excel saves it.
    folder = org_dataset(tmp_path, MTG_Q2_MEETINGS, encoding="gb18030")
    report = check(folder, "2023-06-30", since="2023-04-01", select="MTG")
    assert hits(report, "MTG") == (
        warn("MTG001", "B2|2023Q2")
        | warn("MTG002", "B2|2023-05")
        | warn("MTG003", "B1|2023-06")
        | warn("MTG004", "B1|2023Q2")
        | warn("MTG005", "B1|2023-06")
    )


def test_mtg_as_of_before_quarter_end_judges_only_complete_months(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, MTG_Q2_MEETINGS, encoding="gb18030")
    report = check(folder, "2023-06-29", since="2023-04-01", select="MTG")
    assert hits(report, "MTG") == warn("MTG002", "B2|2023-05")


def test_mtg_since_mid_month_skips_that_month_and_quarter(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, MTG_Q2_MEETINGS, encoding="gb18030")
    report = check(folder, "2023-06-30", since="2023-04-02", select="MTG")
    assert hits(report, "MTG") == (
        warn("MTG002", "B2|2023-05") | warn("MTG003", "B1|2023-06") | warn("MTG005", "B1|2023-06")
    )


def test_mtg_quarter_last_day_counts_for_that_quarter(tmp_path: Path) -> None:
    # B1's members' meeting on 06-30 is Q2; B2's on 03-31 is Q1 and on 07-01 is Q3.
    folder = org_dataset(tmp_path, MTG_Q2_MEETINGS, encoding="gb18030")
    report = check(folder, "2023-09-30", since="2023-01-01", select="MTG001")
    assert hits(report, "MTG") == warn("MTG001", "B1|2023Q1", "B1|2023Q3", "B2|2023Q2")


YEAR_MEETINGS = [
    ["B1", "组织生活会", "2023-12-31", ""],
    ["B1", "民主评议党员", "2022-12-20", ""],
    ["B2", "民主评议党员", "2023-01-01", ""],
]


def test_mtg006_mtg007_yearly(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, YEAR_MEETINGS)
    report = check(folder, "2023-12-31", since="2023-01-01", select="MTG006,MTG007")
    assert hits(report, "MTG") == warn("MTG006", "B2|2023") | warn("MTG007", "B1|2023")


@pytest.mark.parametrize(
    ("since", "as_of"),
    [("2023-01-02", "2023-12-31"), ("2023-01-01", "2023-12-30")],
)
def test_mtg_yearly_partial_year_not_judged(tmp_path: Path, since: str, as_of: str) -> None:
    folder = org_dataset(tmp_path, YEAR_MEETINGS)
    report = check(folder, as_of, since=since, select="MTG006,MTG007")
    assert hits(report, "MTG") == set()


def test_mtg_window_over_two_years(tmp_path: Path) -> None:
    folder = org_dataset(tmp_path, YEAR_MEETINGS)
    report = check(folder, "2023-12-31", since="2022-01-01", select="MTG006,MTG007")
    assert hits(report, "MTG") == (
        warn("MTG006", "B1|2022", "B2|2022", "B2|2023") | warn("MTG007", "B2|2022", "B1|2023")
    )


def test_mtg_header_only_meetings_file_fires_every_period(tmp_path: Path) -> None:
    # RULES.md: a kind is present with at least one file mapped to it, even an empty one.
    folder = org_dataset(tmp_path, [])
    report = check(folder, "2023-03-31", since="2023-01-01", select="MTG,ITG003")
    months = ("2023-01", "2023-02", "2023-03")
    expected = (
        warn("MTG001", "B1|2023Q1", "B2|2023Q1")
        | warn("MTG002", *(f"{o}|{m}" for o in ("B1", "B2") for m in months))
        | warn("MTG003", *(f"B1|{m}" for m in months))
        | warn("MTG004", "B1|2023Q1", "B2|2023Q1")
        | warn("MTG005", *(f"{o}|{m}" for o in ("B1", "B2") for m in months))
    )
    assert hits(report, "MTG") == expected
    assert hits(report, "ITG") == warn("ITG003", "B1|2023Q1", "B2|2023Q1")


def test_mtg_and_itg003_not_run_without_meetings_file(tmp_path: Path) -> None:
    write_csv(tmp_path, "党组织.csv", ORG_HEADER, ORGS)
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "MTG", "ITG003") == set()
    not_run = report["summary"]["not_run"]
    for code in ("MTG001", "MTG002", "MTG003", "MTG004", "MTG005", "MTG006", "MTG007"):
        assert code in not_run
    assert "ITG003" in not_run


def test_mtg_not_run_without_party_orgs_file(tmp_path: Path) -> None:
    write_csv(tmp_path, "三会一课.csv", MEETING_HEADER, MTG_Q2_MEETINGS)
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "MTG", "ITG003") == set()
    assert {"MTG001", "MTG007", "ITG003"} <= set(report["summary"]["not_run"])


def test_mtg_min_count_and_applies_to(tmp_path: Path) -> None:
    folder = org_dataset(
        tmp_path,
        [
            ["B1", "支委会", "2023-04-03", ""],
            ["B1", "支委会", "2023-04-20", ""],
            ["B1", "支委会", "2023-05-04", ""],
            ["B1", "支委会", "2023-05-05", ""],
            ["B1", "支委会", "2023-06-05", ""],
            ["G1", "支委会", "2023-04-03", ""],
            ["G1", "支委会", "2023-04-04", ""],
            ["G1", "支委会", "2023-05-04", ""],
            ["G1", "支委会", "2023-05-24", ""],
            ["G1", "支委会", "2023-06-04", ""],
            ["G1", "支委会", "2023-06-24", ""],
        ],
    )
    write_config(
        folder,
        '[params.MTG002]\nmin_count = 2\napplies_to = ["general_branch", "党支部"]\n',
    )
    report = check(folder, "2023-06-30", since="2023-04-01", select="MTG002")
    assert hits(report, "MTG") == warn(
        "MTG002", "B1|2023-06", "B2|2023-04", "B2|2023-05", "B2|2023-06"
    )


def test_mtg_org_named_with_other_width_brackets(tmp_path: Path) -> None:
    # README: width differences are folded.
    write_csv(
        tmp_path,
        "党组织.csv",
        ORG_HEADER,
        [["J1", "第一党支部（机关）", "党支部", "2022-03-01", "否", ""]],
    )
    write_csv(
        tmp_path,
        "三会一课.csv",
        MEETING_HEADER,
        [["第一党支部(机关)", "党员大会", "2023-02-01", ""]],
    )
    report = check(tmp_path, "2023-03-31", select="MTG001")
    assert hits(report, "MTG") == set()


# -- festival reminders (ITG004) -----------------------------------------------------------

NOTICE_HEADER = ["发布日期", "标题", "渠道", "主题"]


def notices(tmp_path: Path, rows: list[list[str]]) -> Path:
    write_csv(tmp_path, "通知.csv", NOTICE_HEADER, rows)
    return tmp_path


def test_itg004_year_2023(tmp_path: Path) -> None:
    folder = notices(
        tmp_path,
        [
            ["2023-01-11", "春节前廉洁提醒", "OA", ""],  # 春节 D=01-21: D-10
            ["2023-04-05", "清明节廉洁提醒", "OA", ""],  # 清明 D=04-05: on D, too late
            ["2023-04-13", "劳动节廉洁提醒", "短信", ""],  # 劳动节 D=04-29: too early
            ["2023年6月21日", "端午节放假通知", "OA", "节前廉政提醒"],  # 廉 in topic, D-1
            ["2023-09-19", "中秋节前廉洁提醒", "OA", ""],  # 中秋 D=09-29 only
            ["2023-12-29", "元旦放假通知", "廉政短信平台", ""],  # 廉 only in channel
        ],
    )
    report = check(folder, "2023-12-31", since="2023-01-01", select="ITG004")
    # 元旦 2022-12-31 starts before since: not judged.
    assert hits(report, "ITG") == warn(
        "ITG004", "清明|2023", "劳动节|2023", "国庆|2023", "元旦|2023"
    )


@pytest.mark.parametrize(
    ("notice_date", "expected"),
    [
        ("2023-09-18", {"中秋|2023", "国庆|2023"}),
        ("2023-09-19", {"国庆|2023"}),
        ("2023-09-20", set()),
        ("2023-09-28", set()),
        ("2023-09-29", {"中秋|2023"}),
        ("2023-09-30", {"中秋|2023", "国庆|2023"}),
    ],
)
def test_itg004_mid_autumn_and_national_day_lead_windows(
    tmp_path: Path, notice_date: str, expected: set[str]
) -> None:
    # 中秋 D=09-29 (window 09-19..09-28), 国庆 D=09-30 (window 09-20..09-29).
    folder = notices(tmp_path, [[notice_date, "关于中秋国庆节前廉洁提醒的通知", "OA", ""]])
    report = check(folder, "2023-10-31", since="2023-09-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", *expected)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-09-28", set()),
        ("2023-09-29", {"中秋|2023"}),
        ("2023-09-30", {"中秋|2023", "国庆|2023"}),
    ],
)
def test_itg004_first_holiday_day_must_fall_in_the_window(
    tmp_path: Path, as_of: str, expected: set[str]
) -> None:
    folder = notices(tmp_path, [["2023-09-05", "开学通知", "OA", ""]])
    report = check(folder, as_of, since="2023-09-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", *expected)


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2023-09-29", {"中秋|2023", "国庆|2023", "元旦|2023"}),
        ("2023-09-30", {"国庆|2023", "元旦|2023"}),
        ("2023-10-01", {"元旦|2023"}),  # the 国庆 run started 09-30, before since
        ("2023-12-31", set()),  # the 元旦 run started 12-30
    ],
)
def test_itg004_runs_starting_before_since_not_judged(
    tmp_path: Path, since: str, expected: set[str]
) -> None:
    folder = notices(tmp_path, [])
    report = check(folder, "2024-01-31", since=since, select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", *expected)


@pytest.mark.parametrize(
    ("notice_date", "expected"),
    [
        ("2023-12-19", {"元旦|2023"}),
        ("2023-12-20", set()),
        ("2023-12-29", set()),
        ("2023-12-30", {"元旦|2023"}),
    ],
)
def test_itg004_new_year_holiday_from_2023_12_30(
    tmp_path: Path, notice_date: str, expected: set[str]
) -> None:
    folder = notices(tmp_path, [[notice_date, "元旦前廉洁提醒", "", ""]])
    report = check(folder, "2024-01-31", since="2023-12-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", *expected)


def test_itg004_new_year_run_from_2022_12_31_is_2022(tmp_path: Path) -> None:
    folder = notices(tmp_path, [])
    report = check(folder, "2023-01-31", since="2022-12-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", "元旦|2022", "春节|2023")


@pytest.mark.parametrize(
    ("notice_date", "expected"),
    [
        ("2023-04-13", {"劳动节|2023"}),  # would cover a (wrong) D of 04-23
        ("2023-04-18", {"劳动节|2023"}),
        ("2023-04-19", set()),
        ("2023-04-28", set()),
    ],
)
def test_itg004_adjusted_working_day_is_not_the_first_holiday_day(
    tmp_path: Path, notice_date: str, expected: set[str]
) -> None:
    # 2023-04-23 (Sunday) was a working day for 劳动节; the first day off was 04-29.
    folder = notices(tmp_path, [[notice_date, "五一节前廉洁提醒", "OA", ""]])
    report = check(folder, "2023-05-31", since="2023-04-06", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", *expected)


@pytest.mark.parametrize(
    ("notice_date", "expected"), [("2023-09-25", {"中秋|2023", "国庆|2023"}), ("2023-09-27", set())]
)
def test_itg004_lead_days_parameter(tmp_path: Path, notice_date: str, expected: set[str]) -> None:
    folder = notices(tmp_path, [[notice_date, "廉洁提醒", "", ""]])
    write_config(folder, "[params.ITG004]\nlead_days = 3\n")
    report = check(folder, "2023-10-31", since="2023-09-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", *expected)


def test_itg004_festivals_parameter(tmp_path: Path) -> None:
    folder = notices(tmp_path, [])
    write_config(folder, '[params.ITG004]\nfestivals = ["春节", "国庆"]\n')
    report = check(folder, "2023-12-31", since="2023-01-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", "春节|2023", "国庆|2023")


def test_itg004_header_only_notices_fires_for_every_festival(tmp_path: Path) -> None:
    folder = notices(tmp_path, [])
    report = check(folder, "2023-12-31", since="2023-01-01", select="ITG004")
    assert hits(report, "ITG") == warn(
        "ITG004",
        "春节|2023",
        "清明|2023",
        "劳动节|2023",
        "端午|2023",
        "中秋|2023",
        "国庆|2023",
        "元旦|2023",
    )
    for violation in violations(report, "ITG004"):
        assert violation["location"]["file"] == "通知.csv"


def test_itg004_not_run_without_notices(tmp_path: Path) -> None:
    write_csv(tmp_path, "奖励.csv", ["编号", "对象", "对象类型", "金额", "日期"], [])
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "ITG") == set()
    assert "ITG004" in report["summary"]["not_run"]


def test_itg004_year_not_covered_by_the_calendar(tmp_path: Path) -> None:
    folder = notices(tmp_path, [])
    report = check(folder, "2027-12-31", since="2027-01-01", select="ITG004")
    assert hits(report, "ITG") == set()
    # RULES.md: ITG004 reports CFG001 for that year; README: subject ITG004|YYYY.
    assert hits(report, "CFG") == {("CFG001", "ITG004|2027", "info")}


def test_itg004_festival_dates_for_an_uncovered_year(tmp_path: Path) -> None:
    folder = notices(tmp_path, [["2027-01-28", "春节前廉洁提醒", "", ""]])
    write_config(
        folder,
        '[params.ITG004]\nfestival_dates = { "春节" = ["2027-02-06"], "国庆" = ["2027-10-01"] }\n',
    )
    report = check(folder, "2027-12-31", since="2027-01-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", "国庆|2027")
    # the festivals without an entry are still not covered
    assert hits(report, "CFG") == {("CFG001", "ITG004|2027", "info")}


def test_itg004_default_since_is_first_of_january(tmp_path: Path) -> None:
    # CLI.md: --since defaults to 1 January of the as-of year, so the 元旦 run of 2022-12-31
    # started before the window.
    folder = notices(tmp_path, [])
    report = check(folder, "2023-02-28", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", "春节|2023")


def test_itg004_notice_before_since_counts(tmp_path: Path) -> None:
    # README: a notice dated before --since still counts for a festival in the window.
    folder = notices(tmp_path, [["2023-09-22", "中秋国庆廉洁提醒", "", ""]])
    report = check(folder, "2023-10-31", since="2023-09-25", select="ITG004")
    assert hits(report, "ITG") == set()


def test_itg004_spring_festival_2024_working_sunday_before(tmp_path: Path) -> None:
    # 2024-02-04 (Sunday) was a working day; the first day off of 春节 2024 was 02-10.
    folder = notices(tmp_path, [["2024年2月8日", "春节前廉洁提醒", "", ""]])
    report = check(folder, "2024-02-29", since="2024-01-02", select="ITG004")
    assert hits(report, "ITG") == set()


def test_itg004_two_new_year_runs_in_one_year_share_a_subject(tmp_path: Path) -> None:
    folder = notices(tmp_path, [])
    report = check(folder, "2022-12-31", since="2022-01-01", select="ITG004")
    new_year = [v for v in violations(report, "ITG004") if v["subject"] == "元旦|2022"]
    assert len(new_year) == 1


def test_itg004_lead_days_set_judged_on_the_first_holiday_day(tmp_path: Path) -> None:
    # 中秋 (D 09-29) keeps 10 days; 国庆 (D 09-30) is judged by the set of 09-30: 3 days.
    folder = notices(tmp_path, [["2023-09-20", "中秋国庆廉洁提醒", "", ""]])
    write_config(folder, "[[params.ITG004.sets]]\neffective = 2023-09-30\nlead_days = 3\n")
    report = check(folder, "2023-10-31", since="2023-09-01", select="ITG004")
    assert hits(report, "ITG") == warn("ITG004", "国庆|2023")


# -- dual organizational life (DUL) --------------------------------------------------------


def dual_life_xlsx(folder: Path, rows: list[list[Any]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "2023年"
    sheet.append(["领导干部", "季度", "应参加次数", "实际参加次数", "本人签字"])
    for row in rows:
        sheet.append(row)
    workbook.save(folder / "双重组织生活.xlsx")


def test_dul_exact_subjects(tmp_path: Path) -> None:
    dual_life_xlsx(
        tmp_path,
        [
            ["谢军", "2023年第三季度", 3, 2, "是"],
            ["谢军", "2023Q2", 3, 3, "是"],  # equal: fine
            ["王芳", "2023-Q3", 2, 3, None],  # unsigned
            ["李明", "2023年4季度", "三", "二", "否"],  # both
            ["赵强", "2023Q1", "3", "３", "√"],
            ["钱伟", "2023年第一季度", 1, 0, "×"],
        ],
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "DUL") == (
        warn("DUL001", "谢军|2023Q3", "李明|2023Q4", "钱伟|2023Q1")
        | warn("DUL002", "王芳|2023Q3", "李明|2023Q4", "钱伟|2023Q1")
    )
    by_subject = {v["subject"]: v for v in violations(report, "DUL001")}
    assert by_subject["谢军|2023Q3"]["location"]["file"] == "双重组织生活.xlsx"
    assert by_subject["谢军|2023Q3"]["location"]["row"] == 2
    assert by_subject["谢军|2023Q3"]["location"]["sheet"] == "2023年"


def test_dul_not_run_without_file(tmp_path: Path) -> None:
    notices(tmp_path, [])
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "DUL") == set()
    assert {"DUL001", "DUL002"} <= set(report["summary"]["not_run"])


# -- large expenditures (EXP) --------------------------------------------------------------

EXP_HEADER = ["编号", "事项", "金额（元）", "发生日期", "报备日期", "集体决策日期"]
EXP_ROWS = [
    ["E1", "办公楼维修", "5万元", "2023年8月3日", "2023-08-03", ""],  # reported same day
    ["E2", "会议费", "49999.99", "2023-08-03", "", ""],  # below
    ["E3", "信息化设备", "¥5万", "2023-08-03", "2023-08-04", ""],  # reported a day late
    ["E4", "课题委托", "二十万元", "2023/9/1", "2023-08-20", "2023-09-01"],  # decided same day
    ["E5", "课题委托", "30万元", "2023.9.1", "2023-08-20", "2023-09-02"],  # decided late
    ["E6", "车辆购置", "200,000.00", "2023-10-10", "", ""],  # neither
    ["E7", "基建工程", "1.2亿", "2023-01-05", "2023-01-01", "2022-12-30"],  # fine
]


def test_exp_inactive_until_thresholds_configured(tmp_path: Path) -> None:
    write_csv(tmp_path, "大额开支.csv", EXP_HEADER, EXP_ROWS)
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP") == set()
    assert hits(report, "CFG") == {("CFG001", "EXP001", "info"), ("CFG001", "EXP002", "info")}


def test_exp_only_report_threshold_configured(tmp_path: Path) -> None:
    write_csv(tmp_path, "大额开支.csv", EXP_HEADER, EXP_ROWS)
    write_config(tmp_path, '[params.EXP001]\nreport_threshold = "5万元"\n')
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP") == err("EXP001", "E3", "E6")
    assert hits(report, "CFG") == {("CFG001", "EXP002", "info")}


def test_exp_exact_subjects(tmp_path: Path) -> None:
    write_csv(tmp_path, "大额开支.csv", EXP_HEADER, EXP_ROWS)
    write_config(
        tmp_path, '[params.EXP]\nreport_threshold = "5万元"\ndecision_threshold = "20万"\n'
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP", "CFG") == err("EXP001", "E3", "E6") | err("EXP002", "E5", "E6")
    (e6,) = [v for v in violations(report, "EXP002") if v["subject"] == "E6"]
    assert e6["location"]["file"] == "大额开支.csv"
    assert e6["location"]["row"] == 7


def test_exp_no_cfg001_when_no_expenditures_file(tmp_path: Path) -> None:
    write_csv(tmp_path, "奖励.csv", ["编号", "对象", "对象类型", "金额", "日期"], [])
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP", "CFG") == set()


def test_exp_rule_parameter_overrides_family(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "大额开支.csv",
        EXP_HEADER,
        [["E1", "维修", "6万", "2023-05-05", "", "2023-05-01"]],
    )
    write_config(
        tmp_path,
        '[params.EXP]\nreport_threshold = "10万"\ndecision_threshold = "10万"\n'
        '[params.EXP001]\nreport_threshold = "6万"\n',
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP", "CFG") == err("EXP001", "E1")


def test_exp_threshold_changes_on_a_date(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "大额开支.csv",
        EXP_HEADER,
        [
            ["E1", "维修", "6万", "2023-06-30", "", ""],
            ["E2", "维修", "6万", "2023-07-01", "", ""],
            ["E3", "维修", "11万", "2023-06-30", "", ""],
        ],
    )
    write_config(
        tmp_path,
        '[params.EXP]\nreport_threshold = "10万"\ndecision_threshold = "100万"\n\n'
        '[[params.EXP.sets]]\neffective = 2023-07-01\nreport_threshold = "5万"\n',
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP", "CFG") == err("EXP001", "E2", "E3")


def test_exp_before_the_first_dated_threshold_not_judged(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "大额开支.csv",
        EXP_HEADER,
        [
            ["E1", "维修", "60万", "2023-06-30", "", ""],
            ["E2", "维修", "60万", "2023-07-01", "", ""],
        ],
    )
    write_config(
        tmp_path,
        '[[params.EXP.sets]]\neffective = 2023-07-01\nreport_threshold = "5万"\n'
        'decision_threshold = "20万"\n',
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "EXP") == err("EXP001", "E2") | err("EXP002", "E2")


# -- appointments (APT) --------------------------------------------------------------------

APT_HEADER = [
    "编号",
    "姓名",
    "党组织",
    "职务",
    "任免类型",
    "提任",
    "工委会审议日期",
    "任职日期",
    "考察",
    "公示开始",
    "公示结束",
]


def apt_row(
    rid: str,
    *,
    action: str = "任职",
    promotion: str = "是",
    approved: str = "2023-06-01",
    effective: str = "2023-12-01",
    vetted: str = "是",
    start: str = "",
    end: str = "",
) -> list[str]:
    return [
        rid,
        "张" + rid,
        "第一党支部",
        "支部书记",
        action,
        promotion,
        approved,
        effective,
        vetted,
        start,
        end,
    ]


APT_ROWS = [
    apt_row(
        "R1", approved="2023-10-16", effective="2023-10-16", start="2023-09-27", end="2023-10-09"
    ),
    apt_row(
        "R2",
        approved="2023-10-17",
        effective="2023-10-16",
        vetted="否",
        start="2023-09-28",
        end="2023-10-09",
    ),
    apt_row("R3", action="免职", promotion="", approved="", effective="2023-07-01", vetted=""),
    apt_row("R4", promotion="否", approved="2023年6月1日", effective="2023年6月10日", vetted=""),
    apt_row("R5", vetted=""),
    apt_row("R6", vetted="√", start="2023-01-28", end="2023-02-01"),
    apt_row("R7", start="2023-11-06", end="2023-11-09"),
    apt_row("R8", start="2023/11/6", end="2023/11/12"),
    apt_row("R9", start="2023-09-25", end="2023-10-07"),
    apt_row("R10", start="2023-10-09", end="2023-10-02"),
    apt_row("R11", start="2023-11-06", end=""),
    apt_row("R12", start="2023-04-23", end="2023-04-27"),
    apt_row("R13", start="2023-04-28", end="2023-05-06"),
    apt_row("R14", action="免职", promotion="否", approved="2023-07-02", effective="2023-07-01"),
]


def test_apt_exact_subjects(tmp_path: Path) -> None:
    write_csv(tmp_path, "干部任免.csv", APT_HEADER, APT_ROWS, encoding="utf-8-sig")
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "APT") == (
        err("APT001", "R2", "R3", "R14")
        | err("APT002", "R2", "R5")
        | err("APT003", "R2", "R5", "R7", "R10", "R11", "R13")
    )


@pytest.mark.parametrize(
    ("start", "end", "fires"),
    [
        ("2023-09-27", "2023-10-09", False),  # 27, 28, 10-07 Sat, 10-08 Sun, 10-09
        ("2023-09-28", "2023-10-09", True),  # 4
        ("2023-09-25", "2023-10-07", False),  # 25-28, 10-07
        ("2023-09-26", "2023-10-07", True),  # 26-28, 10-07
        ("2023-09-28", "2023-10-08", True),  # 28, 10-07, 10-08
        ("2023-01-28", "2023-02-01", False),  # working Sat/Sun of 春节
        ("2023-11-06", "2023-11-10", False),  # Mon-Fri
        ("2023-11-06", "2023-11-09", True),  # Mon-Thu
        ("2023-11-07", "2023-11-13", False),  # Tue-Mon across a weekend
        ("2023-11-10", "2023-11-10", True),  # one day
    ],
)
def test_apt003_working_days_by_official_calendar(
    tmp_path: Path, start: str, end: str, fires: bool
) -> None:
    write_csv(tmp_path, "干部任免.csv", APT_HEADER, [apt_row("R1", start=start, end=end)])
    report = check(tmp_path, "2023-12-31", select="APT003")
    assert hits(report, "APT") == (err("APT003", "R1") if fires else set())


def test_apt003_publicity_workdays_parameter(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "干部任免.csv",
        APT_HEADER,
        [
            apt_row("R1", start="2023-11-06", end="2023-11-14"),  # 7 working days
            apt_row("R2", start="2023-11-06", end="2023-11-13"),  # 6
        ],
    )
    write_config(tmp_path, "[params.APT003]\npublicity_workdays = 7\n")
    report = check(tmp_path, "2023-12-31", select="APT003")
    assert hits(report, "APT") == err("APT003", "R2")


def test_apt003_year_not_covered_by_the_calendar(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "干部任免.csv",
        APT_HEADER,
        [
            apt_row(
                "R1",
                approved="2027-03-01",
                effective="2027-03-20",
                start="2027-03-01",
                end="2027-03-02",
            )
        ],
    )
    report = check(tmp_path, "2027-12-31", select="APT")
    assert hits(report, "APT") == set()
    assert hits(report, "CFG") == {("CFG001", "APT003|2027", "info")}


def test_apt003_extra_holidays_cover_a_year(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "干部任免.csv",
        APT_HEADER,
        [
            apt_row(
                "R1",
                approved="2027-03-01",
                effective="2027-03-20",
                start="2027-03-01",
                end="2027-03-05",
            ),
            apt_row(
                "R2",
                approved="2027-03-01",
                effective="2027-03-20",
                start="2027-03-01",
                end="2027-03-08",
            ),
        ],
    )
    write_config(tmp_path, '[params.APT003]\nextra_holidays = ["2027-03-03"]\n')
    report = check(tmp_path, "2027-12-31", select="APT")
    assert hits(report, "APT", "CFG") == err("APT003", "R1")


def test_apt003_publicity_workdays_set_judged_on_effective_date(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "干部任免.csv",
        APT_HEADER,
        [
            apt_row(
                "R1",
                approved="2023-06-01",
                effective="2023-06-30",
                start="2023-06-05",
                end="2023-06-09",
            ),
            apt_row(
                "R2",
                approved="2023-06-01",
                effective="2023-07-01",
                start="2023-06-05",
                end="2023-06-09",
            ),
        ],
    )
    write_config(
        tmp_path, "[[params.APT003.sets]]\neffective = 2023-07-01\npublicity_workdays = 7\n"
    )
    report = check(tmp_path, "2023-12-31", select="APT")
    assert hits(report, "APT") == err("APT003", "R2")


# -- fixed assets (AST) --------------------------------------------------------------------

AST_HEADER = [
    "资产编号",
    "资产名称",
    "单价（元）",
    "数量",
    "资产类别",
    "使用年限",
    "验收日期",
    "入账日期",
]
AST_ROWS = [
    ["A1", "打印机", "1000元", "1", "", "6", "2023-08-01", "2023-08-31"],  # day 30: in time
    ["A2", "扫描仪", "1000", "1", "通用设备", "5", "2023-08-01", "2023-09-01"],  # day 31
    ["A3", "键盘", "999.99", "10", "通用设备", "5", "2023-01-01", ""],  # below threshold
    ["A4", "会议桌", "3200元", "1", "家具", "15", "2023-08-03", ""],
    ["A5", "检测仪", "5000", "1", "专用设备", "1", "2023-01-01", ""],  # life exactly 1
    ["A6", "投影仪", "1500", "1", "", "", "2023-12-01", ""],  # as_of = accepted + 30
    ["A7", "投影仪", "1500", "1", "", "", "2023-11-30", ""],  # as_of = accepted + 31
    ["A8", "空调", "¥2,000.00", "2", "通用设备", "2", "2023年3月1日", "2023年3月31日"],
    ["A9", "书柜", "二千元", "1", "家具", "3", "2022-01-10", "2022-03-01"],
]


def test_ast_exact_subjects_gb18030(tmp_path: Path) -> None:
    write_csv(tmp_path, "固定资产.csv", AST_HEADER, AST_ROWS, encoding="gb18030")
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "AST") == err("AST001", "A4", "A7") | warn("AST002", "A2", "A9")


@pytest.mark.parametrize(("as_of", "fires"), [("2023-08-31", False), ("2023-09-01", True)])
def test_ast001_as_of_boundary(tmp_path: Path, as_of: str, fires: bool) -> None:
    write_csv(
        tmp_path, "固定资产.csv", AST_HEADER, [["A1", "电脑", "1000", "", "", "", "2023-08-01", ""]]
    )
    report = check(tmp_path, as_of)
    assert hits(report, "AST") == (err("AST001", "A1") if fires else set())


def test_ast_thresholds_and_record_days_parameters(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "固定资产.csv",
        AST_HEADER,
        [
            ["A1", "检测仪", "1200", "1", "专用设备", "5", "2023-01-01", ""],  # below special 1500
            ["A2", "电脑", "1200", "1", "通用设备", "5", "2023-01-01", ""],  # general keeps 1000
            ["A3", "检测仪", "1500", "1", "专用设备", "5", "2023-03-01", "2023-03-11"],  # day 10
            ["A4", "电脑", "1200", "1", "", "5", "2023-03-01", "2023-03-12"],  # day 11
        ],
    )
    write_config(tmp_path, '[params.AST]\nthresholds = { special = "1500" }\nrecord_days = 10\n')
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "AST") == err("AST001", "A2") | warn("AST002", "A4")


def test_ast_threshold_changes_on_a_date(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "固定资产.csv",
        AST_HEADER,
        [
            ["A1", "电脑", "1200", "1", "通用设备", "5", "2023-06-30", ""],
            ["A2", "电脑", "1200", "1", "通用设备", "5", "2023-07-01", ""],
            ["A3", "电脑", "1500", "1", "通用设备", "5", "2023-07-01", ""],
        ],
    )
    write_config(
        tmp_path,
        '[[params.AST.sets]]\neffective = 2023-07-01\nthresholds = { general = "1500" }\n',
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "AST") == err("AST001", "A1", "A3")


def test_ast_xlsx_with_excel_dates_and_default_special_threshold(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(AST_HEADER)
    sheet.append(["A1", "检测仪", 1000, 1, "专用设备", 8, datetime(2023, 8, 1), None])
    sheet.append(["A2", "沙发", 999, 4, "家具", 8, datetime(2023, 8, 1), None])
    sheet.append(
        ["A3", "服务器", "1.2万元", 1, "通用设备", None, date(2023, 8, 1), date(2023, 9, 1)]
    )
    workbook.save(tmp_path / "固定资产.xlsx")
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "AST") == err("AST001", "A1") | warn("AST002", "A3")
    (a1,) = violations(report, "AST001")
    assert a1["location"]["file"] == "固定资产.xlsx"
    assert a1["location"]["row"] == 2


def test_ast_not_run_without_file(tmp_path: Path) -> None:
    notices(tmp_path, [])
    report = check(tmp_path, "2023-12-31")
    assert {"AST001", "AST002"} <= set(report["summary"]["not_run"])


# -- rewards (RWD) -------------------------------------------------------------------------

RWD_HEADER = ["编号", "表彰对象", "对象类型", "奖励金额", "发放日期", "事由"]


def test_rwd001_exact_subjects(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "奖励.csv",
        RWD_HEADER,
        [
            ["W1", "办公室", "单位", "5000元", "2023-12-20", "年度先进集体"],
            ["W2", "张三", "个人", "2000", "2023-12-20", "优秀党员"],
            ["W3", "机关党委", "单位", "0", "2023-12-20", "通报表扬"],
            ["W4", "第一党支部", "unit", "0.01", "2022-12-20", ""],
            ["W5", "组织部", "单位", "一万元", "2023年12月1日", ""],
        ],
    )
    report = check(tmp_path, "2023-12-31")
    assert hits(report, "RWD") == err("RWD001", "W1", "W4", "W5")
    (w1,) = [v for v in violations(report, "RWD001") if v["subject"] == "W1"]
    assert w1["location"]["file"] == "奖励.csv"
    assert w1["location"]["row"] == 2


def test_rwd001_not_run_without_file(tmp_path: Path) -> None:
    notices(tmp_path, [])
    report = check(tmp_path, "2023-12-31")
    assert "RWD001" in report["summary"]["not_run"]


# -- parameters that change on a date (PRC, MTG) --------------------------------------------

PRC_HEADER = [
    "项目编号",
    "项目名称",
    "预算金额（元）",
    "采购组织形式",
    "采购方式",
    "采购文件",
    "采购日期",
]


def prc(rid: str, budget: str, day: str, method: str = "定向采购", docs: str = "是") -> list[str]:
    return [rid, "办公用品", budget, "自行采购", method, docs, day]


def test_prc_direct_limit_raised_from_a_date(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "采购台账.csv",
        PRC_HEADER,
        [
            prc("P1", "2.5万", "2023-06-30"),  # old 2万: over
            prc("P2", "25000", "2023-07-01"),  # new 3万: fine
            prc("P3", "2万元", "2023-06-30"),  # exactly the old limit
            prc("P4", "3万元", "2023-07-01"),  # exactly the new limit
            prc("P5", "30000.01", "2023年7月15日"),
        ],
    )
    write_config(tmp_path, '[[params.PRC.sets]]\neffective = 2023-07-01\ndirect_limit = "3万"\n')
    report = check(tmp_path, "2023-12-31", select="PRC001")
    assert hits(report, "PRC") == err("PRC001", "P1", "P5")


def test_prc_direct_limit_lowered_from_a_date_moves_the_band(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "采购台账.csv",
        PRC_HEADER,
        [
            prc("P1", "1.5万", "2023-06-30"),
            prc("P2", "1.5万", "2023-07-01"),
            prc("P3", "1.5万", "2023-06-30", method="比价", docs="否"),  # old band starts over 2万
            prc("P4", "1.5万", "2023-07-01", method="比价", docs="否"),  # new band: no docs
        ],
    )
    write_config(
        tmp_path,
        '[params.PRC]\ndirect_limit = "2万"\n\n'
        '[[params.PRC.sets]]\neffective = 2023-07-01\ndirect_limit = "1万"\n',
    )
    report = check(tmp_path, "2023-12-31", select="PRC001,PRC003")
    assert hits(report, "PRC") == err("PRC001", "P2") | err("PRC003", "P4")


def test_prc_rule_set_applies_after_family_set_on_same_date(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "采购台账.csv",
        PRC_HEADER,
        [prc("P1", "26000", "2023-07-01"), prc("P2", "25000", "2023-07-01")],
    )
    write_config(
        tmp_path,
        '[[params.PRC.sets]]\neffective = 2023-07-01\ndirect_limit = "3万"\n\n'
        '[[params.PRC001.sets]]\neffective = 2023-07-01\ndirect_limit = "2.5万"\n',
    )
    report = check(tmp_path, "2023-12-31", select="PRC001")
    assert hits(report, "PRC") == err("PRC001", "P1")


def test_mtg_min_count_set_judged_by_the_periods_first_day(tmp_path: Path) -> None:
    one_a_month = [["B1", "支委会", f"2023-{m:02d}-10", ""] for m in range(6, 10)]
    folder = org_dataset(tmp_path, one_a_month + [["B2", "支委会", "2023-08-01", ""]] * 2)
    # in force from 07-15: July is judged by 1 (its first day), August on by 2
    write_config(folder, "[[params.MTG002.sets]]\neffective = 2023-07-15\nmin_count = 2\n")
    report = check(folder, "2023-09-30", since="2023-06-01", select="MTG002")
    assert hits(report, "MTG") == warn(
        "MTG002", "B1|2023-08", "B1|2023-09", "B2|2023-06", "B2|2023-07", "B2|2023-09"
    )


def test_missing_required_column_means_not_run(tmp_path: Path) -> None:
    # README: a file missing a required column (DAT002) does not make its kind present.
    write_csv(tmp_path, "党组织.csv", ORG_HEADER, ORGS)
    write_csv(tmp_path, "三会一课.csv", ["党组织", "会议类型", "议题"], [["B1", "党员大会", ""]])
    write_config(tmp_path)
    code, out, _ = cli(
        "check", str(tmp_path), "--as-of", "2023-12-31", "--format", "json", "--no-plugins"
    )
    report = json.loads(out)
    assert code == 1
    assert {e["code"] for e in report["data_errors"]} == {"DAT002"}
    assert hits(report, "MTG", "ITG003") == set()
    assert {"MTG001", "ITG003"} <= set(report["summary"]["not_run"])


def test_only_notices_present_every_other_new_rule_not_run(tmp_path: Path) -> None:
    notices(tmp_path, [["2023-01-11", "春节前廉洁提醒", "", ""]])
    write_config(tmp_path, '[params.EXP]\nreport_threshold = "5万"\ndecision_threshold = "20万"\n')
    report = check(tmp_path, "2023-02-28")
    not_run = set(report["summary"]["not_run"])
    others = {
        "ITG003",
        *(f"MTG00{i}" for i in range(1, 8)),
        "DUL001",
        "DUL002",
        "EXP001",
        "EXP002",
        "APT001",
        "APT002",
        "APT003",
        "AST001",
        "AST002",
        "RWD001",
    }
    assert others <= not_run
    assert "ITG004" not in not_run
    assert {v["code"] for v in report["violations"]} == set()


@pytest.mark.parametrize(("fail_on", "exit_code"), [("error", 0), ("warning", 1)])
def test_warnings_only_exit_code(tmp_path: Path, fail_on: str, exit_code: int) -> None:
    folder = org_dataset(tmp_path, [])
    write_config(folder)
    argv = ["check", str(folder), "--as-of", "2023-03-31", "--format", "json", "--no-plugins"]
    code, out, _ = cli(*argv, "--select", "MTG,ITG003", "--fail-on", fail_on)
    assert code == exit_code
    assert json.loads(out)["summary"]["by_severity"]["warning"] > 0


# -- what users see --------------------------------------------------------------------------

# The names and severities `rectikit rules` lists are pinned in tests/rules/test_catalog.py.


def test_violation_names_match_the_catalog(tmp_path: Path) -> None:
    write_csv(
        tmp_path, "奖励.csv", RWD_HEADER, [["W1", "办公室", "单位", "5000元", "2023-12-20", ""]]
    )
    dual_life_xlsx(tmp_path, [["谢军", "2023Q3", 3, 2, "否"]])
    report = check(tmp_path, "2023-12-31")
    names = {v["code"]: v["name"] for v in report["violations"]}
    assert names["RWD001"] == "cash-reward-to-unit"
    assert names["DUL001"] == "dual-life-attendance"
    assert names["DUL002"] == "dual-life-unsigned"
    assert {v["code"] for v in report["violations"]} >= {"RWD001", "DUL001", "DUL002"}
