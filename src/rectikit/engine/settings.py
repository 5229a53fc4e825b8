"""Config applied to the registry: which rules run, with which severity and parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from rectikit.engine.config import Config, ConfigError
from rectikit.engine.packs import Rule
from rectikit.engine.params import ParamError, coerce_param
from rectikit.engine.timeline import ParamSet, ParamTimeline, parse_param_set
from rectikit.model.severity import Severity

#: Diagnostic families: always on unless explicitly ignored (``PLG``: plugin isolation).
DIAGNOSTIC_PREFIXES = ("DAT", "CFG", "PLG")

#: Families judged by rectikit itself rather than by a check: the readers (``DAT``), the
#: engine (``CFG``, and ``PLG`` for plugins that fail) and the waiver step (``WVR``);
#: never listed as "not run" for want of a check or a file.
ENGINE_JUDGED_PREFIXES = ("DAT", "CFG", "WVR", "PLG")


def _longest_match(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def select_rules(
    codes: Iterable[str],
    *,
    select: Sequence[str] | None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> set[str]:
    """The codes that run, resolved like ruff: the most specific selector wins.

    ``select`` defaults to every rule; a code is ignored when an ``ignore`` entry
    matches it at least as specifically as the best ``select``/``extend_select`` entry.
    Diagnostics (``DAT``/``CFG``) run unless explicitly ignored.
    """
    chosen = set()
    selectors = [*(select if select is not None else [""]), *extend_select]
    for code in codes:
        ignored = _longest_match(code, ignore)
        if code.startswith(DIAGNOSTIC_PREFIXES):
            if ignored < 0:
                chosen.add(code)
            continue
        selected = _longest_match(code, selectors)
        if selected >= 0 and selected > ignored:
            chosen.add(code)
    return chosen


def unknown_selectors(codes: Iterable[str], selectors: Iterable[str]) -> list[str]:
    """Selectors that match no known code (reported as warnings)."""
    known = list(codes)
    return [s for s in selectors if s and not any(c.startswith(s) for c in known)]


def effective_severity(rule: Rule, config: Config) -> Severity:
    """The rule's severity after ``[severity]`` overrides."""
    return config.severity.get(rule.code, rule.severity)


#: The key of a params scope that holds its dated sets: ``[[params.PRC.sets]]``.
SETS_KEY = "sets"


def resolve_params(
    rules: Mapping[str, Rule], config: Config, warnings: list[str]
) -> dict[str, dict[str, Any]]:
    """Each rule's typed base parameters: pack defaults <- ``[params.FAMILY]`` <-
    ``[params.CODE]`` (the values in force before any dated set).

    Raises :class:`ConfigError` like :func:`resolve_timelines`.
    """
    timelines = resolve_timelines(rules, config, warnings)
    return {code: dict(timeline.base) for code, timeline in timelines.items()}


def resolve_timelines(
    rules: Mapping[str, Rule], config: Config, warnings: list[str]
) -> dict[str, ParamTimeline]:
    """Each rule's parameters over time.

    The base values are the pack defaults, overridden by ``[params.FAMILY]`` then
    ``[params.CODE]``. Dated sets come from the pack (``[[sets]]``) and from
    ``[[params.FAMILY.sets]]`` / ``[[params.CODE.sets]]``; a parameter given a plain value
    in config is the organization's own figure and drops the pack's dated values for it.

    Raises :class:`ConfigError` for an unknown parameter of a known rule or family, a
    value that does not fit the parameter's type, or a set without a valid
    ``effective`` date; a scope naming no rule or family is a warning.
    """
    where = config.display
    families: dict[str, list[Rule]] = {}
    for rule in rules.values():
        families.setdefault(rule.family, []).append(rule)
    declared_by_scope: dict[str, dict[str, str]] = {}
    for scope, values in config.params.items():
        if scope in rules:
            declared = {n: p.type for n, p in rules[scope].params.items()}
        elif scope in families:
            declared = {n: p.type for r in families[scope] for n, p in r.params.items()}
        else:
            warnings.append(f"{where}: [params.{scope}] names no known rule or family; ignored")
            continue
        declared_by_scope[scope] = declared
        for name in values:
            if name != SETS_KEY and name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise ConfigError(
                    f"{where}: [params.{scope}] unknown parameter '{name}' (known: {known})"
                )
    config_sets = {
        scope: _config_sets(where, scope, config.params[scope].get(SETS_KEY, []), declared)
        for scope, declared in declared_by_scope.items()
    }
    resolved: dict[str, ParamTimeline] = {}
    for code, rule in rules.items():
        params = {name: spec.default for name, spec in rule.params.items()}
        overridden: set[str] = set()
        for scope in (rule.family, code):
            for name, raw in config.params.get(scope, {}).items():
                if name not in rule.params:
                    continue
                try:
                    params[name] = coerce_param(rule.params[name].type, raw)
                except ParamError as exc:
                    raise ConfigError(f"{where}: [params.{scope}] {name}: {exc}") from None
                overridden.add(name)
        sets = [
            attrs.evolve(item, values=kept)
            for item in rule.param_sets
            if (kept := {k: v for k, v in item.values.items() if k not in overridden})
        ]
        for scope in (rule.family, code):
            for item in config_sets.get(scope, ()):
                kept = {k: v for k, v in item.values.items() if k in rule.params}
                if kept:
                    sets.append(attrs.evolve(item, values=kept))
        resolved[code] = ParamTimeline(params, tuple(sets))
    return resolved


def _config_sets(
    where: str, scope: str, entries: Any, declared: Mapping[str, str]
) -> list[ParamSet]:
    label = f"{where}: [[params.{scope}.{SETS_KEY}]]"
    if not isinstance(entries, list):
        raise ConfigError(f"{label} must be an array of tables, each with an 'effective' date")
    sets = []
    for index, entry in enumerate(entries, start=1):
        try:
            sets.append(parse_param_set(entry, declared, f"config [params.{scope}]"))
        except ParamError as exc:
            raise ConfigError(f"{label} #{index}: {exc}") from None
    return sets


def check_severity_codes(rules: Mapping[str, Rule], config: Config, warnings: list[str]) -> None:
    """Warn about ``[severity]`` entries naming no known rule."""
    for code in config.severity:
        if code not in rules:
            warnings.append(f"{config.display}: [severity] {code} is not a known rule; ignored")


def validate_kinds(kinds: Iterable[str], config: Config, lookup: Any) -> dict[str, str]:
    """Resolve ``[files]`` kinds (any kind name, English or Chinese) to canonical names."""
    out = {}
    for pattern, kind in config.files.items():
        canonical = lookup(kind)
        if canonical is None:
            known = ", ".join(sorted(kinds))
            raise ConfigError(
                f"{config.display}: [files] '{pattern}' maps to unknown kind '{kind}' "
                f"(known: {known})"
            )
        out[pattern] = canonical
    return out
