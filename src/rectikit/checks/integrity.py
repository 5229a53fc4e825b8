"""ITG checks: one-on-one integrity talks between leaders and the staff they oversee.

A (leader, staff) *pair* exists on the days when the leader oversees a division
(``oversight``) and the staff member belongs to it (``staff``); blank start/end dates
are unbounded. The checks fold the three kinds into small indexes and judge the
periods wholly inside ``[since, as_of]`` in ``finish``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

import attrs

from rectikit.checks.base import Breach, Check, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.location import Location
from rectikit.model.periods import (
    Period,
    count_between,
    merge_spans,
    overlap_days,
    periods_within,
    union_days,
)
from rectikit.model.records import Oversight, Staff, Talk
from rectikit.model.values import excerpt


@attrs.frozen(slots=True)
class Assignment:
    """Someone attached to a division over a period (a staff or oversight row)."""

    person: str
    division: str
    start: date | None
    end: date | None
    location: Location


class PairFold:
    """The fold shared by ITG001 and ITG002: assignments and one-on-one talk dates."""

    def __init__(self) -> None:
        self._pairs: list[tuple[str, str, list[tuple[date, date]], Location]] | None = None
        self.members: dict[str, list[Assignment]] = defaultdict(list)  # division -> staff
        self.overseers: list[Assignment] = []
        self.talks: dict[tuple[str, str], list[date]] = defaultdict(list)
        self._talks_sorted = False  # set by talk_dates
        #: (leader, staff) -> the staff member's division, filled by :meth:`pairs`
        self.divisions: dict[tuple[str, str], str] = {}

    def feed(self, kind: str, record: Any) -> None:
        """Take a staff, oversight or talks record."""
        if kind == "staff":
            staff: Staff = record
            self.members[staff.division.strip()].append(
                Assignment(
                    staff.name.strip(),
                    staff.division.strip(),
                    staff.start,
                    staff.end,
                    staff.location,
                )
            )
        elif kind == "oversight":
            row: Oversight = record
            self.overseers.append(
                Assignment(
                    row.leader.strip(), row.division.strip(), row.start, row.end, row.location
                )
            )
        elif kind == "talks":
            talk: Talk = record
            if talk.form == "one_on_one":
                self.talks[(talk.leader.strip(), talk.staff.strip())].append(talk.date)

    def pairs(self) -> list[tuple[str, str, list[tuple[date, date]], Location]]:
        """Each (leader, staff) pair with the intervals both hold (sorted, disjoint and
        non-adjacent) and a staff location (worked out once, when first asked: every
        record has been fed by then)."""
        if self._pairs is None:
            self._pairs = list(self._find_pairs())
        return self._pairs

    def _find_pairs(self) -> Iterator[tuple[str, str, list[tuple[date, date]], Location]]:
        intervals: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
        where: dict[tuple[str, str], Location] = {}
        for lead in self.overseers:
            for member in self.members.get(lead.division, ()):
                if member.person == lead.person:
                    continue
                both = overlap_days(lead.start, lead.end, member.start, member.end)
                if both is not None:
                    key = (lead.person, member.person)
                    intervals[key].append(both)
                    where.setdefault(key, member.location)
                    self.divisions.setdefault(key, member.division)
        for key in sorted(intervals):
            spans = intervals[key]
            yield key[0], key[1], merge_spans(spans) if len(spans) > 1 else spans, where[key]

    def days_in(self, intervals: list[tuple[date, date]], period: Period) -> int:
        """Days of ``period`` on which the pair holds, given the pair's intervals."""
        if len(intervals) == 1:  # the usual case: one stretch, no union to work out
            start, end = intervals[0]
            return period.overlap(start, end)
        clipped = [
            span
            for start, end in intervals
            if (span := overlap_days(start, end, period.start, period.end)) is not None
        ]
        return union_days(clipped)

    def talk_dates(self, leader: str, staff: str) -> list[date]:
        """The pair's one-on-one talk dates in order (every pair's are sorted in place
        once, when first asked: every record has been fed by then)."""
        if not self._talks_sorted:
            for days in self.talks.values():
                days.sort()
            self._talks_sorted = True
        return self.talks.get((leader, staff), [])

    def talks_in(self, leader: str, staff: str, period: Period) -> int:
        """One-on-one talks of the pair dated in ``period``."""
        return count_between(self.talk_dates(leader, staff), period.start, period.end)

    def days_per_period(
        self, intervals: list[tuple[date, date]], periods: Sequence[Period]
    ) -> list[int]:
        """:meth:`days_in` for each of ``periods``, in their order."""
        return [self.days_in(intervals, period) for period in periods]

    def talks_per_period(self, leader: str, staff: str, periods: Sequence[Period]) -> list[int]:
        """:meth:`talks_in` for each of ``periods``, in their order."""
        days = self.talk_dates(leader, staff)
        if not days:
            return [0] * len(periods)
        return [count_between(days, period.start, period.end) for period in periods]


