"""The example organization plugin (plugins/rectikit-plugin-example) registers and runs.

Nothing is installed here: the plugin module is loaded the way the config's
``plugins = [...]`` loads any importable module, with the plugin's ``src`` folder put on
``sys.path``. (Loading through the ``rectikit`` entry point after a real
``pip install`` is the same module registered under another name.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cli

import rectikit
from rectikit.api import load_registry
from rectikit.engine.config import load_config

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_SRC = ROOT / "plugins" / "rectikit-plugin-example" / "src"
MODULE = "rectikit_plugin_example.plugin"
BROKEN = "rectikit_broken_example_plugin"

PROCUREMENT = (
    "编号,项目名称,预算金额,组织形式,采购方式,比价供应商数,是否编制采购文件,成交金额,采购日期\n"
    "P-1,办公家具,5万,自行采购,比价,3,是,5.3万,2023-08-03\n"  # ORG001: 3000 over budget
    "P-2,会议服务,5.2万,自行采购,定向采购,,是,5.2万,2023-08-05\n"  # PRC001 (built in)
)


@pytest.fixture(autouse=True)
def plugin_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(PLUGIN_SRC))


def make_dataset(tmp_path: Path, *modules: str) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "procurement.csv").write_text(PROCUREMENT, encoding="utf-8")
    listed = ", ".join(f'"{m}"' for m in modules)
    (folder / "rectikit.toml").write_text(f"plugins = [{listed}]\n", encoding="utf-8")
    return folder


def write_broken_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugins = tmp_path / "plugins_src"
    plugins.mkdir()
    (plugins / f"{BROKEN}.py").write_text(
        'raise RuntimeError("the plugin is broken on purpose\\nsecond line")\n', encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(plugins))


def test_rules_lists_org001_with_its_source(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path, MODULE)
    code, out, err = cli("rules", "--config", str(folder / "rectikit.toml"))
    assert code == 0, err
    assert err == ""
    [line] = [line for line in out.splitlines() if line.startswith("ORG001")]
    assert "contract-over-budget" in line
    assert "procurement" in line
    # "config: <module>" here; "rectikit-plugin-example 0.1.0" when pip-installed.
    assert MODULE in line or "rectikit-plugin-example" in line
    assert "PRC001" in out  # the built-in rules are still listed


def test_rules_explains_org001(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path, MODULE)
    code, out, _ = cli("rules", "ORG001", "--config", str(folder / "rectikit.toml"))
    assert code == 0
    assert "tolerance" in out and "modes" in out
    assert "预算法" in out
    assert "example (fail)" in out


def test_plugins_command_lists_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_dataset(tmp_path, MODULE)
    monkeypatch.chdir(folder)  # `rectikit plugins` reads the config of the current folder
    code, out, _ = cli("plugins")
    assert code == 0
    [line] = [line for line in out.splitlines() if "ORG001" in line]
    assert "rectikit_plugin_example" in line or "example" in line.split()[0]


def test_check_reports_org001(tmp_path: Path) -> None:
    result = rectikit.check(make_dataset(tmp_path, MODULE), as_of="2023-12-31")
    assert result.warnings == ()
    assert {(v.code, v.subject) for v in result.violations} == {
        ("ORG001", "P-1"),
        ("PRC001", "P-2"),
    }
    [org] = [v for v in result.violations if v.code == "ORG001"]
    assert org.location.column == "contract"
    assert org.details["excess"] == "3000"


def test_no_plugins_leaves_it_out(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path, MODULE)
    result = rectikit.check(folder, as_of="2023-12-31", plugins=False)
    assert [v.code for v in result.violations] == ["PRC001"]
    registry = load_registry(load_config(folder / "rectikit.toml"), plugins=False)
    assert "ORG001" not in registry.rules
    code, out, err = cli(
        "check", str(folder), "--as-of", "2023-12-31", "--no-plugins", "--format", "json"
    )
    assert code == 1, err
    assert '"ORG001"' not in out and '"PRC001"' in out


def test_check_cli_text_output(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path, MODULE)
    code, out, err = cli("check", str(folder), "--as-of", "2023-12-31", "--format", "text")
    assert code == 1
    assert err == ""
    assert "procurement.csv:2: ORG001 [error]" in out
    assert "procurement.csv:3: PRC001 [error]" in out


def test_broken_plugin_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_broken_plugin(tmp_path, monkeypatch)
    folder = make_dataset(tmp_path, BROKEN, MODULE)

    registry = load_registry(load_config(folder / "rectikit.toml"))
    [problem] = registry.problems
    assert BROKEN in problem and "RuntimeError" in problem
    assert "\n" not in problem
    assert "ORG001" in registry.rules and "PRC001" in registry.rules
    assert BROKEN not in {info.name for info in registry.plugins}

    code, out, err = cli("check", str(folder), "--as-of", "2023-12-31", "--format", "text")
    assert code == 1
    warnings = err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("rectikit: warning: plugin ")
    assert BROKEN in warnings[0] and "skipped" in warnings[0]
    assert "Traceback" not in err
    assert "PRC001" in out and "ORG001" in out  # the other plugins still run


def test_broken_plugin_alone_still_runs_builtins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_broken_plugin(tmp_path, monkeypatch)
    result = rectikit.check(make_dataset(tmp_path, BROKEN), as_of="2023-12-31")
    # (ORG001 is there too if the example plugin happens to be pip-installed)
    assert ("PRC001", "P-2") in {(v.code, v.subject) for v in result.violations}
    assert len(result.warnings) == 1 and BROKEN in result.warnings[0]

    code, _, err = cli("rules", "--config", str(tmp_path / "ds" / "rectikit.toml"))
    assert code == 0
    assert err.count("\n") == 1 and BROKEN in err
