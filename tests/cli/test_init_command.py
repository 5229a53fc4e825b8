"""``rectikit init``: starter config and templates, never overwriting."""

from __future__ import annotations

import sys
from pathlib import Path

from support import cli

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_init_writes_config_and_templates_that_check_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "台账"
    code, out, _ = cli("init", str(target))
    assert code == 0
    config = (target / "rectikit.toml").read_text(encoding="utf-8")
    assert "# [params.PRC]" in config
    assert '# direct_limit = "20000"' in config
    tomllib.loads(config)  # all commented out: still valid TOML
    uncommented = "\n".join(
        line[2:] if line.startswith(("# [params", "# direct_limit", "# term_years")) else line
        for line in config.splitlines()
    )
    params = tomllib.loads(uncommented)["params"]
    assert params["PRC"]["direct_limit"] == "20000"
    assert params["ELC"]["term_years"]["branch"] == 3
    assert (target / "采购台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, err = cli("check", str(target), "--as-of", "2023-12-31", "--format", "text")
    assert code == 0, out + err
    assert "DAT" not in out


def test_init_keeps_existing_files(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("select = ['PRC']\n", encoding="utf-8")
    code, out, _ = cli("init", str(tmp_path), "--no-templates")
    assert code == 0
    assert "kept" in out
    assert (tmp_path / "rectikit.toml").read_text(encoding="utf-8") == "select = ['PRC']\n"
    assert not (tmp_path / "采购台账.csv").exists()


def test_init_prints_the_next_step(tmp_path: Path) -> None:
    code, out, _ = cli("init", str(tmp_path / "d"))
    assert code == 0
    assert out.splitlines()[-1].startswith("next: ")
    assert f"rectikit check {tmp_path / 'd'}" in out


def test_init_xlsx_templates_with_dropdowns(tmp_path: Path) -> None:
    import openpyxl

    code, out, _ = cli("init", str(tmp_path), "--xlsx")
    assert code == 0
    assert (tmp_path / "采购台账.xlsx").exists()
    assert not list(tmp_path.glob("*.csv"))
    sheet = openpyxl.load_workbook(tmp_path / "采购台账.xlsx").active
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"自行采购,政府采购"' in formulas
    code, out, err = cli("check", str(tmp_path), "--as-of", "2023-12-31", "--format", "text")
    assert code == 0, out + err
    assert "DAT" not in out


def test_init_never_writes_a_second_file_for_a_kind(tmp_path: Path) -> None:
    (tmp_path / "procurement.xlsx").write_bytes(b"")  # the unit's own purchases file
    (tmp_path / "人员.csv").write_text("姓名,处室\n", encoding="utf-8-sig")
    code, out, _ = cli("init", str(tmp_path))
    assert code == 0
    assert not (tmp_path / "采购台账.csv").exists()
    assert f"kept  {tmp_path / 'procurement.xlsx'} (already there)" in out
    assert f"kept  {tmp_path / '人员.csv'} (already there)" in out
    assert (tmp_path / "人员.csv").read_text(encoding="utf-8-sig") == "姓名,处室\n"
    assert (tmp_path / "廉政谈话记录.csv").exists()
    # CSV and XLSX never both: a later --xlsx run keeps the CSV templates
    code, out, _ = cli("init", str(tmp_path), "--xlsx")
    assert not (tmp_path / "廉政谈话记录.xlsx").exists()


def test_init_english_notes(tmp_path: Path) -> None:
    code, _, _ = cli("init", str(tmp_path), "--lang", "en", "--no-templates")
    assert code == 0
    config = (tmp_path / "rectikit.toml").read_text(encoding="utf-8")
    assert "# budget up to which a self-procurement may be directed" in config
    assert '# lang = "en"' in config
    tomllib.loads(config)


def test_newcomer_from_init_to_a_first_report(tmp_path: Path) -> None:
    """README's path: init, delete the templates not needed, fill one in, check."""
    target = tmp_path / "我的台账"
    assert cli("init", str(target))[0] == 0
    for path in target.glob("*.csv"):
        if path.name != "采购台账.csv":
            path.unlink()
    template = target / "采购台账.csv"
    header = template.read_text(encoding="utf-8-sig").strip().split(",")
    row = dict.fromkeys(header, "")
    row.update(
        {
            "编号": "CG-1",
            "项目": "会议服务",
            "预算": "5.2万",
            "组织形式": "自行采购",
            "采购方式": "定向采购",
            "日期": "2023-08-03",
        }
    )
    with template.open("a", encoding="utf-8") as stream:
        stream.write(",".join(row[h] for h in header) + "\n")
    report = tmp_path / "报告.html"
    code, out, err = cli("check", str(target), "--as-of", "2023-12-31", "-o", str(report))
    assert code == 1, err
    assert "PRC001" in report.read_text(encoding="utf-8")
    code, out, _ = cli("check", str(target), "--as-of", "2023-12-31", "--format", "text")
    assert out.splitlines()[0].startswith("采购台账.csv:2: PRC001")
