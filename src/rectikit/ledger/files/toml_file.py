"""The TOML form of the ledger (LEDGER.md "File"): loading, in-place saving, writing anew.

Layout::

    [inspection]            title, inspector, target, started, ended, feedback, deadline
    [declared]              counts a report states: total = 25, completed = 8, ...
    [[finding]]             id, title, category, owner, units, status, deadline, source
      [[finding.measure]]   id, text, owner, due, done, evidence
      [[finding.target]]    name, goal, actual, measured, start, due, unit
    [next_steps]            text = \"\"\"one paragraph per line\"\"\"  or  items = [...]

Statuses may be English or any Chinese alias; dates native TOML dates or strings in any
notation :func:`~rectikit.model.values.parse_date` reads; ``goal``/``actual`` integers,
floats or number strings; ``units`` and ``evidence`` an array or a single string (units
joined by ``、`` are split). Unknown keys at every level go to ``extra`` and survive a
save. ``next_steps`` may also be a top-level string or array.

:meth:`LedgerDocument.save` writes a changed ledger back into the parsed document in
place (tomlkit), so comments, key order, formatting and unknown keys stay as they were;
a ledger saved unchanged gives back the file byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError, TOMLKitError
from tomlkit.items import (
    AoT,
    Array,
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

from rectikit.ledger.files._values import (
    UNIT_JOIN,
    FieldError,
    amount_value,
    as_amount,
    as_count,
    as_date,
    as_evidence,
    as_optional_text,
    as_paragraphs,
    as_status,
    as_text,
    as_units,
    type_name,
)
from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.files.errors import LedgerError
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.location import Location
from rectikit.model.values import is_blank

__all__ = ["LedgerDocument", "ledger_to_toml", "load_ledger_toml", "parse_ledger_toml"]

#: Keys of each table that map to model fields; any other key goes to ``extra``.
TOP_KEYS = ("inspection", "declared", "finding", "next_steps")
INSPECTION_KEYS = ("title", "inspector", "target", "started", "ended", "feedback", "deadline")
FINDING_KEYS = (
    "id", "title", "category", "owner", "units", "status", "deadline", "source",
    "measure", "target",
)
MEASURE_KEYS = ("id", "text", "owner", "due", "done", "evidence")
TARGET_KEYS = ("name", "goal", "actual", "measured", "start", "due", "unit")
NEXT_STEPS_KEYS = ("text", "items")

_BOM = "\ufeff"


# --------------------------------------------------------------------------------------
# Line numbers: tomlkit keeps none, so the text is scanned for table headers and keys.


@dataclass
class _Block:
    """A table in the text: its header line and the line of each of its keys."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    children: dict[str, list[_Block]] = field(default_factory=dict)

    def at(self, key: str | None = None) -> int:
        """The line of ``key`` in this table, else of the table's header."""
        return self.keys.get(key, self.line) if key is not None else self.line


