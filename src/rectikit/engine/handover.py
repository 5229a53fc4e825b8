"""A forked worker's result, handed to the main process through a temporary file.

A worker that wrote its result to a pipe would wait for the main process to read it,
holding its memory, and the pickling would happen while the main process waits. Through
an unlinked temporary file the worker pickles as soon as it is done, whatever the main
process is doing, and leaves; the main process then unpickles from the file. A byte on a
pipe says the result is complete (``1``), or that the worker could not write it (``0``);
no byte means the worker died.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import signal
import tempfile
import warnings
from collections.abc import Callable, Iterable
from typing import IO, Any, TextIO

from rectikit import scratch
from rectikit.engine import background
from rectikit.engine.gcpause import gc_paused

#: Bytes copied at a time from a worker's text to the report.
_COPY_CHUNK = 1 << 20


class Handover:
    """One worker's result, from the worker (:meth:`send`) to the main process
    (:meth:`receive`). Made before the fork; both processes hold both ends."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()
        #: the worker has ended and been waited for (its pid may belong to another
        #: process by now: never signal it)
        self.reaped = False
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
        from rectikit.engine import rawarrays

        done = b"0"
        try:
            with gc_paused():  # many lasting objects, no garbage: see gcpause
                rawarrays.dump(result, self.file)
            self.file.flush()
            done = b"1"
        finally:
            with contextlib.suppress(OSError):
                os.write(self._write, done)

    def receive(self, pid: int | None = None) -> Any:
        """In the main process: the worker's result once it is complete (waiting for
        it), or ``None`` when the worker died or could not write it.

        With the worker's ``pid``, the worker (which only ends once it has sent) is
        waited for before its result is read: its memory is gone before the result
        takes the same again here."""
        import pickle

        from rectikit.engine import rawarrays

        try:
            done = os.read(self._read, 1)
            if done != b"1":
                return None
            if pid is not None:
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(pid, 0)
                self.reaped = True
            self.file.seek(0)
            with gc_paused():
                return rawarrays.load(self.file)
        except (EOFError, OSError, TypeError, ValueError, pickle.UnpicklingError):
            return None

    def send_text(self, chunks: Iterable[str]) -> None:
        """In the worker: write ``chunks`` of text (as UTF-8) and say they are complete."""
        done = b"0"
        try:
            with open(self.file.fileno(), "w", encoding="utf-8", newline="", closefd=False) as text:
                text.writelines(chunks)
            done = b"1"
        finally:
            with contextlib.suppress(OSError):
                os.write(self._write, done)

    def copy_text(self, stream: TextIO) -> bool:
        """In the main process: once the worker's text is complete (waiting for it),
        write it to ``stream`` and return ``True``; ``False`` (nothing written) when the
        worker died or could not write it.

        Raises:
            OSError: the temporary file could not be read back (part of the text may
                have been written).
        """
        try:
            done = os.read(self._read, 1)
        except OSError:
            return False
        if done != b"1":
            return False
        self.file.seek(0)
        decode = codecs.getincrementaldecoder("utf-8")().decode
        while chunk := self.file.read(_COPY_CHUNK):
            stream.write(decode(chunk))
        stream.write(decode(b"", final=True))
        return True

    def close(self) -> None:
        """Let go of the file and the pipe (the file's space is freed)."""
        with contextlib.suppress(OSError):
            os.close(self._read)
        self.file.close()


def send_result(handover: Handover, compute: Callable[[], dict[str, Any]]) -> None:
    """In a worker: send what ``compute`` returns, or ``{"error": ...}`` when it
    raises (the main process then does the work itself). Ctrl-C stops the worker
    quietly: the main process says it was interrupted."""
    result: dict[str, Any]
    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        result = compute()
    except BaseException as exc:  # any failure means: the main process does it
        result = {"error": f"{type(exc).__name__}: {exc}"}
    handover.send(result)


def receive_result(pid: int, handover: Handover) -> dict[str, Any] | None:
    """In the main process: what :func:`send_result` sent (the worker waited for first,
    see :meth:`Handover.receive`), or ``None`` when the worker died without it."""
    result = handover.receive(pid)
    return result if isinstance(result, dict) else None


def reap(pid: int, handover: Handover) -> None:
    """Stop a worker (it is killed if still running), wait for it, and close its
    handover (a worker :meth:`Handover.receive` waited for is left alone)."""
    if not handover.reaped:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
        handover.reaped = True
    handover.close()


def fork_worker(work: Callable[[Handover], None]) -> tuple[int, Handover]:
    """Fork a worker that runs ``work(handover)`` and ends (``os._exit``, never the
    parent's exit handlers); its pid and :class:`Handover`. Background threads
    (:mod:`rectikit.engine.background`) are waited for first, and the scratch directory
    made (:func:`rectikit.scratch.directory`). Raises ``OSError`` when no process can be
    forked."""
    background.finish()  # no thread of rectikit's own runs across a fork
    scratch.directory()  # the worker's scratch files go where this process removes them
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


__all__ = ["Handover", "fork_worker", "reap", "receive_result", "send_result"]
