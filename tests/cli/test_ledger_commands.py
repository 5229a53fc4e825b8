"""`rectikit ledger status|report|convert` and the check -> ledger -> fix -> re-check loop."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from support import WriteLedger, cli_no_traceback

from rectikit.model.ledger import Status

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

LEDGER = """\
# 整改台账（测试）
[inspection]
title = "市委第一巡察组对某工委的巡察"
inspector = "市委第一巡察组"
target = "某工委"
started = 2023-05-26
ended = 2023-06-09
feedback = 2023-06-27
deadline = 2023-09-27

[declared]
total = 2
completed = 1
effective = 1

[[finding]]
id = "F01"
title = "工委专题研究全面从严治党不到位"
owner = "工委书记"
status = "已完成"
deadline = 2023-09-27

  [[finding.measure]]
  id = "F01-1"
  text = "召开工委会议专题研究全面从严治党工作"
  due = 2023-08-31
  done = 2023-08-03
  evidence = ["工委会议纪要"]

[[finding]]
id = "F02"
title = "指导督导民主生活会及中心组学习不深入"
owner = "工委副书记"
status = "取得明显成效"
deadline = 2023-12-31

  [[finding.measure]]
  id = "F02-1"
  text = "分6个小组对52个机关部门开展巡学旁听"
  due = 2023-10-31

  [[finding.target]]
  name = "巡学旁听单位数"
  goal = 52
  actual = 20
  measured = 2023-09-25
  start = 2023-08-01
  due = 2023-10-31
"""

PARTY_ORGS = "编号,党组织名称,类型,上次换届日期,备案日期\nO1,某党支部,党支部,2023-03-01,{filed}\n"


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger(LEDGER)


def check_to_ledger(data: Path, ledger: Path, as_of: str) -> tuple[int, str, str]:
    """``rectikit check`` of ELC004 on ``data`` at ``as_of``, feeding ``ledger``."""
    return cli_no_traceback(
        "check",
        str(data),
        "--as-of",
        as_of,
        "--select",
        "ELC004",
        "--format",
        "json",
        "--to-ledger",
        str(ledger),
    )


def test_status_json(ledger: Path) -> None:
    code, out, _ = cli_no_traceback(
        "ledger", "status", str(ledger), "--as-of", "2023-11-15", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["counts"]["total"] == 2 and data["counts"]["completed"] == 1
    assert data["inspection"]["days_left"] < 0
    assert [o["finding_id"] for o in data["off_pace"]] == ["F02"]
    codes = sorted(v["code"] for v in data["violations"])
    assert codes == ["LDG004", "LDG009"]


def test_status_console(ledger: Path) -> None:
    code, out, _ = cli_no_traceback("ledger", "status", str(ledger), "--as-of", "2023-09-27")
    assert code == 0
    assert "巡学旁听单位数" in out and "F02" in out


def test_report_formats(ledger: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    for name in ("report.md", "report.html", "report.docx"):
        code, out, _ = cli_no_traceback("ledger", "report", str(ledger), "-o", str(tmp_path / name))
        assert code == 0, out
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "巡察反馈的2个具体问题，已完成整改1个，已取得明显成效1个" in text
    assert "1.关于“工委专题研究全面从严治党不到位”问题的整改" in text
    document = docx.Document(str(tmp_path / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        "一、巡察整改工作总体情况",
        "二、整改进展情况及成效",
        "（一）集中整改期内已完成的整改事项",
    ]


def test_report_errors_are_one_line(tmp_path: Path) -> None:
    code, _, err = cli_no_traceback(
        "ledger", "report", str(tmp_path / "missing.toml"), "-o", str(tmp_path / "r.md")
    )
    assert code == 2 and err.count("\n") == 1
    bad = tmp_path / "ledger.toml"
    bad.write_text("[[finding]]\ntitle = 'no id'\n", encoding="utf-8")
    code, _, err = cli_no_traceback("ledger", "report", str(bad), "-o", str(tmp_path / "r.md"))
    assert code == 2 and "ledger.toml" in err and err.count("\n") == 1


def test_convert_round_trip(ledger: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "整改台账.xlsx"
    assert cli_no_traceback("ledger", "convert", str(ledger), str(xlsx))[0] == 0
    back = tmp_path / "back.toml"
    assert cli_no_traceback("ledger", "convert", str(xlsx), str(back))[0] == 0
    assert tomllib.loads(back.read_text(encoding="utf-8"))["finding"][1]["target"][0]["goal"] == 52


def test_check_to_ledger_fix_and_recheck(tmp_path: Path, write_ledger: WriteLedger) -> None:
    data = tmp_path / "data"
    data.mkdir()
    orgs = data / "党组织.csv"
    orgs.write_text(PARTY_ORGS.format(filed=""), encoding="utf-8")
    (data / "rectikit.toml").write_text(
        '[ledger]\nowner = "组织处处长"\nunits = ["组织处"]\ndeadline_days = 20\n',
        encoding="utf-8",
    )
    ledger = write_ledger(LEDGER, "整改台账.toml")
    before = ledger.read_text(encoding="utf-8")

    code, _, err = check_to_ledger(data, ledger, "2023-12-31")
    assert code == 0 and "1 added" in err  # ELC004 is a warning
    saved = ledger.read_text(encoding="utf-8")
    assert saved.startswith(before)  # the inspection's findings and comments untouched
    finding = tomllib.loads(saved)["finding"][-1]
    assert finding["source"] == "ELC004:O1" and finding["owner"] == "组织处处长"
    assert finding["measure"][0]["due"].isoformat() == "2024-01-20"

    # run again: nothing new
    assert "0 added" in check_to_ledger(data, ledger, "2023-12-31")[2]

    # fix the data: the finding is completed with the run as evidence, never verified
    orgs.write_text(PARTY_ORGS.format(filed="2023-03-20"), encoding="utf-8")
    code, _, err = check_to_ledger(data, ledger, "2024-01-08")
    assert code == 0 and "1 completed" in err
    finding = tomllib.loads(ledger.read_text(encoding="utf-8"))["finding"][-1]
    assert Status.parse(finding["status"]) is Status.COMPLETED  # in the file's language
    assert "rectikit check 2024-01-08" in finding["measure"][0]["evidence"][0]
    assert (tmp_path / "整改台账.toml.bak").exists()

    # the problem comes back: reopened
    orgs.write_text(PARTY_ORGS.format(filed=""), encoding="utf-8")
    code, _, err = check_to_ledger(data, ledger, "2024-02-01")
    assert "1 reopened" in err
    finding = tomllib.loads(ledger.read_text(encoding="utf-8"))["finding"][-1]
    assert Status.parse(finding["status"]) is Status.IN_PROGRESS
    assert len(finding["measure"]) == 2
    inspection_findings = tomllib.loads(ledger.read_text(encoding="utf-8"))["finding"][:2]
    assert [f["status"] for f in inspection_findings] == ["已完成", "取得明显成效"]


def test_status_rejects_negative_window(write_ledger: WriteLedger) -> None:
    path = write_ledger(LEDGER)
    code, _, err = cli_no_traceback("ledger", "status", str(path), "--due-within", "-3")
    assert code == 2 and "must not be negative" in err and err.count("\n") == 1
