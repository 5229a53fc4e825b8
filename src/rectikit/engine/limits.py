"""Resource bounds of a report: ``--max-errors N`` lists at most N data diagnostics.

A file of a million rows with a bad date column gives a million ``DAT003``: a report
listing them all helps nobody. :func:`cap_data_errors` keeps the N most severe (errors
before warnings before info, then in report order) in :attr:`CheckResult.data_errors`
and moves the others to :attr:`CheckResult.unlisted`: they still count for the exit
code, the JSON summary gives their number (``data_errors_unlisted``), and a run warning
says how many were left out.
"""

from __future__ import annotations

import attrs

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation


def cap_data_errors(result: CheckResult, limit: int | None) -> CheckResult:
    """``result`` with at most ``limit`` data diagnostics listed (``None``: all).

    Raises:
        ValueError: a negative ``limit``.
    """
    if limit is None:
        return result
    if limit < 0:
        raise ValueError(f"max_errors must be 0 or more, not {limit}")
    errors = result.data_errors
    if len(errors) <= limit:
        return result
    ranked = sorted(
        range(len(errors)), key=lambda i: (-errors[i].severity.rank, Violation.sort_key(errors[i]))
    )
    keep = set(ranked[:limit])
    listed = tuple(v for i, v in enumerate(errors) if i in keep)
    unlisted = tuple(v for i, v in enumerate(errors) if i not in keep)
    note = (
        f"{len(unlisted)} more data problems not listed (--max-errors {limit}); "
        f"{len(errors)} in all"
    )
    return attrs.evolve(
        result,
        data_errors=listed,
        unlisted=(*result.unlisted, *unlisted),
        warnings=(*result.warnings, note),
    )
