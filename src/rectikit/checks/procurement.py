"""PRC checks: procurement thresholds, supplier comparison and split purchases.

Every figure is a rule-pack parameter (``direct_limit``, ``self_limit``, ...); the checks
only compare. Amounts are Decimal. A purchase is judged by the parameters in force on its
own date (a unit that revised its thresholds mid-year: see ``[[params.PRC.sets]]``); a
suspected split by those in force on the window's first purchase.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from rectikit.checks.base import Breach, Check, RecordCheck, needs
from rectikit.checks.candidates import CandidateStore, candidate_adder
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.records import Procurement
from rectikit.model.severity import Severity
from rectikit.model.values import is_blank


def _in_band(record: Procurement, params: Any) -> bool:
    """Self-procurement with direct_limit < budget <= self_limit."""
    return record.mode == "self" and params["direct_limit"] < record.budget <= params["self_limit"]


def _unit(record: Procurement) -> dict[str, str]:
    """The purchasing unit, for reports that group by unit (when the ledger names one)."""
    return {} if is_blank(record.unit) else {"unit": str(record.unit).strip()}


def _budget_breach(record: Procurement, **values: Any) -> Breach:
    return Breach(
        subject=record.id,
        location=record.location.with_column("budget"),
        values={"budget": record.budget, **values, **_unit(record)},
    )


class DirectedOverLimit(RecordCheck):
    """PRC001: a directed self-procurement over ``direct_limit``."""

    code = "PRC001"
    needs = needs(procurement=("id", "budget", "mode", "method"))
    shardable = True

    def check(self, record: Procurement) -> Iterable[Breach]:
        limit = self.params_on(record.date)["direct_limit"]
        if record.mode == "self" and record.method == "directed" and record.budget > limit:
            return (_budget_breach(record, limit=limit),)
        return ()


class TooFewSuppliers(RecordCheck):
    """PRC002: a non-directed self-procurement in the band compared too few suppliers."""

    code = "PRC002"
    needs = needs(procurement=("id", "budget", "mode", "method", "suppliers"))
    shardable = True

    def check(self, record: Procurement) -> Iterable[Breach]:
        params = self.params_on(record.date)
        if not _in_band(record, params) or record.method == "directed":
            return ()
        suppliers = record.suppliers or 0
        minimum = params["min_suppliers"]
        if suppliers >= minimum:
            return ()
        lowered = None if is_blank(record.exception) else Severity.INFO
        breach = Breach(
            subject=record.id,
            location=record.location.with_column("suppliers"),
            values={
                "budget": record.budget,
                "suppliers": suppliers,
                "min_suppliers": minimum,
                **({"exception": record.exception} if lowered else {}),
                **_unit(record),
            },
            severity=lowered,
        )
        return (breach,)


class MissingProcurementDocs(RecordCheck):
    """PRC003: a self-procurement in the band without procurement documents."""

    code = "PRC003"
    needs = needs(procurement=("id", "budget", "mode", "docs"))
    shardable = True

    def check(self, record: Procurement) -> Iterable[Breach]:
        params = self.params_on(record.date)
        if _in_band(record, params) and record.docs is not True:
            return (
                Breach(
                    subject=record.id,
                    location=record.location.with_column("docs"),
                    values={
                        "budget": record.budget,
                        "limit": params["direct_limit"],
                        **_unit(record),
                    },
                ),
            )
        return ()


class OverSelfProcurementCeiling(RecordCheck):
    """PRC004: a self-procurement over ``self_limit``."""

    code = "PRC004"
    needs = needs(procurement=("id", "budget", "mode"))
    shardable = True

    def check(self, record: Procurement) -> Iterable[Breach]:
        limit = self.params_on(record.date)["self_limit"]
        if record.mode == "self" and record.budget > limit:
            return (_budget_breach(record, limit=limit),)
        return ()


class OpenTenderRequired(RecordCheck):
    """PRC006: a government procurement at or over the open-tender threshold, not tendered."""

    code = "PRC006"
    needs = needs(procurement=("id", "budget", "mode", "method", "category"))
    shardable = True

    def check(self, record: Procurement) -> Iterable[Breach]:
        if record.mode != "government" or record.method == "tender":
            return ()
        thresholds: dict[str, Decimal] = self.params_on(record.date)["open_tender"]
        if record.category is not None and record.category in thresholds:
            limit = thresholds[record.category]
        else:
            limit = min(thresholds.values())
        if record.budget >= limit:
            return (_budget_breach(record, limit=limit),)
        return ()


class SuspectedSplitPurchase(Check):
    """PRC005: small self-procurements from one vendor adding up over ``direct_limit``.

    Keeps only the candidates (self-procurement, budget within the direct limit, a
    vendor), each packed in a few machine words by a :class:`CandidateStore` and
    grouped by ``split_group_by``; windows are formed in ``finish``.
    """

    code = "PRC005"
    needs = needs(procurement=("id", "budget", "mode", "date"))
    shardable = True

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.store = CandidateStore()
        self.group_key = _group_key(tuple(self.params["split_group_by"]))
        self._add = candidate_adder()  # CandidateStore.add, in C where it can be

    def feed(self, kind: str, record: Procurement) -> Iterable[Breach]:
        vendor = record.vendor
        if (
            vendor
            and record.mode == "self"
            and record.budget <= self.params_on(record.date)["direct_limit"]
            and not is_blank(vendor)
        ):
            self._add(
                self.store,
                self.group_key(record),
                record.date,
                record.id,
                record.budget,
                record.location,
                str(vendor),
            )
        return ()

    def take_state(self) -> CandidateStore:
        store, self.store = self.store, CandidateStore()
        return store

    def add_state(self, state: CandidateStore) -> None:
        self.store.extend(state)

    def finish(self) -> Iterable[Breach]:
        fields = tuple(self.params["split_group_by"])
        store, self.store = self.store, CandidateStore()  # released once read
        for key, members in store.sorted_groups(min_size=2):  # by date, then id
            grouped = dict(zip(fields, key, strict=True)).get("unit")
            unit = {"unit": grouped} if grouped else {}
            start = 0
            while start < len(members):
                first_day = members[start][0]
                params = self.params_on(date.fromordinal(first_day))
                limit, days = params["direct_limit"], params["split_window_days"]
                end = start + 1
                while end < len(members) and members[end][0] - first_day <= days:
                    end += 1
                window = members[start:end]
                if len(window) >= 2:
                    total = store.amount_total(number for _, _, number in window)
                    if total > limit:
                        yield self._split(store, window, total, limit, days, unit)
                start = end

    @staticmethod
    def _split(
        store: CandidateStore,
        window: list[tuple[int, bytes, int]],
        total: Decimal,
        limit: Decimal,
        days: int,
        unit: dict[str, str],
    ) -> Breach:
        first = store.candidate(window[0][2])
        ids = sorted(ident.decode("utf-8", "surrogatepass") for _, ident, _ in window)
        return Breach(
            subject="+".join(ids),
            location=first.location.with_column("budget"),
            values={
                "vendor": first.label,
                "count": len(window),
                "ids": "、".join(ids),
                "total": total,
                "limit": limit,
                "days": days,
                **unit,
            },
        )


def _group_key(fields: tuple[str, ...]) -> Any:
    """The function giving a record's split group: its ``split_group_by`` values as
    trimmed text (a field the kind lacks is looked up among the unknown columns)."""

    def key(record: Procurement) -> tuple[str, ...]:
        return tuple(
            str(getattr(record, field, None) or record.extra.get(field) or "").strip()
            for field in fields
        )

    if fields == ("unit", "vendor"):  # the default, without the generic loop

        def unit_vendor(record: Procurement) -> tuple[str, ...]:
            unit, vendor = record.unit, record.vendor
            if type(unit) is str and type(vendor) is str:
                return (unit.strip(), vendor.strip())
            return key(record)

        return unit_vendor
    return key


CHECKS = [
    DirectedOverLimit,
    TooFewSuppliers,
    MissingProcurementDocs,
    OverSelfProcurementCeiling,
    SuspectedSplitPurchase,
    OpenTenderRequired,
]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The PRC rule pack."""
    return [builtin_pack("procurement.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The PRC checks."""
    return list(CHECKS)
