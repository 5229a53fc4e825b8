"""XLSX workbooks written with openpyxl at test time."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from rectikit.readers.formats import RawRow, RawTable, ReadError, read_tables, read_xlsx
from rectikit.readers.formats.xlsx import cell_value


def build_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购台账"
    # row 1 left blank; header on row 2 with a gap in column E
    for column, name in enumerate(
        ["编号", "项目名称", "预算金额（元）", "采购日期", None, "备注"], 1
    ):
        ws.cell(row=2, column=column, value=name)
    ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "CG-001", "办公设备", 25000.5, dt.date(2023, 3, 15)
    ws["A4"], ws["B4"], ws["C4"], ws["F4"] = "CG-002", "会议室改造", 180000, True
    # row 5 blank, row 6 whitespace only
    ws["B6"] = "   "
    ws["A7"], ws["C7"] = "CG-003", 25000.0
    ws["B7"] = "合并单元格"
    ws.merge_cells("B7:B8")
    ws["A8"] = "CG-004"
    ws["H8"] = "表外备注"  # beyond the last header
    ws.merge_cells("A10:C10")  # a merged but empty region
    talks = wb.create_sheet("谈话记录")
    talks.append(["谈话对象", "谈话时间"])
    talks.append(["张三", dt.datetime(2023, 5, 6, 14, 30)])
    wb.create_sheet("Sheet3")  # empty
    chart_data = wb.create_sheet("数据")
    chart_data.append(["x"])
    chart_data.append([1])
    chart = BarChart()
    chart.add_data(Reference(chart_data, min_col=1, min_row=1, max_row=2), titles_from_data=True)
    wb.create_chartsheet("图表").add_chart(chart)
    wb.save(path)
    return path


def read_all(path: Path) -> list[tuple[RawTable, list[RawRow]]]:
    return [(table, list(table.rows)) for table in read_xlsx(path, path.name)]


def test_sheets_headers_rows_and_letters(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "台账.xlsx")
    tables = read_all(path)
    assert [table.sheet for table, _ in tables] == ["采购台账", "谈话记录", "Sheet3", "数据"]

    procurement, rows = tables[0]
    assert procurement.file == "台账.xlsx"
    assert procurement.headers == ("编号", "项目名称", "预算金额（元）", "采购日期", "", "备注")
    assert procurement.column_letters == ("A", "B", "C", "D", "E", "F")
    assert rows == [
        RawRow(3, ("CG-001", "办公设备", Decimal("25000.5"), dt.datetime(2023, 3, 15), None, None)),
        RawRow(4, ("CG-002", "会议室改造", 180000, None, None, True)),
        RawRow(7, ("CG-003", "合并单元格", Decimal("25000"), None, None, None)),
        RawRow(8, ("CG-004", None, None, None, None, None, None, "表外备注")),
    ]
    assert isinstance(rows[0].values[2], Decimal)
    assert type(rows[1].values[2]) is int

    talks, talk_rows = tables[1]
    assert talks.headers == ("谈话对象", "谈话时间")
    assert talks.column_letters == ("A", "B")
    assert talk_rows == [RawRow(2, ("张三", dt.datetime(2023, 5, 6, 14, 30)))]

    empty, empty_rows = tables[2]
    assert (empty.headers, empty.column_letters, empty_rows) == ((), (), [])


def test_wrong_stored_dimension_is_ignored(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "a.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B3"', data)
                assert count == 1
            target.writestr(item, data)
    [(table, rows), *_] = read_all(broken)
    assert table.headers[-1] == "备注"
    assert rows[-1] == RawRow(8, ("CG-004", None, None, None, None, None, None, "表外备注"))


def test_workbook_is_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_workbook(tmp_path / "a.xlsx")
    opened: list[zipfile.ZipFile] = []
    real = zipfile.ZipFile

    def spy(*args: Any, **kwargs: Any) -> zipfile.ZipFile:
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(zipfile, "ZipFile", spy)  # the reader opens the package with it

    read_all(path)
    assert opened[-1].fp is None

    tables = read_xlsx(path, "a.xlsx")
    table = next(tables)
    rows = iter(table.rows)
    next(rows)
    assert opened[-1].fp is not None
    tables.close()
    assert opened[-1].fp is None
    with pytest.raises(RuntimeError, match="consume each table's rows"):
        next(rows)


def test_rows_of_a_passed_sheet_fail_clearly(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "a.xlsx")
    tables = read_xlsx(path, "a.xlsx")
    first = next(tables)
    next(tables)
    with pytest.raises(RuntimeError, match="sheet '采购台账'"):
        list(first.rows)
    tables.close()


def test_xlsm_and_upper_case_suffix_dispatch(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "a.xlsx")
    for name in ("b.xlsm", "C.XLSX"):
        copy = tmp_path / name
        copy.write_bytes(path.read_bytes())
        sheets = [table.sheet for table in read_tables(copy)]
        assert sheets == ["采购台账", "谈话记录", "Sheet3", "数据"]


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("编号,名称\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        list(read_tables(path))
    assert str(caught.value) == "not an XLSX workbook (File is not a zip file)"


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"^not an XLSX workbook \("):
        list(read_xlsx(path, "fake.xlsx"))


def test_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ReadError, match=r"old binary \.xls file or a password-protected"):
        list(read_xlsx(path, "old.xlsx"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read file"):
        list(read_xlsx(tmp_path / "missing.xlsx", "missing.xlsx"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (25000.0, Decimal("25000")),
        (0.1, Decimal("0.1")),
        (1234.56, Decimal("1234.56")),
        (1e16, Decimal("1E+16")),
        (7, 7),
        (True, True),
        ("0.1", "0.1"),
        (None, None),
    ],
)
def test_cell_value(value: object, expected: object) -> None:
    converted = cell_value(value)
    assert converted == expected
    assert type(converted) is type(expected)
    assert not isinstance(converted, float)


def test_corrupt_worksheet(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "a.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # cut off mid-document
            target.writestr(item, data)
    tables = read_xlsx(broken, "broken.xlsx")
    assert list(next(tables).rows)  # the first sheet is fine
    with pytest.raises(ReadError, match=r"^corrupt worksheet '谈话记录' \("):
        for table in tables:
            list(table.rows)


def test_reading_does_not_import_openpyxl(tmp_path: Path) -> None:
    """Data workbooks are read without openpyxl (it stays for ledgers and reports)."""
    path = build_workbook(tmp_path / "采购台账.xlsx")  # read by the check as procurement
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import rectikit\n"
        "from rectikit.readers.formats import read_xlsx\n"
        "path = Path(sys.argv[1])\n"
        "rows = sum(len(list(table.rows)) for table in read_xlsx(path, path.name))\n"
        "rectikit.check(str(path.parent), as_of='2023-12-31')\n"
        "print(rows, 'openpyxl' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["6", "False"]


def test_the_xlsx_machinery_loads_only_for_workbooks() -> None:
    code = (
        "import sys\n"
        "import rectikit.readers.formats\n"
        "print([m for m in sys.modules if 'formats.xlsx_' in m or m.startswith('defusedxml')])\n"
        "from rectikit.readers.formats.xlsx import XlsxLimits, cell_value\n"
        "print(XlsxLimits().max_rows, cell_value(2.0))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "1048576 2"]
