"""``rectikit check``: run the rules over a dataset and report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from rectikit.api import check, load_registry, resolve_config
from rectikit.cli.baseline import write_baseline
from rectikit.cli.errors import UsageError
from rectikit.cli.output import atomic_text_file
from rectikit.cli.progress import progress_for
from rectikit.engine.config import FAIL_ON, Config, merge_cli
from rectikit.engine.redact import redact_result
from rectikit.engine.registry import Registry
from rectikit.engine.result import CheckResult
from rectikit.model.ledger import Ledger
from rectikit.reporters.annotate import annotate_inputs
from rectikit.reporters.base import Reporter, ReportOptions
from rectikit.reporters.statistics import write_statistics
from rectikit.scratch import ScratchError


def codes(text: str) -> list[str]:
    """A comma list of codes or prefixes, upper-cased."""
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def _count(text: str) -> int:
    """A whole number, 0 or more (``--max-errors``)."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more: {text!r}")
    return int(text)


def _jobs(text: str) -> int:
    """A whole number, 1 or more (``--jobs``)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more: {text!r}")
    return int(text)


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``check`` and its options."""
    parser = subparsers.add_parser(
        "check",
        help="check a dataset against the rules",
        description="Read the ledgers under PATH and report every rule violation.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="dataset directories or files (default: .)",
    )
    parser.add_argument("--as-of", metavar="DATE", help="evaluation date (default: today)")
    parser.add_argument(
        "--since", metavar="DATE", help="window start (default: 1 January of the as-of year)"
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: nearest rectikit.toml or pyproject.toml)",
    )
    parser.add_argument(
        "--select",
        type=codes,
        metavar="CODES",
        help="comma list of codes or prefixes to run (replaces the config's)",
    )
    parser.add_argument(
        "--ignore", type=codes, metavar="CODES", help="comma list of codes or prefixes not to run"
    )
    parser.add_argument(
        "--extend-select",
        type=codes,
        metavar="CODES",
        help="codes or prefixes to run in addition to the selection",
    )
    parser.add_argument(
        "--format",
        dest="output_format",
        metavar="FORMAT",
        help="console, text, json, markdown, html, sarif, junit, xlsx, or a plugin's format "
        "(default: console on a terminal, else text)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument("--encoding", metavar="NAME", help="force an encoding for text files")
    parser.add_argument(
        "--max-errors",
        type=_count,
        metavar="N",
        help="list at most N data problems (DAT), the most severe first; the others are "
        "counted (summary.data_errors_unlisted, a warning) and still set the exit code",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="processes a check may use: unrelated kinds read at once, a big CSV/TSV table "
        "in ranges and its encoding checked in parts "
        "(default: RECTIKIT_JOBS, or the cores); 1 does everything in one process",
    )
    parser.add_argument("--no-plugins", action="store_true", help="load only the built-in rules")
    parser.add_argument("--lang", choices=("zh", "en"), help="message language (default zh)")
    parser.add_argument(
        "--waivers",
        metavar="FILE",
        help="approved exceptions ([[waiver]] code, subject, reason, approver, expiry) "
        "not to report",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="a JSON report: report only violations not already in it",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write the violations found as a baseline (a JSON report)",
    )
    parser.add_argument(
        "--compare",
        metavar="PREVIOUS",
        help="a previous JSON report: mark each violation new, persisting or regressed "
        "with its age in days, and list what was resolved",
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="mask people's names (staff, leaders, persons) in the report: 张三 -> 人员A",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print counts by rule (code, name, count) instead of each violation",
    )
    parser.add_argument(
        "--annotate",
        metavar="DIR",
        help="write a copy of each input workbook (.xlsx) into DIR with the offending "
        "cells highlighted and the message as a comment (inputs are never changed)",
    )
    parser.add_argument(
        "--to-ledger",
        metavar="LEDGER",
        help="record new violations as findings in LEDGER (.toml/.xlsx), and "
        "mark findings whose violation is gone as completed",
    )
    parser.set_defaults(handler=run)


#: Report format implied by the ``-o`` file's suffix.
SUFFIX_FORMATS = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".xml": "junit",
    ".xlsx": "xlsx",
}


