"""Markdown and HTML reporters, fed with results built in memory."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser

from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter, ReportOptions
from rectikit.reporters.html import HtmlReporter
from rectikit.reporters.markdown import MarkdownReporter, escape_markdown

CITATION = "《政府采购内部控制规范》（单位修订版）"
NASTY = '供应商 "A|B" <script>alert(1)</script> & 其他\n第二行'
NAMES = {
    "PRC001": "directed-over-limit",
    "PRC002": "too-few-suppliers",
    "ITG003": "late-declaration",
    "DAT003": "unparseable-value",
}
TITLES = {
    "PRC001": "定向采购超限额",
    "PRC002": "比价供应商不足",
    "ITG003": "个人事项报告逾期",
    "ITG001": "干部任职回避",
}


def violation(
    code: str,
    location: Location,
    subject: str,
    message: str,
    severity: Severity = Severity.ERROR,
) -> Violation:
    data = code.startswith("DAT")
    return Violation(
        code=code,
        name=NAMES[code],
        severity=severity,
        kind=None if data else "procurement",
        subject=subject,
        message=message,
        location=location,
        citation="" if data else CITATION,
    )


def sample() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=12,
        violations=(
            violation(
                "PRC001", Location("a.csv", 2, "budget"), "P1", "定向采购项目预算 52,000.00 元"
            ),
            violation("PRC002", Location("a.csv", 3, "suppliers"), "P2", NASTY, Severity.WARNING),
            violation(
                "PRC001", Location("a.csv", 5, "budget"), "P4", "定向采购项目预算 60,000.00 元"
            ),
            violation(
                "PRC001",
                Location("b.xlsx", 7, "budget", sheet="采购台账", cell="C7"),
                "Q1",
                "定向采购项目预算 99,000.00 元",
            ),
            violation("ITG003", Location("b.xlsx", 4), "张三", "逾期 12 天", Severity.INFO),
        ),
        data_errors=(
            violation(
                "DAT003",
                Location("a.csv", 9, "budget"),
                "budget",
                "“预算”列的值“abc”无法识别为金额",
            ),
        ),
        not_run={"ITG001": "no staff file"},
        titles=TITLES,
    )


def empty() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31), since=date(2023, 1, 1), records=3, violations=(), data_errors=()
    )


def render(reporter: Reporter, result: CheckResult) -> str:
    stream = io.StringIO()
    reporter.write(result, stream)
    return stream.getvalue()


def markdown(result: CheckResult, lang: str = "zh") -> str:
    return render(MarkdownReporter(ReportOptions(lang=lang)), result)


def page(result: CheckResult, lang: str = "zh") -> str:
    return render(HtmlReporter(ReportOptions(lang=lang)), result)


def cells(line: str) -> list[str]:
    """The cells of a Markdown table row (split on unescaped ``|``)."""
    assert line.startswith("| ") and line.endswith(" |"), line
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line[1:-1])]


def section(text: str, heading: str) -> str:
    """The lines from ``heading`` to the next ``## `` heading."""
    start = text.index(f"\n{heading}\n") + 1
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


# -- markdown ------------------------------------------------------------------------------


def test_markdown_reporter_interface() -> None:
    assert MarkdownReporter.name == "markdown" and issubclass(MarkdownReporter, Reporter)
    assert not MarkdownReporter.binary
    assert MarkdownReporter().to_bytes(sample()).decode("utf-8") == markdown(sample())


def test_markdown_headings_and_header_line() -> None:
    out = markdown(sample())
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# rectikit 检查报告",
        "## 检查汇总",
        "## a.csv",
        "## b.xlsx",
        "## 数据问题",
        "## 未运行的规则",
    ]
    assert out.splitlines()[2] == (
        "评估期 2023-01-01 – 2023-12-31 · 记录 12 · 违规 5（错误 3，警告 1，提示 1） · 数据问题 1"
    )
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_markdown_summary_table() -> None:
    block = section(markdown(sample()), "## 检查汇总").splitlines()
    assert block[2] == "| 规则 | 名称 | 标题 | 级别 | 数量 |"
    assert block[3] == "| --- | --- | --- | --- | ---: |"
    rows = [cells(line) for line in block[4:] if line.startswith("|")]
    assert rows == [
        ["DAT003", "unparseable-value", "", "错误", "1"],
        ["ITG003", "late-declaration", "个人事项报告逾期", "提示", "1"],
        ["PRC001", "directed-over-limit", "定向采购超限额", "错误", "3"],
        ["PRC002", "too-few-suppliers", "比价供应商不足", "警告", "1"],
    ]


