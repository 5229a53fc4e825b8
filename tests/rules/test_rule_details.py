"""Where a violation points (file, row, column) and what its ``details`` say.

The data cases in ``test_rule_cases.py`` check subjects and severities; these check the
rest of a violation for one dataset per PRC rule (CLI.md "JSON output": ``location``
with file, row and column; ``details`` with exact, unformatted values), plus the
computed figures ITG001 and ELC001 report.

JSON rows are the 1-based position of the record in its list; CSV rows count the
header as row 1 (DATA.md).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from support import check_data, only

import rectikit
from rectikit.engine.config import parse_config
from rectikit.plugins import Registry

#: The rows checked with ``select`` (no data errors allowed; run warnings are not asserted).
run = partial(check_data, allow_warnings=True)


def row(id_: str, budget: str, mode: str = "自行采购", **fields: str) -> dict[str, str]:
    """A procurement row with the required columns."""
    return {
        "id": id_,
        "project": "办公用品",
        "budget": budget,
        "mode": mode,
        "date": fields.pop("date", "2023-08-03"),
        **fields,
    }


def test_prc001_location_details_and_message(tmp_path: Path, registry: Registry) -> None:
    data = {
        "procurement": [
            row("P1", "2万元", method="定向采购"),
            row("P2023-017", "52,000.00", method="定向采购"),
        ]
    }
    v = only(run(tmp_path, registry, data, select=["PRC001"]), "PRC001")
    assert v.subject == "P2023-017"
    assert (v.location.file, v.location.row, v.location.column) == ("procurement.json", 2, "budget")
    assert v.details == {"budget": "52000.00", "limit": "20000"}
    assert v.message == "定向采购项目预算 52,000.00 元，超过定向采购限额 20,000.00 元"
    assert (v.name, v.severity.value, v.kind) == ("directed-over-limit", "error", "procurement")
    assert v.citation == "《政府采购内部控制规范》（单位修订版）"
    as_json = v.to_dict()
    assert as_json["location"] == {"file": "procurement.json", "row": 2, "column": "budget"}
    assert as_json["details"] == {"budget": "52000.00", "limit": "20000"}


def test_prc001_limit_detail_follows_config(tmp_path: Path, registry: Registry) -> None:
    data = {"procurement": [row("P1", "50,000.01", method="定向采购")]}
    config = {"params": {"PRC": {"direct_limit": "5万"}}}
    v = only(run(tmp_path, registry, data, select=["PRC001"], config=config), "PRC001")
    assert v.details == {"budget": "50000.01", "limit": "50000"}
    assert "50,000.00 元" in v.message


def test_prc001_csv_rows_count_the_header(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "采购台账.csv").write_text(
        "编号,项目名称,预算金额（元）,组织形式,采购方式,日期\n"
        "P1,办公用品,2万元,自行采购,定向采购,2023-08-03\n"
        'P2,会议服务,"52,000.00",自行采购,定向采购,2023/8/3\n',
        encoding="utf-8",
    )
    result = rectikit.check(
        tmp_path,
        as_of=date(2023, 12, 31),
        config=parse_config({}),
        select=["PRC001"],
        registry=registry,
    )
    assert not result.data_errors
    v = only(result, "PRC001")
    assert (v.subject, v.location.file, v.location.row, v.location.column) == (
        "P2",
        "采购台账.csv",
        3,
        "budget",
    )


def test_prc002_points_at_suppliers(tmp_path: Path, registry: Registry) -> None:
    data = {
        "procurement": [
            row("P1", "8万", method="比价", suppliers="3家", docs="是"),
            row("P2", "8万", method="比价", suppliers="", docs="是"),
        ]
    }
    v = only(run(tmp_path, registry, data, select=["PRC002"]), "PRC002")
    assert (v.subject, v.location.row, v.location.column) == ("P2", 2, "suppliers")
    assert v.details == {"budget": "80000", "suppliers": "0", "min_suppliers": "3"}
    assert v.severity.value == "error"


def test_prc002_exception_is_reported_with_info(tmp_path: Path, registry: Registry) -> None:
    data = {
        "procurement": [
            row("P1", "8万", method="比价", suppliers="1家", exception="原厂唯一维保"),
        ]
    }
    v = only(run(tmp_path, registry, data, select=["PRC002"]), "PRC002")
    assert v.severity.value == "info"
    assert v.details == {
        "budget": "80000",
        "suppliers": "1",
        "min_suppliers": "3",
        "exception": "原厂唯一维保",
    }


def test_prc003_points_at_docs(tmp_path: Path, registry: Registry) -> None:
    data = {
        "procurement": [
            row("P1", "3万", method="比价", docs="是"),
            row("P2", "3万", method="比价", docs="否"),
            row("P3", "1万", method="比价", docs="否"),
        ]
    }
    v = only(run(tmp_path, registry, data, select=["PRC003"]), "PRC003")
    assert (v.subject, v.location.row, v.location.column) == ("P2", 2, "docs")
    assert v.details == {"budget": "30000", "limit": "20000"}


def test_prc004_points_at_budget(tmp_path: Path, registry: Registry) -> None:
    data = {
        "procurement": [
            row("P1", "30万元", method="比价"),
            row("P2", "300,000.01", method="比价"),
        ]
    }
    v = only(run(tmp_path, registry, data, select=["PRC004"]), "PRC004")
    assert (v.subject, v.location.row, v.location.column) == ("P2", 2, "budget")
    assert v.details == {"budget": "300000.01", "limit": "300000"}


def test_prc005_points_at_the_window_start(tmp_path: Path, registry: Registry) -> None:
    """The window's earliest record (by date) is where the violation points, not row 1."""
    data = {
        "procurement": [
            row("P3", "8000", method="定向采购", vendor="某文具店", date="2023-08-30"),
            row("P2", "八千元", method="定向采购", vendor="某文具店", date="2023年8月10日"),
            row("P1", "8,000.00", method="定向采购", vendor="某文具店", date="2023/8/1"),
        ]
    }
    v = only(run(tmp_path, registry, data, select=["PRC005"]), "PRC005")
    assert v.subject == "P1+P2+P3"
    assert (v.location.file, v.location.row, v.location.column) == ("procurement.json", 3, "budget")
    assert v.details == {
        "vendor": "某文具店",
        "count": "3",
        "ids": "P1、P2、P3",
        "total": "24000.00",
        "limit": "20000",
        "days": "30",
    }
    assert v.severity.value == "warning"


