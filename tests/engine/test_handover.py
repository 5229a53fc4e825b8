"""A forked worker's result reaches the main process through a temporary file."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rectikit.engine import rawarrays
from rectikit.engine.handover import Handover, fork_worker, reap, receive_result

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


def test_given_its_pid_the_worker_has_ended_before_its_result_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # its memory is gone before the main process takes the result in
    pid, handover = fork_worker(lambda handover: handover.send({"rows": list(range(50_000))}))
    alive_when_read: list[bool] = []
    load = rawarrays.load

    def load_and_look(file: Any) -> Any:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already waited for: no such child any more
        alive_when_read.append(False)
        return load(file)

    monkeypatch.setattr(rawarrays, "load", load_and_look)
    assert receive_result(pid, handover) == {"rows": list(range(50_000))}
    assert alive_when_read == [False] and handover.reaped
    killed: list[int] = []
    monkeypatch.setattr(os, "kill", lambda *args: killed.append(args[0]))
    reap(pid, handover)  # its pid may be another process's by now: never signalled
    assert killed == []


def test_reap_kills_a_worker_still_running() -> None:
    pid, handover = fork_worker(lambda handover: time.sleep(30))
    started = time.monotonic()
    reap(pid, handover)
    assert handover.reaped and time.monotonic() - started < 10


def copied(body: Callable[[Handover], None]) -> tuple[bool, str]:
    """Run ``body`` in a forked worker; whether its text came, and the text copied."""
    pid, handover = fork_worker(body)
    out = io.StringIO()
    try:
        return handover.copy_text(out), out.getvalue()
    finally:
        os.waitpid(pid, 0)
        handover.close()


def test_a_text_is_copied_whole_with_characters_cut_between_chunks() -> None:
    # three-byte and four-byte characters: the copy's chunks end inside some of them
    chunks = [f"违规 {n} 😀\n" for n in range(300_000)]
    assert copied(lambda handover: handover.send_text(chunks)) == (True, "".join(chunks))


def test_line_breaks_are_copied_as_they_are() -> None:
    assert copied(lambda handover: handover.send_text(["a\r\n", "b\n", "c\r"])) == (
        True,
        "a\r\nb\nc\r",
    )


def test_a_worker_that_dies_while_writing_text_gives_nothing() -> None:
    def dying(chunks: Iterator[str]) -> Iterator[str]:
        yield from chunks
        os._exit(9)

    body = lambda handover: handover.send_text(dying(iter(["half", "way"])))  # noqa: E731
    assert copied(body) == (False, "")


def test_a_text_that_fails_midway_gives_nothing() -> None:
    def failing() -> Iterator[str]:
        yield "half"
        raise ValueError("no more")

    assert copied(lambda handover: handover.send_text(failing())) == (False, "")


def test_reap_stops_a_worker_still_running_and_closes_its_handover() -> None:
    pid, handover = fork_worker(lambda handover: time.sleep(60))
    started = time.monotonic()
    reap(pid, handover)
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)
    assert handover.file.closed
