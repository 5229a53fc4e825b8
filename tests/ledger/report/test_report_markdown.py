"""render_markdown: an exact snapshot of a small report, and escaping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rectikit.ledger.report import Heading, Paragraph, ReportDocument, build_report
from rectikit.ledger.report.markdown import escape_markdown, render_markdown
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target

LEDGER = Ledger(
    inspection=Inspection(
        inspector="市委第二巡察组",
        target="市统计局",
        started=date(2024, 3, 4),
        ended=date(2024, 3, 29),
        feedback=date(2024, 4, 18),
    ),
    declared={"total": 3, "completed": 3},  # ignored
    findings=(
        Finding(
            id="F1",
            title="统计数据审核把关不严",
            status=Status.COMPLETED,
            measures=(
                Measure(id="F1-1", text="修订数据审核办法；", done=date(2024, 6, 1)),
                Measure(id="F1-2", text="开展数据质量抽查", done=date(2024, 6, 20)),
            ),
        ),
        Finding(
            id="F2",
            title="基层统计人员培训不足",
            status=Status.EFFECTIVE,
            measures=(Measure(id="F2-1", text="分片区举办业务培训。"),),
            targets=(
                Target(
                    name="培训人次",
                    goal=Decimal(300),
                    actual=Decimal(120),
                    measured=date(2024, 7, 10),
                ),
            ),
        ),
    ),
    next_steps=("持续跟踪整改成效，建立长效机制。",),
)

EXPECTED = """\
# 市统计局关于巡察整改情况的报告

市委第二巡察组于2024年3月4日至29日对市统计局开展巡察，并于4月18日反馈了巡察意见。现将巡察整改情况报告如下。

## 一、巡察整改工作总体情况

截至2024年7月18日，巡察反馈的2个具体问题，已完成整改1个，已取得明显成效1个。

## 二、整改进展情况及成效

### （一）集中整改期内已完成的整改事项

#### 1.关于“统计数据审核把关不严”问题的整改

一是修订数据审核办法。二是开展数据质量抽查。

### （二）按计划持续推进的整改事项

#### 1.关于“基层统计人员培训不足”问题的整改

分片区举办业务培训。培训人次目标300个，截至7月10日已完成120个。

## 三、下一步工作打算

持续跟踪整改成效，建立长效机制。
"""


def test_markdown_snapshot() -> None:
    assert render_markdown(build_report(LEDGER)) == EXPECTED


def test_heading_levels_map_to_hashes() -> None:
    doc = ReportDocument(
        "标题", (Heading(1, "一、甲"), Heading(2, "（一）乙"), Heading(3, "1.丙"), Paragraph("丁"))
    )
    assert render_markdown(doc) == "# 标题\n\n## 一、甲\n\n### （一）乙\n\n#### 1.丙\n\n丁\n"


def test_markdown_escapes_what_markdown_would_act_on() -> None:
    assert escape_markdown("a*b_c`d[e]<f>") == r"a\*b\_c\`d\[e\]\<f>"
    assert escape_markdown("# 不是标题") == r"\# 不是标题"
    assert escape_markdown("- 不是列表") == r"\- 不是列表"
    assert escape_markdown("2023. 年") == r"2023\. 年"
    assert escape_markdown("1.关于“甲”问题的整改") == "1.关于“甲”问题的整改"
    assert escape_markdown("多行\n文本") == "多行文本"
