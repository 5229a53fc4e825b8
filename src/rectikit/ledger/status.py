"""The progress of a rectification ledger at a date (``rectikit ledger status``).

:func:`ledger_status` computes, from a :class:`~rectikit.model.ledger.Ledger` and the
evaluation date, what a dashboard shows: counts by status, overall progress, each
finding's progress, overdue and soon-due measures grouped by who carries them out,
quantitative targets off pace, and the days left in the rectification period.

Everything is derived from the items; nothing is typed by hand. A finding's status is
its *effective* status (the declared one, else the one derived from its measures), as
in :meth:`Ledger.counts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from rectikit.model.ledger import Finding, Ledger, Measure, Status, Target

#: The owner of a measure nobody is named for.
UNASSIGNED = "未指定"


def responsible(finding: Finding, measure: Measure | None = None) -> str | None:
    """Who carries out ``measure``: its owner, else the finding's units (joined with
    ``、``), else the finding's owner; ``None`` when nobody is named."""
    if measure is not None and measure.owner and measure.owner.strip():
        return measure.owner.strip()
    units = [u.strip() for u in finding.units if u and u.strip()]
    if units:
        return "、".join(units)
    if finding.owner and finding.owner.strip():
        return finding.owner.strip()
    return None


def is_off_pace(target: Target, as_of: date | None = None) -> bool:
    """Whether a target with a due date will miss it at the pace so far.

    True when ``actual < goal`` and the forecast finish (:meth:`Target.forecast`, from
    the pace between ``start`` and ``measured``) is after ``due``, or nothing has been
    achieved yet. A target without ``start`` or ``measured`` has no pace to go by: it is
    off pace only once its due date is before ``as_of`` (missed). A target without a
    due date, or already reached, is never off pace.
    """
    if target.due is None or target.reached:
        return False
    if target.actual <= 0:
        return True  # nothing achieved: no pace can reach the goal
    if target.start is None or target.measured is None:
        return as_of is not None and target.due < as_of
    forecast = target.forecast()
    return forecast is None or forecast > target.due


def finding_deadline(finding: Finding) -> date | None:
    """The finding's deadline, else the latest due date of its measures."""
    if finding.deadline is not None:
        return finding.deadline
    dues = [m.due for m in finding.measures if m.due is not None]
    return max(dues) if dues else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dec(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


@attrs.frozen(slots=True)
class InspectionSummary:
    """The inspection and its rectification period.

    Attributes:
        title: the inspection's title.
        target: the unit inspected.
        deadline: end of the rectification period (:attr:`Inspection.effective_deadline`).
        days_left: ``deadline - as_of`` in days (negative when past; ``None`` without a
            deadline).
    """

    title: str
    target: str
    deadline: date | None
    days_left: int | None

    @property
    def past(self) -> bool:
        """Whether the rectification period is over."""
        return self.days_left is not None and self.days_left < 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "target": self.target,
            "deadline": _iso(self.deadline),
            "days_left": self.days_left,
        }


@attrs.frozen(slots=True)
class Progress:
    """Measures done out of all measures."""

    done: int
    total: int

    @property
    def ratio(self) -> float:
        """``done / total``; 0.0 when there are no measures."""
        return self.done / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "ratio": self.ratio}


@attrs.frozen(slots=True)
class FindingProgress:
    """One finding's row of the dashboard.

    Attributes:
        id, title, owner: the finding's.
        status: its effective status.
        done: measures done.
        total: measures in all.
        progress: :attr:`Finding.progress` (0.0–1.0; 1.0 for a closed finding without
            measures).
        deadline: :func:`finding_deadline`.
    """

    id: str
    title: str
    status: Status
    owner: str | None
    done: int
    total: int
    progress: float
    deadline: date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "owner": self.owner,
            "done": self.done,
            "total": self.total,
            "progress": self.progress,
            "deadline": _iso(self.deadline),
        }


@attrs.frozen(slots=True)
class MeasureDue:
    """A measure not done, with its due date.

    Attributes:
        finding_id, finding_title: the finding it belongs to.
        id, text: the measure's.
        owner: who carries it out (:func:`responsible`, else :data:`UNASSIGNED`).
        due: its due date.
        days_left: ``due - as_of`` in days (negative when overdue).
    """

    finding_id: str
    finding_title: str
    id: str
    text: str
    owner: str
    due: date
    days_left: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding_id": self.finding_id,
            "finding_title": self.finding_title,
            "id": self.id,
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat(),
            "days_left": self.days_left,
        }


@attrs.frozen(slots=True)
class TargetPace:
    """A quantitative target off pace.

    Attributes:
        finding_id: the finding it belongs to.
        name: what is counted.
        goal, actual: the figures.
        unit: the figures' unit, if any.
        start, measured: the pace's dates.
        due: when the goal must be reached.
        forecast: when it would be reached at the pace so far; ``None`` when there is no
            pace to go by.
        past_due: whether ``due`` is already before ``as_of``.
    """

    finding_id: str
    name: str
    goal: Decimal
    actual: Decimal
    unit: str | None
    start: date | None
    measured: date | None
    due: date
    forecast: date | None
    past_due: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding_id": self.finding_id,
            "name": self.name,
            "goal": _dec(self.goal),
            "actual": _dec(self.actual),
            "unit": self.unit,
            "start": _iso(self.start),
            "measured": _iso(self.measured),
            "due": self.due.isoformat(),
            "forecast": _iso(self.forecast),
            "past_due": self.past_due,
        }


