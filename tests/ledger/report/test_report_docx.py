"""render_docx: read the file back with python-docx: styles, fonts, page, text."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

from rectikit.ledger.report import (  # noqa: E402
    Heading,
    ReportError,
    build_report,
    render_docx,
)
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status  # noqa: E402

LEDGER = Ledger(
    inspection=Inspection(
        inspector="区委第三巡察组",
        target="区教育局",
        started=date(2023, 4, 10),
        ended=date(2023, 5, 12),
        feedback=date(2023, 6, 2),
    ),
    findings=(
        Finding(
            id="F1",
            title="学校食堂管理不规范",
            status=Status.COMPLETED,
            measures=(
                Measure(id="F1-1", text="修订食堂管理制度", done=date(2023, 7, 1)),
                Measure(id="F1-2", text="开展专项检查", done=date(2023, 8, 1)),
            ),
        ),
        Finding(
            id="F2",
            title="教师培训经费使用不规范",
            status=Status.EFFECTIVE,
            measures=(Measure(id="F2-1", text="规范培训经费报销流程"),),
        ),
    ),
    next_steps=("巩固整改成果。",),
)

STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


@pytest.fixture
def written(tmp_path: Path) -> tuple[object, object]:
    doc = build_report(LEDGER)
    path = tmp_path / "报告.docx"
    render_docx(doc, path)
    return doc, docx.Document(str(path))


def east_asia(style: object) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[attr-defined]


def test_paragraphs_in_order_with_their_styles(written: tuple[object, object]) -> None:
    doc, document = written
    expected = [("Title", doc.title)] + [
        (STYLES[b.level], b.text) if isinstance(b, Heading) else ("Normal", b.text)
        for b in doc.blocks
    ]
    actual = [(p.style.name, p.text) for p in document.paragraphs]
    assert actual == expected
    assert actual[0] == ("Title", "区教育局关于巡察整改情况的报告")
    assert ("Heading 3", "1.关于“学校食堂管理不规范”问题的整改") in actual
    assert ("Normal", "一是修订食堂管理制度。二是开展专项检查。") in actual
    assert ("Normal", "巩固整改成果。") in actual


def test_east_asian_fonts_are_set_on_the_styles(written: tuple[object, object]) -> None:
    _, document = written
    styles = document.styles
    assert east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.name == "仿宋_GB2312"
    assert east_asia(styles["Heading 1"]) == "黑体"
    assert east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asia(styles["Heading 3"]) == "仿宋"
    assert east_asia(styles["Title"]) == "方正小标宋简体"
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        rfonts = styles[name].element.rPr.rFonts
        # the template's theme fonts would win over the named ones in Word
        assert rfonts.get(qn("w:eastAsiaTheme")) is None, name
        assert rfonts.get(qn("w:asciiTheme")) is None, name


def test_sizes_weights_and_alignment(written: tuple[object, object]) -> None:
    _, document = written
    styles = document.styles
    assert styles["Normal"].font.size == Pt(16)
    assert styles["Heading 1"].font.size == Pt(16)
    assert styles["Heading 1"].font.bold is False
    assert styles["Heading 3"].font.bold is True
    assert styles["Title"].font.size == Pt(22)
    assert styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_first_line_indent_of_two_characters(written: tuple[object, object]) -> None:
    _, document = written
    normal = document.styles["Normal"]
    assert normal.paragraph_format.first_line_indent == Pt(32)
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    title_ind = document.styles["Title"].element.pPr.find(qn("w:ind"))
    assert title_ind.get(qn("w:firstLineChars")) == "0"


def test_official_page_margins_on_a4(written: tuple[object, object]) -> None:
    _, document = written
    section = document.sections[0]
    assert section.top_margin.cm == pytest.approx(3.7, abs=0.01)
    assert section.bottom_margin.cm == pytest.approx(3.5, abs=0.01)
    assert section.left_margin.cm == pytest.approx(2.8, abs=0.01)
    assert section.right_margin.cm == pytest.approx(2.6, abs=0.01)
    assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
    assert section.page_height.cm == pytest.approx(29.7, abs=0.01)


def test_font_table_names_fallbacks(written: tuple[object, object]) -> None:
    from lxml import etree

    _, document = written
    table = etree.fromstring(document.part.part_related_by(RT.FONT_TABLE).blob)
    alt = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in table.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["方正小标宋简体"] == "宋体"


def test_properties(written: tuple[object, object]) -> None:
    _, document = written
    assert document.core_properties.title == "区教育局关于巡察整改情况的报告"
    assert document.core_properties.author == ""


def test_missing_python_docx_is_a_report_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    path = tmp_path / "r.docx"
    with pytest.raises(ReportError, match=r"pip install 'rectikit\[docx\]'"):
        render_docx(build_report(LEDGER), path)
    assert not path.exists()
