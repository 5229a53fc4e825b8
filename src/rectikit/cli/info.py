"""``rectikit rules``, ``rectikit schema`` and ``rectikit plugins``: what is installed."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from rectikit.api import load_registry, resolve_config
from rectikit.cli.errors import UsageError
from rectikit.cli.output import format_table
from rectikit.cli.rule_docs import (
    describe_sets,
    example_line,
    rule_document,
    rule_section,
    rules_markdown,
)
from rectikit.cli.templates import choice_label, write_template
from rectikit.engine.config import Config
from rectikit.engine.packs import Rule
from rectikit.engine.params import render_param
from rectikit.engine.settings import effective_severity, resolve_timelines
from rectikit.engine.timeline import ParamTimeline
from rectikit.model.schema import KindSchema
from rectikit.plugins import Registry
from rectikit.readers.dataset import KindNames

#: Output formats of ``rectikit rules``.
RULES_FORMATS = ("text", "json", "markdown")


def add_parsers(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``rules``, ``schema`` and ``plugins``."""
    rules = subparsers.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?", help="a rule code to explain (e.g. PRC001)")
    rules.add_argument("--config", metavar="FILE", help="config whose values to show")
    rules.add_argument("--no-plugins", action="store_true", help="built-in rules only")
    rules.add_argument("--lang", choices=("zh", "en"), default=None)
    rules.add_argument(
        "--format",
        dest="output_format",
        choices=RULES_FORMATS,
        default=None,
        help="text (default); json (a list of every rule, or the one rule, with its "
        "texts in zh and en, parameters with default and configured values, examples); "
        "markdown",
    )
    rules.add_argument(
        "--markdown",
        action="store_true",
        help="the same as --format markdown (docs/rules.md is made so)",
    )
    rules.set_defaults(handler=run_rules)

    schema = subparsers.add_parser("schema", help="show the columns of each record kind")
    schema.add_argument("kind", nargs="?", help="a kind (English or Chinese name)")
    schema.add_argument(
        "--template",
        metavar="FILE",
        help="write a blank template (.csv for one kind, .xlsx for any: a sheet per kind "
        "with drop-down lists and a note on each header)",
    )
    schema.add_argument("--no-plugins", action="store_true", help="built-in kinds only")
    schema.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language of the template's notes"
    )
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


def rules_format(args: argparse.Namespace) -> str:
    """The output format of ``rectikit rules``: ``--format``, or markdown for ``--markdown``."""
    if args.markdown:
        if args.output_format not in (None, "markdown"):
            raise UsageError(f"--markdown and --format {args.output_format} disagree: give one")
        return "markdown"
    return str(args.output_format or "text")


def _timelines(config: Config, registry: Registry, stderr: TextIO) -> dict[str, ParamTimeline]:
    """Every rule's configured parameters; config warnings go to ``stderr``."""
    warnings: list[str] = []
    timelines = resolve_timelines(registry.rules, config, warnings)
    for warning in warnings:
        stderr.write(f"rectikit: warning: {warning}\n")
    return timelines


