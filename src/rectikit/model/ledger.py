"""The rectification ledger (整改台账): an inspection's findings and the measures for each.

Frozen attrs classes; change them with :func:`attrs.evolve`. A finding's status may be
declared (``status``) or derived from its measures (:attr:`Finding.derived_status`);
:attr:`Finding.effective_status` is the declared one where there is one. Dates are
``datetime.date``; quantities of targets are ``Decimal``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from rectikit.model.location import Location
from rectikit.model.periods import add_months
from rectikit.model.values import EnumLookup, ValueParseError

#: Months after feedback that the concentrated rectification period lasts by default.
DEFAULT_PERIOD_MONTHS = 3


class Status(str, enum.Enum):
    """Where a finding stands (LEDGER.md "Status")."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    EFFECTIVE = "effective"
    COMPLETED = "completed"
    VERIFIED = "verified"

    @property
    def label(self) -> str:
        """The Chinese name used in reports (``已完成``)."""
        return STATUS_LABELS[self]

    @property
    def closed(self) -> bool:
        """Completed or verified: every measure should be done."""
        return self in (Status.COMPLETED, Status.VERIFIED)

    @classmethod
    def parse(cls, value: Any) -> Status:
        """A status from its English or any Chinese name; ``ValueError`` otherwise."""
        if isinstance(value, Status):
            return value
        try:
            return cls(_STATUS_LOOKUP.parse(value))
        except ValueParseError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(
                f"unknown status {value!r} (expected one of {names} "
                "or 未启动/推进中/取得明显成效/已完成/已销号)"
            ) from None

    def __str__(self) -> str:
        return self.value


STATUS_LABELS = {
    Status.PENDING: "未启动",
    Status.IN_PROGRESS: "推进中",
    Status.EFFECTIVE: "取得明显成效",
    Status.COMPLETED: "已完成",
    Status.VERIFIED: "已销号",
}

#: Every accepted name of each status (LEDGER.md: "Chinese (accept all)").
STATUS_ALIASES: Mapping[str, tuple[str, ...]] = {
    "pending": ("未启动", "未开始"),
    "in_progress": ("推进中", "正在整改", "整改中", "进行中"),
    "effective": ("取得明显成效", "持续推进", "基本完成", "按计划持续推进"),
    "completed": ("已完成", "已整改", "完成", "整改完成"),
    "verified": ("已销号", "销号"),
}
_STATUS_LOOKUP = EnumLookup(STATUS_ALIASES)


@attrs.frozen(slots=True)
class Inspection:
    """The inspection the ledger answers.

    Attributes:
        title: e.g. ``市委第一巡察组对市委市级机关工委的巡察``.
        inspector: the inspection team (``市委第一巡察组``).
        target: the unit inspected (``市委市级机关工委``).
        started: first day on site.
        ended: last day on site.
        feedback: the day the findings were fed back (反馈).
        deadline: end of the concentrated rectification period (集中整改期).
        extra: unknown keys of the ``[inspection]`` table, kept as they were.
    """

    title: str = ""
    inspector: str = ""
    target: str = ""
    started: date | None = None
    ended: date | None = None
    feedback: date | None = None
    deadline: date | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False)

    @property
    def effective_deadline(self) -> date | None:
        """``deadline``, else feedback + :data:`DEFAULT_PERIOD_MONTHS` months."""
        if self.deadline is not None:
            return self.deadline
        if self.feedback is not None:
            return add_months(self.feedback, DEFAULT_PERIOD_MONTHS)
        return None


@attrs.frozen(slots=True)
class Measure:
    """A corrective measure (整改措施) of a finding.

    Attributes:
        id: ``F01-1``.
        text: what is done.
        owner: who carries it out (责任部门 or person).
        due: when it is due.
        done: when it was done (blank = not done).
        evidence: proofs of completion (minutes, documents, check runs).
        extra: unknown keys, kept.
        location: where it is in the ledger file.
    """

    id: str
    text: str = ""
    owner: str | None = None
    due: date | None = None
    done: date | None = None
    evidence: tuple[str, ...] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    location: Location = attrs.field(default=Location(""), eq=False)

    @property
    def is_done(self) -> bool:
        """Whether the measure has a ``done`` date."""
        return self.done is not None


