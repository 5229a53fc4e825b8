"""The XLSX report, reopened with openpyxl: sheets, filters, frozen headers, widths,
colours, the summary's counts and manifest, deltas, waivers, and inert formula-like text.

The end-to-end tests at the bottom run the command line on a dataset whose CSV holds a
record id ``=HYPERLINK(...)`` and a party organization named ``@SUM(1)``.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from support import cli_no_traceback

from rectikit.engine.delta import Delta, DeltaEntry, Resolved
from rectikit.engine.manifest import FileEntry, Manifest, PackEntry
from rectikit.engine.result import CheckResult, WaivedViolation
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import ReportOptions
from rectikit.reporters.xlsx import XlsxReporter, display_width

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"
CITATION = "《政府采购内部控制规范》（单位修订版）"
CSV = "2023年/采购明细 a.csv"
XLSX = "台账.xlsx"
AS_OF = date(2023, 12, 31)
NAMES = {
    "PRC001": "directed-over-limit",
    "PRC002": "too-few-suppliers",
    "PRC005": "late-contract",
    "MTG001": "members-meeting-quarterly",
    "DAT003": "unparseable-value",
}
TITLES = {
    "PRC001": "定向采购超限额",
    "PRC002": "比价供应商不足",
    "MTG001": "季度内未召开支部党员大会",
}
SHA = "ab" * 32


def violation(
    code: str,
    file: str,
    row: int | None,
    subject: str,
    message: str,
    severity: Severity = Severity.ERROR,
    *,
    kind: str = "procurement",
    details: dict[str, str] | None = None,
    **loc: Any,
) -> Violation:
    data = code.startswith("DAT")
    return Violation(
        code=code,
        name=NAMES[code],
        severity=severity,
        kind=None if data else kind,
        subject=subject,
        message=message,
        location=Location(file, row, loc.pop("column", None), **loc),
        citation="" if data else CITATION,
        details={} if data else (details or {}),
    )


P1 = violation("PRC001", CSV, 2, "P1", "=SUM(A1)", column="budget", details={"unit": "办公室"})
P2 = violation(
    "PRC002",
    CSV,
    3,
    "P2",
    "供应商 <A&B> 仅 1 家",
    Severity.WARNING,
    column="suppliers",
    details={"unit": "宣传处"},
)
P9 = violation("PRC005", CSV, None, "P9", "合同登记晚于 30 日", Severity.INFO)
Q1 = violation(
    "PRC001",
    XLSX,
    7,
    "Q1",
    "定向采购项目预算 99,000.00 元，超过限额",
    column="budget",
    sheet="采购台账",
    cell="C7",
    details={"unit": "办公室"},
)
M1 = violation(
    "MTG001",
    "党组织.csv",
    4,
    "DZ03|2023Q3",
    "机关第一党支部 2023Q3 未召开党员大会",
    Severity.WARNING,
    kind="party_orgs",
    details={"org": "机关第一党支部", "org_id": "DZ03"},
)
D1 = violation(
    "DAT003",
    XLSX,
    9,
    "budget",
    "“预算”列的值“abc”无法识别为金额",
    column="budget",
    sheet="采购台账",
    cell="C9",
)
W1 = violation(
    "PRC002", CSV, 5, "P5", "比价供应商 2 家", Severity.ERROR, details={"unit": "组织处"}
)
W2 = violation("PRC002", CSV, 6, "P6", "比价供应商 1 家", Severity.WARNING)


def sample(**changes: Any) -> CheckResult:
    fields: dict[str, Any] = {
        "as_of": AS_OF,
        "since": date(2023, 1, 1),
        "records": 12,
        "violations": (P1, P2, P9, M1, Q1),
        "data_errors": (D1,),
        "not_run": {"ITG001": "no staff file"},
        "rules_run": ("PRC001", "PRC002", "PRC005", "MTG001"),
        "titles": TITLES,
    }
    fields.update(changes)
    return CheckResult(**fields)


def delta() -> Delta:
    previous = date(2023, 10, 31)
    return Delta(
        previous="prev.json",
        previous_as_of=previous,
        entries={
            ("PRC001", "P1"): DeltaEntry("persisting", date(2023, 9, 30), 92),
            ("PRC002", "P2"): DeltaEntry("new", AS_OF, 0),
            ("PRC005", "P9"): DeltaEntry("regressed", date(2023, 6, 30), 184),
            ("MTG001", "DZ03|2023Q3"): DeltaEntry("persisting", previous, 61),
            ("PRC001", "Q1"): DeltaEntry("new", AS_OF, 0),
        },
        resolved=(
            Resolved(
                code="PRC002",
                subject="P7",
                severity="warning",
                message="@gone 比价不足",
                location={"file": CSV, "row": 8, "column": "suppliers"},
                entry=DeltaEntry("resolved", date(2023, 8, 31), 122),
            ),
        ),
    )


def manifest() -> Manifest:
    return Manifest(
        version="9.9.9",
        python="3.11.4",
        as_of=AS_OF,
        since=date(2023, 1, 1),
        rule_packs=(PackEntry("procurement", "builtin", "2023.1"),),
        rules_run=("PRC001", "PRC002"),
        config=FileEntry("rectikit.toml", "cd" * 32, 120, "config"),
        inputs=(FileEntry(CSV, SHA, 2048, "procurement"), FileEntry(XLSX, "", 0, "procurement")),
        others=(FileEntry("prev.json", "ef" * 32, 99, "previous"),),
    )


def waived() -> tuple[WaivedViolation, ...]:
    return (
        WaivedViolation(W1, "=工委会同意", "工委书记", date(2024, 1, 15)),  # within 30 days
        WaivedViolation(W2, "长期例外", "@主任", None),
    )


def full() -> CheckResult:
    return sample(
        delta=delta(), manifest=manifest(), waived_list=waived(), waived=2, baselined=3, redacted=4
    )


def workbook(result: CheckResult, lang: str = "zh") -> openpyxl.Workbook:
    data = XlsxReporter(ReportOptions(lang=lang)).to_bytes(result)
    assert data[:2] == b"PK"
    assert_no_formulas(data)
    return openpyxl.load_workbook(io.BytesIO(data))


def assert_no_formulas(data: bytes) -> None:
    """No cell of any sheet is a formula: the report only ever holds values."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"<f[ >]", xml), name


