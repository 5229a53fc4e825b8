"""RWD001 (RULES.md "RWD"): what a cash reward to a unit reports.

The pass/fail cases are in ``tests/rules/cases/rewards.toml``.
"""

from __future__ import annotations

from pathlib import Path

from support import check_data

from rectikit.checks.rewards import CHECKS
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.engine.packs import load_pack
from rectikit.plugins import Registry


def test_pack_matches_the_catalog() -> None:
    (rule,) = load_pack(builtin_pack("rewards.toml"))
    assert (rule.code, rule.name, rule.severity.value, rule.kinds) == (
        "RWD001",
        "cash-reward-to-unit",
        "error",
        ("rewards",),
    )
    assert rule.params == {}
    assert "先进单位只通报表扬，不发放奖励费用" in rule.citation
    assert [check.code for check in CHECKS] == ["RWD001"]


def test_violation_points_at_the_amount(tmp_path: Path, registry: Registry) -> None:
    rows = [
        {"id": "R1", "recipient": "张三", "recipient_type": "个人", "amount": "500元",
         "date": "2023-12-20"},
        {"id": "R2", "recipient": "办公室", "recipient_type": "单位", "amount": "500元",
         "date": "2023年12月20日", "reason": "年度先进集体"},
    ]  # fmt: skip
    for lang, message in (
        ("zh", "向单位“办公室”发放奖励费用 500.00 元（2023-12-20）；"
               "先进单位只通报表扬，不发放奖励费用"),
        ("en", "a reward of 500.00 yuan was paid to the unit '办公室' (2023-12-20); "
               "units are commended in a circular only, without money"),
    ):  # fmt: skip
        result = check_data(
            tmp_path,
            registry,
            {"表彰": rows},
            select=["RWD001"],
            config={"lang": lang},
            allow_warnings=True,
        )
        (v,) = result.violations
        assert (v.subject, v.location.file, v.location.row, v.location.column) == (
            "R2",
            "表彰.json",
            2,
            "amount",
        )
        assert v.details == {"recipient": "办公室", "amount": "500", "date": "2023-12-20"}
        assert v.message == message
