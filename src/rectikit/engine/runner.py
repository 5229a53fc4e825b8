"""The check engine: read each kind once, feed every selected check, collect violations.

The engine does not dispatch through pluggy per record: hooks only register kinds,
packs and checks (see :mod:`rectikit.plugins`). A check that raises is reported and
disabled; one bad row or file never stops the run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from rectikit.checks.base import Breach, Check, CheckContext
from rectikit.engine.config import Config
from rectikit.engine.packs import Rule
from rectikit.engine.registry import Registry
from rectikit.engine.result import CheckResult
from rectikit.engine.settings import (
    check_severity_codes,
    effective_severity,
    resolve_params,
    select_rules,
    unknown_selectors,
    validate_kinds,
)
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.values import format_amount
from rectikit.model.violation import Violation
from rectikit.readers.dataset import KindNames, iter_dataset_files, map_file
from rectikit.readers.diagnostics import Diagnostic, diag
from rectikit.readers.formats import READERS, RawTable, ReadError
from rectikit.readers.records import HeaderIndex, TableConverter

#: A progress callback: ``(file, rows read so far in it)``.
Progress = Callable[[str, int], None]

#: How often (in rows) the progress callback hears about a long table.
PROGRESS_EVERY = 5000

#: Spreadsheet suffixes: a workbook named after a kind is read from its first sheet.
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def format_value(value: Any) -> str:
    """A value as a message shows it: amounts ``52,000.00``, dates ISO."""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    return str(value)


def detail_value(value: Any) -> str:
    """A value as ``details`` reports it: exact, unformatted (``52000.00``)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(detail_value(v) for v in value)
    return str(value)


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill a message template; unknown fields stay as written."""
    fields = _Fields({k: format_value(v) for k, v in values.items()})
    try:
        return template.format_map(fields)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


@attrs.frozen(slots=True)
class Document:
    """A file of a document kind, read whole by the kind's loader (not as a table)."""

    path: Path
    file: str


class _ActiveCheck:
    """A check instance with its rule, what it reads, and what it found so far."""

    def __init__(self, check: Check, rule: Rule, kinds: tuple[str, ...], optional: tuple[str, ...]):
        self.check = check
        self.rule = rule
        self.kinds = kinds
        self.optional = optional
        self.breaches: list[Breach] = []
        self.failed: str | None = None


