"""No DTD, no entity, no external reference in any part of an XLSX package (XXE, billion
laughs): each is refused with a one-line read error, and nothing is expanded or fetched."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from xlsx_support import rectikit_cells, shared_strings, sheet, styles, write_package

from rectikit.readers.formats import ReadError, read_xlsx
from rectikit.readers.formats.xlsx_xml import local_name, parse_part

LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def doctype(xml: str, dtd: str) -> str:
    """``xml`` with ``dtd`` inserted after its XML declaration."""
    head, _, rest = xml.partition("?>")
    return f"{head}?>{dtd}{rest}"


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-记录", encoding="utf-8")
    return secret


def read_all(path: Path) -> list[list[object]]:
    return [list(row.values) for table in read_xlsx(path, path.name) for row in table.rows]


@pytest.mark.parametrize("fast", [True, False])
def test_billion_laughs_in_a_worksheet(tmp_path: Path, fast: bool) -> None:
    xml = doctype(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'), LAUGHS)
    path = write_package(tmp_path / "laughs.xlsx", [("表", xml)])
    started = time.perf_counter()
    with pytest.raises(
        ReadError, match=r"^corrupt worksheet '表' \(a DTD \(<!DOCTYPE>\) is not allowed\)$"
    ):
        rectikit_cells(path, fast=fast)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("fast", [True, False])
def test_external_entity_in_a_worksheet(tmp_path: Path, fast: bool) -> None:
    secret = secret_file(tmp_path)
    dtd = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    xml = doctype(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'), dtd)
    path = write_package(tmp_path / "xxe.xlsx", [("表", xml)])
    with pytest.raises(ReadError, match=r"a DTD \(<!DOCTYPE>\) is not allowed") as caught:
        rectikit_cells(path, fast=fast)
    assert "TOP-SECRET" not in str(caught.value)


@pytest.mark.parametrize(
    "dtd",
    [
        '<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/evil.dtd">',
        '<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
        "<!DOCTYPE worksheet>",
    ],
)
def test_any_doctype_is_refused(tmp_path: Path, dtd: str) -> None:
    path = write_package(tmp_path / "d.xlsx", [("表", doctype(sheet(""), dtd))])
    with pytest.raises(ReadError, match=r"^corrupt worksheet '表' \(a DTD"):
        read_all(path)


@pytest.mark.parametrize("fast", [True, False])
def test_an_undeclared_entity_is_corrupt(tmp_path: Path, fast: bool) -> None:
    xml = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
    path = write_package(tmp_path / "u.xlsx", [("表", xml)])
    with pytest.raises(ReadError, match=r"^corrupt worksheet '表' \(XML error: undefined entity"):
        rectikit_cells(path, fast=fast)


@pytest.mark.parametrize(
    "part",
    ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"],
)
def test_no_doctype_in_the_other_parts(tmp_path: Path, part: str) -> None:
    secret = secret_file(tmp_path)
    dtd = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'

    def build(name: str, parts: dict[str, bytes | str] | None = None) -> Path:
        return write_package(
            tmp_path / name,
            [("表", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
            strings=shared_strings(["<t>x</t>"]),
            style_part=styles([0]),
            parts=parts,
        )

    with zipfile.ZipFile(build("plain.xlsx")) as archive:
        text = archive.read(part).decode()
    patched = build("patched.xlsx", {part: doctype(text, dtd)})
    with pytest.raises(ReadError, match=r"^not an XLSX workbook \(part .*: a DTD") as caught:
        read_all(patched)
    assert "TOP-SECRET" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_billion_laughs_in_shared_strings(tmp_path: Path) -> None:
    strings = doctype(shared_strings(["<t>&j;</t>"]), LAUGHS.replace("worksheet", "sst"))
    path = write_package(
        tmp_path / "s.xlsx",
        [("表", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
        strings=strings,
    )
    with pytest.raises(
        ReadError,
        match=r"^not an XLSX workbook \(part 'xl/sharedStrings\.xml': a DTD \(<!DOCTYPE>\) is "
        r"not allowed\)$",
    ):
        read_all(path)


def test_parse_part_and_local_names() -> None:
    root = parse_part(b'<x:a xmlns:x="urn:x"><x:b/><c/></x:a>')
    assert [local_name(child.tag) for child in root] == ["b", "c"]
    assert local_name("x:row") == local_name("{urn:x}row") == local_name("row") == "row"


@pytest.mark.parametrize("fast", [True, False])
def test_an_unknown_encoding_is_corrupt(tmp_path: Path, fast: bool) -> None:
    xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace("UTF-8", "TF-8")
    path = write_package(tmp_path / "e.xlsx", [("表", xml)])
    with pytest.raises(ReadError, match=r"^corrupt worksheet '表' \(XML error: unknown encoding"):
        rectikit_cells(path, fast=fast)
    strings = shared_strings(["<t>x</t>"]).replace("UTF-8", "x-none")
    path = write_package(tmp_path / "s.xlsx", [("表", sheet(""))], strings=strings)
    with pytest.raises(ReadError, match=r"'xl/sharedStrings\.xml': XML error: unknown encoding"):
        rectikit_cells(path, fast=fast)


HUGE = 12 * 1024 * 1024


@pytest.mark.parametrize("where", ["head", "tail", "shared strings"])
@pytest.mark.parametrize("fast", [True, False])
def test_a_huge_comment_is_read_in_growing_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, fast: bool
) -> None:
    """Expat (before 2.6) re-reads an unfinished token at every call: read in fixed
    128 KB chunks, a 12 MB comment would take 96 calls and quadratic time."""
    from rectikit.readers.formats.xlsx_package import BoundedPart, XlsxLimits

    comment = "<!--" + "注" * (HUGE // 3) + "-->"
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    xml = sheet(
        rows, head=comment if where == "head" else "", tail=comment if where == "tail" else ""
    )
    strings = shared_strings(["<t>x</t>" + (comment if where == "shared strings" else "")])
    path = write_package(tmp_path / "c.xlsx", [("表", xml)], strings=strings)
    reads: list[int] = []
    real = BoundedPart.read

    def counting(self: BoundedPart, size: int = -1) -> bytes:
        reads.append(size)
        return real(self, size)

    monkeypatch.setattr(BoundedPart, "read", counting)
    limits = XlsxLimits(max_compression_ratio=1e9)
    assert rectikit_cells(path, fast=fast, limits=limits) == {"表": {(1, 1): "x"}}
    assert len(reads) < 40, len(reads)
