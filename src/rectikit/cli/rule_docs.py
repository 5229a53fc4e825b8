"""The rule catalog as data and as documents: ``rectikit rules --format json|markdown``.

:func:`rule_document` is one rule as a JSON-ready dict (its pack's declaration plus the
values a config gives it); :func:`rules_markdown` is the catalog ``docs/rules.md`` is
generated from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from rectikit.engine.packs import LANGS, Rule
from rectikit.engine.params import render_param
from rectikit.engine.timeline import ParamSet, ParamTimeline
from rectikit.model.severity import Severity


def jsonable(value: Any) -> Any:
    """A typed parameter or example value as JSON: amounts as strings (``"20000"``, as in
    a report's ``details``), dates in ISO form, tables as objects, lists as arrays."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    return str(value)


def texts(rule: Rule, field: str) -> dict[str, str]:
    """``title``, ``message`` or ``remedy`` in every language (English falls back to
    Chinese, as ``--lang en`` shows it); empty strings when the rule has none."""
    if not getattr(rule, field):
        return dict.fromkeys(LANGS, "")
    return {lang: rule.text(field, lang) for lang in LANGS}


def param_sets(sets: Sequence[ParamSet]) -> list[dict[str, Any]]:
    """Dated parameter sets as JSON, by effective date."""
    return [
        {
            "effective": item.effective.isoformat(),
            "source": item.source,
            "values": jsonable(item.values),
        }
        for item in sorted(sets, key=lambda s: s.effective)
    ]


def rule_document(rule: Rule, severity: Severity, timeline: ParamTimeline) -> dict[str, Any]:
    """One rule as JSON: its declaration, with the configured severity and values.

    Args:
        rule: the rule as its pack declares it.
        severity: its severity after the config's ``[severity]``.
        timeline: its parameters after the config (base values and dated sets).
    """
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": severity.value,
        "default_severity": rule.severity.value,
        "kinds": list(rule.kinds),
        "family": rule.family,
        "source": rule.source,
        "pack": rule.pack,
        "pack_version": rule.pack_version,
        "title": texts(rule, "title"),
        "message": texts(rule, "message"),
        "remedy": texts(rule, "remedy"),
        "citation": rule.citation,
        "subject": rule.subject,
        "description": rule.description,
        "params": {
            name: {
                "type": spec.type,
                "required": spec.required,
                "title": {lang: spec.title.get(lang) or spec.title.get("zh", "") for lang in LANGS},
                "default": jsonable(spec.default),
                "configured": jsonable(timeline.base.get(name)),
            }
            for name, spec in rule.params.items()
        },
        "param_sets": param_sets(timeline.sets),
        "examples": {label: jsonable(rule.examples[label]) for label in rule.examples},
    }


def describe_sets(sets: Sequence[ParamSet]) -> list[str]:
    """One line per dated parameter set: ``from 2023-07-01 (source): name = value, ...``."""
    return [
        f"from {item.effective.isoformat()} ({item.source}): "
        + ", ".join(f"{name} = {render_param(value)}" for name, value in item.values.items())
        for item in sorted(sets, key=lambda s: s.effective)
    ]


def example_line(example: Mapping[str, Any]) -> str:
    """An example record as ``field = value, ...``."""
    return ", ".join(f"{k} = {v}" for k, v in example.items())


def rule_section(rule: Rule, lang: str = "zh") -> list[str]:
    """The Markdown section of one rule: title, facts, parameters, sets, examples."""
    out = [f"## {rule.code} {rule.name}", "", f"**{rule.text('title', lang)}**", ""]
    if rule.description:
        out += [rule.description, ""]
    out += [
        f"- severity: `{rule.severity.value}`",
        f"- kinds: {', '.join(f'`{k}`' for k in rule.kinds) or '-'}",
        f"- subject: `{rule.subject}`",
        f"- citation: {rule.citation}",
        f"- message: {rule.text('message', lang)}",
    ]
    if rule.remedy:
        out.append(f"- remedy: {rule.text('remedy', lang)}")
    if rule.params:
        out += ["", "| parameter | type | default | meaning |", "| --- | --- | --- | --- |"]
        for name, spec in rule.params.items():
            meaning = spec.title.get(lang) or spec.title.get("zh", "")
            out.append(f"| `{name}` | {spec.type} | {render_param(spec.default)} | {meaning} |")
    if rule.param_sets:
        out += ["", "Dated parameter sets:", ""]
        out += [f"- {line}" for line in describe_sets(rule.param_sets)]
    for label in ("pass", "fail"):
        example = rule.examples.get(label)
        if example:
            out += ["", f"Example ({label}): {example_line(example)}"]
    return out


def rules_markdown(rules: Sequence[Rule], lang: str = "zh") -> str:
    """The rule catalog as Markdown: a table, then each rule with its parameters."""
    out = [
        "# rectikit rule catalog",
        "",
        "Generated by `rectikit rules --markdown --no-plugins`; do not edit by hand.",
        "",
        "| code | name | severity | kinds | title |",
        "| --- | --- | --- | --- | --- |",
    ]
    ordered = sorted(rules, key=lambda r: r.code)
    for rule in ordered:
        kinds = ", ".join(rule.kinds) or "-"
        out.append(
            f"| {rule.code} | {rule.name} | {rule.severity.value} | {kinds} | "
            f"{rule.text('title', lang)} |"
        )
    for rule in ordered:
        out += ["", *rule_section(rule, lang)]
    return "\n".join(out) + "\n"
