"""A big file's encoding detected with its bytes checked in several processes.

Before a ledger is read, :func:`~rectikit.readers.formats.encoding.detect_encoding`
decodes the whole file to learn whether it is UTF-8: 0.4 s for a million rows, on one
core, before any record. UTF-8 can be cut between characters without decoding it
(:func:`~rectikit.readers.formats.encoding.utf8_parts`), and the file decodes exactly
when every part does, so a file of at least :data:`MIN_BYTES` is checked one part a
process: the main process checks the first part while forked workers check the
others. The answer is the one a single pass gives; a worker that
fails or dies has its part checked again here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rectikit.engine.handover import Handover, fork_worker, reap, receive_result, send_result
from rectikit.readers.formats.encoding import Decodes, decodes_part, utf8_parts

#: The smallest file (in bytes) whose UTF-8 is checked in several processes: a fork
#: costs a few milliseconds, 16 MB take some 40 ms to check.
MIN_BYTES = 16 * 1024 * 1024


def decodes_in_parts(jobs: Callable[[], int]) -> Decodes:
    """A ``decodes(path, encoding)`` for
    :func:`~rectikit.readers.formats.encoding.detect_encoding` that checks a big file's
    UTF-8 in up to ``jobs()`` processes (asked at each call: a forked part of a run
    reads in one process)."""

    def decodes(path: Path, encoding: str) -> bool:
        count = jobs()
        if count < 2 or encoding != "utf-8" or _size(path) < MIN_BYTES:
            return decodes_part(path, encoding, 0, None)
        return _decodes_parts(path, encoding, utf8_parts(path, count))

    return decodes


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # checked in one pass, which says what is wrong


def _decodes_parts(path: Path, encoding: str, parts: list[tuple[int, int | None]]) -> bool:
    workers: list[tuple[int, Handover]] = []
    try:
        for start, end in parts[1:]:
            try:
                workers.append(fork_worker(_checker(path, encoding, start, end)))
            except OSError:  # no more processes: the rest are checked here
                break
        if not decodes_part(path, encoding, *parts[0]):
            return False
        for index, (pid, handover) in enumerate(workers, start=1):
            result = receive_result(pid, handover)
            if result is None or "decodes" not in result:  # died, or failed: check it here
                result = {"decodes": decodes_part(path, encoding, *parts[index])}
            if not result["decodes"]:
                return False
        return all(decodes_part(path, encoding, *part) for part in parts[len(workers) + 1 :])
    finally:
        for pid, handover in workers:
            reap(pid, handover)


def _checker(path: Path, encoding: str, start: int, end: int | None) -> Callable[[Handover], None]:
    def work(handover: Handover) -> None:  # pragma: no cover - runs in a forked worker
        send_result(handover, lambda: {"decodes": decodes_part(path, encoding, start, end)})

    return work


__all__ = ["decodes_in_parts"]
