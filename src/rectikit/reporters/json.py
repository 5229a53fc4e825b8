"""JSON: the stable machine-readable report of CLI.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    """UTF-8 JSON (Chinese kept as is, not escaped), indented, with one violation or
    data problem per line: easy to read and to grep, and written as it goes, so a report
    of a hundred thousand violations never exists twice in memory."""

    name = "json"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        head: dict[str, Any] = {
            "tool": "rectikit",
            "version": __version__,
            "as_of": result.as_of.isoformat(),
            "since": result.since.isoformat(),
            "summary": result.summary(),
        }
        parts: list[tuple[str, Any]] = [
            *head.items(),
            ("violations", (violation_dict(result, v) for v in result.violations)),
            ("data_errors", (v.to_dict() for v in result.data_errors)),
        ]
        if result.waived_list:
            parts.append(("waived", (item.to_dict() for item in result.waived_list)))
        if result.delta is not None:
            parts.append(("resolved", (item.to_dict() for item in result.delta.resolved)))
        if result.manifest is not None:
            parts.append(("manifest", result.manifest.to_dict()))
        stream.write("{\n")
        for number, (key, value) in enumerate(parts):
            stream.write(f"  {_dumps(key)}: ")
            if isinstance(value, Iterator):
                _write_list(value, stream)
            else:
                stream.write(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            stream.write(",\n" if number < len(parts) - 1 else "\n")
        stream.write("}\n")


#: One encoder for every item (``json.dumps`` with a non-default option builds a new one
#: a call: a fifth of the time of a big report).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _dumps(value: Any) -> str:
    return _ENCODE(value)


def _write_list(items: Iterator[Any], stream: TextIO) -> None:
    """A list with one item per line (JSON strings never hold a raw line break)."""
    first = True
    for item in items:
        stream.write("[\n    " if first else ",\n    ")
        stream.write(_dumps(item))
        first = False
    stream.write("[]" if first else "\n  ]")