def pick_format(args: argparse.Namespace, stdout: TextIO) -> str:
    """The explicit ``--format``, else by ``-o`` suffix, else console on a terminal."""
    if args.output_format:
        return str(args.output_format)
    if args.output:
        return SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "text")
    return "console" if stdout.isatty() else "text"


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run the check and write the report; return the exit code."""
    if args.encoding:
        try:
            "".encode(args.encoding)
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding '{args.encoding}'") from None
    paths = [Path(p) for p in args.paths]
    settings = merge_cli(
        resolve_config(paths, args.config),
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        fail_on=args.fail_on,
        lang=args.lang,
        encoding=args.encoding,
    )
    registry = load_registry(settings, plugins=not args.no_plugins)
    fmt = pick_format(args, stdout)
    reporter_class = registry.reporters.get(fmt)
    if reporter_class is None:
        known = ", ".join(sorted(registry.reporters))
        raise UsageError(f"--format: unknown format '{fmt}' (available: {known})")
    if args.statistics and fmt not in ("text", "console", "json"):
        raise UsageError(f"--statistics prints text or json, not {fmt}")
    if reporter_class.binary and not args.output:
        raise UsageError(f"--format {fmt} writes a file: give -o FILE")
    expected = _digest(Path(args.to_ledger)) if args.to_ledger else None
    ledger = read_target_ledger(Path(args.to_ledger)) if args.to_ledger else None
    progress = progress_for(
        stdout,
        stderr,
        fmt=fmt,
        output=args.output,
        paths=paths,
        config=settings,
        exclude=[args.waivers, args.baseline, args.compare, settings.waivers, settings.baseline],
    )
    try:
        result = check(
            paths,
            as_of=args.as_of,
            since=args.since,
            config=settings,
            registry=registry,
            progress=progress,
            waivers=args.waivers,
            baseline=args.baseline,
            compare=args.compare,
            max_errors=args.max_errors,
            jobs=args.jobs,
        )
    finally:
        progress.done()
    for warning in result.warnings:
        stderr.write(f"rectikit: warning: {warning}\n")
    # --redact masks the report; the ledger and a new baseline keep the real names so
    # that later runs match them.
    shown = redact_result(result, result.people, settings.lang) if args.redact else result
    if args.statistics:
        if args.output:
            try:
                with atomic_text_file(Path(args.output)) as stream:
                    write_statistics(shown, stream, lang=settings.lang, fmt=fmt)
            except OSError as exc:
                raise UsageError(
                    f"{args.output}: cannot write statistics: {exc.strerror or exc}"
                ) from None
        else:
            write_statistics(shown, stdout, lang=settings.lang, fmt=fmt)
    else:
        # in this process: a forked writer of the second half of a JSON report saved
        # under 0.1 s a million rows and doubled the pages of the violations written
        write_report(shown, reporter_class, args.output, stdout, lang=settings.lang)
    if args.annotate:
        annotated = annotate_inputs(
            shown,
            paths,
            Path(args.annotate),
            lang=settings.lang,
            warn=lambda message: stderr.write(f"rectikit: warning: {message}\n"),
        )
        for path in annotated:
            stderr.write(f"rectikit: annotated {path}\n")
    if args.write_baseline:  # atomic, .bak kept, under the file's lock
        json_reporter = registry.reporters["json"]
        write_baseline(result, json_reporter, Path(args.write_baseline), lang=settings.lang)
    if ledger is not None:
        update_ledger(
            ledger, Path(args.to_ledger), paths, settings, registry, result, stderr, expected
        )
    return 1 if result.fails(settings.fail_on) else 0


def _digest(path: Path) -> str | None:
    from rectikit.ledger.files import file_digest

    return file_digest(path)


def read_target_ledger(path: Path) -> Ledger:
    """The ledger ``--to-ledger`` names (empty when the file does not exist yet), read
    before the check runs so that a bad ledger stops the run early."""
    from rectikit.ledger.files import LedgerError, load_ledger

    if path.suffix.lower() not in (".toml", ".xlsx"):
        raise UsageError(f"--to-ledger: {path}: a ledger is a .toml or .xlsx file")
    if not path.exists():
        return Ledger()
    try:
        return load_ledger(path)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None


def update_ledger(
    ledger: Ledger,
    path: Path,
    paths: list[Path],
    settings: Config,
    registry: Registry,
    result: CheckResult,
    stderr: TextIO,
    expected: str | None = None,
) -> None:
    """Sync the check's violations into ``ledger`` and save it at ``path``; when the
    file no longer has the digest ``expected`` it had when read, nothing is written."""
    from rectikit.ledger.files import LedgerError, save_ledger
    from rectikit.ledger.sync import input_digest, sync_ledger
    from rectikit.readers.dataset import iter_dataset_files

    exclude = [path, *([settings.path] if settings.path else [])]
    inputs = [p for p, _ in iter_dataset_files(paths, exclude, settings.exclude)]
    updated, report = sync_ledger(
        ledger,
        result,
        registry.rules,
        settings.ledger,
        digest=input_digest(inputs),
        files=len(inputs),
        lang=settings.lang,
    )
    if report.changed:
        try:
            save_ledger(updated, path, expected=expected)
        except LedgerError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot write ledger: {exc.strerror or exc}") from None
    stderr.write(
        f"rectikit: ledger {path}: {len(report.added)} added, "
        f"{len(report.completed)} completed, {len(report.reopened)} reopened, "
        f"{report.unchanged} unchanged\n"
    )


def write_report(
    result: CheckResult,
    reporter_class: type[Reporter],
    output: str | None,
    stdout: TextIO,
    *,
    lang: str = "zh",
) -> None:
    """Render ``result`` to ``output`` (atomically) or to ``stdout``, in this process."""
    if output:
        reporter = reporter_class(ReportOptions(lang=lang, color=False, width=120))
        try:
            if reporter.binary:
                from rectikit.ledger.files.atomic import atomic_write_bytes

                atomic_write_bytes(Path(output), reporter.to_bytes(result), backup=False)
            else:
                with atomic_text_file(Path(output)) as stream:
                    reporter.write(result, stream)
        except ScratchError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"{output}: cannot write report: {exc.strerror or exc}") from None
        return
    if reporter_class.binary:
        raise UsageError(f"--format {reporter_class.name} writes a file: give -o FILE")
    options = ReportOptions(lang=lang, color=stdout.isatty())
    reporter_class(options).write(result, stdout)
