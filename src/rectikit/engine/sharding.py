"""One big table read by several processes: byte ranges, forked workers, merged state.

A ledger of a million rows spends most of its time turning rows into records. On a
machine with several cores, a CSV or TSV table of at least :data:`MIN_BYTES` is cut into
byte ranges (:mod:`rectikit.readers.formats.ranges`), one per worker. The main process
reads the first range; each other range goes to a process forked from it, which reads
its rows with copies of the same checks and sends back what they found: the breaches,
the data diagnostics, the records' keys (``DAT004``) and each check's state
(:meth:`~rectikit.checks.base.Check.take_state`). The main process merges them range by
range, in file order, so the result is the one a single pass gives.

Every range is checked against that single pass before its work is used: a range whose
rows were not the plan's (a quoted cell spanning lines, a line break other than LF), a
worker that failed or died, a check that raised in a worker, or a key a range shares
with an earlier one (a duplicate ``DAT004`` must name) ends the merging there. The main
process then reads the rest of the table itself, in one pass after the last row merged,
and the workers' other work is dropped: never a different result, only less speed.

Only tables whose every check is ``shardable`` are cut; only where ``os.fork`` exists
(not on Windows or macOS, where it is unsafe); and only into as many ranges as the
process may use cores, or ``RECTIKIT_JOBS`` (``1`` turns this off).
"""

from __future__ import annotations

import mmap
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rectikit.engine.handover import (
    Handover,
    fork_worker,
    reap,
    receive_result,
    send_result,
)
from rectikit.readers.formats.ranges import ByteRange, RangeRows
from rectikit.readers.keys import SeenKeys

if TYPE_CHECKING:
    from rectikit.engine.reading import TableStream
    from rectikit.engine.runner import Engine

#: The smallest table (in bytes) worth reading in several processes (~100k rows).
MIN_BYTES = 16 * 1024 * 1024
#: At most this many workers, whatever the machine has.
MAX_JOBS = 8
#: How often (in rows) a worker notes how far it has read, for the progress display.
_NOTE_EVERY = 5000


