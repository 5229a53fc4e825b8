"""Reporters: console (rich), text and JSON, fed with results built in memory."""

from __future__ import annotations

import io
import json
from datetime import date

from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters import rectikit_reporters
from rectikit.reporters.base import Reporter, ReportOptions
from rectikit.reporters.console import ConsoleReporter
from rectikit.reporters.json import JsonReporter, result_to_dict
from rectikit.reporters.text import TextReporter, text_line

CITATION = "《政府采购内部控制规范》（单位修订版）"


def violation(
    code: str,
    file: str,
    row: int | None,
    subject: str,
    message: str,
    severity: Severity = Severity.ERROR,
    **loc: str,
) -> Violation:
    return Violation(
        code=code,
        name={
            "PRC001": "directed-over-limit",
            "PRC002": "too-few-suppliers",
            "DAT003": "unparseable-value",
        }.get(code, code.lower()),
        severity=severity,
        kind=None if code.startswith("DAT") else "procurement",
        subject=subject,
        message=message,
        location=Location(file, row, loc.pop("column", None), **loc),
        citation="" if code.startswith("DAT") else CITATION,
        details={"budget": "52000"},
    )


def sample() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=12,
        violations=(
            violation(
                "PRC001",
                "a.csv",
                2,
                "P1",
                "定向采购项目预算 52,000.00 元，超过限额",
                column="budget",
            ),
            violation(
                "PRC001",
                "a.csv",
                5,
                "P4",
                "定向采购项目预算 60,000.00 元，超过限额",
                column="budget",
            ),
            violation(
                "PRC002",
                "a.csv",
                3,
                "P2",
                "比价供应商 1 家，少于 3 家",
                Severity.WARNING,
                column="suppliers",
            ),
            violation(
                "PRC001",
                "b.xlsx",
                7,
                "Q1",
                "定向采购项目预算 99,000.00 元，超过限额",
                column="budget",
                sheet="采购台账",
                cell="C7",
            ),
        ),
        data_errors=(
            violation(
                "DAT003", "a.csv", 9, "budget", "“预算”列的值“abc”无法识别为金额", column="budget"
            ),
        ),
        not_run={"ITG001": "no staff file"},
    )


def empty() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31), since=date(2023, 1, 1), records=3, violations=(), data_errors=()
    )


def render(reporter: Reporter, result: CheckResult) -> str:
    stream = io.StringIO()
    reporter.write(result, stream)
    return stream.getvalue()


def console(result: CheckResult, lang: str = "zh") -> str:
    return render(ConsoleReporter(ReportOptions(lang=lang, color=False, width=100)), result)


# -- console -------------------------------------------------------------------------------


def test_console_groups_by_file_and_rule() -> None:
    out = console(sample())
    assert "\x1b[" not in out  # no colour codes
    lines = out.splitlines()
    a_line = lines.index("a.csv")
    b_line = lines.index("b.xlsx")
    assert a_line < b_line
    a_block = "\n".join(lines[a_line:b_line])
    # one header per rule, with its count, in code order
    assert a_block.count("PRC001 directed-over-limit") == 1
    assert "PRC001 directed-over-limit  (2)" in a_block
    assert a_block.index("DAT003") < a_block.index("PRC001") < a_block.index("PRC002")
    assert "P1" in a_block and "P4" in a_block and "行 2 budget" in a_block
    assert f"依据：{CITATION}" in a_block
    # spreadsheet locations show sheet!cell
    assert "采购台账!C7" in out


def test_console_summary_and_footer() -> None:
    out = console(sample())
    assert "检查汇总" in out
    summary = out[out.index("检查汇总") :]
    row = next(line for line in summary.splitlines() if "PRC001" in line)
    assert "directed-over-limit" in row and "错误" in row and row.rstrip().endswith("3")
    prc002 = next(line for line in summary.splitlines() if "PRC002" in line)
    assert "警告" in prc002
    assert "评估期 2023-01-01 – 2023-12-31" in out
    assert "记录 12" in out and "违规 4" in out and "数据问题 1" in out
    assert "未运行: ITG001" in out


