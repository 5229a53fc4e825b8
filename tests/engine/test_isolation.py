"""Plugin isolation: every way a plugin fails is a PLG violation naming it; the run goes on.

The plugins here are real: modules put in ``sys.modules`` and named by the config's
``plugins = [...]`` (as a unit's own module would be), and an installed distribution
(a ``.dist-info`` folder on ``sys.path`` with a ``rectikit`` entry point) for the
distribution's name.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import cli

from rectikit.api import check
from rectikit.checks.base import Breach, Check, RecordCheck
from rectikit.engine.config import parse_config
from rectikit.engine.isolation import (
    DEFAULT_BUDGET,
    Isolation,
    Meter,
    PluginTimeout,
    plugin_budget,
)
from rectikit.hookspecs import hookimpl

AS_OF = "2023-12-31"

PACK = """
[pack]
family = "ORG"

[[rules]]
code = "ORG001"
name = "org-rule"
severity = "warning"
kinds = ["procurement"]
citation = "本单位规定"
title = { zh = "本单位规则", en = "Our rule" }
message = { zh = "项目 {id} 违反本单位规则", en = "purchase {id} breaks our rule" }
"""

PROCUREMENT = (
    "编号,项目,预算,组织形式,采购方式,日期\n"
    "P1,打印机,5万,自行采购,定向采购,2023-01-01\n"
    "P2,纸张,1000,自行采购,定向采购,2023-01-02\n"
    "P3,墨盒,800,自行采购,定向采购,2023-01-03\n"
)


def plugin(monkeypatch: pytest.MonkeyPatch, name: str, **hooks: Callable[..., Any]) -> str:
    """A plugin module ``name`` (importable by the config) with the given hooks."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        function.__name__ = hook_name
        setattr(module, hook_name, hookimpl(function))
    monkeypatch.setitem(sys.modules, name, module)
    return name


def org_plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, *checks: type) -> str:
    """A plugin declaring ORG001 (on procurement) with ``checks`` enforcing it."""
    pack = tmp_path / f"{name}.toml"
    pack.write_text(PACK, "utf-8")
    return plugin(
        monkeypatch,
        name,
        rectikit_rule_packs=lambda: [pack],
        rectikit_checks=lambda: list(checks),
    )


def dataset(tmp_path: Path, *modules: str, config: str = "") -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    names = ", ".join(f'"{m}"' for m in modules)
    (data / "rectikit.toml").write_text(f"plugins = [{names}]\n{config}", "utf-8")
    (data / "procurement.csv").write_text(PROCUREMENT, "utf-8")
    return data


def plg(result: Any) -> list[tuple[str, str]]:
    return [(v.code, v.subject) for v in result.violations if v.code.startswith("PLG")]


def still_runs(result: Any) -> None:
    """The built-in rules ran: P1 (5万, directed) breaks PRC001."""
    assert ("PRC001", "P1") in {(v.code, v.subject) for v in result.violations}


# -- loading ------------------------------------------------------------------------------


def test_import_failure_is_plg001(tmp_path: Path) -> None:
    data = dataset(tmp_path, "rk_iso_missing_module")
    result = check(data, as_of=AS_OF)
    assert plg(result) == [("PLG001", "rk_iso_missing_module")]
    (violation,) = [v for v in result.violations if v.code == "PLG001"]
    assert "rk_iso_missing_module" in violation.message
    assert "ModuleNotFoundError" in violation.message
    assert violation.location.file == "rectikit.toml" and violation.severity.value == "error"
    still_runs(result)
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "text")
    assert code == 1 and "PLG001" in out and "Traceback" not in err


