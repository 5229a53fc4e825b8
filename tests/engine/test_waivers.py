"""Waivers with expiry: waived violations, WVR001 (expired) and WVR002 (unused).

On the example dataset (``examples/city-committee`` as of 2023-12-31) and on small
datasets written by the tests.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from support import cli, cli_no_traceback

import rectikit
from rectikit.engine.config import ConfigError, parse_config
from rectikit.engine.result import CheckResult
from rectikit.engine.suppress import (
    EXPIRY_NOTICE_DAYS,
    Waiver,
    apply_suppressions,
    header_lines,
    load_waivers,
)
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.plugins import Registry

CITY = Path(__file__).resolve().parents[2] / "examples" / "city-committee"
AS_OF = "2023-12-31"


def waiver(code: str, subject: str, expiry: str | None = "2024-06-30", **extra: str) -> str:
    """One ``[[waiver]]`` table."""
    lines = [
        "[[waiver]]",
        f'code = "{code}"',
        f'subject = "{subject}"',
        f'reason = "{extra.get("reason", "工委会2023年第5次会议同意")}"',
        f'approver = "{extra.get("approver", "工委书记")}"',
    ]
    if expiry is not None:
        lines.append(f"expiry = {expiry}")
    return "\n".join(lines) + "\n\n"


def write(tmp_path: Path, *tables: str, name: str = "waivers.toml") -> Path:
    path = tmp_path / name
    path.write_text("".join(tables), encoding="utf-8")
    return path


def city(registry: Registry, waivers: Path | None, **options: object) -> CheckResult:
    options.setdefault("as_of", AS_OF)
    return rectikit.check(CITY, registry=registry, waivers=waivers, **options)  # type: ignore[arg-type]


def found(result: CheckResult, code: str) -> list[str]:
    return sorted(v.subject for v in result.violations if v.code == code)


def waived(result: CheckResult) -> list[tuple[str, str]]:
    return sorted((w.violation.code, w.violation.subject) for w in result.waived_list)


# -- the example dataset -----------------------------------------------------------------


def test_exact_subject_is_waived_not_counted(registry: Registry, tmp_path: Path) -> None:
    plain = city(registry, None)
    result = city(registry, write(tmp_path, waiver("PRC002", "CG2023-013")))
    assert found(plain, "PRC002") == ["CG2023-004", "CG2023-013"]
    assert found(result, "PRC002") == ["CG2023-004"]
    assert waived(result) == [("PRC002", "CG2023-013")]
    summary = result.summary()
    assert summary["waived"] == 1
    assert summary["violations"] == plain.summary()["violations"] - 1
    assert summary["by_severity"]["info"] == plain.summary()["by_severity"]["info"] - 1
    item = result.waived_list[0]
    assert (item.reason, item.approver, item.expiry) == (
        "工委会2023年第5次会议同意",
        "工委书记",
        date(2024, 6, 30),
    )
    assert not any(v.code.startswith("WVR") for v in result.violations)
    assert {"WVR001", "WVR002"} <= set(result.rules_run)
    assert not result.not_run  # the waiver rules are never "not run"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("CG2023-*", [("PRC002", "CG2023-004"), ("PRC002", "CG2023-013")]),
        ("CG2023-01?", [("PRC002", "CG2023-013")]),
        ("*", [("PRC002", "CG2023-004"), ("PRC002", "CG2023-013")]),
    ],
)
def test_subject_patterns(
    registry: Registry, tmp_path: Path, subject: str, expected: list[tuple[str, str]]
) -> None:
    result = city(registry, write(tmp_path, waiver("PRC002", subject)))
    assert waived(result) == expected
    assert found(result, "PRC002") == sorted(
        {"CG2023-004", "CG2023-013"} - {s for _, s in expected}
    )


def test_pattern_over_composite_subjects(registry: Registry, tmp_path: Path) -> None:
    # 林晓燕|马骏|2023H2 and 周明华|孙梦婷|2023H1: a leader's talks in any half-year
    result = city(registry, write(tmp_path, waiver("ITG002", "林晓燕|*|2023H?")))
    assert waived(result) == [("ITG002", "林晓燕|马骏|2023H2")]
    assert found(result, "ITG002") == ["周明华|孙梦婷|2023H1"]


def test_expired_waiver_is_wvr001_and_the_violation_is_back(
    registry: Registry, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        waiver("PRC001", "CG2023-003"),
        waiver("PRC002", "CG2023-013", expiry="2023-12-30", approver="工委副书记"),
    )
    result = city(registry, path)
    assert found(result, "PRC002") == ["CG2023-004", "CG2023-013"]
    assert waived(result) == [("PRC001", "CG2023-003")]
    (note,) = [v for v in result.violations if v.code == "WVR001"]
    assert note.subject == "PRC002|CG2023-013"
    assert note.severity is Severity.WARNING and note.name == "waiver-expired"
    # located at the waiver's [[waiver]] header in its file (the second table: line 8)
    assert note.location == Location("waivers.toml", row=8, column="expiry")
    assert "2023-12-30" in note.message and "工委副书记" in note.message
    assert note.details["waiver"] == "2" and note.details["expiry"] == "2023-12-30"
    assert note.citation
    assert not [v for v in result.violations if v.code == "WVR002"]


def test_a_waiver_applies_on_its_expiry_day(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path, waiver("PRC002", "CG2023-013", expiry="2023-12-31"))
    assert waived(city(registry, path)) == [("PRC002", "CG2023-013")]
    later = city(registry, path, as_of="2024-01-01")
    assert found(later, "WVR001") == ["PRC002|CG2023-013"]
    assert "CG2023-013" in found(later, "PRC002")


@pytest.mark.parametrize(
    ("expiry", "warned"),
    [
        ("2023-12-31", True),  # expires today: 0 days left
        ("2024-01-30", True),  # exactly 30 days left
        ("2024-01-31", False),  # 31 days left
    ],
)
def test_near_expiry_is_a_run_warning(
    registry: Registry, tmp_path: Path, expiry: str, warned: bool
) -> None:
    assert EXPIRY_NOTICE_DAYS == 30
    result = city(registry, write(tmp_path, waiver("PRC002", "CG2023-013", expiry=expiry)))
    assert waived(result) == [("PRC002", "CG2023-013")]  # it still applies
    notes = [w for w in result.warnings if "expires on" in w]
    if warned:
        (note,) = notes
        days = (date.fromisoformat(expiry) - date(2023, 12, 31)).days
        assert f"expires on {expiry}, in {days} days" in note
        assert note.startswith("waivers.toml:1: waiver #1 (PRC002)")
    else:
        assert notes == []
    assert not any(v.code.startswith("WVR") for v in result.violations)


def test_near_expiry_warning_on_stderr(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path, waiver("PRC002", "CG2023-013", expiry="2024-01-15"))
    code, _, err = cli_no_traceback(
        "check", str(CITY), "--as-of", AS_OF, "--format", "json", "--waivers", str(path)
    )
    assert code == 1
    assert re.search(r"rectikit: warning: .*waiver #1 \(PRC002\) expires on 2024-01-15", err)


def test_unused_waiver_is_wvr002(registry: Registry, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        waiver("PRC002", "CG2023-013"),
        waiver("PRC002", "CG2023-099", expiry=None),
        waiver("PRC001", "CG2099-*"),
    )
    result = city(registry, path)
    assert found(result, "WVR002") == ["PRC001|CG2099-*", "PRC002|CG2023-099"]
    by_subject = {v.subject: v for v in result.violations if v.code == "WVR002"}
    note = by_subject["PRC002|CG2023-099"]
    assert note.severity is Severity.WARNING and note.name == "unused-waiver"
    assert note.location == Location("waivers.toml", row=8, column="subject")
    assert "工委书记" in note.message
    assert waived(result) == [("PRC002", "CG2023-013")]


def test_no_wvr002_for_a_rule_that_did_not_run(registry: Registry, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "采购台账.csv").write_text(
        "编号,项目名称,预算金额,组织形式,采购方式,采购日期\n"
        "P1,会议服务,5万,自行采购,定向采购,2023-08-03\n",
        encoding="utf-8",
    )
    path = write(
        tmp_path,
        waiver("EXP001", "ZC2023-02"),  # no expenditures file: EXP001 did not run
        waiver("PRC002", "P9"),  # PRC002 ran and found nothing: unused
        waiver("ORG123", "X"),  # no such rule
    )
    result = rectikit.check(data, as_of=AS_OF, registry=registry, waivers=path)
    assert "EXP001" in result.not_run
    assert found(result, "WVR002") == ["PRC002|P9"]
    assert any("ORG123 is not a known rule" in w for w in result.warnings)
    # a rule not selected did not run either
    narrow = rectikit.check(
        data, as_of=AS_OF, registry=registry, waivers=path, select=["PRC001", "WVR"]
    )
    assert found(narrow, "WVR002") == []


def test_wvr_follows_select_and_ignore(registry: Registry, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        waiver("PRC002", "CG2023-013", expiry="2023-06-30"),
        waiver("PRC002", "CG2023-099"),
    )
    both = city(registry, path)
    assert (found(both, "WVR001"), found(both, "WVR002")) == (
        ["PRC002|CG2023-013"],
        ["PRC002|CG2023-099"],
    )
    ignored = city(registry, path, ignore=["WVR002"])
    assert found(ignored, "WVR001") and not found(ignored, "WVR002")
    assert "WVR002" not in ignored.rules_run and "WVR002" not in ignored.not_run
    # --select PRC drops the WVR rules too (they are not diagnostics); the expired
    # waiver still stops applying
    prc = city(registry, path, select=["PRC"])
    assert not any(v.code.startswith("WVR") for v in prc.violations)
    assert "CG2023-013" in found(prc, "PRC002")
    assert not any(c.startswith("WVR") for c in (*prc.rules_run, *prc.not_run))
    extended = city(registry, path, select=["PRC"], extend_select=["WVR001"])
    assert found(extended, "WVR001") and not found(extended, "WVR002")


def test_severity_override_and_fail_on(registry: Registry, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "采购台账.csv").write_text(
        "编号,项目名称,预算金额,组织形式,采购方式,采购日期\n", encoding="utf-8"
    )
    path = write(tmp_path, waiver("PRC001", "P1"))
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--waivers", str(path))
    assert code == 0 and "WVR002" in out  # a warning: does not fail by default
    code, _, _ = cli(
        "check", str(data), "--as-of", AS_OF, "--waivers", str(path), "--fail-on", "warning"
    )
    assert code == 1
    config = parse_config({"severity": {"WVR002": "error"}})
    result = rectikit.check(data, as_of=AS_OF, registry=registry, waivers=path, config=config)
    assert [v.severity for v in result.violations] == [Severity.ERROR]


def test_overlapping_waivers_exact_wins_and_both_are_used(
    registry: Registry, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        waiver("PRC002", "CG2023-*", reason="整批例外"),
        waiver("PRC002", "CG2023-013", reason="单项例外"),
    )
    result = city(registry, path)
    reasons = {w.violation.subject: w.reason for w in result.waived_list}
    assert reasons == {"CG2023-004": "整批例外", "CG2023-013": "单项例外"}
    assert not found(result, "WVR002")


# -- config [[waiver]] tables ------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "采购台账.csv").write_text(
        "编号,项目名称,预算金额,组织形式,采购方式,采购日期\n"
        "P1,会议服务,5万,自行采购,定向采购,2023-08-03\n"
        "P2,培训服务,6万,自行采购,定向采购,2023-08-05\n"
        "P3,印刷服务,7万,自行采购,定向采购,2023-08-07\n",
        encoding="utf-8",
    )
    return folder


def test_config_waivers_and_a_waiver_file_add_up(
    registry: Registry, data: Path, tmp_path: Path
) -> None:
    (data / "rectikit.toml").write_text(
        'select = ["PRC001", "WVR"]\n\n' + waiver("PRC001", "P1") + waiver("PRC001", "P9"),
        encoding="utf-8",
    )
    path = write(tmp_path, waiver("PRC001", "P2"))
    result = rectikit.check(data, as_of=AS_OF, registry=registry, waivers=path)
    assert waived(result) == [("PRC001", "P1"), ("PRC001", "P2")]
    assert found(result, "PRC001") == ["P3"]
    (unused,) = [v for v in result.violations if v.code == "WVR002"]
    assert unused.location == Location("rectikit.toml", row=10, column="subject")
    assert unused.details["waiver"] == "2"
    # the config's waivers apply without a waiver file too
    alone = rectikit.check(data, as_of=AS_OF, registry=registry)
    assert waived(alone) == [("PRC001", "P1")]


def test_config_waivers_with_a_configured_waiver_file(registry: Registry, data: Path) -> None:
    (data / "more.toml").write_text(waiver("PRC001", "P3"), encoding="utf-8")
    (data / "rectikit.toml").write_text(
        'waivers = "more.toml"\n\n' + waiver("PRC001", "P1"), encoding="utf-8"
    )
    result = rectikit.check(data, as_of=AS_OF, registry=registry, select=["PRC001"])
    assert waived(result) == [("PRC001", "P1"), ("PRC001", "P3")]
    assert not result.data_errors


def test_pyproject_waivers(registry: Registry, data: Path) -> None:
    (data / "pyproject.toml").write_text(
        "[tool.rectikit]\n"
        'select = ["PRC001", "WVR"]\n\n'
        "[[tool.rectikit.waiver]]\n"
        'code = "PRC001"\nsubject = "P2"\nreason = "同意"\napprover = "工委书记"\n'
        "expiry = 2023-01-31\n",
        encoding="utf-8",
    )
    result = rectikit.check(data, as_of=AS_OF, registry=registry)
    assert found(result, "PRC001") == ["P1", "P2", "P3"]
    (note,) = [v for v in result.violations if v.code == "WVR001"]
    assert note.location == Location("pyproject.toml", row=4, column="expiry")
    (data / "pyproject.toml").write_text(
        '[tool.rectikit]\n\n[[tool.rectikit.waiver]]\ncode = "PRC001"\n', encoding="utf-8"
    )
    code, _, err = cli_no_traceback("check", str(data))
    assert code == 2
    assert "tool.rectikit.waiver #1: missing subject, reason, approver" in err


VALID = waiver("PRC001", "P2")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (VALID + waiver("PRC001", "P1") + 'colour = "red"\n', "waiver #2: unknown key 'colour'"),
        (VALID + '[[waiver]]\ncode = "PRC001"\nsubject = "P1"\n', "#2: missing reason, approver"),
        (VALID + waiver("PRC001", "P1", expiry='"明年"'), "#2: expiry is not a date: '明年'"),
        (VALID + waiver("PRC001", "P1", expiry="20240630"), "#2: expiry is not a date"),
        (VALID + waiver("PRC001", "P1", expiry='"2024-02-30"'), "#2: expiry is not a date"),
        (VALID + waiver("DAT003", "x"), "waiver #2: DAT003 cannot be waived"),
        (VALID + waiver("WVR002", "PRC001|P1"), "waiver #2: WVR002 cannot be waived"),
        (VALID + waiver("PRC*", "P1"), "waiver #2: code 'PRC*' is not a rule code"),
        (
            VALID + '[[waiver]]\ncode = "PRC001"\nsubject = 13\nreason = "r"\napprover = "a"\n',
            "waiver #2: 'subject' must be text",
        ),
        ('waiver = "PRC001"\n', "'waiver' must be [[waiver]] tables"),
        ("waiver = [1]\n", "waiver #1: must be a table"),
    ],
)
def test_bad_config_waivers_are_one_line_errors(data: Path, body: str, message: str) -> None:
    config = data / "rectikit.toml"
    config.write_text(body, encoding="utf-8")
    code, out, err = cli_no_traceback("check", str(data))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"{config}: " in err and message in err


def test_bad_waiver_file_names_the_file_and_the_index(data: Path, tmp_path: Path) -> None:
    path = write(tmp_path, waiver("PRC001", "P1"), waiver("PRC001", "P2", expiry='"下月"'))
    code, _, err = cli_no_traceback("check", str(data), "--waivers", str(path))
    assert code == 2
    assert err.strip().endswith(f"{path}: waiver #2: expiry is not a date: '下月'")


def test_waivers_key_must_be_a_file_name(data: Path) -> None:
    (data / "rectikit.toml").write_text("[[waivers]]\ncode = 'PRC001'\n", encoding="utf-8")
    code, _, err = cli_no_traceback("check", str(data))
    assert code == 2 and "[[waiver]] tables" in err


# -- reports ---------------------------------------------------------------------------


def test_json_lists_waived_and_wvr_violations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        waiver("PRC002", "CG2023-013"),
        waiver("PRC001", "CG2023-003", expiry="2023-06-30"),
        waiver("PRC003", "CG2023-099", expiry=None),
    )
    code, out, _ = cli_no_traceback(
        "check", str(CITY), "--as-of", AS_OF, "--format", "json", "--waivers", str(path)
    )
    assert code == 1
    report = json.loads(out)
    assert report["summary"]["waived"] == 1
    assert report["summary"]["by_code"]["WVR001"] == 1
    assert report["summary"]["by_code"]["WVR002"] == 1
    (item,) = report["waived"]
    assert item["code"] == "PRC002" and item["subject"] == "CG2023-013"
    assert item["severity"] == "info" and item["location"]["file"] == "采购台账.xlsx"
    assert item["waiver"] == {
        "reason": "工委会2023年第5次会议同意",
        "approver": "工委书记",
        "expiry": "2024-06-30",
        "days_left": 182,
        "expiring": False,
    }
    notes = {v["code"]: v for v in report["violations"] if v["code"].startswith("WVR")}
    assert notes["WVR001"]["subject"] == "PRC001|CG2023-003"
    assert notes["WVR001"]["location"] == {"file": "waivers.toml", "row": 8, "column": "expiry"}
    assert notes["WVR002"]["subject"] == "PRC003|CG2023-099"
    assert notes["WVR002"]["details"]["rule"] == "PRC003"
    assert "PRC001" in {v["code"] for v in report["violations"]}  # back after expiry


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "junit", "html"])
def test_wvr_violations_appear_in_every_text_format(tmp_path: Path, fmt: str) -> None:
    path = write(tmp_path, waiver("PRC002", "CG2023-013", expiry="2023-06-30"))
    code, out, _ = cli_no_traceback(
        "check", str(CITY), "--as-of", AS_OF, "--format", fmt, "--waivers", str(path)
    )
    assert code == 1 and "WVR001" in out


def test_wvr_violations_in_the_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = write(tmp_path, waiver("PRC002", "CG2023-013", expiry="2023-06-30"))
    book = tmp_path / "report.xlsx"
    cli_no_traceback("check", str(CITY), "--as-of", AS_OF, "--waivers", str(path), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
    assert "WVR001" in cells


def test_redact_masks_names_in_waived_and_wvr_violations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        waiver("ITG001", "林晓燕|马骏|2023"),
        waiver("ITG002", "周明华|孙梦婷|2023H1", expiry="2023-06-30"),
        waiver("ITG002", "林晓燕|赵丽|*"),
    )
    code, out, _ = cli_no_traceback(
        "check",
        str(CITY),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--waivers",
        str(path),
        "--redact",
    )
    assert code == 1
    for name in ("林晓燕", "马骏", "周明华", "孙梦婷", "赵丽"):
        assert name not in out, name
    report = json.loads(out)
    (item,) = report["waived"]
    assert item["code"] == "ITG001" and re.fullmatch(
        r"人员[A-Z]+\|人员[A-Z]+\|2023", item["subject"]
    )
    subjects = {
        v["code"]: v["subject"] for v in report["violations"] if v["code"] in ("WVR001", "WVR002")
    }
    assert re.fullmatch(r"ITG002\|人员[A-Z]+\|人员[A-Z]+\|2023H1", subjects["WVR001"])
    assert re.fullmatch(r"ITG002\|人员[A-Z]+\|人员[A-Z]+\|\*", subjects["WVR002"])


def test_wvr_is_never_baselined(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path, waiver("PRC002", "CG2023-099"))
    baseline = tmp_path / "baseline.json"
    cli(
        "check",
        str(CITY),
        "--as-of",
        AS_OF,
        "--waivers",
        str(path),
        "--format",
        "text",
        "--write-baseline",
        str(baseline),
    )
    assert ("WVR002", "PRC002|CG2023-099") in {
        (v["code"], v["subject"]) for v in json.loads(baseline.read_text("utf-8"))["violations"]
    }
    result = city(registry, path, baseline=baseline)
    assert found(result, "WVR002") == ["PRC002|CG2023-099"]
    assert not [v for v in result.violations if not v.code.startswith("WVR")]


def test_rules_explains_the_waiver_rules() -> None:
    code, out, _ = cli_no_traceback("rules", "WVR001", "--no-plugins")
    assert code == 0 and out.startswith("WVR001 waiver-expired")
    assert "example (fail):" in out and "expiry = 2023-06-30" in out


# -- units -----------------------------------------------------------------------------


def violation(code: str, subject: str) -> Violation:
    return Violation(
        code=code,
        name="x",
        severity=Severity.ERROR,
        kind=None,
        subject=subject,
        message="m",
        location=Location("f.csv", 2),
    )


@pytest.mark.parametrize(
    ("pattern", "subject", "covers"),
    [
        ("CG2023-013", "CG2023-013", True),
        ("CG2023-013", "CG2023-0131", False),
        ("CG2023-*", "CG2023-013", True),
        ("CG2023-*", "CG2024-013", False),
        ("谢军|*|2023", "谢军|王芳|2023", True),
        ("谢军|*|2023", "谢军|王芳|2023H1", False),
        ("*|2023H?", "谢军|王芳|2023H2", True),
        ("?", "ab", False),
        ("[a]", "[a]", True),  # brackets are not classes: every other character is itself
        ("[a]", "a", False),
        ("a.b", "axb", False),
    ],
)
def test_waiver_patterns(pattern: str, subject: str, covers: bool) -> None:
    w = Waiver("PRC001", pattern, "r", "a")
    assert w.covers(violation("PRC001", subject)) is covers
    assert not w.covers(violation("PRC002", subject))


def test_header_lines_skip_multiline_strings_and_inline_tables(tmp_path: Path) -> None:
    text = (
        '[[waiver]]\ncode = "PRC001"\nsubject = "P1"\n'
        'reason = """\n[[waiver]]\n"""\napprover = "a"\n'
        "\n  [[ waiver ]]  # second\n"
        'code = "PRC001"\nsubject = "P2"\nreason = "r"\napprover = "a"\n'
    )
    assert header_lines(text, "waiver") == [1, 9]
    assert [w.line for w in load_waivers(write(tmp_path, text))] == [1, 9]
    inline = write(
        tmp_path,
        'waiver = [{code = "PRC001", subject = "P1", reason = "r", approver = "a"}]\n',
        name="inline.toml",
    )
    (only,) = load_waivers(inline)
    assert only.line is None and only.index == 1 and only.where == "inline.toml: waiver #1"


def test_apply_without_rules_warns_for_expired_waivers() -> None:
    result = CheckResult(
        as_of=date(2024, 1, 1),
        since=date(2024, 1, 1),
        records=1,
        violations=(violation("PRC001", "P1"),),
        data_errors=(),
    )
    expired = Waiver("PRC001", "P1", "r", "a", date(2023, 12, 31), "w.toml", 1)
    out = apply_suppressions(result, waivers=[expired])
    assert [v.subject for v in out.violations] == ["P1"]
    assert out.warnings == (
        "w.toml: waiver #1 (PRC001) expired on 2023-12-31; its violations are reported again",
    )


def test_config_error_names_config_index() -> None:
    with pytest.raises(ConfigError, match=r"^config: waiver #1: missing approver$"):
        parse_config({"waiver": [{"code": "PRC001", "subject": "P1", "reason": "r"}]})
    config = parse_config(
        {"waiver": [{"code": "prc001", "subject": " P1 ", "reason": "r", "approver": "a"}]}
    )
    (w,) = config.inline_waivers
    assert (w.code, w.subject, w.source, w.index, w.expiry) == ("PRC001", "P1", "config", 1, None)


def test_to_ledger_never_records_wvr_violations(data: Path, tmp_path: Path) -> None:
    path = write(tmp_path, waiver("PRC001", "P1"), waiver("PRC001", "P9"))
    ledger = tmp_path / "整改台账.toml"
    _, out, err = cli_no_traceback(
        "check",
        str(data),
        "--as-of",
        AS_OF,
        "--select",
        "PRC001,WVR",
        "--format",
        "text",
        "--waivers",
        str(path),
        "--to-ledger",
        str(ledger),
    )
    assert "WVR002" in out and "2 added" in err
    text = ledger.read_text(encoding="utf-8")
    assert "PRC001:P2" in text and "PRC001:P3" in text
    assert "WVR" not in text and "PRC001:P1" not in text


def test_notice_days_is_a_parameter(registry: Registry, tmp_path: Path) -> None:
    """The near-expiry notice period is WVR001's `notice_days`, not a literal."""
    from rectikit.engine.config import parse_config

    path = write(tmp_path, waiver("PRC002", "CG2023-013", expiry="2024-02-14"))  # 45 days
    default = city(registry, path)
    assert not any("expires on" in w for w in default.warnings)
    assert default.waived_list[0].expiring is False
    config = parse_config({"params": {"WVR": {"notice_days": 60}}})
    longer = city(registry, path, config=config)
    assert any("expires on 2024-02-14, in 45 days" in w for w in longer.warnings)
    assert longer.waived_list[0].expiring is True
    assert longer.waived_list[0].to_dict()["waiver"]["expiring"] is True
