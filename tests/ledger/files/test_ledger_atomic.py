"""Atomic saves: a crash at any point leaves the old file or the new one, whole."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import attrs
import pytest

from rectikit.ledger.files import atomic as atomic_module
from rectikit.ledger.files import atomic_write_bytes, load_ledger_toml, save_ledger
from rectikit.model.ledger import Status

OLD = "旧内容\n".encode()
NEW = "新内容\n".encode() * 1000


def listing(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


class Crash(Exception):
    pass


def test_new_file_without_backup(tmp_path: Path) -> None:
    target = tmp_path / "ledger.toml"
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert listing(tmp_path) == {"ledger.toml"}


def test_backup_holds_the_previous_version(tmp_path: Path) -> None:
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert (tmp_path / "ledger.toml.bak").read_bytes() == OLD
    atomic_write_bytes(target, b"third")
    assert (tmp_path / "ledger.toml.bak").read_bytes() == NEW  # the older .bak replaced
    assert target.read_bytes() == b"third"
    assert listing(tmp_path) == {"ledger.toml", "ledger.toml.bak"}


def test_no_backup_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    atomic_write_bytes(target, NEW, backup=False)
    assert target.read_bytes() == NEW
    assert listing(tmp_path) == {"ledger.toml"}


def test_backup_by_copy_where_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(src: object, dst: object) -> None:
        raise OSError("links not supported")

    monkeypatch.setattr(atomic_module.os, "link", no_link)
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    os.utime(target, (1_000_000_000, 1_000_000_000))
    atomic_write_bytes(target, NEW)
    backup = tmp_path / "ledger.toml.bak"
    assert backup.read_bytes() == OLD
    assert backup.stat().st_mtime == 1_000_000_000  # copied with its metadata
    assert listing(tmp_path) == {"ledger.toml", "ledger.toml.bak"}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    target.chmod(0o640)
    atomic_write_bytes(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_a_symlink_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_bytes(OLD)
    link = tmp_path / "ledger.toml"
    link.symlink_to(real)
    atomic_write_bytes(link, NEW)
    assert link.is_symlink() and real.read_bytes() == NEW
    assert (tmp_path / "real.toml.bak").read_bytes() == OLD


def test_crash_at_the_final_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    real_replace = os.replace

    def crashing_replace(src: object, dst: object) -> None:
        if Path(str(dst)) == target:
            raise Crash("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", crashing_replace)
    with pytest.raises(Crash):
        atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD
    assert (tmp_path / "ledger.toml.bak").read_bytes() == OLD
    assert listing(tmp_path) == {"ledger.toml", "ledger.toml.bak"}  # no temp file left


def test_crash_midway_through_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    (tmp_path / "ledger.toml.bak").write_bytes(b"older")

    class HalfFile:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> HalfFile:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> None:
            self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise Crash("disk full")

    real_fdopen = os.fdopen
    monkeypatch.setattr(
        atomic_module.os, "fdopen", lambda fd, mode: HalfFile(real_fdopen(fd, mode))
    )
    with pytest.raises(Crash):
        atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD
    assert (tmp_path / "ledger.toml.bak").read_bytes() == b"older"  # untouched
    assert listing(tmp_path) == {"ledger.toml", "ledger.toml.bak"}


def test_crash_in_fsync_and_in_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)

    def broken(*args: object) -> None:
        raise Crash("I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(atomic_module.os, "fsync", broken)
        with pytest.raises(Crash):
            atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD and listing(tmp_path) == {"ledger.toml"}

    with monkeypatch.context() as patch:
        patch.setattr(atomic_module.os, "link", broken)
        patch.setattr(atomic_module.shutil, "copy2", broken)
        with pytest.raises(Crash):
            atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD and listing(tmp_path) == {"ledger.toml"}


def test_interrupt_cleans_up_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ledger.toml"

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, NEW)
    assert listing(tmp_path) == set()


def test_unwritable_directory_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic_write_bytes(tmp_path / "missing" / "ledger.toml", NEW)


def test_ledger_save_crash_leaves_the_old_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = '[[finding]]\nid = "F01"\nstatus = "推进中"  # 状态\n'
    target = tmp_path / "ledger.toml"
    target.write_text(source, encoding="utf-8")
    doc = load_ledger_toml(target)
    finding = attrs.evolve(doc.ledger.findings[0], status=Status.COMPLETED)
    changed = doc.ledger.replace_finding(finding)

    real_replace = os.replace

    def crashing_replace(src: object, dst: object) -> None:
        if Path(str(dst)) == target:
            raise Crash("power cut")
        real_replace(src, dst)

    with monkeypatch.context() as patch:
        patch.setattr(atomic_module.os, "replace", crashing_replace)
        with pytest.raises(Crash):
            save_ledger(changed, target)
    assert target.read_text(encoding="utf-8") == source
    assert listing(tmp_path) == {"ledger.toml", "ledger.toml.bak"}

    save_ledger(changed, target)
    assert target.read_text(encoding="utf-8") == source.replace("推进中", "已完成")
    assert (tmp_path / "ledger.toml.bak").read_text(encoding="utf-8") == source


def test_temp_files_live_next_to_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    real_replace = os.replace

    def spy(src: object, dst: object) -> None:
        seen.append(Path(str(src)))
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", spy)
    target = tmp_path / "ledger.toml"
    target.write_bytes(OLD)
    atomic_write_bytes(target, NEW)
    assert all(p.parent == tmp_path and p.name.startswith(".ledger.toml") for p in seen)


def test_a_backup_left_as_a_link_of_the_file_leaves_no_temporary(tmp_path: Path) -> None:
    """A save killed after keeping its backup (a hard link of the current file) and
    before its rename leaves both names on one file; the next save keeps that backup
    and leaves nothing behind."""
    target = tmp_path / "ledger.toml"
    target.write_bytes(b"v1")
    os.link(target, tmp_path / "ledger.toml.bak")
    atomic_write_bytes(target, b"v2")
    assert target.read_bytes() == b"v2"
    assert (tmp_path / "ledger.toml.bak").read_bytes() == b"v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.toml", "ledger.toml.bak"]
