"""Work done in threads of its own while a run goes on, finished before any fork.

Some of a run's work releases the GIL (hashing a file: ``hashlib`` hashes without it),
so a thread can do it on a core the run leaves idle, such as while the main process
alone judges what it read. A process forked while such a thread runs could inherit a
lock the thread holds, so :func:`rectikit.engine.handover.fork_worker` calls
:func:`finish` first: no process is ever forked while a background thread runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_running: list[threading.Thread] = []
_lock = threading.Lock()


def start(work: Callable[..., Any], *args: Any, name: str) -> threading.Thread:
    """Run ``work(*args)`` in a daemon thread (its exceptions are its own to catch)."""
    thread = threading.Thread(target=work, args=args, name=name, daemon=True)
    with _lock:
        _running.append(thread)
    thread.start()
    return thread


def finish() -> None:
    """Wait for every background thread started so far."""
    with _lock:
        threads = list(_running)
        _running.clear()
    for thread in threads:
        thread.join()


__all__ = ["finish", "start"]
