"""EXP rules (RULES.md "EXP"): inactive until configured, then what a violation says.

The pass/fail boundaries are data cases in ``tests/rules/cases/expenditures.toml``; these
tests cover the ``CFG001`` note of an unconfigured rule and the location, details and
message of a violation.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import pytest
from support import check_data, only

from rectikit.checks.expenditures import CHECKS, prior_step_missing
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.engine.packs import load_pack
from rectikit.plugins import Registry

CONFIGURED = {"params": {"EXP": {"report_threshold": "2万", "decision_threshold": "20万元"}}}


#: The rows checked with ``select`` (no data errors allowed; run warnings are not asserted).
run = partial(check_data, allow_warnings=True)


def test_pack_matches_the_catalog() -> None:
    rules = {rule.code: rule for rule in load_pack(builtin_pack("expenditures.toml"))}
    assert {code: (r.name, r.severity.value, r.kinds) for code, r in rules.items()} == {
        "EXP001": ("large-expense-not-prereported", "error", ("expenditures",)),
        "EXP002": ("large-expense-no-collective-decision", "error", ("expenditures",)),
    }
    assert rules["EXP001"].params["report_threshold"].required
    assert rules["EXP002"].params["decision_threshold"].required
    assert {check.code for check in CHECKS} == set(rules)


@pytest.mark.parametrize(
    ("step", "expected"),
    [(None, True), (date(2023, 8, 2), False), (date(2023, 8, 3), False), (date(2023, 8, 4), True)],
)
def test_prior_step_missing(step: date | None, expected: bool) -> None:
    assert prior_step_missing(step, date(2023, 8, 3)) is expected


@pytest.mark.parametrize("code", ["EXP001", "EXP002"])
def test_unconfigured_rule_is_a_cfg001_note(code: str, tmp_path: Path, registry: Registry) -> None:
    rows = [{"id": "E1", "item": "办公楼维修", "amount": "500万", "date": "2023-08-03"}]
    result = run(tmp_path, registry, {"大额开支": rows}, select=[code, "CFG001"])
    assert code in result.not_run
    assert code not in result.rules_run
    assert [v.code for v in result.violations] == ["CFG001"]
    note = result.violations[0]
    param = "report_threshold" if code == "EXP001" else "decision_threshold"
    assert (note.subject, note.severity.value) == (code, "info")
    assert note.details == {"rule": code, "params": param}
    assert param in note.message


def test_exp001_blank_report(tmp_path: Path, registry: Registry) -> None:
    rows = [
        {"id": "E1", "item": "会议费", "amount": "1.9万", "date": "2023-08-03"},
        {"id": "E2023-07", "item": "信息化设备购置", "amount": "5万元", "date": "2023/8/3"},
    ]
    v = only(
        run(tmp_path, registry, {"大额开支": rows}, select=["EXP001"], config=CONFIGURED), "EXP001"
    )
    assert v.subject == "E2023-07"
    assert (v.location.file, v.location.row, v.location.column) == ("大额开支.json", 2, "reported")
    assert v.details == {
        "item": "信息化设备购置",
        "amount": "50000",
        "date": "2023-08-03",
        "threshold": "20000",
    }
    assert v.message == (
        "“信息化设备购置”金额 50,000.00 元（发生日期 2023-08-03），"
        "达到事前报备标准 20,000.00 元，未事前报备"
    )
    assert v.citation.startswith("“三重一大”决策制度")


def test_exp002_late_decision_names_its_date(tmp_path: Path, registry: Registry) -> None:
    rows = [
        {
            "id": "E1",
            "item": "课题委托",
            "amount": "30万元",
            "date": "2023-08-03",
            "decided": "2023年8月10日",
        }
    ]
    config = {**CONFIGURED, "lang": "en"}
    v = only(
        run(tmp_path, registry, {"大额开支": rows}, select=["EXP002"], config=config), "EXP002"
    )
    assert v.location.column == "decided"
    assert v.details["decided"] == "2023-08-10"
    assert v.details["threshold"] == "200000"
    assert v.message == (
        "'课题委托' of 300,000.00 yuan (dated 2023-08-03) reaches the collective-decision "
        "threshold of 200,000.00 yuan but was only decided collectively on 2023-08-10, "
        "after it was made"
    )


def test_threshold_shown_is_the_one_in_force_on_the_date(
    tmp_path: Path, registry: Registry
) -> None:
    config = {
        "params": {
            "EXP": {
                "report_threshold": "2万",
                "sets": [{"effective": "2023-07-01", "report_threshold": "5万"}],
            }
        }
    }
    rows = [{"id": "E1", "item": "会议费", "amount": "3万", "date": "2023-06-30"}]
    v = only(
        run(tmp_path, registry, {"大额开支": rows}, select=["EXP001"], config=config), "EXP001"
    )
    assert v.details["threshold"] == "20000"
    assert "20,000.00 元" in v.message
