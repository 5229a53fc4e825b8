"""The check workflow from the command line: --compare, --redact, --statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import cli_no_traceback

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"


def run_json(*argv: str) -> dict:
    code, out, err = cli_no_traceback("check", str(EXAMPLE), "--format", "json", *argv)
    assert code == 1, err
    return json.loads(out)


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    path = tmp_path / "2023-10.json"
    path.write_text(json.dumps(run_json("--as-of", "2023-10-31"), ensure_ascii=False), "utf-8")
    return path


def test_compare_in_json(previous: Path) -> None:
    report = run_json("--as-of", "2023-12-31", "--compare", str(previous))
    delta = report["summary"]["delta"]
    assert delta["previous"] == "2023-10.json" and delta["previous_as_of"] == "2023-10-31"
    statuses = {v["delta"]["status"] for v in report["violations"]}
    assert statuses <= {"new", "persisting", "regressed"} and "persisting" in statuses
    assert delta["new"] + delta["persisting"] + delta["regressed"] == len(report["violations"])
    assert delta["resolved"] == len(report["resolved"]) >= 1
    persisting = next(v for v in report["violations"] if v["delta"]["status"] == "persisting")
    assert persisting["delta"] == {
        "status": "persisting",
        "first_seen": "2023-10-31",
        "age_days": 61,
    }
    assert report["manifest"]["other_files"][0]["kind"] == "previous"


def test_compare_shown_in_text(previous: Path) -> None:
    code, out, _ = cli_no_traceback(
        "check",
        str(EXAMPLE),
        "--as-of",
        "2023-12-31",
        "--compare",
        str(previous),
        "--format",
        "text",
        "--lang",
        "en",
    )
    assert code == 1
    assert "{persisting, 61 days (first seen 2023-10-31)}" in out
    assert "{resolved}" in out
    assert "compared with 2023-10.json (2023-10-31): new" in out


def test_bad_compare_file_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = cli_no_traceback("check", str(EXAMPLE), "--compare", str(bad))
    assert code == 2
    assert "--compare" in err and "bad.json" in err and len(err.strip().splitlines()) == 1


def test_redact_masks_names_in_the_report_only(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, out, _ = cli_no_traceback(
        "check",
        str(EXAMPLE),
        "--as-of",
        "2023-12-31",
        "--format",
        "text",
        "--redact",
        "--write-baseline",
        str(baseline),
    )
    assert code == 1
    for name in ("谢军", "周明华", "林晓燕", "马骏", "刘建国"):
        assert name not in out
    assert "人员A" in out
    # the baseline keeps the real subjects, so that later runs match them
    assert "林晓燕|马骏|2023" in baseline.read_text(encoding="utf-8")


def test_statistics(tmp_path: Path) -> None:
    code, out, _ = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "--statistics", "--format", "text"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["3", "LDG004"]  # the most frequent first
    assert lines[-1] == "共 39 项"
    code, out, _ = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "--statistics", "--format", "json"
    )
    rows = json.loads(out)
    assert {
        "code": "RWD001",
        "name": "cash-reward-to-unit",
        "severity": "error",
        "count": 1,
        "title": rows[[r["code"] for r in rows].index("RWD001")]["title"],
    } in rows


def test_statistics_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "stats.json"
    code, stdout, _ = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "--statistics", "-o", str(out)
    )
    assert code == 1 and stdout == ""
    rows = json.loads(out.read_text(encoding="utf-8"))  # the -o suffix picks json
    assert sum(row["count"] for row in rows) == 39


def test_statistics_in_a_workbook_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = cli_no_traceback(
        "check", str(EXAMPLE), "--statistics", "-o", str(tmp_path / "s.xlsx")
    )
    assert code == 2 and "--statistics" in err
    assert not (tmp_path / "s.xlsx").exists()
