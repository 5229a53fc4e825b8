"""LDG checks: the rectification ledger (整改台账; LEDGER.md, RULES.md "LDG").

The ``ledger`` kind is a document kind: a ledger file loads into ONE
:class:`~rectikit.ledger.kind.LedgerRecord`; each check iterates its findings. Breaches
point at the finding's (or measure's) location with a column name; where an item has
no location of its own (a ledger built in code) the ledger file's is used.

Statuses: LDG005, LDG006 and LDG008 judge a finding's *effective* status (its declared
status, else the one derived from its measures). A derived status can only be
``completed`` when every measure is done, so for LDG005 only a declared status can
contradict the measures, while LDG006 also catches a finding whose measures are all done
but lack evidence. LDG007 counts findings by the same effective status.

Messages show statuses in the report's language through the ``status_zh`` /
``status_en`` values (``*_zh``/``*_en`` values stay out of ``details``); ``details``
carry the English status value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from rectikit.checks.base import Breach, RecordCheck
from rectikit.ledger.kind import LedgerRecord
from rectikit.ledger.status import is_off_pace, responsible
from rectikit.model.ledger import Finding, Measure, Status
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.values import is_blank

KIND = "ledger"

#: English names of statuses in messages.
STATUS_EN = {
    Status.PENDING: "pending",
    Status.IN_PROGRESS: "in progress",
    Status.EFFECTIVE: "effective (continuing)",
    Status.COMPLETED: "completed",
    Status.VERIFIED: "verified (closed)",
}

#: Statuses that count as still open after the rectification period (LDG008).
OPEN = (Status.PENDING, Status.IN_PROGRESS)


def _place(location: Location, fallback: Location, column: str) -> Location:
    """``location`` pointing at ``column``; the ledger file's when the item has none."""
    if not location.file:
        location = fallback
    return location.with_column(column)


def _number(value: Decimal) -> str:
    """A quantity as people write it: ``52``, ``0.5`` (no trailing zeros)."""
    return format(value.normalize(), "f")


def _status_values(status: Status) -> dict[str, Any]:
    return {"status": status.value, "status_zh": status.label, "status_en": STATUS_EN[status]}


def _source(finding: Finding) -> str:
    """Where the finding's effective status comes from: ``declared`` or ``derived``."""
    return "declared" if finding.status is not None else "derived"


class LedgerCheck(RecordCheck):
    """Shared plumbing of the LDG checks: iterate the findings of the ledger record."""

    def check(self, record: LedgerRecord) -> Iterable[Breach]:
        return list(self.judge(record))

    def judge(self, record: LedgerRecord) -> Iterator[Breach]:
        for finding in record.ledger.findings:
            yield from self.judge_finding(record, finding)

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        """Judge one finding."""
        raise NotImplementedError

    def breach(
        self,
        record: LedgerRecord,
        finding: Finding,
        column: str,
        *,
        severity: Severity | None = None,
        subject: str | None = None,
        **values: Any,
    ) -> Breach:
        """A breach about ``finding`` pointing at ``column`` of its place."""
        return Breach(
            subject=subject if subject is not None else finding.id,
            location=_place(finding.location, record.location, column),
            values={"finding": finding.id, "title": finding.title, **values},
            severity=severity,
            kind=KIND,
        )


class FindingWithoutMeasures(LedgerCheck):
    """LDG001: a finding has no measure."""

    code = "LDG001"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        if finding.measures:
            return ()
        return (self.breach(record, finding, "measure"),)


class FindingWithoutOwner(LedgerCheck):
    """LDG002: a finding has no owner (blank or only spaces); its units do not count."""

    code = "LDG002"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        if not is_blank(finding.owner):
            return ()
        return (self.breach(record, finding, "owner", units=list(finding.units)),)


class FindingWithoutDeadline(LedgerCheck):
    """LDG003: no finding deadline and no measure due date (the inspection's period
    does not count)."""

    code = "LDG003"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        if finding.deadline is not None or any(m.due is not None for m in finding.measures):
            return ()
        return (self.breach(record, finding, "deadline"),)


class MeasureOverdue(LedgerCheck):
    """LDG004: a measure with due < as_of and no done date (due on as_of is not late)."""

    code = "LDG004"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        for measure in finding.measures:
            if measure.is_done or measure.due is None or not measure.due < self.as_of:
                continue
            yield self._breach(record, finding, measure)

    def _breach(self, record: LedgerRecord, finding: Finding, measure: Measure) -> Breach:
        assert measure.due is not None
        owner = responsible(finding, measure)
        location = measure.location if measure.location.file else finding.location
        return Breach(
            subject=measure.id,
            location=_place(location, record.location, "due"),
            values={
                "finding": finding.id,
                "title": finding.title,
                "measure": measure.id,
                "text": measure.text,
                "due": measure.due,
                "as_of": self.as_of,
                "days": (self.as_of - measure.due).days,
                "owner": owner or "",
                "owner_zh": owner or "未指定",
                "owner_en": owner or "not named",
            },
            kind=KIND,
        )


