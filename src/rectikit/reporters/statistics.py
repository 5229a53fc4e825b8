"""``rectikit check --statistics``: counts by rule instead of each violation (as ruff's)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation


def statistics(result: CheckResult) -> list[dict[str, Any]]:
    """One row per code found: code, name, severity, count, title; most frequent first."""
    found: list[Violation] = [*result.violations, *result.data_errors]
    counts = Counter(v.code for v in found)
    first = {}
    for violation in found:
        first.setdefault(violation.code, violation)
    return [
        {
            "code": code,
            "name": first[code].name,
            "severity": first[code].severity.value,
            "count": count,
            "title": result.titles.get(code, ""),
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def write_statistics(
    result: CheckResult, stream: TextIO, *, lang: str = "zh", fmt: str = "text"
) -> None:
    """Write the counts: a JSON list for ``fmt="json"``, else an aligned table."""
    rows = statistics(result)
    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    width = max((len(str(row["count"])) for row in rows), default=1)
    name_width = max((len(row["name"]) for row in rows), default=0)
    for row in rows:
        stream.write(
            f"{row['count']:>{width}}  {row['code']}  {row['name']:<{name_width}}  "
            f"[{row['severity']}]  {row['title']}\n"
        )
    total = sum(row["count"] for row in rows)
    stream.write(f"共 {total} 项\n" if lang == "zh" else f"{total} in total\n")
