"""Atomic file replacement: a crash at any point leaves the old file or the new one.

:func:`atomic_write_bytes` writes the new content to a temporary file in the target's
directory, flushes it to disk, keeps the previous version as ``<name>.bak`` and then
renames the temporary file over the target with :func:`os.replace` (atomic on POSIX
and Windows within one file system). The target is never missing and never torn.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

#: Suffix added to the target's name for the copy of its previous version.
BACKUP_SUFFIX = ".bak"


def backup_path(path: Path) -> Path:
    """Where :func:`atomic_write_bytes` keeps the previous version of ``path``."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def _temp_name(directory: Path, name: str) -> Path:
    """A fresh hidden name next to the target: ``.<name>.<random>.tmp``."""
    return directory / f".{name}.{secrets.token_hex(6)}.tmp"


def _create_temp(directory: Path, name: str) -> tuple[int, Path]:
    """A new, exclusively created file next to the target (mode as umask allows)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = _temp_name(directory, name)
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable, where the OS lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open directories; nothing to do there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _keep_backup(path: Path, directory: Path) -> None:
    """Replace ``<name>.bak`` with the current content of ``path``, atomically.

    A hard link to the current file (or, where links are not possible, a copy with its
    metadata) is made under a temporary name and renamed over the ``.bak``; the target
    itself is never moved, so it cannot go missing.
    """
    with contextlib.suppress(OSError):
        if os.path.samefile(path, backup_path(path)):
            # a save killed after keeping its backup left both names on one file: the
            # backup already holds the current content (and renaming a link of a file
            # over another link of it would do nothing, leaving the link behind)
            return
    temp = _temp_name(directory, path.name + BACKUP_SUFFIX)
    try:
        try:
            os.link(path, temp)
        except OSError:
            shutil.copy2(path, temp)
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temp, backup_path(path))
    except BaseException:
        _remove_quietly(temp)
        raise


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Replace the content of ``path`` with ``data``, atomically.

    The data goes to a temporary file in the same directory, which is flushed and
    fsynced; with ``backup`` the existing file (if any) is kept as ``<name>.bak``
    (replacing an older one); then the temporary file is renamed over ``path`` and the
    directory fsynced. A failure at any step removes the temporary file and leaves
    ``path`` as it was. A symbolic link is followed: the file it points to is replaced.
    The new file keeps the permission bits of the one it replaces.

    Raises:
        OSError: when the directory is not writable, the disk is full, etc.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent
    fd, temp = _create_temp(directory, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        exists = path.exists()
        if exists:
            shutil.copymode(path, temp)
            if backup:
                _keep_backup(path, directory)
        os.replace(temp, path)
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_directory(directory)
