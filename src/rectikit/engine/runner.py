"""The check engine: read each kind once, feed every selected check, collect violations.

The engine does not dispatch through pluggy per record: hooks only register kinds,
packs and checks (see :mod:`rectikit.plugins`). A check that raises is reported and
disabled; one bad row or file never stops the run.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rectikit.checks.base import Breach, Check, CheckContext, RecordCheck
from rectikit.engine import spool
from rectikit.engine.allocator import fix_mmap_threshold
from rectikit.engine.config import Config
from rectikit.engine.encodings import decodes_in_parts
from rectikit.engine.gcpause import gc_paused
from rectikit.engine.groups import Reading, run_groups
from rectikit.engine.isolation import engine_isolation
from rectikit.engine.messages import Template, detail_value, format_value, render
from rectikit.engine.packs import Rule
from rectikit.engine.reading import DatasetReader, Document, Progress, TableStream
from rectikit.engine.registry import Registry
from rectikit.engine.result import CheckResult
from rectikit.engine.settings import (
    ENGINE_JUDGED_PREFIXES,
    check_severity_codes,
    effective_severity,
    resolve_timelines,
    select_rules,
    unknown_selectors,
)
from rectikit.engine.sharding import can_fork, default_jobs, feed_table
from rectikit.engine.spool import Run, Spool, SpooledViolations
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.readers.diagnostics import Diagnostic


class _ActiveCheck:
    """A check instance with its rule, what it reads, and what it found so far."""

    def __init__(self, check: Check, rule: Rule, kinds: tuple[str, ...], optional: tuple[str, ...]):
        self.check = check
        self.rule = rule
        self.kinds = kinds
        self.optional = optional
        self.breaches: list[Breach] = []
        self.spooled: list[Run] = []  # violations set aside on disk (see spool)
        self.built: list[Violation] = []  # data diagnostics built while spooling
        self.failed: str | None = None


#: A check fed a kind: the check, the fields it needs, the callable taking a record.
_Feed = tuple[_ActiveCheck, frozenset[str], Any]


def _ours(thing: Any) -> bool:
    """Whether a class or function is rectikit's own."""
    return getattr(thing, "__module__", "").partition(".")[0] == "rectikit"


def _feeder(check: Check, kind: str) -> Any:
    """The callable taking one record of ``kind``: a record check's own ``check`` when it
    keeps the base ``feed`` (one call less per record), else ``feed`` bound to the kind."""
    if isinstance(check, RecordCheck) and type(check).feed is RecordCheck.feed:
        return check.check
    return functools.partial(check.feed, kind)


