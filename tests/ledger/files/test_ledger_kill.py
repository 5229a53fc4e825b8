"""No ledger is ever lost or torn: a writer killed (SIGKILL) at random points of a save.

A child process saves two versions of the 25-finding example ledger in turn, for ever;
the test kills it at a random moment, then checks that the file on disk parses and
equals one of the two versions (and that the ``.bak`` does too). The next writer finds
the killed one's lock stale and takes it over. The child is forked from the test process
(rectikit already imported), so an iteration costs the kill delay, not an interpreter
start.

The suite runs a bounded number of kills; a longer run::

    RECTIKIT_KILL_ITERATIONS=500 python -m pytest tests/ledger/files/test_ledger_kill.py
    RECTIKIT_FUZZ=long python -m pytest tests/ledger/files/test_ledger_kill.py   # 500 too
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import attrs
import pytest

from rectikit.ledger.files import load_ledger, load_ledger_toml, load_ledger_xlsx, save_ledger
from rectikit.ledger.files.lock import lock_path
from rectikit.model.ledger import Ledger, Status

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "city-committee" / "ledger.toml"

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL"
)


def iterations(default: int) -> int:
    if os.environ.get("RECTIKIT_KILL_ITERATIONS"):
        return int(os.environ["RECTIKIT_KILL_ITERATIONS"])
    return 500 if os.environ.get("RECTIKIT_FUZZ") == "long" else default


def versions() -> tuple[Ledger, Ledger]:
    """Two different ledgers: the example, and the example with every finding
    completed and a new finding."""
    old = load_ledger(EXAMPLE)
    first = old.findings[0]
    extra = attrs.evolve(first, id="F99", title="补充问题：整改台账更新不及时", measures=())
    new = attrs.evolve(
        old,
        findings=(
            *(attrs.evolve(f, status=Status.COMPLETED) for f in old.findings),
            extra,
        ),
    )
    assert new != old
    return old, new


def load_as(path: Path, suffix: str) -> Ledger:
    """Load a ledger file (or its ``.bak``) in the form of ``suffix``."""
    if suffix == ".toml":
        return load_ledger_toml(path).ledger
    return load_ledger_xlsx(path)


def writer(path: Path, ledgers: tuple[Ledger, Ledger], marks: int) -> None:
    """The child: save the two versions in turn until killed, writing a byte to
    ``marks`` as each save starts."""
    try:
        while True:
            for ledger in ledgers:
                os.write(marks, b"s")
                save_ledger(ledger, path)
    finally:  # never return into pytest
        os._exit(1)


def kill_during_saves(path: Path, ledgers: tuple[Ledger, Ledger], rounds: int) -> set[int]:
    """Run ``rounds`` writers, each killed at a random point of a save; check the files
    after each kill. Returns which versions were seen on disk.

    The kill lands a random time after a save starts: half of them anywhere in the save,
    in its last tenth, where the new file is written, flushed and renamed (reading and
    merging the old file take most of a save).
    """
    rng = random.Random(int(os.environ.get("RECTIKIT_KILL_SEED", "7")))
    started = time.perf_counter()
    save_ledger(ledgers[0], path)
    save_ledger(ledgers[1], path)
    save_time = (time.perf_counter() - started) / 2
    seen: set[int] = set()
    for _ in range(rounds):
        read, marks = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read)
            writer(path, ledgers, marks)
        os.close(marks)
        saves = rng.randrange(1, 3)  # kill during the first or the second save
        for _ in range(saves):
            os.read(read, 1)
        share = rng.uniform(0, 1.05) if rng.random() < 0.5 else rng.uniform(0.88, 1.02)
        time.sleep(share * save_time)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)  # reaped: its pid is gone, so its lock is stale
        os.close(read)
        for candidate in (path, path.with_name(path.name + ".bak")):
            if candidate.exists() or candidate == path:
                loaded = load_as(candidate, path.suffix)
                assert loaded in ledgers, f"{candidate.name} is neither version"
                if candidate == path:
                    seen.add(ledgers.index(loaded))
    return seen


@pytest.mark.parametrize(("suffix", "default"), [(".toml", 40), (".xlsx", 12)])
def test_killed_writer_never_tears_or_loses_the_ledger(
    tmp_path: Path, suffix: str, default: int
) -> None:
    ledgers = versions()
    path = tmp_path / f"ledger{suffix}"
    seen = kill_during_saves(path, ledgers, iterations(default))
    assert seen, "no version seen"
    # a killed writer's lock is stale: the next save takes it over, and tidies up
    save_ledger(ledgers[0], path)
    assert load_ledger(path) == ledgers[0]
    assert not lock_path(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, path.name + ".bak"]
