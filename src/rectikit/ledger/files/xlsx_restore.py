"""Converting a workbook back onto the TOML it was made from: the extras a workbook
cannot hold (:func:`restore_extras`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from rectikit.ledger.files.xlsx_write import _SCALAR
from rectikit.model.ledger import Ledger, Target

__all__ = ["restore_extras"]


def _representable(value: Any) -> bool:
    """Whether an extra value survives a workbook (a non-empty scalar)."""
    return isinstance(value, _SCALAR) and value != ""


def _restored(extra: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in previous.items() if not _representable(v) and k not in extra}
    return {**kept, **extra}


def restore_extras(ledger: Ledger, previous: Ledger) -> Ledger:
    """``ledger`` (read from a workbook) with the extras a workbook cannot hold taken
    from ``previous`` (the TOML it was made from): all top-level extras, and the
    non-scalar extras of the inspection and of each finding, measure and target still
    there (matched by id; targets by name). Scalar extras are the workbook's to change
    or delete."""
    old_findings = {f.id: f for f in previous.findings}
    findings = []
    for finding in ledger.findings:
        old = old_findings.get(finding.id)
        if old is None:
            findings.append(finding)
            continue
        old_measures = {m.id: m for m in old.measures}
        measures = tuple(
            attrs.evolve(m, extra=_restored(m.extra, old_measures[m.id].extra))
            if m.id in old_measures
            else m
            for m in finding.measures
        )
        old_targets: dict[str, Target] = {}
        for target in old.targets:
            old_targets.setdefault(target.name, target)
        targets = tuple(
            attrs.evolve(t, extra=_restored(t.extra, old_targets[t.name].extra))
            if t.name in old_targets
            else t
            for t in finding.targets
        )
        findings.append(
            attrs.evolve(
                finding,
                extra=_restored(finding.extra, old.extra),
                measures=measures,
                targets=targets,
            )
        )
    inspection = attrs.evolve(
        ledger.inspection, extra=_restored(ledger.inspection.extra, previous.inspection.extra)
    )
    return attrs.evolve(
        ledger,
        inspection=inspection,
        findings=tuple(findings),
        extra={**previous.extra, **ledger.extra},
    )
