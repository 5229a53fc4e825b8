"""Writing a ledger as a fresh TOML document (:func:`ledger_to_toml`), and the pieces
of it the in-place update reuses: model values as TOML values, new tables laid out and
indented like their siblings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import tomlkit
from tomlkit.items import (
    AoT,
    Comment,
    InlineTable,
    Item,
    String,
    StringType,
    Table,
    Trivia,
    Whitespace,
)
from tomlkit.toml_document import TOMLDocument

from rectikit.ledger.files._values import amount_value
from rectikit.ledger.files.errors import LedgerError
from rectikit.ledger.files.toml_layout import (
    FINDING_KEYS,
    INSPECTION_KEYS,
    MEASURE_KEYS,
    TARGET_KEYS,
    TOP_KEYS,
)
from rectikit.model.ledger import Finding, Ledger, Measure, Status, Target

__all__ = ["ledger_to_toml"]


def _toml_value(value: Any) -> Any:
    """A model value as what tomlkit should write."""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, Decimal):
        return amount_value(value)
    if isinstance(value, tuple):
        return [_toml_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _toml_value(v) for k, v in value.items()}
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, tuple)) and not value)


@dataclass
class _Style:
    """How new entries are written: indentation of ``[[finding]]`` and of nested
    ``[[finding.measure]]``/``[[finding.target]]`` tables (header, keys), and whether
    statuses are written in Chinese."""

    finding: tuple[str, str] = ("", "")
    nested: tuple[str, str] = ("  ", "  ")
    chinese: bool = False

    def status(self, status: Status) -> str:
        return status.label if self.chinese else status.value


def _body(table: Table | InlineTable | TOMLDocument) -> list[tuple[Any, Item]]:
    container = table if isinstance(table, TOMLDocument) else table.value
    return container.body


def _is_plain(item: Item) -> bool:
    return not isinstance(item, (Whitespace, Comment, Table, AoT))


def _key_indent(table: Table | TOMLDocument) -> str | None:
    for key, item in _body(table):
        if key is not None and _is_plain(item):
            return item.trivia.indent.rsplit("\n", 1)[-1]
    return None


def _indent_table(table: Table, header: str, keys: str) -> Table:
    table.trivia.indent = header
    for _, item in _body(table):
        if _is_plain(item):
            item.trivia.indent = keys
    return table


def _plain_items(values: Mapping[str, Any], skip: Iterable[str]) -> list[tuple[str, Any]]:
    skip = set(skip)
    return [(k, v) for k, v in values.items() if k not in skip and not isinstance(v, Mapping)]


def _table_items(values: Mapping[str, Any], skip: Iterable[str]) -> list[tuple[str, Any]]:
    skip = set(skip)
    return [(k, v) for k, v in values.items() if k not in skip and isinstance(v, Mapping)]


def _extra_table(values: Mapping[str, Any]) -> Table:
    """A table of extras, as they were: plain values first, then sub-tables."""
    table = tomlkit.table()
    for key, value in _plain_items(values, ()):
        table.add(key, _toml_value(value))
    table.add(tomlkit.nl())
    for key, value in _table_items(values, ()):
        table.add(key, _extra_table(value))
    return table


def _new_table(
    fields: Sequence[tuple[str, Any]], extra: Mapping[str, Any], known: Iterable[str]
) -> Table:
    """A table with ``fields`` (empty ones left out), then the extras: plain values
    first, sub-tables after, and a blank line at the end of its own keys."""
    known = tuple(known)
    table = tomlkit.table()
    for key, value in fields:
        if not _empty(value):
            table.add(key, _toml_value(value))
    for key, value in _plain_items(extra, known):
        table.add(key, _toml_value(value))
    table.add(tomlkit.nl())
    for key, value in _table_items(extra, known):
        table.add(key, _extra_table(value))
    return table


def _measure_table(measure: Measure, style: _Style) -> Table:
    table = _new_table(
        [
            ("id", measure.id),
            ("text", measure.text),
            ("owner", measure.owner),
            ("due", measure.due),
            ("done", measure.done),
            ("evidence", measure.evidence),
        ],
        measure.extra,
        MEASURE_KEYS,
    )
    return _indent_table(table, *style.nested)


def _target_table(target: Target, style: _Style) -> Table:
    table = _new_table(
        [
            ("name", target.name),
            ("goal", target.goal),
            ("actual", target.actual),
            ("measured", target.measured),
            ("start", target.start),
            ("due", target.due),
            ("unit", target.unit),
        ],
        target.extra,
        TARGET_KEYS,
    )
    return _indent_table(table, *style.nested)


def notes_array(notes: Sequence[str]) -> Item | None:
    """A finding's notes as a multi-line array (one note a line), or ``None``."""
    if not notes:
        return None
    array = tomlkit.array()
    array.extend(notes)
    return array.multiline(True)


