"""The run manifest: files with SHA-256, rule packs, window."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from rectikit.api import check
from rectikit.engine import background, manifest
from rectikit.engine.manifest import Digests, FileEntry, build_manifest, sha256_of
from rectikit.plugins import Registry


def test_sha256_of(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 3_000_000)
    assert sha256_of(path) == hashlib.sha256(b"x" * 3_000_000).hexdigest()
    assert sha256_of(tmp_path / "missing") == ""


def test_build_manifest(tmp_path: Path, registry: Registry) -> None:
    data = tmp_path / "采购台账.csv"
    data.write_text("编号\n", encoding="utf-8")
    config = tmp_path / "rectikit.toml"
    config.write_text("", encoding="utf-8")
    waivers = tmp_path / "waivers.toml"
    waivers.write_text("", encoding="utf-8")
    manifest = build_manifest(
        version="9.9",
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        rules=registry.rules,
        rules_run=["PRC002", "PRC001", "ELC001"],
        inputs=[(data, "采购台账.csv", "procurement")],
        config=config,
        others=[(waivers, "waivers")],
    )
    doc = manifest.to_dict()
    assert doc["rectikit"] == "9.9" and doc["as_of"] == "2023-12-31"
    assert doc["rules_run"] == ["ELC001", "PRC001", "PRC002"]
    assert [p["pack"] for p in doc["rule_packs"]] == ["elections.toml", "procurement.toml"]
    assert doc["inputs"] == [
        FileEntry(
            "采购台账.csv", hashlib.sha256("编号\n".encode()).hexdigest(), 7, "procurement"
        ).to_dict()
    ]
    assert doc["config"]["kind"] == "config"
    assert doc["other_files"][0]["kind"] == "waivers"


def test_digests_worked_out_in_the_background_are_those_of_the_files(tmp_path: Path) -> None:
    paths = []
    for number in range(3):
        path = tmp_path / f"{number}.csv"
        path.write_bytes(bytes([number]) * 2_000_000)
        paths.append(path)
    digests = Digests()
    digests.start(paths)
    digests.start([])  # once only
    assert [digests.sha256(path) for path in paths] == [sha256_of(path) for path in paths]
    assert digests.sha256(tmp_path / "never hashed.csv") == ""


def test_a_file_changed_after_it_was_hashed_is_hashed_again(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"before")
    digests = Digests()
    digests.start([path])
    background.finish()
    path.write_bytes(b"after, and longer")
    assert digests.sha256(path) == hashlib.sha256(b"after, and longer").hexdigest()


def test_digests_never_started_are_worked_out_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    assert Digests().sha256(path) == hashlib.sha256(b"x").hexdigest()


def test_the_manifest_of_a_check_names_the_digests_of_its_files(tmp_path: Path) -> None:
    data = tmp_path / "采购台账.csv"
    data.write_text("编号,项目,预算,组织形式,日期\nP1,x,5万,政府采购,2023-01-01\n", "utf-8")
    result = check(tmp_path, as_of="2023-12-31", jobs=1)
    assert result.manifest is not None
    (entry,) = result.manifest.inputs
    assert entry.sha256 == hashlib.sha256(data.read_bytes()).hexdigest()


def test_a_check_hashes_its_files_once_it_has_read_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "采购台账.csv"
    data.write_text("编号,项目,预算,组织形式,日期\nP1,x,5万,政府采购,2023-01-01\n", "utf-8")
    started: list[list[Path]] = []
    start = Digests.start

    def recorded(self: Digests, paths: Iterable[Path]) -> None:
        paths = list(paths)
        started.append(paths)
        start(self, paths)

    monkeypatch.setattr(Digests, "start", recorded)
    check(tmp_path, as_of="2023-12-31")
    assert started == [[data]]


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_file_the_thread_fails_to_hash_is_hashed_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    failing = iter([MemoryError("no room")])

    def first_call_fails(file: Path) -> str:
        error = next(failing, None)
        if error is not None:
            raise error
        return sha256_of(file)

    monkeypatch.setattr(manifest, "sha256_of", first_call_fails)
    digests = Digests()
    digests.start([path])
    assert digests.sha256(path) == hashlib.sha256(b"x").hexdigest()
