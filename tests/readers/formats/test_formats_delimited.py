"""CSV and TSV files."""

from __future__ import annotations

from pathlib import Path

import pytest

from rectikit.readers.formats import RawRow, RawTable, ReadError, read_delimited, read_tables

HEADER = "编号,项目名称,预算金额（元）,采购日期"
HEADERS = ("编号", "项目名称", "预算金额（元）", "采购日期")
BODY = (
    f"{HEADER}\r\n"
    'CG-001,办公设备采购,"25,000.00",2023-03-15\r\n'
    'CG-002,"会议室""改造""",180000,2023/4/1\r\n'
)
ROWS = [
    RawRow(2, ("CG-001", "办公设备采购", "25,000.00", "2023-03-15")),
    RawRow(3, ("CG-002", '会议室"改造"', "180000", "2023/4/1")),
]


def read_one(path: Path, **options: str) -> tuple[RawTable, list[RawRow]]:
    tables = []
    for table in read_delimited(path, path.name, **options):
        tables.append((table, list(table.rows)))
    assert len(tables) == 1
    return tables[0]


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_in_every_encoding(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "采购台账.csv"
    path.write_bytes(BODY.encode(codec))
    table, rows = read_one(path)
    assert table == RawTable("采购台账.csv", None, HEADERS, iter(()))
    assert table.column_letters is None
    assert rows == ROWS


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "talks.tsv"
    path.write_text("谈话对象\t谈话日期\t备注\n张三\t2023-05-06\t含,逗号\n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == ("谈话对象", "谈话日期", "备注")
    assert rows == [RawRow(2, ("张三", "2023-05-06", "含,逗号"))]


def test_csv_with_tabs_and_no_commas_in_header_is_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("编号\t名称\nA1\t甲,乙\n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == ("编号", "名称")
    assert rows == [RawRow(2, ("A1", "甲,乙"))]


def test_tsv_with_commas_and_no_tabs_in_header_is_comma_separated(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_text("编号,名称\nA1,甲\n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == ("编号", "名称")
    assert rows == [RawRow(2, ("A1", "甲"))]


def test_semicolons_are_not_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == ("a;b",)
    assert rows == [RawRow(2, ("1;2",))]


def test_explicit_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    table, rows = read_one(path, delimiter=";")
    assert table.headers == ("a", "b")
    assert rows == [RawRow(2, ("1", "2"))]


def test_blank_lines_count_toward_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(
        "\n"  # row 1
        ",,\n"  # row 2: blank cells only
        "编号,名称,金额\n"  # row 3: header
        "1,甲,100\n"  # row 4
        "\n"  # row 5
        " , ,\t\n"  # row 6: whitespace only
        '2,"两行\n名称",200\n'  # row 7 (one record over two lines)
        "3,丙\n",  # row 8, short
        encoding="utf-8",
    )
    table, rows = read_one(path)
    assert table.headers == ("编号", "名称", "金额")
    assert rows == [
        RawRow(4, ("1", "甲", "100")),
        RawRow(7, ("2", "两行\n名称", "200")),
        RawRow(8, ("3", "丙", None)),
    ]


def test_trailing_blank_headers_and_extra_cells(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("a,b,,\n1,2,,\n3,4,,x,\n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == ("a", "b")
    assert rows == [RawRow(2, ("1", "2")), RawRow(3, ("3", "4", "", "x"))]


def test_values_are_kept_as_read(tmp_path: Path) -> None:
    path = tmp_path / "raw.csv"
    path.write_text(" 编号 ,金额\n 1 , 25000 \n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == (" 编号 ", "金额")
    assert rows == [RawRow(2, (" 1 ", " 25000 "))]


@pytest.mark.parametrize("content", [b"", b"\n\r\n  \n", b"\xef\xbb\xbf"])
def test_empty_file_gives_an_empty_table(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    table, rows = read_one(path)
    assert table.headers == ()
    assert rows == []


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "head.csv"
    path.write_text("a,b\n", encoding="utf-8")
    table, rows = read_one(path)
    assert table.headers == ("a", "b")
    assert rows == []


def test_bad_byte_sequence_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,2\n3,\xff\xfe\x80\n")
    with pytest.raises(ReadError, match=r"^not valid UTF-8 or GB18030 text \(byte 0x.. at offset"):
        read_one(path)


def test_forced_wrong_encoding_raises_from_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    path.write_bytes(("编号,名称\n" + "1,甲\n" * 10000 + "2,乙\n").encode("gb18030"))
    tables = read_delimited(path, "gb.csv", encoding="ascii")
    with pytest.raises(ReadError, match=r"not valid ASCII text \(byte 0xb1 at offset 0, line 1\)"):
        next(tables)

    # header in ASCII, the first non-ASCII byte far down the file: the rows iterator raises
    path.write_bytes(("id,name\n" + "1,a\n" * 10000 + "2,乙\n").encode("gb18030"))
    tables = read_delimited(path, "gb.csv", encoding="utf-8")
    table = next(tables)
    assert table.headers == ("id", "name")
    rows = iter(table.rows)
    with pytest.raises(
        ReadError, match=r"not valid UTF-8 text \(byte 0xd2 at offset 40010, line 10002\)"
    ):
        for _row in rows:
            pass
    tables.close()


def test_unknown_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(ReadError, match="unknown encoding 'xyz'"):
        read_one(path, encoding="xyz")


def test_malformed_csv_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text('a\n"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(
        ReadError, match=r"malformed CSV at line \d+: field larger than field limit"
    ):
        read_one(path)


def test_file_is_closed_when_iteration_ends(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n2\n", encoding="utf-8")
    tables = read_tables(path)
    table = next(tables)
    rows = iter(table.rows)
    assert next(rows) == RawRow(2, ("1",))
    tables.close()
    with pytest.raises(RuntimeError, match="consume each table's rows"):
        next(rows)


def test_rows_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "1,2\n" * 100_000, encoding="utf-8")
    for table in read_tables(path):
        count = 0
        for row in table.rows:
            count += 1
            assert row.row == count + 1
        assert count == 100_000


def test_nul_characters_read_alike_on_every_python(tmp_path: Path) -> None:
    """csv before Python 3.11 refuses NUL; rectikit reads it as a character everywhere,
    and a private-use character in the data is left as it is."""
    path = tmp_path / "t.csv"
    path.write_text("名称,备注\n甲\x00乙,\ue000\ue001\x00\ue002\n", encoding="utf-8")
    rows = [row.values for table in read_delimited(path, "t.csv") for row in table.rows]
    assert rows == [("甲\x00乙", "\ue000\ue001\x00\ue002")]
