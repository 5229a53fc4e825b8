"""The XLSX form of the ledger: the 整改台账 workbook offices keep.

Sheets (Chinese headers as written; the English names in brackets are accepted too,
as are headers differing only in spacing, full-width forms or case):

``整改台账`` — one row per measure, the finding columns repeated on each row:
    问题编号 (id), 问题 (title), 类别 (category), 责任领导 (owner), 责任部门 (units;
    several joined with ``、``), 状态 (status; the Chinese label), 整改时限 (deadline),
    来源 (source), 措施编号 (measure_id), 整改措施 (measure), 措施责任单位
    (measure_owner), 措施完成时限 (due), 完成日期 (done), 佐证材料 (evidence; one per
    line). A finding without measures is one row with blank measure columns. Reading,
    a row whose 问题编号 is blank (left empty or merged) or repeats the row above
    continues that finding; the finding's values come from the first of its rows that
    has them. Merged cells read as their value in every cell they cover. A measure
    without 措施编号 is numbered ``<finding id>-<n>``. A ``序号`` column is ignored;
    any other column is kept in ``extra``: ``措施.<key>`` (``measure.<key>``) columns in
    the measure's, all others (``问题.<key>``/``finding.<key>`` or just ``<key>``) in
    the finding's.
``量化目标`` (optional) — one row per target: 问题编号 (id), 目标 (name), 目标值 (goal),
    实际值 (actual), 统计日期 (measured), 起始日期 (start), 完成时限 (due), 单位 (unit);
    other columns go to the target's ``extra``. A blank 问题编号 continues the row above.
``巡察信息`` (optional) — two columns 项目/内容 (item/value): 标题 (title), 巡察组
    (inspector), 被巡察单位 (target), 进驻日期 (started), 结束日期 (ended), 反馈日期
    (feedback), 整改期限 (deadline); declared counts as ``声明.<key>`` (``declared.<key>``;
    ``声明.总数`` and ``声明.<status label>`` read as ``total`` and the status); one
    ``下一步工作打算`` (next_steps) row per paragraph; any other item goes to the
    inspection's ``extra``.

The header row may sit below a title row (the first of the top ten rows naming the
问题编号 column). Only scalar extras (text, numbers, booleans, dates) are written, and
top-level ``Ledger.extra`` is not: TOML is the lossless form.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rectikit.ledger.files._values import (
    UNIT_JOIN,
    FieldError,
    amount_value,
    as_amount,
    as_count,
    as_date,
    as_evidence,
    as_optional_text,
    as_status,
    as_text,
    as_units,
    cell_text,
)
from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.files.errors import LedgerError
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.location import Location
from rectikit.model.values import is_blank, normalize_text

__all__ = ["load_ledger_xlsx", "save_ledger_xlsx"]

MAIN_SHEET = "整改台账"
TARGET_SHEET = "量化目标"
INFO_SHEET = "巡察信息"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: model key, Chinese header, English name, layout."""

    key: str
    header: str
    width: float = 12
    wrap: bool = False
    is_date: bool = False


MAIN_COLUMNS = (
    Column("id", "问题编号", 10),
    Column("title", "问题", 36, wrap=True),
    Column("category", "类别", 14, wrap=True),
    Column("owner", "责任领导", 12),
    Column("units", "责任部门", 18, wrap=True),
    Column("status", "状态", 12),
    Column("deadline", "整改时限", 12, is_date=True),
    Column("source", "来源", 14),
    Column("measure_id", "措施编号", 10),
    Column("measure", "整改措施", 48, wrap=True),
    Column("measure_owner", "措施责任单位", 16, wrap=True),
    Column("due", "措施完成时限", 14, is_date=True),
    Column("done", "完成日期", 12, is_date=True),
    Column("evidence", "佐证材料", 36, wrap=True),
)
FINDING_COLUMNS = ("id", "title", "category", "owner", "units", "status", "deadline", "source")
MEASURE_COLUMNS = ("measure_id", "measure", "measure_owner", "due", "done", "evidence")

