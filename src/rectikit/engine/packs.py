"""Rule packs: TOML policy documents declaring rules, their parameters and texts.

A pack looks like::

    [pack]
    family = "PRC"
    version = "1.0"          # the pack's own version, recorded in a report's manifest
    title = { zh = "政府采购", en = "Procurement" }

    [params.direct_limit]
    type = "amount"
    default = "20000"
    zh = "定向采购限额（元）"
    en = "limit for directed purchases (yuan)"

    [[rules]]
    code = "PRC001"
    name = "directed-over-limit"
    severity = "error"
    kinds = ["procurement"]
    params = ["direct_limit"]
    citation = "《政府采购内部控制规范》（单位修订版）"
    title = { zh = "...", en = "..." }
    message = { zh = "... {budget} ...", en = "... {budget} ..." }
    remedy = { zh = "...", en = "..." }   # template measure for --to-ledger
    subject = "id"
    examples.pass = { budget = "2万", mode = "自行采购", method = "定向采购" }
    examples.fail = { budget = "5.2万", mode = "自行采购", method = "定向采购" }

A parameter without ``default`` leaves its rules inactive until configured (``CFG001``).

Parameters that changed on a date (a new edition of a regulation) are given as dated
sets; each names only what changed and applies to records dated on or after
``effective`` (see :mod:`rectikit.engine.timeline`)::

    [[sets]]
    effective = 2023-03-01
    thresholds = { general = 1000, special = 1000, furniture = 1000 }
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from rectikit.engine.params import ParamError, coerce_param
from rectikit.engine.timeline import ParamSet, parse_param_set
from rectikit.model.severity import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10
    import tomli as tomllib

LANGS = ("zh", "en")


class PackError(ValueError):
    """A rule pack that is not valid; the message names the pack and the entry."""


@attrs.frozen(slots=True)
class ParamSpec:
    """A rule parameter.

    Attributes:
        name: parameter name (``direct_limit``).
        type: a type of :data:`rectikit.engine.params.PARAM_TYPES`.
        default: the typed default, or ``None`` when the rule needs it configured.
        title: ``{"zh": ..., "en": ...}`` description.
    """

    name: str
    type: str
    default: Any
    title: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def required(self) -> bool:
        """True when there is no default: the rule is inactive until configured."""
        return self.default is None


@attrs.frozen(slots=True)
class Rule:
    """A rule as its pack declares it (policy, not code).

    Attributes:
        code: ``PRC001``.
        name: kebab-case name.
        severity: default severity.
        kinds: record kinds it reads; it runs only when all are present.
        family: the pack's family prefix (``PRC``).
        title: ``{"zh", "en"}`` one-line title.
        message: ``{"zh", "en"}`` message template (``str.format`` fields).
        citation: the regulation and article it enforces.
        subject: how its subject is made (documentation: ``id``, ``leader|staff|YYYY``).
        params: its parameters by name.
        examples: ``{"pass": {...}, "fail": {...}}`` sample records.
        source: the plugin (distribution or module) that provided the pack.
        description: longer explanation (optional).
        remedy: ``{"zh", "en"}`` template corrective measure, used when a violation
            becomes a ledger finding (``rectikit check --to-ledger``).
        pack: the pack file's name (``procurement.toml``).
        pack_version: the pack's ``[pack] version`` (``""`` when it gives none).
        param_sets: the pack's dated parameter sets, restricted to this rule's
            parameters, by effective date.
    """

    code: str
    name: str
    severity: Severity
    kinds: tuple[str, ...]
    family: str
    title: Mapping[str, str]
    message: Mapping[str, str]
    citation: str
    subject: str = "id"
    params: Mapping[str, ParamSpec] = attrs.field(factory=dict)
    examples: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    source: str = "rectikit"
    description: str = ""
    remedy: Mapping[str, str] = attrs.field(factory=dict)
    pack: str = ""
    pack_version: str = ""
    param_sets: tuple[ParamSet, ...] = ()

    def text(self, field: str, lang: str) -> str:
        """``title``, ``message`` or ``remedy`` in ``lang``, falling back to Chinese."""
        texts: Mapping[str, str] = getattr(self, field)
        return texts.get(lang) or texts.get("zh") or next(iter(texts.values()), "")


def load_pack(path: Path | Any, *, source: str = "rectikit") -> list[Rule]:
    """Load the rules of one pack file (a path or an importlib Traversable).

    Raises :class:`PackError` naming the pack for any malformed entry.
    """
    name = getattr(path, "name", str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"rule pack {name}: {exc}") from None
    return parse_pack(data, name=name, source=source)


def parse_pack(data: Mapping[str, Any], *, name: str, source: str) -> list[Rule]:
    """Build the rules of a pack from its parsed TOML."""
    pack = data.get("pack", {})
    family = pack.get("family")
    if not isinstance(family, str) or not family:
        raise PackError(f"rule pack {name}: [pack] family is missing")
    params = {pname: _param(name, pname, spec) for pname, spec in data.get("params", {}).items()}
    sets = _param_sets(name, data.get("sets", []), params)
    rules = []
    for index, entry in enumerate(data.get("rules", []), start=1):
        rule = _rule(name, index, entry, family, params, source)
        mine = [
            attrs.evolve(item, values={k: v for k, v in item.values.items() if k in rule.params})
            for item in sets
        ]
        rules.append(
            attrs.evolve(
                rule,
                param_sets=tuple(m for m in mine if m.values),
                pack=name,
                pack_version=str(pack.get("version", "")),
            )
        )
    if not rules:
        raise PackError(f"rule pack {name}: no [[rules]]")
    return rules


def _param(pack: str, pname: str, spec: Any) -> ParamSpec:
    if not isinstance(spec, Mapping) or "type" not in spec:
        raise PackError(f"rule pack {pack}: [params.{pname}] needs a type")
    default = spec.get("default")
    try:
        typed = None if default is None else coerce_param(spec["type"], default)
    except ParamError as exc:
        raise PackError(f"rule pack {pack}: [params.{pname}] default: {exc}") from None
    title = {lang: spec[lang] for lang in LANGS if lang in spec}
    return ParamSpec(name=pname, type=spec["type"], default=typed, title=title)


def _param_sets(pack: str, entries: Any, params: Mapping[str, ParamSpec]) -> list[ParamSet]:
    """The pack's ``[[sets]]``: each an ``effective`` date and values of declared params."""
    if not isinstance(entries, list):
        raise PackError(f"rule pack {pack}: 'sets' must be an array of tables ([[sets]])")
    types = {name: spec.type for name, spec in params.items()}
    sets = []
    for index, entry in enumerate(entries, start=1):
        try:
            sets.append(parse_param_set(entry, types, f"pack {pack}"))
        except ParamError as exc:
            raise PackError(f"rule pack {pack}: [[sets]] #{index}: {exc}") from None
    return sets


