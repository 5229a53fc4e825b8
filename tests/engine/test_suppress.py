"""Waivers (approved exceptions) and baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import cli

import rectikit
from rectikit.engine.config import ConfigError
from rectikit.engine.suppress import load_baseline, load_waivers

PROCUREMENT = (
    "编号,项目名称,预算金额,组织形式,采购方式,采购日期\n"
    "P1,会议服务,5万,自行采购,定向采购,2023-08-03\n"
    "P2,培训服务,6万,自行采购,定向采购,2023-08-05\n"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "采购台账.csv").write_text(PROCUREMENT, encoding="utf-8")
    return folder


def waiver_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "waivers.toml"
    path.write_text(body, encoding="utf-8")
    return path


WAIVE_P1 = """
[[waiver]]
code = "PRC001"
subject = "P1"
reason = "工委会2023年第5次会议同意"
approver = "工委书记"
expiry = 2024-06-30
"""


def subjects(result: rectikit.CheckResult) -> list[str]:
    return sorted(v.subject for v in result.violations)


def test_waiver_hides_its_violation_until_it_expires(data: Path, tmp_path: Path) -> None:
    waivers = waiver_file(tmp_path, WAIVE_P1)
    result = rectikit.check(data, as_of="2024-06-30", select=["PRC001"], waivers=waivers)
    assert subjects(result) == ["P2"] and result.waived == 1
    assert result.summary()["waived"] == 1
    expired = rectikit.check(data, as_of="2024-07-01", select=["PRC001"], waivers=waivers)
    assert subjects(expired) == ["P1", "P2"] and expired.waived == 0
    # the expired waiver itself is WVR001 when selected (see test_waivers.py)
    with_wvr = rectikit.check(data, as_of="2024-07-01", select=["PRC001", "WVR"], waivers=waivers)
    assert [v.subject for v in with_wvr.violations if v.code == "WVR001"] == ["PRC001|P1"]


def test_star_waives_every_subject_of_a_rule(data: Path, tmp_path: Path) -> None:
    body = WAIVE_P1.replace('subject = "P1"', 'subject = "*"').replace("expiry = 2024-06-30", "")
    result = rectikit.check(
        data, as_of="2023-12-31", select=["PRC001"], waivers=waiver_file(tmp_path, body)
    )
    assert subjects(result) == [] and result.waived == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[waiver]]\ncode = "PRC001"\nsubject = "P1"\n', "missing reason, approver"),
        (WAIVE_P1 + 'colour = "red"\n', "unknown key 'colour'"),
        (WAIVE_P1.replace("2024-06-30", '"明年"'), "expiry is not a date"),
        ("[[waiver\n", "invalid waiver file"),
        ('note = "x"\n', "[[waiver]] tables only"),
    ],
)
def test_bad_waiver_files(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_waivers(waiver_file(tmp_path, body))


def test_baseline_round_trip_reports_only_new_violations(data: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, _ = cli(
        "check",
        str(data),
        "--as-of",
        "2023-12-31",
        "--select",
        "PRC001",
        "--format",
        "text",
        "--write-baseline",
        str(baseline),
    )
    assert code == 1
    assert load_baseline(baseline) == {("PRC001", "P1"), ("PRC001", "P2")}
    (data / "采购台账.csv").write_text(
        PROCUREMENT + "P3,印刷服务,7万,自行采购,定向采购,2023-09-01\n", encoding="utf-8"
    )
    code, out, _ = cli(
        "check",
        str(data),
        "--as-of",
        "2023-12-31",
        "--select",
        "PRC001",
        "--format",
        "json",
        "--baseline",
        str(baseline),
    )
    report = json.loads(out)
    assert [v["subject"] for v in report["violations"]] == ["P3"]
    assert report["summary"]["baselined"] == 2 and code == 1
    # a new baseline written through the old one keeps what the old one hid
    newer = tmp_path / "newer.json"
    cli(
        "check",
        str(data),
        "--as-of",
        "2023-12-31",
        "--select",
        "PRC001",
        "--format",
        "text",
        "--baseline",
        str(baseline),
        "--write-baseline",
        str(newer),
    )
    assert load_baseline(newer) == {("PRC001", "P1"), ("PRC001", "P2"), ("PRC001", "P3")}


def test_config_names_waivers_and_they_are_not_data(data: Path, tmp_path: Path) -> None:
    (data / "waivers.toml").write_text(WAIVE_P1, encoding="utf-8")
    (data / "rectikit.toml").write_text('waivers = "waivers.toml"\n', encoding="utf-8")
    result = rectikit.check(data, as_of="2023-12-31", select=["PRC001"])
    assert subjects(result) == ["P2"]
    assert not result.data_errors  # the waiver file is not reported as an unmapped file


def test_bad_baseline_is_exit_2(data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text("[1, 2", encoding="utf-8")
    code, _, err = cli("check", str(data), "--baseline", str(bad))
    assert code == 2 and "baseline" in err and "Traceback" not in err
    code, _, err = cli("check", str(data), "--waivers", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml" in err
