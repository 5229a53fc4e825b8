"""The run manifest: files with SHA-256, rule packs, window."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from rectikit.engine.manifest import FileEntry, build_manifest, sha256_of
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
