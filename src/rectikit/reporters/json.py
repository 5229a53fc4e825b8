"""JSON: the stable machine-readable report of CLI.md."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rectikit import __version__
from rectikit.engine.result import CheckResult
from rectikit.reporters.base import Reporter


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """The JSON document: tool, version, as_of, since, summary, violations, data_errors."""
    return {
        "tool": "rectikit",
        "version": __version__,
        "as_of": result.as_of.isoformat(),
        "since": result.since.isoformat(),
        "summary": result.summary(),
        "violations": [v.to_dict() for v in result.violations],
        "data_errors": [v.to_dict() for v in result.data_errors],
    }


class JsonReporter(Reporter):
    """Pretty-printed UTF-8 JSON (Chinese kept as is, not escaped)."""

    name = "json"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        json.dump(result_to_dict(result), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
