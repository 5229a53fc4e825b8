"""``rectikit ledger``: the rectification ledger's dashboard, report and conversions."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import attrs

from rectikit.api import as_date, check, load_registry, resolve_config
from rectikit.cli.errors import UsageError
from rectikit.cli.output import atomic_text_file
from rectikit.engine.config import Config
from rectikit.engine.result import CheckResult
from rectikit.model.ledger import Ledger
from rectikit.reporters.base import ReportOptions


def days(text: str) -> int:
    """A whole number of days, zero or more (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``ledger`` and its subcommands."""
    parser = subparsers.add_parser("ledger", help="rectification ledger: status, report")
    commands = parser.add_subparsers(dest="ledger_command", metavar="COMMAND")

    status = commands.add_parser("status", help="progress dashboard of a ledger")
    status.add_argument("ledger", metavar="LEDGER", help="ledger file (.toml or .xlsx)")
    status.add_argument("--as-of", metavar="DATE", help="evaluation date (default: today)")
    status.add_argument(
        "--due-within",
        type=days,
        default=14,
        metavar="DAYS",
        help="list measures due within DAYS (default 14)",
    )
    status.add_argument(
        "--format",
        choices=("console", "json"),
        dest="output_format",
        help="console (default on a terminal) or json",
    )
    status.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    status.add_argument("--config", metavar="FILE", help="config file")
    status.add_argument("--lang", choices=("zh", "en"))
    status.set_defaults(handler=run_status)

    report = commands.add_parser("report", help="write the rectification report")
    report.add_argument("ledger", metavar="LEDGER", help="ledger file (.toml or .xlsx)")
    report.add_argument(
        "--format",
        choices=("md", "docx", "html"),
        dest="output_format",
        help="md, docx or html (default: from the -o suffix)",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the report file to write"
    )
    report.add_argument(
        "--as-of", metavar="DATE", help="date the counts are given for (default: the period's end)"
    )
    report.set_defaults(handler=run_report)

    convert = commands.add_parser("convert", help="convert a ledger between TOML and XLSX")
    convert.add_argument("source", metavar="SOURCE")
    convert.add_argument("target", metavar="TARGET")
    convert.set_defaults(handler=run_convert)

    imported = commands.add_parser(
        "import", help="make a ledger skeleton from a rectification report"
    )
    imported.add_argument("report", metavar="REPORT", help="report file (.txt, .md or .docx)")
    imported.add_argument(
        "-o",
        "--output",
        metavar="LEDGER",
        required=True,
        help="ledger file to write (.toml or .xlsx)",
    )
    imported.add_argument("--force", action="store_true", help="overwrite LEDGER if it exists")
    imported.add_argument(
        "--explain",
        action="store_true",
        help="show where each finding, measure and note came from in the report",
    )
    imported.add_argument("--config", metavar="FILE", help="config file (for LDG007)")
    imported.set_defaults(handler=run_import)

    parser.set_defaults(handler=lambda args, out, err: _help(parser, out))


def _help(parser: argparse.ArgumentParser, stdout: TextIO) -> int:
    parser.print_help(stdout)
    return 2


def read_ledger(path: Path) -> Ledger:
    """Load a ledger or raise a one-line :class:`UsageError`."""
    from rectikit.ledger.files import LedgerError, load_ledger

    if not path.is_file():
        raise UsageError(f"{path}: no such ledger file")
    try:
        return load_ledger(path)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def ledger_violations(
    path: Path, config: Config, as_of: date, select: tuple[str, ...] = ("LDG",)
) -> CheckResult:
    """Run the LDG rules (or those of ``select``) on one ledger file, whatever its name."""
    settings = attrs.evolve(
        config, files={path.name: "ledger"}, select=select, ignore=(), extend_select=()
    )
    return check([path], as_of=as_of, config=settings, registry=load_registry(settings))


def run_status(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Print the dashboard (and the LDG violations) of a ledger."""
    from rectikit.ledger.status import ledger_status

    path = Path(args.ledger)
    ledger = read_ledger(path)
    as_of = as_date(args.as_of, "--as-of") or date.today()
    config = resolve_config([path], args.config)
    lang = args.lang or config.lang
    status = ledger_status(ledger, as_of=as_of, due_within=args.due_within)
    result = ledger_violations(path, config, as_of)
    fmt = args.output_format or ("json" if (args.output or "").endswith(".json") else "console")
    if fmt == "json":
        data: dict[str, Any] = status.to_dict()
        data["violations"] = [v.to_dict() for v in result.violations]
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        _emit(text, args.output, stdout)
        return 0
    from rectikit.reporters.ledger_console import render_status
    from rectikit.reporters.text import text_line

    def write(stream: TextIO, color: bool) -> None:
        render_status(status, stream, ReportOptions(lang=lang, color=color))
        for violation in result.violations:
            stream.write(text_line(violation) + "\n")

    if args.output:
        with atomic_text_file(Path(args.output)) as stream:
            write(stream, False)
    else:
        write(stdout, stdout.isatty())
    return 0


def _emit(text: str, output: str | None, stdout: TextIO) -> None:
    if output:
        with atomic_text_file(Path(output)) as stream:
            stream.write(text)
    else:
        stdout.write(text)


def run_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Write the rectification report of a ledger."""
    from rectikit.ledger.report import ReportError, write_report

    ledger = read_ledger(Path(args.ledger))
    as_of = as_date(args.as_of, "--as-of")
    try:
        write_report(ledger, Path(args.output), args.output_format, as_of=as_of)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    stdout.write(f"wrote {args.output}\n")
    return 0


def run_convert(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Convert a ledger between TOML and XLSX."""
    from rectikit.ledger.files import LedgerError, convert_ledger

    source, target = Path(args.source), Path(args.target)
    read_ledger(source)
    try:
        convert_ledger(source, target)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
    stdout.write(f"wrote {target}\n")
    return 0


def run_import(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Write a ledger skeleton from a rectification report, then check what the report
    claims: the declared counts against the findings listed (LDG007, on stderr; exit 1
    as ``check`` would), and completed findings whose text says they are still planned
    or under way (warnings for review). What the report says that a ledger has no place
    for is kept in the ledger as ``[import] unplaced`` or as the findings' notes."""
    from rectikit.ledger.files import (
        LedgerError,
        atomic_write_bytes,
        file_lock,
        ledger_to_toml,
        save_ledger,
    )
    from rectikit.ledger.importer import SUFFIXES, ReportImportError, explain, import_report
    from rectikit.model.ledger import Status
    from rectikit.reporters.text import text_line

    report, output = Path(args.report), Path(args.output)
    if report.suffix.lower() not in SUFFIXES:
        raise UsageError(
            f"{report}: unsupported report file type {report.suffix or '(none)'!r} "
            "(expected .txt, .md or .docx)"
        )
    if not report.is_file():
        raise UsageError(f"{report}: no such report file")
    form = output.suffix.lower()
    if form not in (".toml", ".xlsx"):
        raise UsageError(
            f"{output}: unsupported ledger file type {output.suffix or '(none)'!r} "
            "(expected .toml or .xlsx)"
        )
    if output.exists() and not args.force:
        raise UsageError(f"{output}: already exists (use --force to overwrite it)")
    config = resolve_config([output.parent], args.config)
    try:
        result = import_report(report)
    except ReportImportError as exc:
        raise UsageError(str(exc)) from None
    findings = result.ledger.findings
    if not findings:
        if not result.unplaced and not result.title:
            raise UsageError(f"{report}: the report is empty")
        raise UsageError(
            f"{report}: no findings found: not a rectification report of the genre "
            "(expected headings like 1.关于“…”问题的整改, "
            "or a table with 问题 and 整改措施 columns)"
        )
    ledger = result.ledger_with_unplaced(report.name, workbook=form == ".xlsx")
    try:
        if form == ".xlsx":
            save_ledger(ledger, output)
        else:
            with file_lock(output):
                atomic_write_bytes(output, ledger_to_toml(ledger).encode("utf-8"))
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    counts = result.ledger.counts()
    by_status = [f"{counts['completed']} completed", f"{counts['effective']} effective"]
    for status in (Status.IN_PROGRESS, Status.PENDING, Status.VERIFIED):
        if counts[status.value]:
            by_status.append(f"{counts[status.value]} {status.value.replace('_', ' ')}")
    measures = sum(len(f.measures) for f in findings)
    notes = sum(len(f.notes) for f in findings)
    kept = f", {notes} notes kept on findings" if notes else ""
    stdout.write(
        f"wrote {output}: {len(findings)} findings ({', '.join(by_status)}), "
        f"{measures} measures, {len(result.unplaced)} paragraphs kept unplaced{kept}\n"
    )
    if args.explain:
        for line in explain(result):
            stdout.write(line + "\n")
    for warning in result.warnings:
        where = f" ({warning.where})" if warning.where else ""
        stderr.write(f"rectikit: warning: {report}{where}: {warning.message}\n")
    claims = ledger_violations(output, config, date.today(), select=("LDG007",))
    for violation in claims.violations:
        named = attrs.evolve(violation.location, file=str(output))  # as the user wrote it
        stderr.write(text_line(attrs.evolve(violation, location=named)) + "\n")
    return 1 if claims.fails(config.fail_on) else 0
