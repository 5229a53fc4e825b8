"""The check-to-ledger loop on models: add, complete, reopen, leave alone."""

from __future__ import annotations

from datetime import date

import pytest

from rectikit.engine.config import LedgerSettings
from rectikit.engine.result import CheckResult
from rectikit.ledger.sync import input_digest, sync_ledger
from rectikit.model.ledger import Finding, Ledger, Measure, Status
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.plugins import build_registry

AS_OF = date(2023, 12, 31)


@pytest.fixture(scope="module")
def rules():
    return build_registry(builtins_only=True).rules


def violation(code: str, subject: str, row: int = 2) -> Violation:
    return Violation(
        code=code,
        name="x",
        severity=Severity.ERROR,
        kind="procurement",
        subject=subject,
        message=f"{code} {subject} 违规",
        location=Location("采购台账.csv", row, "budget"),
    )


def result(
    *violations: Violation, ran: tuple[str, ...] = ("PRC001", "PRC002"), as_of: date = AS_OF
) -> CheckResult:
    return CheckResult(
        as_of=as_of,
        since=date(as_of.year, 1, 1),
        records=10,
        violations=violations,
        data_errors=(),
        rules_run=ran,
    )


SETTINGS = LedgerSettings(owner="分管副书记", units=("办公室",), deadline_days=30)


def test_new_violations_become_findings(rules) -> None:
    ledger, report = sync_ledger(
        Ledger(),
        result(violation("PRC001", "P2"), violation("PRC002", "P4", 5)),
        rules,
        SETTINGS,
        digest="abc",
        files=3,
    )
    assert report.added == ("R001", "R002")
    first = ledger.finding("R001")
    assert first.source == "PRC001:P2"
    assert first.title == "定向采购超过限额（P2）"
    assert first.owner == "分管副书记" and first.units == ("办公室",)
    assert first.deadline == date(2024, 1, 30)
    assert first.effective_status is Status.PENDING
    (measure,) = first.measures
    assert measure.id == "R001-1" and measure.due == date(2024, 1, 30)
    assert measure.text == rules["PRC001"].text("remedy", "zh")
    assert first.extra["where"] == "采购台账.csv:2"


def test_nothing_is_duplicated_on_a_second_run(rules) -> None:
    once, _ = sync_ledger(Ledger(), result(violation("PRC001", "P2")), rules, SETTINGS)
    twice, report = sync_ledger(once, result(violation("PRC001", "P2")), rules, SETTINGS)
    assert not report.changed
    assert twice == once


def test_gone_violation_completes_with_evidence_but_never_verifies(rules) -> None:
    once, _ = sync_ledger(Ledger(), result(violation("PRC001", "P2")), rules, SETTINGS)
    later = date(2024, 1, 15)
    fixed, report = sync_ledger(
        once, result(as_of=later), rules, SETTINGS, digest="0123456789abcdef", files=4
    )
    assert report.completed == ("R001",)
    finding = fixed.finding("R001")
    assert finding.status is Status.COMPLETED
    (measure,) = finding.measures
    assert measure.done == later
    assert "rectikit check 2024-01-15" in measure.evidence[0]
    assert "0123456789abcdef" in measure.evidence[0] and "4 个文件" in measure.evidence[0]


def test_rule_that_did_not_run_leaves_its_findings_alone(rules) -> None:
    once, _ = sync_ledger(Ledger(), result(violation("PRC001", "P2")), rules, SETTINGS)
    same, report = sync_ledger(once, result(ran=("PRC002",)), rules, SETTINGS)
    assert not report.changed and same == once


def test_violation_that_comes_back_reopens(rules) -> None:
    once, _ = sync_ledger(Ledger(), result(violation("PRC001", "P2")), rules, SETTINGS)
    fixed, _ = sync_ledger(once, result(as_of=date(2024, 1, 15)), rules, SETTINGS)
    back, report = sync_ledger(
        fixed, result(violation("PRC001", "P2"), as_of=date(2024, 3, 1)), rules, SETTINGS
    )
    assert report.reopened == ("R001",)
    finding = back.finding("R001")
    assert finding.status is Status.IN_PROGRESS
    assert [m.id for m in finding.measures] == ["R001-1", "R001-2"]
    assert finding.measures[-1].due == date(2024, 3, 31)
    assert not finding.measures[-1].is_done


def test_verified_finding_reopens_too_when_the_violation_is_back(rules) -> None:
    once, _ = sync_ledger(Ledger(), result(violation("PRC001", "P2")), rules, SETTINGS)
    verified = once.replace_finding(
        Finding(**{**_fields(once.finding("R001")), "status": Status.VERIFIED})
    )
    _, report = sync_ledger(verified, result(violation("PRC001", "P2")), rules, SETTINGS)
    assert report.reopened == ("R001",)


def _fields(finding: Finding) -> dict:
    import attrs

    return attrs.asdict(finding, recurse=False)


def test_other_sources_and_diagnostics_are_never_touched(rules) -> None:
    inspection = Finding(
        id="F01",
        title="工委专题研究全面从严治党不到位",
        source="inspection",
        measures=(Measure(id="F01-1", text="召开专题会议"),),
    )
    other = Finding(id="X1", title="外部工具", source="OTHER9:zz")
    ledger = Ledger(findings=(inspection, other))
    data = violation("DAT003", "budget")
    ledger_rule = violation("LDG004", "F01-1")
    updated, report = sync_ledger(ledger, result(data, ledger_rule), rules, SETTINGS)
    assert not report.changed
    assert updated.findings == (inspection, other)


def test_ids_continue_after_existing_ones(rules) -> None:
    existing = Ledger(findings=(Finding(id="R007", source="PRC001:P1"), Finding(id="F01")))
    _, report = sync_ledger(
        existing, result(violation("PRC001", "P1"), violation("PRC002", "P9")), rules, SETTINGS
    )
    assert report.added == ("R008",)


def test_input_digest_changes_with_content(tmp_path) -> None:
    data = tmp_path / "a.csv"
    data.write_text("x\n", encoding="utf-8")
    first = input_digest([data])
    assert first == input_digest([data]) and len(first) == 16
    data.write_text("y\n", encoding="utf-8")
    assert input_digest([data]) != first
