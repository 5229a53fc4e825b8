"""The headings, measures and counts of the genre, one convention at a time."""

from __future__ import annotations

import pytest

from rectikit.ledger.importer import parse_report_text, split_measures
from rectikit.ledger.importer.sections import FindingHeading, _finding_heading
from rectikit.ledger.importer.tables import cell_status
from rectikit.model.ledger import Status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.关于“监督管理不够有力”问题的整改", FindingHeading("监督管理不够有力", "1.")),
        (
            "7.关于“‘三会一课’制度落实不够到位”问题的整改",
            FindingHeading("‘三会一课’制度落实不够到位", "7."),
        ),
        ("１２．关于「资产底数不清」问题整改情况", FindingHeading("资产底数不清", "12.")),
        ('3、关于"档案管理混乱"问题的整改落实情况', FindingHeading("档案管理混乱", "3、")),
        ("（4）关于『公车管理』方面问题的整改", FindingHeading("公车管理", "（4）")),
        ("⑤“台账不规范”问题整改情况", FindingHeading("台账不规范", "⑤")),
        ("（二）关于“值班制度执行不严”问题的整改", FindingHeading("值班制度执行不严", "（二）")),
        ("问题3：关于“培训不到位”问题的整改", FindingHeading("培训不到位", "问题3：")),
        ("关于“会议记录不规范”问题的整改", FindingHeading("会议记录不规范")),  # Word numbers it
        ("1.关于值班制度执行不严问题的整改", FindingHeading("值班制度执行不严", "1.")),
        (
            "2.关于“设备闲置”问题的整改（已完成）",
            FindingHeading("设备闲置", "2.", Status.COMPLETED, "已完成"),
        ),
        (
            "2.关于“设备闲置”问题的整改【持续推进中】",
            FindingHeading("设备闲置", "2.", Status.EFFECTIVE, "持续推进中"),
        ),
        (
            "2.关于“设备闲置”问题的整改（牵头：办公室）",
            FindingHeading("设备闲置", "2.", None, "牵头：办公室"),
        ),
        (
            "3.关于“合同管理不规范”问题的整改：一是清理合同。二是建章立制。",
            FindingHeading("合同管理不规范", "3.", rest="一是清理合同。二是建章立制。"),
        ),
        # not headings: a sub-item, a sentence, a plain quote, a number
        ("1.“加强学习”：组织学习条例。", None),
        ("针对“制度不健全”问题，我们修订了制度。", None),
        ("（一）“三个以案”警示教育", None),
        ("1.5万元的采购项目", None),
    ],
)
def test_finding_headings(text: str, expected: FindingHeading | None) -> None:
    assert _finding_heading(text) == expected


def test_heading_notes_and_text_on_the_heading_line() -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "二、整改进展情况\n"
        "1.关于“设备闲置”问题的整改（牵头：办公室）\n"
        "2.关于“合同管理不规范”问题的整改（已完成）：一是清理合同。二是建章立制。\n"
    )
    first, second = parse_report_text(text).ledger.findings
    assert (first.status, first.notes) == (Status.IN_PROGRESS, ("牵头：办公室",))
    assert second.status is Status.COMPLETED
    assert [m.text for m in second.measures] == ["清理合同。", "建章立制。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一是甲。二是乙；三是：丙。", ("", ["甲。", "乙；", "丙。"])),
        ("第一，甲。第二，乙。", ("", ["甲。", "乙。"])),
        ("主要措施：（1）甲；（2）乙。", ("主要措施：", ["甲；", "乙。"])),
        ("①甲，②乙。", ("", ["甲，", "乙。"])),
        ("1.甲。\n2.乙。\n3、丙。", ("", ["甲。", "乙。", "丙。"])),
        ("①完成改造。", ("", ["完成改造。"])),  # one marker opening the text
        # 一是 items holding (1)/(2): split on 一是 only
        (
            "一是建制度：（1）甲；（2）乙。二是抓落实。",
            ("", ["建制度：（1）甲；（2）乙。", "抓落实。"]),
        ),
        # numbers that are no markers
        ("7月份，1名干部轮岗。", ("", ["7月份，1名干部轮岗。"])),
        ("2.5万元以下的项目。", ("", ["2.5万元以下的项目。"])),
        ("第一议题制度落实。", ("", ["第一议题制度落实。"])),
    ],
)
def test_measure_markers(text: str, expected: tuple[str, list[str]]) -> None:
    assert split_measures(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "截至目前，反馈问题共12个。其中，已整改到位9个，正在整改2个，尚未启动1个。",
            {"total": 12, "completed": 9, "in_progress": 2, "pending": 1},
        ),
        (
            "巡察反馈的3个方面15个具体问题，已完成整改10个，长期坚持5个。",
            {"total": 15, "completed": 10, "effective": 5},
        ),
        (
            "反馈问题共计八条，已办结六条，取得阶段性成效两条。",
            {"total": 8, "completed": 6, "effective": 2},
        ),
    ],
)
def test_declared_count_variants(sentence: str, expected: dict[str, int]) -> None:
    text = f"某局关于巡察整改情况的报告\n一、巡察整改工作总体情况\n{sentence}\n"
    assert dict(parse_report_text(text).ledger.declared) == expected


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("已完成", Status.COMPLETED),
        ("已整改", Status.COMPLETED),
        ("完成", Status.COMPLETED),
        ("是", Status.COMPLETED),
        ("持续推进", Status.EFFECTIVE),
        ("基本完成，正在推进招聘", Status.EFFECTIVE),
        ("长期坚持", Status.EFFECTIVE),
        ("正在整改", Status.IN_PROGRESS),
        ("否", Status.IN_PROGRESS),
        ("未启动", Status.PENDING),
        ("已销号", Status.VERIFIED),
        ("见附件", None),
        ("", None),
    ],
)
def test_status_cells(cell: str, status: Status | None) -> None:
    assert cell_status(cell) == status