TARGET_COLUMNS = (
    Column("id", "问题编号", 10),
    Column("name", "目标", 30, wrap=True),
    Column("goal", "目标值", 10),
    Column("actual", "实际值", 10),
    Column("measured", "统计日期", 12, is_date=True),
    Column("start", "起始日期", 12, is_date=True),
    Column("due", "完成时限", 12, is_date=True),
    Column("unit", "单位", 8),
)

INFO_ITEMS = (
    ("title", "标题"),
    ("inspector", "巡察组"),
    ("target", "被巡察单位"),
    ("started", "进驻日期"),
    ("ended", "结束日期"),
    ("feedback", "反馈日期"),
    ("deadline", "整改期限"),
)
INFO_DATES = ("started", "ended", "feedback", "deadline")
NEXT_STEPS_ITEM = "下一步工作打算"
DECLARED_PREFIX = "声明."
FINDING_PREFIX = "问题."
MEASURE_PREFIX = "措施."
IGNORED_HEADERS = frozenset(normalize_text(h) for h in ("序号", "no.", "#"))
DECLARED_ALIASES = {
    normalize_text(name): key
    for key, names in {"total": ("总数", "问题总数", "总计")}.items()
    for name in names
}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
_HEADER_SEARCH_ROWS = 10


def _lookup(columns: Iterable[Column]) -> dict[str, str]:
    table = {}
    for column in columns:
        table[normalize_text(column.header)] = column.key
        table[normalize_text(column.key)] = column.key
    return table


_MAIN_LOOKUP = _lookup(MAIN_COLUMNS)
_TARGET_LOOKUP = _lookup(TARGET_COLUMNS)
_INFO_LOOKUP = {normalize_text(n): k for k, h in INFO_ITEMS for n in (k, h)}
_INFO_LOOKUP.update({normalize_text(NEXT_STEPS_ITEM): "next_steps",
                     "next_steps": "next_steps", "nextsteps": "next_steps"})


# --------------------------------------------------------------------------------------
# Reading


@dataclass
class _Sheet:
    """A worksheet's values (merged cells filled in) and where its header is."""

    name: str
    rows: list[list[Any]]
    header_row: int = 0  # 1-based; 0 = none
    columns: dict[str, int] = field(default_factory=dict)  # model key -> 0-based index
    others: list[tuple[int, str]] = field(default_factory=list)  # unknown headers
    headers: dict[int, str] = field(default_factory=dict)

    def data_rows(self) -> Iterable[tuple[int, list[Any]]]:
        for offset, row in enumerate(self.rows[self.header_row:]):
            if any(not is_blank(v) for v in row):
                yield self.header_row + 1 + offset, row

    def get(self, row: list[Any], key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(row):
            return None
        return row[index]


def _read_sheet(ws: Worksheet) -> _Sheet:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows) or left >= width:
            continue
        value = rows[top][left]
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, width)):
                rows[r][c] = value
    return _Sheet(ws.title, rows)