def test_markdown_file_tables_positions_and_citations() -> None:
    out = markdown(sample())
    a_block = section(out, "## a.csv")
    lines = a_block.splitlines()
    assert lines[2] == "| 行 | 位置 | 规则 | 级别 | 对象 | 说明 |"
    rows = [cells(line) for line in lines if line.startswith("|")][2:]
    assert [row[:5] for row in rows] == [
        ["2", "budget", "PRC001", "错误", "P1"],
        ["3", "suppliers", "PRC002", "警告", "P2"],
        ["5", "budget", "PRC001", "错误", "P4"],
    ]
    assert "DAT003" not in a_block  # data errors have their own section
    # one citation per rule, by code
    assert [line for line in lines if line.startswith("- ")] == [
        f"- PRC001：{CITATION}",
        f"- PRC002：{CITATION}",
    ]
    b_rows = [cells(line) for line in section(out, "## b.xlsx").splitlines() if line[:1] == "|"]
    # file-level row first (as in result.all), then the spreadsheet cell
    assert b_rows[2] == ["4", "", "ITG003", "提示", "张三", "逾期 12 天"]
    assert b_rows[3][:2] == ["7", "采购台账!C7"]
    assert section(out, "## b.xlsx").count("- PRC001：") == 1


def test_markdown_escapes_cells() -> None:
    out = markdown(sample())
    row = next(line for line in out.splitlines() if "| P2 |" in line)
    assert len(cells(row)) == 6
    assert cells(row)[5] == ('供应商 "A\\|B" \\<script>alert(1)\\</script> & 其他 第二行')
    assert not re.search(r"(?<!\\)<", out)  # every < escaped: no HTML
    assert "第二行" in row  # the newline is folded into the cell
    assert escape_markdown("a_b *c* [d](e) `f` \\ g &amp; h") == (
        "a\\_b \\*c\\* \\[d\\](e) \\`f\\` \\\\ g \\&amp; h"
    )
    assert escape_markdown("  x\r\n\n  y  ") == "x y"


def test_markdown_data_errors_and_not_run() -> None:
    out = markdown(sample())
    data = section(out, "## 数据问题").splitlines()
    assert data[2] == "| 文件 | 行 | 位置 | 规则 | 级别 | 说明 |"
    assert cells(data[4]) == [
        "a.csv",
        "9",
        "budget",
        "DAT003",
        "错误",
        "“预算”列的值“abc”无法识别为金额",
    ]
    assert section(out, "## 未运行的规则").splitlines()[2] == "- ITG001 干部任职回避：no staff file"


def test_markdown_snapshot() -> None:
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 7, 1),
        records=2,
        violations=(
            violation(
                "PRC002",
                Location("采购.xlsx", 3, "suppliers", sheet="台账", cell="F3"),
                "P2",
                "比价供应商 1 家 | 少于 3 家",
                Severity.WARNING,
            ),
        ),
        data_errors=(),
        titles={"PRC002": "比价供应商不足"},
    )
    assert markdown(result) == (
        "# rectikit 检查报告\n"
        "\n"
        "评估期 2023-07-01 – 2023-12-31 · 记录 2 · 违规 1（错误 0，警告 1，提示 0） · 数据问题 0\n"
        "\n"
        "## 检查汇总\n"
        "\n"
        "| 规则 | 名称 | 标题 | 级别 | 数量 |\n"
        "| --- | --- | --- | --- | ---: |\n"
        "| PRC002 | too-few-suppliers | 比价供应商不足 | 警告 | 1 |\n"
        "\n"
        "## 采购.xlsx\n"
        "\n"
        "| 行 | 位置 | 规则 | 级别 | 对象 | 说明 |\n"
        "| ---: | --- | --- | --- | --- | --- |\n"
        "| 3 | 台账!F3 | PRC002 | 警告 | P2 | 比价供应商 1 家 \\| 少于 3 家 |\n"
        "\n"
        f"- PRC002：{CITATION}\n"
    )


