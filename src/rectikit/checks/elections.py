"""ELC checks: Party organizations holding their elections (换届) on time.

expiry = elected + term (the org's own ``term_years``, else the ``term_years`` parameter
for its type; Feb 29 becomes Feb 28); due = ``postponed_until`` if set, else expiry.
Dissolved organizations are skipped. An organization is judged by the parameters in force
on its election date (``elected``): the term it was elected for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.periods import add_days, add_months, add_years
from rectikit.model.records import PartyOrg

_TERM_FIELDS = ("id", "name", "type", "elected", "term_years", "postponed_until", "status")


class ElectionCheck(RecordCheck):
    """Shared term arithmetic of the ELC checks."""

    needs = needs(party_orgs=_TERM_FIELDS)

    def expiry(self, org: PartyOrg) -> date | None:
        """The end of the org's term, or ``None`` when no term is known for its type."""
        term = org.term_years
        if term is None:
            term = self.params_on(org.elected)["term_years"].get(org.type)
        if term is None:
            return None
        return add_years(org.elected, term)

    def due(self, org: PartyOrg) -> date | None:
        """When the next election is due: the approved postponement, else the expiry."""
        return org.postponed_until or self.expiry(org)

    def check(self, record: PartyOrg) -> Iterable[Breach]:
        if record.status == "dissolved":
            return ()
        return self.judge(record)

    def judge(self, org: PartyOrg) -> Iterable[Breach]:
        """Judge an active organization."""
        raise NotImplementedError

    def breach(self, org: PartyOrg, column: str, **values: Any) -> Breach:
        """A breach about ``org`` pointing at ``column``."""
        return Breach(
            subject=org.id,
            location=org.location.with_column(column),
            values={"name": org.name, "id": org.id, **values},
        )

    def overdue(self, org: PartyOrg) -> tuple[date, int, bool] | None:
        """(due, days overdue, severe) when due < as_of, else ``None``."""
        due = self.due(org)
        if due is None or not due < self.as_of:
            return None
        severe = self.as_of > add_months(due, self.params_on(org.elected)["severe_months"])
        return due, (self.as_of - due).days, severe

    def due_column(self, org: PartyOrg) -> str:
        """The column a due-date violation points at."""
        return "postponed_until" if org.postponed_until else "elected"


class ElectionOverdue(ElectionCheck):
    """ELC001: due < as_of <= due + ``severe_months``."""

    code = "ELC001"
    shardable = True

    def judge(self, org: PartyOrg) -> Iterable[Breach]:
        found = self.overdue(org)
        if found is None or found[2]:
            return ()
        due, days, _ = found
        return (self.breach(org, self.due_column(org), due=due, days=days),)


class ElectionSeverelyOverdue(ElectionCheck):
    """ELC002: as_of > due + ``severe_months`` (instead of ELC001)."""

    code = "ELC002"
    shardable = True

    def judge(self, org: PartyOrg) -> Iterable[Breach]:
        found = self.overdue(org)
        if found is None or not found[2]:
            return ()
        due, days, _ = found
        return (
            self.breach(
                org,
                self.due_column(org),
                due=due,
                days=days,
                severe_months=self.params_on(org.elected)["severe_months"],
            ),
        )


class ElectionDueSoon(ElectionCheck):
    """ELC003: as_of <= due <= as_of + ``notice_months``."""

    code = "ELC003"
    shardable = True

    def judge(self, org: PartyOrg) -> Iterable[Breach]:
        due = self.due(org)
        if due is None:
            return ()
        notice_months = self.params_on(org.elected)["notice_months"]
        if self.as_of <= due <= add_months(self.as_of, notice_months):
            return (self.breach(org, self.due_column(org), due=due, days=(due - self.as_of).days),)
        return ()


class ElectionNotFiled(ElectionCheck):
    """ELC004: no filing date and as_of > elected + ``filing_days``."""

    code = "ELC004"
    shardable = True
    needs = needs(party_orgs=("id", "name", "elected", "filed", "status"))

    def judge(self, org: PartyOrg) -> Iterable[Breach]:
        filing_days = self.params_on(org.elected)["filing_days"]
        if org.filed is None and self.as_of > add_days(org.elected, filing_days):
            return (self.breach(org, "filed", elected=org.elected, filing_days=filing_days),)
        return ()


class PostponementTooLong(ElectionCheck):
    """ELC005: postponed_until > expiry + ``max_postpone_months``."""

    code = "ELC005"
    shardable = True

    def judge(self, org: PartyOrg) -> Iterable[Breach]:
        expiry = self.expiry(org)
        if org.postponed_until is None or expiry is None:
            return ()
        months = self.params_on(org.elected)["max_postpone_months"]
        if org.postponed_until > add_months(expiry, months):
            return (
                self.breach(
                    org,
                    "postponed_until",
                    postponed_until=org.postponed_until,
                    expiry=expiry,
                    max_postpone_months=months,
                ),
            )
        return ()


CHECKS = [
    ElectionOverdue,
    ElectionSeverelyOverdue,
    ElectionDueSoon,
    ElectionNotFiled,
    PostponementTooLong,
]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The ELC rule pack."""
    return [builtin_pack("elections.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The ELC checks."""
    return list(CHECKS)
