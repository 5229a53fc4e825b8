"""The ``rectikit`` command: parse arguments, call the library, pick a reporter.

User errors (bad options, bad config, unreadable paths) end in a one-line message on
stderr and exit code 2, never a traceback. Set ``RECTIKIT_DEBUG=1`` to see the
traceback of an unexpected internal error.
"""

from __future__ import annotations

import os
import sys

from rectikit import __version__
from rectikit.cli.errors import UsageError

# Nothing else at import time: ``rectikit --version`` prints before argparse, typing or
# the engine are loaded (issue 6: start-up within 1.5x of a bare ``python``).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            raise UsageError(message)

    return _Parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``rectikit``.

    The subcommands (and the engine, readers and reporters behind them) are imported
    here rather than with this module, so that ``rectikit --version`` starts at once.
    """
    from rectikit.cli import check, info, init, ledger

    _Parser = _parser_class()
    parser = _Parser(
        prog="rectikit",
        description="Rules checker and rectification ledger for 巡察整改.",
    )
    parser.add_argument("--version", action="version", version=f"rectikit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check.add_parser(subparsers)
    info.add_parsers(subparsers)
    init.add_parser(subparsers)
    ledger.add_parser(subparsers)
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code (0 clean, 1 violations, 2 usage error)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    _utf8(stdout)
    _utf8(stderr)
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        stdout.write(f"rectikit {__version__}\n")  # without loading the engine
        return 0
    import contextlib

    from rectikit.engine.config import ConfigError
    from rectikit.scratch import ScratchError

    parser = build_parser()
    try:
        try:
            # --version and --help print and exit inside argparse: send what they print
            # to ``stdout`` and return their exit code instead of raising SystemExit.
            with contextlib.redirect_stdout(stdout):
                args = parser.parse_args(argv)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 0
        if not getattr(args, "handler", None):
            parser.print_help(stdout)
            return 2
        return int(args.handler(args, stdout, stderr))
    except (UsageError, ConfigError, ScratchError) as exc:
        stderr.write(f"rectikit: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("rectikit: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`rectikit rules | head`): stop quietly, and keep Python
        # from complaining when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        if os.environ.get("RECTIKIT_DEBUG"):
            raise
        stderr.write(
            f"rectikit: internal error: {type(exc).__name__}: {exc} "
            "(set RECTIKIT_DEBUG=1 for details and please report it)\n"
        )
        return 2


def _utf8(stream: TextIO) -> None:
    """Make a console stream able to print Chinese even under a non-UTF-8 locale."""
    reconfigure = getattr(stream, "reconfigure", None)
    encoding = (getattr(stream, "encoding", None) or "").lower()
    if reconfigure is not None and encoding not in ("utf-8", "utf8", "gb18030"):
        try:
            reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