def run_rules(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """List every rule, or explain one (text, JSON or Markdown)."""
    fmt = rules_format(args)
    config, registry = _context(args)
    _warn(registry, stderr)
    lang = args.lang or config.lang
    rule = _rule(registry, args.code) if args.code else None
    if fmt == "markdown":
        if rule is not None:
            stdout.write("\n".join(rule_section(rule, lang)) + "\n")
        else:
            stdout.write(rules_markdown(list(registry.rules.values()), lang))
        return 0
    if fmt == "json":
        timelines = _timelines(config, registry, stderr)
        chosen = [rule] if rule is not None else [registry.rules[c] for c in sorted(registry.rules)]
        documents = [
            rule_document(r, effective_severity(r, config), timelines[r.code]) for r in chosen
        ]
        json.dump(
            documents[0] if rule is not None else documents, stdout, ensure_ascii=False, indent=2
        )
        stdout.write("\n")
        return 0
    if rule is not None:
        timeline = _timelines(config, registry, stderr)[rule.code]
        stdout.write(explain(rule, config, timeline, lang))
        return 0
    rows = []
    for code in sorted(registry.rules):
        item = registry.rules[code]
        rows.append(
            [
                code,
                item.name,
                effective_severity(item, config).value,
                ",".join(item.kinds) or "-",
                item.source,
                item.text("title", lang),
            ]
        )
    headers = ["code", "name", "severity", "kinds", "source", "title"]
    stdout.write(format_table(headers, rows) + "\n")
    return 0


def _rule(registry: Registry, code: str) -> Rule:
    rule = registry.rules.get(code.upper())
    if rule is None:
        raise UsageError(f"unknown rule '{code.upper()}' (see `rectikit rules`)")
    return rule


def explain(rule: Rule, config: Config, timeline: ParamTimeline, lang: str) -> str:
    """``rectikit rules CODE``: title, facts, texts, parameters (default and configured
    value), dated sets and a passing and a failing example record."""
    out = [
        f"{rule.code} {rule.name} — {rule.text('title', lang)}",
        "",
        f"severity: {rule.severity.value}"
        + (
            f" (configured: {effective_severity(rule, config).value})"
            if rule.code in config.severity
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
        rows = [
            [
                name,
                spec.type,
                render_param(spec.default),
                render_param(timeline.base[name]),
                spec.title.get(lang) or spec.title.get("zh", ""),
            ]
            for name, spec in rule.params.items()
        ]
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
            out += ["", f"example ({label}): {example_line(example)}"]
    return "\n".join(out) + "\n"


def _kind(registry: Registry, name: str) -> KindSchema:
    canonical = KindNames(registry.kinds.values()).lookup(name)
    if canonical is None:
        known = ", ".join(sorted(registry.kinds))
        raise UsageError(f"unknown kind '{name}' (known: {known})")
    return registry.kinds[canonical]


def run_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Print the columns of one or every kind; optionally write a template."""
    config, registry = _context(args)
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
        write_template(Path(args.template), tabular, lang=args.lang or config.lang)
        stdout.write(f"wrote {args.template}\n")
        return 0
    for schema in kinds:
        stdout.write(f"{schema.name} — {schema.title} (file names: {', '.join(schema.names)})\n")
        if schema.loader is not None:
            stdout.write(f"  {schema.description or 'a document kind, read whole'}\n\n")
            continue
        rows = [
            [
                spec.name,
                spec.type,
                "yes" if spec.required else "",
                "、".join(spec.aliases),
                " | ".join(
                    f"{choice_label(spec, c)} ({c})" if choice_label(spec, c) != c else c
                    for c in spec.choices or ()
                ),
            ]
            for spec in schema.fields
        ]
        table = format_table(["column", "type", "required", "aliases", "values"], rows)
        stdout.write("\n".join("  " + line for line in table.splitlines()) + "\n\n")
    return 0


def run_plugins(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """List the loaded plugins, where each came from, what each adds and its status:
    ``ok``, or the ``PLG`` codes of what failed (a plugin that could not be loaded at
    all is listed too, as ``not loaded``)."""
    _, registry = _context(args)
    failures: dict[str, list[str]] = {}
    for problem in registry.failures:
        codes = failures.setdefault(problem.plugin, [])
        if problem.code not in codes:
            codes.append(problem.code)
    rows = []
    listed = set()
    for info in registry.plugins:
        added = registry.provided.get(info.name, {})
        codes = failures.get(info.display, [])
        listed.add(info.display)
        rows.append(
            [
                info.name,
                info.source,
                ",".join(added.get("rules", [])) or "-",
                ",".join(added.get("kinds", [])) or "-",
                f"failed: {','.join(codes)}" if codes else "ok",
            ]
        )
    for problem in registry.failures:
        if problem.plugin not in listed:
            listed.add(problem.plugin)
            codes = ",".join(failures[problem.plugin])
            rows.append([problem.plugin, problem.source, "-", "-", f"not loaded: {codes}"])
    stdout.write(format_table(["plugin", "source", "rules", "kinds", "status"], rows) + "\n")
    _warn(registry, stderr)
    return 0
