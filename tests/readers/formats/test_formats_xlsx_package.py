"""The XLSX package: sheets in workbook order, broken packages, and the zip-bomb limits."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from xlsx_support import MAIN, RELS, fast_path_covers, rectikit_cells, sheet, write_package

from rectikit.readers.formats import ReadError, read_xlsx
from rectikit.readers.formats.xlsx_package import (
    DEFAULT_LIMITS,
    BoundedPart,
    LimitError,
    Package,
    XlsxLimits,
    _Budget,
)

ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>'


def titles(path: Path) -> list[str]:
    with Package(path) as package:
        return [ref.title for ref in package.sheets]


def test_sheets_in_workbook_order_without_chartsheets(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "w.xlsx",
        [("乙", sheet(ROW.format("b"))), ("图", "<chartsheet/>"), ("甲", sheet(ROW.format("a")))],
        chartsheets=[1],
    )
    assert titles(path) == ["乙", "甲"]
    assert rectikit_cells(path) == {"乙": {(1, 1): "b"}, "甲": {(1, 1): "a"}}


def test_workbook_part_found_through_the_content_types(tmp_path: Path) -> None:
    """A workbook that is not xl/workbook.xml, with absolute and ``..`` targets and no
    styles relationship (styles then come from xl/styles.xml, as openpyxl reads them)."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/book/main.xml" ContentType="{ct}.sheet.main+xml"/></Types>'
        ),
        "book/main.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><workbookPr date1904="true"/><sheets>'
            '<sheet name="一" sheetId="1" r:id="a"/><sheet name="二" sheetId="2" r:id="b"/>'
            '<sheet name="无" sheetId="3"/></sheets></workbook>'
        ),
        "book/_rels/main.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="a" Type="{RELS}/worksheet" Target="/sheets/one.xml"/>'
            f'<Relationship Id="b" Type="{RELS}/worksheet" Target="../sheets/two.xml"/>'
            f'<Relationship Id="c" Type="{RELS}/hyperlink" Target="http://x"'
            ' TargetMode="External"/>'
            "</Relationships>"
        ),
        "sheets/one.xml": sheet('<row r="1"><c r="A1" s="1"><v>1</v></c></row>'),
        "sheets/two.xml": sheet(ROW.format("二")),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/>'
            "</cellXfs></styleSheet>"
        ),
    }
    path = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    cells = rectikit_cells(path)
    assert list(cells) == ["一", "二"]
    assert str(cells["一"][(1, 1)]) == "1904-01-02 00:00:00"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("[Content_Types].xml", r"^not an XLSX workbook \(no \[Content_Types\]\.xml\)$"),
        ("xl/workbook.xml", r"^not an XLSX workbook \(part 'xl/workbook\.xml' is missing\)$"),
        ("xl/worksheets/sheet2.xml", r"sheet '二': part 'xl/worksheets/sheet2\.xml' is missing"),
    ],
)
def test_missing_parts(tmp_path: Path, damage: str, message: str) -> None:
    path = write_package(tmp_path / "m.xlsx", [("一", sheet("")), ("二", sheet(""))])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            if item.filename != damage:
                target.writestr(item, source.read(item.filename))
    with pytest.raises(ReadError, match=message):
        list(read_xlsx(broken, "broken.xlsx"))


@pytest.mark.parametrize(
    ("part", "text", "message"),
    [
        ("xl/workbook.xml", "<workbook", r"part 'xl/workbook\.xml': XML error: "),
        (
            "xl/_rels/workbook.xml.rels",
            "<Relationships x='1' x='2'>",
            r"XML error: duplicate attribute",
        ),
        ("[Content_Types].xml", "<Types xmlns='urn:x'/>", r"no workbook part in \[Content_Types\]"),
        (
            "xl/styles.xml",
            f"<styleSheet xmlns='{MAIN}'><cellXfs><xf numFmtId='x'/></cellXfs></styleSheet>",
            r"bad number 'x'",
        ),
    ],
)
def test_corrupt_workbook_parts(tmp_path: Path, part: str, text: str, message: str) -> None:
    path = write_package(tmp_path / "c.xlsx", [("一", sheet(""))], parts={part: text})
    with pytest.raises(ReadError, match=r"^not an XLSX workbook \(.*" + message) as caught:
        list(read_xlsx(path, "c.xlsx"))
    assert "\n" not in str(caught.value)


