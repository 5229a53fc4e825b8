"""``rectikit rules``, ``rectikit schema`` and ``rectikit plugins``: what is installed."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import TextIO

from rectikit.api import load_registry, resolve_config
from rectikit.cli.errors import UsageError
from rectikit.cli.output import atomic_text_file, format_table
from rectikit.engine.config import Config
from rectikit.engine.params import render_param
from rectikit.engine.settings import effective_severity, resolve_timelines
from rectikit.engine.timeline import ParamSet
from rectikit.model.schema import KindSchema
from rectikit.plugins import Registry
from rectikit.readers.dataset import KindNames


def add_parsers(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``rules``, ``schema`` and ``plugins``."""
    rules = subparsers.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?", help="a rule code to explain (e.g. PRC001)")
    rules.add_argument("--config", metavar="FILE", help="config whose values to show")
    rules.add_argument("--no-plugins", action="store_true", help="built-in rules only")
    rules.add_argument("--lang", choices=("zh", "en"), default=None)
    rules.add_argument(
        "--markdown",
        action="store_true",
        help="print the whole catalog as Markdown (docs/rules.md is made so)",
    )
    rules.set_defaults(handler=run_rules)

    schema = subparsers.add_parser("schema", help="show the columns of each record kind")
    schema.add_argument("kind", nargs="?", help="a kind (English or Chinese name)")
    schema.add_argument(
        "--template",
        metavar="FILE",
        help="write a blank template (.csv for one kind, .xlsx for any)",
    )
    schema.add_argument("--no-plugins", action="store_true", help="built-in kinds only")
    schema.set_defaults(handler=run_schema)

    plugins = subparsers.add_parser("plugins", help="list loaded plugins and what they add")
    plugins.add_argument("--config", metavar="FILE", help="config naming extra plugins")
    plugins.add_argument("--no-plugins", action="store_true", help="built-ins only")
    plugins.set_defaults(handler=run_plugins)


def _context(args: argparse.Namespace) -> tuple[Config, Registry]:
    config = resolve_config([Path(".")], getattr(args, "config", None))
    registry = load_registry(config, plugins=not args.no_plugins)
    return config, registry


def _warn(registry: Registry, stderr: TextIO) -> None:
    for problem in registry.problems:
        stderr.write(f"rectikit: warning: {problem}\n")