class Engine:
    """One check run over one dataset.

    Args:
        registry: what the plugins provide.
        config: the configuration (CLI options already merged).
        as_of: the evaluation date.
        since: the evaluation window start.
        exclude: files that are never data (config, waivers, baselines).
        progress: called as ``progress(file, rows_read)`` when a table starts and every
            :data:`~rectikit.engine.reading.PROGRESS_EVERY` rows.
        jobs: how many processes the run may use: groups of unrelated kinds at once
            (:mod:`rectikit.engine.groups`), one big table in byte ranges
            (:mod:`rectikit.engine.sharding`); default ``RECTIKIT_JOBS`` or the cores.
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
        jobs: int | None = None,
    ) -> None:
        self.registry = registry
        self.config = config
        self.as_of = as_of
        self.since = since
        self.lang = config.lang
        self.warnings: list[str] = list(registry.problems)
        self.jobs = default_jobs(self.warnings) if jobs is None else max(1, jobs)
        if not can_fork():  # Windows, macOS: every table in one process
            self.jobs = 1
        self.reader = DatasetReader(
            registry,
            config,
            exclude=[*exclude, *([config.path] if config.path else [])],
            progress=progress,
        )
        self.reader.decodes = decodes_in_parts(lambda: self.jobs)
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
        self.timelines = resolve_timelines(registry.rules, config, self.warnings)
        #: where violations are set aside on disk (see :mod:`rectikit.engine.spool`)
        self.spool = Spool()
        self._spool_failed = False  # no room on disk: breaches stay in memory
        #: the runs of violations on disk of the checks judged (see :meth:`judge`)
        self.runs: list[Run] = []
        #: per rule: its message template, severity, kind and parameters on ``as_of``
        self._templates: dict[str, tuple[Template, Severity, str | None, Any]] = {}
        self.isolation = engine_isolation(registry, config, self.timelines, as_of)
        #: called once :meth:`run` has read what the main process reads and forked every
        #: process it forks to read (work for a background thread, see
        #: :mod:`rectikit.engine.background`, such as the manifest's digests)
        self.after_reading: Callable[[], None] | None = None

    # -- setting up -----------------------------------------------------------------

    def _activate(
        self, inactive: list[tuple[Rule, list[str]]], not_run: dict[str, str]
    ) -> list[_ActiveCheck]:
        active = []
        shared: dict[Any, Any] = {}  # CheckContext.shared: one for the run
        for code in sorted(self.selected):
            rule = self.registry.rules[code]
            classes = self.registry.checks.get(code, [])
            if not classes:
                if not code.startswith(ENGINE_JUDGED_PREFIXES):
                    not_run[code] = "no check installed for this rule"
                continue
            timeline = self.timelines[code]
            unset = timeline.unset()
            if unset:
                not_run[code] = f"parameter {', '.join(unset)} not set"
                if "CFG001" in self.selected or "CFG001" not in self.registry.rules:
                    inactive.append((rule, unset))
                continue
            context = CheckContext(
                rule=rule,
                params=timeline.on(self.as_of),
                as_of=self.as_of,
                since=self.since,
                timeline=timeline if timeline.dated else None,
                config_name=self._config_name(),
                shared=shared,
            )
            for cls in classes:
                try:
                    check = self.isolation.start(cls, context)
                except Exception as exc:
                    self.isolation.failed(rule, cls, exc)
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

    def _config_name(self) -> str:
        return Path(self.config.path).name if self.config.path else "rectikit.toml"

    def _inactive(self, rule: Rule, unset: list[str]) -> Violation:
        cfg = self.registry.rules.get("CFG001")
        names = ", ".join(unset)
        message = {
            "zh": f"规则 {rule.code} 未启用：参数 {names} 未配置"
            f"（在 [params.{rule.family}] 或 [params.{rule.code}] 中设置）",
            "en": f"rule {rule.code} is inactive: parameter {names} is not set "
            f"(set it under [params.{rule.family}] or [params.{rule.code}])",
        }
        return Violation(
            code="CFG001",
            name=cfg.name if cfg else "rule-inactive",
            severity=effective_severity(cfg, self.config) if cfg else Severity.INFO,
            kind=None,
            subject=rule.code,
            message=message.get(self.lang, message["zh"]),
            location=Location(self._config_name()),
            citation=cfg.citation if cfg else "",
            details={"rule": rule.code, "params": names},
        )

    # -- running --------------------------------------------------------------------

    def iter_records(self, paths: Sequence[Path]) -> Iterator[tuple[str, Any]]:
        """Every ``(kind, record)`` of the dataset, without running checks."""
        return self.reader.iter_records(paths)

    def run(self, paths: Sequence[Path]) -> CheckResult:
        """Read the dataset under ``paths`` once and run every selected check."""
        inactive: list[tuple[Rule, list[str]]] = []
        not_run: dict[str, str] = {}
        active = self._activate(inactive, not_run)
        feeds: dict[str, list[_Feed]] = defaultdict(list)
        for item in active:
            for kind in (*item.kinds, *item.optional):
                feeds[kind].append(
                    (
                        item,
                        item.check.needs.get(kind, frozenset()),
                        self.isolation.feeder(item.check, _feeder(item.check, kind)),
                    )
                )
        fix_mmap_threshold()  # freed blocks of a big run given back: see allocator
        self.runs = []  # none left by a run of this engine that failed
        reading = Reading()
        # with rectikit's own code only, no reference cycles are made: see gcpause
        with gc_paused() if self._own_code_only(active) else contextlib.nullcontext():
            violations, run_codes = run_groups(self, paths, active, feeds, reading, not_run)
        # CFG001 for a rule left inactive only where it would have run: a dataset without
        # an expenditures file need not hear about the EXP thresholds.
        violations[:0] = [
            self._inactive(rule, unset)
            for rule, unset in inactive
            if all(kind in reading.present for kind in rule.kinds)
        ]
        violations.extend(self.isolation.violations(self.selected))
        data_errors = [self._diagnostic(d) for d in reading.sink]
        data_errors = [d for d in data_errors if d is not None]
        data_errors += [v for v in violations if v.is_data_error]
        violations = [v for v in violations if not v.is_data_error]
        with gc_paused():  # a key tuple a violation, all alive at once
            violations.sort(key=Violation.sort_key)
            data_errors.sort(key=Violation.sort_key)
        runs, self.runs = self.runs, []
        return CheckResult(
            as_of=self.as_of,
            since=self.since,
            records=reading.records,
            violations=SpooledViolations(runs, violations) if runs else tuple(violations),
            data_errors=tuple(data_errors),
            not_run=not_run,
            rules_run=tuple(sorted(run_codes)),
            files=reading.files,
            warnings=tuple(self.warnings),
            titles={
                code: rule.text("title", self.lang) for code, rule in self.registry.rules.items()
            },
            helps={
                code: rule.text("remedy", self.lang)
                for code, rule in self.registry.rules.items()
                if rule.remedy
            },
            people=frozenset(reading.people),
        )

    def _own_code_only(self, active: Sequence[_ActiveCheck]) -> bool:
        """Whether reading and judging run rectikit's code only: built-in checks, no
        plugin file readers, and record kinds (classes and loaders) of rectikit's own."""
        if self.registry.readers:
            return False
        if not all(self.isolation.trusted(type(item.check)) for item in active):
            return False
        return all(
            _ours(schema.record_class) and (schema.loader is None or _ours(schema.loader))
            for schema in self.registry.kinds.values()
        )

    def read(
        self,
        paths: Sequence[Path],
        feeds: Mapping[str, list[_Feed]],
        reading: Reading,
        only: Callable[[str], bool] | None = None,
    ) -> None:
        """Read the dataset's files (those whose display name ``only`` accepts), feeding
        each record to the checks of its kind; what is found goes into ``reading``."""
        # people's names, for --redact: only kinds with personal columns are asked
        personal = {
            name
            for name, schema in self.registry.kinds.items()
            if any(spec.personal for spec in schema.fields)
        }
        streams = self.reader.streams(
            paths, reading.sink, reading.files, reading.present, only=only
        )
        for kind, stream in streams:
            fed, who = feeds.get(kind, []), kind in personal
            if isinstance(stream, TableStream):  # a table: in several processes where it pays
                reading.records += feed_table(self, stream, fed, reading.people, who, self.jobs)
            else:
                reading.records += self._feed_stream(stream, fed, reading.people, who)

    def judge(
        self,
        active: Sequence[_ActiveCheck],
        present: set[str],
        files: Mapping[str, str],
        not_run: dict[str, str],
    ) -> tuple[list[Violation], set[str]]:
        """Finish the ``active`` checks whose kinds are ``present`` and turn what they
        found into violations; the violations and the codes that ran (``not_run`` says
        why the others did not). The runs of violations the checks set aside on disk
        while reading go to :attr:`runs`."""
        violations: list[Violation] = []
        run_codes = set()
        kind_files: dict[str, tuple[str, ...]] = {}
        for display, kinds in files.items():
            for kind in kinds.split(","):
                kind_files[kind] = (*kind_files.get(kind, ()), display)
        by_code: dict[str, list[_ActiveCheck]] = defaultdict(list)
        for item in active:
            by_code[item.rule.code].append(item)
        finished: list[list[_ActiveCheck]] = []
        for code, items in by_code.items():
            # A code may have several checks (DAT006 for talks and for meetings): each
            # runs when its own kinds are present; the code runs when any of them does.
            ready = [item for item in items if all(k in present for k in item.kinds)]
            if not ready:
                missing = sorted({k for item in items for k in item.kinds if k not in present})
                if not code.startswith(ENGINE_JUDGED_PREFIXES):
                    not_run[code] = "no " + ", ".join(missing) + " file"
                continue
            for item in ready:
                item.check.present_kinds = frozenset(present)
                item.check.kind_files = kind_files
                self._step(item, self.isolation.finisher(item.check, item.check.finish))
            failed = [item.failed for item in ready if item.failed]
            if failed:  # a broken check reports nothing rather than half its findings
                not_run[code] = failed[0]
                continue
            run_codes.add(code)
            finished.append(ready)
        # Every check finishes before any violation is built: the state a check lets go
        # of when it finishes (PRC005's candidates) is gone before the violations come.
        with gc_paused():  # many lasting objects, no garbage: see gcpause
            for items in finished:
                for item in items:
                    violations += item.built
                    self.runs += item.spooled
                    item.built, item.spooled = [], []
                    breaches, item.breaches = item.breaches, []
                    breaches.reverse()
                    while breaches:  # each breach let go of once it is a violation
                        breach = breaches.pop()
                        if breach.code is None or breach.code in self.selected:
                            violations.append(self._violation(item.rule, breach))
        return violations, run_codes

    def _feed_stream(
        self,
        stream: Iterator[Any],
        feeds: list[_Feed],
        people: set[str],
        personal: bool,
        fed: list[int] | None = None,
    ) -> int:
        """Feed one table's records to the checks reading its kind; the record count.

        The engine's hot loop. A record with no invalid field goes to every check
        without looking at what the checks need; a check that raises is disabled
        (:meth:`_fail`) and dropped from the loop. Should reading the ``stream`` raise,
        the records it gave until then are counted in ``fed`` (when given).
        """
        live = [(item, need, feed) for item, need, feed in feeds if item.failed is None]
        calls = [(item, feed) for item, _, feed in live]
        count = 0
        held = sum(len(item.breaches) for item, _, _ in live)
        spool_at = -1 if self._spool_failed else spool.SPOOL_BREACHES
        try:
            for record in stream:
                count += 1
                if personal:
                    people.update(record.personal_names())
                if record.invalid:
                    invalid = record.invalid
                    todo = [(item, feed) for item, need, feed in live if need.isdisjoint(invalid)]
                else:
                    todo = calls
                for item, feed in todo:
                    try:
                        found = feed(record)
                    except Exception as exc:
                        self._fail(item, exc)
                        live = [entry for entry in live if entry[0] is not item]
                        calls = [(item, feed) for item, _, feed in live]
                        continue
                    if found:
                        item.breaches.extend(found)
                        held += len(found)
                        if held >= spool_at > 0:  # -1: never
                            held = self._spool([item for item, _, _ in live])
                            spool_at = -1 if self._spool_failed else spool_at
        except BaseException:
            if fed is not None:
                fed.append(count)  # the records the stream gave before it raised
            raise
        return count

    def _spool(self, items: Sequence[_ActiveCheck]) -> int:
        """Turn the breaches ``items`` hold into violations and set them aside on disk,
        a sorted run a check (:mod:`rectikit.engine.spool`); the breaches still held
        (none, unless the disk is full: then they stay, and so do all that follow)."""
        for item in items:
            if not item.breaches:
                continue
            built = [
                self._violation(item.rule, breach)
                for breach in item.breaches
                if breach.code is None or breach.code in self.selected
            ]
            kept = [v for v in built if not v.is_data_error]
            kept.sort(key=Violation.sort_key)
            try:
                run = self.spool.write(kept)
            except Exception as exc:  # no room on disk, or a plugin's value that won't pickle
                self._spool_failed = True
                self.warnings.append(
                    f"could not set violations aside on disk ({type(exc).__name__}: {exc}); "
                    "they are kept in memory"
                )
                return sum(len(item.breaches) for item in items)
            item.spooled.append(run)
            item.built += [v for v in built if v.is_data_error]
            item.breaches = []
        return 0

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
        self.isolation.failed(item.rule, type(item.check), exc)
        self.warnings.append(
            f"check {item.rule.code} ({type(item.check).__name__}, from {item.rule.source}) "
            f"failed and was disabled: {type(exc).__name__}: {exc}"
        )

    # -- building violations --------------------------------------------------------

    def _violation(self, rule: Rule, breach: Breach) -> Violation:
        if breach.code is not None and breach.code in self.registry.rules:
            return self._note(self.registry.rules[breach.code], rule, breach)
        parts = self._templates.get(rule.code)
        if parts is None:  # what every violation of the rule shares, worked out once
            parts = self._templates[rule.code] = (
                Template(rule.text("message", self.lang)),
                effective_severity(rule, self.config),
                rule.kinds[0] if rule.kinds else None,
                self.timelines[rule.code].on(self.as_of),
            )
        template, severity, kind, params = parts
        # the same limits and units recur in thousands of violations: kept once each
        details = {
            k: sys.intern(detail_value(v))
            for k, v in breach.values.items()
            if not k.endswith(("_zh", "_en"))
        }
        return Violation(
            code=rule.code,
            name=rule.name,
            severity=breach.severity or severity,
            kind=breach.kind or kind,
            subject=breach.subject,
            message=template.render(breach.values, params),
            location=breach.location,
            citation=rule.citation,
            details=details,
        )

    def _note(self, note: Rule, about: Rule, breach: Breach) -> Violation:
        """A diagnostic a check reports about its own rule (``CFG001``: year not covered)."""
        values = breach.values
        return Violation(
            code=note.code,
            name=note.name,
            severity=effective_severity(note, self.config),
            kind=None,
            subject=breach.subject,
            message=values.get(f"detail_{self.lang}") or values.get("detail_zh", ""),
            location=breach.location,
            citation=note.citation,
            details={"rule": about.code},
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


__all__ = [
    "Document",
    "Engine",
    "Progress",
    "detail_value",
    "format_value",
    "render",
]