class StatusContradictsMeasures(LedgerCheck):
    """LDG005: effective status completed/verified but some measure is not done."""

    code = "LDG005"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        status = finding.effective_status
        if not status.closed:
            return ()
        pending = [m.id for m in finding.measures if not m.is_done]
        if not pending:
            return ()
        return (
            self.breach(
                record,
                finding,
                "status",
                pending=pending,
                status_source=_source(finding),
                **_status_values(status),
            ),
        )


class CompletedWithoutEvidence(LedgerCheck):
    """LDG006: effective status completed/verified and some measure has no evidence
    (no entry, or only blank ones)."""

    code = "LDG006"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        status = finding.effective_status
        if not status.closed:
            return ()
        missing = [m.id for m in finding.measures if all(is_blank(e) for e in m.evidence)]
        if not missing:
            return ()
        return (
            self.breach(
                record,
                finding,
                "status",
                missing=missing,
                status_source=_source(finding),
                **_status_values(status),
            ),
        )


class DeclaredCountsMismatch(LedgerCheck):
    """LDG007: a ``[declared]`` count differs from the count of findings.

    ``total`` compares with the number of findings; a status key (English, or any
    Chinese name :meth:`Status.parse` accepts, e.g. ``已完成``) with the number of findings
    in that effective status (declared, else derived). Any other key is not a count
    this rule knows and is skipped, as is a value that is not a whole number. The
    subject is ``declared.KEY`` with the key as written; the location is the ledger file
    (column ``declared.KEY``).
    """

    code = "LDG007"

    def judge(self, record: LedgerRecord) -> Iterator[Breach]:
        ledger = record.ledger
        counts = ledger.counts()
        for key, value in ledger.declared.items():
            declared = _whole(value)
            if declared is None:
                continue
            name = str(key).strip()
            if name == "total":
                status_key = "total"
                label_zh, label_en = "问题总数", "findings"
            else:
                try:
                    status = Status.parse(name)
                except ValueError:
                    continue
                status_key = status.value
                label_zh = f"“{status.label}”问题"
                label_en = f"{STATUS_EN[status]} findings"
            actual = counts[status_key]
            if declared == actual:
                continue
            file = ledger.location if ledger.location.file else record.location
            yield Breach(
                subject=f"declared.{key}",
                location=Location(file.file).with_column(f"declared.{key}"),
                values={
                    "key": str(key),
                    "status": status_key,
                    "declared": declared,
                    "actual": actual,
                    "label_zh": label_zh,
                    "label_en": label_en,
                },
                kind=KIND,
            )


def _whole(value: Any) -> int | None:
    """A declared count as an int; ``None`` when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)


class OpenAfterRectificationPeriod(LedgerCheck):
    """LDG008: as_of > the inspection's deadline (``deadline``, else feedback + 3
    months) and the finding is pending or in progress; no deadline, no judgement."""

    code = "LDG008"

    def judge(self, record: LedgerRecord) -> Iterator[Breach]:
        deadline = record.ledger.inspection.effective_deadline
        if deadline is None or not self.as_of > deadline:
            return
        for finding in record.ledger.findings:
            status = finding.effective_status
            if status in OPEN:
                yield self.breach(
                    record,
                    finding,
                    "status",
                    deadline=deadline,
                    as_of=self.as_of,
                    days=(self.as_of - deadline).days,
                    **_status_values(status),
                )


class TargetOffPace(LedgerCheck):
    """LDG009: a target with actual < goal whose forecast finish at the pace so far is
    after its due date (no forecast possible, e.g. nothing achieved yet: off pace).
    Warning; error once due < as_of. Targets without a due date are skipped. Subject:
    ``FINDING#NAME`` with every space (whitespace) removed from the name."""

    code = "LDG009"

    def judge_finding(self, record: LedgerRecord, finding: Finding) -> Iterable[Breach]:
        for target in finding.targets:
            if not is_off_pace(target, self.as_of):
                continue
            assert target.due is not None
            forecast = target.forecast()
            unit = target.unit or ""
            yield self.breach(
                record,
                finding,
                "target",
                subject=f"{finding.id}#{''.join(target.name.split())}",
                severity=Severity.ERROR if target.due < self.as_of else None,
                target=target.name,
                goal=_number(target.goal),
                actual=_number(target.actual),
                unit=unit,
                start=target.start or "",
                measured=target.measured or "",
                due=target.due,
                as_of=self.as_of,
                forecast=forecast or "",
                forecast_zh=f"预计 {forecast.isoformat()} 完成" if forecast else "无法预计完成时间",
                forecast_en=(
                    f"it would be reached on {forecast.isoformat()}"
                    if forecast
                    else "no finish date can be forecast"
                ),
            )


CHECKS = [
    FindingWithoutMeasures,
    FindingWithoutOwner,
    FindingWithoutDeadline,
    MeasureOverdue,
    StatusContradictsMeasures,
    CompletedWithoutEvidence,
    DeclaredCountsMismatch,
    OpenAfterRectificationPeriod,
    TargetOffPace,
]