def test_prc006_limit_by_category(tmp_path: Path, registry: Registry) -> None:
    data = {
        "procurement": [
            row("P1", "1.2亿", mode="政府采购", method="竞争性磋商", category="工程"),
            row("P2", "200万", mode="政府采购", method="竞争性磋商", category="货物"),
            row("P3", "300万", mode="政府采购", method="竞争性磋商"),
        ]
    }
    result = run(tmp_path, registry, data, select=["PRC006"])
    found = {v.subject: v for v in result.violations if v.code == "PRC006"}
    assert set(found) == {"P1", "P2", "P3"}
    assert found["P1"].details == {"budget": "120000000", "limit": "4000000"}
    assert found["P2"].details == {"budget": "2000000", "limit": "2000000"}
    assert found["P3"].details == {"budget": "3000000", "limit": "2000000"}
    assert [found[s].location.row for s in ("P1", "P2", "P3")] == [1, 2, 3]
    assert {v.location.column for v in found.values()} == {"budget"}


def test_itg001_reports_required_and_pair_days(tmp_path: Path, registry: Registry) -> None:
    data = {
        "staff": [{"name": "张三", "division": "办公室", "start": "2023-07-01"}],
        "oversight": [{"leader": "谢军", "division": "办公室"}],
        "talks": [{"date": "2023-09-20", "leader": "谢军", "staff": "张三", "form": "一对一"}],
    }
    v = only(run(tmp_path, registry, data, select=["ITG001"]), "ITG001")
    assert v.subject == "谢军|张三|2023"
    assert v.details == {
        "leader": "谢军",
        "staff": "张三",
        "year": "2023",
        "count": "1",
        "required": "2",
        "pair_days": "184",
        "division": "办公室",  # the unit reports group by
    }


def test_elc001_points_at_the_due_column(tmp_path: Path, registry: Registry) -> None:
    data = {
        "party_orgs": [
            {
                "id": "O1",
                "name": "第一党支部",
                "type": "党支部",
                "elected": "2020-06-30",
                "filed": "2020-07-10",
            },
            {
                "id": "O2",
                "name": "第二党支部",
                "type": "党支部",
                "elected": "2019-06-30",
                "filed": "2019-07-10",
                "postponed_until": "2023-06-30",
            },
        ]
    }
    result = run(tmp_path, registry, data, select=["ELC001"], as_of=date(2023, 7, 1))
    found = {v.subject: v for v in result.violations if v.code == "ELC001"}
    assert set(found) == {"O1", "O2"}
    assert (found["O1"].location.row, found["O1"].location.column) == (1, "elected")
    assert (found["O2"].location.row, found["O2"].location.column) == (2, "postponed_until")
    assert found["O1"].details == {
        "name": "第一党支部",
        "id": "O1",
        "due": "2023-06-30",
        "days": "1",
    }


def test_prc_details_name_the_purchasing_unit(tmp_path: Path, registry: Registry) -> None:
    """Reports group violations by unit: a purchase's unit travels in its details."""
    row = {
        "id": "P1",
        "project": "会议服务",
        "budget": "5万",
        "mode": "自行采购",
        "method": "定向采购",
        "unit": "办公室",
        "date": "2023-08-03",
    }
    plain = {k: v for k, v in row.items() if k != "unit"} | {"id": "P2"}
    result = run(tmp_path, registry, {"procurement": [row, plain]}, select=["PRC001"])
    units = {v.subject: v.details.get("unit") for v in result.violations}
    assert units == {"P1": "办公室", "P2": None}