def can_fork() -> bool:
    """Whether work may be split among forked processes here (not on Windows, where
    there is no ``fork``, nor on macOS, where forking a process with threads is unsafe)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def default_jobs(warnings: list[str] | None = None) -> int:
    """How many processes may read one table: ``RECTIKIT_JOBS``, else the cores this
    process may use (at most :data:`MAX_JOBS`); 1 where forking is not safe. A
    ``RECTIKIT_JOBS`` that is not a whole number of 1 or more is said in ``warnings``
    and read as 1."""
    if not can_fork():
        return 1
    given = os.environ.get("RECTIKIT_JOBS", "").strip()
    if given:
        if given.isdigit() and int(given) >= 1:
            return int(given)
        if warnings is not None:
            warnings.append(
                f"RECTIKIT_JOBS={given!r} is not a whole number of 1 or more; "
                "every table is read in one pass"
            )
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def feed_table(
    engine: Engine,
    stream: TableStream,
    feeds: list[Any],
    people: set[str],
    personal: bool,
    jobs: int,
) -> int:
    """Feed one table's records to its checks, in several processes where it pays;
    the record count."""
    if not stream.open():
        return 0
    try:
        parts = None
        if jobs > 1 and feeds and all(type(item.check).shardable for item, _, _ in feeds):
            parts = stream.ranges(jobs, MIN_BYTES)
        if parts:
            try:
                sharded = _ShardedRead(engine, stream, feeds, people, personal, parts)
            except OSError:  # no shared memory for the progress counts: one pass
                parts = None
        if not parts:
            return engine._feed_stream(stream.serial(), feeds, people, personal)
        return sharded.run()
    finally:
        stream.close()


class _ShardedRead:
    """One table read in byte ranges (see the module's docstring)."""

    def __init__(
        self,
        engine: Engine,
        stream: TableStream,
        feeds: list[Any],
        people: set[str],
        personal: bool,
        parts: list[ByteRange],
    ) -> None:
        self.engine = engine
        self.stream = stream
        self.feeds = feeds
        self.items = [item for item, _, _ in feeds]
        self.people = people
        self.personal = personal
        self.parts = parts
        self.counts = mmap.mmap(-1, 8 * len(parts))  # rows read by each worker, shared
        self.workers: list[tuple[int, Handover]] = []  # (pid, where its result comes)

    def run(self) -> int:
        try:
            for index, part in enumerate(self.parts[1:], start=1):
                try:
                    self.workers.append(self._fork(index, part))
                except OSError:  # no more processes: the main process reads the rest
                    break
            count, done_row, kept = self._read_first()
            merged = 0
            if kept:
                for index, (pid, handover) in enumerate(self.workers, start=1):
                    result = receive_result(pid, handover)
                    if not self._usable(result):
                        break
                    self._merge(result)
                    count += result["count"]
                    done_row = result["last_row"]
                    merged = index
            if merged < len(self.parts) - 1:  # the rest in one pass, after the last row used
                count += self.engine._feed_stream(
                    self.stream.serial(after_row=done_row, done=count),
                    self.feeds,
                    self.people,
                    self.personal,
                )
            return count
        finally:
            self._reap()

    # -- the main process's own range ---------------------------------------------------

    def _read_first(self) -> tuple[int, int, bool]:
        """Read the first range here: (records, last row read, whether it kept to the
        plan). Its last row is held back until the range is known to end between
        records: a quoted cell cut by the range's end is not fed."""
        rows = self.stream.range_rows(self.parts[0])
        held = _HeldBack(rows)
        records = self.stream.range_records(held)
        if self.stream.reader.progress is not None:
            records = self._progress(records)
        fed: list[int] = []  # how many records were fed, should the reading raise
        try:
            count = self.engine._feed_stream(records, self.feeds, self.people, self.personal, fed)
        except Exception:  # read again in one pass, which says what is wrong
            return fed[0], held.fed_row, False
        if not rows.kept or self._failed():
            return count, held.fed_row, False
        return count, rows.last_row, True

    def _progress(self, records: Iterator[Any]) -> Iterator[Any]:
        progress = self.stream.reader.progress
        assert progress is not None
        import struct

        name = self.stream.file
        progress(name, 0)
        for count, record in enumerate(records, start=1):
            if count % _NOTE_EVERY == 0:
                others = sum(struct.unpack_from(f"{len(self.parts)}q", self.counts))
                progress(name, count + others)
            yield record

    def _failed(self) -> bool:
        return any(item.failed is not None for item in self.items)

    # -- workers ----------------------------------------------------------------------------

    def _fork(self, index: int, part: ByteRange) -> tuple[int, Handover]:
        return fork_worker(lambda handover: _worker(self, index, part, handover))

    def _usable(self, result: dict[str, Any] | None) -> bool:
        return (
            result is not None
            and "error" not in result
            and result["kept"]
            and not any(result["failed"])
            and not self._failed()
            and not self.stream.seen_keys.overlap(result["keys"])
        )

    def _merge(self, result: dict[str, Any]) -> None:
        self.stream.sink.extend(result["sink"])
        for item, breaches, spooled, built, state in zip(
            self.items,
            result["breaches"],
            result["spooled"],
            result["built"],
            result["states"],
            strict=True,
        ):
            item.breaches.extend(breaches)
            item.spooled += spooled
            item.built += built
            if state is not None:
                item.check.add_state(state)
        self.stream.seen_keys.defer(result["keys"])  # placed only if looked up again
        self.people.update(result["people"])

    def _reap(self) -> None:
        """Stop and wait for every worker (those whose work is not used are killed)."""
        for pid, handover in self.workers:
            reap(pid, handover)
        self.workers = []
        self.counts.close()


def _worker(read: _ShardedRead, index: int, part: ByteRange, handover: Handover) -> None:
    """A forked worker: read one range with copies of the checks, send back what they
    found."""

    def work() -> dict[str, Any]:
        stream, engine = read.stream, read.engine
        stream.reader.progress = None
        for item in read.items:  # the parent's earlier tables are the parent's: what the
            item.check.take_state()  # checks found there is not set aside here either
            item.breaches, item.spooled, item.built = [], [], []
        sink_mark = len(stream.sink)
        keys = stream.converter.seen_keys = SeenKeys()  # type: ignore[union-attr]
        people: set[str] = set()
        rows = stream.range_rows(part)
        records = _noted(stream.range_records(rows), read.counts, index)
        count = engine._feed_stream(records, read.feeds, people, read.personal)
        return {
            "count": count,
            "kept": rows.kept,
            "last_row": rows.last_row,
            "sink": stream.sink[sink_mark:],
            "breaches": [item.breaches for item in read.items],
            "spooled": [item.spooled for item in read.items],
            "built": [item.built for item in read.items],
            "failed": [item.failed for item in read.items],
            "states": [item.check.take_state() for item in read.items],
            "keys": keys,
            "people": people,
        }

    send_result(handover, work)


def _noted(records: Iterator[Any], counts: mmap.mmap, index: int) -> Iterator[Any]:
    """``records``, with how many were read noted in the shared counts."""
    import struct

    count = 0
    for count, record in enumerate(records, start=1):
        if count % _NOTE_EVERY == 0:
            struct.pack_into("q", counts, 8 * index, count)
        yield record
    struct.pack_into("q", counts, 8 * index, count)


class _HeldBack:
    """A range's rows, each given once the next is read; the last only when the range
    is known to have kept to the plan. ``fed_row`` is the last row the reader came back
    from: converted and fed (a row whose conversion raised is not counted as read)."""

    def __init__(self, rows: RangeRows) -> None:
        self.rows = rows
        self.fed_row = rows.part.first_row - 1

    def __iter__(self) -> Iterator[Any]:
        rows = iter(self.rows)
        previous = next(rows, None)
        if previous is None:
            return
        for raw in rows:
            yield previous
            self.fed_row = previous[0]  # its row number
            previous = raw
        if self.rows.kept:
            yield previous
            self.fed_row = previous[0]


__all__ = ["MIN_BYTES", "can_fork", "default_jobs", "feed_table"]
