"""A forked worker's result, handed to the main process through a temporary file.

A worker that wrote its result to a pipe would wait for the main process to read it,
holding its memory, and the pickling would happen while the main process waits. Through
an unlinked temporary file the worker pickles as soon as it is done, whatever the main
process is doing, and leaves; the main process then unpickles from the file. A byte on a
pipe says the result is complete (``1``), or that the worker could not write it (``0``);
no byte means the worker died.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Callable
from typing import IO, Any

from rectikit.engine.gcpause import gc_paused


class Handover:
    """One worker's result, from the worker (:meth:`send`) to the main process
    (:meth:`receive`). Made before the fork; both processes hold both ends."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()
        try:
            self._read, self._write = os.pipe()
        except OSError:
            self.file.close()
            raise

    def forked(self, worker: bool) -> None:
        """Close the end of the pipe this side does not use (call on both sides)."""
        os.close(self._read if worker else self._write)

    def send(self, result: Any) -> None:
        """In the worker: write ``result`` and say it is complete."""
        import pickle

        done = b"0"
        try:
            with gc_paused():  # many lasting objects, no garbage: see gcpause
                pickle.dump(result, self.file, pickle.HIGHEST_PROTOCOL)
            self.file.flush()
            done = b"1"
        finally:
            with contextlib.suppress(OSError):
                os.write(self._write, done)

    def receive(self) -> Any:
        """In the main process: the worker's result once it is complete (waiting for
        it), or ``None`` when the worker died or could not write it."""
        import pickle

        try:
            done = os.read(self._read, 1)
            if done != b"1":
                return None
            self.file.seek(0)
            with gc_paused():
                return pickle.load(self.file)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    def close(self) -> None:
        """Let go of the file and the pipe (the file's space is freed)."""
        with contextlib.suppress(OSError):
            os.close(self._read)
        self.file.close()


def fork_worker(work: Callable[[Handover], None]) -> tuple[int, Handover]:
    """Fork a worker that runs ``work(handover)`` and ends (``os._exit``, never the
    parent's exit handlers); its pid and :class:`Handover`. Raises ``OSError`` when no
    process can be forked."""
    handover = Handover()
    try:
        with warnings.catch_warnings():  # Python 3.12+ warns of forking with threads
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        handover.close()
        raise
    if pid == 0:  # pragma: no cover - runs in the worker, reported through the handover
        handover.forked(worker=True)
        try:
            work(handover)
        finally:
            os._exit(0)
    handover.forked(worker=False)
    return pid, handover


__all__ = ["Handover", "fork_worker"]
