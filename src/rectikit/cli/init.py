"""``rectikit init [DIR]``: a starter ``rectikit.toml`` and blank ledger templates.

Nothing existing is overwritten: files already there are left alone and listed.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rectikit.api import load_registry
from rectikit.cli.errors import UsageError
from rectikit.cli.info import write_template
from rectikit.cli.output import atomic_text_file
from rectikit.engine.config import Config
from rectikit.engine.packs import ParamSpec
from rectikit.plugins import Registry


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``init``."""
    parser = subparsers.add_parser(
        "init", help="write a starter rectikit.toml and blank templates into DIR"
    )
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR")
    parser.add_argument("--no-templates", action="store_true", help="only write the config")
    parser.set_defaults(handler=run)


def starter_config(registry: Registry) -> str:
    """The text of a starter config: every parameter with its default, commented out."""
    lines = [
        "# rectikit configuration: see `rectikit rules CODE` for what each rule checks.",
        "# Uncomment and change what differs in your organization.",
        "",
        '# select = ["PRC", "ITG", "ELC"]   # rule codes or prefixes; default: all',
        "# ignore = []",
        '# fail_on = "error"                # error, warning, info or never',
        "",
        "# [severity]",
        '# PRC002 = "warning"',
        "",
        "# [files]                          # file name or glob -> record kind",
        '# "2023年采购明细.xlsx" = "procurement"',
    ]
    families: dict[str, dict[str, ParamSpec]] = {}
    for rule in sorted(registry.rules.values(), key=lambda r: r.code):
        for name, spec in rule.params.items():
            families.setdefault(rule.family, {})[name] = spec
    for family in sorted(families):
        lines += ["", f"# [params.{family}]"]
        for name, spec in families[family].items():
            meaning = spec.title.get("zh", "")
            if spec.default is None:
                lines.append(
                    f'# {name} = ""    # 无默认值，须按本单位制度设置 / no default: {meaning}'
                )
            else:
                lines.append(f"# {name} = {toml_value(spec.default)}    # {meaning}")
    lines += [
        "",
        "# Figures that change on a date: each purchase (record) is judged by the set in force",
        "# on its own date; a set names only what changes.",
        "# [[params.PRC.sets]]",
        "# effective = 2024-01-01",
        '# self_limit = "50万"',
    ]
    return "\n".join(lines) + "\n"


def toml_value(value: Any) -> str:
    """A typed parameter value as a TOML literal (amounts as strings, ``"20000"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Write the starter files; return 0."""
    folder = Path(args.directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create directory: {exc.strerror or exc}") from None
    registry = load_registry(Config(), plugins=True)
    written, kept = [], []
    config = folder / "rectikit.toml"
    if config.exists():
        kept.append(config)
    else:
        with atomic_text_file(config) as stream:
            stream.write(starter_config(registry))
        written.append(config)
    if not args.no_templates:
        for name in sorted(registry.kinds):
            schema = registry.kinds[name]
            if schema.loader is not None:  # documents (a ledger) have no table template
                continue
            target = folder / f"{schema.title}.csv"
            if target.exists():
                kept.append(target)
                continue
            write_template(target, [schema])
            written.append(target)
    for path in written:
        stdout.write(f"wrote {path}\n")
    for path in kept:
        stdout.write(f"kept  {path} (already there)\n")
    return 0