def test_installed_plugin_is_named_by_its_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed plugin (a distribution with a ``rectikit`` entry point) that fails to
    import is reported under its distribution's name and version."""
    site = tmp_path / "site"
    info = site / "rk_iso_dist-2.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rk-iso-dist\nVersion: 2.1\n")
    (info / "entry_points.txt").write_text("[rectikit]\nbroken = rk_iso_dist_module\n")
    (site / "rk_iso_dist_module.py").write_text("raise ImportError('needs a licence server')\n")
    monkeypatch.syspath_prepend(str(site))
    data = dataset(tmp_path)
    result = check(data, as_of=AS_OF, lang="en")
    (violation,) = [v for v in result.violations if v.code == "PLG001"]
    assert violation.subject == "rk-iso-dist"
    assert violation.message.startswith(
        "plugin rk-iso-dist (version 2.1, entry point broken) was not loaded: ImportError"
    )
    still_runs(result)
    # --no-plugins loads the built-ins only: nothing to report
    assert plg(check(data, as_of=AS_OF, plugins=False)) == []
    code, out, _ = cli("plugins", "--config", str(data / "rectikit.toml"))
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.startswith("rk-iso-dist")]
    assert row.rstrip().endswith("not loaded: PLG001")


def test_hook_that_raises_is_plg002(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def rectikit_rule_packs() -> list[Any]:
        raise FileNotFoundError("rules.toml")

    name = plugin(monkeypatch, "rk_iso_hook_raises", rectikit_rule_packs=rectikit_rule_packs)
    result = check(dataset(tmp_path, name), as_of=AS_OF, lang="en")
    assert plg(result) == [("PLG002", f"{name}|rectikit_rule_packs")]
    (violation,) = [v for v in result.violations if v.code == "PLG002"]
    assert violation.message == (
        f"plugin {name} (config): hook rectikit_rule_packs raised and was skipped: "
        "FileNotFoundError: rules.toml"
    )
    still_runs(result)
    code, out, err = cli("plugins", "--config", str(tmp_path / "data" / "rectikit.toml"))
    (row,) = [line for line in out.splitlines() if line.startswith(name)]
    assert code == 0 and row.rstrip().endswith("failed: PLG002") and name in err


@pytest.mark.parametrize(
    ("hook", "answer", "detail"),
    [
        ("rectikit_checks", lambda: 42, "int, not a list"),
        ("rectikit_checks", lambda: {"ORG001": object}, "dict, not a list"),
        ("rectikit_checks", lambda: [print], "is not a Check class"),
        ("rectikit_record_kinds", lambda: [int], "not a record kind"),
        ("rectikit_rule_packs", lambda: [3], "int is not a rule pack file"),
        ("rectikit_readers", lambda: [".txt"], "list, not a mapping"),
        ("rectikit_readers", lambda: {".txt": "not a function"}, "not a suffix"),
        ("rectikit_reporters", lambda: "json", "str, not a mapping"),
    ],
)
def test_wrong_answer_is_plg003(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hook: str, answer: Any, detail: str
) -> None:
    name = plugin(monkeypatch, f"rk_iso_bad_{abs(hash((hook, detail)))}", **{hook: answer})
    result = check(dataset(tmp_path, name), as_of=AS_OF, lang="en")
    assert plg(result) == [("PLG003", f"{name}|{hook}")]
    (violation,) = [v for v in result.violations if v.code == "PLG003"]
    assert detail in violation.message and name in violation.message
    still_runs(result)


@pytest.mark.parametrize(
    ("hooks", "subject", "owner"),
    [
        ({"rectikit_rule_packs": "PRC001"}, "rule:PRC001", "rectikit"),
        ({"rectikit_record_kinds": "procurement"}, "kind:procurement", "rectikit"),
        ({"rectikit_readers": ".csv"}, "reader:.csv", "rectikit"),
        ({"rectikit_reporters": "json"}, "format:json", "rectikit"),
    ],
)
def test_duplicate_is_plg004(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    hooks: dict[str, str],
    subject: str,
    owner: str,
) -> None:
    import attrs

    from rectikit.model.schema import Record, column, record_kind

    ((hook, item),) = hooks.items()
    if hook == "rectikit_rule_packs":
        pack = tmp_path / "dup.toml"
        pack.write_text(PACK.replace("ORG", "PRC").replace("PRC001", item), "utf-8")
        answer: Callable[[], Any] = lambda: [pack]  # noqa: E731
    elif hook == "rectikit_record_kinds":

        @record_kind(item, title="冒名")
        @attrs.frozen(slots=True)
        class Impostor(Record):
            id: str = column("str", required=True)

        answer = lambda: [Impostor]  # noqa: E731
    elif hook == "rectikit_readers":
        answer = lambda: {item.upper(): lambda *a, **k: iter(())}  # noqa: E731
    else:
        answer = lambda: {item: type("Impostor", (), {})}  # noqa: E731
    name = plugin(monkeypatch, f"rk_iso_dup_{hook}", **{hook: answer})
    result = check(dataset(tmp_path, name), as_of=AS_OF, lang="en")
    assert plg(result) == [("PLG004", f"{name}|{subject}")]
    (violation,) = [v for v in result.violations if v.code == "PLG004"]
    assert f"already defined by {owner}" in violation.message
    still_runs(result)  # the built-in CSV reader, kind and rule still win


# -- checks -------------------------------------------------------------------------------


class Raises(RecordCheck):
    code = "ORG001"

    def check(self, record: Any) -> Any:
        raise ZeroDivisionError("bad math")


class AnswersText(RecordCheck):
    code = "ORG001"

    def check(self, record: Any) -> Any:
        return ["not a breach"]


class AnswersNumber(Check):
    code = "ORG001"

    def finish(self) -> Any:
        return 7


class FailsToStart(RecordCheck):
    code = "ORG001"

    def __init__(self, context: Any) -> None:
        raise RuntimeError("no licence")


class Good(RecordCheck):
    code = "ORG001"

    def check(self, record: Any) -> Any:
        return (Breach(record.id, record.location, {"id": record.id}),)


@pytest.mark.parametrize(
    ("cls", "detail"),
    [
        (Raises, "ZeroDivisionError: bad math"),
        (AnswersText, "answered str 'not a breach', not a Breach"),
        (AnswersNumber, "TypeError"),
        (FailsToStart, "RuntimeError: no licence"),
    ],
)
def test_failing_check_is_plg005_and_disabled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cls: type, detail: str
) -> None:
    name = org_plugin(monkeypatch, tmp_path, f"rk_iso_check_{cls.__name__}", cls)
    data = dataset(tmp_path, name)
    result = check(data, as_of=AS_OF, lang="en")
    assert plg(result) == [("PLG005", f"{name}|ORG001")]
    (violation,) = [v for v in result.violations if v.code == "PLG005"]
    assert f"plugin {name} (config): check {cls.__name__} (ORG001) failed" in violation.message
    assert detail in violation.message
    assert "ORG001" in result.not_run and not [v for v in result.violations if v.code == "ORG001"]
    still_runs(result)
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    assert code == 1 and '"PLG005"' in out and "Traceback" not in err