_KEY_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")
_KEY_TEXT = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY_LINE = re.compile(rf"\s*({_KEY_TEXT}(?:\s*\.\s*{_KEY_TEXT})*)\s*=")
_AOT_HEADER = re.compile(r"\s*\[\[(.*?)\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"\s*\[([^\[].*?)\]\s*(?:#.*)?$")


def _split_key(text: str) -> tuple[str, ...] | None:
    """``finding . "measure"`` -> ``("finding", "measure")``; ``None`` if no key."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _KEY_PART.match(text, pos)
        if not match or not match.group(0).strip():
            return None
        parts.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1


def _advance(line: str, multiline: str | None, depth: int) -> tuple[str | None, int]:
    """The string/bracket state after ``line``: inside which multi-line string (if
    any) and how deep in ``[``/``{`` the next line starts."""
    i, n = 0, len(line)
    while i < n:
        if multiline == '"""':
            if line[i] == "\\":
                i += 2
            elif line.startswith('"""', i):
                i += 3
                while i < n and line[i] == '"':
                    i += 1
                multiline = None
            else:
                i += 1
            continue
        if multiline == "'''":
            end = line.find("'''", i)
            if end < 0:
                return multiline, depth
            i = end + 3
            while i < n and line[i] == "'":
                i += 1
            multiline = None
            continue
        char = line[i]
        if char == "#":
            break
        if char == '"':
            if line.startswith('"""', i):
                multiline, i = '"""', i + 3
                continue
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        if char == "'":
            if line.startswith("'''", i):
                multiline, i = "'''", i + 3
                continue
            end = line.find("'", i + 1)
            i = n if end < 0 else end + 1
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return multiline, depth


class _Lines:
    """Where each table and key of a ledger TOML text is (1-based lines)."""

    def __init__(self, text: str) -> None:
        self.root = _Block(1)
        self.tables: dict[str, _Block] = {}
        self.findings: list[_Block] = []
        current = self.root
        multiline: str | None = None
        depth = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if multiline is None and depth == 0:
                header = _AOT_HEADER.match(line)
                array = header is not None
                header = header or _TABLE_HEADER.match(line)
                if header:
                    path = _split_key(header.group(1))
                    if path:
                        current = self._open(path, array, number)
                    continue
                key = _KEY_LINE.match(line)
                if key:
                    parts = _split_key(key.group(1))
                    if parts:
                        current.keys.setdefault(parts[0], number)
            multiline, depth = _advance(line, multiline, depth)

    def _open(self, path: tuple[str, ...], array: bool, number: int) -> _Block:
        """The block that the keys after header ``path`` (at line ``number``) go to."""
        block = _Block(number)
        head = path[0]
        self.root.keys.setdefault(head, number)
        if len(path) == 1:
            if array and head == "finding":
                self.findings.append(block)
            elif not array:
                block = self.tables.setdefault(head, block)
            return block
        owner = self.findings[-1] if head == "finding" and self.findings else self.tables.get(head)
        if owner is None:
            return block
        owner.keys.setdefault(path[1], number)
        if array and len(path) == 2 and head == "finding":
            owner.children.setdefault(path[1], []).append(block)
        return block

    def table(self, name: str) -> _Block:
        """The block of ``[name]``, else the top-level line of the ``name`` key."""
        block = self.tables.get(name)
        return block if block is not None else _Block(self.root.at(name))

    def finding(self, index: int) -> _Block:
        """The block of the ``index``-th ``[[finding]]``."""
        if index < len(self.findings):
            return self.findings[index]
        return _Block(self.root.at("finding"))

    def child(self, finding: _Block, name: str, index: int) -> _Block:
        """The block of the ``index``-th ``[[finding.<name>]]`` of ``finding``."""
        blocks = finding.children.get(name, [])
        return blocks[index] if index < len(blocks) else _Block(finding.at(name))


# --------------------------------------------------------------------------------------
# Loading


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
            raise self.fail(
                block.at(key), f"{prefix}{key} must be an array of tables ([[{key}]])"
            )
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
            raise self.fail(block.at(key), f"{what}: {key} must be a string, not "
                            f"{type_name(value)}")
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


# --------------------------------------------------------------------------------------
# Writing: values, fresh tables, and the in-place merge


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


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type, all the way down (``1`` is not ``True``)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


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


def _new_table(fields: Sequence[tuple[str, Any]], extra: Mapping[str, Any],
               known: Iterable[str]) -> Table:
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
        [("id", measure.id), ("text", measure.text), ("owner", measure.owner),
         ("due", measure.due), ("done", measure.done), ("evidence", measure.evidence)],
        measure.extra, MEASURE_KEYS,
    )
    return _indent_table(table, *style.nested)


def _target_table(target: Target, style: _Style) -> Table:
    table = _new_table(
        [("name", target.name), ("goal", target.goal), ("actual", target.actual),
         ("measured", target.measured), ("start", target.start), ("due", target.due),
         ("unit", target.unit)],
        target.extra, TARGET_KEYS,
    )
    return _indent_table(table, *style.nested)


def _finding_table(finding: Finding, style: _Style) -> Table:
    status = style.status(finding.status) if finding.status is not None else None
    table = _new_table(
        [("id", finding.id), ("title", finding.title), ("category", finding.category),
         ("owner", finding.owner), ("units", finding.units), ("status", status),
         ("deadline", finding.deadline), ("source", finding.source)],
        finding.extra, FINDING_KEYS,
    )
    _indent_table(table, *style.finding)
    if finding.measures:
        table.add("measure", AoT([_measure_table(m, style) for m in finding.measures],
                                 parsed=True))
    if finding.targets:
        table.add("target", AoT([_target_table(t, style) for t in finding.targets],
                                parsed=True))
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
    doc.add("inspection", _new_table(
        [(key, getattr(ins, key)) for key in INSPECTION_KEYS], ins.extra, INSPECTION_KEYS
    ))
    if ledger.declared:
        doc.add("declared", _new_table(list(ledger.declared.items()), {}, ()))
    if ledger.findings:
        doc.add("finding", AoT([_finding_table(f, style) for f in ledger.findings],
                               parsed=True))
    if ledger.next_steps:
        table = tomlkit.table()
        table.add("text", _next_steps_text(ledger.next_steps))
        table.add(tomlkit.nl())
        doc.add("next_steps", table)
    for key, value in _table_items(ledger.extra, TOP_KEYS):
        doc.add(key, _extra_table(value))
    return doc.as_string().rstrip("\n") + "\n"


def _inline(value: Any) -> Any:
    """A plain value for an inline array: tables as inline tables, all the way down."""
    if isinstance(value, Mapping):
        table = tomlkit.inline_table()
        for key, item in value.items():
            table.append(key, _inline(item))
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for item in value:
            array.append(_inline(item))
        return array
    return value


def _ends_blank(text: str) -> bool:
    return text.replace("\r\n", "\n").endswith("\n\n")


class _Merger:
    """Writes the differences between two ledgers into a tomlkit document in place."""

    def __init__(self, document: TOMLDocument, display: str) -> None:
        self.doc = document
        self.display = display
        self.style = self._discover_style()

    # --- style of the existing document

    def _discover_style(self) -> _Style:
        style = _Style()
        findings = self.doc.get("finding")
        if not isinstance(findings, AoT) or not findings:
            return style
        first = findings[0]
        style.finding = (first.trivia.indent.rsplit("\n", 1)[-1], _key_indent(first) or "")
        statuses = [t.get("status") for t in findings if isinstance(t.get("status"), str)]
        style.chinese = bool(statuses) and not str(statuses[0]).isascii()
        for table in findings:
            for name in ("measure", "target"):
                nested = table.get(name)
                if isinstance(nested, AoT) and nested:
                    header = nested[0].trivia.indent.rsplit("\n", 1)[-1]
                    style.nested = (header, _key_indent(nested[0]) or header)
                    return style
        return style

    # --- single values

    def put(self, table: Any, key: str, value: Any) -> None:
        """Set ``key`` (keeping its comment and indentation, or indenting a new key
        like its siblings)."""
        value = _toml_value(value)
        if key in table:
            table[key] = value
            return
        indent = _key_indent(table) if isinstance(table, (Table, TOMLDocument)) else None
        table[key] = value
        if indent:
            container = table if isinstance(table, TOMLDocument) else table.value
            item = container.item(key)
            if _is_plain(item):
                item.trivia.indent = indent

    def field(self, table: Any, key: str, old: Any, new: Any) -> None:
        if _same(old, new) or (isinstance(old, Decimal) and old == new):
            return
        if _empty(new):
            if key in table:
                del table[key]
            return
        self.put(table, key, new)

    def extras(self, table: Any, old: Mapping[str, Any], new: Mapping[str, Any],
               known: Iterable[str]) -> None:
        known = set(known)
        for key in old:
            if key not in new and key in table and key not in known:
                del table[key]
        for key, value in new.items():
            if key in known or (key in old and _same(old[key], value)):
                continue
            self.put(table, key, value)

    def subtable(self, key: str) -> Any:
        """The top-level table ``key``, made (at the end) when missing."""
        if key not in self.doc:
            table = tomlkit.table()
            if not _ends_blank(self.doc.as_string()):
                table.trivia.indent = "\n"
            self.doc.add(key, table)
        return self.doc[key]

    def drop_if_empty(self, key: str) -> None:
        table = self.doc.get(key)
        if isinstance(table, (Table, InlineTable)) and not table:
            del self.doc[key]

    # --- the ledger

    def merge(self, old: Ledger, new: Ledger) -> None:
        self.extras(self.doc, old.extra, new.extra, TOP_KEYS)
        self.inspection(old.inspection, new.inspection)
        if dict(old.declared) != dict(new.declared):
            table = self.subtable("declared")
            for key in old.declared:
                if key not in new.declared and key in table:
                    del table[key]
            for key, value in new.declared.items():
                self.field(table, key, old.declared.get(key), value)
            self.drop_if_empty("declared")
        self.items(self.doc, "finding", old.findings, new.findings, _finding_key,
                   self.finding, _finding_table)
        self.next_steps(old.next_steps, new.next_steps)

    def inspection(self, old: Inspection, new: Inspection) -> None:
        changed = [k for k in INSPECTION_KEYS if not _same(getattr(old, k), getattr(new, k))]
        if not changed and _same(dict(old.extra), dict(new.extra)):
            return
        table = self.subtable("inspection")
        for key in changed:
            self.field(table, key, getattr(old, key), getattr(new, key))
        self.extras(table, old.extra, new.extra, INSPECTION_KEYS)

    def next_steps(self, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        if old == new:
            return
        current = self.doc.get("next_steps")
        if current is not None and not isinstance(current, (Table, InlineTable)):
            if not new:
                del self.doc["next_steps"]
            elif isinstance(current, str):
                self.doc["next_steps"] = _next_steps_text(new)
            else:
                self.doc["next_steps"] = list(new)
            return
        table = self.subtable("next_steps")
        key = "items" if "items" in table else "text"
        if not new:
            if key in table:
                del table[key]
            self.drop_if_empty("next_steps")
        elif key == "items":
            self.put(table, key, list(new))
        else:
            self.put(table, key, _next_steps_text(new))

    def finding(self, table: Table, old: Finding, new: Finding) -> None:
        for key in ("title", "category", "owner", "deadline", "source"):
            self.field(table, key, getattr(old, key), getattr(new, key))
        if old.units != new.units:
            as_string = isinstance(table.get("units"), str) and new.units
            self.field(table, "units", old.units,
                       UNIT_JOIN.join(new.units) if as_string else new.units)
        if old.status != new.status:
            if new.status is None:
                self.field(table, "status", old.status, None)
            else:
                raw = table.get("status")
                chinese = not str(raw).isascii() if isinstance(raw, str) else self.style.chinese
                self.put(table, "status", new.status.label if chinese else new.status.value)
        self.extras(table, old.extra, new.extra, FINDING_KEYS)
        self.items(table, "measure", old.measures, new.measures, _measure_key,
                   self.measure, _measure_table)
        self.items(table, "target", old.targets, new.targets, _target_keys,
                   self.target, _target_table)

    def measure(self, table: Table, old: Measure, new: Measure) -> None:
        for key in ("text", "owner", "due", "done"):
            self.field(table, key, getattr(old, key), getattr(new, key))
        if old.evidence != new.evidence:
            single = isinstance(table.get("evidence"), str) and len(new.evidence) == 1
            self.field(table, "evidence", old.evidence, new.evidence[0] if single else
                       new.evidence)
        self.extras(table, old.extra, new.extra, MEASURE_KEYS)

    def target(self, table: Table, old: Target, new: Target) -> None:
        for key in TARGET_KEYS[1:]:
            self.field(table, key, getattr(old, key), getattr(new, key))
        self.extras(table, old.extra, new.extra, TARGET_KEYS)

    # --- arrays of tables

    def items(
        self,
        parent: Any,
        key: str,
        old: Sequence[Any],
        new: Sequence[Any],
        keys: Callable[[Sequence[Any]], list[Any]],
        update: Callable[[Any, Any, Any], None],
        build: Callable[[Any, _Style], Table],
    ) -> None:
        """Match ``old`` (entry ``i`` of ``parent[key]`` is ``old[i]``) to ``new`` by
        key; delete, update, append and reorder the entries to match ``new``."""
        old_keys, new_keys = keys(old), keys(new)
        wanted = set(new_keys)
        entries = parent.get(key)
        kept: dict[Any, tuple[Any, Any]] = {}
        if entries is not None:
            for index in reversed(range(len(old_keys))):
                if old_keys[index] not in wanted:
                    del entries[index]
            kept = {k: (entries[i], o) for i, (k, o) in
                    enumerate((k, o) for k, o in zip(old_keys, old, strict=True) if k in wanted)}
        for item_key, item in zip(new_keys, new, strict=True):
            if item_key in kept:
                table, before = kept[item_key]
                update(table, before, item)
        order = [k for k in old_keys if k in wanted]
        for item_key, item in zip(new_keys, new, strict=True):
            if item_key in kept:
                continue
            table = build(item, self.style)
            entries = parent.get(key)
            if isinstance(entries, Array):  # an inline array of inline tables
                entries.append(_inline(table.unwrap()))
            elif entries is not None:
                if entries and not _ends_blank(entries[-1].as_string()):
                    table.trivia.indent = "\n" + table.trivia.indent
                entries.append(table)
            else:
                if not _ends_blank(parent.as_string()):
                    table.trivia.indent = "\n" + table.trivia.indent
                parent[key] = AoT([table], parsed=True)
            order.append(item_key)
        entries = parent.get(key)
        if entries is None:
            return
        if not entries:
            del parent[key]
        elif order != new_keys:
            by_key = dict(zip(order, list(entries), strict=True))
            del entries[:]
            for item_key in new_keys:
                entries.append(by_key[item_key])


def _finding_key(items: Sequence[Finding]) -> list[str]:
    return [f.id for f in items]


def _measure_key(items: Sequence[Measure]) -> list[str]:
    return [m.id for m in items]


def _target_keys(items: Sequence[Target]) -> list[tuple[str, int]]:
    """Targets have no id: the name and its occurrence number identify one."""
    seen: dict[str, int] = {}
    out = []
    for target in items:
        seen[target.name] = seen.get(target.name, 0) + 1
        out.append((target.name, seen[target.name]))
    return out


# --------------------------------------------------------------------------------------
# The public API


class LedgerDocument:
    """A ledger loaded from TOML together with its tomlkit document.

    Attributes:
        ledger: the model, as loaded (or as last saved).
        document: the tomlkit document (comments, order and formatting included).
        display: the file name used in messages and locations.
    """

    def __init__(self, document: TOMLDocument, ledger: Ledger, display: str, *,
                 original: str = "") -> None:
        self.document = document
        self.ledger = ledger
        self.display = display
        self._bom = original.startswith(_BOM)
        self._original = original.removeprefix(_BOM)
        # Until a change is merged in, the text is the file's own, byte for byte (tomlkit
        # does not render every document exactly as it parsed it).
        self._pristine = True

    def update(self, ledger: Ledger) -> None:
        """Write ``ledger`` into :attr:`document` in place: changed values updated,
        new findings/measures/targets appended, deleted ones removed; comments, key
        order, formatting and unknown keys untouched. :attr:`ledger` becomes
        ``ledger`` re-read from the document (with fresh locations)."""
        _check_unique(ledger, self.display)
        before = self.document.as_string()
        _Merger(self.document, self.display).merge(self.ledger, ledger)
        if self.document.as_string() != before:
            self._pristine = False
        self.ledger = _model(self.document, self.to_string(), self.display)

    def to_string(self) -> str:
        """The document's text (line endings as the file had them)."""
        if self._pristine:
            return self._original
        text = self.document.as_string()
        original = self._original
        if "\r\n" in original and "\n" in text.replace("\r\n", ""):
            text = re.sub(r"(?<!\r)\n", "\r\n", text)
        if text != original and _ends_blank(text) and not _ends_blank(original):
            newline = "\r\n" if "\r\n" in original else "\n"
            text = text.rstrip("\r\n") + newline
        return text

    def save(self, path: Path, ledger: Ledger | None = None) -> None:
        """Update the document with ``ledger`` (default: :attr:`ledger`) and write it
        to ``path`` atomically, keeping the previous file as ``<name>.bak``."""
        if ledger is not None:
            self.update(ledger)
        text = self.to_string()
        atomic_write_bytes(Path(path), ((_BOM if self._bom else "") + text).encode("utf-8"))
        self._original = text
        self._pristine = True

    def __repr__(self) -> str:
        return f"<LedgerDocument {self.display!r}: {len(self.ledger.findings)} findings>"


def parse_ledger_toml(text: str, display: str = "<string>") -> LedgerDocument:
    """A :class:`LedgerDocument` from TOML text; :class:`LedgerError` for bad input."""
    body = text.removeprefix(_BOM)
    document = _parse(body, display)
    return LedgerDocument(document, _model(document, body, display), display, original=text)


def load_ledger_toml(path: Path, display: str | None = None) -> LedgerDocument:
    """Load a TOML ledger; ``display`` (default: the path as given) names it in
    messages and locations.

    Raises:
        LedgerError: unreadable file, invalid TOML, or a structural problem (finding
            without id, duplicate ids, a value of the wrong type, unknown status),
            with the line.
    """
    path = Path(path)
    display = str(path) if display is None else display
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"cannot read: {exc.strerror or exc}", file=display) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError(f"not UTF-8 text (byte {exc.start})", file=display) from None
    return parse_ledger_toml(text, display)

