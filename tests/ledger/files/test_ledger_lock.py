"""Concurrent saves take turns (``<name>.lock``), or are refused in one line; stale locks
of dead writers are taken over; a ledger changed since it was read is not overwritten."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import attrs
import pytest
from support import EXAMPLE_TOML, cli_no_traceback, example_ledger

from rectikit.ledger.files import (
    LedgerError,
    LockError,
    file_digest,
    file_lock,
    load_ledger,
    save_ledger,
)
from rectikit.ledger.files import lock as lock_module
from rectikit.ledger.files.lock import lock_path

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.toml"
    path.write_bytes(EXAMPLE_TOML.replace("<DEADLINE_COMMENT>", "").encode("utf-8"))
    return path


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def write_lock(path: Path, pid: int | str, host: str | None = None, age: float = 0) -> Path:
    lock = lock_path(path)
    host = lock_module._host() if host is None else host
    lock.write_text(f"pid={pid}\nhost={host}\ntoken=theirs\n", encoding="utf-8")
    if age:
        then = time.time() - age
        os.utime(lock, (then, then))
    return lock


@needs_fork
def test_concurrent_saves_take_turns(tmp_path: Path) -> None:
    """Four processes each enter the lock 15 times: no two are ever inside at once."""
    target = tmp_path / "ledger.toml"
    log = tmp_path / "log"
    children = []
    for n in range(4):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the children
            code = 0
            try:
                for _ in range(15):
                    with file_lock(target, timeout=30):
                        with log.open("a") as out:
                            out.write(f"in {n}\n")
                        time.sleep(0.002)
                        with log.open("a") as out:
                            out.write(f"out {n}\n")
            except BaseException:
                code = 1
            os._exit(code)
        children.append(pid)
    assert all(os.waitpid(pid, 0)[1] == 0 for pid in children)
    lines = log.read_text().splitlines()
    assert len(lines) == 4 * 15 * 2
    for enter, leave in zip(lines[::2], lines[1::2], strict=True):
        assert enter.startswith("in ") and leave == "out " + enter[3:]
    assert not lock_path(target).exists()


@needs_fork
def test_concurrent_ledger_saves_keep_a_whole_ledger(tmp_path: Path) -> None:
    path = ledger_file(tmp_path)
    base = example_ledger()
    ledgers = [
        attrs.evolve(base, findings=(attrs.evolve(base.findings[0], title=f"版本 {n}"),))
        for n in range(3)
    ]
    children = []
    for n in range(3):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the children
            code = 0
            try:
                for _ in range(5):
                    save_ledger(ledgers[n], path)
            except BaseException:
                code = 1
            os._exit(code)
        children.append(pid)
    assert all(os.waitpid(pid, 0)[1] == 0 for pid in children)
    assert load_ledger(path) in ledgers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.toml", "ledger.toml.bak"]


def test_a_live_lock_refuses_the_save_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ledger_file(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(lock_module, "DEFAULT_TIMEOUT", 0.2)
    lock = write_lock(path, os.getpid())  # this process: alive
    with pytest.raises(LockError) as caught:
        save_ledger(example_ledger(), path)
    message = str(caught.value)
    assert message == (
        f"{path}: is being saved by another rectikit (pid {os.getpid()}); nothing was "
        "written: try again, or delete ledger.toml.lock if no rectikit is running"
    )
    assert path.read_bytes() == before and lock.exists()  # nothing touched
    out = tmp_path / "copy.toml"
    write_lock(out, os.getpid())
    code, _, err = cli_no_traceback("ledger", "convert", str(path), str(out))
    assert code == 2 and "is being saved by another rectikit" in err and err.count("\n") == 1


@needs_fork
def test_a_dead_writers_lock_is_taken_over(tmp_path: Path) -> None:
    path = ledger_file(tmp_path)
    write_lock(path, dead_pid())
    (tmp_path / ".ledger.toml.deadbeef0000.tmp").write_bytes(b"half a ledger")
    started = time.monotonic()
    save_ledger(example_ledger(), path)
    assert time.monotonic() - started < 2
    assert not lock_path(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.toml", "ledger.toml.bak"]


def test_other_hosts_and_empty_locks_go_stale_by_age(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ledger_file(tmp_path)
    monkeypatch.setattr(lock_module, "DEFAULT_TIMEOUT", 0.1)
    write_lock(path, 12345, host="another-host")
    with pytest.raises(LockError, match="pid 12345 on another-host"):
        save_ledger(example_ledger(), path)
    write_lock(path, 12345, host="another-host", age=lock_module.STALE_AFTER + 5)
    save_ledger(example_ledger(), path)
    lock = lock_path(path)
    lock.write_bytes(b"")  # a writer died creating it
    with pytest.raises(LockError, match="another process"):
        save_ledger(example_ledger(), path)
    then = time.time() - lock_module.EMPTY_STALE_AFTER - 1
    os.utime(lock, (then, then))
    save_ledger(example_ledger(), path)
    assert not lock.exists()


def test_a_ledger_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = ledger_file(tmp_path)
    digest = file_digest(path)
    assert file_digest(tmp_path / "none.toml") is None
    ledger = load_ledger(path)
    path.write_bytes(path.read_bytes() + b"\n# edited meanwhile\n")
    changed = path.read_bytes()
    with pytest.raises(LedgerError, match="changed since rectikit read it"):
        save_ledger(ledger, path, expected=digest)
    assert path.read_bytes() == changed
    save_ledger(ledger, path, expected=file_digest(path))  # current: saved
    new = tmp_path / "new.toml"
    with pytest.raises(LedgerError):
        new.write_text("", encoding="utf-8")
        save_ledger(ledger, new, expected=None)  # it did not exist when read


def test_check_to_ledger_refuses_a_ledger_changed_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rectikit.cli.check as check_module

    data = tmp_path / "data"
    data.mkdir()
    (data / "党组织.csv").write_text(
        "编号,党组织名称,类型,上次换届日期,备案日期\nO1,某党支部,党支部,2023-03-01,\n", "utf-8"
    )
    path = ledger_file(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(check_module, "_digest", lambda p: "digest of an older version")
    code, _, err = cli_no_traceback(
        "check", str(data), "--as-of", "2023-12-31", "--select", "ELC004",
        "--to-ledger", str(path),
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1
    assert "changed since rectikit read it" in err and path.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_baseline_is_saved_atomically_with_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    procurement = data / "procurement.csv"
    procurement.write_text(
        "编号,项目,预算,组织形式,采购方式,日期\nP1,x,5万,自行采购,定向采购,2023-01-01\n", "utf-8"
    )
    baseline = tmp_path / "baseline.json"
    args = ("check", str(data), "--as-of", "2023-12-31", "--format", "json")
    assert cli_no_traceback(*args, "--write-baseline", str(baseline))[0] == 1
    first = baseline.read_bytes()
    assert b'"P1"' in first and not (tmp_path / "baseline.json.bak").exists()
    procurement.write_text(
        procurement.read_text("utf-8") + "P2,y,6万,自行采购,定向采购,2023-02-01\n", "utf-8"
    )
    assert cli_no_traceback(*args, "--write-baseline", str(baseline))[0] == 1
    assert (tmp_path / "baseline.json.bak").read_bytes() == first
    assert b'"P2"' in baseline.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "baseline.json",
        "baseline.json.bak",
        "data",
    ]
    # a baseline being written by another run: refused in one line, nothing touched
    monkeypatch.setattr(lock_module, "DEFAULT_TIMEOUT", 0.1)
    write_lock(baseline, os.getpid())
    before = baseline.read_bytes()
    code, _, err = cli_no_traceback(*args, "--write-baseline", str(baseline))
    assert code == 2 and "is being saved by another rectikit" in err and err.count("\n") == 1
    assert baseline.read_bytes() == before
    # an unwritable folder: one line (root writes anywhere: nothing to see then)
    lock_path(baseline).unlink()
    os.chmod(tmp_path, 0o555)
    try:
        if not os.access(tmp_path, os.W_OK):
            code, _, err = cli_no_traceback(*args, "--write-baseline", str(baseline))
            assert code == 2 and "baseline" in err and err.count("\n") == 1
    finally:
        os.chmod(tmp_path, 0o755)