def _grouped(items: Mapping[str, tuple[MeasureDue, ...]]) -> dict[str, list[dict[str, Any]]]:
    return {owner: [m.to_dict() for m in group] for owner, group in items.items()}


@attrs.frozen(slots=True)
class LedgerStatus:
    """A ledger's progress at ``as_of``.

    Attributes:
        as_of: the evaluation date.
        due_within: the window (days) of :attr:`due_soon`.
        inspection: the inspection and days left in its rectification period.
        counts: ``total`` and the number of findings in each effective status (all
            five statuses, in order).
        progress: measures done over all measures.
        findings: each finding's progress, in ledger order.
        overdue: measures with ``due < as_of`` and not done, by owner.
        due_soon: measures with ``as_of <= due <= as_of + due_within`` and not done,
            by owner.
        off_pace: targets that will miss their due date at the pace so far.

    Owners are ordered by their earliest due date (then name); each owner's measures by
    due date, then id.
    """

    as_of: date
    due_within: int
    inspection: InspectionSummary
    counts: Mapping[str, int]
    progress: Progress
    findings: tuple[FindingProgress, ...]
    overdue: Mapping[str, tuple[MeasureDue, ...]]
    due_soon: Mapping[str, tuple[MeasureDue, ...]]
    off_pace: tuple[TargetPace, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: dates ISO, Decimals as strings, keys in a stable order."""
        return {
            "as_of": self.as_of.isoformat(),
            "inspection": self.inspection.to_dict(),
            "counts": dict(self.counts),
            "progress": self.progress.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "overdue": _grouped(self.overdue),
            "due_soon": _grouped(self.due_soon),
            "off_pace": [t.to_dict() for t in self.off_pace],
        }


def _by_owner(items: Iterable[MeasureDue]) -> dict[str, tuple[MeasureDue, ...]]:
    groups: dict[str, list[MeasureDue]] = {}
    for item in sorted(items, key=lambda m: (m.due, m.id)):
        groups.setdefault(item.owner, []).append(item)
    order = sorted(groups, key=lambda owner: (groups[owner][0].due, owner))
    return {owner: tuple(groups[owner]) for owner in order}


def ledger_status(ledger: Ledger, *, as_of: date, due_within: int = 14) -> LedgerStatus:
    """The progress of ``ledger`` at ``as_of``; measures due within ``due_within`` days
    (both ends included) are "due soon"."""
    if due_within < 0:
        raise ValueError(f"due_within must not be negative (got {due_within})")
    horizon = as_of + timedelta(days=due_within)
    deadline = ledger.inspection.effective_deadline
    inspection = InspectionSummary(
        title=ledger.inspection.title,
        target=ledger.inspection.target,
        deadline=deadline,
        days_left=(deadline - as_of).days if deadline is not None else None,
    )
    findings = []
    overdue: list[MeasureDue] = []
    due_soon: list[MeasureDue] = []
    off_pace: list[TargetPace] = []
    done_all = total_all = 0
    for finding in ledger.findings:
        done = sum(1 for m in finding.measures if m.is_done)
        total = len(finding.measures)
        done_all += done
        total_all += total
        findings.append(
            FindingProgress(
                id=finding.id,
                title=finding.title,
                status=finding.effective_status,
                owner=finding.owner,
                done=done,
                total=total,
                progress=finding.progress,
                deadline=finding_deadline(finding),
            )
        )
        for measure in finding.measures:
            if measure.is_done or measure.due is None:
                continue
            item = MeasureDue(
                finding_id=finding.id,
                finding_title=finding.title,
                id=measure.id,
                text=measure.text,
                owner=responsible(finding, measure) or UNASSIGNED,
                due=measure.due,
                days_left=(measure.due - as_of).days,
            )
            if measure.due < as_of:
                overdue.append(item)
            elif measure.due <= horizon:
                due_soon.append(item)
        for target in finding.targets:
            if not is_off_pace(target, as_of):
                continue
            assert target.due is not None
            off_pace.append(
                TargetPace(
                    finding_id=finding.id,
                    name=target.name,
                    goal=target.goal,
                    actual=target.actual,
                    unit=target.unit,
                    start=target.start,
                    measured=target.measured,
                    due=target.due,
                    forecast=target.forecast(),
                    past_due=target.due < as_of,
                )
            )
    return LedgerStatus(
        as_of=as_of,
        due_within=due_within,
        inspection=inspection,
        counts=ledger.counts(),
        progress=Progress(done=done_all, total=total_all),
        findings=tuple(findings),
        overdue=_by_owner(overdue),
        due_soon=_by_owner(due_soon),
        off_pace=tuple(off_pace),
    )
