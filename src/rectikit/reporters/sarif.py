"""SARIF 2.1.0: the static-analysis interchange format read by code-scanning dashboards.

One run; one rule descriptor per code found (title, citation, and the remedy as help
text); one result per violation and data error. File paths become relative URIs (POSIX
separators, non-ASCII percent-encoded per RFC 3986) against the ``SRCROOT`` base; the path
as given is kept in ``artifactLocation.description``.

The run manifest becomes ``artifacts`` (each input and the config file with its SHA-256
in ``hashes``), ``tool.extensions`` (the rule packs with their versions) and
``properties.manifest``. With ``--compare`` each result has a ``baselineState`` (new →
``new``, persisting → ``unchanged``, regressed → ``updated``) and the resolved violations
are added as results with ``baselineState`` ``absent`` and ``kind`` ``pass``.
"""

from __future__ import annotations

import json
import os
from typing import Any, TextIO
from urllib.parse import quote

from rectikit import __version__
from rectikit.engine.delta import Resolved
from rectikit.engine.manifest import Manifest
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
#: run-to-run status -> SARIF baselineState.
BASELINE_STATES = {
    "new": "new",
    "persisting": "unchanged",
    "regressed": "updated",
    "resolved": "absent",
}


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
    """One descriptor per code found (resolved ones included), sorted by code."""
    groups: dict[str, list[Violation]] = {}
    for violation in result.all:
        groups.setdefault(violation.code, []).append(violation)
    resolved_codes = {r.code for r in result.delta.resolved} if result.delta else set()
    rules = []
    for code in sorted({*groups, *resolved_codes}):
        group = groups.get(code, [])
        title = result.titles.get(code) or (group[0].name if group else code)
        rule: dict[str, Any] = {
            "id": code,
            "shortDescription": {"text": title},
        }
        if group:
            worst = max((v.severity for v in group), key=lambda s: s.rank)
            rule["name"] = group[0].name
            rule["defaultConfiguration"] = {"level": LEVELS[worst]}
        help_text = result.helps.get(code)
        if help_text:
            rule["help"] = {"text": help_text}
        citation = next((v.citation for v in group if v.citation), "")
        if citation:
            rule["fullDescription"] = {"text": f"{title}（{citation}）"}
            rule["properties"] = {"citation": citation}
        rules.append(rule)
    return rules


def _result(result: CheckResult, violation: Violation, index: int) -> dict[str, Any]:
    item: dict[str, Any] = {
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
    entry = result.delta.of(violation) if result.delta is not None else None
    if entry is not None:
        item["baselineState"] = BASELINE_STATES[entry.status]
        item["properties"]["delta"] = entry.to_dict()
    return item


def _resolved(gone: Resolved, index: int) -> dict[str, Any]:
    location = Location(
        str(gone.location.get("file", "")),
        row=gone.location.get("row") if isinstance(gone.location.get("row"), int) else None,
    )
    return {
        "ruleId": gone.code,
        "ruleIndex": index,
        "kind": "pass",
        "level": "none",
        "message": {"text": gone.message or gone.code},
        "locations": [_location(location)] if location.file else [],
        "baselineState": "absent",
        "partialFingerprints": {FINGERPRINT: f"{gone.code}:{gone.subject}"},
        "properties": {"subject": gone.subject, "delta": gone.entry.to_dict()},
    }


def _artifacts(manifest: Manifest) -> list[dict[str, Any]]:
    """The input files (analysis targets) and the config, with their SHA-256 digests."""
    entries = [(f, ["analysisTarget"]) for f in manifest.inputs]
    if manifest.config is not None:
        entries.append((manifest.config, ["userSpecifiedConfiguration"]))
    artifacts = []
    for entry, roles in entries:
        uri, relative = file_uri(entry.file)
        location: dict[str, Any] = {"uri": uri}
        if relative:
            location["uriBaseId"] = SRCROOT
        artifact: dict[str, Any] = {
            "location": location,
            "roles": roles,
            "length": entry.bytes,
            "properties": {"kind": entry.kind, "file": entry.file},
        }
        if entry.sha256:
            artifact["hashes"] = {"sha-256": entry.sha256}
        artifacts.append(artifact)
    return artifacts


def result_to_sarif(result: CheckResult) -> dict[str, Any]:
    """The SARIF log of ``result``: one run of the ``rectikit`` driver."""
    rules = _rules(result)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = [_result(result, v, index[v.code]) for v in result.all]
    if result.delta is not None:
        results += [_resolved(gone, index[gone.code]) for gone in result.delta.resolved]
    driver: dict[str, Any] = {
        "name": "rectikit",
        "version": __version__,
        "informationUri": "https://pypi.org/project/rectikit/",
        "rules": rules,
    }
    tool: dict[str, Any] = {"driver": driver}
    properties: dict[str, Any] = {
        "as_of": result.as_of.isoformat(),
        "since": result.since.isoformat(),
        "records": result.records,
        "not_run": dict(sorted(result.not_run.items())),
    }
    if result.waived_list:
        properties["waived"] = [item.to_dict() for item in result.waived_list]
    run: dict[str, Any] = {
        "tool": tool,
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "the dataset root"}}},
        "invocations": [{"executionSuccessful": True}],
        "results": results,
        "properties": properties,
    }
    manifest = result.manifest
    if manifest is not None:
        tool["extensions"] = [
            {
                "name": pack.pack,
                "version": pack.version or "0",
                "properties": {"source": pack.source},
            }
            for pack in manifest.rule_packs
        ]
        run["artifacts"] = _artifacts(manifest)
        properties["manifest"] = manifest.to_dict()
    if result.delta is not None:
        properties["delta"] = result.delta.to_dict()
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


class SarifReporter(Reporter):
    """SARIF 2.1.0 JSON for code-scanning tools (UTF-8, Chinese kept as is)."""

    name = "sarif"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        json.dump(result_to_sarif(result), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
