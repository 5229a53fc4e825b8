"""DUL checks: dual organizational life (双重组织生活) of party-member leaders.

Each row of the quarterly report says how many meetings of their branch's organizational
life a leader should have attended (``required``) and did attend (``attended``), and
whether the leader signed the report (``signed``). RULES.md puts no window on these
rules: every row is judged as given, whatever its quarter (a row for a quarter outside
``[since, as_of]`` is judged too), and two rows for one leader and quarter are judged
one by one (both may report, under the same subject). The subject is
``leader|YYYYQn``. The pack declares no parameters (the required count is each row's
own); a parameter added later is read with ``self.params_on(record.quarter.start)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.records import DualLife


def _subject(record: DualLife) -> str:
    return f"{record.leader.strip()}|{record.quarter}"


def _values(record: DualLife, **more: Any) -> dict[str, Any]:
    return {"leader": record.leader.strip(), "quarter": str(record.quarter), **more}


class DualLifeAttendance(RecordCheck):
    """DUL001: a leader attended fewer meetings in a quarter than required."""

    code = "DUL001"
    shardable = True
    needs = needs(dual_life=("leader", "quarter", "required", "attended"))

    def check(self, record: DualLife) -> Iterable[Breach]:
        if record.attended < record.required:
            return (
                Breach(
                    subject=_subject(record),
                    location=record.location.with_column("attended"),
                    values=_values(record, required=record.required, attended=record.attended),
                ),
            )
        return ()


class DualLifeUnsigned(RecordCheck):
    """DUL002: the quarterly report is not signed by the leader (blank = not signed)."""

    code = "DUL002"
    shardable = True
    needs = needs(dual_life=("leader", "quarter", "signed"))

    def check(self, record: DualLife) -> Iterable[Breach]:
        if record.signed is not True:
            return (
                Breach(
                    subject=_subject(record),
                    location=record.location.with_column("signed"),
                    values=_values(record),
                ),
            )
        return ()


CHECKS = [DualLifeAttendance, DualLifeUnsigned]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The DUL rule pack."""
    return [builtin_pack("dual_life.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The DUL checks."""
    return list(CHECKS)