class _XlsxReader:
    def __init__(self, display: str) -> None:
        self.display = display

    def fail(self, sheet: _Sheet, row: int | None, reason: str, key: str | None = None,
             index: int | None = None) -> LedgerError:
        if index is None and key is not None:
            index = sheet.columns.get(key)
        column = sheet.headers.get(index) if index is not None else None
        cell = f"{get_column_letter(index + 1)}{row}" if index is not None and row else None
        return LedgerError(reason, file=self.display, sheet=sheet.name, row=row,
                           column=column, cell=cell)

    def find_header(self, sheet: _Sheet, lookup: Mapping[str, str], what: str) -> None:
        for number, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1):
            names = [normalize_text(cell_text(v)) if not is_blank(v) else "" for v in row]
            if any(lookup.get(n) == "id" for n in names) and any(
                lookup.get(n) not in (None, "id") for n in names
            ):
                sheet.header_row = number
                for index, (name, raw) in enumerate(zip(names, row, strict=True)):
                    if not name or name in IGNORED_HEADERS:
                        continue
                    sheet.headers[index] = cell_text(raw)
                    key = lookup.get(name)
                    if key is None:
                        sheet.others.append((index, cell_text(raw)))
                    elif key in sheet.columns:
                        raise self.fail(sheet, number, f"duplicate column {cell_text(raw)!r}",
                                        index=index)
                    else:
                        sheet.columns[key] = index
                return
        raise self.fail(sheet, None, f"no header row naming the {what} column "
                        f"(looked in the first {_HEADER_SEARCH_ROWS} rows)")

    def convert(self, sheet: _Sheet, number: int, row: list[Any], key: str,
                convert: Callable[[Any], Any], prefix: str) -> Any:
        value = sheet.get(row, key)
        try:
            return convert(value)
        except FieldError as exc:
            named = "" if key == "status" else f"{sheet.headers[sheet.columns[key]]}: "
            raise self.fail(sheet, number, f"{prefix}{named}{exc.reason}", key) from None

    def first(self, sheet: _Sheet, rows: Sequence[tuple[int, list[Any]]], key: str,
              ) -> tuple[int, list[Any]]:
        """The first of a finding's rows with a value in column ``key``."""
        for number, row in rows:
            if not is_blank(sheet.get(row, key)):
                return number, row
        return rows[0]

    # --- 整改台账

    def findings(self, sheet: _Sheet) -> list[tuple[Finding, list[tuple[int, list[Any]]]]]:
        self.find_header(sheet, _MAIN_LOOKUP, "问题编号")
        groups: list[tuple[str, list[tuple[int, list[Any]]]]] = []
        seen: dict[str, int] = {}
        for number, row in sheet.data_rows():
            raw = sheet.get(row, "id")
            if is_blank(raw):
                if not groups:
                    raise self.fail(sheet, number, "row without 问题编号 and no finding above",
                                    "id")
                groups[-1][1].append((number, row))
                continue
            finding_id = cell_text(raw)
            if groups and groups[-1][0] == finding_id:
                groups[-1][1].append((number, row))
                continue
            if finding_id in seen:
                raise self.fail(sheet, number, f"duplicate finding id {finding_id!r} "
                                f"(first at row {seen[finding_id]})", "id")
            seen[finding_id] = number
            groups.append((finding_id, [(number, row)]))
        return [(self.finding(sheet, fid, rows), rows) for fid, rows in groups]

    def finding(self, sheet: _Sheet, finding_id: str,
                rows: list[tuple[int, list[Any]]]) -> Finding:
        prefix = f"finding {finding_id}: "

        def value(key: str, convert: Callable[[Any], Any]) -> Any:
            number, row = self.first(sheet, rows, key)
            return self.convert(sheet, number, row, key, convert, prefix)

        finding_extra, measure_extra = self.split_others(sheet)
        extra = {}
        for index, key in finding_extra:
            for _, row in rows:
                if index < len(row) and not is_blank(row[index]):
                    extra[key] = _extra_value(row[index])
                    break
        measures: list[Measure] = []
        ids: set[str] = set()
        for number, row in rows:
            measure = self.measure(sheet, number, row, finding_id, len(measures) + 1,
                                   measure_extra)
            if measure is None:
                continue
            if measure.id in ids:
                raise self.fail(sheet, number, f"{prefix}duplicate measure id {measure.id!r}",
                                "measure_id")
            ids.add(measure.id)
            measures.append(measure)
        source = value("source", lambda v: as_optional_text(v, strict=False))
        return Finding(
            id=finding_id,
            title=value("title", lambda v: as_text(v, strict=False)),
            category=value("category", lambda v: as_optional_text(v, strict=False)),
            owner=value("owner", lambda v: as_optional_text(v, strict=False)),
            units=value("units", lambda v: as_units(v, strict=False)),
            status=value("status", as_status),
            deadline=value("deadline", lambda v: as_date(v, strict=False)),
            source=source if source is not None else "inspection",
            measures=tuple(measures),
            extra=extra,
            location=Location(self.display, rows[0][0], None, sheet.name),
        )

    @staticmethod
    def split_others(sheet: _Sheet) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """Unknown columns: (index, extra key) for findings and for measures."""
        finding_extra, measure_extra = [], []
        for index, header in sheet.others:
            match = _MEASURE_EXTRA_RE.fullmatch(header)
            if match:
                measure_extra.append((index, match.group(1)))
                continue
            match = _FINDING_EXTRA_RE.fullmatch(header)
            finding_extra.append((index, match.group(1) if match else header.strip()))
        return finding_extra, measure_extra

    def measure(self, sheet: _Sheet, number: int, row: list[Any], finding_id: str,
                position: int, extra_columns: list[tuple[int, str]]) -> Measure | None:
        blank = all(is_blank(sheet.get(row, key)) for key in MEASURE_COLUMNS)
        extra = {key: _extra_value(row[index]) for index, key in extra_columns
                 if index < len(row) and not is_blank(row[index])}
        if blank and not extra:
            return None
        raw_id = sheet.get(row, "measure_id")
        measure_id = cell_text(raw_id) if not is_blank(raw_id) else f"{finding_id}-{position}"
        prefix = f"finding {finding_id}: measure {measure_id}: "

        def value(key: str, convert: Callable[[Any], Any]) -> Any:
            return self.convert(sheet, number, row, key, convert, prefix)

        return Measure(
            id=measure_id,
            text=value("measure", lambda v: as_text(v, strict=False)),
            owner=value("measure_owner", lambda v: as_optional_text(v, strict=False)),
            due=value("due", lambda v: as_date(v, strict=False)),
            done=value("done", lambda v: as_date(v, strict=False)),
            evidence=value("evidence", lambda v: as_evidence(v, strict=False)),
            extra=extra,
            location=Location(self.display, number, None, sheet.name),
        )

    # --- 量化目标

    def targets(self, sheet: _Sheet, known: Mapping[str, int]) -> dict[str, list[Target]]:
        self.find_header(sheet, _TARGET_LOOKUP, "问题编号")
        out: dict[str, list[Target]] = {}
        current: str | None = None
        for number, row in sheet.data_rows():
            raw = sheet.get(row, "id")
            if not is_blank(raw):
                current = cell_text(raw)
            if current is None:
                raise self.fail(sheet, number, "row without 问题编号 and no target above", "id")
            if current not in known:
                raise self.fail(sheet, number, f"target for unknown finding {current!r}", "id")
            prefix = f"finding {current}: "
            if is_blank(sheet.get(row, "name")):
                raise self.fail(sheet, number, f"{prefix}target without 目标 (name)", "name")
            name = cell_text(sheet.get(row, "name"))
            prefix = f"{prefix}target {name!r}: "
            if is_blank(sheet.get(row, "goal")):
                raise self.fail(sheet, number, f"{prefix}no 目标值 (goal)", "goal")

            def value(key: str, convert: Callable[[Any], Any], number: int = number,
                      row: list[Any] = row, prefix: str = prefix) -> Any:
                return self.convert(sheet, number, row, key, convert, prefix)

            actual = sheet.get(row, "actual")
            out.setdefault(current, []).append(Target(
                name=name,
                goal=value("goal", as_amount),
                actual=Decimal(0) if is_blank(actual) else value("actual", as_amount),
                measured=value("measured", lambda v: as_date(v, strict=False)),
                start=value("start", lambda v: as_date(v, strict=False)),
                due=value("due", lambda v: as_date(v, strict=False)),
                unit=value("unit", lambda v: as_optional_text(v, strict=False)),
                extra={header.strip(): _extra_value(row[index]) for index, header in sheet.others
                       if index < len(row) and not is_blank(row[index])},
            ))
        return out

    # --- 巡察信息

    def info(self, sheet: _Sheet) -> tuple[Inspection, dict[str, int], tuple[str, ...]]:
        start = 0
        if sheet.rows and normalize_text(cell_text(sheet.rows[0][0] or "")) in ("项目", "item"):
            start = 1
        sheet.headers = {0: "项目", 1: "内容"}
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        declared: dict[str, int] = {}
        paragraphs: list[str] = []
        for offset, row in enumerate(sheet.rows[start:]):
            number = start + 1 + offset
            label = cell_text(row[0]) if row and not is_blank(row[0]) else ""
            value = row[1] if len(row) > 1 else None
            if not label:
                if not is_blank(value):
                    raise self.fail(sheet, number, "value without 项目", index=0)
                continue
            folded = normalize_text(label)
            key = _INFO_LOOKUP.get(folded)
            declared_key = _declared_key(label)
            try:
                if key == "next_steps":
                    paragraphs.extend(
                        line.strip() for line in as_text(value, strict=False).splitlines()
                        if not is_blank(line)
                    )
                elif key in INFO_DATES:
                    values[key] = as_date(value, strict=False)
                elif key is not None:
                    values[key] = as_text(value, strict=False)
                elif declared_key is not None:
                    if not is_blank(value):
                        declared[declared_key] = as_count(value)
                elif not is_blank(value):
                    extra[label] = _extra_value(value)
            except FieldError as exc:
                raise self.fail(sheet, number, f"{label}: {exc.reason}", index=1) from None
        return Inspection(**values, extra=extra), declared, tuple(paragraphs)