def _rule(
    pack: str,
    index: int,
    entry: Mapping[str, Any],
    family: str,
    params: Mapping[str, ParamSpec],
    source: str,
) -> Rule:
    where = f"rule pack {pack}: rule {entry.get('code', f'#{index}')}"
    required = ("code", "name", "severity", "kinds", "title", "message")
    missing = [k for k in required if k not in entry]
    if missing:
        raise PackError(f"{where}: missing {', '.join(missing)}")
    try:
        severity = Severity.parse(entry["severity"])
    except ValueError as exc:
        raise PackError(f"{where}: {exc}") from None
    rule_params = {}
    for pname in entry.get("params", []):
        if pname not in params:
            raise PackError(f"{where}: parameter {pname!r} is not declared in [params]")
        rule_params[pname] = params[pname]
    kinds = entry["kinds"]
    if isinstance(kinds, str):
        kinds = [kinds]
    return Rule(
        code=entry["code"],
        name=entry["name"],
        severity=severity,
        kinds=tuple(kinds),
        family=family,
        title=_texts(where, "title", entry["title"]),
        message=_texts(where, "message", entry["message"]),
        citation=entry.get("citation", ""),
        subject=entry.get("subject", "id"),
        params=rule_params,
        examples=entry.get("examples", {}),
        source=source,
        description=entry.get("description", ""),
        remedy=_texts(where, "remedy", entry["remedy"]) if "remedy" in entry else {},
    )


def _texts(where: str, key: str, value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"zh": value}
    if not isinstance(value, Mapping) or "zh" not in value:
        raise PackError(f"{where}: {key} needs at least a zh text")
    return {str(k): str(v) for k, v in value.items()}
