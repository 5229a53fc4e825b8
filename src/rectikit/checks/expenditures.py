"""EXP checks: large expenditures reported and decided collectively beforehand (三重一大).

There is no national amount: ``report_threshold`` and ``decision_threshold`` have no
default, so the engine keeps the rules inactive (``CFG001``) until they are configured.
A record is judged by the thresholds in force on its own ``date``; a record dated before
the first set that gives the threshold sees none and is not judged. Amounts at or over
the threshold count (≥); a report or decision on the expenditure's own date is in time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.records import Expenditure


def prior_step_missing(step: date | None, day: date) -> bool:
    """Whether a step that must come first (a report, a decision) is blank or after ``day``."""
    return step is None or step > day


class PriorStepCheck(RecordCheck):
    """An expenditure at or over ``threshold_param`` needs ``field`` on or before its date."""

    threshold_param: ClassVar[str]
    field: ClassVar[str]
    #: (zh, en) text for a blank step; a late step names its date.
    blank_text: ClassVar[tuple[str, str]]
    late_text: ClassVar[tuple[str, str]]

    def check(self, record: Expenditure) -> Iterable[Breach]:
        threshold: Decimal | None = self.params_on(record.date)[self.threshold_param]
        if threshold is None or record.amount < threshold:
            return ()
        step: date | None = getattr(record, self.field)
        if not prior_step_missing(step, record.date):
            return ()
        values: dict[str, Any] = {
            "item": record.item,
            "amount": record.amount,
            "date": record.date,
            "threshold": threshold,
        }
        if step is None:
            values["problem_zh"], values["problem_en"] = self.blank_text
        else:
            values[self.field] = step
            zh, en = self.late_text
            values["problem_zh"] = zh.format(step=step.isoformat())
            values["problem_en"] = en.format(step=step.isoformat())
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column(self.field),
                values=values,
            ),
        )


class LargeExpenseNotPrereported(PriorStepCheck):
    """EXP001: amount ≥ ``report_threshold`` and reported blank or after the date."""

    code = "EXP001"
    shardable = True
    needs = needs(expenditures=("id", "item", "amount", "date", "reported"))
    threshold_param = "report_threshold"
    field = "reported"
    blank_text = ("未事前报备", "was not reported in advance")
    late_text = ("报备日期 {step} 晚于发生日期", "was only reported on {step}, after it was made")


class LargeExpenseNoCollectiveDecision(PriorStepCheck):
    """EXP002: amount ≥ ``decision_threshold`` and decided blank or after the date."""

    code = "EXP002"
    shardable = True
    needs = needs(expenditures=("id", "item", "amount", "date", "decided"))
    threshold_param = "decision_threshold"
    field = "decided"
    blank_text = ("未经集体决策", "was not decided collectively")
    late_text = (
        "集体决策日期 {step} 晚于发生日期",
        "was only decided collectively on {step}, after it was made",
    )


CHECKS = [LargeExpenseNotPrereported, LargeExpenseNoCollectiveDecision]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The EXP rule pack."""
    return [builtin_pack("expenditures.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The EXP checks."""
    return list(CHECKS)
