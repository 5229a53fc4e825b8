"""Reading a ledger TOML: text to a tomlkit document, and a document to the
:class:`~rectikit.model.ledger.Ledger` model, checking every value and raising
:class:`~rectikit.ledger.files.errors.LedgerError` with its line on the first problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError, TOMLKitError
from tomlkit.toml_document import TOMLDocument

from rectikit.ledger.files._values import (
    FieldError,
    as_amount,
    as_count,
    as_date,
    as_evidence,
    as_notes,
    as_optional_text,
    as_paragraphs,
    as_status,
    as_text,
    as_units,
    type_name,
)
from rectikit.ledger.files.errors import LedgerError
from rectikit.ledger.files.toml_layout import (
    FINDING_KEYS,
    INSPECTION_KEYS,
    MEASURE_KEYS,
    TARGET_KEYS,
    TOP_KEYS,
)
from rectikit.ledger.files.toml_lines import _Block, _Lines
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Target
from rectikit.model.location import Location
from rectikit.model.values import is_blank


class _Reader:
    """Builds the model from the plain (unwrapped) TOML data, raising on the first
    problem with its line."""

    def __init__(self, display: str, lines: _Lines) -> None:
        self.display = display
        self.lines = lines

    def fail(self, line: int | None, reason: str) -> LedgerError:
        return LedgerError(reason, file=self.display, line=line)

    def value(
        self,
        data: Mapping[str, Any],
        key: str,
        convert: Callable[[Any], Any],
        block: _Block,
        prefix: str,
        default: Any = None,
    ) -> Any:
        if key not in data:
            return default
        try:
            return convert(data[key])
        except FieldError as exc:
            named = "" if key == "status" else f"{key}: "
            raise self.fail(block.at(key), f"{prefix}{named}{exc.reason}") from None

    def table(self, data: Mapping[str, Any], key: str, block: _Block) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(block.at(key), f"{key} must be a table, not {type_name(value)}")
        return value

    def tables(self, data: Mapping[str, Any], key: str, block: _Block, prefix: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(block.at(key), f"{prefix}{key} must be an array of tables ([[{key}]])")
        return value

    def ledger(self, data: Mapping[str, Any]) -> Ledger:
        root = self.lines.root
        inspection = self.inspection(self.table(data, "inspection", root))
        declared = self.declared(self.table(data, "declared", root))
        findings = self.findings(self.tables(data, "finding", root, ""))
        next_steps = self.next_steps(data)
        extra = {k: v for k, v in data.items() if k not in TOP_KEYS}
        return Ledger(
            inspection=inspection,
            declared=declared,
            findings=findings,
            next_steps=next_steps,
            extra=extra,
            location=Location(self.display),
        )

    def inspection(self, data: Mapping[str, Any]) -> Inspection:
        block = self.lines.table("inspection")
        values: dict[str, Any] = {}
        for key in ("title", "inspector", "target"):
            values[key] = self.value(data, key, _strict_text, block, "inspection: ", "")
        for key in ("started", "ended", "feedback", "deadline"):
            values[key] = self.value(data, key, _strict_date, block, "inspection: ")
        extra = {k: v for k, v in data.items() if k not in INSPECTION_KEYS}
        return Inspection(**values, extra=extra)

    def declared(self, data: Mapping[str, Any]) -> dict[str, int]:
        block = self.lines.table("declared")
        return {key: self.value(data, key, as_count, block, "declared: ") for key in data}

    def next_steps(self, data: Mapping[str, Any]) -> tuple[str, ...]:
        value = data.get("next_steps")
        if value is None:
            return ()
        if not isinstance(value, dict):
            return self.value(data, "next_steps", as_paragraphs, self.lines.root, "")
        block = self.lines.table("next_steps")
        if "text" in value and "items" in value:
            line = max(block.at("text"), block.at("items"))
            raise self.fail(line, "next_steps: give either text or items, not both")
        key = "items" if "items" in value else "text"
        return self.value(value, key, as_paragraphs, block, "next_steps: ", ())

    def findings(self, items: list[dict[str, Any]]) -> tuple[Finding, ...]:
        seen: dict[str, int] = {}
        findings = []
        for index, data in enumerate(items):
            block = self.lines.finding(index)
            finding = self.finding(data, block, f"finding #{index + 1}")
            if finding.id in seen:
                raise self.fail(
                    block.at("id"),
                    f"duplicate finding id {finding.id!r} (first at line {seen[finding.id]})",
                )
            seen[finding.id] = block.at("id")
            findings.append(finding)
        return tuple(findings)

    def ident(self, data: Mapping[str, Any], key: str, block: _Block, what: str) -> str:
        value = data.get(key)
        if value is None or is_blank(value):
            raise self.fail(block.at(key), f"{what} has no {key}")
        if not isinstance(value, str):
            raise self.fail(
                block.at(key), f"{what}: {key} must be a string, not {type_name(value)}"
            )
        return value

    def finding(self, data: Mapping[str, Any], block: _Block, what: str) -> Finding:
        finding_id = self.ident(data, "id", block, what)
        prefix = f"finding {finding_id}: "
        measures = []
        seen: set[str] = set()
        for index, item in enumerate(self.tables(data, "measure", block, prefix)):
            child = self.lines.child(block, "measure", index)
            measure = self.measure(item, child, f"{prefix}measure #{index + 1}", prefix)
            if measure.id in seen:
                raise self.fail(child.at("id"), f"{prefix}duplicate measure id {measure.id!r}")
            seen.add(measure.id)
            measures.append(measure)
        targets = [
            self.target(item, self.lines.child(block, "target", index), index, prefix)
            for index, item in enumerate(self.tables(data, "target", block, prefix))
        ]
        return Finding(
            id=finding_id,
            title=self.value(data, "title", _strict_text, block, prefix, ""),
            category=self.value(data, "category", _strict_optional, block, prefix),
            owner=self.value(data, "owner", _strict_optional, block, prefix),
            units=self.value(data, "units", _strict_units, block, prefix, ()),
            status=self.value(data, "status", as_status, block, prefix),
            deadline=self.value(data, "deadline", _strict_date, block, prefix),
            source=self.value(data, "source", _strict_text, block, prefix, "inspection"),
            measures=tuple(measures),
            targets=tuple(targets),
            notes=self.value(data, "notes", _strict_notes, block, prefix, ()),
            extra={k: v for k, v in data.items() if k not in FINDING_KEYS},
            location=Location(self.display, row=block.line),
        )

    def measure(self, data: Mapping[str, Any], block: _Block, what: str, prefix: str) -> Measure:
        measure_id = self.ident(data, "id", block, what)
        prefix = f"{prefix}measure {measure_id}: "
        return Measure(
            id=measure_id,
            text=self.value(data, "text", _strict_text, block, prefix, ""),
            owner=self.value(data, "owner", _strict_optional, block, prefix),
            due=self.value(data, "due", _strict_date, block, prefix),
            done=self.value(data, "done", _strict_date, block, prefix),
            evidence=self.value(data, "evidence", _strict_evidence, block, prefix, ()),
            extra={k: v for k, v in data.items() if k not in MEASURE_KEYS},
            location=Location(self.display, row=block.line),
        )

    def target(self, data: Mapping[str, Any], block: _Block, index: int, prefix: str) -> Target:
        name = self.ident(data, "name", block, f"{prefix}target #{index + 1}")
        prefix = f"{prefix}target {name!r}: "
        if "goal" not in data:
            raise self.fail(block.line, f"{prefix}no goal")
        return Target(
            name=name,
            goal=self.value(data, "goal", as_amount, block, prefix),
            actual=self.value(data, "actual", as_amount, block, prefix, Decimal(0)),
            measured=self.value(data, "measured", _strict_date, block, prefix),
            start=self.value(data, "start", _strict_date, block, prefix),
            due=self.value(data, "due", _strict_date, block, prefix),
            unit=self.value(data, "unit", _strict_optional, block, prefix),
            extra={k: v for k, v in data.items() if k not in TARGET_KEYS},
        )


def _strict_text(value: Any) -> str:
    return as_text(value, strict=True)


def _strict_optional(value: Any) -> str | None:
    return as_optional_text(value, strict=True)


def _strict_date(value: Any) -> date | None:
    return as_date(value, strict=True)


def _strict_units(value: Any) -> tuple[str, ...]:
    return as_units(value, strict=True)


def _strict_evidence(value: Any) -> tuple[str, ...]:
    return as_evidence(value, strict=True)


def _strict_notes(value: Any) -> tuple[str, ...]:
    return as_notes(value, strict=True)


_PARSE_AT = re.compile(r"\s+at line \d+ col \d+\s*$")


def _parse(text: str, display: str) -> TOMLDocument:
    try:
        return tomlkit.parse(text)
    except ParseError as exc:
        reason = _PARSE_AT.sub("", str(exc))
        raise LedgerError(f"invalid TOML: {reason}", file=display, line=exc.line) from None
    except (TOMLKitError, ValueError) as exc:
        raise LedgerError(f"invalid TOML: {exc}", file=display) from None


def _model(document: TOMLDocument, text: str, display: str) -> Ledger:
    try:
        data = document.unwrap()
    except (TOMLKitError, ValueError) as exc:  # pragma: no cover - tomlkit parsed it
        raise LedgerError(f"invalid TOML: {exc}", file=display) from None
    return _Reader(display, _Lines(text)).ledger(data)