def test_a_good_plugin_check_still_reports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    name = org_plugin(monkeypatch, tmp_path, "rk_iso_good", Good)
    result = check(dataset(tmp_path, name), as_of=AS_OF)
    assert plg(result) == []
    assert sorted(v.subject for v in result.violations if v.code == "ORG001") == ["P1", "P2", "P3"]


def test_plg_follows_ignore_and_severity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    name = org_plugin(monkeypatch, tmp_path, "rk_iso_rated", Raises)
    data = dataset(tmp_path, name, config='[severity]\nPLG005 = "warning"\n')
    result = check(data, as_of=AS_OF, select=["ORG"])  # PLG runs with any selection
    assert [(v.code, v.severity.value) for v in result.violations] == [("PLG005", "warning")]
    assert plg(check(data, as_of=AS_OF, ignore=["PLG"])) == []
    code, _, _ = cli("check", str(data), "--as-of", AS_OF, "--select", "ORG", "--format", "text")
    assert code == 0  # a warning does not fail at --fail-on error


# -- the time budget ----------------------------------------------------------------------


class Hangs(RecordCheck):
    code = "ORG001"

    def check(self, record: Any) -> Any:
        while True:  # an endless loop that even catches Exception
            try:
                time.sleep(0.01)
            except Exception:
                pass


class Slow(RecordCheck):
    """No single call is long; together they run past the budget."""

    code = "ORG001"

    def check(self, record: Any) -> Any:
        time.sleep(0.15)
        return ()


