"""``rectikit init [DIR]``: a starter ``rectikit.toml`` and blank ledger templates.

One template per tabular kind, named by the kind's Chinese title (``采购台账.csv``, or
``采购台账.xlsx`` with ``--xlsx``), so that each kind has one file. Nothing existing is
overwritten: a file already there, or any file in ``DIR`` whose name already maps to a
kind (``procurement.xlsx``), is left alone and listed, so no kind ends up with two files.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rectikit.api import load_registry
from rectikit.cli.errors import UsageError
from rectikit.cli.output import atomic_text_file
from rectikit.cli.templates import write_template
from rectikit.engine.config import Config
from rectikit.engine.packs import ParamSpec
from rectikit.plugins import Registry
from rectikit.readers.dataset import KindNames, is_ignored_name


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``init``."""
    parser = subparsers.add_parser(
        "init", help="write a starter rectikit.toml and blank templates into DIR"
    )
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR")
    parser.add_argument("--no-templates", action="store_true", help="only write the config")
    parser.add_argument(
        "--xlsx",
        action="store_true",
        help="write Excel templates (drop-down lists, a note on each header) instead of CSV",
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of the parameter notes and template notes (default zh)",
    )
    parser.set_defaults(handler=run)


def starter_config(registry: Registry, lang: str = "zh") -> str:
    """The text of a starter config: every parameter with its default, commented out
    (each with its meaning in ``lang``)."""
    lines = [
        "# rectikit configuration: see `rectikit rules CODE` for what each rule checks.",
        "# Uncomment and change what differs in your organization.",
        "",
        '# select = ["PRC", "ITG", "ELC"]   # rule codes or prefixes; default: all',
        "# ignore = []",
        '# fail_on = "error"                # error, warning, info or never',
        '# lang = "en"                      # messages in English (default: zh)',
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
            meaning = spec.title.get(lang) or spec.title.get("zh", "")
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
        "",
        "# An approved exception: the violation is listed as waived, not counted, until the",
        "# expiry (rectikit warns 30 days before; an expired waiver is WVR001, one that",
        "# matches nothing WVR002). subject may use * and ? (CG2023-*).",
        "# [[waiver]]",
        '# code = "PRC002"',
        '# subject = "CG2023-013"',
        '# reason = "工委会2023年第5次会议同意"',
        '# approver = "工委书记"',
        "# expiry = 2024-06-30",
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


def existing_kinds(folder: Path, names: KindNames) -> dict[str, Path]:
    """Kinds that a file directly in ``folder`` already holds, by its name."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and not is_ignored_name(path.name):
            kind = names.lookup(path.stem)
            if kind is not None:
                found.setdefault(kind, path)
    return found


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
            stream.write(starter_config(registry, args.lang))
        written.append(config)
    if not args.no_templates:
        have = existing_kinds(folder, KindNames(registry.kinds.values()))
        suffix = ".xlsx" if args.xlsx else ".csv"
        for name in sorted(registry.kinds):
            schema = registry.kinds[name]
            if schema.loader is not None:  # documents (a ledger) have no table template
                continue
            if name in have:  # one file per kind: never a second one
                kept.append(have[name])
                continue
            target = folder / f"{schema.title}{suffix}"
            write_template(target, [schema], lang=args.lang)
            written.append(target)
    for path in written:
        stdout.write(f"wrote {path}\n")
    for path in kept:
        stdout.write(f"kept  {path} (already there)\n")
    if written and not args.no_templates:
        stdout.write(
            f"next: delete the templates of ledgers you do not keep, fill in the others, "
            f"set the parameters in rectikit.toml, then run: rectikit check {folder}\n"
        )
    return 0