def rows(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column_of(sheet: Worksheet, header: str) -> int:
    """The 1-based column of ``header`` in row 1."""
    return [c.value for c in sheet[1]].index(header) + 1


def summary_rows(book: openpyxl.Workbook, name: str = "汇总") -> list[list[Any]]:
    return [row for row in rows(book[name]) if any(v is not None for v in row)]


def section(table: list[list[Any]], heading: str) -> list[list[Any]]:
    """The rows after ``heading`` up to the next blank line of the summary sheet."""
    start = next(i for i, row in enumerate(table) if row[0] == heading)
    out = []
    for row in table[start + 1 :]:
        if row[1:] == [None] * (len(row) - 1) and out and isinstance(row[0], str):
            break  # the next heading
        out.append(row)
    return out


def trimmed(row: list[Any]) -> list[Any]:
    while row and row[-1] is None:
        row = row[:-1]
    return row


# -- the sheets ----------------------------------------------------------------------------


def test_xlsx_is_binary() -> None:
    assert XlsxReporter.binary and XlsxReporter.name == "xlsx"
    with pytest.raises(TypeError, match="to_bytes"):
        XlsxReporter().write(sample(), io.StringIO())


def test_sheets_in_order_summary_first() -> None:
    book = workbook(sample())
    assert book.sheetnames == ["汇总", "违规", "数据问题", "已豁免"]
    assert book.active.title == "汇总"
    compared = workbook(full())
    assert compared.sheetnames == ["汇总", "违规", "数据问题", "已豁免", "已解决"]
    english = workbook(full(), lang="en")
    assert english.sheetnames == ["Summary", "Violations", "Data errors", "Waived", "Resolved"]


def test_violations_sheet() -> None:
    sheet = workbook(sample())["违规"]
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
        "单位",
        "对象",
        "说明",
        "依据",
    ]
    assert len(table) == 1 + 5
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
        "办公室",
        "P1",
        "=SUM(A1)",
        CITATION,
    ]
    assert table[3][9] is None  # PRC005 names no unit
    assert table[4][9] == "机关第一党支部"  # a party organization
    assert table[5][:5] == [XLSX, "采购台账", 7, "budget", "C7"]
    assert [r[8] for r in table[1:]] == ["错误", "警告", "提示", "警告", "错误"]

    formula = sheet["L2"]
    assert formula.value == "=SUM(A1)" and formula.data_type == "s" and formula.quotePrefix
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M6"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fill_type == "solid"
    assert sheet["L2"].alignment.wrap_text and sheet["M2"].alignment.wrap_text
    fills = {sheet[f"I{r}"].value: sheet[f"I{r}"].fill.fgColor.rgb for r in (2, 3, 4)}
    assert len(set(fills.values())) == 3
    assert fills["错误"].endswith("FFC7CE")
    assert sheet["I2"].font.bold  # errors in bold
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"


