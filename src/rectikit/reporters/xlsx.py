"""XLSX: a workbook for offices — summary, violations, data errors, waived and resolved.

Sheets (Chinese names, or English with ``--lang en``):

* **汇总 / Summary** (the sheet that opens): the window and counts; violations by rule
  (with the rule's title), by severity and by unit; the comparison with a previous report
  (``--compare``); the rules that did not run; and the run manifest (rectikit version,
  rule packs, config and input files with their SHA-256 digests) to reproduce the report.
* **违规 / Violations**: one row a violation, with filters, a frozen header row, column
  widths fit for Chinese text and the severity coloured; with ``--compare``, each row's
  status (new, persisting, regressed), first-seen day and age in days.
* **数据问题 / Data errors**: the ``DAT`` diagnostics, laid out alike.
* **已豁免 / Waived**: violations an approved exception covers, with reason, approver and
  expiry (always present, empty when nothing is waived).
* **已解决 / Resolved**: with ``--compare`` only, what the previous report had and this
  run no longer finds.

The *unit* of a violation is the organization it is charged to, as
:func:`rectikit.reporters.grouping.unit_of` reads it from the violation's details (a
division, a party organization, a purchasing unit); violations naming none are counted
as "未注明单位".

Text is always written as text (:mod:`rectikit.reporters.safe`): a message such as
``=SUM(A1)`` is a string cell, quote-prefixed, never a formula.
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rectikit.engine.result import CheckResult
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.grouping import unit_of
from rectikit.reporters.labels import LABELS, REPORT_LABELS
from rectikit.reporters.safe import write_cell
from rectikit.reporters.workflow import status_label

HEADINGS = {
    "zh": {
        "report": "rectikit 检查报告",
        "violations": "违规",
        "data": "数据问题",
        "summary": "汇总",
        "waived_sheet": "已豁免",
        "resolved_sheet": "已解决",
        "file": "文件",
        "sheet": "工作表",
        "row": "行",
        "column": "列",
        "cell": "单元格",
        "title": "标题",
        "subject": "对象",
        "message": "说明",
        "records": "记录数",
        "violation_count": "违规数",
        "data_count": "数据问题数",
        "waived": "已豁免",
        "baselined": "基线中已有（未列出）",
        "redacted": "已脱敏姓名数",
        "not_run": "未运行",
        "status": "状态",
        "age": "持续天数",
        "compared": "对比报告",
        "by_code": "按规则统计",
        "by_severity": "按级别统计",
        "by_unit": "按单位统计（违规）",
        "by_status": "与上次检查相比",
        "rules_run": "已运行规则数",
        "files": "文件（含配置文件）",
    },
    "en": {
        "report": "rectikit check report",
        "violations": "Violations",
        "data": "Data errors",
        "summary": "Summary",
        "waived_sheet": "Waived",
        "resolved_sheet": "Resolved",
        "file": "File",
        "sheet": "Sheet",
        "row": "Row",
        "column": "Column",
        "cell": "Cell",
        "title": "Title",
        "subject": "Subject",
        "message": "Message",
        "records": "Records",
        "violation_count": "Violations",
        "data_count": "Data errors",
        "waived": "Waived",
        "baselined": "In the baseline (not listed)",
        "redacted": "Names redacted",
        "not_run": "Not run",
        "status": "Status",
        "age": "Age (days)",
        "compared": "Compared with",
        "by_code": "By rule",
        "by_severity": "By severity",
        "by_unit": "By unit (violations)",
        "by_status": "Compared with the previous report",
        "rules_run": "Rules run",
        "files": "Files (config included)",
    },
}
#: the console's words for code, name, severity, count, window, basis and the severities.
_SHARED = ("code", "name", "severity", "count", "window", "basis", "error", "warning", "info")
_EN_CAPITALS = {"window": "Window", "basis": "Citation"}

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12)
#: severity -> (fill, font colour): Excel's "bad", "neutral" and a pale blue.
SEVERITY_STYLES = {
    Severity.ERROR: ("FFC7CE", "9C0006"),
    Severity.WARNING: ("FFEB9C", "9C5700"),
    Severity.INFO: ("DDEBF7", "1F4E78"),
}
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT = Alignment(horizontal="left", vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
#: width of wrapped columns and the cap of the others (in characters).
WRAP_WIDTH = 60
MAX_WIDTH = 40
#: the summary's cap, wide enough for a SHA-256 digest (64 characters).
SUMMARY_MAX_WIDTH = 68


def labels_for(lang: str) -> dict[str, str]:
    """Headings in ``lang`` (``zh`` unless ``en``), with the console's shared words."""
    lang = lang if lang in HEADINGS else "zh"
    labels = {**REPORT_LABELS[lang], **HEADINGS[lang]}
    for key in _SHARED:
        labels[key] = LABELS[lang][key]
    if lang == "en":
        labels.update(_EN_CAPITALS)
    return labels


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def set_value(cell: Cell, value: Any) -> None:
    """Store ``value``; strings always as text, never as a formula; dates as dates."""
    write_cell(cell, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT


def style_severity(cell: Cell, severity: Severity) -> None:
    """Colour a severity cell: red for errors (bold), amber for warnings, blue for info."""
    fill, font = SEVERITY_STYLES[severity]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=font, bold=severity is Severity.ERROR)


