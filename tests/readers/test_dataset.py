"""Datasets: which files are data, which kind each file or sheet holds, unreadable files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rectikit.api import check, load_dataset
from rectikit.engine.config import Config
from rectikit.engine.result import CheckResult
from rectikit.model.records import Procurement, Talk
from rectikit.model.severity import Severity
from rectikit.plugins import Registry
from rectikit.readers.dataset import (
    KindNames,
    is_ignored_name,
    iter_dataset_files,
    map_file,
)

AS_OF = "2023-12-31"
HEADER = ["编号", "项目名称", "预算金额（元）", "组织形式", "采购方式", "采购日期"]
ROW_OVER = ["P1", "办公设备", "5万", "自行采购", "定向采购", "2023-03-01"]  # PRC001 + PRC003
ROW_OK = ["P2", "办公用品", "1万", "自行采购", "定向采购", "2023-03-02"]  # clean
CSV_TEXT = ",".join(HEADER) + "\n" + ",".join(ROW_OK) + "\n"


def run(registry: Registry, path: Path, **kwargs: Any) -> CheckResult:
    return check(path, as_of=AS_OF, registry=registry, **kwargs)


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def files_reported(result: CheckResult) -> set[str]:
    return {v.location.file for v in result.all}


# -- kind by file stem ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["procurement.csv", "采购台账.csv", "Procurement.CSV", "PURCHASES.csv", "采购记录.tsv"],
)
def test_kind_by_stem(tmp_path: Path, registry: Registry, name: str) -> None:
    text = CSV_TEXT.replace(",", "\t") if name.endswith(".tsv") else CSV_TEXT
    (tmp_path / name).write_text(text, "utf-8")
    result = run(registry, tmp_path)
    assert result.files == {name: "procurement"}
    assert result.records == 1
    assert result.violations == () and result.data_errors == ()
    assert "PRC001" in result.rules_run


def test_kind_names_lookup(registry: Registry) -> None:
    names = KindNames(registry.kinds.values())
    assert names.lookup("procurement") == "procurement"
    assert names.lookup("采购台账") == "procurement"
    assert names.lookup(" PROCUREMENT ") == "procurement"
    assert names.lookup("Integrity_Talks") == "talks"
    assert names.lookup("廉政谈话记录") == "talks"
    assert names.lookup("党组织台账") == "party_orgs"
    assert names.lookup("Sheet1") is None
    assert names.lookup(None) is None and names.lookup("") is None


def test_map_file_config_first(tmp_path: Path, registry: Registry) -> None:
    names = KindNames(registry.kinds.values())
    path = tmp_path / "talks.csv"
    assert map_file(path, "talks.csv", names, {}).kind == "talks"
    mapped = map_file(path, "talks.csv", names, {"talks.*": "procurement"})
    assert (mapped.kind, mapped.explicit) == ("procurement", True)
    assert map_file(tmp_path / "x.csv", "x.csv", names, {}).kind is None


def test_unmapped_file_is_dat005_and_skipped(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(CSV_TEXT, "utf-8")
    (tmp_path / "notes.csv").write_text(CSV_TEXT, "utf-8")
    result = run(registry, tmp_path)
    (dat005,) = result.data_errors
    assert dat005.code == "DAT005" and dat005.severity is Severity.INFO
    assert dat005.location.file == "notes.csv" and dat005.location.row is None
    assert result.records == 1  # notes.csv was not read
    assert not result.fails("error")  # exit 0 when nothing else


def test_unsupported_suffix_without_kind_is_dat005(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "说明.docx").write_bytes(b"PK\x03\x04binary")
    (tmp_path / "readme").write_text("hi", "utf-8")
    result = run(registry, tmp_path)
    assert sorted((d.code, d.location.file) for d in result.data_errors) == [
        ("DAT005", "readme"),
        ("DAT005", "说明.docx"),
    ]


def test_kind_stem_with_unsupported_suffix_is_dat001(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    (tmp_path / "talks.docx").write_bytes(b"PK")
    result = run(registry, tmp_path)
    found = {(d.code, d.location.file) for d in result.data_errors}
    assert found == {("DAT001", "procurement.xls"), ("DAT001", "talks.docx")}
    (xls,) = [d for d in result.data_errors if d.location.file == "procurement.xls"]
    assert ".xlsx" in xls.message


# -- files that are never data ------------------------------------------------------------


def test_never_data_files(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(CSV_TEXT, "utf-8")
    (tmp_path / ".hidden.csv").write_bytes(b"\xff\xfe garbage")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "procurement.csv").write_text("garbage", "utf-8")
    (tmp_path / "~$procurement.xlsx").write_bytes(b"lock")
    (tmp_path / "~$lock.xlsx").write_bytes(b"lock")
    (tmp_path / "rectikit.toml").write_text("", "utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "rectikit.toml").write_text("not = [toml", "utf-8")
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.black]\n", "utf-8")
    result = run(registry, tmp_path)
    assert result.files == {"procurement.csv": "procurement"}
    assert result.data_errors == ()
    shown = [display for _, display in iter_dataset_files([tmp_path])]
    assert shown == ["procurement.csv"]


def test_is_ignored_name() -> None:
    assert is_ignored_name(".DS_Store") and is_ignored_name("~$台账.xlsx")
    assert not is_ignored_name("procurement.csv")


def test_explicit_config_file_in_dataset_is_not_data(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(CSV_TEXT, "utf-8")
    (tmp_path / "settings.toml").write_text('[params.PRC]\ndirect_limit = "2万"\n', "utf-8")
    result = run(registry, tmp_path, config=tmp_path / "settings.toml")
    assert result.files == {"procurement.csv": "procurement"}
    assert result.data_errors == ()


def test_dataset_walks_subdirectories_sorted(tmp_path: Path, registry: Registry) -> None:
    for folder in ("b", "a"):
        (tmp_path / folder).mkdir()
    (tmp_path / "b" / "procurement.csv").write_text(CSV_TEXT.replace("P2", "P9"), "utf-8")
    (tmp_path / "a" / "采购.csv").write_text(CSV_TEXT, "utf-8")
    shown = [display for _, display in iter_dataset_files([tmp_path])]
    assert shown == ["a/采购.csv", "b/procurement.csv"]
    result = run(registry, tmp_path)
    assert result.records == 2


def test_several_paths(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(CSV_TEXT, "utf-8")
    (tmp_path / "talks.csv").write_text("", "utf-8")
    result = check(
        [tmp_path / "procurement.csv", tmp_path / "talks.csv"], as_of=AS_OF, registry=registry
    )
    assert result.files == {"procurement.csv": "procurement", "talks.csv": "talks"}


# -- unreadable files -------------------------------------------------------------------


GARBAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(128, 256)) * 4 + b"\xff\xff\x80"


def test_binary_csv_is_dat001_and_run_goes_on(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "talks.csv").write_bytes(GARBAGE)
    (tmp_path / "procurement.csv").write_text(CSV_TEXT + ",".join(ROW_OVER) + "\n", "utf-8")
    result = run(registry, tmp_path)
    (dat001,) = result.data_errors
    assert (dat001.code, dat001.location.file, dat001.severity) == (
        "DAT001",
        "talks.csv",
        Severity.ERROR,
    )
    assert dat001.location.row is None
    assert {v.code for v in result.violations} == {"PRC001", "PRC003"}
    assert result.records == 2
    assert result.fails("error")


def test_non_zip_xlsx_is_dat001(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.xlsx").write_bytes(b"this is not a zip file at all")
    (tmp_path / "book.xlsx").write_bytes(b"neither is this")
    result = run(registry, tmp_path)
    assert sorted((d.code, d.location.file) for d in result.data_errors) == [
        ("DAT001", "book.xlsx"),
        ("DAT001", "procurement.xlsx"),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("procurement.json", b'{"records": [1, 2'),
        ("procurement.toml", b"[[procurement]\nid = "),
        ("procurement.json", b'"just a string"'),
        ("procurement.csv", b'id,project\n"unterminated,\x00\n'),
    ],
    ids=["bad-json", "bad-toml", "json-scalar", "nul-csv"],
)
def test_malformed_files_never_crash(
    tmp_path: Path, registry: Registry, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    result = run(registry, tmp_path)
    assert all(d.code in {"DAT001", "DAT002", "DAT003"} for d in result.data_errors)
    assert result.data_errors


# -- XLSX sheets ------------------------------------------------------------------------


def test_xlsx_named_after_a_kind_reads_first_sheet(tmp_path: Path, registry: Registry) -> None:
    write_xlsx(
        tmp_path / "procurement.xlsx", {"Sheet1": [HEADER, ROW_OVER], "说明": [["填表说明"]]}
    )
    result = run(registry, tmp_path)
    assert result.data_errors == ()
    assert {v.code for v in result.violations} == {"PRC001", "PRC003"}
    assert {v.location.sheet for v in result.violations} == {"Sheet1"}
    assert result.records == 1


def test_xlsx_named_after_a_kind_single_sheet(tmp_path: Path, registry: Registry) -> None:
    # regression: the only sheet of procurement.xlsx must be read (it used to crash the
    # run with "rows ... read after the reader moved past that table")
    write_xlsx(tmp_path / "采购台账.xlsx", {"Sheet1": [HEADER, ROW_OVER, ROW_OK]})
    result = run(registry, tmp_path)
    assert result.records == 2 and result.data_errors == ()
    (prc001,) = [v for v in result.violations if v.code == "PRC001"]
    assert (prc001.location.sheet, prc001.location.cell) == ("Sheet1", "C2")


def test_xlsx_named_after_a_kind_empty_workbook_sheet(tmp_path: Path, registry: Registry) -> None:
    write_xlsx(tmp_path / "talks.xlsx", {"Sheet1": []})
    result = run(registry, tmp_path)
    assert result.data_errors == ()
    assert result.files == {"talks.xlsx": "talks"}


def test_xlsx_sheet_by_sheet(tmp_path: Path, registry: Registry) -> None:
    write_xlsx(
        tmp_path / "2023年台账.xlsx",
        {
            "采购台账": [HEADER, ROW_OVER, ROW_OK],
            "Sheet2": [["随便", "什么"], ["a", "b"]],
            "谈话": [["谈话日期", "谈话人", "谈话对象"], ["2023-03-01", "谢军", "张三"]],
        },
    )
    result = run(registry, tmp_path)
    (dat005,) = result.data_errors
    assert dat005.code == "DAT005"
    assert (dat005.location.file, dat005.location.sheet) == ("2023年台账.xlsx", "Sheet2")
    assert "Sheet2" in dat005.message
    assert result.records == 3
    assert result.files == {"2023年台账.xlsx": "procurement,talks"}
    kinds = sorted({kind for kind, _ in load_dataset(tmp_path, plugins=False)})
    assert kinds == ["procurement", "talks"]


def test_xlsx_without_any_mapped_sheet(tmp_path: Path, registry: Registry) -> None:
    write_xlsx(tmp_path / "book.xlsx", {"Sheet1": [["a"], [1]], "Sheet2": [["b"], [2]]})
    result = run(registry, tmp_path)
    assert sorted(d.location.sheet for d in result.data_errors) == ["Sheet1", "Sheet2"]
    assert {d.code for d in result.data_errors} == {"DAT005"}
    assert result.records == 0


def test_xlsx_violation_location_has_sheet_and_cell(tmp_path: Path, registry: Registry) -> None:
    bad = ["P3", "坏预算", "很多", "自行采购", "定向采购", "2023-03-03"]
    write_xlsx(tmp_path / "book.xlsx", {"采购台账": [HEADER, ROW_OVER, bad]})
    result = run(registry, tmp_path)
    (prc001,) = [v for v in result.violations if v.code == "PRC001"]
    assert prc001.location.to_dict() == {
        "file": "book.xlsx",
        "row": 2,
        "column": "budget",
        "sheet": "采购台账",
        "cell": "C2",
    }
    (dat003,) = result.data_errors
    assert dat003.location.to_dict() == {
        "file": "book.xlsx",
        "row": 3,
        "column": "budget",
        "sheet": "采购台账",
        "cell": "C3",
    }


# -- kinds present and rules not run ------------------------------------------------------


def test_empty_talks_file_makes_kind_present(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "staff.csv").write_text("姓名,处室\n张三,办公室\n", "utf-8")
    (tmp_path / "oversight.csv").write_text("班子成员,分管处室\n谢军,办公室\n", "utf-8")
    (tmp_path / "talks.csv").write_bytes(b"")
    result = run(registry, tmp_path, since="2023-01-01")
    assert {"ITG001", "ITG002"} <= set(result.rules_run)
    assert "ITG001" not in result.not_run
    subjects = {v.subject for v in result.violations if v.code == "ITG001"}
    assert subjects == {"谢军|张三|2023"}
    assert {v.subject for v in result.violations if v.code == "ITG002"} == {
        "谢军|张三|2023H1",
        "谢军|张三|2023H2",
    }
    assert result.data_errors == ()


@pytest.mark.parametrize("name", ["talks.json", "talks.toml", "talks.xlsx", "talks.tsv"])
def test_empty_file_of_any_format_makes_kind_present(
    tmp_path: Path, registry: Registry, name: str
) -> None:
    (tmp_path / "staff.csv").write_text("姓名,处室\n张三,办公室\n", "utf-8")
    (tmp_path / "oversight.csv").write_text("班子成员,分管处室\n谢军,办公室\n", "utf-8")
    (tmp_path / name).write_bytes(b"")
    result = run(registry, tmp_path)
    assert result.data_errors == ()
    assert "ITG001" in result.rules_run
    assert result.files[name] == "talks"


def test_kind_file_without_any_table_is_dat001(tmp_path: Path, registry: Registry) -> None:
    # a TOML file named after a kind with no array of tables: most likely [talks] written
    # for [[talks]]; reported rather than silently read as empty
    (tmp_path / "talks.toml").write_text('[talks]\n"谈话人" = "谢军"\n', "utf-8")
    result = run(registry, tmp_path)
    (dat001,) = result.data_errors
    assert dat001.code == "DAT001" and dat001.location.file == "talks.toml"


def test_header_only_file_makes_kind_present(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "staff.csv").write_text("姓名,处室\n张三,办公室\n", "utf-8")
    (tmp_path / "oversight.csv").write_text("班子成员,分管处室\n谢军,办公室\n", "utf-8")
    (tmp_path / "talks.csv").write_text("谈话日期,谈话人,谈话对象\n", "utf-8")
    result = run(registry, tmp_path)
    assert "ITG001" in result.rules_run


def test_rule_with_missing_kinds_is_not_run(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "talks.csv").write_text("谈话日期,谈话人,谈话对象\n2023-03-01,谢军,张三\n", "utf-8")
    result = run(registry, tmp_path)
    assert result.violations == ()
    assert "oversight" in result.not_run["ITG001"] and "staff" in result.not_run["ITG001"]
    assert "procurement" in result.not_run["PRC001"]
    assert "party_orgs" in result.not_run["ELC001"]
    assert not any(code.startswith(("DAT", "CFG")) for code in result.not_run)
    assert "ITG001" not in result.rules_run


def test_empty_directory(tmp_path: Path, registry: Registry) -> None:
    result = run(registry, tmp_path)
    assert result.records == 0 and result.all == ()
    assert "PRC001" in result.not_run


# -- load_dataset -------------------------------------------------------------------------


def test_load_dataset_yields_kind_record_pairs(tmp_path: Path) -> None:
    (tmp_path / "procurement.csv").write_text(CSV_TEXT + ",".join(ROW_OVER) + "\n", "utf-8")
    (tmp_path / "talks.json").write_text(
        '[{"谈话日期": "2023年3月1日", "谈话人": "谢军", "谈话对象": "张三", "形式": "集体"}]',
        "utf-8",
    )
    (tmp_path / "notes.txt").write_text("ignored", "utf-8")
    pairs = list(load_dataset(tmp_path, plugins=False))
    assert [kind for kind, _ in pairs] == ["procurement", "procurement", "talks"]
    assert all(isinstance(r, Procurement) for k, r in pairs if k == "procurement")
    talk = pairs[-1][1]
    assert isinstance(talk, Talk)
    assert (talk.leader, talk.staff, talk.form, str(talk.date)) == (
        "谢军",
        "张三",
        "group",
        "2023-03-01",
    )


def test_load_dataset_uses_config_files_mapping(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text(CSV_TEXT, "utf-8")
    pairs = list(load_dataset(tmp_path, config=Config(files={"x.csv": "采购"}), plugins=False))
    assert [(k, r.id) for k, r in pairs] == [("procurement", "P2")]