def test_a_sheet_pointing_nowhere(tmp_path: Path) -> None:
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="一" sheetId="1" r:id="rId9"/></sheets></workbook>'
    )
    path = write_package(
        tmp_path / "n.xlsx", [("一", sheet(""))], parts={"xl/workbook.xml": workbook}
    )
    with pytest.raises(ReadError, match=r"sheet '一' has no relationship 'rId9'"):
        list(read_xlsx(path, "n.xlsx"))


def test_a_mangled_zip_directory(tmp_path: Path) -> None:
    path = write_package(tmp_path / "z.xlsx", [("一", sheet(ROW.format("x")))])
    data = path.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(data[: end + 16] + struct.pack("<I", 2**31) + data[end + 20 :])
    with pytest.raises(ReadError, match=r"^not an XLSX workbook \("):
        list(read_xlsx(broken, "broken.xlsx"))


# --- zip bombs ----------------------------------------------------------------------


def bomb(tmp_path: Path, megabytes: float, name: str = "bomb.xlsx") -> Path:
    row = '<row r="1"><c r="A1"><v>0</v></c></row>'
    rows = row * int(megabytes * 1024 * 1024 / len(row))
    return write_package(tmp_path / name, [("炸弹", sheet(rows))])


def test_a_part_larger_than_the_limit(tmp_path: Path) -> None:
    path = bomb(tmp_path, 2.5)
    assert path.stat().st_size < 100_000  # a few KB that would expand to megabytes
    with pytest.raises(
        ReadError,
        match=r"^part 'xl/worksheets/sheet1\.xml' expands past the 1 MB limit on "
        r"uncompressed data \(a zip bomb\?\)$",
    ):
        list(read_xlsx(path, "bomb.xlsx", limits=XlsxLimits(max_uncompressed_mb=1)))
    assert [t.sheet for t in read_xlsx(path, "bomb.xlsx", limits=XlsxLimits(max_uncompressed_mb=4))]


def test_the_limit_covers_all_parts_together(tmp_path: Path) -> None:
    row = '<row r="1"><c r="A1"><v>0</v></c></row>' * 20_000  # about 0.8 MB each
    path = write_package(tmp_path / "two.xlsx", [("一", sheet(row)), ("二", sheet(row))])
    tables = read_xlsx(path, "two.xlsx", limits=XlsxLimits(max_uncompressed_mb=1))
    first = next(tables)
    list(first.rows)
    with pytest.raises(LimitError, match="expands past the 1 MB limit"):
        next(tables)


def test_a_sheet_read_twice_counts_once(tmp_path: Path) -> None:
    """The fast path hands over at the end of the sheet (a comment): the exact path reads
    the part again, and the limit counts it once; the exact reading is still bounded."""
    row = '<row r="1"><c r="A1"><v>0</v></c></row>'
    rows = row * int(0.7 * 1024 * 1024 / len(row)) + "<!-- 注 -->"
    path = write_package(tmp_path / "late.xlsx", [("一", sheet(rows))])
    assert fast_path_covers(path) == [False]
    assert rectikit_cells(path, limits=XlsxLimits(max_uncompressed_mb=1)) == {"一": {(1, 1): 0}}
    early = write_package(tmp_path / "early.xlsx", [("一", sheet("<!-- 注 -->" + rows * 2))])
    with pytest.raises(LimitError, match="expands past the 1 MB limit"):
        rectikit_cells(early, limits=XlsxLimits(max_uncompressed_mb=1))


