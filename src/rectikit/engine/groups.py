"""Unrelated record kinds read by separate processes, at the same time.

A province's dataset holds a million procurement rows next to talks, meetings and
organizations. No check reads both procurement and talks, so the two need not wait for
each other: the kinds are split into *groups*, each the kinds some checks read together
(every kind a check reads, as required or optional, and every kind of the other checks
of its rule), and the groups into as many parts as the run may use processes
(``--jobs``), the biggest files first, each to the part with the fewest bytes so far.
The main process reads the first part, which holds the biggest group (and may still
cut one big table into byte ranges, :mod:`rectikit.engine.sharding`); each other part
goes to a process forked before any reading, which reads the files of its kinds, runs
the ``finish`` of their checks and sends back the violations, the data diagnostics and
what the run reports about its files.

The result is the one a single process gives: violations and diagnostics are sorted
the same way, and each check sees the same records. Only the order of the one-line
warnings may differ (those of a part come after the main process's own).

A part is not split off, and the main process reads its files itself, when:

- forking is unsafe (Windows, macOS) or ``--jobs 1``;
- a readable file's kind is not given by its name or the config's ``[files]`` (a
  workbook whose sheets are found inside it may hold any kind);
- a group holds a check that does not ship with rectikit (a plugin's checks may share
  state through ``CheckContext.shared`` with checks of other kinds);
- the part is smaller than :data:`MIN_PART_BYTES` (forking would cost more than it
  saves);
- the process cannot be forked, or it fails or dies: its files are then read by the
  main process after its own, with the main process's untouched copies of the checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from rectikit.engine.handover import (
    Handover,
    fork_worker,
    reap,
    receive_result,
    send_result,
)
from rectikit.readers.diagnostics import Diagnostic

if TYPE_CHECKING:
    from rectikit.engine.runner import Engine, _ActiveCheck
    from rectikit.model.violation import Violation

#: The smallest part (in bytes of its files) worth a process of its own (~20k rows).
MIN_PART_BYTES = 2 * 1024 * 1024


@attrs.define
class Reading:
    """What reading a dataset gathers besides the checks' own findings.

    Attributes:
        sink: the data diagnostics (``DAT``), in the order found.
        files: display name -> the kinds read from it (``-``: none).
        present: the kinds whose table (or document) was found.
        people: the people's names the records hold (for ``--redact``).
        records: how many records were read.
    """

    sink: list[Diagnostic] = attrs.field(factory=list)
    files: dict[str, str] = attrs.field(factory=dict)
    present: set[str] = attrs.field(factory=set)
    people: set[str] = attrs.field(factory=set)
    records: int = 0

    def add(self, other: Reading) -> None:
        """Take in what another process read (its files are none of this one's)."""
        self.sink.extend(other.sink)
        self.files.update(other.files)
        self.present |= other.present
        self.people |= other.people
        self.records += other.records


@attrs.frozen
class Part:
    """The files of some kinds, read by one process, and the checks that read them."""

    displays: frozenset[str]
    items: tuple[Any, ...]  # the _ActiveCheck of its kinds
    size: int


def plan_parts(
    engine: Engine, paths: Sequence[Path], active: Sequence[_ActiveCheck], jobs: int
) -> list[Part]:
    """The parts to read in processes of their own (none: the main process reads all).

    Args:
        engine: the run (its reader maps files to kinds, its isolation knows which
            checks ship with rectikit).
        paths: what the run reads.
        active: the run's checks.
        jobs: how many processes the run may use.
    """
    if jobs < 2:
        return []
    reader = engine.reader
    files: list[tuple[str, str, int]] = []  # (display, kind, bytes)
    for path, display in reader.files(paths):
        kind = reader.file_kind(path, display)
        if kind is None:
            if path.suffix.lower() in reader.readers:
                return []  # its kinds are known only once it is opened
            continue  # DAT005 or DAT001: the main process says so
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        files.append((display, kind, size))
    groups = _KindGroups()
    for item in active:
        groups.join(_reads(item), item.rule.code)
        if not engine.isolation.trusted(type(item.check)):
            groups.pin(_rule(item))
    sizes: dict[str, int] = {}
    members: dict[str, list[str]] = {}
    for display, kind, size in files:
        group = groups.find(kind)
        sizes[group] = sizes.get(group, 0) + size
        members.setdefault(group, []).append(display)
    loads = [0] * min(jobs, len(sizes))
    if len(loads) < 2:
        return []
    chosen: list[list[str]] = [[] for _ in loads]
    for group in sorted(sizes, key=lambda g: (not groups.pinned(g), -sizes[g], g)):
        bin_ = 0 if groups.pinned(group) else loads.index(min(loads))
        loads[bin_] += sizes[group]
        chosen[bin_].append(group)
    parts = []
    for load, part_groups in zip(loads[1:], chosen[1:], strict=True):
        if load < MIN_PART_BYTES:
            continue
        displays = frozenset(d for g in part_groups for d in members[g])
        items = tuple(item for item in active if groups.find(_rule(item)) in part_groups)
        parts.append(Part(displays, items, load))
    return parts


def _reads(item: _ActiveCheck) -> tuple[str, ...]:
    """Every kind a check reads, required or optional."""
    return (*item.kinds, *item.optional)


def _rule(item: _ActiveCheck) -> str:
    """The name that joins a check to the other checks of its rule (and their kinds)."""
    return f"rule:{item.rule.code}"


class _KindGroups:
    """Kinds joined into groups (union-find), with groups pinned to the main process."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._pinned: set[str] = set()

    def find(self, name: str) -> str:
        parent = self._parent.setdefault(name, name)
        if parent != name:
            parent = self._parent[name] = self.find(parent)
        return parent

    def join(self, kinds: Sequence[str], code: str) -> None:
        """Put ``kinds`` in one group with the kinds of the other checks of ``code``
        (the group's name for the rule: ``rule:CODE``)."""
        anchor = self.find(f"rule:{code}")
        for kind in kinds:
            root = self.find(kind)
            if root != anchor:
                self._parent[root] = anchor

    def pin(self, name: str) -> None:
        """Keep the group of ``name`` (a kind, or ``rule:CODE``) in the main process."""
        self._pinned.add(self.find(name))

    def pinned(self, name: str) -> bool:
        """Whether the group of ``name`` stays in the main process."""
        return self.find(name) in {self.find(g) for g in self._pinned}


def run_groups(
    engine: Engine,
    paths: Sequence[Path],
    active: Sequence[_ActiveCheck],
    feeds: Mapping[str, list[Any]],
    reading: Reading,
    not_run: dict[str, str],
) -> tuple[list[Violation], set[str]]:
    """Read the dataset and judge every check, groups of kinds in processes of their
    own where it pays (see the module's docstring); the violations and the codes run.
    What the run read goes into ``reading``, why a rule did not run into ``not_run``."""
    parts = plan_parts(engine, paths, active, engine.jobs)
    forked: list[tuple[Part, int, Handover]] = []
    try:
        for part in parts:
            try:
                pid, handover = _fork(engine, paths, feeds, part)
            except OSError:  # no more processes: the main process reads it
                continue
            forked.append((part, pid, handover))
        elsewhere = frozenset(d for part, _, _ in forked for d in part.displays)
        engine.read(paths, feeds, reading, only=lambda d: d not in elsewhere)
        if engine.after_reading is not None:  # no more forks to read (but for a failed
            engine.after_reading()  # worker's part, and fork_worker waits for threads)
        order = [display for _, display in engine.reader.files(paths)] if forked else []
        away = {id(item) for part, _, _ in forked for item in part.items}
        own = [item for item in active if id(item) not in away]
        violations: list[Violation] = []
        run_codes: set[str] = set()
        if all(engine.isolation.trusted(type(item.check)) for item in own):
            # built-in checks look at their own kinds only: judged while the workers work
            violations, run_codes = engine.judge(own, reading.present, reading.files, not_run)
            own = []
        for part, pid, handover in forked:
            result = receive_result(pid, handover)
            if result is None or "error" in result:  # read here, after the rest
                engine.read(paths, feeds, reading, only=part.displays.__contains__)
                own += part.items
                continue
            reading.add(result["reading"])
            found, codes = _take(engine, result, not_run)
            violations += found
            run_codes |= codes
        if order:  # the files in the dataset's order, whoever read them
            reading.files = {d: reading.files[d] for d in order if d in reading.files}
        found, codes = engine.judge(own, reading.present, reading.files, not_run)
        return found + violations, codes | run_codes
    finally:
        _reap(forked)


def _fork(
    engine: Engine, paths: Sequence[Path], feeds: Mapping[str, Any], part: Part
) -> tuple[int, Handover]:
    return fork_worker(lambda handover: _worker(engine, paths, feeds, part, handover))


def _worker(
    engine: Engine, paths: Sequence[Path], feeds: Mapping[str, Any], part: Part, handover: Handover
) -> None:  # pragma: no cover - runs in a forked process
    """A forked worker: read one part's files, judge its checks, hand the result over."""

    def work() -> dict[str, Any]:
        engine.reader.progress = None  # the main process draws the progress bar
        engine.jobs = 1  # a part's tables are read in one pass
        warned, problems = len(engine.warnings), len(engine.isolation.problems)
        spooled = len(engine.runs)
        reading, not_run = Reading(), {}
        engine.read(paths, feeds, reading, only=part.displays.__contains__)
        violations, run_codes = engine.judge(part.items, reading.present, reading.files, not_run)
        return {
            "reading": reading,
            "violations": violations,
            "runs": engine.runs[spooled:],
            "run_codes": run_codes,
            "not_run": not_run,
            "warnings": engine.warnings[warned:],
            "problems": engine.isolation.problems[problems:],
        }

    send_result(handover, work)


def _take(
    engine: Engine, result: Mapping[str, Any], not_run: dict[str, str]
) -> tuple[list[Violation], set[str]]:
    """A worker's result taken in (why rules did not run, warnings, plugin problems);
    its violations and the codes it ran."""
    not_run.update(result["not_run"])
    engine.warnings += result["warnings"]
    engine.isolation.problems += result["problems"]
    engine.runs += result["runs"]
    return result["violations"], result["run_codes"]


def _reap(forked: list[tuple[Part, int, Handover]]) -> None:
    """Stop and wait for every worker (one still running when the run fails is killed)."""
    for _, pid, handover in forked:
        reap(pid, handover)


__all__ = ["MIN_PART_BYTES", "Part", "Reading", "plan_parts", "run_groups"]
