"""Run-to-run deltas: how this run's violations compare with a previous report.

``rectikit check --compare PREVIOUS.json`` classifies each violation by its key
(code and subject):

* **new** — not in the previous report;
* **persisting** — in the previous report too;
* **regressed** — the previous report listed it as resolved: it had been fixed and is back;
* **resolved** — in the previous report, gone now (listed apart, with its last message).

Each carries the day it was first seen and its age in days on the as-of date: a
persisting violation keeps the first-seen day the previous report recorded (or that
report's as-of date when it recorded none), so ages keep counting across a chain of
reports. Data diagnostics (``DAT*``) take no part.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from rectikit.model.values import ValueParseError, parse_date
from rectikit.model.violation import Violation

STATUSES = ("new", "persisting", "regressed", "resolved")

Key = tuple[str, str]


class CompareError(ValueError):
    """A previous report that cannot be used; the message names the file."""


@attrs.frozen(slots=True)
class DeltaEntry:
    """How one violation compares with the previous report.

    Attributes:
        status: ``new``, ``persisting``, ``regressed`` or ``resolved``.
        first_seen: the as-of date of the first report that showed it.
        age_days: days from ``first_seen`` to this run's as-of date.
    """

    status: str
    first_seen: date
    age_days: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``delta`` of a violation)."""
        return {
            "status": self.status,
            "first_seen": self.first_seen.isoformat(),
            "age_days": self.age_days,
        }


@attrs.frozen(slots=True)
class Resolved:
    """A violation of the previous report that this run no longer finds."""

    code: str
    subject: str
    severity: str
    message: str
    location: Mapping[str, Any]
    entry: DeltaEntry

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (an item of the report's ``resolved`` list)."""
        return {
            "code": self.code,
            "subject": self.subject,
            "severity": self.severity,
            "message": self.message,
            "location": dict(self.location),
            "delta": self.entry.to_dict(),
        }


@attrs.frozen(slots=True)
class Delta:
    """This run compared with a previous report.

    Attributes:
        previous: the previous report's file name.
        previous_as_of: its as-of date.
        entries: violation key -> how it compares.
        resolved: what the previous report had and this run does not.
    """

    previous: str
    previous_as_of: date
    entries: Mapping[Key, DeltaEntry]
    resolved: tuple[Resolved, ...] = ()

    def of(self, violation: Violation) -> DeltaEntry | None:
        """How ``violation`` compares (``None`` for data diagnostics)."""
        return self.entries.get((violation.code, violation.subject))

    def counts(self) -> dict[str, int]:
        """Violations by status, ``resolved`` included."""
        counts = dict.fromkeys(STATUSES, 0)
        for entry in self.entries.values():
            counts[entry.status] += 1
        counts["resolved"] = len(self.resolved)
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``summary.delta`` object."""
        return {
            "previous": self.previous,
            "previous_as_of": self.previous_as_of.isoformat(),
            **self.counts(),
        }


@attrs.frozen(slots=True)
class PreviousReport:
    """What a previous JSON report says, reduced to what a comparison needs."""

    name: str
    as_of: date
    violations: Mapping[Key, tuple[date | None, Mapping[str, Any]]]
    resolved: Mapping[Key, date | None]


def load_previous(path: Path) -> PreviousReport:
    """Read a rectikit JSON report (``--format json``) to compare with.

    Raises:
        CompareError: when the file cannot be read or is not a rectikit JSON report.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CompareError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CompareError(f"{path}: not a JSON report: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("violations"), list):
        raise CompareError(f"{path}: not a rectikit JSON report (no 'violations' list)")
    try:
        as_of = parse_date(document.get("as_of"))
    except ValueParseError:
        raise CompareError(f"{path}: not a rectikit JSON report (no valid 'as_of')") from None
    violations: dict[Key, tuple[date | None, Mapping[str, Any]]] = {}
    for index, item in enumerate(document["violations"], start=1):
        key = _key(item, path, f"violations[{index}]")
        violations.setdefault(key, (_first_seen(item), item))
    resolved: dict[Key, date | None] = {}
    for index, item in enumerate(document.get("resolved") or [], start=1):
        resolved.setdefault(_key(item, path, f"resolved[{index}]"), _first_seen(item))
    return PreviousReport(path.name, as_of, violations, resolved)


def _key(item: Any, path: Path, where: str) -> Key:
    if not isinstance(item, dict) or not isinstance(item.get("code"), str):
        raise CompareError(f"{path}: {where} has no 'code'")
    return (item["code"], str(item.get("subject", "")))


def _first_seen(item: Mapping[str, Any]) -> date | None:
    delta = item.get("delta")
    if isinstance(delta, dict):
        try:
            return parse_date(delta.get("first_seen"))
        except ValueParseError:
            return None
    return None


def compare(
    violations: Iterable[Violation],
    previous: PreviousReport,
    as_of: date,
    *,
    still_present: Iterable[Violation] = (),
) -> Delta:
    """Classify this run's ``violations`` against ``previous`` (see the module docstring).

    ``still_present`` are violations this run found but does not report (waived by an
    approved exception, or hidden by the baseline): they are not "resolved".
    """
    present = {(v.code, v.subject) for v in still_present}
    entries: dict[Key, DeltaEntry] = {}
    for violation in violations:
        if violation.is_data_error:
            continue
        key = (violation.code, violation.subject)
        if key in entries:
            continue
        if key in previous.violations:
            first = previous.violations[key][0] or previous.as_of
            status = "persisting"
        elif key in previous.resolved:
            first = previous.resolved[key] or previous.as_of
            status = "regressed"
        else:
            first, status = as_of, "new"
        entries[key] = DeltaEntry(status, first, max((as_of - first).days, 0))
    resolved = []
    for key, (first_seen, item) in previous.violations.items():
        if key in entries or key in present or str(key[0]).startswith("DAT"):
            continue
        first = first_seen or previous.as_of
        location = item.get("location") if isinstance(item.get("location"), dict) else {}
        resolved.append(
            Resolved(
                code=key[0],
                subject=key[1],
                severity=str(item.get("severity", "")),
                message=str(item.get("message", "")),
                location=location,
                entry=DeltaEntry("resolved", first, max((as_of - first).days, 0)),
            )
        )
    resolved.sort(key=lambda r: (str(r.location.get("file", "")), r.code, r.subject))
    return Delta(previous.name, previous.as_of, entries, tuple(resolved))
