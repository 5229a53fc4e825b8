"""A forked worker's result reaches the main process through a temporary file."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from rectikit.engine.handover import Handover, fork_worker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


def in_worker(body: Callable[[Handover], None]) -> Any:
    """Run ``body`` in a forked worker; what the main process receives."""
    pid, handover = fork_worker(body)
    try:
        return handover.receive()
    finally:
        os.waitpid(pid, 0)
        handover.close()


def test_a_result_is_received_whole() -> None:
    big = {"violations": [f"违规 {n}" for n in range(200_000)]}  # far more than a pipe holds
    assert in_worker(lambda handover: handover.send(big)) == big


def test_a_worker_that_dies_hands_over_nothing() -> None:
    assert in_worker(lambda handover: os._exit(9)) is None


def test_a_result_that_cannot_be_written_is_none() -> None:
    assert in_worker(lambda handover: handover.send({"check": lambda: None})) is None


def test_the_worker_is_done_before_the_main_process_reads() -> None:
    """The worker leaves as soon as its result is written: it never waits for a reader."""
    pid, handover = fork_worker(lambda handover: handover.send(list(range(100_000))))
    _, status = os.waitpid(pid, 0)  # before anything is read
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert handover.receive() == list(range(100_000))
    handover.close()