def style_header(cells: Sequence[Cell]) -> None:
    """Bold on a pale blue fill: a table's header row."""
    for cell in cells:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = TOP


def _severity(text: str) -> Severity | None:
    try:
        return Severity.parse(text)
    except ValueError:
        return None


Row = tuple[Sequence[Any], Severity | None]


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Row],
    *,
    severity_column: int | None,
    wrap: Sequence[int] = (),
) -> None:
    """A header row and ``rows`` (values, severity) from A1: autofilter over the table,
    frozen header row, widths fit for the text (CJK characters count double), the
    severity cell (0-based ``severity_column``) coloured, ``wrap`` columns wrapped."""
    for column, header in enumerate(headers, start=1):
        set_value(sheet.cell(row=1, column=column), header)
    style_header(sheet[1])
    for row_index, (values, severity) in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column)
            set_value(cell, value)
            cell.alignment = WRAP if column - 1 in wrap else TOP
        if severity is not None and severity_column is not None:
            style_severity(sheet.cell(row=row_index, column=severity_column + 1), severity)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for column, header in enumerate(headers):
        letter = get_column_letter(column + 1)
        if column in wrap:
            sheet.column_dimensions[letter].width = WRAP_WIDTH
            continue
        widest = max(
            [display_width(header) + 4]  # room for the filter button
            + [display_width(_shown(values[column])) for values, _ in rows]
        )
        sheet.column_dimensions[letter].width = min(max(widest + 2, 6), MAX_WIDTH)
    _print_setup(sheet, title_rows="1:1")


def _print_setup(sheet: Worksheet, *, title_rows: str | None = None) -> None:
    """Landscape, fit to the page width, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def _location(values: Mapping[str, Any]) -> list[Any]:
    return [values.get(k) for k in ("file", "sheet", "row", "column", "cell")]


class _Stack:
    """Sections written one below the other on the summary sheet."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 0
        self.headings: set[int] = set()

    def cell(self, column: int, value: Any) -> Cell:
        cell = self.sheet.cell(row=self.row, column=column)
        set_value(cell, value)
        return cell

    def heading(self, text: str, font: Font = SECTION_FONT) -> None:
        self.row += 2 if self.row else 1
        self.headings.add(self.row)
        self.cell(1, text).font = font

    def facts(self, facts: Sequence[tuple[str, Any]]) -> None:
        for label, value in facts:
            self.row += 1
            self.cell(1, label).font = HEADER_FONT
            self.cell(2, value).alignment = LEFT

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Row],
        *,
        severity_column: int | None = None,
        wrap: Sequence[int] = (),
    ) -> None:
        self.row += 1
        for column, header in enumerate(headers, start=1):
            self.cell(column, header)
        style_header(self.sheet[self.row][: len(headers)])
        for values, severity in rows:
            self.row += 1
            for column, value in enumerate(values, start=1):
                self.cell(column, value).alignment = WRAP if column - 1 in wrap else TOP
            if severity is not None and severity_column is not None:
                style_severity(self.sheet.cell(row=self.row, column=severity_column + 1), severity)

    def fit_widths(self) -> None:
        """Each column as wide as its widest text (section headings spill over)."""
        widths: dict[int, int] = {}
        for row in self.sheet.iter_rows():
            for cell in row:
                if cell.value is None or cell.row in self.headings:
                    continue
                text = _shown(cell.value)
                widths[cell.column] = max(widths.get(cell.column, 0), display_width(text))
        for column, width in widths.items():
            letter = get_column_letter(column)
            self.sheet.column_dimensions[letter].width = min(max(width + 2, 8), SUMMARY_MAX_WIDTH)


