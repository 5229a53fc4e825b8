"""The bundled example shows exactly the violations its README promises."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

import rectikit
from rectikit.ledger.files import load_ledger
from rectikit.ledger.report import build_report, render_markdown
from rectikit.model.ledger import Status

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CITY = EXAMPLES / "city-committee"

EXPECTED = {
    ("PRC001", "CG2023-003", "error"),
    ("PRC002", "CG2023-004", "error"),
    ("PRC002", "CG2023-013", "info"),
    ("PRC003", "CG2023-005", "error"),
    ("PRC005", "BL-001+CG2023-007", "warning"),
    ("ELC001", "DZ02", "error"),
    ("ELC002", "DZ03", "error"),
    ("ELC003", "DZ10", "info"),
    ("ELC004", "DZ01", "warning"),
    ("ITG001", "林晓燕|马骏|2023", "error"),
    ("ITG002", "林晓燕|马骏|2023H2", "warning"),
    ("ITG002", "周明华|孙梦婷|2023H1", "warning"),
    ("LDG004", "F15-1", "error"),
    ("LDG004", "F16-2", "error"),
    ("LDG004", "F21-2", "error"),
    ("LDG009", "F15#巡学旁听单位数", "error"),
    # the kinds of the full catalog: 三会一课, notices, expenditures, appointments, assets,
    # rewards and dual organizational life (see the example's README)
    ("ITG003", "DZ05|2023Q2", "warning"),
    ("ITG004", "清明|2023", "warning"),
    ("ITG004", "元旦|2023", "warning"),
    ("MTG001", "DZ09|2023Q3", "warning"),
    ("MTG002", "DZ05|2023-08", "warning"),
    ("MTG003", "DZ10|2023-05", "warning"),
    ("MTG004", "DZ01|2023Q2", "warning"),
    ("MTG005", "DZ05|2023-02", "warning"),
    ("MTG006", "DZ09|2023", "warning"),
    ("MTG007", "DZ01|2023", "warning"),
    ("DUL001", "周明华|2023Q3", "warning"),
    ("DUL002", "林晓燕|2023Q2", "warning"),
    ("EXP001", "ZC2023-02", "error"),
    ("EXP002", "ZC2023-03", "error"),
    ("APT001", "RM2023-03", "error"),
    ("APT001", "RM2023-05", "error"),
    ("APT002", "RM2023-04", "error"),
    ("APT003", "RM2023-02", "error"),
    ("AST001", "ZC-002", "error"),
    ("AST002", "ZC-004", "warning"),
    ("RWD001", "JL2023-02", "error"),
}


def test_city_committee_violations() -> None:
    result = rectikit.check(CITY, as_of="2023-12-31")
    found = {(v.code, v.subject, v.severity.value) for v in result.violations}
    assert found == EXPECTED
    assert sorted((e.code, e.location.file, e.location.row) for e in result.data_errors) == [
        ("DAT003", "采购台账.xlsx", 10),  # a date that does not exist: 2023年9月31日
        ("DAT006", "三会一课.csv", 74),  # a meeting of an organization not in 党组织.csv
    ]
    assert result.not_run == {}
    assert set(result.rules_run) >= {code for code, _, _ in EXPECTED}


def test_city_committee_ledger_matches_the_report() -> None:
    ledger = load_ledger(CITY / "ledger.toml")
    counts = ledger.counts()
    assert (counts["total"], counts["completed"], counts["effective"]) == (25, 8, 17)
    assert dict(ledger.declared) == {"total": 25, "completed": 8, "effective": 17}
    assert all(
        m.is_done and m.evidence
        for f in ledger.findings
        if f.effective_status is Status.COMPLETED
        for m in f.measures
    )
    text = render_markdown(build_report(ledger))
    assert "巡察反馈的25个具体问题，已完成整改8个，已取得明显成效17个" in text
    assert text.count("问题的整改") == 25
    assert "### （一）集中整改期内已完成的整改事项" in text
    assert "### （二）按计划持续推进的整改事项" in text
    assert "## 三、下一步工作打算" in text


def test_library_usage_script_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLES / "library_usage.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "PRC001" in out and "CG2023-003" in out
