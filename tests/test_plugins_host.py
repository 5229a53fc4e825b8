"""The plugin host: a fresh manager per call, plugins that fail are reported and skipped.

Plugins here are modules made at test time and put in ``sys.modules`` (so the config's
``plugins = [...]`` mechanism imports them); ``monkeypatch`` removes them afterwards.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from support import cli

from rectikit import hookspecs
from rectikit.api import check
from rectikit.checks.base import Breach, Check, RecordCheck, needs
from rectikit.hookspecs import hookimpl
from rectikit.model.schema import Record, column, record_kind
from rectikit.plugins import BUILTIN_MODULES, Registry, build_registry, get_plugin_manager
from rectikit.readers.formats import RawRow, RawTable
from rectikit.reporters.base import Reporter

AS_OF = "2023-12-31"

HOOK_NAMES = sorted(
    name for name, fn in vars(hookspecs).items() if name.startswith("rectikit_") and callable(fn)
)

PACK = """
[pack]
family = "ORG"

[params.max_size]
type = "int"
default = 3
zh = "最大尺寸"

[[rules]]
code = "ORG001"
name = "widget-too-big"
severity = "warning"
kinds = ["widgets"]
params = ["max_size"]
citation = "本单位规定"
title = { zh = "部件过大", en = "Widget too big" }
message = { zh = "部件 {id} 尺寸 {size}，超过 {max_size}", en = "widget {id} is {size}" }
"""

DUPLICATE_PACK = """
[pack]
family = "PRC"

[[rules]]
code = "PRC001"
name = "impostor"
severity = "info"
kinds = ["procurement"]
title = "冒名规则"
message = "x"
"""


@record_kind("widgets", title="部件台账", stems=("部件",))
@attrs.frozen(slots=True)
class Widget(Record):
    id: str = column("str", required=True, aliases=("编号",))
    size: int = column("int", required=True, aliases=("尺寸",))


class WidgetTooBig(RecordCheck):
    code = "ORG001"
    needs = needs(widgets=("id", "size"))

    def check(self, record: Widget) -> Any:
        if record.size > self.params["max_size"]:
            return (
                Breach(
                    record.id,
                    record.location.with_column("size"),
                    {"id": record.id, "size": record.size},
                ),
            )
        return ()


def make_plugin(monkeypatch: pytest.MonkeyPatch, name: str, **hooks: Callable[..., Any]) -> str:
    """A plugin module ``name`` whose hooks are the given functions."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        function.__name__ = hook_name
        setattr(module, hook_name, hookimpl(function))
    monkeypatch.setitem(sys.modules, name, module)
    return name


def widget_plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> str:
    pack = tmp_path / f"{name}.toml"
    pack.write_text(PACK, "utf-8")
    return make_plugin(
        monkeypatch,
        name,
        rectikit_record_kinds=lambda: [Widget],
        rectikit_rule_packs=lambda: [pack],
        rectikit_checks=lambda: [WidgetTooBig],
    )


@pytest.fixture(scope="module")
def builtins() -> Registry:
    return build_registry(builtins_only=True)


# -- the manager ------------------------------------------------------------------------------


def test_fresh_manager_each_call_with_builtins() -> None:
    pm1, infos1 = get_plugin_manager(builtins_only=True)
    pm2, infos2 = get_plugin_manager(builtins_only=True)
    assert pm1 is not pm2
    assert {i.name for i in infos1} == {i.name for i in infos2}
    assert all(i.builtin and i.source == "rectikit" for i in infos1)
    modules = {getattr(p, "__name__", None) for p in pm1.get_plugins()}
    assert set(BUILTIN_MODULES) <= modules
    assert len(infos1) == len(BUILTIN_MODULES)
    # registering into one manager does not touch the other
    extra = types.ModuleType("lonely")
    pm1.register(extra, name="lonely")
    assert pm1.has_plugin("lonely") and not pm2.has_plugin("lonely")


