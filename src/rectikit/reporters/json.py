"""JSON: the stable machine-readable report of CLI.md."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rectikit import __version__
from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter


def violation_dict(result: CheckResult, violation: Violation) -> dict[str, Any]:
    """A violation's JSON form, with its ``delta`` when the run was compared."""
    data = violation.to_dict()
    entry = result.delta.of(violation) if result.delta is not None else None
    if entry is not None:
        data["delta"] = entry.to_dict()
    return data


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """The JSON document: tool, version, as_of, since, summary, violations, data_errors
    (CLI.md), then ``waived`` (violations an approved exception covers), ``resolved``
    (with ``--compare``: what the previous report had and this run does not) and the run
    ``manifest``."""
    document: dict[str, Any] = {
        "tool": "rectikit",
        "version": __version__,
        "as_of": result.as_of.isoformat(),
        "since": result.since.isoformat(),
        "summary": result.summary(),
        "violations": [violation_dict(result, v) for v in result.violations],
        "data_errors": [v.to_dict() for v in result.data_errors],
    }
    if result.waived_list:
        document["waived"] = [item.to_dict() for item in result.waived_list]
    if result.delta is not None:
        document["resolved"] = [item.to_dict() for item in result.delta.resolved]
    if result.manifest is not None:
        document["manifest"] = result.manifest.to_dict()
    return document


class JsonReporter(Reporter):
    """Pretty-printed UTF-8 JSON (Chinese kept as is, not escaped)."""

    name = "json"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        json.dump(result_to_dict(result), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