@pytest.mark.parametrize("cls", [Hangs, Slow])
def test_check_past_its_budget_is_plg006(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cls: type
) -> None:
    name = org_plugin(monkeypatch, tmp_path, f"rk_iso_{cls.__name__}", cls)
    data = dataset(tmp_path, name, config="[params.PLG]\nbudget_seconds = 0.3\n")
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    result = check(data, as_of=AS_OF, lang="en")
    assert time.monotonic() - started < 5
    assert plg(result) == [("PLG006", f"{name}|ORG001")]
    (violation,) = [v for v in result.violations if v.code == "PLG006"]
    assert violation.message == (
        f"plugin {name} (config): check {cls.__name__} (ORG001) ran past 0.3 seconds "
        "and was stopped and disabled"
    )
    assert "ORG001" in result.not_run
    still_runs(result)
    assert signal.getsignal(signal.SIGALRM) == before  # the handler is given back


def test_hook_past_its_budget_is_plg006(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def rectikit_checks() -> list[type]:
        while True:
            time.sleep(0.01)

    name = plugin(monkeypatch, "rk_iso_hook_hangs", rectikit_checks=rectikit_checks)
    data = dataset(tmp_path, name, config="[params.PLG006]\nbudget_seconds = 0.2\n")
    before = signal.getsignal(signal.SIGALRM)
    result = check(data, as_of=AS_OF)
    assert plg(result) == [("PLG006", f"{name}|rectikit_checks")]
    still_runs(result)
    assert signal.getsignal(signal.SIGALRM) == before


def test_budget_off_the_main_thread_is_checked_after_each_call(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No alarm outside the main thread: a slow check is disabled once a call returns
    past its budget."""
    name = org_plugin(monkeypatch, tmp_path, "rk_iso_thread", Slow)
    data = dataset(tmp_path, name, config="[params.PLG]\nbudget_seconds = 0.2\n")
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(check(data, as_of=AS_OF)))
    worker.start()
    worker.join(10)
    (result,) = results
    assert plg(result) == [("PLG006", f"{name}|ORG001")]


def test_builtin_checks_are_not_wrapped(registry: Any) -> None:
    isolation = Isolation(registry, parse_config({}), DEFAULT_BUDGET)
    for classes in registry.checks.values():
        for cls in classes:
            assert isolation.trusted(cls)
            instance = object.__new__(cls)
            feed = instance.feed
            assert isolation.feeder(instance, feed) is feed


def test_meter_and_budget_values() -> None:
    meter = Meter(0.2)
    assert meter.call(lambda x: x + 1, 1) == 2
    with pytest.raises(PluginTimeout):
        meter.call(time.sleep, 5)
    with pytest.raises(PluginTimeout):  # nothing left
        meter.call(lambda: None)
    assert Meter(None).call(time.sleep, 0) is None
    assert plugin_budget(None) == DEFAULT_BUDGET
    assert plugin_budget(parse_config({"params": {"PLG": {"budget_seconds": "1.5"}}})) == 1.5
    assert plugin_budget(parse_config({"params": {"PLG": {"budget_seconds": 0}}})) is None


def test_bad_budget_is_a_config_error(tmp_path: Path) -> None:
    data = dataset(tmp_path, config='[params.PLG]\nbudget_seconds = "long"\n')
    code, _, err = cli("check", str(data), "--as-of", AS_OF)
    assert code == 2 and "budget_seconds" in err and len(err.splitlines()) == 1


# -- readers ------------------------------------------------------------------------------


def test_plugin_reader_that_raises_is_the_files_dat001(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def read_txt(path: Path, display: str, *, encoding: str | None = None) -> Any:
        raise ValueError("parser blew up")

    name = plugin(monkeypatch, "rk_iso_reader", rectikit_readers=lambda: {".txt": read_txt})
    data = dataset(tmp_path, name)
    (data / "procurement2.txt").write_text("whatever", "utf-8")
    (data / "rectikit.toml").write_text(
        f'plugins = ["{name}"]\n[files]\n"procurement2.txt" = "procurement"\n', "utf-8"
    )
    result = check(data, as_of=AS_OF, lang="en")
    (error,) = [e for e in result.data_errors if e.code == "DAT001"]
    assert error.location.file == "procurement2.txt"
    assert f"the reader of plugin {name} failed: ValueError: parser blew up" in error.message
    still_runs(result)