def test_builtin_registry(builtins: Registry) -> None:
    assert builtins.problems == []
    assert {"procurement", "staff", "oversight", "talks", "party_orgs"} <= set(builtins.kinds)
    assert {"PRC001", "ITG001", "ELC001", "DAT001", "CFG001"} <= set(builtins.rules)
    assert {"console", "text", "json"} <= set(builtins.reporters)
    assert all(rule.source == "rectikit" for rule in builtins.rules.values())
    for code, classes in builtins.checks.items():
        assert code in builtins.rules
        assert all(cls.code == code for cls in classes)


def test_config_plugin_is_loaded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    name = widget_plugin(monkeypatch, tmp_path, "rk_widgets_ok")
    registry = build_registry(extra_modules=[name])
    assert not [p for p in registry.problems if name in p]
    (info,) = [i for i in registry.plugins if i.name == name]
    assert (info.source, info.builtin) == (f"config: {name}", False)
    assert registry.kinds["widgets"].title == "部件台账"
    assert registry.rules["ORG001"].source == f"config: {name}"
    assert registry.checks["ORG001"] == [WidgetTooBig]
    assert registry.provided[name] == {"kinds": ["widgets"], "rules": ["ORG001"]}
    # built-ins only: the config plugin is not loaded
    assert "widgets" not in build_registry(builtins_only=True, extra_modules=[name]).kinds


def test_plugin_rules_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    name = widget_plugin(monkeypatch, tmp_path, "rk_widgets_run")
    registry = build_registry(extra_modules=[name])
    data = tmp_path / "data"
    data.mkdir()
    (data / "部件.csv").write_text("编号,尺寸\nW1,2\nW2,5\nW3,很大\n", "utf-8")
    result = check(data, as_of=AS_OF, registry=registry)
    (violation,) = result.violations
    assert (violation.code, violation.subject, violation.severity.value) == (
        "ORG001",
        "W2",
        "warning",
    )
    assert violation.message == "部件 W2 尺寸 5，超过 3"
    assert violation.location.row == 3 and violation.kind == "widgets"
    assert [d.code for d in result.data_errors] == ["DAT003"]


# -- plugins that fail ----------------------------------------------------------------------


def test_hookimpl_without_spec_is_reported_and_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = make_plugin(monkeypatch, "rk_no_spec", rectikit_no_such_hook=lambda: [])
    good = widget_plugin(monkeypatch, tmp_path, "rk_widgets_after_no_spec")
    registry = build_registry(extra_modules=[bad, good])
    (problem,) = [p for p in registry.problems if bad in p]
    assert "rectikit_no_such_hook" in problem and "skipped" in problem
    assert bad not in {i.name for i in registry.plugins}
    assert "ORG001" in registry.rules  # the other plugin still loads


def test_hookimpl_with_bad_signature_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def rectikit_checks(unexpected_argument: Any) -> list[type]:
        return []

    name = make_plugin(monkeypatch, "rk_bad_signature", rectikit_checks=rectikit_checks)
    registry = build_registry(extra_modules=[name])
    assert any(name in p and "skipped" in p for p in registry.problems)
    assert name not in {i.name for i in registry.plugins}


def test_hook_that_raises_is_reported_others_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def boom() -> list[Any]:
        raise RuntimeError("pack server down\nsecond line")

    bad = make_plugin(monkeypatch, "rk_raiser", rectikit_rule_packs=boom)
    good = widget_plugin(monkeypatch, tmp_path, "rk_widgets_after_raiser")
    registry = build_registry(extra_modules=[bad, good])
    (problem,) = [p for p in registry.problems if bad in p]
    assert "rectikit_rule_packs" in problem and "pack server down" in problem
    assert "second line" not in problem  # one line
    assert "ORG001" in registry.rules and "PRC001" in registry.rules


def test_import_failure_is_reported() -> None:
    registry = build_registry(extra_modules=["rk_module_that_does_not_exist"])
    (problem,) = [p for p in registry.problems if "rk_module_that_does_not_exist" in p]
    assert "ModuleNotFoundError" in problem
    assert "PRC001" in registry.rules


