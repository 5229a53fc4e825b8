"""RWD checks: advanced units are commended in a circular only, never paid (RWD001).

A reward whose ``recipient_type`` is ``unit`` (单位, 集体, 先进单位) with an amount
over 0 breaches the rectification measure 先进单位只通报表扬，不发放奖励费用. Rewards to
persons are not judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.records import Reward


class CashRewardToUnit(RecordCheck):
    """RWD001: recipient_type unit and amount > 0."""

    code = "RWD001"
    shardable = True
    needs = needs(rewards=("id", "recipient", "recipient_type", "amount", "date"))

    def check(self, record: Reward) -> Iterable[Breach]:
        if record.recipient_type != "unit" or not record.amount > 0:
            return ()
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column("amount"),
                values={
                    "recipient": record.recipient,
                    "amount": record.amount,
                    "date": record.date,
                },
            ),
        )


CHECKS = [CashRewardToUnit]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The RWD rule pack."""
    return [builtin_pack("rewards.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The RWD checks."""
    return list(CHECKS)