def test_console_lines_fit_the_width() -> None:
    out = console(sample())
    from rectikit.cli.output import display_width

    assert max(display_width(line) for line in out.splitlines()) <= 100


def test_console_empty() -> None:
    out = console(empty())
    assert "未发现违规" in out
    assert "记录 3" in out
    assert "未运行" not in out


def test_console_english() -> None:
    out = console(empty(), lang="en")
    assert "No violations found." in out and "records 3" in out
    out = console(sample(), lang="en")
    assert "Summary" in out and "window 2023-01-01" in out and "not run: ITG001" in out


def test_console_color() -> None:
    reporter = ConsoleReporter(ReportOptions(color=True, width=100))
    out = render(reporter, sample())
    assert "\x1b[" in out


# -- text ----------------------------------------------------------------------------------


def test_text_reporter() -> None:
    out = render(TextReporter(), sample())
    lines = out.splitlines()
    assert lines[0] == "a.csv:2: PRC001 [error] 定向采购项目预算 52,000.00 元，超过限额 (budget)"
    assert lines[1].startswith("a.csv:3: PRC002 [warning] ")
    assert lines[2].startswith("a.csv:5: PRC001 ")
    assert lines[3].startswith("a.csv:9: DAT003 ")
    assert lines[4].startswith("b.xlsx:7: PRC001 ") and "采购台账!C7" in lines[4]
    assert lines[5] == "共 4 项违规（错误 3，警告 1，提示 0），数据问题 1 项，记录 12 条"


def test_text_reporter_english_and_file_level() -> None:
    out = render(TextReporter(ReportOptions(lang="en")), empty())
    assert out == "0 violations (0 errors, 0 warnings, 0 info), 0 data errors, 3 records\n"
    line = text_line(violation("DAT005", "notes.txt", None, "notes.txt", "skipped", Severity.INFO))
    assert line == "notes.txt: DAT005 [info] skipped"


# -- json ----------------------------------------------------------------------------------


def test_json_reporter() -> None:
    out = render(JsonReporter(), sample())
    doc = json.loads(out)
    assert doc == result_to_dict(sample())
    assert "定向采购" in out  # not escaped
    assert list(doc) == [
        "tool",
        "version",
        "as_of",
        "since",
        "summary",
        "violations",
        "data_errors",
    ]
    assert doc["summary"]["by_severity"] == {"error": 3, "warning": 1, "info": 0}
    assert doc["summary"]["by_code"] == {"PRC001": 3, "PRC002": 1}
    assert doc["summary"]["not_run"] == {"ITG001": "no staff file"}
    assert doc["violations"][3]["location"] == {
        "file": "b.xlsx",
        "row": 7,
        "column": "budget",
        "sheet": "采购台账",
        "cell": "C7",
    }
    (dat,) = doc["data_errors"]
    assert dat["code"] == "DAT003" and dat["location"]["row"] == 9


def test_builtin_formats_registered() -> None:
    formats = rectikit_reporters()
    assert set(formats) == {"console", "text", "json", "markdown", "html", "sarif", "junit", "xlsx"}
    # registered lazily: the class is imported when a report is made in its format
    assert formats["console"].load() is ConsoleReporter
    assert formats["text"].load() is TextReporter
    assert formats["json"].load() is JsonReporter
    for name, lazy in formats.items():
        cls = lazy.load()
        assert lazy.name == cls.name == name and issubclass(cls, Reporter)
        assert lazy.binary == cls.binary
        assert isinstance(lazy(), cls)


def test_result_helpers() -> None:
    result = sample()
    assert [v.code for v in result.all] == ["PRC001", "PRC002", "PRC001", "DAT003", "PRC001"]
    assert result.worst() is Severity.ERROR
    assert result.fails("error") and result.fails("info") and not result.fails("never")
    assert empty().worst() is None and not empty().fails("info")
