"""Background threads: waited for before any fork."""

from __future__ import annotations

import os
import threading
import time

import pytest

from rectikit.engine import background
from rectikit.engine.handover import fork_worker, reap


def test_finish_waits_for_every_thread_started() -> None:
    done: list[int] = []

    def slow(number: int) -> None:
        time.sleep(0.05)
        done.append(number)

    threads = [background.start(slow, number, name=f"t{number}") for number in range(3)]
    background.finish()
    assert sorted(done) == [0, 1, 2] and not any(thread.is_alive() for thread in threads)
    background.finish()  # nothing left: returns at once


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_no_process_is_forked_while_a_background_thread_runs() -> None:
    release = threading.Event()
    seen: list[bool] = []

    def waits() -> None:
        release.wait(5)

    thread = background.start(waits, name="waits")
    threading.Timer(0.1, release.set).start()
    pid, handover = fork_worker(lambda handover: handover.send({"ok": True}))
    seen.append(thread.is_alive())  # fork_worker returned: the thread had ended
    assert handover.receive() == {"ok": True}
    reap(pid, handover)
    assert seen == [False]
