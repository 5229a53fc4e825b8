"""SARIF, JUnit XML and XLSX reporters, fed with a result built in memory."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest

from rectikit import __version__
from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter, ReportOptions
from rectikit.reporters.junit import JunitReporter
from rectikit.reporters.sarif import SarifReporter, file_uri
from rectikit.reporters.xlsx import XlsxReporter

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


# -- XLSX ----------------------------------------------------------------------------------


def workbook(result: CheckResult, lang: str = "zh") -> openpyxl.Workbook:
    data = XlsxReporter(ReportOptions(lang=lang)).to_bytes(result)
    assert data[:2] == b"PK"
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_is_binary() -> None:
    assert XlsxReporter.binary and XlsxReporter.name == "xlsx"
    with pytest.raises(TypeError, match="to_bytes"):
        XlsxReporter().write(sample(), io.StringIO())


def test_xlsx_sheets_and_violations() -> None:
    book = workbook(sample())
    assert book.sheetnames == ["违规", "数据问题", "汇总"]
    sheet = book["违规"]
    table = rows(sheet)
    assert table[0] == [
        "文件",
        "工作表",
        "行",
        "列",
        "单元格",
        "规则",
        "名称",
        "标题",
        "级别",
        "对象",
        "说明",
        "依据",
    ]
    assert len(table) == 1 + len(sample().violations)
    assert table[1] == [
        CSV,
        None,
        2,
        "budget",
        None,
        "PRC001",
        "directed-over-limit",
        "定向采购超限额",
        "错误",
        "P1",
        "=SUM(A1)",
        CITATION,
    ]
    assert table[4][:5] == [XLSX, "采购台账", 7, "budget", "C7"]
    assert [r[8] for r in table[1:]] == ["错误", "警告", "提示", "错误"]
    assert table[2][10] == "供应商 <A&B> 仅 1 家"

    formula = sheet["K2"]
    assert formula.value == "=SUM(A1)" and formula.data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L5"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fill_type == "solid"
    assert sheet["K2"].alignment.wrap_text and sheet["L2"].alignment.wrap_text
    assert sheet.column_dimensions["K"].width >= 40
    fills = {sheet[f"I{r}"].value: sheet[f"I{r}"].fill.fgColor.rgb for r in (2, 3, 4)}
    assert len(set(fills.values())) == 3
    assert fills["错误"].endswith("FFC7CE")


def test_xlsx_formula_like_text_in_every_column() -> None:
    tricky = violation("PRC001", "=a.csv", 2, "+P1", "-1", cell="@x")
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=1,
        violations=(tricky,),
        data_errors=(),
    )
    sheet = workbook(result)["违规"]
    values = rows(sheet)[1]
    assert values[0] == "=a.csv" and values[4] == "@x"
    assert values[9] == "+P1" and values[10] == "-1"
    for ref in ("A2", "E2", "J2", "K2"):
        assert sheet[ref].data_type == "s"


def test_xlsx_data_errors_and_summary() -> None:
    book = workbook(sample())
    data = rows(book["数据问题"])
    assert data[0] == ["文件", "工作表", "行", "列", "规则", "级别", "说明"]
    assert data[1] == [CSV, None, 9, "budget", "DAT003", "错误", "“预算”列的值“abc”无法识别为金额"]
    assert len(data) == 2

    summary = [row for row in rows(book["汇总"]) if any(v is not None for v in row)]
    assert summary[0][:2] == ["评估期", "2023-01-01 – 2023-12-31"]
    assert summary[1][:2] == ["记录数", 12]
    header = summary.index(["规则", "名称", "级别", "数量"])
    table = summary[header + 1 : header + 5]
    assert table == [
        ["DAT003", "unparseable-value", "错误", 1],
        ["PRC001", "directed-over-limit", "错误", 2],
        ["PRC002", "too-few-suppliers", "警告", 1],
        ["PRC005", "late-contract", "提示", 1],
    ]
    flat = [v for row in summary for v in row]
    assert "未运行" in flat and "ITG001" in flat and "no staff file" in flat


def test_xlsx_english() -> None:
    book = workbook(sample(), lang="en")
    assert book.sheetnames == ["Violations", "Data errors", "Summary"]
    assert rows(book["Violations"])[0] == [
        "File",
        "Sheet",
        "Row",
        "Column",
        "Cell",
        "Code",
        "Name",
        "Title",
        "Severity",
        "Subject",
        "Message",
        "Citation",
    ]
    assert rows(book["Violations"])[1][8] == "error"
    assert rows(book["Data errors"])[0] == [
        "File",
        "Sheet",
        "Row",
        "Column",
        "Code",
        "Severity",
        "Message",
    ]
    summary = [row for row in rows(book["Summary"]) if any(v is not None for v in row)]
    assert summary[0][0] == "Window" and summary[1][:2] == ["Records", 12]
    assert ["Code", "Name", "Severity", "Count"] in summary


def test_xlsx_empty() -> None:
    book = workbook(empty())
    assert rows(book["违规"]) == [rows(book["违规"])[0]]
    assert rows(book["数据问题"])[1:] == []