def test_markdown_empty_and_english() -> None:
    out = markdown(empty())
    assert out == (
        "# rectikit 检查报告\n"
        "\n"
        "评估期 2023-01-01 – 2023-12-31 · 记录 3 · 违规 0（错误 0，警告 0，提示 0） · 数据问题 0\n"
        "\n"
        "未发现违规。\n"
    )
    assert markdown(empty(), "en").endswith("\n\nNo violations found.\n")
    out = markdown(sample(), "en")
    assert out.startswith("# rectikit check report\n")
    assert "window 2023-01-01 – 2023-12-31 · records 12 · violations 5 (error 3, " in out
    for heading in ("## Summary", "## a.csv", "## Data errors", "## Rules not run"):
        assert f"\n{heading}\n" in out
    assert "| Code | Name | Title | Severity | Count |" in out
    assert "| Row | Position | Code | Severity | Subject | Message |" in out
    assert f"- PRC001: {CITATION}" in out and "- ITG001 干部任职回避: no staff file" in out


def test_markdown_only_data_errors() -> None:
    result = sample()
    out = markdown(CheckResult(result.as_of, result.since, 1, (), result.data_errors))
    assert "未发现违规。" in out and "## 数据问题" in out and "## a.csv" not in out


# -- html ----------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}


class Checker(HTMLParser):
    """Parses a page, checking every element is closed in order; collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.doctype = ""
        self.html_attrs: dict[str, str | None] = {}

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] != "style":
            self.text.append(data)


def parse(text: str) -> Checker:
    checker = Checker()
    checker.feed(text)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, checker.stack
    assert checker.doctype.lower() == "doctype html"
    return checker


def test_html_reporter_interface() -> None:
    assert HtmlReporter.name == "html" and issubclass(HtmlReporter, Reporter)
    data = HtmlReporter().to_bytes(sample())
    assert data.decode("utf-8") == page(sample())
    assert b'<meta charset="utf-8">' in data


def test_html_is_well_formed_and_escaped() -> None:
    out = page(sample())
    checker = parse(out)
    assert checker.html_attrs == {"lang": "zh-CN"}
    # one script, the page's own (the filters), with no text from the data in it
    assert checker.tags.count("script") == 1 and out.count("<script>") == 1
    assert "alert" not in out[out.index("<script>") : out.index("</script>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&amp; 其他" in out
    text = "".join(checker.text)
    for v in sample().all:
        assert v.message in text
    assert "采购台账!C7" in text and CITATION in text and "no staff file" in text
    # standalone: no external resources
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", out)


def test_html_structure_and_colours() -> None:
    out = page(sample())
    checker = parse(out)
    # charts, summary, the violations table, data errors, not run
    assert checker.tags.count("section") == 5
    assert '<td class="file">a.csv</td>' in out and '<td class="file">b.xlsx</td>' in out
    assert "<h2>数据问题</h2>" in out and "<h2>未运行的规则</h2>" in out
    assert '<li class="badge error">错误 3</li>' in out
    assert '<li class="badge info">提示 1</li>' in out
    assert '<li class="badge data">数据问题 1</li>' in out
    assert '<td class="sev error">错误</td>' in out
    assert '<td class="sev warning">警告</td>' in out
    assert '<td class="sev info">提示</td>' in out
    assert "评估期 2023-01-01 – 2023-12-31" in out
    assert out.count(f"<td>{CITATION}</td>") == 3  # once per rule, in the summary
    assert "@media print" in out
    # rows in the order of result.all
    table = out[out.index('<table id="violations-table">') :]
    order = [table.index(f">{subject}<") for subject in ("P1", "P2", "P4", "张三", "Q1")]
    assert order == sorted(order)


def test_html_english() -> None:
    out = page(sample(), "en")
    checker = parse(out)
    assert checker.html_attrs == {"lang": "en"}
    text = "".join(checker.text)
    for label in (
        "rectikit check report",
        "Summary",
        "Data errors",
        "Rules not run",
        "Position",
        "Subject",
        "Message",
        "window 2023-01-01",
    ):
        assert label in text
    assert "检查报告" not in text and "未运行" not in text
    assert '<li class="badge error">error 3</li>' in out


def test_html_empty() -> None:
    out = page(empty())
    checker = parse(out)
    assert '<p class="none">未发现违规。</p>' in out
    assert "<table" not in out and "<svg" not in out
    assert checker.tags.count("section") == 1  # the violations section, saying none
    assert '<li class="badge error zero">错误 0</li>' in out
    out = page(empty(), "en")
    parse(out)
    assert "No violations found." in out
