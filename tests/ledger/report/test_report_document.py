"""build_report: the genre's structure, counts from the items, numbering, measures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from support import example_inspection, example_target

from rectikit.ledger.report import Heading, Paragraph, ReportDocument, build_report
from rectikit.ledger.report.document import (
    chinese_number,
    clean_text,
    format_date,
    format_quantity,
    format_range,
    join_measures,
    sentence,
)
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target

INSPECTION = example_inspection()


def finding(
    fid: str, title: str, status: Status | None, *texts: str, targets: tuple[Target, ...] = ()
) -> Finding:
    measures = tuple(
        Measure(id=f"{fid}-{n}", text=t, done=date(2023, 8, n))
        for n, t in enumerate(texts, start=1)
    )
    return Finding(id=fid, title=title, status=status, measures=measures, targets=targets)


TARGET = example_target()

LEDGER = Ledger(
    inspection=INSPECTION,
    declared={"total": 99, "completed": 42, "effective": 7},  # wrong on purpose
    findings=(
        finding(
            "F01",
            "工委专题研究全面从严治党不到位",
            Status.COMPLETED,
            "召开工委会议专题研究全面从严治党工作，制定责任清单。",
        ),
        finding(
            "F02",
            "监督管理不够有力",
            Status.EFFECTIVE,
            "加强对“三重一大”事项的全过程监督；",
            "建立第一种形态管理台账",
        ),
        finding(
            "F03",
            "日常廉政教育不深不透",
            Status.VERIFIED,
            "节前推送廉政提醒。",
            "组织警示教育",
            "每季度分析廉政形势；",
        ),
        finding(
            "F04",
            "指导督导中心组学习不深入",
            Status.EFFECTIVE,
            "制定巡学旁听工作安排表",
            targets=(TARGET,),
        ),
        finding("F05", "内控制度不够细化", None, "修订政府采购内部控制规范"),  # derived
        finding("F06", "党务干部能力素质有待提升", Status.IN_PROGRESS, "分级分类培训"),
    ),
    next_steps=("坚持问题导向，对整改事项再梳理。", "强化班子建设。"),
)


def kinds(doc: ReportDocument) -> list[str]:
    return [f"H{b.level}" if isinstance(b, Heading) else "P" for b in doc.blocks]


def test_title_from_the_inspected_unit() -> None:
    assert build_report(LEDGER).title == "市委市级机关工委关于巡察整改情况的报告"


def test_title_falls_back_to_this_unit_and_unit_overrides() -> None:
    bare = Ledger(findings=LEDGER.findings)
    assert build_report(bare).title == "本单位关于巡察整改情况的报告"
    assert build_report(LEDGER, unit="机关工委").title == "机关工委关于巡察整改情况的报告"


def test_headings_in_order() -> None:
    doc = build_report(LEDGER)
    assert [h.text for h in doc.headings()] == [
        "一、巡察整改工作总体情况",
        "二、整改进展情况及成效",
        "（一）集中整改期内已完成的整改事项",
        "1.关于“工委专题研究全面从严治党不到位”问题的整改",
        "2.关于“日常廉政教育不深不透”问题的整改",
        "3.关于“内控制度不够细化”问题的整改",
        "（二）按计划持续推进的整改事项",
        "1.关于“监督管理不够有力”问题的整改",
        "2.关于“指导督导中心组学习不深入”问题的整改",
        "（三）正在推进的整改事项",
        "1.关于“党务干部能力素质有待提升”问题的整改",
        "三、下一步工作打算",
    ]
    assert [h.level for h in doc.headings()] == [1, 1, 2, 3, 3, 3, 2, 3, 3, 2, 3, 1]


def test_block_layout_opening_then_one_paragraph_per_finding() -> None:
    doc = build_report(LEDGER)
    assert kinds(doc) == [
        "P",  # opening
        "H1",
        "P",  # 一、 counts
        "H1",
        "H2",
        "H3",
        "P",
        "H3",
        "P",
        "H3",
        "P",
        "H2",
        "H3",
        "P",
        "H3",
        "P",
        "H2",
        "H3",
        "P",
        "H1",
        "P",
        "P",  # 三、 two next steps
    ]
    assert all(
        isinstance(b, Paragraph) and b.style == "body"
        for b in doc.blocks
        if not isinstance(b, Heading)
    )


def test_opening_states_who_whom_and_when() -> None:
    opening = build_report(LEDGER).blocks[0]
    assert isinstance(opening, Paragraph)
    assert opening.text.startswith(
        "市委第一巡察组于2023年5月26日至6月9日对市委市级机关工委开展巡察，"
        "并于6月27日反馈了巡察意见。"
    )


def test_opening_without_dates_or_inspector() -> None:
    doc = build_report(Ledger(inspection=Inspection(target="某局")))
    assert doc.blocks[0] == Paragraph("巡察组对某局开展巡察。现将巡察整改情况报告如下。")


def test_counts_are_computed_from_the_findings_not_declared() -> None:
    counts = build_report(LEDGER).blocks[2]
    assert counts == Paragraph(
        "截至2023年9月27日，巡察反馈的6个具体问题，已完成整改3个（其中已销号1个），"
        "已取得明显成效2个，正在推进1个。"
    )
    assert "99" not in counts.text and "42" not in counts.text


def test_counts_sentence_of_the_genre_without_in_progress_or_pending() -> None:
    findings = tuple(finding(f"C{n}", f"问题{n}", Status.COMPLETED, "整改") for n in range(8))
    findings += tuple(finding(f"E{n}", f"问题E{n}", Status.EFFECTIVE, "推进") for n in range(17))
    doc = build_report(Ledger(inspection=INSPECTION, findings=findings))
    assert doc.blocks[2] == Paragraph(
        "截至2023年9月27日，巡察反馈的25个具体问题，已完成整改8个，已取得明显成效17个。"
    )


def test_pending_is_mentioned_only_when_present() -> None:
    ledger = attrs.evolve(LEDGER, findings=(*LEDGER.findings, Finding(id="F07", title="尚未研究")))
    text = build_report(ledger).blocks[2].text
    assert text.endswith("正在推进1个，尚未启动1个。")
    assert "尚未启动" not in build_report(LEDGER).blocks[2].text


def test_as_of_and_default_deadline() -> None:
    assert (
        build_report(LEDGER, as_of=date(2023, 10, 8))
        .blocks[2]
        .text.startswith("截至2023年10月8日，")
    )
    no_deadline = attrs.evolve(LEDGER, inspection=attrs.evolve(INSPECTION, deadline=None))
    # feedback 6月27日 + 3 months
    assert build_report(no_deadline).blocks[2].text.startswith("截至2023年9月27日，")
    undated = Ledger(findings=LEDGER.findings)
    assert build_report(undated).blocks[2].text.startswith("截至目前，")


def test_numbering_restarts_in_each_group() -> None:
    numbers = [h.text.split(".")[0] for h in build_report(LEDGER).headings(3)]
    assert numbers == ["1", "2", "3", "1", "2", "1"]


def test_measures_are_joined_with_ordinals_and_punctuation() -> None:
    doc = build_report(LEDGER)
    paragraphs = {
        doc.blocks[i - 1].text: doc.blocks[i].text
        for i, b in enumerate(doc.blocks)
        if isinstance(b, Paragraph)
        and i
        and isinstance(doc.blocks[i - 1], Heading)
        and doc.blocks[i - 1].level == 3
    }
    assert paragraphs["1.关于“工委专题研究全面从严治党不到位”问题的整改"] == (
        "召开工委会议专题研究全面从严治党工作，制定责任清单。"
    )
    assert paragraphs["1.关于“监督管理不够有力”问题的整改"] == (
        "一是加强对“三重一大”事项的全过程监督。二是建立第一种形态管理台账。"
    )
    assert paragraphs["2.关于“日常廉政教育不深不透”问题的整改"] == (
        "一是节前推送廉政提醒。二是组织警示教育。三是每季度分析廉政形势。"
    )


def test_targets_are_appended_as_a_sentence() -> None:
    doc = build_report(LEDGER)
    index = next(i for i, b in enumerate(doc.blocks) if "指导督导中心组学习" in b.text)
    assert doc.blocks[index + 1].text == (
        "制定巡学旁听工作安排表。巡学旁听单位数目标52个，截至9月25日已完成20个。"
    )


def test_target_with_unit_and_no_measured_date() -> None:
    target = Target(
        name="双重组织生活参加率", goal=Decimal("100"), actual=Decimal("98.50"), unit="%"
    )
    ledger = Ledger(
        inspection=INSPECTION,
        findings=(finding("F1", "形式主义", Status.EFFECTIVE, targets=(target,)),),
    )
    assert build_report(ledger).blocks[-3].text == "双重组织生活参加率目标100%，目前已完成98.5%。"


def test_inner_quotes_of_a_title_become_single_quotes() -> None:
    ledger = Ledger(
        findings=(finding("F1", "“三会一课”制度落实不够到位", Status.COMPLETED, "加强业务学习"),)
    )
    assert build_report(ledger).headings(3)[0].text == (
        "1.关于“‘三会一课’制度落实不够到位”问题的整改"
    )


def test_empty_groups_are_omitted_and_numbering_stays_consecutive() -> None:
    effective_only = Ledger(
        inspection=INSPECTION,
        findings=(
            finding("F1", "甲", Status.EFFECTIVE, "推进"),
            finding("F2", "乙", Status.PENDING),
        ),
    )
    doc = build_report(effective_only)
    assert [h.text for h in doc.headings(2)] == [
        "（一）按计划持续推进的整改事项",
        "（二）正在推进的整改事项",
    ]
    assert "集中整改期内已完成" not in "".join(b.text for b in doc.blocks)


def test_no_findings_drops_section_two_and_renumbers() -> None:
    doc = build_report(Ledger(inspection=INSPECTION))
    assert [h.text for h in doc.headings()] == ["一、巡察整改工作总体情况", "二、下一步工作打算"]
    assert doc.blocks[2].text == "截至2023年9月27日，整改台账尚未列入巡察反馈的具体问题。"


def test_next_steps_one_paragraph_each_or_a_generic_one() -> None:
    doc = build_report(LEDGER)
    assert [b.text for b in doc.blocks[-2:]] == [
        "坚持问题导向，对整改事项再梳理。",
        "强化班子建设。",
    ]
    generic = build_report(attrs.evolve(LEDGER, next_steps=()))
    assert isinstance(generic.blocks[-2], Heading)
    assert generic.blocks[-1].text.startswith("市委市级机关工委将")


def test_finding_without_measures_gets_a_visible_placeholder() -> None:
    doc = build_report(Ledger(findings=(Finding(id="F9", title="待定", status=Status.PENDING),)))
    heading = doc.headings(3)[0]
    index = doc.blocks.index(heading)
    assert doc.blocks[index + 1].text == "（整改措施待补充。）"


def test_finding_without_title_uses_its_id() -> None:
    doc = build_report(Ledger(findings=(finding("F42", "", Status.COMPLETED, "办结"),)))
    assert doc.headings(3)[0].text == "1.关于“F42”问题的整改"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (0, "0"),
        (10000, "10000"),
    ],
)
def test_chinese_number(number: int, text: str) -> None:
    assert chinese_number(number) == text


def test_join_measures_many_and_one() -> None:
    texts = [f"措施{n}；" for n in range(1, 13)]
    joined = join_measures(texts)
    assert joined.startswith("一是措施1。二是措施2。")
    assert "十是措施10。十一是措施11。十二是措施12。" in joined
    assert join_measures(["只此一项；"]) == "只此一项。"
    assert join_measures(["一是已带序号。", "", "  二是也带  "]) == "一是已带序号。二是也带。"
    assert join_measures([]) == ""


def test_sentence_punctuation() -> None:
    assert sentence("完成整改。") == "完成整改。"
    assert sentence("完成整改；") == "完成整改。"
    assert sentence("完成整改") == "完成整改。"
    assert sentence("确保落实到位！") == "确保落实到位！"
    assert sentence("提出“应改尽改”") == "提出“应改尽改”。"


def test_clean_text_joins_lines() -> None:
    assert clean_text("  第一行\n  第二行 \n") == "第一行第二行"
    assert clean_text("Excel\napplication") == "Excel application"


def test_dates_and_quantities() -> None:
    assert format_range(date(2023, 5, 26), date(2023, 6, 9)) == "2023年5月26日至6月9日"
    assert format_range(date(2023, 5, 3), date(2023, 5, 20)) == "2023年5月3日至20日"
    assert format_range(date(2023, 12, 26), date(2024, 1, 9)) == "2023年12月26日至2024年1月9日"
    assert format_date(date(2023, 6, 27), 2023) == "6月27日"
    assert format_date(date(2024, 1, 2), 2023) == "2024年1月2日"
    assert format_quantity(Decimal("520")) == "520个"
    assert format_quantity(Decimal("52.00"), "家") == "52家"