def test_duplicate_rule_code_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pack = tmp_path / "dup.toml"
    pack.write_text(DUPLICATE_PACK, "utf-8")
    name = make_plugin(monkeypatch, "rk_dup_rule", rectikit_rule_packs=lambda: [pack])
    registry = build_registry(extra_modules=[name])
    (problem,) = [p for p in registry.problems if name in p]
    assert "PRC001" in problem and "already defined" in problem
    assert registry.rules["PRC001"].name == "directed-over-limit"
    assert registry.rules["PRC001"].source == "rectikit"


def test_bad_pack_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text(PACK.replace('severity = "warning"', 'severity = "loud"'), "utf-8")
    name = make_plugin(monkeypatch, "rk_bad_pack", rectikit_rule_packs=lambda: [pack])
    registry = build_registry(extra_modules=[name])
    (problem,) = [p for p in registry.problems if name in p]
    assert "loud" in problem and "ORG001" not in registry.rules


def test_rule_reading_unknown_kind_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pack = tmp_path / "orphan.toml"
    pack.write_text(PACK, "utf-8")  # reads "widgets", which no plugin declares here
    name = make_plugin(monkeypatch, "rk_orphan_rule", rectikit_rule_packs=lambda: [pack])
    registry = build_registry(extra_modules=[name])
    (problem,) = [p for p in registry.problems if name in p]
    assert "widgets" in problem and "ORG001" not in registry.rules


def test_check_without_rule_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    class Orphan(Check):
        code = "ZZZ001"

    name = make_plugin(monkeypatch, "rk_orphan_check", rectikit_checks=lambda: [Orphan])
    registry = build_registry(extra_modules=[name])
    (problem,) = [p for p in registry.problems if name in p]
    assert "ZZZ001" in problem and "Orphan" in problem
    assert "ZZZ001" not in registry.checks


def test_duplicate_kind_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    @record_kind("procurement", title="冒名采购")
    @attrs.frozen(slots=True)
    class Impostor(Record):
        id: str = column("str", required=True)

    name = make_plugin(monkeypatch, "rk_dup_kind", rectikit_record_kinds=lambda: [Impostor, int])
    registry = build_registry(extra_modules=[name])
    problems = [p for p in registry.problems if name in p]
    assert any("procurement" in p and "already defined" in p for p in problems)
    assert any("not a record kind" in p for p in problems)
    assert registry.kinds["procurement"].title == "采购台账"


def test_check_that_raises_is_disabled_not_fatal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Exploding(RecordCheck):
        code = "ORG001"

        def check(self, record: Any) -> Any:
            raise ZeroDivisionError("bad math")

    pack = tmp_path / "p.toml"
    pack.write_text(PACK, "utf-8")
    name = make_plugin(
        monkeypatch,
        "rk_exploding",
        rectikit_record_kinds=lambda: [Widget],
        rectikit_rule_packs=lambda: [pack],
        rectikit_checks=lambda: [Exploding],
    )
    registry = build_registry(extra_modules=[name])
    data = tmp_path / "data"
    data.mkdir()
    (data / "widgets.csv").write_text("编号,尺寸\nW1,9\n", "utf-8")
    (data / "procurement.csv").write_text(
        "编号,项目,预算,组织形式,采购方式,日期\nP1,x,5万,自行采购,定向采购,2023-01-01\n", "utf-8"
    )
    result = check(data, as_of=AS_OF, registry=registry)
    assert "ORG001" in result.not_run and "ZeroDivisionError" in result.not_run["ORG001"]
    assert any("ORG001" in w and "bad math" in w for w in result.warnings)
    assert "PRC001" in {v.code for v in result.violations}


# -- the CLI with config plugins --------------------------------------------------------------