def _finding_table(finding: Finding, style: _Style) -> Table:
    status = style.status(finding.status) if finding.status is not None else None
    table = _new_table(
        [
            ("id", finding.id),
            ("title", finding.title),
            ("category", finding.category),
            ("owner", finding.owner),
            ("units", finding.units),
            ("status", status),
            ("deadline", finding.deadline),
            ("source", finding.source),
            ("notes", notes_array(finding.notes)),
        ],
        finding.extra,
        FINDING_KEYS,
    )
    _indent_table(table, *style.finding)
    if finding.measures:
        table.add("measure", AoT([_measure_table(m, style) for m in finding.measures], parsed=True))
    if finding.targets:
        table.add("target", AoT([_target_table(t, style) for t in finding.targets], parsed=True))
    return table


def _next_steps_text(paragraphs: Sequence[str]) -> Item:
    """A multi-line string, one paragraph per line, opening on a line of its own."""
    value = "\n".join(paragraphs) + "\n"
    escaped = tomlkit.string(value, multiline=True).as_string()[3:-3]
    return String(StringType.MLB, value, "\n" + escaped, Trivia())


def _check_unique(ledger: Ledger, display: str) -> None:
    """Ids must be unique for a save to know which entry is which."""
    seen: set[str] = set()
    for finding in ledger.findings:
        if finding.id in seen:
            raise LedgerError(f"duplicate finding id {finding.id!r}", file=display)
        seen.add(finding.id)
        measures = [m.id for m in finding.measures]
        for measure_id in measures:
            if measures.count(measure_id) > 1:
                raise LedgerError(
                    f"finding {finding.id}: duplicate measure id {measure_id!r}", file=display
                )


def ledger_to_toml(ledger: Ledger) -> str:
    """A new TOML document for ``ledger``, laid out like LEDGER.md (Chinese unescaped).

    Statuses are written in English; empty optional fields are left out; extras follow
    the known keys of their table (top-level plain extras come first in the file,
    top-level table extras last).
    """
    _check_unique(ledger, ledger.location.file or "<ledger>")
    style = _Style()
    doc = tomlkit.document()
    for key, value in _plain_items(ledger.extra, TOP_KEYS):
        doc.add(key, _toml_value(value))
    if ledger.extra and _plain_items(ledger.extra, TOP_KEYS):
        doc.add(tomlkit.nl())
    ins = ledger.inspection
    doc.add(
        "inspection",
        _new_table(
            [(key, getattr(ins, key)) for key in INSPECTION_KEYS], ins.extra, INSPECTION_KEYS
        ),
    )
    if ledger.declared:
        doc.add("declared", _new_table(list(ledger.declared.items()), {}, ()))
    if ledger.findings:
        doc.add("finding", AoT([_finding_table(f, style) for f in ledger.findings], parsed=True))
    if ledger.next_steps:
        table = tomlkit.table()
        table.add("text", _next_steps_text(ledger.next_steps))
        table.add(tomlkit.nl())
        doc.add("next_steps", table)
    for key, value in _table_items(ledger.extra, TOP_KEYS):
        doc.add(key, _extra_table(value))
    return doc.as_string().rstrip("\n") + "\n"
