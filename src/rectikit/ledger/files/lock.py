"""A lock file serializing the saves of one file: ``ledger.toml.lock``.

Two rectikit processes saving the same ledger (or baseline) at once would each read,
change and write it, and the second would silently drop what the first saved.
:func:`file_lock` makes them take turns: the lock is ``<name>.lock`` next to the file,
created with ``O_CREAT | O_EXCL`` (only one process can create it) and holding the
owner's pid, host and a random token. It is removed when the save ends.

A lock whose owner died (killed mid-save, power cut) is *stale*: on the same host a
lock naming a pid that no longer runs is taken over at once; a lock from another host
(a shared folder) or whose owner cannot be asked is taken over once it is older than
:data:`STALE_AFTER` seconds. A live lock is waited for up to ``timeout`` seconds, then
the save is refused with :class:`LockError` (one line: who holds it, what to do).

After taking the lock, temporary files of the same target that a killed writer left
behind (``.ledger.toml.<random>.tmp``) are removed: nobody else can be writing them.
The lock is created by hard-linking a file that already holds its content, so it is
never seen empty; a lock without content (where links are not possible and its writer
died creating it) is stale after :data:`EMPTY_STALE_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from rectikit.ledger.files.errors import LedgerError

#: Suffix of the lock file next to the file it guards.
LOCK_SUFFIX = ".lock"
#: Seconds after which a lock whose owner cannot be checked counts as stale.
STALE_AFTER = 600.0
#: Seconds after which a lock file without an owner (its writer died creating it)
#: counts as stale.
EMPTY_STALE_AFTER = 2.0
#: Seconds a save waits for another one to finish before refusing.
DEFAULT_TIMEOUT = 10.0
_POLL = 0.02


class LockError(LedgerError):
    """Another process holds the lock of a file being saved."""


def lock_path(path: Path) -> Path:
    """The lock file of ``path``: ``<name>.lock`` beside it."""
    return path.with_name(path.name + LOCK_SUFFIX)


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:  # pragma: no cover - no host name
        return ""


def _read(lock: Path) -> tuple[int | None, str, str] | None:
    """``(pid, host, token)`` of a lock file; ``None`` when it is gone."""
    try:
        text = lock.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return (None, "", "")
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    pid_text = fields.get("pid", "")
    pid = int(pid_text) if pid_text.isdigit() else None
    return pid, fields.get("host", ""), fields.get("token", "")


def _alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs on this host; ``None`` when it cannot be told."""
    if sys.platform == "win32":  # os.kill(pid, 0) would signal it there
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except OSError:
        return None
    return True


def _age(lock: Path) -> float:
    try:
        return time.time() - lock.stat().st_mtime
    except OSError:
        return 0.0


def _stale(lock: Path, owner: tuple[int | None, str, str]) -> bool:
    pid, host, _ = owner
    if pid is None:  # a lock without its content: its writer died creating it
        return _age(lock) > EMPTY_STALE_AFTER
    if host == _host():
        alive = _alive(pid)
        if alive is not None:
            return not alive
    # another host, or an owner that cannot be asked
    return _age(lock) > STALE_AFTER


def _break(lock: Path, owner: tuple[int | None, str, str]) -> None:
    """Remove a stale lock, unless another process replaced it meanwhile."""
    aside = lock.with_name(f".{lock.name}.{secrets.token_hex(6)}.stale")
    try:
        os.replace(lock, aside)
    except FileNotFoundError:
        return
    moved = _read(aside)
    if moved is not None and moved != owner:
        # a fresh lock replaced the stale one between our look and the move: give it back
        with contextlib.suppress(OSError):
            os.link(aside, lock)
    with contextlib.suppress(OSError):
        os.unlink(aside)


def _create(lock: Path, token: str) -> bool:
    """Create ``lock`` with its content, or return False when it exists.

    The content is written to a private file first and hard-linked to the lock's name
    (the link fails when the name exists), so a lock is never seen empty; where links
    are not possible, the lock is created with ``O_EXCL`` and then written.
    """
    content = f"pid={os.getpid()}\nhost={_host()}\ntoken={token}\n".encode()
    part = lock.with_name(f".{lock.name}.{token}.part")
    try:
        part.write_bytes(content)
        try:
            os.link(part, lock)
            return True
        except FileExistsError:
            return False
        except OSError:
            pass  # no hard links here (FAT, some shares): O_EXCL below
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(lock, flags, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    return True


def _clean_temporaries(path: Path) -> None:
    """Remove what writers killed mid-save left: ``.<name>.<random>.tmp`` files, and the
    lock's own ``.part``/``.stale`` files (a waiting writer whose ``.part`` goes simply
    tries again)."""
    lock = lock_path(path)
    patterns = (f".{path.name}.*.tmp", f".{lock.name}.*.part", f".{lock.name}.*.stale")
    with contextlib.suppress(OSError):
        for pattern in patterns:
            for leftover in path.parent.glob(pattern):
                with contextlib.suppress(OSError):
                    leftover.unlink()


@contextlib.contextmanager
def file_lock(path: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of ``path`` while the block runs, waiting up to ``timeout`` seconds
    (default :data:`DEFAULT_TIMEOUT`) for another process to release it.

    Raises:
        LockError: another live process held it for ``timeout`` seconds.
        OSError: the lock cannot be created (a read-only folder, ...).
    """
    path = Path(path)
    lock = lock_path(path)
    token = secrets.token_hex(8)
    deadline = time.monotonic() + (DEFAULT_TIMEOUT if timeout is None else timeout)
    while not _create(lock, token):
        owner = _read(lock)
        if owner is None:
            continue  # released between our attempt and the look
        if _stale(lock, owner):
            _break(lock, owner)
            continue
        if time.monotonic() >= deadline:
            pid = f"pid {owner[0]}" if owner[0] is not None else "another process"
            host = f" on {owner[1]}" if owner[1] and owner[1] != _host() else ""
            raise LockError(
                f"is being saved by another rectikit ({pid}{host}); nothing was written: "
                f"try again, or delete {lock.name} if no rectikit is running",
                file=str(path),
            )
        time.sleep(_POLL)
    try:
        _clean_temporaries(path)
        yield
    finally:
        owner = _read(lock)
        if owner is not None and owner[2] == token:
            with contextlib.suppress(OSError):
                os.unlink(lock)
