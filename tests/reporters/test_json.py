"""The JSON reporter writes each violation as the text of its dictionary, whatever it holds.

Violations are encoded without building their dictionaries (what a rule's violations
share is encoded once); these tests hold that text to ``json`` encoding the dictionary.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st
from support import example_violation

from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.json import JsonReporter

TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", '"', "\\", "\n", "\t", "\x00", "\u2028", "采购", "😀"]
)
LOCATIONS = st.builds(
    Location,
    file=TEXT,
    row=st.none() | st.integers(min_value=0, max_value=10**9),
    column=st.none() | TEXT,
    sheet=st.none() | TEXT,
    cell=st.none() | TEXT,
)
VIOLATIONS = st.builds(
    Violation,
    code=st.sampled_from(["PRC001", "ITG002", "MTG005", "X\u00e9"]),
    name=TEXT,
    severity=st.sampled_from(list(Severity)),
    kind=st.none() | TEXT,
    subject=TEXT,
    message=TEXT,
    location=LOCATIONS,
    citation=TEXT,
    details=st.dictionaries(TEXT, TEXT | st.integers() | st.none(), max_size=4),
)


def written(violations: list[Violation]) -> tuple[str, dict[str, Any]]:
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=len(violations),
        violations=tuple(violations),
        data_errors=(),
    )
    out = io.StringIO()
    JsonReporter().write(result, out)
    return out.getvalue(), json.loads(out.getvalue())


def lines(violations: list[Violation]) -> list[str]:
    text, _ = written(violations)
    return [line.strip().rstrip(",") for line in text.split("\n") if line.startswith("    {")]


@given(st.lists(VIOLATIONS, max_size=6))
def test_each_violation_is_the_json_of_its_dictionary(violations: list[Violation]) -> None:
    expected = [json.dumps(v.to_dict(), ensure_ascii=False) for v in violations]
    assert lines(violations) == expected
    _, document = written(violations)
    assert document["violations"] == [v.to_dict() for v in violations]


def test_violations_of_one_rule_share_their_head_but_not_their_own_values() -> None:
    first = Violation(
        code="PRC001",
        name="directed-over-limit",
        severity=Severity.ERROR,
        kind="procurement",
        subject="CG-1",
        message="项目 CG-1 超限",
        location=Location("采购台账.xlsx", 3, "budget", sheet="Sheet1", cell="C3"),
        citation="《政府采购内部控制规范》",
        details={"amount": "25000"},
    )
    second = attrs.evolve(first, subject="CG-2", severity=Severity.WARNING, details={})
    third = attrs.evolve(first, citation="另一规定", location=Location("a.csv"))
    assert lines([first, second, third]) == [
        json.dumps(v.to_dict(), ensure_ascii=False) for v in (first, second, third)
    ]


def test_a_violation_subclass_keeps_its_own_dictionary() -> None:
    @attrs.frozen(slots=True)
    class Tagged(Violation):
        def to_dict(self) -> dict[str, Any]:
            return {**super().to_dict(), "tag": "plugin"}

    tagged = example_violation(Tagged)
    _, document = written([tagged])
    assert document["violations"] == [tagged.to_dict()]