_DECLARED_RE = re.compile(r"\s*(?:声明|declared)\s*[.．]\s*(.+?)\s*$", re.IGNORECASE)
_MEASURE_EXTRA_RE = re.compile(r"\s*(?:措施|measure)\s*[.．]\s*(.+?)\s*$", re.IGNORECASE)
_FINDING_EXTRA_RE = re.compile(r"\s*(?:问题|finding)\s*[.．]\s*(.+?)\s*$", re.IGNORECASE)


def _declared_key(label: str) -> str | None:
    """``声明.total`` -> ``total``; ``声明.总数`` -> ``total``; ``声明.已完成`` ->
    ``completed``; ``None`` for an item that is not a declared count."""
    match = _DECLARED_RE.fullmatch(label)
    if not match:
        return None
    name = match.group(1)
    folded = normalize_text(name)
    if folded in DECLARED_ALIASES:
        return DECLARED_ALIASES[folded]
    try:
        return Status.parse(name).value
    except ValueError:
        return name


def _extra_value(value: Any) -> Any:
    """A cell as an extra value: dates at midnight become dates."""
    if isinstance(value, datetime) and value.hour == value.minute == value.second == 0 \
            and value.microsecond == 0:
        return value.date()
    return value


def _sheet_named(workbook: Any, *names: str) -> Worksheet | None:
    wanted = {normalize_text(n) for n in names}
    for ws in workbook.worksheets:
        if normalize_text(ws.title) in wanted:
            return ws
    return None