def test_column_widths_fit_chinese_text() -> None:
    sheet = workbook(sample())["违规"]
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    # the file column: "2023年/采购明细 a.csv" is 21 characters but 26 columns wide
    assert widths["A"] >= display_width(CSV) > len(CSV)
    # the title column holds "季度内未召开支部党员大会" (12 CJK characters = 24 columns)
    assert widths["H"] >= 24
    assert widths["C"] < 12  # a narrow column of row numbers
    assert widths["L"] >= 40 and widths["M"] >= 40  # message and citation wrap
    assert all(width <= 60 for width in widths.values())


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("采购") == 4
    assert display_width("Ａ１") == 4  # full-width forms count double too


def test_delta_columns_when_compared() -> None:
    sheet = workbook(full())["违规"]
    table = rows(sheet)
    header = table[0]
    assert header[8:12] == ["级别", "状态", "首次发现", "持续天数"]
    assert header[-4:] == ["单位", "对象", "说明", "依据"]
    status = {row[10 + 3]: row[9:12] for row in table[1:]}  # by subject
    assert status["P1"][0] == "持续" and status["P1"][2] == 92
    assert status["P1"][1].date() == date(2023, 9, 30)
    assert status["P2"] == ["新增", status["P2"][1], 0]
    assert status["P9"][0] == "复发" and status["P9"][2] == 184
    assert sheet.cell(row=3, column=10).font.bold  # new stands out
    assert sheet.cell(row=2, column=10).font.bold is False
    assert sheet.cell(row=2, column=11).number_format == "yyyy-mm-dd"
    assert sheet.auto_filter.ref == "A1:P6"
    english = rows(workbook(full(), lang="en")["Violations"])
    assert english[0][9:12] == ["Status", "First seen", "Age (days)"]
    assert english[1][9] == "persisting"


def test_data_errors_sheet() -> None:
    sheet = workbook(sample())["数据问题"]
    table = rows(sheet)
    assert table[0] == ["文件", "工作表", "行", "列", "单元格", "规则", "级别", "说明"]
    assert table[1] == [
        XLSX,
        "采购台账",
        9,
        "budget",
        "C9",
        "DAT003",
        "错误",
        "“预算”列的值“abc”无法识别为金额",
    ]
    assert sheet.auto_filter.ref == "A1:H2" and sheet.freeze_panes == "A2"


