"""Reading an XLSX ledger workbook into the :class:`~rectikit.model.ledger.Ledger`
model (:func:`load_ledger_xlsx`), raising
:class:`~rectikit.ledger.files.errors.LedgerError` with the sheet and cell of a bad
value."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from rectikit.ledger.files._values import (
    FieldError,
    as_amount,
    as_count,
    as_date,
    as_evidence,
    as_notes,
    as_optional_text,
    as_status,
    as_text,
    as_units,
    cell_text,
)
from rectikit.ledger.files.errors import LedgerError
from rectikit.ledger.files.xlsx_layout import (
    _DECLARED_RE,
    _FINDING_EXTRA_RE,
    _INFO_LOOKUP,
    _MAIN_LOOKUP,
    _MEASURE_EXTRA_RE,
    _TARGET_LOOKUP,
    DECLARED_ALIASES,
    IGNORED_HEADERS,
    INFO_DATES,
    INFO_SHEET,
    MAIN_SHEET,
    MEASURE_COLUMNS,
    TARGET_SHEET,
)
from rectikit.ledger.files.xlsx_sheet import _extra_value, _read_sheet, _Sheet, _sheet_named
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.location import Location
from rectikit.model.values import is_blank, normalize_text

__all__ = ["load_ledger_xlsx"]

_HEADER_SEARCH_ROWS = 10


class _XlsxReader:
    def __init__(self, display: str) -> None:
        self.display = display

    def fail(
        self,
        sheet: _Sheet,
        row: int | None,
        reason: str,
        key: str | None = None,
        index: int | None = None,
    ) -> LedgerError:
        if index is None and key is not None:
            index = sheet.columns.get(key)
        column = sheet.headers.get(index) if index is not None else None
        cell = f"{get_column_letter(index + 1)}{row}" if index is not None and row else None
        return LedgerError(
            reason, file=self.display, sheet=sheet.name, row=row, column=column, cell=cell
        )

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
                        raise self.fail(
                            sheet, number, f"duplicate column {cell_text(raw)!r}", index=index
                        )
                    else:
                        sheet.columns[key] = index
                return
        raise self.fail(
            sheet,
            None,
            f"no header row naming the {what} column "
            f"(looked in the first {_HEADER_SEARCH_ROWS} rows)",
        )

    def convert(
        self,
        sheet: _Sheet,
        number: int,
        row: list[Any],
        key: str,
        convert: Callable[[Any], Any],
        prefix: str,
    ) -> Any:
        value = sheet.get(row, key)
        try:
            return convert(value)
        except FieldError as exc:
            named = "" if key == "status" else f"{sheet.headers[sheet.columns[key]]}: "
            raise self.fail(sheet, number, f"{prefix}{named}{exc.reason}", key) from None

    def first(
        self,
        sheet: _Sheet,
        rows: Sequence[tuple[int, list[Any]]],
        key: str,
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
                    raise self.fail(
                        sheet, number, "row without 问题编号 and no finding above", "id"
                    )
                groups[-1][1].append((number, row))
                continue
            finding_id = cell_text(raw)
            if groups and groups[-1][0] == finding_id:
                groups[-1][1].append((number, row))
                continue
            if finding_id in seen:
                raise self.fail(
                    sheet,
                    number,
                    f"duplicate finding id {finding_id!r} (first at row {seen[finding_id]})",
                    "id",
                )
            seen[finding_id] = number
            groups.append((finding_id, [(number, row)]))
        return [(self.finding(sheet, fid, rows), rows) for fid, rows in groups]

    def finding(self, sheet: _Sheet, finding_id: str, rows: list[tuple[int, list[Any]]]) -> Finding:
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
            measure = self.measure(sheet, number, row, finding_id, len(measures) + 1, measure_extra)
            if measure is None:
                continue
            if measure.id in ids:
                raise self.fail(
                    sheet, number, f"{prefix}duplicate measure id {measure.id!r}", "measure_id"
                )
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
            notes=value("notes", lambda v: as_notes(v, strict=False)),
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

    def measure(
        self,
        sheet: _Sheet,
        number: int,
        row: list[Any],
        finding_id: str,
        position: int,
        extra_columns: list[tuple[int, str]],
    ) -> Measure | None:
        blank = all(is_blank(sheet.get(row, key)) for key in MEASURE_COLUMNS)
        extra = {
            key: _extra_value(row[index])
            for index, key in extra_columns
            if index < len(row) and not is_blank(row[index])
        }
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

            def value(
                key: str,
                convert: Callable[[Any], Any],
                number: int = number,
                row: list[Any] = row,
                prefix: str = prefix,
            ) -> Any:
                return self.convert(sheet, number, row, key, convert, prefix)

            actual = sheet.get(row, "actual")
            out.setdefault(current, []).append(
                Target(
                    name=name,
                    goal=value("goal", as_amount),
                    actual=Decimal(0) if is_blank(actual) else value("actual", as_amount),
                    measured=value("measured", lambda v: as_date(v, strict=False)),
                    start=value("start", lambda v: as_date(v, strict=False)),
                    due=value("due", lambda v: as_date(v, strict=False)),
                    unit=value("unit", lambda v: as_optional_text(v, strict=False)),
                    extra={
                        header.strip(): _extra_value(row[index])
                        for index, header in sheet.others
                        if index < len(row) and not is_blank(row[index])
                    },
                )
            )
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
                        line.strip()
                        for line in as_text(value, strict=False).splitlines()
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


def load_ledger_xlsx(path: Path, display: str | None = None) -> Ledger:
    """Load a ledger from an XLSX workbook (layout in
    :mod:`~rectikit.ledger.files.xlsx_layout`).

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
        with warnings.catch_warnings():  # openpyxl's notes on odd parts are not ours
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad archive
        raise LedgerError(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})", file=display
        ) from None
    try:
        reader = _XlsxReader(display)
        main = _sheet_named(workbook, MAIN_SHEET, "ledger", "findings")
        if main is None:
            if not workbook.worksheets:
                raise LedgerError("the workbook holds no worksheet", file=display)
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
    findings = tuple(_with_targets(finding, targets.get(finding.id, ())) for finding, _ in found)
    return Ledger(
        inspection=inspection,
        declared=declared,
        findings=findings,
        next_steps=next_steps,
        location=Location(display),
    )


def _with_targets(finding: Finding, targets: Sequence[Target]) -> Finding:
    return attrs.evolve(finding, targets=tuple(targets)) if targets else finding
