"""The plugin host: the plugin manager factory and the registry built from it.

:func:`get_plugin_manager` makes a fresh :class:`pluggy.PluginManager` per call (never
at import time), registers the ``rectikit`` entry points (rectikit's own and, unless
``builtins_only``, third-party ones) and the modules named in config, and calls
``check_pending()``. Any plugin that fails to import, register or answer a hook is
reported in :attr:`Registry.problems` and skipped; the run goes on.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
from collections.abc import Iterable, Sequence
from typing import Any

import pluggy

from rectikit import hookspecs
from rectikit.engine.packs import PackError, load_pack
from rectikit.engine.registry import PluginInfo, Registry
from rectikit.model.schema import kind_schema

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
    text = str(exc).strip().splitlines()
    detail = text[0] if text else ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def get_plugin_manager(
    *,
    builtins_only: bool = False,
    extra_modules: Sequence[str] = (),
    problems: list[str] | None = None,
) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """Create a plugin manager with rectikit's hookspecs and every plugin registered.

    Args:
        builtins_only: load only rectikit's own plugins (``--no-plugins``).
        extra_modules: importable modules named in config (``plugins = [...]``).
        problems: receives one-line messages about plugins that failed and were skipped.

    Returns:
        the manager and the list of plugins registered.
    """
    problems = problems if problems is not None else []
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []

    def register(obj: Any, name: str, source: str, builtin: bool) -> None:
        if pm.has_plugin(name) or pm.is_registered(obj):
            return
        try:
            pm.register(obj, name=name)
        except Exception as exc:  # a plugin with a bad hook signature, etc.
            problems.append(f"plugin '{name}' ({source}) skipped: {_one_line(exc)}")
            return
        infos.append(PluginInfo(name, source, builtin))

    def is_self(ep: metadata.EntryPoint) -> bool:
        return ep.dist is not None and (ep.dist.name or "").lower() == SELF

    # Built-ins register first, so that their kinds and rule codes win over a plugin's.
    entry_points = sorted(_entry_points(), key=lambda ep: not is_self(ep))
    found_self = any(is_self(ep) for ep in entry_points)
    if not found_self:
        for module_name in BUILTIN_MODULES:
            register(importlib.import_module(module_name), module_name, SELF, True)
    for ep in entry_points:
        dist = ep.dist.name if ep.dist is not None else ""
        builtin = is_self(ep)
        if builtins_only and not builtin:
            continue
        source = SELF if builtin else f"{dist} {ep.dist.version}" if ep.dist else ep.value
        try:
            module = ep.load()
        except Exception as exc:
            problems.append(
                f"plugin '{ep.name}' ({source}) failed to load, skipped: {_one_line(exc)}"
            )
            continue
        register(module, ep.name if not builtin else ep.value, source, builtin)
    if not builtins_only:
        for module_name in extra_modules:
            try:
                module = importlib.import_module(module_name)
            except Exception as exc:
                problems.append(
                    f"plugin '{module_name}' (config) failed to load, skipped: {_one_line(exc)}"
                )
                continue
            register(module, module_name, f"config: {module_name}", False)
    while True:
        try:
            pm.check_pending()
            break
        except pluggy.PluginValidationError as exc:
            plugin = exc.plugin
            name = pm.get_name(plugin) or "?"
            problems.append(f"plugin '{name}' skipped: {_one_line(exc)}")
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


def build_registry(*, builtins_only: bool = False, extra_modules: Sequence[str] = ()) -> Registry:
    """Load the plugins and merge what their hooks return into a :class:`Registry`."""
    registry = Registry()
    pm, infos = get_plugin_manager(
        builtins_only=builtins_only, extra_modules=extra_modules, problems=registry.problems
    )
    registry.plugins = infos
    sources = {info.name: info.source for info in infos}

    def each(hook_name: str) -> Iterable[tuple[str, Any]]:
        hook = getattr(pm.hook, hook_name)
        # pluggy lists impls in registration order (it calls them in reverse): built-ins
        # come first, so a later plugin cannot take over a kind or rule code they define.
        for impl in hook.get_hookimpls():
            name = impl.plugin_name
            try:
                result = impl.function()
            except Exception as exc:
                registry.problems.append(
                    f"plugin '{name}' failed in {hook_name}, skipped: {_one_line(exc)}"
                )
                continue
            if result is not None:
                yield name, result

    def note(plugin: str, what: str, item: str) -> None:
        registry.provided.setdefault(plugin, {}).setdefault(what, []).append(item)

    for plugin, classes in each("rectikit_record_kinds"):
        for cls in classes:
            try:
                schema = kind_schema(cls)
            except TypeError as exc:
                registry.problems.append(f"plugin '{plugin}': {exc}; skipped")
                continue
            if schema.name in registry.kinds:
                registry.problems.append(
                    f"plugin '{plugin}': kind '{schema.name}' is already defined; skipped"
                )
                continue
            registry.kinds[schema.name] = schema
            registry.kind_sources[schema.name] = sources.get(plugin, plugin)
            note(plugin, "kinds", schema.name)
    for plugin, packs in each("rectikit_rule_packs"):
        for pack in packs:
            try:
                rules = load_pack(pack, source=sources.get(plugin, plugin))
            except PackError as exc:
                registry.problems.append(f"plugin '{plugin}': {exc}; skipped")
                continue
            for rule in rules:
                if rule.code in registry.rules:
                    registry.problems.append(
                        f"plugin '{plugin}': rule {rule.code} is already defined; skipped"
                    )
                    continue
                unknown = [k for k in rule.kinds if k not in registry.kinds]
                if unknown:
                    registry.problems.append(
                        f"plugin '{plugin}': rule {rule.code} reads unknown kind "
                        f"{', '.join(unknown)}; skipped"
                    )
                    continue
                registry.rules[rule.code] = rule
                note(plugin, "rules", rule.code)
    for plugin, checks in each("rectikit_checks"):
        for check in checks:
            code = getattr(check, "code", None)
            if code not in registry.rules:
                registry.problems.append(
                    f"plugin '{plugin}': check {getattr(check, '__name__', check)!r} "
                    f"enforces no known rule ({code}); skipped"
                )
                continue
            registry.checks.setdefault(code, []).append(check)
    for _plugin, readers in each("rectikit_readers"):
        for suffix, reader in readers.items():
            registry.readers.setdefault(suffix.lower(), reader)
    for _plugin, reporters in each("rectikit_reporters"):
        for name, reporter in reporters.items():
            registry.reporters.setdefault(name, reporter)
    return registry
