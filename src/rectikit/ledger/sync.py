"""The check-to-ledger loop: violations become findings, and leave them when fixed.

:func:`sync_ledger` takes a ledger and the result of a check run:

* a violation whose ``CODE:subject`` no finding has as its ``source`` becomes a new
  finding (title from the rule, one template measure from the rule's ``remedy``,
  owner, units and deadline from the config's ``[ledger]`` table);
* a finding from a rule that ran, whose violation is gone, is marked completed, its
  open measures done on the as-of date with the run (date, input digest) as evidence —
  ``verified`` (销号) stays a person's decision;
* a finding whose violation comes back after it was closed is reopened (declared
  ``in_progress``, with a new measure to put it right again);
* findings from other sources (the inspection itself, other tools) are never touched,
  and neither are findings of rules that did not run.

Data and config diagnostics and the ledger's own rules (``LDG``) never become findings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

import attrs

from rectikit.engine.config import LedgerSettings
from rectikit.engine.packs import Rule
from rectikit.engine.result import CheckResult
from rectikit.model.ledger import Finding, Ledger, Measure, Status
from rectikit.model.violation import Violation

#: Codes whose violations never become findings.
NOT_SYNCED = ("DAT", "CFG", "LDG", "WVR", "PLG")


@attrs.frozen(slots=True)
class SyncReport:
    """What a sync changed, by finding id."""

    added: tuple[str, ...] = ()
    completed: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        """Whether the ledger needs saving."""
        return bool(self.added or self.completed or self.reopened)


def source_of(violation: Violation) -> str:
    """The finding ``source`` of a violation: ``CODE:subject``."""
    return f"{violation.code}:{violation.subject}"


def input_digest(files: Iterable[Path]) -> str:
    """A short SHA-256 over the data files' contents (names and bytes), for evidence."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.as_posix()):
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            with path.open("rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 16), b""):
                    digest.update(chunk)
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()[:16]


def sync_ledger(
    ledger: Ledger,
    result: CheckResult,
    rules: Mapping[str, Rule],
    settings: LedgerSettings,
    *,
    digest: str = "",
    files: int = 0,
    lang: str = "zh",
) -> tuple[Ledger, SyncReport]:
    """Bring ``ledger`` up to date with a check ``result`` (see the module docstring)."""
    as_of = result.as_of
    current = {source_of(v): v for v in result.violations if not v.code.startswith(NOT_SYNCED)}
    run_note = f"rectikit check {as_of.isoformat()}"
    if digest:
        run_note += f"（输入 {files} 个文件，sha256 {digest}）"
    findings = list(ledger.findings)
    known = {f.source for f in findings}
    completed, reopened = [], []
    for index, finding in enumerate(findings):
        code = finding.source.split(":", 1)[0]
        if ":" not in finding.source or code not in rules or code.startswith(NOT_SYNCED):
            continue
        if finding.source in current:
            if finding.effective_status.closed:
                findings[index] = _reopen(
                    finding, current[finding.source], settings, as_of, run_note
                )
                reopened.append(finding.id)
        elif code in result.rules_run and not finding.effective_status.closed:
            findings[index] = _complete(finding, as_of, run_note)
            completed.append(finding.id)
    added = []
    next_number = _next_number(findings, settings.id_prefix)
    for source, violation in sorted(current.items(), key=lambda item: item[1].sort_key()):
        if source in known:
            continue
        finding_id = f"{settings.id_prefix}{next_number:03d}"
        next_number += 1
        findings.append(
            _new_finding(finding_id, violation, rules[violation.code], settings, as_of, lang)
        )
        added.append(finding_id)
    report = SyncReport(
        added=tuple(added),
        completed=tuple(completed),
        reopened=tuple(reopened),
        unchanged=len(ledger.findings) - len(completed) - len(reopened),
    )
    return attrs.evolve(ledger, findings=tuple(findings)), report


def _next_number(findings: list[Finding], prefix: str) -> int:
    numbers = [
        int(f.id[len(prefix) :])
        for f in findings
        if f.id.startswith(prefix) and f.id[len(prefix) :].isdigit()
    ]
    return max(numbers, default=0) + 1


def _new_finding(
    finding_id: str,
    violation: Violation,
    rule: Rule,
    settings: LedgerSettings,
    as_of: date,
    lang: str,
) -> Finding:
    deadline = as_of + timedelta(days=settings.deadline_days)
    remedy = rule.text("remedy", lang) or rule.text("title", lang)
    owner = "、".join(settings.units) or settings.owner
    location = violation.location
    where = f"{location.file}:{location.row}" if location.row else location.file
    return Finding(
        id=finding_id,
        title=f"{rule.text('title', lang)}（{violation.subject}）",
        category=rule.family,
        owner=settings.owner,
        units=settings.units,
        status=None,
        deadline=deadline,
        source=source_of(violation),
        measures=(Measure(id=f"{finding_id}-1", text=remedy, owner=owner, due=deadline),),
        extra={"violation": violation.message, "where": where, "found": as_of},
    )


def _complete(finding: Finding, as_of: date, run_note: str) -> Finding:
    code, _, subject = finding.source.partition(":")
    note = f"{run_note}：{code} {subject} 未再出现"
    measures = tuple(
        m if m.is_done else attrs.evolve(m, done=as_of, evidence=(*m.evidence, note))
        for m in finding.measures
    )
    return attrs.evolve(finding, status=Status.COMPLETED, measures=measures)


def _reopen(
    finding: Finding, violation: Violation, settings: LedgerSettings, as_of: date, run_note: str
) -> Finding:
    numbers = [
        int(m.id.rsplit("-", 1)[1])
        for m in finding.measures
        if "-" in m.id and m.id.rsplit("-", 1)[1].isdigit()
    ]
    measure_id = f"{finding.id}-{max(numbers, default=len(finding.measures)) + 1}"
    due = as_of + timedelta(days=settings.deadline_days)
    again = Measure(
        id=measure_id,
        text=f"{run_note}复查发现问题再次出现：{violation.message}；重新整改",
        owner=finding.measures[0].owner if finding.measures else settings.owner,
        due=due,
    )
    return attrs.evolve(finding, status=Status.IN_PROGRESS, measures=(*finding.measures, again))