class XlsxReporter(Reporter):
    """An Excel workbook: 汇总, 违规, 数据问题, 已豁免 and (compared) 已解决."""

    name = "xlsx"
    binary = True

    def write(self, result: CheckResult, stream: TextIO) -> None:
        raise TypeError(
            "the xlsx report is a binary workbook and cannot be written to a text stream: "
            "use XlsxReporter.to_bytes() (on the command line, give -o FILE.xlsx)"
        )

    def to_bytes(self, result: CheckResult) -> bytes:
        """The workbook as the bytes of an ``.xlsx`` file."""
        workbook = self.workbook(result)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def workbook(self, result: CheckResult) -> Workbook:
        """The workbook of ``result``, built in memory."""
        labels = labels_for(self.options.lang)
        lang = "en" if self.options.lang == "en" else "zh"
        workbook = Workbook()
        workbook.properties.creator = "rectikit"
        workbook.properties.title = labels["report"]
        summary = workbook.active
        summary.title = labels["summary"]
        self._summary(summary, result, labels, lang)
        self._violations(workbook.create_sheet(labels["violations"]), result, labels, lang)
        self._data_errors(workbook.create_sheet(labels["data"]), result, labels)
        self._waived(workbook.create_sheet(labels["waived_sheet"]), result, labels)
        if result.delta is not None:
            self._resolved(workbook.create_sheet(labels["resolved_sheet"]), result, labels)
        workbook.active = 0
        return workbook

    # -- the tables --------------------------------------------------------------------

    @staticmethod
    def _violations(
        sheet: Worksheet, result: CheckResult, labels: dict[str, str], lang: str
    ) -> None:
        delta = result.delta
        keys = ["file", "sheet", "row", "column", "cell", "code", "name", "title", "severity"]
        if delta is not None:
            keys += ["status", "first_seen", "age"]
        keys += ["unit", "subject", "message", "basis"]
        rows: list[Row] = []
        fresh: list[int] = []  # sheet rows of new and regressed violations
        for number, v in enumerate(result.violations, start=2):
            values = [
                *_location(v.location.to_dict()),
                v.code,
                v.name,
                result.titles.get(v.code),
                labels[v.severity.value],
            ]
            if delta is not None:
                entry = delta.of(v)
                if entry is None:
                    values += [None, None, None]
                else:
                    values += [status_label(entry.status, lang), entry.first_seen, entry.age_days]
                    if entry.status in ("new", "regressed"):
                        fresh.append(number)
            values += [unit_of(v), v.subject, v.message, v.citation or None]
            rows.append((values, v.severity))
        wrap = (len(keys) - 2, len(keys) - 1)
        write_table(sheet, [labels[k] for k in keys], rows, severity_column=8, wrap=wrap)
        if delta is not None:
            status_column = keys.index("status") + 1
            for number in fresh:
                sheet.cell(row=number, column=status_column).font = Font(bold=True)

    @staticmethod
    def _data_errors(sheet: Worksheet, result: CheckResult, labels: dict[str, str]) -> None:
        keys = ("file", "sheet", "row", "column", "cell", "code", "severity", "message")
        rows: list[Row] = []
        for v in result.data_errors:
            values = [*_location(v.location.to_dict()), v.code, labels[v.severity.value], v.message]
            rows.append((values, v.severity))
        write_table(sheet, [labels[k] for k in keys], rows, severity_column=6, wrap=(7,))

    @staticmethod
    def _waived(sheet: Worksheet, result: CheckResult, labels: dict[str, str]) -> None:
        keys = (
            *("file", "sheet", "row", "column", "cell", "code", "name", "title", "severity"),
            *("unit", "subject", "message", "reason", "approver", "expiry"),
        )
        rows: list[Row] = []
        for item in result.waived_list:
            v = item.violation
            values = [
                *_location(v.location.to_dict()),
                v.code,
                v.name,
                result.titles.get(v.code),
                labels[v.severity.value],
                unit_of(v),
                v.subject,
                v.message,
                item.reason,
                item.approver,
                item.expiry if item.expiry is not None else labels["no_expiry"],
            ]
            rows.append((values, v.severity))
        write_table(sheet, [labels[k] for k in keys], rows, severity_column=8, wrap=(11, 12))
        expiry_column = len(keys)
        for index, item in enumerate(result.waived_list, start=2):
            if item.expiry is not None:
                left = (item.expiry - result.as_of).days
                if left <= item.notice_days:
                    style_severity(sheet.cell(row=index, column=expiry_column), Severity.WARNING)

    @staticmethod
    def _resolved(sheet: Worksheet, result: CheckResult, labels: dict[str, str]) -> None:
        keys = (
            *("file", "sheet", "row", "column", "cell", "code", "title", "severity"),
            *("subject", "message", "first_seen", "age"),
        )
        rows: list[Row] = []
        resolved = result.delta.resolved if result.delta is not None else ()
        for item in resolved:
            severity = _severity(item.severity)
            values = [
                *_location(item.location),
                item.code,
                result.titles.get(item.code),
                labels[severity.value] if severity is not None else item.severity or None,
                item.subject,
                item.message,
                item.entry.first_seen,
                item.entry.age_days,
            ]
            rows.append((values, severity))
        write_table(sheet, [labels[k] for k in keys], rows, severity_column=7, wrap=(9,))

    # -- the summary -------------------------------------------------------------------

    @classmethod
    def _summary(
        cls, sheet: Worksheet, result: CheckResult, labels: dict[str, str], lang: str
    ) -> None:
        stack = _Stack(sheet)
        stack.heading(labels["report"], TITLE_FONT)
        facts: list[tuple[str, Any]] = [
            (labels["window"], f"{result.since.isoformat()} – {result.as_of.isoformat()}"),
            (labels["records"], result.records),
            (labels["violation_count"], len(result.violations)),
            (labels["data_count"], len(result.data_errors)),
            (labels["waived"], result.waived),
        ]
        if result.baselined:
            facts.append((labels["baselined"], result.baselined))
        if result.redacted:
            facts.append((labels["redacted"], result.redacted))
        if result.delta is not None:
            previous = f"{result.delta.previous}（{result.delta.previous_as_of.isoformat()}）"
            if lang == "en":
                previous = f"{result.delta.previous} ({result.delta.previous_as_of.isoformat()})"
            facts.append((labels["compared"], previous))
        stack.facts(facts)

        cls._by_code(stack, result, labels)
        cls._by_severity(stack, result, labels)
        cls._by_unit(stack, result, labels)
        if result.delta is not None:
            stack.heading(labels["by_status"])
            stack.table(
                [labels["status"], labels["count"]],
                [((status_label(s, lang), n), None) for s, n in result.delta.counts().items()],
            )
        if result.not_run:
            stack.heading(labels["not_run"])
            stack.table(
                [labels["code"], labels["reason"]],
                [((code, reason), None) for code, reason in sorted(result.not_run.items())],
            )
        cls._manifest(stack, result, labels)
        stack.fit_widths()
        _print_setup(sheet)

    @staticmethod
    def _by_code(stack: _Stack, result: CheckResult, labels: dict[str, str]) -> None:
        groups: dict[str, list[Violation]] = {}
        for violation in result.all:
            groups.setdefault(violation.code, []).append(violation)
        rows: list[Row] = []
        for code in sorted(groups):
            group = groups[code]
            severities = sorted({v.severity for v in group}, key=lambda s: -s.rank)
            values = [
                code,
                group[0].name,
                result.titles.get(code),
                "/".join(labels[s.value] for s in severities),
                len(group),
            ]
            rows.append((values, severities[0]))
        stack.heading(labels["by_code"])
        headers = [labels[k] for k in ("code", "name", "title", "severity", "count")]
        stack.table(headers, rows, severity_column=3)

    @staticmethod
    def _by_severity(stack: _Stack, result: CheckResult, labels: dict[str, str]) -> None:
        violations = result.by_severity()
        data = result.by_severity(data=True)
        rows: list[Row] = [
            ((labels[s], violations[s], data[s]), Severity.parse(s)) for s in violations
        ]
        stack.heading(labels["by_severity"])
        headers = [labels["severity"], labels["violation_count"], labels["data_count"]]
        stack.table(headers, rows, severity_column=0)

    @staticmethod
    def _by_unit(stack: _Stack, result: CheckResult, labels: dict[str, str]) -> None:
        counts = Counter(unit_of(v) for v in result.violations)
        named = sorted(
            ((u, n) for u, n in counts.items() if u is not None), key=lambda i: (-i[1], i[0])
        )
        rows: list[Row] = [((unit, n), None) for unit, n in named]
        if counts.get(None):
            rows.append(((labels["no_unit"], counts[None]), None))
        stack.heading(labels["by_unit"])
        stack.table([labels["unit"], labels["violation_count"]], rows)

    @staticmethod
    def _manifest(stack: _Stack, result: CheckResult, labels: dict[str, str]) -> None:
        manifest = result.manifest
        if manifest is None:
            return
        stack.heading(labels["manifest"])
        stack.facts(
            [
                (labels["version"], manifest.version),
                (labels["python"], manifest.python),
                (labels["as_of"], manifest.as_of.isoformat()),
                (labels["since"], manifest.since.isoformat()),
                (labels["lang"], manifest.lang),
                (labels["rules_run"], len(manifest.rules_run)),
            ]
        )
        stack.heading(labels["rule_packs"])
        stack.table(
            [labels["pack"], labels["source"], labels["pack_version"]],
            [((p.pack, p.source, p.version), None) for p in manifest.rule_packs],
        )
        files = [
            *([manifest.config] if manifest.config is not None else []),
            *manifest.inputs,
            *manifest.others,
        ]
        stack.heading(labels["files"])
        stack.table(
            [labels["file"], labels["kind"], labels["bytes"], labels["sha256"]],
            [((f.file, f.kind, f.bytes, f.sha256 or None), None) for f in files],
        )
