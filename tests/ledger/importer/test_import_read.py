"""Reading reports: where each paragraph stands (lines, Word paragraphs, table rows),
page furniture left out, Markdown tables and lists, and the one-line errors for files
that are not reports (exit 2, nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cli_no_traceback

from rectikit.ledger.importer import (
    ReportParagraph,
    explain,
    import_report,
    markdown_blocks,
    parse_report_text,
    text_blocks,
)
from rectikit.ledger.importer.source import describe

REPORT = """\
某局关于巡察整改情况的报告

区委第二巡察组于2024年3月4日至4月19日对某局开展了巡察，并于5月10日进行了反馈。
一、巡察整改工作总体情况
巡察反馈的2个具体问题，已完成的整改事项有1个，已取得明显成效的1个。
##paidbegin##
二、整改进展情况及成效
- 3 -
（一）已完成的整改事项
整改工作总体进展顺利。
1.关于“制度不健全”问题的整改
一是6月12日修订制度。
二是组织学习。
第 2 页 共 3 页
（二）按计划持续推进的整改事项
1.关于“培训不到位”问题的整改
计划10月底完成培训。
补充说明：培训方案已报批。
三、下一步工作打算
持续巩固整改成果。##paidend##
某局
2024年8月20日
"""


def test_lines_and_page_furniture() -> None:
    blocks = text_blocks(REPORT)
    texts = [b.text for b in blocks]
    assert "- 3 -" not in texts and "第 2 页 共 3 页" not in texts
    assert not any("##" in t for t in texts)
    assert texts[-3] == "持续巩固整改成果。"  # the marker cut from its line, the text kept
    assert blocks[1] == ReportParagraph(
        "区委第二巡察组于2024年3月4日至4月19日对某局开展了巡察，并于5月10日进行了反馈。",
        3,
        "line",
    )


def test_explain_names_the_lines_of_each_part() -> None:
    result = parse_report_text(REPORT)
    first, second = result.ledger.findings
    assert first.notes == ("整改工作总体进展顺利。",)
    assert second.notes == ()
    assert [m.text for m in second.measures] == ["计划10月底完成培训。补充说明：培训方案已报批。"]
    assert explain(result) == [
        "title: line 1",
        "inspection: line 3: inspector 区委第二巡察组, target 某局, on site 2024-03-04 to "
        "2024-04-19, feedback 2024-05-10, deadline unknown",
        "declared counts: line 5: total 2, completed 1, effective 1",
        "F01 “制度不健全” completed: lines 10-13",
        "  heading: line 11, status from “（一）已完成的整改事项” (line 9)",
        "  F01-1: line 12 (done 2024-06-12)",
        "  F01-2: line 13",
        "  notes: 1 (line 10)",
        "F02 “培训不到位” effective: lines 16-18",
        "  heading: line 16, status from “（二）按计划持续推进的整改事项” (line 15)",
        "  F02-1: lines 17-18 (due 2024-10-31)",
        "next steps: line 20",
        "kept unplaced: lines 3, 5, 21-22",
    ]


def test_every_paragraph_is_accounted_for() -> None:
    result = parse_report_text(REPORT)
    trace = result.trace
    seen = [*trace.structure, *trace.inspection, *trace.next_steps, *trace.unplaced]
    seen += [trace.title] if trace.title else []
    for item in trace.findings:
        seen += [item.heading] if item.heading else []
        seen += [*item.lead, *item.notes, *(p for group in item.measures for p in group)]
    assert sorted({p.number for p in seen if p is not None}) == [
        b.number for b in text_blocks(REPORT)
    ]


def test_describe() -> None:
    rows = [ReportParagraph("x", n, "row", table=2) for n in (2, 3, 5)]
    assert describe(rows) == "table 2 rows 2-3, 5"
    assert describe([ReportParagraph("x", 4, "line", last=6)]) == "lines 4-6"
    assert describe([ReportParagraph("x", 7)]) == "paragraph 7"
    assert describe([]) == ""


def test_markdown_tables_and_lists() -> None:
    text = (
        "# 某局关于巡察整改情况的报告\n\n"
        "## 二、整改进展情况\n\n"
        "| 序号 | 问题 | 整改措施 | 完成情况 |\n"
        "| --- | --- | :---: | --- |\n"
        "| 1 | 制度不健全 | 一是修订制度。二是组织学习。 | 已完成 |\n"
        "| 2 | 培训不到位 | 计划10月开展培训。 | 持续推进 |\n\n"
        "说明：\n\n"
        "- 第一项\n"
        "- 第二项\n"
        "  续行\n"
    )
    blocks = markdown_blocks(text)
    assert [b.cells for b in blocks if b.cells] == [
        ("序号", "问题", "整改措施", "完成情况"),
        ("1", "制度不健全", "一是修订制度。二是组织学习。", "已完成"),
        ("2", "培训不到位", "计划10月开展培训。", "持续推进"),
    ]
    assert [(b.text, b.item) for b in blocks[-2:]] == [("第一项", True), ("第二项续行", True)]


def test_markdown_table_report(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        "# 某局关于巡察整改情况的报告\n\n"
        "| 序号 | 问题 | 整改措施 | 完成情况 |\n"
        "|---|---|---|---|\n"
        "| 1 | 制度不健全 | 一是修订制度。<br>二是组织学习。 | 已完成 |\n"
        "| 2 | 培训不到位 | 计划10月开展培训。 | 持续推进 |\n",
        encoding="utf-8",
    )
    ledger = import_report(path).ledger
    assert [(f.title, f.status.value, len(f.measures)) for f in ledger.findings] == [
        ("制度不健全", "completed", 2),
        ("培训不到位", "effective", 1),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the report is empty"),
        ("blank.md", "\n \n\u3000\n".encode(), "the report is empty"),
        ("binary.txt", b"PK\x00\x00\x03\x04", "not a text file"),
        ("minutes.txt", "会议纪要\n今天开会讨论了预算。\n".encode(), "no findings found"),
        ("random.txt", bytes(range(128, 256)) * 4, "not valid UTF-8 or GB18030"),
    ],
)
def test_not_a_report(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    report = tmp_path / name
    report.write_bytes(content)
    target = tmp_path / "ledger.toml"
    code, out, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
    assert code == 2 and out == ""
    assert err.startswith(f"rectikit: error: {report}: ") and err.count("\n") == 1
    assert message in err
    assert not target.exists()


def test_empty_word_file(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    report = tmp_path / "empty.docx"
    docx.Document().save(str(report))
    code, _, err = cli_no_traceback(
        "ledger", "import", str(report), "-o", str(tmp_path / "ledger.toml")
    )
    assert code == 2 and "the report is empty" in err


def test_unwritable_output(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    target = tmp_path / "missing" / "ledger.toml"
    code, _, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err
