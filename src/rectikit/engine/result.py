"""The result of a check run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs

from rectikit.engine.delta import Delta
from rectikit.engine.manifest import Manifest
from rectikit.engine.spool import counts_of
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation

#: A waiver this close to its expiry (days, inclusive) is flagged as expiring, unless
#: the WVR pack's ``notice_days`` parameter (whose default this mirrors) says otherwise.
EXPIRY_NOTICE_DAYS = 30


@attrs.frozen(slots=True)
class WaivedViolation:
    """A violation an approved exception covers: not counted, listed as waived.

    Attributes:
        violation: the violation.
        reason: why the exception was approved.
        approver: who approved it.
        expiry: the last day the waiver applies (``None``: no end).
        days_left: days from the as-of date to the expiry (``None``: no end).
        notice_days: how close to the expiry it counts as expiring (``notice_days``).
    """

    violation: Violation
    reason: str
    approver: str
    expiry: date | None = None
    days_left: int | None = None
    notice_days: int = EXPIRY_NOTICE_DAYS

    @property
    def expiring(self) -> bool:
        """Whether the waiver lapses within ``notice_days`` of the as-of date."""
        return self.days_left is not None and self.days_left <= self.notice_days

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the violation with a ``waiver`` object (``days_left`` from the
        as-of date to the expiry, ``expiring`` within ``notice_days``)."""
        return {
            **self.violation.to_dict(),
            "waiver": {
                "reason": self.reason,
                "approver": self.approver,
                "expiry": self.expiry.isoformat() if self.expiry else None,
                "days_left": self.days_left,
                "expiring": self.expiring,
            },
        }


@attrs.frozen(slots=True)
class CheckResult:
    """What ``rectikit check`` found.

    Attributes:
        as_of: the evaluation date.
        since: the window start.
        records: number of records read.
        violations: rule violations (and ``CFG`` notes), sorted by file, row, code: a
            tuple, or, when a run sets many aside on disk, a
            :class:`~rectikit.engine.spool.SpooledViolations` sequence that reads them
            back each time it is gone through (``tuple(result.violations)`` holds them).
        data_errors: ``DAT`` diagnostics, sorted likewise.
        not_run: code -> why the rule did not run (a kind it reads is missing).
        rules_run: the codes that ran.
        files: the data files read, with their kinds (display name -> kind or ``-``).
        warnings: one-line notes about plugins or config (printed on stderr by the CLI).
        titles: code -> the rule's title in the run's language (for reports).
        helps: code -> the rule's remedy (the typical corrective measure) in the run's
            language, for reports that carry rule help (SARIF).
        waived: violations hidden by an approved exception (``--waivers``).
        baselined: violations hidden because the baseline already lists them.
        hidden: the baselined violations themselves (a new baseline keeps them).
        waived_list: the waived violations with their waivers.
        delta: how the violations compare with a previous report (``--compare``).
        manifest: what the report was made from (files, digests, packs).
        people: the people's names the records hold (for ``--redact``; emptied by it).
        redacted: how many distinct names ``--redact`` masked (0: not redacted).
        unlisted: data diagnostics left out of ``data_errors`` by ``--max-errors``
            (they count for :meth:`worst` and the exit code, and in the summary).
    """

    as_of: date
    since: date
    records: int
    violations: Sequence[Violation]
    data_errors: tuple[Violation, ...]
    not_run: dict[str, str] = attrs.field(factory=dict)
    rules_run: tuple[str, ...] = ()
    files: dict[str, str] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()
    titles: dict[str, str] = attrs.field(factory=dict)
    helps: dict[str, str] = attrs.field(factory=dict)
    waived: int = 0
    baselined: int = 0
    hidden: tuple[Violation, ...] = ()
    waived_list: tuple[WaivedViolation, ...] = ()
    delta: Delta | None = None
    manifest: Manifest | None = None
    people: frozenset[str] = frozenset()
    redacted: int = 0
    unlisted: tuple[Violation, ...] = ()

    @property
    def all(self) -> tuple[Violation, ...]:
        """Violations and data errors together, sorted by file, row, code."""
        return tuple(sorted((*self.violations, *self.data_errors), key=Violation.sort_key))

    def by_severity(self, *, data: bool = False) -> dict[str, int]:
        """Counts of violations (or, with ``data``, data errors) by severity."""
        counts: Counter[Severity] = Counter()
        for (_, severity), number in counts_of(self._items(data)).items():
            counts[severity] += number
        order = (Severity.ERROR, Severity.WARNING, Severity.INFO)
        return {s.value: counts.get(s, 0) for s in order}

    def by_code(self, *, data: bool = False) -> dict[str, int]:
        """Counts of violations (or, with ``data``, data errors) by code, sorted."""
        counts: Counter[str] = Counter()
        for (code, _), number in counts_of(self._items(data)).items():
            counts[code] += number
        return dict(sorted(counts.items()))

    def _items(self, data: bool) -> Sequence[Violation]:
        return self.data_errors if data else self.violations

    def worst(self) -> Severity | None:
        """The highest severity found, or ``None`` when nothing was found."""
        found = {severity for _, severity in counts_of(self.violations)}
        found.update(v.severity for v in (*self.data_errors, *self.unlisted))
        return max(found, key=lambda s: s.rank) if found else None

    def fails(self, fail_on: str) -> bool:
        """Whether anything is at or above ``fail_on`` (``never`` never fails)."""
        if fail_on == "never":
            return False
        worst = self.worst()
        return worst is not None and worst.rank >= Severity.parse(fail_on).rank

    def summary(self) -> dict[str, Any]:
        """The JSON ``summary`` object."""
        return {
            "records": self.records,
            "violations": len(self.violations),
            "by_severity": self.by_severity(),
            "by_code": self.by_code(),
            "not_run": dict(sorted(self.not_run.items())),
            "data_errors": len(self.data_errors),
            "data_errors_by_code": self.by_code(data=True),
            "waived": self.waived,
            "baselined": self.baselined,
            **({"delta": self.delta.to_dict()} if self.delta is not None else {}),
            **({"redacted_names": self.redacted} if self.redacted else {}),
            **({"data_errors_unlisted": len(self.unlisted)} if self.unlisted else {}),
        }
