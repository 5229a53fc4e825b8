"""Shared strings: the fast path reads exactly what the exact (expat) path reads."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_support import MAIN, openpyxl_cells, rectikit_cells, sheet, write_package

from rectikit.readers.formats import ReadError, read_xlsx
from rectikit.readers.formats.xlsx_package import LimitError, Package, XlsxLimits
from rectikit.readers.formats.xlsx_strings import exact_shared_strings, fast_shared_strings
from rectikit.readers.formats.xlsx_xml import CHUNK

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Characters XML forbids even as references, and the ones UTF-8 lets through.
FORBIDDEN = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])) + "\ufffe\uffff"
TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters=FORBIDDEN),
        st.sampled_from("采购台账整改漢字かんじ&<>\"' \t\n\r\u3000"),
    ),
    max_size=12,
)


def part(items: list[str], *, head: str = DECLARATION, root: str = "") -> bytes:
    """A shared-strings part from the XML of each ``<si>`` (whole)."""
    count = f' count="{len(items)}" uniqueCount="{len(items)}"'
    return f'{head}<sst xmlns="{MAIN}"{count}{root}>{"".join(items)}</sst>'.encode()


def both(data: bytes, *, step: int | None = None) -> list[str] | None:
    """The fast path's strings (``None``: it hands over), after checking that where it
    reads a part, it reads what the exact path reads."""
    fast = fast_shared_strings(_Trickle(data, step) if step else io.BytesIO(data))
    if fast is not None:
        assert fast == exact_shared_strings(io.BytesIO(data))
    return fast


class _Trickle(io.BytesIO):
    """A part that gives at most ``step`` bytes a read (chunk boundaries anywhere)."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self.step = step

    def read(self, size: int | None = -1, /) -> bytes:
        return super().read(self.step if size is None or size < 0 else min(size, self.step))


@st.composite
def xml_text(draw: st.DrawFn) -> tuple[str, str]:
    """(text, its XML) with references where they must be and, at random, elsewhere."""
    text = draw(TEXT)
    out = []
    for char in text:
        how = draw(st.sampled_from(["raw", "raw", "raw", "decimal", "hex"]))
        if char in "&<>\r" and how == "raw":
            how = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}[char]
            out.append(how)
        elif how == "decimal":
            out.append(f"&#{ord(char)};")
        elif how == "hex":
            out.append(f"&#x{ord(char):X};")
        elif char == '"' and draw(st.booleans()):
            out.append("&quot;")
        else:
            out.append(char)
    return text, "".join(out)


@st.composite
def t_element(draw: st.DrawFn) -> tuple[str, str]:
    text, xml = draw(xml_text())
    space = draw(st.sampled_from(["", ' xml:space="preserve"', ' xml:space="default"']))
    if not xml and draw(st.booleans()):
        return "", f"<t{space}/>"
    return text, f"<t{space}>{xml}</t>"


PROPERTIES = st.lists(
    st.sampled_from(
        [
            "<b/>",
            "<i/>",
            '<sz val="11"/>',
            '<color rgb="FFFF0000"/>',
            '<color theme="1" tint="-0.25"/>',
            '<rFont val="宋体"/>',
            '<family val="3"/>',
            '<charset val="134"/>',
            '<scheme val="minor"/>',
            '<vertAlign val="superscript"/>',
        ]
    ),
    max_size=4,
)


@st.composite
def item(draw: st.DrawFn) -> tuple[str, str]:
    """(string, ``<si>`` XML) in the form Excel, WPS and LibreOffice write."""
    shape = draw(st.sampled_from(["plain", "plain", "runs", "empty", "phonetic"]))
    if shape == "empty":
        return "", draw(st.sampled_from(["<si/>", "<si></si>", "<si><t/></si>"]))
    text, xml = draw(t_element()) if shape != "runs" or draw(st.booleans()) else ("", "")
    if shape == "runs":
        for _ in range(draw(st.integers(1, 3))):
            run_text, run_xml = draw(t_element())
            properties = draw(PROPERTIES)
            rpr = f"<rPr>{''.join(properties)}</rPr>" if properties else ""
            text += run_text
            xml += f"<r>{rpr}{run_xml}</r>"
    if draw(st.booleans()):
        for _ in range(draw(st.integers(0, 2))):
            _hidden, guide = draw(t_element())
            xml += f'<rPh sb="0" eb="{draw(st.integers(0, 9))}">{guide}</rPh>'
        if draw(st.booleans()):
            xml += '<phoneticPr fontId="1" type="noConversion"/>'
    return text.replace("x005F_", ""), f"<si>{xml}</si>"


@SETTINGS
@given(items=st.lists(item(), max_size=12), step=st.sampled_from([None, 1, 2, 3, 7, 64]))
def test_the_fast_path_reads_what_the_exact_path_reads(
    items: list[tuple[str, str]], step: int | None
) -> None:
    data = part([xml for _, xml in items])
    assert both(data, step=step) == [text for text, _ in items]


