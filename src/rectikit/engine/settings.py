"""Config applied to the registry: which rules run, with which severity and parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rectikit.engine.config import Config, ConfigError
from rectikit.engine.packs import Rule
from rectikit.engine.params import ParamError, coerce_param
from rectikit.model.severity import Severity

#: Diagnostic families: always on unless explicitly ignored.
DIAGNOSTIC_PREFIXES = ("DAT", "CFG")


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


def resolve_params(
    rules: Mapping[str, Rule], config: Config, warnings: list[str]
) -> dict[str, dict[str, Any]]:
    """Each rule's typed parameters: pack defaults <- ``[params.FAMILY]`` <- ``[params.CODE]``.

    Raises :class:`ConfigError` for an unknown parameter of a known rule or family, or a
    value that does not fit the parameter's type; a scope naming no rule or family is a
    warning.
    """
    where = config.display
    families: dict[str, list[Rule]] = {}
    for rule in rules.values():
        families.setdefault(rule.family, []).append(rule)
    for scope, values in config.params.items():
        if scope in rules:
            declared = set(rules[scope].params)
        elif scope in families:
            declared = {p for r in families[scope] for p in r.params}
        else:
            warnings.append(f"{where}: [params.{scope}] names no known rule or family; ignored")
            continue
        for name in values:
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise ConfigError(
                    f"{where}: [params.{scope}] unknown parameter '{name}' (known: {known})"
                )
    resolved: dict[str, dict[str, Any]] = {}
    for code, rule in rules.items():
        params = {name: spec.default for name, spec in rule.params.items()}
        for scope in (rule.family, code):
            for name, raw in config.params.get(scope, {}).items():
                if name not in rule.params:
                    continue
                try:
                    params[name] = coerce_param(rule.params[name].type, raw)
                except ParamError as exc:
                    raise ConfigError(f"{where}: [params.{scope}] {name}: {exc}") from None
        resolved[code] = params
    return resolved


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