def test_cli_config_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    name = widget_plugin(monkeypatch, tmp_path, "rk_widgets_cli")
    bad = make_plugin(
        monkeypatch,
        "rk_cli_raiser",
        rectikit_checks=lambda: (_ for _ in ()).throw(ValueError("nope")),
    )
    data = tmp_path / "data"
    data.mkdir()
    (data / "rectikit.toml").write_text(f'plugins = ["{name}", "{bad}"]\n', "utf-8")
    (data / "widgets.csv").write_text("编号,尺寸\nW1,9\n", "utf-8")
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "text")
    assert code == 1  # ORG001 is a warning, but the failing hook is PLG002 (an error)
    assert "widgets.csv:2: ORG001 [warning]" in out
    assert f"rectikit.toml: PLG002 [error] 插件 {bad}（配置）的钩子 rectikit_checks 出错" in out
    assert "rectikit: warning:" in err and bad in err and "Traceback" not in err
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--no-plugins", "--format", "text")
    assert "ORG001" not in out and "DAT005" in out  # widgets is not a kind without it
    monkeypatch.chdir(data)
    code, out, _ = cli("plugins")
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.startswith(name)]
    assert f"config: {name}" in row and "ORG001" in row and "widgets" in row
    assert bad in out


# -- every hookspec is documented and exercised (datasette-style) ------------------------------


def test_hookspecs_are_documented() -> None:
    assert HOOK_NAMES
    for name in HOOK_NAMES:
        doc = inspect.getdoc(getattr(hookspecs, name))
        assert doc and ":return:" in doc, name


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_hookspec_is_implemented_or_tested(hook: str) -> None:
    pm, _ = get_plugin_manager(builtins_only=True)
    implemented = bool(getattr(pm.hook, hook).get_hookimpls())
    tested = f"test_hook_{hook}" in globals()
    assert implemented or tested, f"{hook}: no built-in implements it and no test_hook_{hook}"


def test_hook_rectikit_readers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A plugin reader for ``.txt`` files ("key: value" blocks separated by blank lines)."""

    def read_txt(path: Path, display: str, *, encoding: str | None = None) -> Iterator[RawTable]:
        blocks = path.read_text(encoding or "utf-8").strip().split("\n\n")
        records = [dict(line.split(": ", 1) for line in block.splitlines()) for block in blocks]
        headers = tuple(dict.fromkeys(k for r in records for k in r))
        rows = [RawRow(i, tuple(r.get(h) for h in headers)) for i, r in enumerate(records, 1)]
        yield RawTable(file=display, sheet=None, headers=headers, rows=rows)

    name = make_plugin(monkeypatch, "rk_txt_reader", rectikit_readers=lambda: {".TXT": read_txt})
    registry = build_registry(extra_modules=[name])
    assert registry.readers[".txt"] is read_txt
    data = tmp_path / "data"
    data.mkdir()
    (data / "procurement.txt").write_text(
        "编号: P1\n项目: 设备\n预算: 5万\n组织形式: 自行采购\n"
        "采购方式: 定向采购\n日期: 2023-03-01\n\n"
        "编号: P2\n项目: 纸\n预算: 1万\n组织形式: 自行采购\n"
        "采购方式: 定向采购\n日期: 2023-03-02\n",
        "utf-8",
    )
    result = check(data, as_of=AS_OF, registry=registry)
    assert result.data_errors == () and result.records == 2
    assert [(v.code, v.subject) for v in result.violations if v.code == "PRC001"] == [
        ("PRC001", "P1")
    ]
    # without the plugin a .txt file is no data
    plain = check(data, as_of=AS_OF, registry=build_registry(builtins_only=True))
    assert plain.records == 0


def test_hook_rectikit_reporters(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class CountReporter(Reporter):
        name = "count"

        def write(self, result: Any, stream: Any) -> None:
            stream.write(f"{len(result.violations)}\n")

    name = make_plugin(
        monkeypatch, "rk_count_format", rectikit_reporters=lambda: {"count": CountReporter}
    )
    data = tmp_path / "data"
    data.mkdir()
    (data / "rectikit.toml").write_text(f'plugins = ["{name}"]\n', "utf-8")
    (data / "procurement.csv").write_text(
        "编号,项目,预算,组织形式,采购方式,日期\nP1,x,5万,自行采购,定向采购,2023-01-01\n", "utf-8"
    )
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "count")
    assert (code, out) == (1, "2\n")  # PRC001 and PRC003
