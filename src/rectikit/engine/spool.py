"""Violations set aside on disk in sorted runs, and read back merged, so that a run
finding hundreds of thousands of violations holds only a bounded part of them.

While a table is read, the checks' breaches pile up until they are judged. Once a
process holds :data:`SPOOL_BREACHES` of them, the engine turns them into violations
(exactly as it would when judging) and writes each check's, sorted, as a :class:`Run`
to a scratch file of the process (:class:`Spool`), in pickles of :data:`CHUNK`
violations. The run's result lists its violations as :class:`SpooledViolations`: a
sequence that merges the runs, read back a chunk at a time, with the violations held in
memory, in the report's order (file, row, code). A report that goes through them once
(JSON, the console, SARIF...) never holds them all; counting them by code and severity
needs no pass at all.
"""

from __future__ import annotations

import heapq
import os
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.scratch import ScratchFile

#: Breaches a process holds before it sets them aside on disk as violations.
SPOOL_BREACHES = 1 << 14
#: Violations pickled together: a run read back holds one such chunk in memory.
CHUNK = 1 << 10

#: Counts of violations by (code, severity).
Counts = Counter[tuple[str, Severity]]


def count(violations: Iterable[Violation]) -> Counts:
    """How many of ``violations`` there are of each code and severity."""
    return Counter((v.code, v.severity) for v in violations)


class Run:
    """Violations sorted by :meth:`Violation.sort_key`, in chunks of a scratch file."""

    def __init__(self, file: ScratchFile, chunks: list[tuple[int, int]], counts: Counts) -> None:
        self.file = file
        self.chunks = chunks  # (offset, size) of each pickled chunk
        self.counts = counts

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __iter__(self) -> Iterator[Violation]:
        for offset, size in self.chunks:
            yield from pickle.loads(self.file.read(offset, size))


class Spool:
    """Where a process writes its runs: a scratch file made at the first run (and
    again in a forked process, which never writes to its parent's file)."""

    def __init__(self) -> None:
        self._file: ScratchFile | None = None
        self._pid = 0

    def write(self, violations: Sequence[Violation]) -> Run:
        """Write ``violations`` (sorted) as a run. Raises ``OSError`` (no room on disk),
        or what pickling raises for a value that cannot be pickled (the engine then
        keeps the violations in memory)."""
        if self._file is None or self._pid != os.getpid():
            self._file = ScratchFile.create("rectikit-violations-")
            self._pid = os.getpid()
        chunks = []
        for start in range(0, len(violations), CHUNK):
            data = pickle.dumps(list(violations[start : start + CHUNK]), pickle.HIGHEST_PROTOCOL)
            chunks.append((self._file.append(data), len(data)))
        return Run(self._file, chunks, count(violations))


class SpooledViolations(Sequence[Violation]):
    """Violations sorted by file, row, code: runs read back from disk merged with those
    held in memory (sorted too), each time they are gone through.

    Behaves as the tuple it stands for in ``len``, iteration, ``in`` and indexing
    (indexing reads them all: slow, and as big in memory as the tuple).
    """

    def __init__(self, runs: Sequence[Run], held: Sequence[Violation]) -> None:
        self.runs = tuple(runs)
        self.held = tuple(held)
        self.counts: Counts = count(self.held)
        for run in self.runs:
            self.counts.update(run.counts)
        self._len = sum(self.counts.values())

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Violation]:
        return heapq.merge(*self.runs, self.held, key=Violation.sort_key)

    @overload
    def __getitem__(self, index: int) -> Violation: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Violation, ...]: ...

    def __getitem__(self, index: Any) -> Any:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (SpooledViolations, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the tuple (violations are unhashable)

    def __repr__(self) -> str:
        return f"SpooledViolations({self._len} violations, {len(self.runs)} runs on disk)"


def merged(violations: Sequence[Violation], more: Iterable[Violation]) -> Sequence[Violation]:
    """``violations`` (sorted) with ``more`` sorted in: a tuple, or spooled violations
    with ``more`` held in memory beside the runs (none of them read back)."""
    if isinstance(violations, SpooledViolations):
        held = sorted([*violations.held, *more], key=Violation.sort_key)
        return SpooledViolations(violations.runs, held)
    return tuple(sorted([*violations, *more], key=Violation.sort_key))


def counts_of(violations: Sequence[Violation]) -> Counts:
    """How many of ``violations`` there are of each code and severity, without reading
    spooled violations back."""
    if isinstance(violations, SpooledViolations):
        return violations.counts
    return count(violations)


__all__ = [
    "CHUNK",
    "SPOOL_BREACHES",
    "Run",
    "Spool",
    "SpooledViolations",
    "count",
    "counts_of",
    "merged",
]
