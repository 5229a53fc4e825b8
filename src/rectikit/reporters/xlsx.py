"""XLSX: a workbook for offices, with violations, data errors and a summary on three sheets.

Text is always written as text: a message such as ``=SUM(A1)`` is stored as a string (and
marked quote-prefixed, so editing the cell in Excel does not turn it into a formula).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rectikit.engine.result import CheckResult
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.labels import LABELS

HEADINGS = {
    "zh": {
        "violations": "违规",
        "data": "数据问题",
        "summary": "汇总",
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
        "not_run": "未运行",
        "reason": "原因",
    },
    "en": {
        "violations": "Violations",
        "data": "Data errors",
        "summary": "Summary",
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
        "not_run": "Not run",
        "reason": "Reason",
    },
}
#: the console's words for code, name, severity, count, window, basis and the severities.
_SHARED = ("code", "name", "severity", "count", "window", "basis", "error", "warning", "info")
_EN_CAPITALS = {"window": "Window", "basis": "Citation"}

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
#: severity -> (fill, font colour): Excel's "bad", "neutral" and a pale blue.
SEVERITY_STYLES = {
    Severity.ERROR: ("FFC7CE", "9C0006"),
    Severity.WARNING: ("FFEB9C", "9C5700"),
    Severity.INFO: ("DDEBF7", "1F4E78"),
}
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
#: width of wrapped columns and the cap of the others (in characters).
WRAP_WIDTH = 60
MAX_WIDTH = 40
MAX_CELL = 32767
_FORMULA_STARTS = ("=", "+", "-", "@")


def labels_for(lang: str) -> dict[str, str]:
    """Headings in ``lang`` (``zh`` unless ``en``), with the console's shared words."""
    lang = lang if lang in HEADINGS else "zh"
    labels = dict(HEADINGS[lang])
    for key in _SHARED:
        labels[key] = LABELS[lang][key]
    if lang == "en":
        labels.update(_EN_CAPITALS)
    return labels


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def set_value(cell: Cell, value: Any) -> None:
    """Store ``value``; strings always as text, never as a formula."""
    if value is None or isinstance(value, (int, float)):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))[:MAX_CELL]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def style_severity(cell: Cell, severity: Severity) -> None:
    fill, font = SEVERITY_STYLES[severity]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=font, bold=severity is Severity.ERROR)


def style_header(cells: Sequence[Cell]) -> None:
    for cell in cells:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = TOP


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Sequence[tuple[Sequence[Any], Severity | None]],
    *,
    severity_column: int | None,
    wrap: Sequence[int] = (),
) -> None:
    """A header row and ``rows`` (values, severity) from A1; filter, freeze and widths."""
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
            + [display_width(str(values[column])) for values, _ in rows if values[column]]
        )
        sheet.column_dimensions[letter].width = min(max(widest + 2, 6), MAX_WIDTH)


class XlsxReporter(Reporter):
    """An Excel workbook: 违规/Violations, 数据问题/Data errors, 汇总/Summary."""

    name = "xlsx"
    binary = True

    def write(self, result: CheckResult, stream: TextIO) -> None:
        raise TypeError(
            "the xlsx report is a binary workbook and cannot be written to a text stream: "
            "use XlsxReporter.to_bytes() (on the command line, give -o FILE.xlsx)"
        )

    def to_bytes(self, result: CheckResult) -> bytes:
        workbook = self.workbook(result)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def workbook(self, result: CheckResult) -> Workbook:
        """The workbook of ``result``, built in memory."""
        labels = labels_for(self.options.lang)
        workbook = Workbook()
        workbook.properties.creator = "rectikit"
        violations = workbook.active
        violations.title = labels["violations"]
        self._violations(violations, result, labels)
        self._data_errors(workbook.create_sheet(labels["data"]), result, labels)
        self._summary(workbook.create_sheet(labels["summary"]), result, labels)
        return workbook

    @staticmethod
    def _violations(sheet: Worksheet, result: CheckResult, labels: dict[str, str]) -> None:
        headers = [
            labels[key]
            for key in (
                "file",
                "sheet",
                "row",
                "column",
                "cell",
                "code",
                "name",
                "title",
                "severity",
                "subject",
                "message",
                "basis",
            )
        ]
        rows = []
        for v in result.violations:
            loc = v.location
            values = [
                loc.file,
                loc.sheet,
                loc.row,
                loc.column,
                loc.cell,
                v.code,
                v.name,
                result.titles.get(v.code),
                labels[v.severity.value],
                v.subject,
                v.message,
                v.citation or None,
            ]
            rows.append((values, v.severity))
        write_table(sheet, headers, rows, severity_column=8, wrap=(10, 11))

    @staticmethod
    def _data_errors(sheet: Worksheet, result: CheckResult, labels: dict[str, str]) -> None:
        keys = ("file", "sheet", "row", "column", "code", "severity", "message")
        rows = []
        for v in result.data_errors:
            loc = v.location
            values = [
                loc.file,
                loc.sheet,
                loc.row,
                loc.column,
                v.code,
                labels[v.severity.value],
                v.message,
            ]
            rows.append((values, v.severity))
        write_table(sheet, [labels[k] for k in keys], rows, severity_column=5, wrap=(6,))

    @staticmethod
    def _summary(sheet: Worksheet, result: CheckResult, labels: dict[str, str]) -> None:
        facts = [
            (labels["window"], f"{result.since.isoformat()} – {result.as_of.isoformat()}"),
            (labels["records"], result.records),
            (labels["violation_count"], len(result.violations)),
            (labels["data_count"], len(result.data_errors)),
        ]
        for row, (label, value) in enumerate(facts, start=1):
            set_value(sheet.cell(row=row, column=1), label)
            sheet.cell(row=row, column=1).font = HEADER_FONT
            set_value(sheet.cell(row=row, column=2), value)
            sheet.cell(row=row, column=2).alignment = Alignment(horizontal="left")

        groups: dict[str, list[Violation]] = {}
        for violation in result.all:
            groups.setdefault(violation.code, []).append(violation)
        row = len(facts) + 2
        headers = [labels[k] for k in ("code", "name", "severity", "count")]
        for column, header in enumerate(headers, start=1):
            set_value(sheet.cell(row=row, column=column), header)
        style_header(sheet[row][: len(headers)])
        for code in sorted(groups):
            group = groups[code]
            row += 1
            severities = sorted({v.severity for v in group}, key=lambda s: -s.rank)
            values = [
                code,
                group[0].name,
                "/".join(labels[s.value] for s in severities),
                len(group),
            ]
            for column, value in enumerate(values, start=1):
                set_value(sheet.cell(row=row, column=column), value)
            style_severity(sheet.cell(row=row, column=3), severities[0])

        if result.not_run:
            row += 2
            set_value(sheet.cell(row=row, column=1), labels["not_run"])
            sheet.cell(row=row, column=1).font = HEADER_FONT
            row += 1
            for column, header in enumerate((labels["code"], labels["reason"]), start=1):
                set_value(sheet.cell(row=row, column=column), header)
            style_header(sheet[row][:2])
            for code, reason in sorted(result.not_run.items()):
                row += 1
                set_value(sheet.cell(row=row, column=1), code)
                set_value(sheet.cell(row=row, column=2), reason)
                sheet.cell(row=row, column=2).alignment = WRAP

        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["B"].width = 30
        sheet.column_dimensions["C"].width = 14
        sheet.column_dimensions["D"].width = 10
