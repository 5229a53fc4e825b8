"""Reports of the genre written in other hands than rectikit's: each fixture under
``reports/`` follows its own conventions (quotes, numbering, encoding, Markdown,
statuses in headings, counts that do not add up) and must import with full fidelity:
titles exactly, statuses, measures, dates, targets and the declared counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rectikit.ledger.files import load_ledger
from rectikit.ledger.importer import ImportResult, import_report
from rectikit.model.ledger import Status

REPORTS = Path(__file__).resolve().parent / "reports"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "city-committee" / "ledger.toml"
C, E, P = Status.COMPLETED, Status.EFFECTIVE, Status.IN_PROGRESS


def imported(name: str) -> ImportResult:
    return import_report(REPORTS / name)


def measures(result: ImportResult) -> list[list[str]]:
    return [[m.text for m in f.measures] for f in result.ledger.findings]


# -- the genre of the sample: 25 findings, redacted months, paid-content markers -------------


def test_city_committee_report() -> None:
    result = imported("city_committee.txt")
    ledger = result.ledger
    example = load_ledger(EXAMPLE)
    # the 25 titles exactly, in order, with their groups' statuses
    assert [f.title for f in ledger.findings] == [f.title for f in example.findings]
    assert [f.status for f in ledger.findings] == [C] * 8 + [E] * 17
    assert [f.id for f in ledger.findings] == [f"F{n:02d}" for n in range(1, 26)]
    assert dict(ledger.declared) == {"total": 25, "completed": 8, "effective": 17}
    assert ledger.counts()["completed"] == 8 and ledger.counts()["effective"] == 17
    assert sum(len(f.measures) for f in ledger.findings) == 48
    # measures split on 一是/二是…, or the whole text as one
    assert [len(f.measures) for f in ledger.findings][:10] == [1, 2, 2, 1, 2, 1, 2, 2, 3, 2]
    f01 = ledger.findings[0]
    assert f01.measures[0].text.startswith("8月3日，工委召开会议专题研究全面从严治党工作")
    assert f01.measures[0].done == date(2023, 8, 3)  # the year from 2023年X月26日
    f02 = ledger.findings[1]
    assert f02.measures[0].text.startswith("紧盯重要环节。纪监工委")
    assert f02.measures[0].done is None  # X月12日至14日: the month is redacted, no date
    # the inspection: redacted months are unknown, not guessed
    ins = ledger.inspection
    assert (ins.inspector, ins.target) == ("市委第一巡察组", "XX市委市级机关工委")
    assert (ins.started, ins.ended, ins.feedback, ins.deadline) == (None,) * 4
    # effective findings: a done measure with its date, plans as due dates, the target
    f13 = ledger.finding("F13")
    assert [(m.done, m.due) for m in f13.measures] == [
        (date(2023, 9, 13), None),
        (None, date(2023, 12, 31)),  # 计划12月下旬
    ]
    f15 = ledger.finding("F15")
    (target,) = f15.targets
    assert (target.name, target.goal, target.actual) == ("巡学旁听单位", Decimal(52), Decimal(20))
    assert (target.measured, target.start, target.due) == (
        date(2023, 9, 25),
        date(2023, 8, 1),
        date(2023, 10, 31),
    )
    assert ledger.finding("F16").measures[1].due == date(2023, 11, 30)  # 拟于11月完成
    assert "共计回收调查问卷9920份" in result.trace.findings[11].quantities
    # the next steps, and the page furniture gone
    assert [s[:4] for s in ledger.next_steps] == ["（一）认", "（二）强", "（三）落"]
    assert not any("##" in text for text in (*result.unplaced, *ledger.next_steps))
    assert result.unplaced[0].startswith("根据市委统一部署")
    assert result.unplaced[-1].startswith("（三）坚持问题导向")
    assert result.warnings == ()


# -- GB18030, 「」 quotes, full-width numbering, statuses in the headings, (1) items ------------


def test_gb18030_report_with_statuses_in_headings() -> None:
    raw = (REPORTS / "district_water_gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is GB18030
    result = imported("district_water_gb18030.txt")
    ledger = result.ledger
    assert [(f.title, f.status) for f in ledger.findings] == [
        ("河长制巡河记录不实", C),
        ("工程项目变更审批不严", C),
        ("防汛物资管理混乱", C),
        ("基层党支部组织生活不规范", E),
        ("农村供水水费收缴率偏低", P),
    ]
    assert dict(ledger.declared) == {"total": 5, "completed": 3, "effective": 1, "in_progress": 1}
    ins = ledger.inspection
    assert ins.inspector == "区委第五巡察组"
    assert (ins.started, ins.ended, ins.feedback) == (
        date(2023, 10, 16),
        date(2023, 11, 24),
        date(2023, 12, 20),
    )
    assert measures(result) == [
        [
            "对2023年以来的巡河记录逐条核查，1月12日完成核查，通报问题记录37条。",
            "修订《河湖长巡河工作规范》，明确巡河轨迹上传要求。",
        ],
        [
            "1月8日至19日对在建项目变更签证开展专项检查。",
            "制定《水利工程设计变更管理办法》，2月6日印发执行。",
            "对3名负有责任的同志进行提醒谈话。",
        ],
        ["建立防汛物资出入库台账，2月28日完成物资盘点，实现账实相符。"],
        ["组织4个基层党支部书记开展专题培训。", "计划4月中旬开展组织生活专项检查。"],
        [
            "对欠费用户逐户上门催缴，截至3月15日，已完成收缴用户1200户。",
            "拟于6月底前出台水费收缴考核办法。",
        ],
    ]
    # dates after the inspection's year end are in the next year
    done = [[m.done for m in f.measures] for f in ledger.findings[:3]]
    assert done == [
        [date(2024, 1, 12), None],
        [date(2024, 1, 19), date(2024, 2, 6), None],
        [date(2024, 2, 28)],
    ]
    assert [m.due for m in ledger.findings[3].measures] == [None, date(2024, 4, 20)]
    assert [m.due for m in ledger.findings[4].measures] == [None, date(2024, 6, 30)]
    assert ledger.findings[4].measures[0].done is None  # 截至…已完成: progress, not done
    assert ledger.findings[1].extra == {"intro": "针对该问题，局党组采取以下措施："}
    assert result.unplaced[0] == "区委："
    assert result.unplaced[-2:] == ("中共XX区水务局党组", "2024年3月25日")
    assert ledger.next_steps == (
        "局党组将持续压实整改责任，对尚未完成的问题挂账督办，确保按期整改到位。",
    )
    assert result.warnings == ()


# -- Markdown: # headings, "" quotes, 1、 numbering, measures as paragraphs and list items ----


def test_markdown_report() -> None:
    result = imported("city_archives.md")
    ledger = result.ledger
    assert [(f.title, f.status) for f in ledger.findings] == [
        ("档案数字化外包监管缺位", C),
        ("查档接待流程不规范", C),
        ("馆藏档案安全隐患排查不彻底", E),
        ("年轻干部培养使用不够", P),
    ]
    assert dict(ledger.declared) == {"total": 4, "completed": 2, "effective": 1, "in_progress": 1}
    assert ledger.inspection.inspector == "市委第二巡察组"
    assert (ledger.inspection.started, ledger.inspection.feedback) == (
        date(2024, 3, 11),
        date(2024, 5, 22),
    )
    assert measures(result) == [
        [
            "6月14日，对数字化外包项目开展现场检查，责令外包公司整改安全隐患3处。",
            "修订《档案数字化外包安全管理办法》，7月1日起施行。",
        ],
        [
            "规范查档登记，6月全面启用电子查档登记系统。",  # **第一，** …**第二，**
            "开展窗口人员业务培训2次，正在编制查档服务指南。",
        ],
        [
            "对全部12个库房开展安全隐患排查，已完成库房温湿度设备更新8个，"
            "计划9月底完成剩余4个库房的设备更新。"
        ],
        [  # a bulleted list: an item a measure, the wrapped line joined
            "制定年轻干部培养计划，拟于10月开展首批轮岗。",
            "与市委党校协商年轻干部专题培训班，力争年内举办。",
        ],
    ]
    f01, _, f03, f04 = ledger.findings
    assert [m.done for m in f01.measures] == [date(2024, 6, 14), date(2024, 7, 1)]
    assert f03.measures[0].due == date(2024, 9, 30)
    assert [m.due for m in f04.measures] == [date(2024, 10, 31), date(2024, 12, 31)]
    # text between the group heading and the first finding: the nearest finding's note
    assert f01.notes == ("以下问题已在集中整改期内整改到位，并经馆党组审核销号。",)
    assert ledger.next_steps == (
        "（一）巩固整改成果",
        "对已完成的问题开展“回头看”，防止反弹回潮。",
        "（二）建立长效机制",
        "把整改中形成的有效做法上升为制度规范。",
    )
    # a completed finding whose text says 正在: a warning to review, with number and title
    (warning,) = result.warnings
    assert warning.finding == "F02" and warning.where == "line 23"
    assert "finding 2 (F02) “查档接待流程不规范”" in warning.message
    assert "正在编制查档服务指南" in warning.message


# -- counts that do not add up: BOM, CRLF, （1） headings, ① items ----------------------------


def test_report_whose_counts_do_not_add_up() -> None:
    raw = (REPORTS / "county_market_counts_mismatch.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = imported("county_market_counts_mismatch.txt")
    ledger = result.ledger
    assert [(f.title, f.status) for f in ledger.findings] == [
        ("食品抽检覆盖面不足", C),
        ("行政处罚案卷不规范", C),
        ("特种设备隐患台账不全", C),
        ("公务接待审批手续缺失", C),
        ("基层所标准化建设滞后", E),
        ("消费投诉处置超时", E),
    ]
    # what the report declares, as it declares it (LDG007 compares; see test_import_claims)
    assert dict(ledger.declared) == {"total": 7, "completed": 5, "effective": 2}
    assert ledger.counts()["total"] == 6 and ledger.counts()["completed"] == 4
    assert [len(f.measures) for f in ledger.findings] == [2, 2, 1, 2, 1, 2]
    assert ledger.findings[4].measures[0].text == (
        "完成3个基层所标准化改造，计划年底前完成其余2个所的改造。"
    )
    assert ledger.findings[4].measures[0].due == date(2024, 12, 31)
    assert [m.done for m in ledger.findings[1].measures] == [date(2024, 7, 25), None]
    assert ledger.inspection.deadline == date(2024, 9, 3)  # 经过两个月集中整改
    assert result.unplaced[-2:] == ("县市场监管局党组", "2024年9月6日")
