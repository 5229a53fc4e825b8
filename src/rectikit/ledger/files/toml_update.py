"""Updating a ledger TOML in place: the differences between the ledger as loaded and an
evolved one are merged into the tomlkit document, so comments, key order, formatting
and unknown keys stay as they were."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from rectikit.ledger.files._values import UNIT_JOIN
from rectikit.ledger.files.toml_layout import (
    FINDING_KEYS,
    INSPECTION_KEYS,
    MEASURE_KEYS,
    TARGET_KEYS,
    TOP_KEYS,
)
from rectikit.ledger.files.toml_write import (
    _empty,
    _finding_table,
    _is_plain,
    _key_indent,
    _measure_table,
    _next_steps_text,
    _Style,
    _target_table,
    _toml_value,
    notes_array,
)
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Target


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type, all the way down (``1`` is not ``True``)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


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

    def extras(
        self, table: Any, old: Mapping[str, Any], new: Mapping[str, Any], known: Iterable[str]
    ) -> None:
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
        self.items(
            self.doc,
            "finding",
            old.findings,
            new.findings,
            _finding_key,
            self.finding,
            _finding_table,
        )
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
            self.field(
                table, "units", old.units, UNIT_JOIN.join(new.units) if as_string else new.units
            )
        if old.notes != new.notes:
            single = isinstance(table.get("notes"), str) and len(new.notes) == 1
            notes = new.notes[0] if single else notes_array(new.notes)
            self.field(table, "notes", old.notes, notes)
        if old.status != new.status:
            if new.status is None:
                self.field(table, "status", old.status, None)
            else:
                raw = table.get("status")
                chinese = not str(raw).isascii() if isinstance(raw, str) else self.style.chinese
                self.put(table, "status", new.status.label if chinese else new.status.value)
        self.extras(table, old.extra, new.extra, FINDING_KEYS)
        self.items(
            table, "measure", old.measures, new.measures, _measure_key, self.measure, _measure_table
        )
        self.items(
            table, "target", old.targets, new.targets, _target_keys, self.target, _target_table
        )

    def measure(self, table: Table, old: Measure, new: Measure) -> None:
        for key in ("text", "owner", "due", "done"):
            self.field(table, key, getattr(old, key), getattr(new, key))
        if old.evidence != new.evidence:
            single = isinstance(table.get("evidence"), str) and len(new.evidence) == 1
            self.field(table, "evidence", old.evidence, new.evidence[0] if single else new.evidence)
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
            kept = {
                k: (entries[i], o)
                for i, (k, o) in enumerate(
                    (k, o) for k, o in zip(old_keys, old, strict=True) if k in wanted
                )
            }
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
