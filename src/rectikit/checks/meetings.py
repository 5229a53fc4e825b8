"""MTG checks: 三会一课 and organizational life, counted per organization and period.

For each active organization (status not ``dissolved``) whose type is in ``applies_to``
and each period (month, quarter or year) lying wholly inside ``[since, as_of]``, fewer
meetings of the rule's type dated in the period than ``min_count`` is a breach (subject
``org_id|YYYY-MM``, ``org_id|YYYYQn`` or ``org_id|YYYY``, pointing at the organization's
``party_orgs`` row). MTG003 (党小组会) judges only organizations whose ``has_groups`` is
true. Both parameters are those in force on the period's first day.

A meeting names its organization by id or by name (:class:`OrgIndex`); a name that
several organizations share counts for each of them. Every meeting record counts once,
whatever else is recorded on the same day.

:class:`MeetingReferences` is the meetings' ``DAT006``: a meeting whose organization is
neither an id nor a name of ``party_orgs``, judged only when ``party_orgs`` is present.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar

from rectikit.checks.base import Breach, Check, needs
from rectikit.checks.org_index import OrgIndex
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.location import Location
from rectikit.model.periods import Period, PeriodFinder, periods_within
from rectikit.model.records import Meeting, PartyOrg
from rectikit.model.values import excerpt

_ORG_FIELDS = ("id", "name", "type", "status")
_MEETING_FIELDS = ("org", "type", "date")


class MeetingCount(Check):
    """Base of the MTG checks: folds organizations and meetings, counts per period.

    Class attributes:
        meeting_type: the meeting type counted (``members_meeting``).
        period: ``month``, ``quarter`` or ``year``.
        groups_only: judge only organizations with ``has_groups`` true (MTG003).
    """

    meeting_type: ClassVar[str]
    period: ClassVar[str]
    groups_only: ClassVar[bool] = False
    needs = needs(party_orgs=_ORG_FIELDS, meetings=_MEETING_FIELDS)

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.orgs = OrgIndex()
        self.meetings: list[tuple[str, date]] = []

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        if kind == "party_orgs":
            self.orgs.add(record)
        else:
            meeting: Meeting = record
            if meeting.type == self.meeting_type:
                self.meetings.append((meeting.org, meeting.date))
        return ()

    def finish(self) -> Iterable[Breach]:
        periods = periods_within(self.period, self.since, self.as_of)
        counts = self._period_counts(periods)
        judged: dict[frozenset[str], list[tuple[PartyOrg, str]]] = {}
        for index, period in enumerate(periods):
            params = self.params_on(period.start)
            minimum = params["min_count"]
            types = frozenset(params["applies_to"])
            if types not in judged:
                judged[types] = self._judged_orgs(types)
            for org, org_id in judged[types]:
                org_counts = counts.get(org_id)
                count = org_counts[index] if org_counts is not None else 0
                if count < minimum:
                    yield self.breach(org, org_id, period.label, count, minimum)

    def _period_counts(self, periods: Sequence[Period]) -> dict[str, list[int]]:
        """Meetings per organization id and period, in one pass over the meetings.

        ``periods`` are sorted and do not overlap (:func:`periods_within`); an id maps to
        one count per period, in their order. Organizations without a meeting in any of
        them are absent.
        """
        finder = PeriodFinder(periods)
        counts: dict[str, list[int]] = {}
        for reference, day in self.meetings:
            index = finder.index(day)
            if index is None:
                continue
            for org_id in self.orgs.resolve(reference):
                org_counts = counts.get(org_id)
                if org_counts is None:
                    org_counts = counts[org_id] = [0] * len(periods)
                org_counts[index] += 1
        return counts

    def _judged_orgs(self, types: Iterable[str]) -> list[tuple[PartyOrg, str]]:
        """The organizations judged when ``applies_to`` is ``types``, by id, with their
        trimmed ids (those with Party groups only, for MTG003)."""
        return [
            (org, org.id.strip())
            for org in self.orgs.active(types)
            if not self.groups_only or org.has_groups is True
        ]

    def breach(self, org: PartyOrg, org_id: str, label: str, count: int, minimum: int) -> Breach:
        """The breach of ``org`` in the period labelled ``label``."""
        return Breach(
            subject=f"{org_id}|{label}",
            location=org.location,
            values={
                "org": org.name.strip(),
                "org_id": org_id,
                "period": label,
                "count": count,
                "min_count": minimum,
            },
            kind="party_orgs",
        )


class MembersMeetingQuarterly(MeetingCount):
    """MTG001: 党员大会 each quarter."""

    code = "MTG001"
    meeting_type = "members_meeting"
    period = "quarter"


class CommitteeMeetingMonthly(MeetingCount):
    """MTG002: 支委会 each month."""

    code = "MTG002"
    meeting_type = "committee_meeting"
    period = "month"


class GroupMeetingMonthly(MeetingCount):
    """MTG003: 党小组会 each month, for organizations with Party groups."""

    code = "MTG003"
    meeting_type = "group_meeting"
    period = "month"
    groups_only = True
    needs = needs(party_orgs=(*_ORG_FIELDS, "has_groups"), meetings=_MEETING_FIELDS)


class PartyLectureQuarterly(MeetingCount):
    """MTG004: 党课 each quarter (local practice)."""

    code = "MTG004"
    meeting_type = "party_lecture"
    period = "quarter"


class ThemeDayMonthly(MeetingCount):
    """MTG005: 主题党日 each month."""

    code = "MTG005"
    meeting_type = "theme_day"
    period = "month"


class LifeMeetingYearly(MeetingCount):
    """MTG006: 组织生活会 each year."""

    code = "MTG006"
    meeting_type = "life_meeting"
    period = "year"


class MemberEvaluationYearly(MeetingCount):
    """MTG007: 民主评议党员 each year."""

    code = "MTG007"
    meeting_type = "evaluation"
    period = "year"


#: The DAT006 message fields for a meeting's organization (as for talks in integrity.py).
_UNKNOWN_ORG: Mapping[str, str] = {
    "field_zh": "党组织",
    "field_en": "meeting organization",
    "ref_zh": "党组织台账",
    "ref_en": "the party organizations",
}


class MeetingReferences(Check):
    """DAT006: a meeting whose organization is neither an id nor a name of ``party_orgs``.

    Judged only when ``party_orgs`` is present in the dataset.
    """

    code = "DAT006"
    kinds = ("meetings",)
    optional_kinds = ("party_orgs",)
    needs = needs(party_orgs=("id", "name"), meetings=("org",))

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.orgs = OrgIndex()
        self.references: list[tuple[str, Location]] = []

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        if kind == "party_orgs":
            self.orgs.add(record)
        else:
            self.references.append((record.org.strip(), record.location))
        return ()

    def finish(self) -> Iterable[Breach]:
        if "party_orgs" not in self.present_kinds:
            return
        for reference, location in self.references:
            if not self.orgs.knows(reference):
                yield Breach(
                    subject=reference,
                    location=location.with_column("org"),
                    values={**_UNKNOWN_ORG, "name": excerpt(reference)},
                    kind="meetings",
                )


CHECKS = [
    MembersMeetingQuarterly,
    CommitteeMeetingMonthly,
    GroupMeetingMonthly,
    PartyLectureQuarterly,
    ThemeDayMonthly,
    LifeMeetingYearly,
    MemberEvaluationYearly,
    MeetingReferences,
]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The MTG rule pack."""
    return [builtin_pack("meetings.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The MTG checks and the meetings' reference diagnostic."""
    return list(CHECKS)
