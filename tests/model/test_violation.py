"""Violations, locations, breaches and diagnostics survive pickling between processes.

``--jobs`` sends them from forked workers to the main process as their constructors'
arguments; a subclass (a plugin's) keeps attrs' own pickling and its extra fields.
"""

from __future__ import annotations

import pickle
from decimal import Decimal

import attrs
import pytest
from support import example_violation

from rectikit.checks.base import Breach
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.readers.diagnostics import diag

LETTERS = {"budget": "C", "id": "A"}
PLACE = Location("采购台账.xlsx", 3, "budget", sheet="Sheet1", cell="C3", letters=LETTERS)


def roundtrip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


@pytest.mark.parametrize(
    "value",
    [
        PLACE,
        Location("a.csv"),
        example_violation(
            code="PRC001",
            name="directed-over-limit",
            severity=Severity.WARNING,
            subject="CG-1",
            message="项目 CG-1 超限",
            location=PLACE,
            citation="《政府采购内部控制规范》",
            details={"amount": "25000"},
        ),
        Breach(
            "CG-1", PLACE, {"amount": Decimal("2.50E+4")}, Severity.INFO, "procurement", "CFG001"
        ),
        Breach("CG-2", Location("b.csv", 2)),
        diag("DAT003", PLACE, "无法识别", "not valid", kind="procurement", subject="budget"),
    ],
)
def test_every_field_survives_pickling(value: object) -> None:
    back = roundtrip(value)
    assert type(back) is type(value)
    assert attrs.astuple(back, recurse=False) == attrs.astuple(value, recurse=False)


def test_the_letters_of_a_sheet_stay_shared_and_keep_filling_cells() -> None:
    first, second = roundtrip([PLACE, attrs.evolve(PLACE, row=4)])  # type: ignore[misc]
    assert first.letters == LETTERS and first.letters is second.letters
    assert second.with_column("id").cell == "A4"


def test_a_subclass_keeps_its_own_fields() -> None:
    @attrs.frozen(slots=True)
    class Tagged(Violation):
        tag: str = "plugin"

    tagged = example_violation(Tagged, tag="ours")
    globals()["Tagged"] = Tagged  # picklable by name, as a plugin's class is
    Tagged.__qualname__ = "Tagged"
    back = roundtrip(tagged)
    assert type(back) is Tagged and back.tag == "ours" and back == tagged