def load_ledger_xlsx(path: Path, display: str | None = None) -> Ledger:
    """Load a ledger from an XLSX workbook (layout in the module docstring).

    The main sheet is ``整改台账`` (or ``ledger``), else the first sheet. Locations:
    each finding at its first row, each measure at its row, with the sheet name.

    Raises:
        LedgerError: unreadable file, not a workbook, no header, or a bad value, with
            the sheet and cell.
    """
    path = Path(path)
    display = str(path) if display is None else display
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"cannot read: {exc.strerror or exc}", file=display) from None
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad archive
        raise LedgerError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
                          file=display) from None
    try:
        reader = _XlsxReader(display)
        main = _sheet_named(workbook, MAIN_SHEET, "ledger", "findings")
        if main is None:
            main = workbook.worksheets[0]
        found = reader.findings(_read_sheet(main))
        index = {f.id: i for i, (f, _) in enumerate(found)}
        targets: dict[str, list[Target]] = {}
        target_ws = _sheet_named(workbook, TARGET_SHEET, "targets")
        if target_ws is not None and target_ws.max_row > 0:
            sheet = _read_sheet(target_ws)
            if any(not is_blank(v) for row in sheet.rows for v in row):
                targets = reader.targets(sheet, index)
        inspection, declared, next_steps = Inspection(), {}, ()
        info_ws = _sheet_named(workbook, INFO_SHEET, "inspection")
        if info_ws is not None:
            inspection, declared, next_steps = reader.info(_read_sheet(info_ws))
    finally:
        workbook.close()
    findings = tuple(
        _with_targets(finding, targets.get(finding.id, ())) for finding, _ in found
    )
    return Ledger(inspection=inspection, declared=declared, findings=findings,
                  next_steps=next_steps, location=Location(display))