def test_waived_sheet() -> None:
    sheet = workbook(full())["已豁免"]
    table = rows(sheet)
    assert table[0][-6:] == ["单位", "对象", "说明", "原因", "批准人", "有效期至"]
    first, second = table[1], table[2]
    assert first[5] == "PRC002" and first[9] == "组织处" and first[10] == "P5"
    assert first[-3:-1] == ["=工委会同意", "工委书记"]
    assert first[-1].date() == date(2024, 1, 15)
    assert second[-3:] == ["长期例外", "@主任", "长期"]
    expiry = sheet.cell(row=2, column=15)
    assert expiry.fill.fgColor.rgb.endswith("FFEB9C")  # expires within 30 days
    assert sheet.cell(row=3, column=15).fill.fill_type is None
    for ref in ("M2", "N3"):  # a reason and an approver that look like formulas
        assert sheet[ref].data_type == "s" and sheet[ref].quotePrefix
    assert sheet.auto_filter.ref == "A1:O3"
    # nothing waived: the sheet is there with its header only
    assert rows(workbook(sample())["已豁免"])[1:] == []


def test_resolved_sheet() -> None:
    sheet = workbook(full())["已解决"]
    table = rows(sheet)
    assert table[0] == [
        "文件",
        "工作表",
        "行",
        "列",
        "单元格",
        "规则",
        "标题",
        "级别",
        "对象",
        "说明",
        "首次发现",
        "持续天数",
    ]
    row = table[1]
    assert row[:6] == [CSV, None, 8, "suppliers", None, "PRC002"]
    assert row[6:10] == ["比价供应商不足", "警告", "P7", "@gone 比价不足"]
    assert row[10].date() == date(2023, 8, 31) and row[11] == 122
    assert sheet["J2"].quotePrefix and sheet["H2"].fill.fgColor.rgb.endswith("FFEB9C")


# -- the summary ---------------------------------------------------------------------------


def test_summary_facts_and_counts() -> None:
    book = workbook(full())
    table = summary_rows(book)
    assert table[0][0] == "rectikit 检查报告"
    facts = {row[0]: row[1] for row in table[1:9]}
    assert facts["评估期"] == "2023-01-01 – 2023-12-31"
    assert facts["记录数"] == 12 and facts["违规数"] == 5 and facts["数据问题数"] == 1
    assert facts["已豁免"] == 2 and facts["基线中已有（未列出）"] == 3
    assert facts["已脱敏姓名数"] == 4 and facts["对比报告"] == "prev.json（2023-10-31）"

    by_code = [trimmed(r) for r in section(table, "按规则统计")]
    assert by_code[0] == ["规则", "名称", "标题", "级别", "数量"]
    assert by_code[1:6] == [
        ["DAT003", "unparseable-value", None, "错误", 1],
        ["MTG001", "members-meeting-quarterly", "季度内未召开支部党员大会", "警告", 1],
        ["PRC001", "directed-over-limit", "定向采购超限额", "错误", 2],
        ["PRC002", "too-few-suppliers", "比价供应商不足", "警告", 1],
        ["PRC005", "late-contract", None, "提示", 1],
    ]
    by_severity = [trimmed(r) for r in section(table, "按级别统计")]
    assert by_severity == [
        ["级别", "违规数", "数据问题数"],
        ["错误", 2, 1],
        ["警告", 2, 0],
        ["提示", 1, 0],
    ]
    by_unit = [trimmed(r) for r in section(table, "按单位统计（违规）")]
    assert by_unit == [
        ["单位", "违规数"],
        ["办公室", 2],
        ["宣传处", 1],
        ["机关第一党支部", 1],
        ["未注明单位", 1],
    ]
    by_status = [trimmed(r) for r in section(table, "与上次检查相比")]
    assert by_status == [
        ["状态", "数量"],
        ["新增", 2],
        ["持续", 2],
        ["复发", 1],
        ["已解决", 1],
    ]
    assert [trimmed(r) for r in section(table, "未运行")] == [
        ["规则", "原因"],
        ["ITG001", "no staff file"],
    ]


