"""The check behind ORG001: compares each purchase's contract amount with its budget.

A check never formats messages: it yields :class:`~rectikit.checks.base.Breach`
objects whose ``values`` fill the message template of its rule in ``rules.toml``.
Every threshold comes from the rule's parameters (pack default, overridden by config),
read through ``self.params_on(record.date)`` so that a dated parameter set
(``[[params.ORG001.sets]]`` with an ``effective`` date) applies from its date on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.model.records import PROCUREMENT_MODES, Procurement
from rectikit.model.values import parse_enum


class ContractOverBudget(RecordCheck):
    """ORG001: contract amount > budget + ``tolerance`` for a purchase in ``modes``."""

    code = "ORG001"
    # Records whose budget or mode did not parse (DAT003) are not fed to this check.
    # contract may be blank (None): such purchases are not judged.
    needs = needs(procurement=("id", "budget", "mode", "contract"))

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        # Accept the canonical names (self, government) or the ledger's own words
        # (自行采购, 政府采购); a bad value stops this check with a one-line warning.
        self.modes = frozenset(parse_enum(mode, PROCUREMENT_MODES) for mode in self.params["modes"])

    def check(self, record: Procurement) -> Iterable[Breach]:
        if record.contract is None or record.mode not in self.modes:
            return ()
        tolerance = self.params_on(record.date)["tolerance"]
        excess = record.contract - record.budget
        if excess <= tolerance:
            return ()
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column("contract"),
                values={
                    "project": record.project,
                    "contract": record.contract,
                    "budget": record.budget,
                    "excess": excess,
                    "tolerance": tolerance,
                },
            ),
        )
