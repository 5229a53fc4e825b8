"""``--statistics``: counts by rule, most frequent first, as a table or a JSON list."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from support import cli_no_traceback

from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.statistics import statistics, write_statistics

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"


def found(code: str, name: str, severity: Severity = Severity.ERROR, row: int = 2) -> Violation:
    return Violation(
        code=code,
        name=name,
        severity=severity,
        kind=None if code.startswith("DAT") else "procurement",
        subject=f"P{row}",
        message="…",
        location=Location("采购台账.csv", row),
    )


def sample() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=9,
        violations=(
            found("PRC001", "directed-over-limit", row=2),
            found("PRC002", "too-few-suppliers", Severity.WARNING, row=3),
            found("PRC002", "too-few-suppliers", Severity.WARNING, row=4),
            found("ELC001", "election-overdue", row=5),
        ),
        data_errors=(
            found("DAT003", "unparseable-value", row=6),
            found("DAT003", "unparseable-value", row=7),
        ),
        titles={"PRC001": "定向采购超过限额", "PRC002": "比价供应商不足", "DAT003": "值无法识别"},
    )


def test_rows_most_frequent_first_then_by_code() -> None:
    rows = statistics(sample())
    assert [(r["code"], r["count"]) for r in rows] == [
        ("DAT003", 2),
        ("PRC002", 2),
        ("ELC001", 1),
        ("PRC001", 1),
    ]
    assert rows[1] == {
        "code": "PRC002",
        "name": "too-few-suppliers",
        "severity": "warning",
        "count": 2,
        "title": "比价供应商不足",
    }
    assert rows[2]["title"] == ""  # no title known: empty, not missing


def test_text_table_and_chinese_total() -> None:
    stream = io.StringIO()
    write_statistics(sample(), stream)
    lines = stream.getvalue().splitlines()
    assert lines[0].split() == ["2", "DAT003", "unparseable-value", "[error]", "值无法识别"]
    assert lines[1].split()[:4] == ["2", "PRC002", "too-few-suppliers", "[warning]"]
    # the columns line up: every code starts in the same column
    codes = ("DAT", "PRC", "ELC", "PRC")
    assert len({line.index(code) for line, code in zip(lines[:4], codes, strict=True)}) == 1
    assert lines[-1] == "共 6 项"


def test_english_total() -> None:
    stream = io.StringIO()
    write_statistics(sample(), stream, lang="en")
    assert stream.getvalue().splitlines()[-1] == "6 in total"


def test_json_list() -> None:
    stream = io.StringIO()
    write_statistics(sample(), stream, fmt="json")
    rows = json.loads(stream.getvalue())
    assert isinstance(rows, list)
    assert rows == statistics(sample())


def test_nothing_found() -> None:
    empty = CheckResult(
        as_of=date(2023, 12, 31), since=date(2023, 1, 1), records=0, violations=(), data_errors=()
    )
    stream = io.StringIO()
    write_statistics(empty, stream)
    assert stream.getvalue() == "共 0 项\n"
    stream = io.StringIO()
    write_statistics(empty, stream, fmt="json")
    assert json.loads(stream.getvalue()) == []


# -- from the command line -----------------------------------------------------------------


def test_cli_counts_match_the_json_report() -> None:
    code, out, _ = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "--statistics", "--format", "json"
    )
    assert code == 1
    rows = json.loads(out)
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    _, report, _ = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "--format", "json"
    )
    doc = json.loads(report)
    expected = {**doc["summary"]["by_code"], **doc["summary"]["data_errors_by_code"]}
    assert {r["code"]: r["count"] for r in rows} == expected


def test_cli_english_titles_and_total() -> None:
    code, out, _ = cli_no_traceback(
        "check",
        str(EXAMPLE),
        "--as-of",
        "2023-12-31",
        "--statistics",
        "--lang",
        "en",
        "--format",
        "text",
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[-1].endswith(" in total")
    (prc001,) = [line for line in lines if " PRC001 " in f" {line} "]
    assert "Directed purchase over the limit" in prc001


def test_cli_statistics_respect_fail_on() -> None:
    code, out, _ = cli_no_traceback(
        "check",
        str(EXAMPLE),
        "--as-of",
        "2023-12-31",
        "--statistics",
        "--fail-on",
        "never",
        "--format",
        "text",
    )
    assert code == 0
    assert out.splitlines()[-1].startswith("共 ")


def test_mixed_severities_show_the_highest() -> None:
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=2,
        violations=(
            found("PRC002", "too-few-suppliers", Severity.INFO, row=2),
            found("PRC002", "too-few-suppliers", Severity.ERROR, row=3),
        ),
        data_errors=(),
    )
    (row,) = statistics(result)
    assert (row["severity"], row["count"]) == ("error", 2)