def test_summary_styles() -> None:
    sheet = workbook(full())["汇总"]
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 14
    header = next(r for r in sheet.iter_rows() if r[0].value == "规则")
    assert header[0].font.bold and header[0].fill.fill_type == "solid"
    severity = next(r for r in sheet.iter_rows() if r[0].value == "PRC001")[3]
    assert severity.fill.fgColor.rgb.endswith("FFC7CE")
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths["D"] >= 64  # a SHA-256 digest is readable whole
    assert widths["C"] >= display_width("季度内未召开支部党员大会")
    assert sheet.freeze_panes is None and sheet.auto_filter.ref is None


def test_summary_manifest() -> None:
    table = summary_rows(workbook(full()))
    start = next(i for i, row in enumerate(table) if row[0] == "运行清单（用于复现本报告）")
    facts = {row[0]: row[1] for row in table[start + 1 : start + 7]}
    assert facts == {
        "rectikit 版本": "9.9.9",
        "Python": "3.11.4",
        "评估日期": "2023-12-31",
        "起始日期": "2023-01-01",
        "语言": "zh",
        "已运行规则数": 2,
    }
    packs = [trimmed(r) for r in section(table, "规则包")]
    assert packs == [["规则包", "来源", "版本"], ["procurement", "builtin", "2023.1"]]
    files = [trimmed(r) for r in section(table, "文件（含配置文件）")]
    assert files == [
        ["文件", "类型", "字节", "SHA-256"],
        ["rectikit.toml", "config", 120, "cd" * 32],
        [CSV, "procurement", 2048, SHA],
        [XLSX, "procurement", 0],  # unreadable: no digest
        ["prev.json", "previous", 99, "ef" * 32],
    ]
    # no manifest (a result built by hand): no such section
    assert not any(
        row[0] == "运行清单（用于复现本报告）" for row in summary_rows(workbook(sample()))
    )


def test_english() -> None:
    book = workbook(full(), lang="en")
    assert rows(book["Violations"])[0][:9] == [
        "File",
        "Sheet",
        "Row",
        "Column",
        "Cell",
        "Code",
        "Name",
        "Title",
        "Severity",
    ]
    assert rows(book["Violations"])[0][-4:] == ["Unit", "Subject", "Message", "Citation"]
    assert rows(book["Violations"])[1][8] == "error"
    assert rows(book["Waived"])[2][-1] == "no end"
    table = summary_rows(book, "Summary")
    assert table[0][0] == "rectikit check report"
    assert table[1][:2] == ["Window", "2023-01-01 – 2023-12-31"]
    assert ["Code", "Name", "Title", "Severity", "Count"] in [trimmed(r) for r in table]
    assert ["no unit named", 1] in [trimmed(r) for r in table]
    assert ["Compared with", "prev.json (2023-10-31)"] in [trimmed(r) for r in table]


def test_empty() -> None:
    book = workbook(sample(violations=(), data_errors=(), not_run={}))
    for name in ("违规", "数据问题", "已豁免"):
        sheet = book[name]
        assert len(rows(sheet)) == 1
        assert sheet.auto_filter.ref.endswith("1") and sheet.freeze_panes == "A2"
    table = summary_rows(book)
    assert [trimmed(r) for r in section(table, "按单位统计（违规）")] == [["单位", "违规数"]]


def test_formula_like_text_in_every_column() -> None:
    tricky = violation(
        "PRC001",
        "=a.csv",
        2,
        "+P1",
        "-1",
        cell="@x",
        sheet=" =Sheet",
        column="\tbudget",
        details={"unit": "@SUM(1)"},
    )
    result = sample(violations=(tricky,), data_errors=(), titles={"PRC001": "=title"})
    book = workbook(result)
    sheet = book["违规"]
    values = rows(sheet)[1]
    assert values[:5] == ["=a.csv", " =Sheet", 2, "\tbudget", "@x"]
    assert values[7] == "=title" and values[9:12] == ["@SUM(1)", "+P1", "-1"]
    for cell in sheet[2]:
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@ \t":
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert sheet["C2"].data_type == "n" and not sheet["C2"].quotePrefix  # the row number
    unit = next(c for row in book["汇总"].iter_rows() for c in row if c.value == "@SUM(1)")
    assert unit.data_type == "s" and unit.quotePrefix