class Engine:
    """One check run over one dataset.

    Args:
        registry: what the plugins provide.
        config: the configuration (CLI options already merged).
        as_of: the evaluation date.
        since: the evaluation window start.
        exclude: files that are never data (config, waivers, baselines).
        progress: called as ``progress(file, rows_read)`` when a table starts and every
            :data:`PROGRESS_EVERY` rows, for front ends that show progress.
    """

    def __init__(
        self,
        registry: Registry,
        config: Config,
        *,
        as_of: date,
        since: date,
        exclude: Sequence[Path] = (),
        progress: Progress | None = None,
    ) -> None:
        self.progress = progress
        self.registry = registry
        self.config = config
        self.as_of = as_of
        self.since = since
        self.exclude = [*exclude, *([config.path] if config.path else [])]
        self.lang = config.lang
        self.warnings: list[str] = list(registry.problems)
        self.kind_names = KindNames(registry.kinds.values())
        self.file_map = validate_kinds(registry.kinds, config, self.kind_names.lookup)
        check_severity_codes(registry.rules, config, self.warnings)
        for selector in unknown_selectors(
            registry.rules, (*(config.select or ()), *config.ignore, *config.extend_select)
        ):
            self.warnings.append(f"'{selector}' matches no known rule")
        self.selected = select_rules(
            registry.rules,
            select=config.select,
            ignore=config.ignore,
            extend_select=config.extend_select,
        )
        self.params = resolve_params(registry.rules, config, self.warnings)
        self.readers = {**READERS, **registry.readers}
        self.indexes = {name: HeaderIndex(schema) for name, schema in registry.kinds.items()}

    # -- setting up -----------------------------------------------------------------

    def _activate(self, notes: list[Violation], not_run: dict[str, str]) -> list[_ActiveCheck]:
        active = []
        for code in sorted(self.selected):
            rule = self.registry.rules[code]
            classes = self.registry.checks.get(code, [])
            if not classes:
                if not code.startswith(("DAT", "CFG")):
                    not_run[code] = "no check installed for this rule"
                continue
            params = self.params[code]
            unset = [name for name, value in params.items() if value is None]
            if unset:
                not_run[code] = f"parameter {', '.join(unset)} not set"
                if "CFG001" in self.selected or "CFG001" not in self.registry.rules:
                    notes.append(self._inactive(rule, unset))
                continue
            context = CheckContext(rule=rule, params=params, as_of=self.as_of, since=self.since)
            for cls in classes:
                try:
                    check = cls(context)
                except Exception as exc:
                    reason = f"check failed to start: {type(exc).__name__}: {exc}"
                    not_run[code] = reason
                    self.warnings.append(
                        f"check {code} ({cls.__name__}, from {rule.source}): {reason}"
                    )
                    active = [item for item in active if item.rule.code != code]
                    break
                kinds = tuple(getattr(cls, "kinds", ()) or rule.kinds)
                active.append(_ActiveCheck(check, rule, kinds, tuple(cls.optional_kinds)))
        return active

    def _inactive(self, rule: Rule, unset: list[str]) -> Violation:
        cfg = self.registry.rules.get("CFG001")
        names = ", ".join(unset)
        message = {
            "zh": f"规则 {rule.code} 未启用：参数 {names} 未配置（在 [params.{rule.code}] 中设置）",
            "en": f"rule {rule.code} is inactive: parameter {names} is not set "
            f"(set it under [params.{rule.code}])",
        }
        return Violation(
            code="CFG001",
            name=cfg.name if cfg else "rule-inactive",
            severity=effective_severity(cfg, self.config) if cfg else Severity.INFO,
            kind=None,
            subject=rule.code,
            message=message.get(self.lang, message["zh"]),
            location=Location(Path(self.config.path).name if self.config.path else "rectikit.toml"),
            citation=cfg.citation if cfg else "",
            details={"rule": rule.code, "params": names},
        )

    # -- reading --------------------------------------------------------------------

    def _tables(
        self, paths: Sequence[Path], sink: list[Diagnostic], files: dict[str, str]
    ) -> Iterator[tuple[str, RawTable | Document]]:
        """Every (kind, table) of the dataset, with DAT001/DAT005 for what cannot be used."""
        for path, display in iter_dataset_files(paths, self.exclude, self.config.exclude):
            data_file = map_file(path, display, self.kind_names, self.file_map)
            suffix = path.suffix.lower()
            schema = self.registry.kinds.get(data_file.kind) if data_file.kind else None
            if schema is not None and schema.loader is not None:
                files[display] = data_file.kind or "-"
                yield data_file.kind, Document(path, display)
                continue
            reader = self.readers.get(suffix)
            if reader is None:
                if data_file.kind is not None or suffix == ".xls":
                    files[display] = data_file.kind or "-"
                    sink.append(_unsupported(display, suffix, data_file.kind))
                else:
                    files[display] = "-"
                    sink.append(_unmapped(display, None))
                continue
            files[display] = data_file.kind or "-"
            try:
                if data_file.kind is not None and path.stat().st_size == 0:
                    # an empty file of any format (talks.json, 0 bytes) makes its kind present
                    yield data_file.kind, RawTable(file=display, sheet=None, headers=(), rows=())
                    continue
                tables = reader(path, display, encoding=self.config.encoding)
                if data_file.kind is not None:
                    table, tables = self._pick_table(tables, data_file.kind, suffix)
                    if table is None:
                        sink.append(_empty(display, data_file.kind))
                        continue
                    yield data_file.kind, table
                else:
                    mapped = []
                    for table in tables:
                        kind = self.kind_names.lookup(table.sheet)
                        if kind is None:
                            sink.append(_unmapped(display, table.sheet))
                            continue
                        mapped.append(kind)
                        yield kind, table
                    if not mapped and not any(d.location.file == display for d in sink):
                        sink.append(_unmapped(display, None))
                    if mapped:
                        files[display] = ",".join(dict.fromkeys(mapped))
            except ReadError as exc:
                sink.append(_unreadable(display, str(exc)))
            except OSError as exc:
                sink.append(_unreadable(display, exc.strerror or str(exc)))

    def _pick_table(
        self, tables: Iterable[RawTable], kind: str, suffix: str
    ) -> tuple[RawTable | None, Iterator[RawTable]]:
        """The table to read from a file whose name gives its kind, with the iterator it
        came from (keep that alive while the rows are read: readers stream).

        DATA.md: a workbook is read from its first sheet. A JSON or TOML file holding
        several keyed lists (``[[procurement]]``) is read from the list named after the
        kind, else its first; those are in memory, so passing over tables is safe.
        """
        source = iter(tables)
        first = next(source, None)
        if first is None or suffix in _WORKBOOK_SUFFIXES or first.sheet is None:
            return first, source
        if self.kind_names.lookup(first.sheet) == kind:
            return first, source
        for table in source:
            if self.kind_names.lookup(table.sheet) == kind:
                return table, source
        return first, source

    def _records(
        self,
        paths: Sequence[Path],
        sink: list[Diagnostic],
        files: dict[str, str],
        present: set[str],
    ) -> Iterator[tuple[str, Any]]:
        """Every ``(kind, record)`` of the dataset, noting the kinds present."""
        seen_keys: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
        for kind, table in self._tables(paths, sink, files):
            if isinstance(table, Document):
                yield from self._document(kind, table, sink, present)
                continue
            if not table.headers:  # an empty file: the kind is present, with no records
                present.add(kind)
                continue
            try:  # reading rows may fail at any point, the header search included
                converter = TableConverter(table, self.indexes[kind], sink.append, seen_keys[kind])
                if not converter.ok:
                    continue
                present.add(kind)
                progress = self.progress
                if progress is not None:
                    progress(table.file, 0)
                for count, record in enumerate(converter.records(), start=1):
                    if progress is not None and count % PROGRESS_EVERY == 0:
                        progress(table.file, count)
                    yield kind, record
            except ReadError as exc:
                sink.append(_unreadable(table.file, str(exc)))

    def _document(
        self, kind: str, document: Document, sink: list[Diagnostic], present: set[str]
    ) -> Iterator[tuple[str, Any]]:
        """The records of a document kind's file (a ledger), read by its loader."""
        loader = self.registry.kinds[kind].loader
        assert loader is not None
        try:
            records = list(loader(document.path, document.file))
        except ReadError as exc:
            sink.append(_unreadable(document.file, str(exc)))
            return
        except OSError as exc:
            sink.append(_unreadable(document.file, exc.strerror or str(exc)))
            return
        present.add(kind)
        for record in records:
            yield kind, record

    def iter_records(self, paths: Sequence[Path]) -> Iterator[tuple[str, Any]]:
        """Every ``(kind, record)`` of the dataset (diagnostics dropped)."""
        yield from self._records(paths, [], {}, set())

    # -- running --------------------------------------------------------------------

    def run(self, paths: Sequence[Path]) -> CheckResult:
        """Read the dataset under ``paths`` once and run every selected check."""
        notes: list[Violation] = []
        not_run: dict[str, str] = {}
        active = self._activate(notes, not_run)
        feeds: dict[str, list[tuple[_ActiveCheck, frozenset[str]]]] = defaultdict(list)
        for item in active:
            for kind in (*item.kinds, *item.optional):
                feeds[kind].append((item, item.check.needs.get(kind, frozenset())))
        sink: list[Diagnostic] = []
        files: dict[str, str] = {}
        present: set[str] = set()
        records = 0
        for kind, record in self._records(paths, sink, files, present):
            records += 1
            for item, need in feeds.get(kind, ()):
                if item.failed is not None:
                    continue
                if record.invalid and not need.isdisjoint(record.invalid):
                    continue
                try:
                    found = item.check.feed(kind, record)
                    if found:
                        item.breaches.extend(found)
                except Exception as exc:
                    self._fail(item, exc)
        violations = list(notes)
        run_codes = set()
        by_code: dict[str, list[_ActiveCheck]] = defaultdict(list)
        for item in active:
            by_code[item.rule.code].append(item)
        for code, items in by_code.items():
            missing = sorted({k for item in items for k in item.kinds if k not in present})
            if missing:
                if not code.startswith(("DAT", "CFG")):
                    not_run[code] = "no " + ", ".join(missing) + " file"
                continue
            for item in items:
                item.check.present_kinds = frozenset(present)
                self._step(item, item.check.finish)
            failed = [item.failed for item in items if item.failed]
            if failed:  # a broken check reports nothing rather than half its findings
                not_run[code] = failed[0]
                continue
            run_codes.add(code)
            for item in items:
                violations.extend(self._violation(item.rule, b) for b in item.breaches)
        data_errors = [self._diagnostic(d) for d in sink]
        data_errors = [d for d in data_errors if d is not None]
        dat_violations = [v for v in violations if v.is_data_error]
        violations = [v for v in violations if not v.is_data_error]
        return CheckResult(
            as_of=self.as_of,
            since=self.since,
            records=records,
            violations=tuple(sorted(violations, key=Violation.sort_key)),
            data_errors=tuple(sorted([*data_errors, *dat_violations], key=Violation.sort_key)),
            not_run=not_run,
            rules_run=tuple(sorted(run_codes)),
            files=files,
            warnings=tuple(self.warnings),
            titles={
                code: rule.text("title", self.lang) for code, rule in self.registry.rules.items()
            },
        )

    def _step(self, item: _ActiveCheck, step: Any) -> None:
        if item.failed is not None:
            return
        try:
            item.breaches.extend(step())
        except Exception as exc:
            self._fail(item, exc)

    def _fail(self, item: _ActiveCheck, exc: Exception) -> None:
        """Disable a check that raised, and say so in one line."""
        item.failed = f"check failed: {type(exc).__name__}: {exc}"
        self.warnings.append(
            f"check {item.rule.code} ({type(item.check).__name__}, from {item.rule.source}) "
            f"failed and was disabled: {type(exc).__name__}: {exc}"
        )

    # -- building violations --------------------------------------------------------

    def _violation(self, rule: Rule, breach: Breach) -> Violation:
        values = {**{k: v for k, v in self.params[rule.code].items()}, **breach.values}
        severity = breach.severity or effective_severity(rule, self.config)
        details = {
            k: detail_value(v) for k, v in breach.values.items() if not k.endswith(("_zh", "_en"))
        }
        return Violation(
            code=rule.code,
            name=rule.name,
            severity=severity,
            kind=breach.kind or (rule.kinds[0] if rule.kinds else None),
            subject=breach.subject,
            message=render(rule.text("message", self.lang), values),
            location=breach.location,
            citation=rule.citation,
            details=details,
        )

    def _diagnostic(self, item: Diagnostic) -> Violation | None:
        if item.code not in self.selected and item.code in self.registry.rules:
            return None
        rule = self.registry.rules.get(item.code)
        severity = effective_severity(rule, self.config) if rule else Severity.ERROR
        return Violation(
            code=item.code,
            name=rule.name if rule else item.code,
            severity=severity,
            kind=item.kind,
            subject=item.subject,
            message=item.message.get(self.lang) or item.message["zh"],
            location=item.location,
            citation=rule.citation if rule else "",
        )


