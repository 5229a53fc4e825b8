"""Raw tables to records: encodings, header matching, DAT002/DAT003/DAT004, extra columns."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rectikit.api import check, load_dataset
from rectikit.engine.config import Config
from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.records import Procurement
from rectikit.plugins import Registry
from rectikit.readers.dataset import KindNames
from rectikit.readers.formats import RawRow, RawTable
from rectikit.readers.records import HeaderIndex, TableConverter

AS_OF = "2023-12-31"
ZH_HEADER = "编号,项目名称,预算金额（元）,组织形式,采购方式,采购日期"
ROW_OVER = "P1,办公设备,5万,自行采购,定向采购,2023-03-01"  # PRC001 (+ PRC003)


def run(registry: Registry, path: Path, **kwargs: Any) -> CheckResult:
    return check(path, as_of=AS_OF, registry=registry, **kwargs)


def records_of(path: Path, **kwargs: Any) -> list[Any]:
    return [record for _, record in load_dataset(path, plugins=False, **kwargs)]


def by_code(result: CheckResult, code: str) -> list[Any]:
    return [v for v in result.all if v.code == code]


# -- encodings --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_encodings_with_chinese_headers(
    tmp_path: Path, registry: Registry, encoding: str
) -> None:
    (tmp_path / "采购台账.csv").write_bytes(f"{ZH_HEADER}\r\n{ROW_OVER}\r\n".encode(encoding))
    result = run(registry, tmp_path)
    assert result.data_errors == ()
    (prc001,) = by_code(result, "PRC001")
    assert (prc001.subject, prc001.location.row) == ("P1", 2)
    (record,) = records_of(tmp_path)
    assert record.project == "办公设备" and record.budget == Decimal("50000")


def test_forced_encoding(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_bytes(f"{ZH_HEADER}\n{ROW_OVER}\n".encode("gb18030"))
    forced = run(registry, tmp_path, encoding="gb18030")
    assert forced.data_errors == () and by_code(forced, "PRC001")
    wrong = run(registry, tmp_path, encoding="utf-8")
    (dat001,) = wrong.data_errors
    assert dat001.code == "DAT001" and dat001.location.file == "procurement.csv"
    assert wrong.violations == ()


def test_forced_encoding_from_config(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_bytes(f"{ZH_HEADER}\n{ROW_OVER}\n".encode("gb18030"))
    result = run(registry, tmp_path, config=Config(encoding="gb18030"))
    assert result.data_errors == ()
    result = run(registry, tmp_path, config=Config(encoding="utf-8"))
    assert [d.code for d in result.data_errors] == ["DAT001"]


# -- headers ----------------------------------------------------------------------------


def test_header_normalisation(tmp_path: Path, registry: Registry) -> None:
    header = "ＩＤ, 项目名称 , 预算金额（元） ,MODE,Method,采购日期,DOCS"
    (tmp_path / "procurement.csv").write_text(f"{header}\n{ROW_OVER},否\n", "utf-8")
    result = run(registry, tmp_path)
    assert result.data_errors == ()
    assert {v.code for v in result.violations} == {"PRC001", "PRC003"}


@pytest.mark.parametrize(
    "header",
    [
        "id,project,BUDGET,mode,method,date",
        "Id,Project,Budget,Mode,Method,Date",
        "编号,项目,预算金额(元),采购组织形式,采购方式,签订日期",
        "序号,采购项目,预算,组织形式,采购方式,日期",
        "ｉｄ,ｐｒｏｊｅｃｔ,ｂｕｄｇｅｔ,ｍｏｄｅ,ｍｅｔｈｏｄ,ｄａｔｅ",
        "  项目编号  ,项目名称,　预算金额　,组织形式,采购方式,采购日期",
    ],
    ids=["upper", "title", "halfwidth-parens", "other-aliases", "fullwidth-latin", "spaces"],
)
def test_header_aliases(tmp_path: Path, header: str) -> None:
    (tmp_path / "procurement.csv").write_text(f"{header}\n{ROW_OVER}\n", "utf-8")
    (record,) = records_of(tmp_path)
    assert isinstance(record, Procurement)
    assert (record.id, record.budget, record.mode, record.method) == (
        "P1",
        Decimal("50000"),
        "self",
        "directed",
    )
    assert record.date == dt.date(2023, 3, 1)
    assert record.extra == {}


def test_unknown_columns_kept_in_extra(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(
        f"{ZH_HEADER},备注,经办人\n{ROW_OVER},紧急采购,\nP2,会议,1万,自行采购,定向采购,2023-03-02,,李四\n",
        "utf-8",
    )
    first, second = records_of(tmp_path)
    assert first.extra == {"备注": "紧急采购"}  # blank cells are left out
    assert second.extra == {"经办人": "李四"}
    assert run(registry, tmp_path).data_errors == ()


def test_duplicate_header_second_is_extra(tmp_path: Path) -> None:
    (tmp_path / "procurement.csv").write_text(f"{ZH_HEADER},预算\n{ROW_OVER},9万\n", "utf-8")
    (record,) = records_of(tmp_path)
    assert record.budget == Decimal("50000")
    assert record.extra == {"预算": "9万"}


# -- DAT002 missing required column -------------------------------------------------------


def test_missing_required_column_dat002(tmp_path: Path, registry: Registry) -> None:
    header = "编号,项目名称,组织形式,采购方式,采购日期"
    (tmp_path / "procurement.csv").write_text(
        f"{header}\nP1,办公设备,自行采购,定向采购,2023-03-01\n", "utf-8"
    )
    result = run(registry, tmp_path)
    (dat002,) = result.data_errors
    assert dat002.code == "DAT002" and dat002.severity.value == "error"
    assert dat002.location == Location("procurement.csv", None, "budget")
    assert "budget" in dat002.message and "预算金额" in dat002.message
    assert result.records == 0 and result.violations == ()
    assert result.fails("error")


def test_missing_several_required_columns(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text("编号,备注\nP1,x\n", "utf-8")
    result = run(registry, tmp_path, lang="en")
    columns = sorted(d.location.column for d in result.data_errors)
    assert columns == ["budget", "date", "mode", "project"]
    assert {d.code for d in result.data_errors} == {"DAT002"}
    assert all("required column" in d.message for d in result.data_errors)


def test_dat002_skips_only_that_file(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "procurement.csv").write_text("编号,项目名称\nP9,x\n", "utf-8")
    (tmp_path / "采购.csv").write_text(f"{ZH_HEADER}\n{ROW_OVER}\n", "utf-8")
    result = run(registry, tmp_path)
    assert {d.code for d in result.data_errors} == {"DAT002"}
    assert {d.location.file for d in result.data_errors} == {"a/procurement.csv"}
    assert [v.subject for v in by_code(result, "PRC001")] == ["P1"]


# -- DAT003 unparseable and blank cells ---------------------------------------------------


def test_unparseable_cell_dat003(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(
        f"{ZH_HEADER}\n{ROW_OVER}\nP2,会议,很多钱,自行采购,定向采购,2023-03-02\n", "utf-8"
    )
    result = run(registry, tmp_path)
    (dat003,) = result.data_errors
    assert dat003.code == "DAT003"
    assert dat003.location.to_dict() == {"file": "procurement.csv", "row": 3, "column": "budget"}
    assert "很多钱" in dat003.message and "预算金额（元）" in dat003.message
    assert result.records == 2  # the record with the bad cell is still counted
    assert [v.subject for v in by_code(result, "PRC001")] == ["P1"]


def test_first_data_row_is_row_2_and_blank_lines_count(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(
        f"{ZH_HEADER}\nP1,a,坏,自行采购,定向采购,2023-03-01\n\nP2,b,坏,自行采购,定向采购,2023-03-01\n",
        "utf-8",
    )
    result = run(registry, tmp_path)
    assert [d.location.row for d in result.data_errors] == [2, 4]


def test_bad_cell_only_hides_record_from_rules_needing_it(
    tmp_path: Path, registry: Registry
) -> None:
    # suppliers does not parse: PRC002 (needs suppliers) skips the record, PRC003 (docs) and
    # PRC005 do not need it and still see it.
    header = "id,project,budget,mode,method,suppliers,docs,vendor,date"
    (tmp_path / "procurement.csv").write_text(
        f"{header}\n"
        "P1,会议,2.5万,自行采购,比价,好几家,否,甲公司,2023-03-01\n"
        "P2,会议,2.5万,自行采购,比价,1,否,甲公司,2023-03-02\n",
        "utf-8",
    )
    result = run(registry, tmp_path)
    (dat003,) = result.data_errors
    assert (dat003.location.row, dat003.location.column) == (2, "suppliers")
    assert [v.subject for v in by_code(result, "PRC002")] == ["P2"]
    assert [v.subject for v in by_code(result, "PRC003")] == ["P1", "P2"]
    (record, _) = records_of(tmp_path)
    assert record.suppliers is None and record.invalid == frozenset({"suppliers"})


def test_blank_required_cell_dat003(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(
        f"{ZH_HEADER}\nP1,办公设备,,自行采购,定向采购,2023-03-01\n,无编号,1万,自行采购,定向采购,2023-03-01\n",
        "utf-8",
    )
    result = run(registry, tmp_path)
    found = sorted((d.code, d.location.row, d.location.column) for d in result.data_errors)
    assert found == [("DAT003", 2, "budget"), ("DAT003", 3, "id")]
    assert all("为空" in d.message for d in result.data_errors)
    assert result.violations == ()
    assert result.records == 2


@pytest.mark.parametrize(
    ("column", "value"),
    [("组织形式", "外包"), ("采购日期", "2023-02-30"), ("采购日期", "去年")],
)
def test_other_unparseable_values(
    tmp_path: Path, registry: Registry, column: str, value: str
) -> None:
    row = dict(zip(ZH_HEADER.split(","), ROW_OVER.split(","), strict=True))
    row[column] = value
    (tmp_path / "procurement.csv").write_text(
        ZH_HEADER + "\n" + ",".join(row.values()) + "\n", "utf-8"
    )
    result = run(registry, tmp_path)
    (dat003,) = result.data_errors
    assert dat003.code == "DAT003" and dat003.location.row == 2
    assert value in dat003.message


# -- DAT004 duplicate ids -----------------------------------------------------------------


def test_duplicate_id_dat004_on_second_row(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(
        f"{ZH_HEADER}\n{ROW_OVER}\nP2,b,1万,自行采购,定向采购,2023-03-02\n"
        "P1,again,9万,自行采购,定向采购,2023-03-03\n",
        "utf-8",
    )
    result = run(registry, tmp_path)
    (dat004,) = result.data_errors
    assert dat004.code == "DAT004"
    assert dat004.location.to_dict() == {"file": "procurement.csv", "row": 4, "column": "id"}
    assert "P1" in dat004.message and "2" in dat004.message
    # the duplicate row is not checked: only the first P1 breaks PRC001
    assert [(v.subject, v.location.row) for v in by_code(result, "PRC001")] == [("P1", 2)]


def test_duplicate_id_across_files_of_a_kind(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "procurement.csv").write_text(f"{ZH_HEADER}\n{ROW_OVER}\n", "utf-8")
    (tmp_path / "采购台账.json").write_text(
        json.dumps(
            [
                {
                    "编号": "P1",
                    "项目名称": "x",
                    "预算": "1万",
                    "组织形式": "自行采购",
                    "采购日期": "2023-01-01",
                }
            ],
            ensure_ascii=False,
        ),
        "utf-8",
    )
    result = run(registry, tmp_path)
    (dat004,) = result.data_errors
    assert dat004.location.file == "采购台账.json" and dat004.location.row == 1


def test_kinds_without_key_have_no_duplicates(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "talks.csv").write_text(
        "谈话日期,谈话人,谈话对象\n2023-03-01,谢军,张三\n2023-03-01,谢军,张三\n", "utf-8"
    )
    result = run(registry, tmp_path)
    assert result.data_errors == () and result.records == 2


# -- JSON / TOML / XLSX -------------------------------------------------------------------


def test_json_records_object(tmp_path: Path, registry: Registry) -> None:
    doc = {
        "title": "2023年采购台账",
        "records": [
            {
                "id": "J1",
                "project": "p",
                "budget": 52000.5,
                "mode": "自行采购",
                "method": "定向",
                "date": "2023年8月3日",
                "note": "kept",
            },
            {"id": "J2", "project": "q", "budget": "1万", "mode": "自行采购", "date": "2023.8.4"},
        ],
    }
    (tmp_path / "procurement.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    result = run(registry, tmp_path)
    assert result.data_errors == () and result.records == 2
    (prc001,) = by_code(result, "PRC001")
    assert prc001.location.to_dict() == {"file": "procurement.json", "row": 1, "column": "budget"}
    assert prc001.details["budget"] == "52000.5"
    first, _ = records_of(tmp_path)
    assert first.budget == Decimal("52000.5") and first.extra == {"note": "kept"}


def test_json_list(tmp_path: Path) -> None:
    (tmp_path / "采购.json").write_text(
        '[{"编号": "A", "项目": "p", "预算": 100, "组织形式": "政府采购", "日期": "2023-01-01"}]',
        "utf-8",
    )
    (record,) = records_of(tmp_path)
    assert (record.id, record.budget, record.mode) == ("A", Decimal("100"), "government")


def test_toml_array_of_tables(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "data.toml").write_text(
        '[[procurement]]\nid = "T1"\nproject = "p"\nbudget = "5万"\nmode = "自行采购"\n'
        'method = "定向采购"\ndate = 2023-01-01\n\n'
        '[[talks]]\n"谈话日期" = 2023-03-01\n"谈话人" = "谢军"\n"谈话对象" = "张三"\n',
        "utf-8",
    )
    result = run(registry, tmp_path)
    assert result.data_errors == () and result.records == 2
    (prc001,) = by_code(result, "PRC001")
    assert (prc001.location.file, prc001.location.sheet, prc001.location.row) == (
        "data.toml",
        "procurement",
        1,
    )
    assert result.files == {"data.toml": "procurement,talks"}


def test_toml_named_after_kind(tmp_path: Path) -> None:
    (tmp_path / "procurement.toml").write_text(
        '[[procurement]]\nid = "T1"\nproject = "p"\nbudget = 30000\nmode = "自行采购"\n'
        "date = 2023-01-01\n",
        "utf-8",
    )
    (record,) = records_of(tmp_path)
    assert record.budget == Decimal("30000") and record.date == dt.date(2023, 1, 1)


def test_xlsx_native_values(tmp_path: Path, registry: Registry) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "采购台账"
    sheet.append(["编号", "项目名称", "预算金额（元）", "组织形式", "采购方式", "采购日期", "备注"])
    sheet.append(["X1", "设备", 52000.0, "自行采购", "定向采购", dt.datetime(2023, 8, 3), "n"])
    sheet.append(["X2", "设备", 10000, "自行采购", "定向采购", "2023/8/4", None])
    workbook.save(tmp_path / "book.xlsx")
    result = run(registry, tmp_path)
    assert result.data_errors == ()
    (prc001,) = by_code(result, "PRC001")
    assert (prc001.location.sheet, prc001.location.cell, prc001.details["budget"]) == (
        "采购台账",
        "C2",
        "52000",
    )
    first, second = records_of(tmp_path)
    assert first.date == dt.date(2023, 8, 3) and first.extra == {"备注": "n"}
    assert second.budget == Decimal("10000") and second.date == dt.date(2023, 8, 4)


# -- TableConverter directly --------------------------------------------------------------


def test_table_converter_unit(registry: Registry) -> None:
    schema = registry.kinds["procurement"]
    table = RawTable(
        file="mem.csv",
        sheet=None,
        headers=("编号", "项目", "预算", "组织形式", "日期", "其他"),
        rows=[
            RawRow(2, ("A", "p", "5万", "自行采购", "2023-01-01", "x")),
            RawRow(3, ("B", "p", "bad", "自行采购", "2023-01-01", None)),
        ],
    )
    sink: list[Any] = []
    converter = TableConverter(table, HeaderIndex(schema), sink.append, {})
    assert converter.ok
    first, second = converter.records()
    assert first.extra == {"其他": "x"} and first.location == Location("mem.csv", 2)
    assert second.invalid == frozenset({"budget"}) and second.budget is None
    (diagnostic,) = sink
    assert diagnostic.code == "DAT003" and diagnostic.location.row == 3


def test_header_index_match(registry: Registry) -> None:
    index = HeaderIndex(registry.kinds["procurement"])
    assert index.match("ＩＤ") == "id"
    assert index.match(" 预算金额（元） ") == "budget"
    assert index.match("预算金额(元)") == "budget"
    assert index.match("BUDGET") == "budget"
    assert index.match("备注") is None and index.match("") is None
    assert KindNames(registry.kinds.values()).lookup("ＰＲＯＣＵＲＥＭＥＮＴ") == "procurement"
