"""``rectikit check --write-baseline FILE``: the baseline saved like a ledger.

A baseline decides what later runs report, so it is saved with the same care as the
ledger: atomically (a temporary file renamed over it), the previous version kept as
``<name>.bak``, and under the file's lock (``<name>.lock``) so that two runs writing
the same baseline take turns.
"""

from __future__ import annotations

from pathlib import Path

from rectikit.cli.errors import UsageError
from rectikit.engine.result import CheckResult
from rectikit.engine.suppress import baseline_result
from rectikit.reporters.base import Reporter, ReportOptions


def write_baseline(
    result: CheckResult, reporter_class: type[Reporter], path: Path, *, lang: str = "zh"
) -> None:
    """Save ``result``'s violations as a baseline (a JSON report) at ``path``.

    Raises:
        UsageError: the file cannot be written, or another run holds its lock.
    """
    from rectikit.ledger.files.atomic import atomic_write_bytes
    from rectikit.ledger.files.errors import LedgerError
    from rectikit.ledger.files.lock import file_lock

    reporter = reporter_class(ReportOptions(lang=lang, color=False, width=120))
    data = reporter.to_bytes(baseline_result(result))
    try:
        with file_lock(path):
            atomic_write_bytes(path, data, backup=True)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