def _unreadable(display: str, reason: str) -> Diagnostic:
    return diag(
        "DAT001", Location(display), f"文件无法读取：{reason}", f"cannot read file: {reason}"
    )


def _unsupported(display: str, suffix: str, kind: str | None) -> Diagnostic:
    if suffix == ".xls":
        zh = "不支持旧版 .xls 工作簿，请另存为 .xlsx"
        en = "old .xls workbooks are not supported; save as .xlsx"
    else:
        zh = f"不支持的文件格式“{suffix or '（无扩展名）'}”（支持 csv、tsv、json、toml、xlsx）"
        en = f"unsupported file format '{suffix}' (csv, tsv, json, toml, xlsx are read)"
    return diag("DAT001", Location(display), zh, en, kind=kind)


def _unmapped(display: str, sheet: str | None) -> Diagnostic:
    if sheet is None:
        zh = "文件未对应任何台账类型，已跳过（可用文件名或 rectikit.toml 的 [files] 指定）"
        en = "file maps to no record kind; skipped (rename it or map it under [files])"
    else:
        zh = f"工作表“{sheet}”未对应任何台账类型，已跳过"
        en = f"sheet '{sheet}' maps to no record kind; skipped"
    return diag("DAT005", Location(display, sheet=sheet), zh, en)


def _empty(display: str, kind: str) -> Diagnostic:
    return diag(
        "DAT001",
        Location(display),
        "文件中没有可读取的表格",
        "file holds no table to read",
        kind=kind,
    )
