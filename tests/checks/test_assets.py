"""AST rules (RULES.md "AST"): what qualifies as a fixed asset, and what a violation says.

The pass/fail boundaries are data cases in ``tests/rules/cases/assets.toml``.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from support import check_data

from rectikit.checks.assets import CHECKS, qualifies, threshold_for
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.engine.packs import Rule, load_pack, parse_pack
from rectikit.engine.timeline import ParamTimeline
from rectikit.plugins import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

THOUSAND = {"general": Decimal(1000), "special": Decimal(1000), "furniture": Decimal(1000)}


def test_pack_matches_the_catalog() -> None:
    rules = {rule.code: rule for rule in load_pack(builtin_pack("assets.toml"))}
    assert {code: (r.name, r.severity.value, r.kinds) for code, r in rules.items()} == {
        "AST001": ("fixed-asset-not-recorded", "error", ("assets",)),
        "AST002": ("fixed-asset-recorded-late", "warning", ("assets",)),
    }
    for rule in rules.values():
        assert rule.params["thresholds"].default == THOUSAND
        assert rule.params["record_days"].default == 30
        assert rule.param_sets == ()  # the dated example stays commented out
    assert {check.code for check in CHECKS} == set(rules)


def test_commented_example_sets_express_the_2012_edition() -> None:
    """Uncommented, the pack's example gives 专用设备 1500 from 2013 until 2023-03-01."""
    text = builtin_pack("assets.toml").read_text(encoding="utf-8")
    uncommented = re.sub(r"(?m)^# (\[\[sets\]\]|effective = |thresholds = )", r"\1", text)
    rule = load_pack_text(uncommented)
    timeline = ParamTimeline(
        {name: spec.default for name, spec in rule.params.items()}, rule.param_sets
    )
    assert len(rule.param_sets) == 2
    assert timeline.on(date(2020, 5, 1))["thresholds"]["special"] == Decimal(1500)
    assert timeline.on(date(2020, 5, 1))["thresholds"]["general"] == Decimal(1000)
    assert timeline.on(date(2023, 3, 1))["thresholds"] == THOUSAND


def load_pack_text(text: str) -> Rule:
    """The first rule of a pack given as text."""
    return parse_pack(tomllib.loads(text), name="assets.toml", source="test")[0]


@pytest.mark.parametrize(
    ("category", "thresholds", "expected"),
    [
        ("special", THOUSAND, Decimal(1000)),
        (None, {"general": Decimal(800)}, Decimal(800)),
        ("", {"general": Decimal(800)}, Decimal(800)),
        ("special", {"special": Decimal(1500)}, Decimal(1500)),
        ("furniture", {"special": Decimal(1500)}, Decimal(1000)),  # catalog figure
        ("other", {"special": Decimal(1500)}, None),
    ],
)
def test_threshold_for(
    category: str | None, thresholds: dict[str, Decimal], expected: Decimal | None
) -> None:
    assert threshold_for(category, thresholds, THOUSAND) == expected


@pytest.mark.parametrize(
    ("unit_value", "life_years", "expected"),
    [
        ("1000", None, True),
        ("1000", 2, True),
        ("1000", 1, False),
        ("1000", 0, False),
        ("999.99", None, False),
        ("999.99", 10, False),
    ],
)
def test_qualifies(unit_value: str, life_years: int | None, expected: bool) -> None:
    assert qualifies(Decimal(unit_value), life_years, Decimal(1000), 1) is expected
    assert qualifies(Decimal(unit_value), life_years, None, 1) is False


def test_violations_point_at_recorded_and_say_why(tmp_path: Path, registry: Registry) -> None:
    rows = [
        {"id": "A1", "item": "会议桌", "unit_value": "3200元", "category": "家具",
         "accepted": "2023-08-03", "recorded": ""},
        {"id": "A2", "item": "投影仪", "unit_value": "4800", "accepted": "2023/8/1",
         "recorded": "2023年9月5日"},
    ]  # fmt: skip
    result = check_data(tmp_path, registry, {"固定资产": rows}, select=["AST"], allow_warnings=True)
    found = {v.code: v for v in result.violations}
    assert set(found) == {"AST001", "AST002"}
    ast1, ast2 = found["AST001"], found["AST002"]
    assert (ast1.subject, ast1.location.row, ast1.location.column) == ("A1", 1, "recorded")
    assert ast1.details == {
        "item": "会议桌",
        "unit_value": "3200",
        "category": "furniture",
        "threshold": "1000",
        "accepted": "2023-08-03",
        "record_days": "30",
        "deadline": "2023-09-02",
    }
    assert ast1.message == (
        "“会议桌”单价 3,200.00 元（家具，标准 1,000.00 元），"
        "2023-08-03 验收，超过 30 天仍未登记入账"
    )
    assert (ast2.subject, ast2.location.row, ast2.severity.value) == ("A2", 2, "warning")
    assert ast2.details["deadline"] == "2023-08-31"
    assert ast2.details["late_days"] == "5"
    assert ast2.message.endswith("2023-09-05 才登记入账，超过 30 天期限 5 天")