_NEEDS = needs(
    staff=("name", "division", "start", "end"),
    oversight=("leader", "division", "start", "end"),
    talks=("date", "leader", "staff", "form"),
)


class PairCheck(Check):
    """Base of the ITG checks: folds staff, oversight and talks into a :class:`PairFold`."""

    needs = _NEEDS

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        # ITG001 and ITG002 read the same records the same way: the first of them in a
        # run folds them, the other reads its fold (CheckContext.shared)
        fold = context.shared.get(PairFold)
        self.folds = fold is None
        if fold is None:
            fold = context.shared[PairFold] = PairFold()
        self.fold = fold

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        if self.folds:
            self.fold.feed(kind, record)
        return ()


class TalksPerYear(PairCheck):
    """ITG001: fewer one-on-one talks in a year than required for the pair's days."""

    code = "ITG001"

    def finish(self) -> Iterable[Breach]:
        years = periods_within("year", self.since, self.as_of)
        judged = [(year, self.params_on(year.start)["min_per_year"], year.days) for year in years]
        for leader, staff, intervals, location in self.fold.pairs():
            division = self.fold.divisions.get((leader, staff), "")
            held = self.fold.days_per_period(intervals, years)
            talks = self.fold.talks_per_period(leader, staff, years)
            for (year, minimum, length), days, count in zip(judged, held, talks, strict=True):
                required = -(-minimum * days // length)  # ceil, exact
                if count < required:
                    yield Breach(
                        subject=f"{leader}|{staff}|{year.label}",
                        location=location,
                        values={
                            "leader": leader,
                            "staff": staff,
                            "year": year.label,
                            "count": count,
                            "required": required,
                            "pair_days": days,
                            "division": division,
                        },
                        kind="talks",
                    )


class TalksPerHalfYear(PairCheck):
    """ITG002: a pair assigned for a whole half-year had no one-on-one talk in it."""

    code = "ITG002"

    def finish(self) -> Iterable[Breach]:
        halves = periods_within("half", self.since, self.as_of)
        judged = [(half, half.days, _half_name(half)) for half in halves]
        for leader, staff, intervals, location in self.fold.pairs():
            division = self.fold.divisions.get((leader, staff), "")
            held = self.fold.days_per_period(intervals, halves)
            talks = self.fold.talks_per_period(leader, staff, halves)
            for (half, length, name), days, count in zip(judged, held, talks, strict=True):
                if days < length or count:
                    continue
                yield Breach(
                    subject=f"{leader}|{staff}|{half.label}",
                    location=location,
                    values={
                        "leader": leader,
                        "staff": staff,
                        "half": name,
                        "period": half.label,
                        "division": division,
                    },
                    kind="talks",
                )


def _half_name(half: Period) -> str:
    """A half-year as ITG002's message names it: ``2023年上半年``."""
    year, part = half.label[:4], half.label[4:]
    return f"{year}年{'上' if part == 'H1' else '下'}半年"


class TalkReferences(Check):
    """DAT006: a talk's leader not among the oversight leaders, or its staff not in staff.

    Judged only against the reference kinds present in the dataset.
    """

    code = "DAT006"
    kinds = ("talks",)
    optional_kinds = ("staff", "oversight")
    needs = needs(staff=("name",), oversight=("leader",), talks=("leader", "staff"))

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.staff: set[str] = set()
        self.leaders: set[str] = set()
        self.talks: list[tuple[str, str, Location]] = []

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        if kind == "staff":
            self.staff.add(record.name.strip())
        elif kind == "oversight":
            self.leaders.add(record.leader.strip())
        else:
            self.talks.append((record.leader.strip(), record.staff.strip(), record.location))
        return ()

    def finish(self) -> Iterable[Breach]:
        check_leaders = "oversight" in self.present_kinds
        check_staff = "staff" in self.present_kinds
        for leader, staff, location in self.talks:
            if check_leaders and leader not in self.leaders:
                yield _unknown(
                    location,
                    "leader",
                    leader,
                    "谈话人",
                    "talk leader",
                    "分管关系（班子成员）",
                    "the oversight leaders",
                )
            if check_staff and staff not in self.staff:
                yield _unknown(
                    location,
                    "staff",
                    staff,
                    "谈话对象",
                    "talk staff member",
                    "人员名单",
                    "the staff list",
                )


def _unknown(
    location: Location,
    column: str,
    name: str,
    field_zh: str,
    field_en: str,
    ref_zh: str,
    ref_en: str,
) -> Breach:
    return Breach(
        subject=name,
        location=location.with_column(column),
        values={
            "name": excerpt(name),
            "field_zh": field_zh,
            "field_en": field_en,
            "ref_zh": ref_zh,
            "ref_en": ref_en,
        },
        kind="talks",
    )


CHECKS = [TalksPerYear, TalksPerHalfYear, TalkReferences]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The ITG rule pack."""
    return [builtin_pack("integrity.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The ITG checks and the talks' reference diagnostic."""
    return list(CHECKS)
