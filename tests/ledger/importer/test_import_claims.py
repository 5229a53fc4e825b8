"""Checking what a report claims: declared counts that the findings listed do not bear
out (LDG007, at import and in ``rectikit check``), completed findings whose text says
they are still planned or under way, and finding numbers that skip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import cli_no_traceback

from rectikit.ledger.files import load_ledger
from rectikit.ledger.importer import parse_report_text
from rectikit.ledger.importer.claims import _unfinished

REPORTS = Path(__file__).resolve().parent / "reports"
MISMATCH = REPORTS / "county_market_counts_mismatch.txt"


def test_import_reports_ldg007_and_still_writes_the_ledger(tmp_path: Path) -> None:
    target = tmp_path / "台账.toml"
    code, out, err = cli_no_traceback("ledger", "import", str(MISMATCH), "-o", str(target))
    assert code == 1  # like `rectikit check`: an error-level finding about the claims
    assert out.startswith(f"wrote {target}: 6 findings (4 completed, 2 effective)")
    lines = err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{target}: LDG007 [error] ") for line in lines)
    assert any("问题总数 7 个，按问题逐项统计为 6 个" in line for line in lines)
    assert any("“已完成”问题 5 个，按问题逐项统计为 4 个" in line for line in lines)
    assert "Traceback" not in err
    assert load_ledger(target).declared == {"total": 7, "completed": 5, "effective": 2}


def test_import_of_a_report_that_adds_up_is_clean(tmp_path: Path) -> None:
    target = tmp_path / "ledger.toml"
    code, _, err = cli_no_traceback(
        "ledger", "import", str(REPORTS / "district_water_gb18030.txt"), "-o", str(target)
    )
    assert (code, err) == (0, "")


def test_check_shows_ldg007_on_the_imported_ledger(tmp_path: Path) -> None:
    dataset = tmp_path / "台账"
    dataset.mkdir()
    target = dataset / "整改台账.toml"
    cli_no_traceback("ledger", "import", str(MISMATCH), "-o", str(target))
    code, out, _ = cli_no_traceback(
        "check", str(dataset), "--select", "LDG007", "--format", "text", "--as-of", "2024-09-30"
    )
    assert code == 1
    assert out.count("LDG007") == 2


def test_import_can_be_told_ldg007_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text('[severity]\nLDG007 = "warning"\n', encoding="utf-8")
    report = tmp_path / "report.txt"
    shutil.copy(MISMATCH, report)
    code, _, err = cli_no_traceback(
        "ledger", "import", str(report), "-o", str(tmp_path / "ledger.toml")
    )
    assert code == 0  # fail_on = error
    assert err.count("LDG007 [warning]") == 2


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("注册会计师行业党委拟于11月完成换届。", "注册会计师行业党委拟于11月完成换届"),
        ("拟出台《管理办法》。", "拟出台《管理办法》"),
        ("计划10月底完成全部培训。", "计划10月底完成全部培训"),
        ("正在编制服务指南。", "正在编制服务指南"),
        ("下一步将继续抓好落实。", "下一步将继续抓好落实"),
        ("相关制度尚未出台。", "相关制度尚未出台"),
        ("力争年内办结。", "力争年内办结"),
        # not a plan: 拟定 (drafted), 将 as the object marker, 计划 as a noun, 模拟
        ("工委已初步拟定《实施方案》。", None),
        ("将运用第一种形态情况作为述职述廉的重要内容。", None),
        ("制定班子成员调研计划方案，有计划地推进调研。", None),
        ("开展模拟演练。", None),
    ],
)
def test_words_that_say_not_done(text: str, flagged: str | None) -> None:
    found = _unfinished([(text, None)])
    assert (found[0] if found else None) == flagged


def test_completed_finding_saying_it_is_planned_is_a_warning(tmp_path: Path) -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "二、整改进展情况及成效\n"
        "（一）已完成的整改事项\n"
        "1.关于“制度不健全”问题的整改\n"
        "修订议事规则。\n"
        "2.关于“台账不规范”问题的整改\n"
        "一是规范台账格式。二是拟于12月开展台账检查。\n"
        "（二）按计划持续推进的整改事项\n"
        "1.关于“培训不到位”问题的整改\n"
        "计划11月举办培训班。\n"
    )
    result = parse_report_text(text)
    (warning,) = result.warnings  # only the completed finding, not the effective one
    assert warning.finding == "F02" and warning.where == "line 7"
    assert warning.message == (
        "finding 2 (F02) “台账不规范” is reported as completed but its text says "
        "“二是拟于12月开展台账检查”: review its status"
    )
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    for name in ("ledger.toml", "ledger.xlsx"):
        target = tmp_path / name
        code, _, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
        assert code == 0
        assert err == f"rectikit: warning: {report} (line 7): {warning.message}\n"
        ledger = load_ledger(target)
        if name.endswith(".toml"):
            assert list(ledger.extra["import"]["review"]) == [f"line 7: {warning.message}"]
        else:
            assert ledger.inspection.extra["import_review_1"] == f"line 7: {warning.message}"


def test_numbers_that_skip_or_repeat_are_warnings() -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "二、整改进展情况及成效\n"
        "（一）已完成的整改事项\n"
        "1.关于“甲”问题的整改\n"
        "做甲。\n"
        "2.关于“乙”问题的整改\n"
        "做乙。\n"
        "3、关于丙问题整改\n"  # a heading the importer does not read: its text goes to 乙
        "做丙。\n"
        "4.关于“丁”问题的整改\n"
        "做丁。\n"
        "4.关于“戊”问题的整改\n"
        "做戊。\n"
        "（二）按计划持续推进的整改事项\n"
        "1.关于“己”问题的整改\n"  # numbering starts again in a new group: fine
        "做己。\n"
    )
    result = parse_report_text(text)
    assert [f.title for f in result.ledger.findings] == ["甲", "乙", "丁", "戊", "己"]
    assert [str(w) for w in result.warnings] == [
        "line 10: finding numbering jumps from 2 to 4 (F02 -> F03): a finding heading may "
        "not have been recognised (its text would be under F02)",
        "line 12: finding numbering repeats (F03 -> F04): a finding heading may not have "
        "been recognised (its text would be under F03)",
    ]
    assert [m.text for m in result.ledger.findings[1].measures] == ["做乙。3、关于丙问题整改做丙。"]
