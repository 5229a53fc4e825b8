"""AST checks: fixed assets recorded in the books within ``record_days`` of acceptance.

An item is a fixed asset (《行政单位财务规则》) when its unit value (单价; the quantity
does not matter) is at least its category's threshold and its ``life_years`` is blank or
over 1. A record is judged by the parameters in force on its ``accepted`` date. The
deadline is ``accepted + record_days``: recording on that day is in time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.periods import add_days
from rectikit.model.records import ASSET_CATEGORIES, Asset

CATEGORY_EN = {
    "general": "general equipment",
    "special": "special equipment",
    "furniture": "furniture",
}


def threshold_for(
    category: str | None,
    thresholds: Mapping[str, Decimal],
    catalog: Mapping[str, Decimal] | None = None,
) -> Decimal | None:
    """The unit-value threshold of ``category`` (blank = ``general``).

    A category missing from ``thresholds`` (a configured table naming only some
    categories) keeps the catalog's figure; ``None`` when neither names it.
    """
    key = category or "general"
    if key in thresholds:
        return thresholds[key]
    return (catalog or {}).get(key)


def qualifies(
    unit_value: Decimal,
    life_years: int | None,
    threshold: Decimal | None,
    min_life_years: int,
) -> bool:
    """Whether an item is a fixed asset: unit value ≥ threshold, and a use life blank or
    over ``min_life_years`` (1 in 《行政单位财务规则》)."""
    if threshold is None or unit_value < threshold:
        return False
    return life_years is None or life_years > min_life_years


class FixedAssetCheck(RecordCheck):
    """Shared qualification and deadline of the AST checks."""

    needs = needs(
        assets=("id", "item", "unit_value", "category", "life_years", "accepted", "recorded")
    )

    def judge(self, record: Asset) -> dict[str, Any] | None:
        """The values describing a fixed asset (with its ``deadline``), or ``None``."""
        params = self.params_on(record.accepted)
        spec = self.context.rule.params.get("thresholds")
        threshold = threshold_for(
            record.category, params["thresholds"], spec.default if spec else None
        )
        if not qualifies(record.unit_value, record.life_years, threshold, params["min_life_years"]):
            return None
        category = record.category or "general"
        labels = ASSET_CATEGORIES.get(category, (category,))
        return {
            "item": record.item,
            "unit_value": record.unit_value,
            "category": category,
            "category_zh": labels[0],
            "category_en": CATEGORY_EN.get(category, category),
            "threshold": threshold,
            "accepted": record.accepted,
            "record_days": params["record_days"],
            "deadline": add_days(record.accepted, params["record_days"]),
        }


class FixedAssetNotRecorded(FixedAssetCheck):
    """AST001: a fixed asset still unrecorded after ``accepted + record_days``."""

    code = "AST001"
    shardable = True

    def check(self, record: Asset) -> Iterable[Breach]:
        if record.recorded is not None:
            return ()
        values = self.judge(record)
        if values is None or not self.as_of > values["deadline"]:
            return ()
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column("recorded"),
                values=values,
            ),
        )


class FixedAssetRecordedLate(FixedAssetCheck):
    """AST002: a fixed asset recorded after ``accepted + record_days``."""

    code = "AST002"
    shardable = True

    def check(self, record: Asset) -> Iterable[Breach]:
        recorded: date | None = record.recorded
        if recorded is None:
            return ()
        values = self.judge(record)
        if values is None or not recorded > values["deadline"]:
            return ()
        values["recorded"] = recorded
        values["late_days"] = (recorded - values["deadline"]).days
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column("recorded"),
                values=values,
            ),
        )


CHECKS = [FixedAssetNotRecorded, FixedAssetRecordedLate]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The AST rule pack."""
    return [builtin_pack("assets.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The AST checks."""
    return list(CHECKS)
