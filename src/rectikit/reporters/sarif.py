"""SARIF 2.1.0: the static-analysis interchange format read by code-scanning dashboards.

One run; one rule descriptor per code found; one result per violation and data error.
File paths become relative URIs (POSIX separators, non-ASCII percent-encoded per RFC 3986)
against the ``SRCROOT`` base; the path as given is kept in ``artifactLocation.description``.
"""

from __future__ import annotations

import json
import os
from typing import Any, TextIO
from urllib.parse import quote

from rectikit import __version__
from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
#: the uriBaseId of the dataset root, which relative file paths are resolved against.
SRCROOT = "SRCROOT"
#: rectikit severity -> SARIF level.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: the partial fingerprint that identifies a finding across runs.
FINGERPRINT = "rectikitSubject/v1"


def file_uri(path: str) -> tuple[str, bool]:
    """``path`` as a URI reference and whether it is relative (to ``SRCROOT``).

    Separators become ``/``; everything but unreserved characters and ``/`` is
    percent-encoded as UTF-8, so ``urllib.parse.unquote`` gives the POSIX path back.
    Absolute paths become ``file:`` URIs.
    """
    posix = path
    for sep in (os.sep, os.altsep):
        if sep and sep != "/":
            posix = posix.replace(sep, "/")
    if os.path.isabs(path):
        if not posix.startswith("/"):  # a Windows drive path: C:/data/x.csv
            posix = "/" + posix
        return "file://" + quote(posix, safe="/:"), False
    return quote(posix, safe="/"), True


def _artifact_location(location: Location) -> dict[str, Any]:
    uri, relative = file_uri(location.file)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    artifact["description"] = {"text": location.file}
    return artifact


def _location(location: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(location)}
    if location.row is not None and location.row >= 1:
        physical["region"] = {"startLine": location.row}
    sarif_location: dict[str, Any] = {"physicalLocation": physical}
    extra = {
        key: value
        for key, value in (
            ("sheet", location.sheet),
            ("cell", location.cell),
            ("column", location.column),
        )
        if value is not None
    }
    if extra:
        sarif_location["properties"] = extra
    return sarif_location


def _rules(result: CheckResult) -> list[dict[str, Any]]:
    """One descriptor per code found, sorted by code."""
    groups: dict[str, list[Violation]] = {}
    for violation in result.all:
        groups.setdefault(violation.code, []).append(violation)
    rules = []
    for code in sorted(groups):
        group = groups[code]
        first = group[0]
        worst = max((v.severity for v in group), key=lambda s: s.rank)
        rule: dict[str, Any] = {
            "id": code,
            "name": first.name,
            "shortDescription": {"text": result.titles.get(code) or first.name},
            "defaultConfiguration": {"level": LEVELS[worst]},
        }
        citation = next((v.citation for v in group if v.citation), "")
        if citation:
            rule["properties"] = {"citation": citation}
        rules.append(rule)
    return rules


def _result(violation: Violation, index: int) -> dict[str, Any]:
    return {
        "ruleId": violation.code,
        "ruleIndex": index,
        "level": LEVELS[violation.severity],
        "message": {"text": violation.message},
        "locations": [_location(violation.location)],
        "partialFingerprints": {FINGERPRINT: f"{violation.code}:{violation.subject}"},
        "properties": {
            "subject": violation.subject,
            "kind": violation.kind,
            "details": dict(violation.details),
        },
    }


def result_to_sarif(result: CheckResult) -> dict[str, Any]:
    """The SARIF log of ``result``: one run of the ``rectikit`` driver."""
    rules = _rules(result)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "rectikit", "version": __version__, "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "the dataset root"}}},
        "invocations": [{"executionSuccessful": True}],
        "results": [_result(v, index[v.code]) for v in result.all],
        "properties": {
            "as_of": result.as_of.isoformat(),
            "since": result.since.isoformat(),
            "records": result.records,
            "not_run": dict(sorted(result.not_run.items())),
        },
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


class SarifReporter(Reporter):
    """SARIF 2.1.0 JSON for code-scanning tools (UTF-8, Chinese kept as is)."""

    name = "sarif"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        json.dump(result_to_sarif(result), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
