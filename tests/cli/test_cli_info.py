"""``rectikit rules``, ``rectikit schema`` and ``rectikit plugins``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from support import cli

from rectikit.plugins import build_registry

AS_OF = "2023-12-31"


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder without any config (``rules`` and ``schema`` look in ``.``)."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def assert_usage_error(result: tuple[int, str, str], *needles: str) -> None:
    code, _, err = result
    assert code == 2 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith("rectikit: error: ")
    for needle in needles:
        assert needle in line


# -- rules ---------------------------------------------------------------------------------


def test_rules_lists_every_code() -> None:
    code, out, _ = cli("rules", "--no-plugins")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "kinds", "source", "title"]
    rows = {line.split()[0]: line.split() for line in lines[2:] if line.strip()}
    registry = build_registry(builtins_only=True)
    assert set(rows) == set(registry.rules)
    for rule_code, rule in registry.rules.items():
        _, name, severity, kinds, source = rows[rule_code][:5]
        assert (name, severity, source) == (rule.name, rule.severity.value, rule.source)
        assert kinds == (",".join(rule.kinds) or "-")
    assert rows["PRC001"][:5] == [
        "PRC001",
        "directed-over-limit",
        "error",
        "procurement",
        "rectikit",
    ]
    assert rows["ITG001"][3] == "staff,oversight,talks"


def test_rules_shows_configured_severity(tmp_path: Path) -> None:
    cfg = tmp_path / "rectikit.toml"
    cfg.write_text('[severity]\nPRC002 = "warning"\n', "utf-8")
    _, out, _ = cli("rules", "--config", str(cfg))
    (row,) = [line for line in out.splitlines() if line.startswith("PRC002")]
    assert row.split()[2] == "warning"


def test_rules_explain_one() -> None:
    code, out, _ = cli("rules", "PRC001")
    assert code == 0
    assert out.startswith("PRC001 directed-over-limit — 定向采购超过限额")
    assert "citation: 《政府采购内部控制规范》（单位修订版）" in out
    assert "severity: error" in out
    assert "parameters:" in out
    (param,) = [line for line in out.splitlines() if line.strip().startswith("direct_limit")]
    assert param.split()[:4] == ["direct_limit", "amount", "20000", "20000"]
    assert "example (pass):" in out and "example (fail):" in out
    assert "budget = 52,000.00" in out


def test_rules_explain_lowercase_and_english() -> None:
    code, out, _ = cli("rules", "prc001", "--lang", "en")
    assert code == 0
    assert "Directed purchase over the limit" in out
    assert "budget up to which a self-procurement may be directed" in out


def test_rules_explain_configured_value(tmp_path: Path) -> None:
    cfg = tmp_path / "rectikit.toml"
    cfg.write_text(
        '[params.PRC]\ndirect_limit = "5万"\n\n[severity]\nPRC001 = "warning"\n', "utf-8"
    )
    code, out, _ = cli("rules", "PRC001", "--config", str(cfg))
    assert code == 0
    (param,) = [line for line in out.splitlines() if line.strip().startswith("direct_limit")]
    assert param.split()[:4] == ["direct_limit", "amount", "20000", "50000"]
    assert "severity: error (configured: warning)" in out


def test_rules_explain_bad_config_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "rectikit.toml"
    cfg.write_text("[params.PRC001]\nnope = 1\n", "utf-8")
    assert_usage_error(cli("rules", "PRC001", "--config", str(cfg)), "nope")


def test_rules_explain_unset_parameter_and_diagnostic() -> None:
    code, out, _ = cli("rules", "DAT003")
    assert code == 0 and "unparseable-value" in out
    code, out, _ = cli("rules", "ELC001")
    assert code == 0 and "term_years" in out and "branch = 3" in out


def test_rules_unknown_code() -> None:
    assert_usage_error(cli("rules", "NOPE"), "NOPE")


# -- schema --------------------------------------------------------------------------------


def test_schema_all_kinds() -> None:
    code, out, _ = cli("schema", "--no-plugins")
    assert code == 0
    for kind in ("procurement", "staff", "oversight", "talks", "party_orgs"):
        assert f"\n{kind} — " in "\n" + out
    assert "预算金额（元）" in out


@pytest.mark.parametrize("name", ["procurement", "采购台账", "PURCHASES", "采购"])
def test_schema_one_kind(name: str) -> None:
    code, out, _ = cli("schema", name)
    assert code == 0
    assert out.startswith("procurement — 采购台账")
    assert "talks" not in out
    rows = {line.split()[0]: line for line in out.splitlines()[3:] if line.strip()}
    assert "yes" in rows["budget"] and "amount" in rows["budget"]
    assert "yes" not in rows["method"]
    # choices: the Chinese word a template offers, with the canonical value
    assert "自行采购 (self) | 政府采购 (government)" in rows["mode"]


def test_schema_unknown_kind() -> None:
    assert_usage_error(cli("schema", "widgets"), "widgets")


def test_schema_csv_template(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    code, out, _ = cli("schema", "procurement", "--template", str(path))
    assert code == 0 and str(path) in out
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    (header,) = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header[:4] == ["编号", "项目", "预算", "组织形式"]
    assert "日期" in header
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_schema_csv_template_needs_one_kind(tmp_path: Path) -> None:
    assert_usage_error(cli("schema", "--template", str(tmp_path / "all.csv")), "csv")
    assert not (tmp_path / "all.csv").exists()


def test_schema_template_bad_suffix(tmp_path: Path) -> None:
    assert_usage_error(cli("schema", "talks", "--template", str(tmp_path / "t.txt")), ".xlsx")


def test_schema_xlsx_template_all_kinds(tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    code, _, _ = cli("schema", "--template", str(path))
    assert code == 0
    workbook = openpyxl.load_workbook(path)
    assert set(workbook.sheetnames) == {
        "procurement",
        "staff",
        "oversight",
        "talks",
        "party_orgs",
        "meetings",
        "notices",
        "expenditures",
        "appointments",
        "assets",
        "rewards",
        "dual_life",
    }
    headers = [c.value for c in workbook["talks"][1]]
    assert headers == ["日期", "谈话人", "谈话对象", "形式", "主题"]
    assert [p.name for p in tmp_path.iterdir()] == ["all.xlsx"]


def test_xlsx_template_filled_is_read_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "all.xlsx"
    assert cli("schema", "--template", str(path))[0] == 0
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["procurement"]
    header = [c.value for c in sheet[1]]
    row = dict.fromkeys(header)
    row.update(
        {
            "编号": "T1",
            "项目": "办公设备",
            "预算": "5万",
            "组织形式": "自行采购",
            "采购方式": "定向采购",
            "采购文件": "是",
            "日期": "2023-03-01",
        }
    )
    sheet.append([row[h] for h in header])
    workbook.save(path)
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    doc = json.loads(out)
    assert doc["data_errors"] == [], doc["data_errors"]
    # Every sheet of the template is a kind present, even blank: the blank expenditures
    # sheet makes EXP001/EXP002 say they need their thresholds (CFG001), and the blank
    # notices sheet means no festival reminder was sent before the 7 festivals of 2023.
    assert doc["summary"]["by_code"] == {"PRC001": 1, "CFG001": 2, "ITG004": 7}
    (violation,) = [v for v in doc["violations"] if v["code"] == "PRC001"]
    assert violation["location"]["sheet"] == "procurement"
    assert violation["location"]["cell"] == "C2"
    # every kind's empty sheet makes the kind present: ITG and ELC ran (with no records)
    assert "ITG001" not in doc["summary"]["not_run"]
    assert "ELC001" not in doc["summary"]["not_run"]
    assert code == 1


# -- plugins -------------------------------------------------------------------------------


def test_plugins_lists_builtins() -> None:
    code, out, _ = cli("plugins")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["plugin", "source", "rules", "kinds", "status"]
    rows = {line.split()[0]: line.split() for line in lines[2:] if line.strip()}
    assert {row[-1] for row in rows.values()} == {"ok"}
    assert rows["rectikit.checks.procurement"][1] == "rectikit"
    assert rows["rectikit.checks.procurement"][2] == "PRC001,PRC002,PRC003,PRC004,PRC005,PRC006"
    assert "procurement" in rows["rectikit.kinds"][3]


def test_plugins_no_plugins() -> None:
    code, out, _ = cli("plugins", "--no-plugins")
    assert code == 0
    assert all(line.split()[1] == "rectikit" for line in out.splitlines()[2:] if line.strip())
