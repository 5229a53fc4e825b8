"""SARIF and JUnit XML reporters, fed with a result built in memory (XLSX: test_xlsx.py)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import unquote, urlsplit

import pytest

from rectikit import __version__
from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter, ReportOptions
from rectikit.reporters.junit import JunitReporter
from rectikit.reporters.sarif import SarifReporter, file_uri

CITATION = "《政府采购内部控制规范》（单位修订版）"
CSV = "2023年/采购明细 a.csv"
XLSX = "台账.xlsx"


def violation(
    code: str,
    file: str,
    row: int | None,
    subject: str,
    message: str,
    severity: Severity = Severity.ERROR,
    **loc: str,
) -> Violation:
    data = code.startswith("DAT")
    return Violation(
        code=code,
        name={
            "PRC001": "directed-over-limit",
            "PRC002": "too-few-suppliers",
            "PRC005": "late-contract",
            "DAT003": "unparseable-value",
        }[code],
        severity=severity,
        kind=None if data else "procurement",
        subject=subject,
        message=message,
        location=Location(file, row, loc.pop("column", None), **loc),
        citation="" if data else CITATION,
        details={} if data else {"budget": "52000"},
    )


def sample() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=12,
        violations=(
            violation("PRC001", CSV, 2, "P1", "=SUM(A1)", column="budget"),
            violation(
                "PRC002", CSV, 3, "P2", "供应商 <A&B> 仅 1 家", Severity.WARNING, column="suppliers"
            ),
            violation("PRC005", CSV, None, "P9", "合同登记晚于 30 日", Severity.INFO),
            violation(
                "PRC001",
                XLSX,
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
                "DAT003", CSV, 9, "budget", "“预算”列的值“abc”无法识别为金额", column="budget"
            ),
        ),
        not_run={"ITG001": "no staff file"},
        rules_run=("PRC001", "PRC002", "PRC003", "PRC005"),
        titles={"PRC001": "定向采购超限额", "PRC003": "未经审批"},
    )


def empty() -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31), since=date(2023, 1, 1), records=0, violations=(), data_errors=()
    )


def render(reporter: Reporter, result: CheckResult) -> str:
    stream = io.StringIO()
    reporter.write(result, stream)
    return stream.getvalue()


# -- SARIF ---------------------------------------------------------------------------------


def sarif(result: CheckResult) -> dict:
    return json.loads(render(SarifReporter(), result))


def test_sarif_top_level_and_run() -> None:
    out = render(SarifReporter(), sample())
    assert "定向采购超限额" in out  # not \u-escaped
    log = json.loads(out)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "rectikit" and driver["version"] == __version__
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["properties"] == {
        "as_of": "2023-12-31",
        "since": "2023-01-01",
        "records": 12,
        "not_run": {"ITG001": "no staff file"},
    }
    assert len(run["results"]) == 5  # violations and data errors


def test_sarif_rules_and_results() -> None:
    run = sarif(sample())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DAT003", "PRC001", "PRC002", "PRC005"]
    prc001 = rules[1]
    assert prc001["name"] == "directed-over-limit"
    assert prc001["shortDescription"]["text"] == "定向采购超限额"  # the title
    assert rules[2]["shortDescription"]["text"] == "too-few-suppliers"  # no title: the name
    assert prc001["properties"] == {"citation": CITATION}
    assert prc001["defaultConfiguration"] == {"level": "error"}
    assert rules[2]["defaultConfiguration"] == {"level": "warning"}
    assert rules[3]["defaultConfiguration"] == {"level": "note"}
    assert prc001["fullDescription"]["text"] == f"定向采购超限额（{CITATION}）"
    assert "help" not in prc001  # the sample result carries no remedies

    levels = {}
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        levels[item["ruleId"]] = item["level"]
        assert item["partialFingerprints"] == {
            "rectikitSubject/v1": f"{item['ruleId']}:{item['properties']['subject']}"
        }
    assert levels == {"DAT003": "error", "PRC001": "error", "PRC002": "warning", "PRC005": "note"}

    first = next(r for r in run["results"] if r["properties"]["subject"] == "P1")
    assert first["message"]["text"] == "=SUM(A1)"
    assert first["properties"] == {
        "subject": "P1",
        "kind": "procurement",
        "details": {"budget": "52000"},
    }


def test_sarif_locations() -> None:
    run = sarif(sample())["runs"][0]
    by_subject = {r["properties"]["subject"]: r for r in run["results"]}
    for item in run["results"]:
        physical = item["locations"][0]["physicalLocation"]
        artifact = physical["artifactLocation"]
        uri = artifact["uri"]
        assert uri.isascii() and " " not in uri
        assert urlsplit(uri).scheme == "" and not uri.startswith("/")
        assert unquote(uri) == artifact["description"]["text"]
        assert unquote(uri) in (CSV, XLSX)
        assert artifact["uriBaseId"] == "SRCROOT"

    p1 = by_subject["P1"]["locations"][0]
    assert p1["physicalLocation"]["region"] == {"startLine": 2}
    assert p1["properties"] == {"column": "budget"}
    q1 = by_subject["Q1"]["locations"][0]
    assert unquote(q1["physicalLocation"]["artifactLocation"]["uri"]) == XLSX
    assert q1["physicalLocation"]["region"] == {"startLine": 7}
    assert q1["properties"] == {"sheet": "采购台账", "cell": "C7", "column": "budget"}
    # a file-level finding has no region
    assert "region" not in by_subject["P9"]["locations"][0]["physicalLocation"]


@pytest.mark.parametrize("path", [CSV, XLSX, "a b/c#d?e%f.csv", "x:y.csv", "plain.csv"])
def test_sarif_uri_round_trip(path: str) -> None:
    uri, relative = file_uri(path)
    assert relative
    assert unquote(uri) == path
    parts = urlsplit(uri)
    assert parts.scheme == "" and parts.query == "" and parts.fragment == ""
    assert all(ord(ch) < 128 for ch in uri)


def test_sarif_absolute_path_is_a_file_uri() -> None:
    uri, relative = file_uri("/data/审计/a.csv")
    assert not relative
    assert uri == "file:///data/%E5%AE%A1%E8%AE%A1/a.csv"
    assert unquote(urlsplit(uri).path) == "/data/审计/a.csv"


def test_sarif_empty() -> None:
    run = sarif(empty())["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


# -- JUnit ---------------------------------------------------------------------------------


def junit(result: CheckResult, lang: str = "zh") -> tuple[str, ET.Element]:
    out = render(JunitReporter(ReportOptions(lang=lang)), result)
    return out, ET.fromstring(out.encode("utf-8"))


def check_counts(root: ET.Element) -> None:
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": len([c for c in cases if c.find("failure") is not None]),
            "skipped": len([c for c in cases if c.find("skipped") is not None]),
        }
        for key, value in counts.items():
            assert suite.get(key) == str(value), (suite.get("name"), key)
            totals[key] += value
        assert suite.get("errors") == "0"
    for key, value in totals.items():
        assert root.get(key) == str(value), key


def test_junit_structure_and_counts() -> None:
    out, root = junit(sample())
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert root.tag == "testsuites" and root.get("name") == "rectikit"
    check_counts(root)
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("7", "5", "1")
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names == [
        "ITG001",
        "PRC001 directed-over-limit",
        "PRC002 too-few-suppliers",
        "PRC003 未经审批",
        "PRC005 late-contract",
        "data",
    ]


def test_junit_failures() -> None:
    _, root = junit(sample())
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    prc001 = suites["PRC001 directed-over-limit"].findall("testcase")
    assert [c.get("name") for c in prc001] == [f"P1 @ {CSV}:2", f"Q1 @ {XLSX}:7"]
    assert all(c.get("classname") == "rectikit.PRC001" for c in prc001)
    failure = prc001[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "error" and failure.get("message") == "=SUM(A1)"
    assert failure.text is not None
    assert f"{CSV}:2:budget" in failure.text and CITATION in failure.text
    assert "采购台账!C7" in (prc001[1].find("failure").text or "")

    prc005 = suites["PRC005 late-contract"].find("testcase")
    assert prc005.get("name") == f"P9 @ {CSV}"
    assert prc005.find("failure").get("type") == "info"
    warning = suites["PRC002 too-few-suppliers"].find("testcase/failure")
    assert warning.get("type") == "warning"

    data = suites["data"].findall("testcase")
    assert len(data) == 1 and data[0].get("classname") == "rectikit.DAT003"
    assert data[0].find("failure").get("message") == "“预算”列的值“abc”无法识别为金额"


def test_junit_passing_and_skipped() -> None:
    _, root = junit(sample())
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    passing = suites["PRC003 未经审批"].findall("testcase")
    assert len(passing) == 1 and passing[0].get("name") == "PRC003"
    assert list(passing[0]) == []
    assert suites["PRC003 未经审批"].find("properties/property").get("value") == "未经审批"
    skipped = suites["ITG001"].find("testcase")
    assert skipped.get("name") == "ITG001"
    assert skipped.find("skipped").get("message") == "no staff file"


def test_junit_escapes_special_characters() -> None:
    result = sample()
    bad = violation("PRC002", CSV, 4, 'P"3', 'a\x0bb "q" & <t>', Severity.WARNING)
    result = CheckResult(
        as_of=result.as_of,
        since=result.since,
        records=result.records,
        violations=(*result.violations, bad),
        data_errors=(),
    )
    out, root = junit(result)
    assert "<A&B>" not in out and "&lt;A&amp;B&gt;" in out
    messages = [f.get("message") for f in root.iter("failure")]
    assert "供应商 <A&B> 仅 1 家" in messages
    assert 'a\ufffdb "q" & <t>' in messages  # a control character XML cannot hold
    names = [c.get("name") for c in root.iter("testcase")]
    assert f'P"3 @ {CSV}:4' in names
    check_counts(root)
    # no data errors: one passing "data" case
    data = next(s for s in root.findall("testsuite") if s.get("name") == "data")
    assert [c.get("name") for c in data.findall("testcase")] == ["data"]


def test_junit_english_and_empty() -> None:
    _, root = junit(sample(), lang="en")
    text = next(root.iter("failure")).text or ""
    assert f"basis: {CITATION}" in text
    _, root = junit(empty())
    check_counts(root)
    assert root.get("tests") == "1" and root.get("failures") == "0"


# The XLSX report's tests are in tests/reporters/test_xlsx.py.