@attrs.frozen(slots=True)
class Target:
    """A quantitative target of a finding (e.g. 巡学旁听单位数 52, 20 reached so far).

    Attributes:
        name: what is counted.
        goal: the figure to reach.
        actual: the figure reached at ``measured``.
        measured: when ``actual`` was measured.
        start: when work towards the goal began.
        due: when the goal must be reached.
        unit: the unit of the figures (个, 家, %), optional.
        extra: unknown keys, kept.
    """

    name: str
    goal: Decimal
    actual: Decimal = Decimal(0)
    measured: date | None = None
    start: date | None = None
    due: date | None = None
    unit: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False)

    @property
    def reached(self) -> bool:
        """Whether ``actual`` has reached ``goal``."""
        return self.actual >= self.goal

    def forecast(self) -> date | None:
        """When the goal is reached at the pace so far (``actual`` over the days from
        ``start`` to ``measured``); ``None`` when there is no pace to go by (no dates,
        or nothing achieved yet)."""
        if self.reached:
            return self.measured
        if self.start is None or self.measured is None or self.actual <= 0:
            return None
        elapsed = max(1, (self.measured - self.start).days)
        needed = -(-(self.goal * elapsed) // self.actual)  # ceil, exact
        return self.start + timedelta(days=int(needed))


@attrs.frozen(slots=True)
class Finding:
    """A problem found by the inspection (问题) and how it is being put right.

    Attributes:
        id: ``F01``.
        title: ``工委专题研究全面从严治党不到位``.
        category: optional grouping (``全面从严治党``).
        owner: the responsible leader (责任领导).
        units: responsible departments (责任部门).
        status: the declared status, or ``None`` to derive it from the measures.
        deadline: when it must be put right.
        source: ``inspection``, or the violation it came from (``PRC002:P2023-017``).
        measures: its corrective measures.
        targets: its quantitative targets.
        notes: free text kept with the finding (备注): e.g. the paragraphs of a report
            that an import could not place as a measure, one note per paragraph.
        extra: unknown keys, kept.
        location: where it is in the ledger file.
    """

    id: str
    title: str = ""
    category: str | None = None
    owner: str | None = None
    units: tuple[str, ...] = ()
    status: Status | None = None
    deadline: date | None = None
    source: str = "inspection"
    measures: tuple[Measure, ...] = ()
    targets: tuple[Target, ...] = ()
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    location: Location = attrs.field(default=Location(""), eq=False)

    @property
    def derived_status(self) -> Status:
        """From the measures: all done -> completed; some done -> in progress; none
        done (or no measures) -> pending."""
        done = sum(1 for m in self.measures if m.is_done)
        if self.measures and done == len(self.measures):
            return Status.COMPLETED
        return Status.IN_PROGRESS if done else Status.PENDING

    @property
    def effective_status(self) -> Status:
        """The declared status where there is one, else the derived one."""
        return self.status if self.status is not None else self.derived_status

    @property
    def progress(self) -> float:
        """Share of measures done, 0.0–1.0 (1.0 for a closed finding without measures)."""
        if not self.measures:
            return 1.0 if self.effective_status.closed else 0.0
        return sum(1 for m in self.measures if m.is_done) / len(self.measures)

    def measure(self, measure_id: str) -> Measure:
        """The measure with ``measure_id``; ``KeyError`` when there is none."""
        for item in self.measures:
            if item.id == measure_id:
                return item
        raise KeyError(measure_id)


@attrs.frozen(slots=True)
class Ledger:
    """A whole ledger: the inspection, declared counts, findings and next steps.

    Attributes:
        inspection: the inspection.
        declared: counts a report states (``total``, ``completed``, ``effective``...).
        findings: the findings, in ledger order.
        next_steps: the text of 三、下一步工作打算 (paragraphs).
        extra: unknown top-level keys, kept.
        location: the ledger file.
    """

    inspection: Inspection = attrs.field(factory=Inspection)
    declared: Mapping[str, int] = attrs.field(factory=dict)
    findings: tuple[Finding, ...] = ()
    next_steps: tuple[str, ...] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    location: Location = attrs.field(default=Location(""), eq=False)

    def finding(self, finding_id: str) -> Finding:
        """The finding with ``finding_id``; ``KeyError`` when there is none."""
        for item in self.findings:
            if item.id == finding_id:
                return item
        raise KeyError(finding_id)

    def counts(self) -> dict[str, int]:
        """``total`` and the number of findings in each effective status."""
        counts = {"total": len(self.findings)}
        for status in Status:
            counts[status.value] = sum(1 for f in self.findings if f.effective_status is status)
        return counts

    def replace_finding(self, finding: Finding) -> Ledger:
        """A new ledger with the finding of the same id replaced (or appended)."""
        findings = list(self.findings)
        for index, item in enumerate(findings):
            if item.id == finding.id:
                findings[index] = finding
                break
        else:
            findings.append(finding)
        return attrs.evolve(self, findings=tuple(findings))