def _with_targets(finding: Finding, targets: Sequence[Target]) -> Finding:
    return attrs.evolve(finding, targets=tuple(targets)) if targets else finding


# --------------------------------------------------------------------------------------
# Writing

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
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, not a formula
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
    clash = (folded in _MAIN_LOOKUP or folded in IGNORED_HEADERS or not folded
             or key != key.strip() or _MEASURE_EXTRA_RE.fullmatch(key)
             or _FINDING_EXTRA_RE.fullmatch(key))
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
        values.update({
            "measure_id": measure.id,
            "measure": measure.text,
            "measure_owner": measure.owner,
            "due": measure.due,
            "done": measure.done,
            "evidence": "\n".join(measure.evidence),
        })
    return values


def _write_main(ws: Worksheet, ledger: Ledger) -> None:
    finding_keys = _extra_keys(ledger.findings)
    measures = [m for f in ledger.findings for m in f.measures]
    measure_keys = _extra_keys(measures)
    columns = [
        *MAIN_COLUMNS,
        *(Column(k, _finding_header(k), 14, wrap=True) for k in finding_keys),
        *(Column(k, f"{MEASURE_PREFIX}{k}", 14, wrap=True) for k in measure_keys),
    ]
    _header(ws, columns)
    number = 2
    for finding in ledger.findings:
        for measure in finding.measures or (None,):
            values = _main_values(finding, measure)
            for index, column in enumerate(columns, start=1):
                if index <= len(MAIN_COLUMNS):
                    value = values.get(column.key)
                elif index <= len(MAIN_COLUMNS) + len(finding_keys):
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
        values = {"id": finding.id, "name": target.name, "goal": target.goal,
                  "actual": target.actual, "measured": target.measured,
                  "start": target.start, "due": target.due, "unit": target.unit}
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



# --------------------------------------------------------------------------------------
# Converting back: what the workbook could not hold


def _representable(value: Any) -> bool:
    """Whether an extra value survives a workbook (a non-empty scalar)."""
    return isinstance(value, _SCALAR) and value != ""


def _restored(extra: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in previous.items() if not _representable(v) and k not in extra}
    return {**kept, **extra}


def restore_extras(ledger: Ledger, previous: Ledger) -> Ledger:
    """``ledger`` (read from a workbook) with the extras a workbook cannot hold taken
    from ``previous`` (the TOML it was made from): all top-level extras, and the
    non-scalar extras of the inspection and of each finding, measure and target still
    there (matched by id; targets by name). Scalar extras are the workbook's to change
    or delete."""
    old_findings = {f.id: f for f in previous.findings}
    findings = []
    for finding in ledger.findings:
        old = old_findings.get(finding.id)
        if old is None:
            findings.append(finding)
            continue
        old_measures = {m.id: m for m in old.measures}
        measures = tuple(
            attrs.evolve(m, extra=_restored(m.extra, old_measures[m.id].extra))
            if m.id in old_measures else m
            for m in finding.measures
        )
        old_targets: dict[str, Target] = {}
        for target in old.targets:
            old_targets.setdefault(target.name, target)
        targets = tuple(
            attrs.evolve(t, extra=_restored(t.extra, old_targets[t.name].extra))
            if t.name in old_targets else t
            for t in finding.targets
        )
        findings.append(attrs.evolve(finding, extra=_restored(finding.extra, old.extra),
                                     measures=measures, targets=targets))
    inspection = attrs.evolve(
        ledger.inspection, extra=_restored(ledger.inspection.extra, previous.inspection.extra)
    )
    return attrs.evolve(ledger, inspection=inspection, findings=tuple(findings),
                        extra={**previous.extra, **ledger.extra})
