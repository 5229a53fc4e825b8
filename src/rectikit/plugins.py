"""The plugin host: the plugin manager factory and the registry built from it.

:func:`get_plugin_manager` makes a fresh :class:`pluggy.PluginManager` per call (never
at import time), registers the ``rectikit`` entry points (rectikit's own and, unless
``builtins_only``, third-party ones) and the modules named in config, and calls
``check_pending()``. Any plugin that fails to import, register or answer a hook, that
answers with the wrong type, takes a name already taken or runs past its time budget is
reported in :attr:`Registry.problems` (one line) and :attr:`Registry.failures` (a
``PLG`` problem naming the plugin, see :mod:`rectikit.engine.isolation`) and skipped;
the run goes on.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata as metadata
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import Any

import pluggy

from rectikit import hookspecs
from rectikit.checks.base import Check
from rectikit.engine.isolation import (
    BAD_RESULT,
    DEFAULT_BUDGET,
    DUPLICATE,
    HOOK_FAILED,
    NOT_LOADED,
    OVER_BUDGET,
    PluginProblem,
    PluginTimeout,
    format_seconds,
    guarded,
    one_line,
)
from rectikit.engine.packs import PackError, load_pack
from rectikit.engine.registry import PluginInfo, Registry
from rectikit.model.schema import kind_schema
from rectikit.readers.formats import READERS

__all__ = ["PluginInfo", "Registry", "build_registry", "get_plugin_manager"]

ENTRY_POINT_GROUP = "rectikit"
SELF = "rectikit"

#: rectikit's own plugin modules, used when the package runs from a source tree
#: without installed entry-point metadata.
BUILTIN_MODULES = (
    "rectikit.kinds",
    "rectikit.checks.procurement",
    "rectikit.checks.integrity",
    "rectikit.checks.elections",
    "rectikit.checks.integrity_analysis",
    "rectikit.checks.festivals",
    "rectikit.checks.meetings",
    "rectikit.checks.dual_life",
    "rectikit.checks.expenditures",
    "rectikit.checks.appointments",
    "rectikit.checks.assets",
    "rectikit.checks.rewards",
    "rectikit.ledger.plugin",
    "rectikit.reporters",
)


def _one_line(exc: BaseException) -> str:
    return one_line(exc)


class _Report:
    """Where plugin failures go: one-line strings (:attr:`Registry.problems`, printed as
    warnings) and :class:`PluginProblem` records (``PLG`` violations)."""

    def __init__(self, problems: list[str], failures: list[PluginProblem]) -> None:
        self.problems = problems
        self.failures = failures

    def __call__(
        self,
        code: str,
        info: PluginInfo,
        warning: str,
        *,
        subject: str = "",
        **values: str,
    ) -> None:
        self.problems.append(warning)
        self.failures.append(
            PluginProblem(
                code=code,
                plugin=info.display,
                source=info.origin,
                source_zh=info.origin_zh,
                subject=f"{info.display}|{subject}" if subject else info.display,
                values=values,
                warning=warning,
            )
        )


def get_plugin_manager(
    *,
    builtins_only: bool = False,
    extra_modules: Sequence[str] = (),
    problems: list[str] | None = None,
    failures: list[PluginProblem] | None = None,
    budget: float | None = DEFAULT_BUDGET,
) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """Create a plugin manager with rectikit's hookspecs and every plugin registered.

    Args:
        builtins_only: load only rectikit's own plugins (``--no-plugins``).
        extra_modules: importable modules named in config (``plugins = [...]``).
        problems: receives one-line messages about plugins that failed and were skipped.
        failures: receives the same failures as ``PLG001``/``PLG006`` problems.
        budget: seconds a third-party plugin's import may take (``None``: no limit).

    Returns:
        the manager and the list of plugins registered.
    """
    report = _Report(
        problems if problems is not None else [], failures if failures is not None else []
    )
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []

    def register(obj: Any, info: PluginInfo) -> None:
        name = info.name
        if pm.has_plugin(name) or pm.is_registered(obj):
            return
        try:
            pm.register(obj, name=name)
        except Exception as exc:  # a plugin with a bad hook signature, etc.
            report(
                NOT_LOADED,
                info,
                f"plugin '{name}' ({info.source}) skipped: {_one_line(exc)}",
                detail=_one_line(exc),
            )
            return
        infos.append(info)

    def load(info: PluginInfo, loader: Any) -> Any:
        try:
            return loader() if info.builtin else guarded(budget, loader)
        except PluginTimeout as exc:
            report(
                OVER_BUDGET,
                info,
                f"plugin '{info.name}' ({info.source}) took too long to load, skipped: {exc}",
                subject="import",
                part_zh="载入",
                part_en="import",
                budget_seconds=format_seconds(exc.seconds),
            )
        except Exception as exc:
            report(
                NOT_LOADED,
                info,
                f"plugin '{info.name}' ({info.source}) failed to load, skipped: {_one_line(exc)}",
                detail=_one_line(exc),
            )
        return None

    def is_self(ep: metadata.EntryPoint) -> bool:
        return ep.dist is not None and (ep.dist.name or "").lower() == SELF

    # Built-ins register first, so that their kinds and rule codes win over a plugin's.
    entry_points = sorted(_entry_points(), key=lambda ep: not is_self(ep))
    found_self = any(is_self(ep) for ep in entry_points)
    if not found_self:
        for module_name in BUILTIN_MODULES:
            info = PluginInfo(module_name, SELF, True, SELF)
            register(importlib.import_module(module_name), info)
    for ep in entry_points:
        builtin = is_self(ep)
        if builtins_only and not builtin:
            continue
        dist = ep.dist.name if ep.dist is not None else ""
        version = ep.dist.version if ep.dist is not None else ""
        source = SELF if builtin else f"{dist} {version}" if ep.dist else ep.value
        info = PluginInfo(ep.value if builtin else ep.name, source, builtin, dist, version)
        module = load(info, ep.load)
        if module is not None:
            register(module, info)
    if not builtins_only:
        for module_name in extra_modules:
            info = PluginInfo(module_name, f"config: {module_name}", False)
            module = load(info, functools.partial(importlib.import_module, module_name))
            if module is not None:
                register(module, info)
    while True:
        try:
            pm.check_pending()
            break
        except pluggy.PluginValidationError as exc:
            plugin = exc.plugin
            name = pm.get_name(plugin) or "?"
            found = [i for i in infos if i.name == name]
            info = found[0] if found else PluginInfo(name, name, False)
            report(
                NOT_LOADED,
                info,
                f"plugin '{name}' skipped: {_one_line(exc)}",
                detail=_one_line(exc),
            )
            pm.unregister(plugin)
            infos[:] = [i for i in infos if i.name != name]
    return pm, infos


def _entry_points() -> Iterable[metadata.EntryPoint]:
    eps = metadata.entry_points()
    selected = eps.select(group=ENTRY_POINT_GROUP)
    # Same distribution can appear twice (e.g. an editable install plus a build dir).
    seen = set()
    for ep in selected:
        key = (ep.name, ep.value)
        if key not in seen:
            seen.add(key)
            yield ep


def build_registry(
    *,
    builtins_only: bool = False,
    extra_modules: Sequence[str] = (),
    budget: float | None = DEFAULT_BUDGET,
) -> Registry:
    """Load the plugins and merge what their hooks return into a :class:`Registry`.

    A plugin that fails (import, hook, wrong answer, a name already taken, past
    ``budget`` seconds for an import or a hook call) is skipped for what failed and
    recorded in :attr:`Registry.problems` and :attr:`Registry.failures`.
    """
    registry = Registry()
    report = _Report(registry.problems, registry.failures)
    pm, infos = get_plugin_manager(
        builtins_only=builtins_only,
        extra_modules=extra_modules,
        problems=registry.problems,
        failures=registry.failures,
        budget=budget,
    )
    registry.plugins = infos
    by_name = {info.name: info for info in infos}
    sources = {info.name: info.source for info in infos}
    owners: dict[tuple[str, str], str] = {}

    def plugin_info(name: str) -> PluginInfo:
        return by_name.get(name) or PluginInfo(name, name, False)

    def each(hook_name: str, want: type | tuple[type, ...]) -> Iterable[tuple[str, Any]]:
        hook = getattr(pm.hook, hook_name)
        # pluggy lists impls in registration order (it calls them in reverse): built-ins
        # come first, so a later plugin cannot take over a kind or rule code they define.
        for impl in hook.get_hookimpls():
            name = impl.plugin_name
            info = plugin_info(name)
            try:
                result = impl.function() if info.builtin else guarded(budget, impl.function)
            except PluginTimeout as exc:
                report(
                    OVER_BUDGET,
                    info,
                    f"plugin '{name}' took too long in {hook_name}, skipped: {exc}",
                    subject=hook_name,
                    part_zh=f"钩子 {hook_name}",
                    part_en=f"hook {hook_name}",
                    budget_seconds=format_seconds(exc.seconds),
                )
                continue
            except Exception as exc:
                report(
                    HOOK_FAILED,
                    info,
                    f"plugin '{name}' failed in {hook_name}, skipped: {_one_line(exc)}",
                    subject=hook_name,
                    hook=hook_name,
                    detail=_one_line(exc),
                )
                continue
            if result is None:
                continue
            if not isinstance(result, want) or isinstance(result, (str, bytes)):
                expected = "a mapping" if want is Mapping else "a list"
                report(
                    BAD_RESULT,
                    info,
                    f"plugin '{name}': {hook_name} returned {type(result).__name__}, "
                    f"not {expected}; skipped",
                    subject=hook_name,
                    hook=hook_name,
                    detail=f"{type(result).__name__}, not {expected}",
                )
                continue
            yield name, result

    def bad_item(plugin: str, hook: str, warning: str, detail: str) -> None:
        report(BAD_RESULT, plugin_info(plugin), warning, subject=hook, hook=hook, detail=detail)

    def duplicate(plugin: str, what: str, item: str, warning: str) -> None:
        zh = {"kind": "台账类型", "rule": "规则代码", "reader": "文件格式", "format": "报告格式"}
        report(
            DUPLICATE,
            plugin_info(plugin),
            warning,
            subject=f"{what}:{item}",
            what_zh=zh[what],
            what_en={"rule": "rule code", "format": "report format"}.get(what, what),
            name=item,
            owner=owners.get((what, item), "rectikit"),
        )

    def note(plugin: str, what: str, item: str) -> None:
        registry.provided.setdefault(plugin, {}).setdefault(what, []).append(item)

    def owner(plugin: str) -> str:
        return plugin_info(plugin).display

    lists = (list, tuple, Set, Iterator)
    for plugin, classes in each("rectikit_record_kinds", lists):
        for cls in classes:
            try:
                schema = kind_schema(cls)
            except Exception as exc:
                bad_item(
                    plugin,
                    "rectikit_record_kinds",
                    f"plugin '{plugin}': {exc}; skipped",
                    _one_line(exc) if not isinstance(exc, TypeError) else str(exc),
                )
                continue
            if schema.name in registry.kinds:
                duplicate(
                    plugin,
                    "kind",
                    schema.name,
                    f"plugin '{plugin}': kind '{schema.name}' is already defined; skipped",
                )
                continue
            registry.kinds[schema.name] = schema
            registry.kind_sources[schema.name] = sources.get(plugin, plugin)
            owners[("kind", schema.name)] = owner(plugin)
            note(plugin, "kinds", schema.name)
    for plugin, packs in each("rectikit_rule_packs", lists):
        for pack in packs:
            try:
                rules = load_pack(
                    Path(pack) if isinstance(pack, str) else pack,
                    source=sources.get(plugin, plugin),
                )
            except PackError as exc:
                bad_item(
                    plugin, "rectikit_rule_packs", f"plugin '{plugin}': {exc}; skipped", str(exc)
                )
                continue
            except Exception as exc:  # not a path: an int, a dict, ...
                bad_item(
                    plugin,
                    "rectikit_rule_packs",
                    f"plugin '{plugin}': rule pack {pack!r:.60} cannot be read "
                    f"({_one_line(exc)}); skipped",
                    f"{type(pack).__name__} is not a rule pack file",
                )
                continue
            for rule in rules:
                if rule.code in registry.rules:
                    duplicate(
                        plugin,
                        "rule",
                        rule.code,
                        f"plugin '{plugin}': rule {rule.code} is already defined; skipped",
                    )
                    continue
                unknown = [k for k in rule.kinds if k not in registry.kinds]
                if unknown:
                    bad_item(
                        plugin,
                        "rectikit_rule_packs",
                        f"plugin '{plugin}': rule {rule.code} reads unknown kind "
                        f"{', '.join(unknown)}; skipped",
                        f"rule {rule.code} reads unknown kind {', '.join(unknown)}",
                    )
                    continue
                registry.rules[rule.code] = rule
                owners[("rule", rule.code)] = owner(plugin)
                note(plugin, "rules", rule.code)
    for plugin, checks in each("rectikit_checks", lists):
        for check in checks:
            code = getattr(check, "code", None)
            if not isinstance(check, type) or not issubclass(check, Check):
                bad_item(
                    plugin,
                    "rectikit_checks",
                    f"plugin '{plugin}': check {check!r:.60} is not a Check class; skipped",
                    f"{getattr(check, '__name__', type(check).__name__)} is not a Check class",
                )
                continue
            if code not in registry.rules:
                bad_item(
                    plugin,
                    "rectikit_checks",
                    f"plugin '{plugin}': check {getattr(check, '__name__', check)!r} "
                    f"enforces no known rule ({code}); skipped",
                    f"check {check.__name__} enforces no known rule ({code})",
                )
                continue
            registry.checks.setdefault(code, []).append(check)
            registry.check_plugins.setdefault(check, plugin_info(plugin))
    for plugin, readers in each("rectikit_readers", Mapping):
        for suffix, reader in readers.items():
            if not isinstance(suffix, str) or not callable(reader):
                bad_item(
                    plugin,
                    "rectikit_readers",
                    f"plugin '{plugin}': reader {suffix!r:.30} -> {reader!r:.30} is not a "
                    "suffix and a function; skipped",
                    f"{suffix!r:.30} is not a suffix with a reader function",
                )
                continue
            key = suffix.lower()
            if key in registry.readers or key in READERS:
                duplicate(
                    plugin,
                    "reader",
                    key,
                    f"plugin '{plugin}': a reader for {key} is already defined; skipped",
                )
                continue
            registry.readers[key] = reader
            registry.reader_plugins[key] = plugin_info(plugin)
            owners[("reader", key)] = owner(plugin)
    for plugin, reporters in each("rectikit_reporters", Mapping):
        for name, reporter in reporters.items():
            if not isinstance(name, str) or not callable(reporter):
                bad_item(
                    plugin,
                    "rectikit_reporters",
                    f"plugin '{plugin}': format {name!r:.30} -> {reporter!r:.30} is not a "
                    "name and a reporter class; skipped",
                    f"{name!r:.30} is not a format name with a reporter class",
                )
                continue
            if name in registry.reporters:
                duplicate(
                    plugin,
                    "format",
                    name,
                    f"plugin '{plugin}': format '{name}' is already defined; skipped",
                )
                continue
            registry.reporters[name] = reporter
            owners[("format", name)] = owner(plugin)
    return registry
