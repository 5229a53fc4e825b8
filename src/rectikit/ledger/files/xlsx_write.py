"""Writing a ledger as an XLSX workbook (:func:`save_ledger_xlsx`): the three sheets,
their header styles and column widths, and which extras a cell can hold."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rectikit.ledger.files._values import UNIT_JOIN, amount_value
from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.files.xlsx_layout import (
    _FINDING_EXTRA_RE,
    _MAIN_LOOKUP,
    _MEASURE_EXTRA_RE,
    DECLARED_PREFIX,
    FINDING_PREFIX,
    IGNORED_HEADERS,
    INFO_ITEMS,
    INFO_SHEET,
    MAIN_COLUMNS,
    MAIN_SHEET,
    MEASURE_PREFIX,
    NEXT_STEPS_ITEM,
    NOTES_COLUMN,
    TARGET_COLUMNS,
    TARGET_SHEET,
    Column,
)
from rectikit.model.ledger import Finding, Ledger, Measure
from rectikit.model.values import normalize_text
from rectikit.reporters.safe import write_cell

__all__ = ["ledger_to_xlsx_bytes", "save_ledger_xlsx"]

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


_SCALAR = (str, int, float, bool, date, Decimal)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, Decimal):
        return amount_value(value, max_int=2**53)
    return value


def _write(ws: Worksheet, row: int, column: int, value: Any, spec: Column | None) -> None:
    cell = ws.cell(row=row, column=column)
    value = _clean(value)
    if value is None or value == "":
        cell.value = None
    else:
        write_cell(cell, value)  # text stays text, quote-prefixed when formula-like
    if (spec is not None and spec.is_date) or isinstance(value, date):
        cell.number_format = DATE_FORMAT
    cell.alignment = _WRAP if spec is None or spec.wrap else _TOP


def _header(ws: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"


def _extra_keys(items: Iterable[Any]) -> list[str]:
    keys: dict[str, None] = {}
    for item in items:
        for key, value in item.extra.items():
            if isinstance(value, _SCALAR) and not (isinstance(value, str) and not value):
                keys.setdefault(key, None)
    return list(keys)


def _finding_header(key: str) -> str:
    """The column for finding extra ``key``: the key itself unless it would read as a
    known column, an ignored one, or a prefixed one."""
    folded = normalize_text(key)
    clash = (
        folded in _MAIN_LOOKUP
        or folded in IGNORED_HEADERS
        or not folded
        or key != key.strip()
        or _MEASURE_EXTRA_RE.fullmatch(key)
        or _FINDING_EXTRA_RE.fullmatch(key)
    )
    return f"{FINDING_PREFIX}{key}" if clash else key


def _main_values(finding: Finding, measure: Measure | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": finding.id,
        "title": finding.title,
        "category": finding.category,
        "owner": finding.owner,
        "units": UNIT_JOIN.join(finding.units),
        "status": finding.status.label if finding.status is not None else None,
        "deadline": finding.deadline,
        "source": finding.source,
    }
    if measure is not None:
        values.update(
            {
                "measure_id": measure.id,
                "measure": measure.text,
                "measure_owner": measure.owner,
                "due": measure.due,
                "done": measure.done,
                "evidence": "\n".join(measure.evidence),
            }
        )
    return values


def _write_main(ws: Worksheet, ledger: Ledger) -> None:
    finding_keys = _extra_keys(ledger.findings)
    measures = [m for f in ledger.findings for m in f.measures]
    measure_keys = _extra_keys(measures)
    known = [*MAIN_COLUMNS, *((NOTES_COLUMN,) if any(f.notes for f in ledger.findings) else ())]
    columns = [
        *known,
        *(Column(k, _finding_header(k), 14, wrap=True) for k in finding_keys),
        *(Column(k, f"{MEASURE_PREFIX}{k}", 14, wrap=True) for k in measure_keys),
    ]
    _header(ws, columns)
    number = 2
    for finding in ledger.findings:
        for position, measure in enumerate(finding.measures or (None,)):
            values = _main_values(finding, measure)
            if position == 0:
                values["notes"] = "\n".join(finding.notes)
            for index, column in enumerate(columns, start=1):
                if index <= len(known):
                    value = values.get(column.key)
                elif index <= len(known) + len(finding_keys):
                    value = finding.extra.get(column.key)
                else:
                    value = measure.extra.get(column.key) if measure is not None else None
                if not isinstance(value, _SCALAR):
                    value = None
                _write(ws, number, index, value, column)
            number += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, number - 1)}"


def _write_targets(ws: Worksheet, ledger: Ledger) -> None:
    targets = [(f, t) for f in ledger.findings for t in f.targets]
    extra_keys = _extra_keys(t for _, t in targets)
    columns = [*TARGET_COLUMNS, *(Column(k, k, 14, wrap=True) for k in extra_keys)]
    _header(ws, columns)
    for number, (finding, target) in enumerate(targets, start=2):
        values = {
            "id": finding.id,
            "name": target.name,
            "goal": target.goal,
            "actual": target.actual,
            "measured": target.measured,
            "start": target.start,
            "due": target.due,
            "unit": target.unit,
        }
        for index, column in enumerate(columns, start=1):
            if index <= len(TARGET_COLUMNS):
                value = values[column.key]
            else:
                value = target.extra.get(column.key)
                value = value if isinstance(value, _SCALAR) else None
            _write(ws, number, index, value, column)


def _write_info(ws: Worksheet, ledger: Ledger) -> None:
    _header(ws, [Column("item", "项目", 22), Column("value", "内容", 80, wrap=True)])
    rows: list[tuple[str, Any]] = []
    inspection = ledger.inspection
    for key, label in INFO_ITEMS:
        rows.append((label, getattr(inspection, key)))
    for key, value in inspection.extra.items():
        if isinstance(value, _SCALAR):
            rows.append((key, value))
    for key, value in ledger.declared.items():
        rows.append((f"{DECLARED_PREFIX}{key}", value))
    for paragraph in ledger.next_steps:
        rows.append((NEXT_STEPS_ITEM, paragraph))
    for number, (label, value) in enumerate(rows, start=2):
        _write(ws, number, 1, label, Column("item", "项目", wrap=False))
        _write(ws, number, 2, value, Column("value", "内容", wrap=True))


def ledger_to_xlsx_bytes(ledger: Ledger) -> bytes:
    """The workbook for ``ledger`` as bytes (sheets 整改台账, 量化目标, 巡察信息)."""
    workbook = Workbook()
    main = workbook.active
    main.title = MAIN_SHEET
    _write_main(main, ledger)
    _write_targets(workbook.create_sheet(TARGET_SHEET), ledger)
    _write_info(workbook.create_sheet(INFO_SHEET), ledger)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def save_ledger_xlsx(ledger: Ledger, path: Path) -> None:
    """Write ``ledger`` as an XLSX workbook, atomically (the old file kept as ``.bak``)."""
    atomic_write_bytes(Path(path), ledger_to_xlsx_bytes(ledger))
