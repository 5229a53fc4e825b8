"""``rectikit check --statistics``: counts by rule instead of each violation (as ruff's)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation


def statistics(result: CheckResult) -> list[dict[str, Any]]:
    """One row per code found: code, name, severity, count, title; most frequent first
    (then by code).

    ``severity`` is the highest the code's violations have (an approved exception may
    lower some PRC002 violations to info); ``title`` is the rule's title in the run's
    language, empty when unknown. Data diagnostics count like violations.
    """
    found: list[Violation] = [*result.violations, *result.data_errors]
    counts = Counter(v.code for v in found)
    worst: dict[str, Violation] = {}
    for violation in found:
        current = worst.get(violation.code)
        if current is None or violation.severity.rank > current.severity.rank:
            worst[violation.code] = violation
    return [
        {
            "code": code,
            "name": worst[code].name,
            "severity": worst[code].severity.value,
            "count": count,
            "title": result.titles.get(code, ""),
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def write_statistics(
    result: CheckResult, stream: TextIO, *, lang: str = "zh", fmt: str = "text"
) -> None:
    """Write the counts: a JSON list for ``fmt="json"``, else an aligned table ending
    with the total (``共 N 项``, or ``N in total`` for ``lang="en"``)."""
    rows = statistics(result)
    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    width = max((len(str(row["count"])) for row in rows), default=1)
    name_width = max((len(row["name"]) for row in rows), default=0)
    severity_width = max((len(row["severity"]) + 2 for row in rows), default=0)
    for row in rows:
        severity = f"[{row['severity']}]"
        line = (
            f"{row['count']:>{width}}  {row['code']}  {row['name']:<{name_width}}  "
            f"{severity:<{severity_width}}  {row['title']}"
        )
        stream.write(line.rstrip() + "\n")
    total = sum(row["count"] for row in rows)
    stream.write(f"共 {total} 项\n" if lang == "zh" else f"{total} in total\n")
