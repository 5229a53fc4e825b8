"""Judging in two processes: the rules with a ``finish`` of their own apart.

Once a big dataset is read, the main process judges its checks: each check's ``finish``
(PRC005 groups and scans a million candidates), then every breach turned into a
violation (tens of thousands for the record rules). Done one after the other, the
other core waits. :func:`judge` forks a process for the rules whose checks aggregate
(any check that is not a :class:`~rectikit.checks.base.RecordCheck`); it finishes them
and sends back their violations, while the main process turns the record rules'
breaches into violations. The forked process holds everything read (it is forked after
reading), so it judges exactly what the main process would.

The result is the one judging in one process gives: a rule's checks stay together, and
the violations are sorted afterwards by file, row and rule (codes differ between the
two sets). Everything is judged in the main process, one set after the other, when:

- the run may use one process (``--jobs 1``), or forking is unsafe (Windows, macOS);
- fewer than :data:`MIN_RECORDS` records were read (forking would cost more than it
  saves), or one of the two sets is empty;
- the process cannot be forked, or it fails or dies: the main process then judges the
  aggregate rules itself, with its own untouched copies of their checks.

Only built-in checks are judged here (a plugin's checks stay in the main process).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rectikit.checks.base import RecordCheck
from rectikit.engine.handover import fork_worker, reap, send_result

if TYPE_CHECKING:
    from rectikit.engine.runner import Engine, _ActiveCheck
    from rectikit.model.violation import Violation

#: The fewest records read for judging in two processes to pay.
MIN_RECORDS = 200_000


def judge(
    engine: Engine,
    items: Sequence[_ActiveCheck],
    present: set[str],
    files: Mapping[str, str],
    not_run: dict[str, str],
    records: int,
) -> tuple[list[Violation], set[str]]:
    """:meth:`Engine.judge <rectikit.engine.runner.Engine.judge>` of ``items`` (built-in
    checks, everything read), in two processes where it pays (see the module's
    docstring): the violations and the codes run."""
    aggregate = {item.rule.code for item in items if not isinstance(item.check, RecordCheck)}
    apart = [item for item in items if item.rule.code in aggregate]
    here = [item for item in items if item.rule.code not in aggregate]
    if engine.jobs < 2 or records < MIN_RECORDS or not apart or not here:
        return engine.judge(items, present, files, not_run)
    from rectikit.engine.sharding import can_fork

    if not can_fork():
        return engine.judge(items, present, files, not_run)
    marked = marks(engine)
    try:
        pid, handover = fork_worker(
            lambda handover: send_result(
                handover, lambda: judged(engine, apart, present, files, marked)
            )
        )
    except OSError:  # no process: one set after the other, here
        return engine.judge(items, present, files, not_run)
    try:
        violations, codes = engine.judge(here, present, files, not_run)
        result = handover.receive()
        if not isinstance(result, dict) or "error" in result:
            found, more = engine.judge(apart, present, files, not_run)
        else:
            found, more = take(engine, result, not_run)
        return violations + found, codes | more
    finally:
        reap(pid, handover)


def marks(engine: Engine) -> tuple[int, int]:
    """Where the engine's warnings and plugin problems stand: a worker sends back what
    comes after."""
    return len(engine.warnings), len(engine.isolation.problems)


def judged(
    engine: Engine,
    items: Sequence[_ActiveCheck],
    present: set[str],
    files: Mapping[str, str],
    since: tuple[int, int],
) -> dict[str, Any]:
    """In a worker: judge ``items``; what :func:`take` takes in the main process (the
    warnings and problems after ``since``, from :func:`marks`)."""
    not_run: dict[str, str] = {}
    violations, run_codes = engine.judge(items, present, files, not_run)
    warned, problems = since
    return {
        "violations": violations,
        "run_codes": run_codes,
        "not_run": not_run,
        "warnings": engine.warnings[warned:],
        "problems": engine.isolation.problems[problems:],
    }


def take(
    engine: Engine, result: Mapping[str, Any], not_run: dict[str, str]
) -> tuple[list[Violation], set[str]]:
    """In the main process: a worker's :func:`judged` taken in (why rules did not run,
    warnings, problems); its violations and codes run."""
    not_run.update(result["not_run"])
    engine.warnings += result["warnings"]
    engine.isolation.problems += result["problems"]
    return result["violations"], result["run_codes"]


__all__ = ["MIN_RECORDS", "judge", "judged", "marks", "take"]
