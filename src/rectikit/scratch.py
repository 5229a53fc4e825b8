"""Temporary files holding what a big run sets aside on disk to keep its memory flat.

The id tables of :mod:`rectikit.readers.keyspill` and the violations of
:mod:`rectikit.engine.spool` are written to such files. A :class:`ScratchFile` is
deleted when the last object of this process referring to it is gone, or when the
interpreter exits. A forked worker hands its files to the main process by name, in the
pickle of its result: pickling a :class:`ScratchFile` hands it over, and from then on
the file is the loading process's to delete. (Should no process ever load that pickle,
as when a worker's result is not used, the file stays until the main process ends.)

The files of a process and of the workers it forks live in one directory
(:func:`directory`), made before the first fork and removed with everything in it when
the main process exits: a worker killed before it handed its files over leaves none.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import weakref
from typing import Any

#: How many live :class:`ScratchFile` objects of this process refer to each path.
_owners: dict[str, int] = {}

_pread = getattr(os, "pread", None)

#: This process's scratch directory (a forked worker's is its parent's).
_directory: str | None = None


def directory() -> str:
    """The directory scratch files are made in: made at the first call and removed,
    with what is left in it, when this process exits. A process forked after the call
    makes its files there too (and never removes it: workers end with ``os._exit``),
    so :func:`~rectikit.engine.handover.fork_worker` calls it before forking."""
    global _directory
    if _directory is None:
        _directory = tempfile.mkdtemp(prefix="rectikit-")
        atexit.register(shutil.rmtree, _directory, True)
    return _directory


class ScratchError(OSError):
    """What was set aside on disk cannot be read back (the temporary directory cleaned
    during the run, say)."""


def _release(path: str, state: list[Any]) -> None:
    """Close a scratch file and delete it once no object of this process refers to it,
    unless it was handed over in a pickle or is another process's (a forked worker
    dropping a copy of its parent's file)."""
    for file in state[:2]:
        if file is not None:
            try:
                file.close()
            except OSError:
                pass
    state[0] = state[1] = None
    left = _owners.get(path, 1) - 1
    if left > 0:
        _owners[path] = left
        return
    _owners.pop(path, None)
    if state[2] or state[3] != os.getpid():  # handed over, or not this process's
        return
    try:
        os.unlink(path)
    except OSError:
        pass


class ScratchFile:
    """A temporary file to append bytes to and read them back from at an offset."""

    def __init__(self, path: str) -> None:
        self.path = path
        # reader, writer, handed over, the process that deletes it
        self._state: list[Any] = [None, None, False, os.getpid()]
        _owners[path] = _owners.get(path, 0) + 1
        weakref.finalize(self, _release, path, self._state)

    @classmethod
    def create(cls, prefix: str) -> ScratchFile:
        """A new empty file in the temporary directory. Raises ``OSError``."""
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=".bin", dir=directory())
        os.close(fd)
        return cls(path)

    def __reduce__(self) -> Any:
        self._state[2] = True  # the loader's to delete from now on
        self.flush()
        return ScratchFile, (self.path,)

    def append(self, *parts: Any) -> int:
        """Write ``parts`` (bytes-like, arrays included) at the end; the offset they
        start at. Raises ``OSError`` (no room on disk)."""
        writer = self._state[1]
        if writer is None:
            writer = self._state[1] = open(self.path, "ab")
        offset = writer.tell()
        for part in parts:
            writer.write(part)
        return offset

    def flush(self) -> None:
        """Make what was appended readable (by this process or another)."""
        if self._state[1] is not None:
            self._state[1].flush()

    def read(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset``. Raises :class:`ScratchError` when the file is
        gone, cannot be read or is shorter."""
        try:
            self.flush()
            reader = self._state[0]
            if reader is None:
                reader = self._state[0] = open(self.path, "rb", buffering=0)
            if _pread is not None:
                data = _pread(reader.fileno(), size, offset)
            else:  # no pread (Windows): seek and read
                reader.seek(offset)
                data = reader.read(size)
        except OSError as exc:
            raise ScratchError(self._problem(exc.strerror or str(exc))) from None
        if len(data) != size:
            raise ScratchError(self._problem("cut short"))
        return data

    def _problem(self, what: str) -> str:
        return (
            f"{self.path}: what rectikit set aside on disk during the run cannot be read "
            f"back ({what}); was the temporary directory cleaned meanwhile?"
        )


__all__ = ["ScratchError", "ScratchFile", "directory"]