def run_rules(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """List every rule, or explain one."""
    config, registry = _context(args)
    _warn(registry, stderr)
    lang = args.lang or config.lang
    if args.markdown:
        stdout.write(rules_markdown(registry, lang))
        return 0
    if args.code:
        return _explain(args.code.upper(), config, registry, lang, stdout, stderr)
    rows = []
    for code in sorted(registry.rules):
        rule = registry.rules[code]
        sev = effective_severity(rule, config).value
        rows.append(
            [
                code,
                rule.name,
                sev,
                ",".join(rule.kinds) or "-",
                rule.source,
                rule.text("title", lang),
            ]
        )
    headers = ["code", "name", "severity", "kinds", "source", "title"]
    stdout.write(format_table(headers, rows) + "\n")
    return 0


def _explain(
    code: str, config: Config, registry: Registry, lang: str, stdout: TextIO, stderr: TextIO
) -> int:
    rule = registry.rules.get(code)
    if rule is None:
        raise UsageError(f"unknown rule '{code}' (see `rectikit rules`)")
    warnings: list[str] = []
    timeline = resolve_timelines(registry.rules, config, warnings)[code]
    configured = timeline.base
    out = [
        f"{rule.code} {rule.name} — {rule.text('title', lang)}",
        "",
        f"severity: {rule.severity.value}"
        + (
            f" (configured: {effective_severity(rule, config).value})"
            if code in config.severity
            else ""
        ),
        f"kinds:    {', '.join(rule.kinds) or '-'}",
        f"subject:  {rule.subject}",
        f"source:   {rule.source}",
        f"citation: {rule.citation}",
    ]
    if rule.description:
        out += ["", rule.description]
    out += ["", f"message: {rule.text('message', lang)}"]
    if rule.remedy:
        out += [f"remedy:  {rule.text('remedy', lang)}"]
    if rule.params:
        out += ["", "parameters:"]
        rows = []
        for name, spec in rule.params.items():
            value = configured[name]
            rows.append(
                [
                    name,
                    spec.type,
                    render_param(spec.default),
                    render_param(value),
                    spec.title.get(lang) or spec.title.get("zh", ""),
                ]
            )
        table = format_table(["name", "type", "default", "configured", "meaning"], rows)
        out += ["  " + line for line in table.splitlines()]
    if timeline.sets:
        out += [
            "",
            "parameter sets (a record is judged by the set in force on its own date;"
            " a period by the set in force on its first day):",
        ]
        out += ["  " + line for line in describe_sets(timeline.sets)]
    for label in ("pass", "fail"):
        example = rule.examples.get(label)
        if example:
            body = ", ".join(f"{k} = {v}" for k, v in example.items())
            out += ["", f"example ({label}): {body}"]
    stdout.write("\n".join(out) + "\n")
    return 0


def describe_sets(sets: tuple[ParamSet, ...] | list[ParamSet]) -> list[str]:
    """One line per dated parameter set: ``from 2023-07-01 (source): name = value, ...``."""
    return [
        f"from {item.effective.isoformat()} ({item.source}): "
        + ", ".join(f"{name} = {render_param(value)}" for name, value in item.values.items())
        for item in sorted(sets, key=lambda s: s.effective)
    ]


def rules_markdown(registry: Registry, lang: str = "zh") -> str:
    """The rule catalog as Markdown: a table, then each rule with its parameters."""
    out = [
        "# rectikit rule catalog",
        "",
        "Generated by `rectikit rules --markdown --no-plugins`; do not edit by hand.",
        "",
        "| code | name | severity | kinds | title |",
        "| --- | --- | --- | --- | --- |",
    ]
    rules = [registry.rules[code] for code in sorted(registry.rules)]
    for rule in rules:
        kinds = ", ".join(rule.kinds) or "-"
        out.append(
            f"| {rule.code} | {rule.name} | {rule.severity.value} | {kinds} | "
            f"{rule.text('title', lang)} |"
        )
    for rule in rules:
        out += ["", f"## {rule.code} {rule.name}", "", f"**{rule.text('title', lang)}**", ""]
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
                body = ", ".join(f"{k} = {v}" for k, v in example.items())
                out += ["", f"Example ({label}): {body}"]
    return "\n".join(out) + "\n"


def _kind(registry: Registry, name: str) -> KindSchema:
    canonical = KindNames(registry.kinds.values()).lookup(name)
    if canonical is None:
        known = ", ".join(sorted(registry.kinds))
        raise UsageError(f"unknown kind '{name}' (known: {known})")
    return registry.kinds[canonical]


def run_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Print the columns of one or every kind; optionally write a template."""
    _, registry = _context(args)
    _warn(registry, stderr)
    kinds = (
        [_kind(registry, args.kind)]
        if args.kind
        else [registry.kinds[name] for name in sorted(registry.kinds)]
    )
    if args.template:
        tabular = [k for k in kinds if k.loader is None]
        if not tabular:
            raise UsageError(
                f"'{kinds[0].name}' files are documents, not tables: no template to write"
            )
        write_template(Path(args.template), tabular)
        stdout.write(f"wrote {args.template}\n")
        return 0
    for schema in kinds:
        stdout.write(f"{schema.name} — {schema.title} (file names: {', '.join(schema.names)})\n")
        if schema.loader is not None:
            stdout.write(f"  {schema.description or 'a document kind, read whole'}\n\n")
            continue
        rows = []
        for spec in schema.fields:
            kind_type = spec.type
            if spec.choices:
                kind_type += ": " + " | ".join(spec.choices)
            rows.append(
                [spec.name, kind_type, "yes" if spec.required else "", "、".join(spec.aliases)]
            )
        table = format_table(["column", "type", "required", "aliases"], rows)
        stdout.write("\n".join("  " + line for line in table.splitlines()) + "\n\n")
    return 0


def template_headers(schema: KindSchema) -> list[str]:
    """Template headers: each column's first Chinese alias (or its name)."""
    return [spec.aliases[0] if spec.aliases else spec.name for spec in schema.fields]


def write_template(path: Path, kinds: list[KindSchema]) -> None:
    """Write a blank template: CSV (UTF-8 with BOM, one kind) or XLSX (a sheet per kind)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(kinds) != 1:
            raise UsageError("a .csv template holds one kind: name it (rectikit schema KIND)")
        with atomic_text_file(path, encoding="utf-8-sig") as stream:
            csv.writer(stream).writerow(template_headers(kinds[0]))
        return
    if suffix != ".xlsx":
        raise UsageError("--template: use a .csv or .xlsx file name")
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for schema in kinds:
        sheet = workbook.create_sheet(schema.name)
        sheet.append(template_headers(schema))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        workbook.save(tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write template: {exc.strerror or exc}") from None


def run_plugins(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """List the loaded plugins, where each came from and what each adds."""
    _, registry = _context(args)
    rows = []
    for info in registry.plugins:
        added = registry.provided.get(info.name, {})
        rows.append(
            [
                info.name,
                info.source,
                ",".join(added.get("rules", [])) or "-",
                ",".join(added.get("kinds", [])) or "-",
            ]
        )
    stdout.write(format_table(["plugin", "source", "rules", "kinds"], rows) + "\n")
    _warn(registry, stderr)
    return 0