# -- end to end ----------------------------------------------------------------------------

PROCUREMENT_CSV = """\
编号,项目名称,采购单位,预算金额（元）,组织形式,采购方式,成交供应商,采购日期
"=HYPERLINK(""http://x"",""点击"")",打印机,=HYPERLINK("http://x"),50000,自行采购,定向采购,@SUM(1),2023-05-06
P-2,-2+3,办公室,60000,自行采购,定向采购,"=1+1",2023-06-06
"""
ORGS_CSV = """\
编号,名称,类型,上次换届日期,任期
DZ01,@SUM(1),党支部,2018-01-01,3
"""


def injection_dataset(root: Path) -> Path:
    data = root / "data"
    data.mkdir()
    (data / "采购台账.csv").write_text(PROCUREMENT_CSV, encoding="utf-8")
    (data / "党组织.csv").write_text(ORGS_CSV, encoding="utf-8")
    return data


def test_cli_report_keeps_injected_text_inert(tmp_path: Path) -> None:
    data = injection_dataset(tmp_path)
    out = tmp_path / "report.xlsx"
    code, _, err = cli_no_traceback(
        "check", str(data), "--as-of", "2023-12-31", "--select", "PRC001,ELC", "-o", str(out)
    )
    assert code == 1, err
    raw = out.read_bytes()
    assert_no_formulas(raw)
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book["违规"]
    table = rows(sheet)
    subjects = [row[column_of(sheet, "对象") - 1] for row in table[1:]]
    assert '=HYPERLINK("http://x","点击")' in subjects
    units = [row[column_of(sheet, "单位") - 1] for row in table[1:]]
    assert "@SUM(1)" in units  # the party organization's name
    dangerous = [
        cell
        for name in book.sheetnames
        for row in book[name].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.lstrip()[:1] in ("=", "+", "-", "@")
    ]
    assert len(dangerous) >= 3
    for cell in dangerous:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.parent.title, cell.coordinate)


def test_cli_report_on_the_example_with_compare_and_waivers(tmp_path: Path) -> None:
    data = tmp_path / "example"
    shutil.copytree(EXAMPLE, data)
    previous = tmp_path / "prev.json"
    code, _, err = cli_no_traceback(
        "check", str(data), "--as-of", "2023-10-31", "-o", str(previous)
    )
    assert previous.exists(), err
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waiver]]\ncode = "PRC002"\nsubject = "*"\nreason = "工委会同意"\n'
        'approver = "工委书记"\nexpiry = 2024-06-30\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    code, _, err = cli_no_traceback(
        "check",
        str(data),
        "--as-of",
        "2023-12-31",
        "--compare",
        str(previous),
        "--waivers",
        str(waivers),
        "-o",
        str(out),
    )
    assert code == 1 and "Traceback" not in err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "违规", "数据问题", "已豁免", "已解决"]
    violations = book["违规"]
    assert "状态" in rows(violations)[0]
    assert violations.auto_filter.ref.startswith("A1:") and violations.freeze_panes == "A2"
    assert len(rows(book["已豁免"])) > 1
    table = summary_rows(book)
    digest = hashlib.sha256((data / "采购台账.xlsx").read_bytes()).hexdigest()
    assert ["采购台账.xlsx", "procurement", (data / "采购台账.xlsx").stat().st_size, digest] in [
        trimmed(r) for r in table
    ]
    assert any(row[0] == "与上次检查相比" for row in table)
