"""ITG003: a branch committee analyses the integrity situation every quarter.

The unit's rule in the sample report: "支委会每季度分析廉政形势". For each active
organization of a type in ``applies_to`` (default: branch) and each quarter wholly inside
``[since, as_of]``, at least one ``committee_meeting`` of that organization dated in the
quarter must have a topic containing one of ``keywords`` (廉政, 廉洁). A meeting names its
organization by id or by name (:class:`~rectikit.checks.org_index.OrgIndex`); a name
shared by several organizations counts for each of them. The parameters are those in
force on the quarter's first day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rectikit.checks.base import Breach, Check, needs
from rectikit.checks.org_index import OrgIndex
from rectikit.hookspecs import hookimpl
from rectikit.model.periods import periods_within
from rectikit.model.records import Meeting, PartyOrg


def mentions(text: str | None, keywords: Sequence[str]) -> bool:
    """Whether ``text`` contains one of ``keywords`` (case-folded; blank never does)."""
    if not text:
        return False
    folded = text.casefold()
    return any(word and word.casefold() in folded for word in keywords)


class QuarterlyIntegrityAnalysis(Check):
    """ITG003: a quarter without a committee meeting on the integrity situation."""

    code = "ITG003"
    needs = needs(party_orgs=("id", "name", "type", "status"), meetings=("org", "type", "date"))

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.orgs = OrgIndex()
        self.meetings: list[tuple[str, date, str | None]] = []

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        if kind == "party_orgs":
            org: PartyOrg = record
            self.orgs.add(org)
        elif kind == "meetings":
            meeting: Meeting = record
            if meeting.type == "committee_meeting":
                self.meetings.append((meeting.org, meeting.date, meeting.topic))
        return ()

    def finish(self) -> Iterable[Breach]:
        held: dict[str, list[tuple[date, str | None]]] = defaultdict(list)
        for reference, day, topic in self.meetings:
            for org_id in self.orgs.resolve(reference):
                held[org_id].append((day, topic))
        for quarter in periods_within("quarter", self.since, self.as_of):
            params = self.params_on(quarter.start)
            keywords = tuple(params["keywords"])
            for org in self.orgs.active(params["applies_to"]):
                org_id = org.id.strip()
                if any(
                    quarter.contains(day) and mentions(topic, keywords)
                    for day, topic in held.get(org_id, ())
                ):
                    continue
                year, number = quarter.label.split("Q")
                yield Breach(
                    subject=f"{org_id}|{quarter.label}",
                    location=org.location,
                    values={
                        "org_id": org_id,
                        "name": org.name.strip(),
                        "quarter": quarter.label,
                        "quarter_zh": f"{year}年第{number}季度",
                        "keywords": "、".join(keywords),
                    },
                    kind="party_orgs",
                )


CHECKS = [QuarterlyIntegrityAnalysis]


@hookimpl
def rectikit_checks() -> list[type]:
    """The quarterly integrity-analysis check (its rule is in ``integrity.toml``, whose
    pack :mod:`rectikit.checks.integrity` registers)."""
    return list(CHECKS)