def patched_sizes(path: Path, member: str, *, file_size: int) -> Path:
    """A copy of ``path`` whose central directory lies about ``member``'s size."""
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    count = struct.unpack_from("<H", data, end + 10)[0]
    offset = struct.unpack_from("<I", data, end + 16)[0]
    for _ in range(count):
        name_len, extra, comment = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, offset + 24, file_size)
        offset += 46 + name_len + extra + comment
    liar = path.with_name("liar-" + path.name)
    liar.write_bytes(bytes(data))
    return liar


def test_a_member_that_lies_about_its_size(tmp_path: Path) -> None:
    """The header says 2 KB; the data expands to megabytes. zipfile stops at the declared
    size and the CRC check fails: a read error, never more data than declared."""
    path = patched_sizes(bomb(tmp_path, 3), "xl/worksheets/sheet1.xml", file_size=2048)
    with Package(path, XlsxLimits(max_uncompressed_mb=1)) as package:
        part = package.open_part("xl/worksheets/sheet1.xml")
        with pytest.raises(zipfile.BadZipFile):
            while part.read(65536):
                pass
        assert part.read_bytes <= 2048
    with pytest.raises(ReadError, match=r"^corrupt worksheet '炸弹' \("):
        for table in read_xlsx(path, "liar.xlsx", limits=XlsxLimits(max_uncompressed_mb=1)):
            list(table.rows)


def test_bytes_actually_read_are_counted() -> None:
    """Whatever the header says, the count of bytes read enforces the limits."""
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.file_size, info.compress_size = 10, 10
    limits = XlsxLimits(max_uncompressed_mb=1, max_compression_ratio=1e9)
    part = BoundedPart(io.BytesIO(b"x" * (2 * 1024 * 1024)), info, _Budget(limits))
    with pytest.raises(LimitError, match="expands past the 1 MB limit"):
        while part.read(65536):
            pass
    ratio = XlsxLimits(max_compression_ratio=100)
    part = BoundedPart(io.BytesIO(b"x" * (11 * 1024 * 1024)), info, _Budget(ratio))
    with pytest.raises(LimitError, match=r"is compressed \d+:1, over the 100:1 limit"):
        while part.read(65536):
            pass


def test_compression_ratio(tmp_path: Path) -> None:
    path = bomb(tmp_path, 11)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size / info.compress_size > 200
    with pytest.raises(
        ReadError,
        match=r"^part 'xl/worksheets/sheet1\.xml' is compressed \d+:1, over the 200:1 limit "
        r"\(a zip bomb\?\)$",
    ):
        list(read_xlsx(path, "bomb.xlsx"))
    loose = XlsxLimits(max_compression_ratio=100_000)
    assert sum(len(list(t.rows)) for t in read_xlsx(path, "bomb.xlsx", limits=loose)) > 100_000


def test_unread_members_are_never_inflated(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "x.xlsx", [("一", sheet(ROW.format("x")))], parts={"junk.bin": b"\0" * 1_000_000}
    )
    liar = patched_sizes(path, "junk.bin", file_size=2**32 - 1)
    assert rectikit_cells(liar, limits=XlsxLimits(max_uncompressed_mb=1)) == {"一": {(1, 1): "x"}}


def test_default_limits() -> None:
    assert DEFAULT_LIMITS == XlsxLimits(
        max_uncompressed_mb=1024, max_compression_ratio=200, max_rows=1_048_576
    )
    assert DEFAULT_LIMITS.max_uncompressed_bytes == 1024**3


def test_a_zip_bomb_in_a_dataset_is_one_data_error(tmp_path: Path) -> None:
    import rectikit

    bomb(tmp_path, 11, "采购台账.xlsx")
    result = rectikit.check(tmp_path, as_of="2023-12-31", plugins=False)
    [error] = result.data_errors
    assert error.code == "DAT001"
    assert "over the 200:1 limit (a zip bomb?)" in error.message
