"""``rectikit init``: starter config and templates, never overwriting."""

from __future__ import annotations

import sys
from pathlib import Path

from support import cli

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_init_writes_config_and_templates_that_check_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "台账"
    code, out, _ = cli("init", str(target))
    assert code == 0
    config = (target / "rectikit.toml").read_text(encoding="utf-8")
    assert "# [params.PRC]" in config
    assert '# direct_limit = "20000"' in config
    tomllib.loads(config)  # all commented out: still valid TOML
    uncommented = "\n".join(
        line[2:] if line.startswith(("# [params", "# direct_limit", "# term_years")) else line
        for line in config.splitlines()
    )
    params = tomllib.loads(uncommented)["params"]
    assert params["PRC"]["direct_limit"] == "20000"
    assert params["ELC"]["term_years"]["branch"] == 3
    assert (target / "采购台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, err = cli("check", str(target), "--as-of", "2023-12-31", "--format", "text")
    assert code == 0, out + err
    assert "DAT" not in out


def test_init_keeps_existing_files(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("select = ['PRC']\n", encoding="utf-8")
    code, out, _ = cli("init", str(tmp_path), "--no-templates")
    assert code == 0
    assert "kept" in out
    assert (tmp_path / "rectikit.toml").read_text(encoding="utf-8") == "select = ['PRC']\n"
    assert not (tmp_path / "采购台账.csv").exists()