#: Serializations outside the fast form: valid XML the exact path must read instead.
OUT_OF_FORM = {
    "single quotes": lambda xml: re.sub(r"<[^>]*>", lambda tag: tag[0].replace('"', "'"), xml),
    "whitespace inside items": lambda xml: xml.replace("<t", "\n  <t").replace("<r>", " <r>"),
    "a comment": lambda xml: xml.replace("</si>", "<!-- 注 --></si>", 1),
    "a processing instruction": lambda xml: xml.replace("<si>", "<?pi x?><si>", 1),
    "a prefix": lambda xml: (
        xml.replace("<", "<x:")
        .replace("<x:/", "</x:")
        .replace("<x:?xml", "<?xml")
        .replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"')
    ),
    "carriage returns": lambda xml: xml.replace("\n", "\r\n"),
    "CDATA": lambda xml: xml.replace("<t>", "<t><![CDATA[]]>", 1),
    "a reference in an attribute": lambda xml: xml.replace('count="', 'count="&#49;'),
    "UTF-16": lambda xml: xml.replace("UTF-8", "UTF-16"),
}


@SETTINGS
@given(
    items=st.lists(item(), min_size=1, max_size=6),
    how=st.sampled_from(sorted(OUT_OF_FORM)),
)
def test_other_serializations_are_read_by_the_exact_path(
    tmp_path: Path, items: list[tuple[str, str]], how: str
) -> None:
    xml = OUT_OF_FORM[how](part([xml for _, xml in items]).decode())
    data = xml.encode("utf-16" if how == "UTF-16" else "utf-8")
    expected = [text for text, _ in items]
    assert exact_shared_strings(io.BytesIO(data)) == expected
    assert both(data) in (None, expected)
    path = write_package(
        tmp_path / "s.xlsx",
        [("表", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
        strings="",
        parts={"xl/sharedStrings.xml": data},
    )
    with Package(path) as package:
        assert package.shared_strings == expected


def test_what_writers_write_takes_the_fast_path() -> None:
    excel = (
        '<si><t>纯文本</t></si><si><t xml:space="preserve"> 前后 </t></si>'
        '<si><r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="宋体"/><family val="3"/>'
        '<charset val="134"/><scheme val="minor"/></rPr><t>富</t></r>'
        '<r><rPr><sz val="11"/></rPr><t xml:space="preserve">文本 </t></r></si>'
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh>'
        '<phoneticPr fontId="1" type="noConversion"/></si>'
        "<si><t/></si><si/><si></si>"
        "<si><t>a_x005F_x000D_b &amp; &lt;c&gt; &#24207;&#x53F7;</t></si>"
    )
    expected = ["纯文本", " 前后 ", "富文本 ", "漢字", "", "", "", "a_x000D_b & <c> 序号"]
    assert both(part([excel])) == expected
    assert both(part([excel], head="\ufeff" + DECLARATION)) == expected  # a BOM
    assert both(part([excel], head="")) == expected  # no declaration
    assert both(part([excel], head='<?xml version="1.0" encoding="utf-8"?>')) == expected
    assert both(part(["\n  <si><t>x</t></si>\n"])) == ["x"]  # whitespace between items
    assert both(part([])) == []
    assert both(part([]) + b"\n<!-- after -->\n") == []


def test_long_parts_cross_many_chunks() -> None:
    long_text = "整改" * CHUNK  # one item longer than a chunk
    items = [f"<si><t>{i} 采购</t></si>" for i in range(40_000)]
    items.insert(20_000, f"<si><t>{long_text}</t></si>")
    data = part(items)
    assert len(data) > 4 * CHUNK
    strings = both(data)
    assert strings is not None
    assert len(strings) == 40_001
    assert strings[20_000] == long_text
    assert strings[-1] == "39999 采购"


@pytest.mark.parametrize(
    "bad",
    [
        "<si><t>&foo;</t></si>",  # an undefined entity
        "<si><t>&amp</t></si>",  # a reference without ;
        "<si><t>a & b</t></si>",  # a stray &
        "<si><t>&#0;</t></si>",  # a character XML forbids, by reference
        "<si><t>&#xD800;</t></si>",  # a surrogate
        "<si><t>a]]>b</t></si>",  # ]]> in text
        "<si><t>\x01</t></si>",  # a forbidden character
        "<si><t>\ufffe</t></si>",
        '<si><r><rPr><sz val="1" val="2"/></rPr><t>x</t></r></si>',  # a repeated attribute
        '<si><t>x</t><rPh sb="0" sb="1"><t>y</t></rPh></si>',
        '<si><t>x</t><rPh sb="0" eb="1"><t>&bad;</t></rPh></si>',  # checked, though hidden
        '<si><t>x</t><phoneticPr fontId="1" fontId="2"/></si>',
        "<si><t>x</t></si><si>",  # an item left open
        "<si><t>x</si>",  # mismatched tags
        "<si><t>x</t></si></sst><sst>",  # two roots
    ],
)
def test_malformed_parts_are_left_to_the_exact_path(tmp_path: Path, bad: str) -> None:
    data = part([bad])
    assert fast_shared_strings(io.BytesIO(data)) is None
    path = write_package(
        tmp_path / "bad.xlsx",
        [("表", sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))],
        strings="",
        parts={"xl/sharedStrings.xml": data},
    )
    with pytest.raises(
        ReadError, match=r"^not an XLSX workbook \(part 'xl/sharedStrings\.xml': XML error: "
    ) as caught:
        list(read_xlsx(path, "bad.xlsx"))
    assert "\n" not in str(caught.value)


def test_bad_utf8_and_a_truncated_part_are_left_to_the_exact_path() -> None:
    data = part(["<si><t>采购</t></si>"])
    assert fast_shared_strings(io.BytesIO(data.replace("采".encode(), b"\xe9\x87"))) is None
    assert fast_shared_strings(io.BytesIO(data[:-3])) is None
    assert fast_shared_strings(io.BytesIO(b"")) is None
    assert fast_shared_strings(io.BytesIO(b"<?xml version='1.0' encoding='GBK'?><sst/>")) is None


def test_read_as_openpyxl_reads_it(tmp_path: Path) -> None:
    items = [
        "<si><t>纯文本</t></si>",
        '<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r></si>',
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si><t/></si>",
        "<si><t>a_x005F_x000D_b &amp; &#24207;</t></si>",
    ]
    rows = "".join(f'<c r="{"ABCDE"[i]}1" t="s"><v>{i}</v></c>' for i in range(5))
    path = write_package(
        tmp_path / "s.xlsx",
        [("表", sheet(f'<row r="1">{rows}</row>'))],
        strings=part(items).decode(),
    )
    assert fast_shared_strings(io.BytesIO(part(items))) is not None
    assert rectikit_cells(path) == openpyxl_cells(path)


# --- limits ----------------------------------------------------------------------------


def strings_workbook(tmp_path: Path, megabytes: float, first: str = "", last: str = "") -> Path:
    """A workbook whose shared strings take ``megabytes``; ``first`` and ``last`` replace
    the first and last ``<si>``."""
    item = "<si><t>采购台账 0001</t></si>"
    items = [item] * int(megabytes * 1024 * 1024 / len(item.encode()))
    items[0], items[-1] = first or item, last or item
    return write_package(
        tmp_path / "strings.xlsx",
        [("表", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
        strings=part(items).decode(),
    )


def test_a_shared_strings_part_past_the_size_limit(tmp_path: Path) -> None:
    path = strings_workbook(tmp_path, 1.5)
    with pytest.raises(
        LimitError,
        match=r"^part 'xl/sharedStrings\.xml' expands past the 1 MB limit on uncompressed data",
    ):
        Package(path, XlsxLimits(max_uncompressed_mb=1))
    with Package(path, XlsxLimits(max_uncompressed_mb=2)) as package:
        assert package.shared_strings[0] == "采购台账 0001"


def test_a_shared_strings_part_past_the_compression_ratio(tmp_path: Path) -> None:
    path = strings_workbook(tmp_path, 11)
    with pytest.raises(LimitError, match=r"^part 'xl/sharedStrings\.xml' is compressed \d+:1"):
        Package(path)
    with Package(path, XlsxLimits(max_compression_ratio=1e6)) as package:
        assert len(package.shared_strings) > 100_000


def test_a_part_read_twice_counts_once(tmp_path: Path) -> None:
    """The fast path hands over at the very end (a comment): the exact path reads the part
    again, and the budget counts it once; the exact reading is still bounded."""
    path = strings_workbook(tmp_path, 0.7, last="<si><t>末</t><!-- 注 --></si>")
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/sharedStrings.xml")
    assert fast_shared_strings(io.BytesIO(data)) is None
    with Package(path, XlsxLimits(max_uncompressed_mb=1)) as package:
        assert package.shared_strings[-1] == "末"
    with pytest.raises(LimitError, match=r"sharedStrings\.xml' expands past the 0.5 MB limit"):
        Package(path, XlsxLimits(max_uncompressed_mb=0.5))
    # handed over at once: the exact path alone meets the limit
    early = strings_workbook(tmp_path, 1.5, first="<si><!-- 注 --><t>首</t></si>")
    with Package(early, XlsxLimits(max_uncompressed_mb=2)) as package:
        assert package.shared_strings[0] == "首"
    with pytest.raises(LimitError, match=r"sharedStrings\.xml' expands past the 1 MB limit"):
        Package(early, XlsxLimits(max_uncompressed_mb=1))
