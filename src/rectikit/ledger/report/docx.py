"""The report as a Word document (what offices edit), with python-docx.

The layout follows the usual official-document settings (GB/T 9704): A4, margins top
3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm; title in 方正小标宋简体 二号 centred;
body in 仿宋_GB2312 三号 with a two-character first-line indent and a fixed 28 pt line;
一、 in 黑体, （一） in 楷体_GB2312, findings in bold 仿宋, all 三号. Fonts are set on the
styles (Title, Heading 1–3, Normal), not on runs, so that the office can restyle the
whole document at once; each style names its font for Latin and East Asian text alike
(python-docx's ``font.name`` sets only the Latin one), and the document's font table
gives each font a fallback (``altName``) for machines without it.

python-docx is an optional dependency (``rectikit[docx]``), imported when a DOCX
report is written.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.report.document import Heading, ReportDocument, clean_text
from rectikit.ledger.report.errors import ReportError

MISSING_DOCX = "DOCX reports need python-docx: pip install 'rectikit[docx]'"

#: Font sizes in points: 二号 and 三号.
ERHAO = 22
SANHAO = 16
#: The fixed line pitch of the body (22 lines a page at 三号).
LINE_PITCH = 28

#: style -> (font, fallback font, size, bold)
FONTS: dict[str, tuple[str, str, int, bool]] = {
    "Normal": ("仿宋_GB2312", "仿宋", SANHAO, False),
    "Title": ("方正小标宋简体", "宋体", ERHAO, False),
    "Heading 1": ("黑体", "SimHei", SANHAO, False),
    "Heading 2": ("楷体_GB2312", "楷体", SANHAO, False),
    "Heading 3": ("仿宋", "FangSong", SANHAO, True),
}

#: Heading level -> paragraph style.
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}

#: Page margins in centimetres.
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
A4_CM = (21.0, 29.7)

_THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def render_docx(doc: ReportDocument, path: Path) -> None:
    """Write ``doc`` to ``path`` as a .docx file, atomically.

    Raises:
        ReportError: python-docx is not installed, or the file cannot be written.
    """
    data = docx_bytes(doc)
    try:
        atomic_write_bytes(Path(path), data, backup=False)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None


def docx_bytes(doc: ReportDocument) -> bytes:
    """``doc`` as the bytes of a .docx file; :class:`ReportError` without python-docx."""
    try:
        import docx  # python-docx, optional: imported only when a DOCX is written
    except ImportError:
        raise ReportError(MISSING_DOCX) from None

    document = docx.Document()
    _set_up_page(document)
    _set_up_styles(document)
    _register_fallback_fonts(document)
    _set_properties(document, doc.title)

    document.add_paragraph(clean_text(doc.title), style="Title")
    for block in doc.blocks:
        if isinstance(block, Heading):
            style = HEADING_STYLES.get(block.level, "Heading 3" if block.level > 3 else "Heading 1")
        else:
            style = "Normal"
        document.add_paragraph(clean_text(block.text), style=style)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- page, styles, fonts --------------------------------------------------------------


def _set_up_page(document: Any) -> None:
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
        section.top_margin = Cm(MARGINS_CM["top"])
        section.bottom_margin = Cm(MARGINS_CM["bottom"])
        section.left_margin = Cm(MARGINS_CM["left"])
        section.right_margin = Cm(MARGINS_CM["right"])


def _set_up_styles(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    _set_doc_defaults(document)
    for name, (face, _fallback, size, bold) in FONTS.items():
        style = document.styles[name]
        _set_style_font(style, face)
        font = style.font
        font.size = Pt(size)
        font.bold = bold
        font.italic = False
        font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:spacing", "w:kern", "w:bCs", "w:szCs"):
            _remove_children(rpr, tag)
        size_cs = rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(size * 2)})
        rpr.find(qn("w:sz")).addnext(size_cs)  # the same size for complex scripts
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)

    normal = document.styles["Normal"].paragraph_format
    normal.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.line_spacing = Pt(LINE_PITCH)
    normal.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _set_first_line_chars(document.styles["Normal"], 2, SANHAO)

    title_style = document.styles["Title"]
    title = title_style.paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.space_after = Pt(LINE_PITCH)
    _set_first_line_chars(title_style, 0, ERHAO)
    _remove_children(title_style.element.get_or_add_pPr(), "w:pBdr")  # the template's rule


def _set_doc_defaults(document: Any) -> None:
    """Text outside any style: the body font, Chinese as the East Asian language, no
    spacing after paragraphs."""
    from docx.oxml.ns import qn

    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rfonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if rfonts is not None:
        _set_rfonts(rfonts, FONTS["Normal"][0])
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:
        spacing.set(qn("w:after"), "0")


def _set_style_font(style: Any, face: str) -> None:
    """``face`` for Latin (``font.name``: w:ascii, w:hAnsi) and East Asian text."""
    style.font.name = face
    _set_rfonts(style.element.get_or_add_rPr().get_or_add_rFonts(), face)


def _set_rfonts(rfonts: Any, face: str) -> None:
    from docx.oxml.ns import qn

    # Theme attributes win over named fonts in Word: drop the template's.
    for attribute in _THEME_FONT_ATTRIBUTES:
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attribute}"), face)


def _set_first_line_chars(style: Any, chars: int, size: int) -> None:
    """A first-line indent of ``chars`` characters: ``w:firstLineChars`` (what Word
    and WPS go by) and the same width in twips for readers that ignore it."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.paragraph_format.first_line_indent = Pt(chars * size)
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _remove_children(element: Any, tag: str) -> None:
    from docx.oxml.ns import qn

    for child in element.findall(qn(tag)):
        element.remove(child)


def _register_fallback_fonts(document: Any) -> None:
    """Give each font of :data:`FONTS` an ``altName`` in the font table, the font Word
    substitutes where it is not installed (仿宋_GB2312 -> 仿宋, 方正小标宋简体 -> 宋体)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    root = etree.fromstring(part.blob)
    known = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for face, fallback, _size, _bold in FONTS.values():
        if face in known:
            continue
        known.add(face)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), face)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), fallback)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
    # The font table is a plain part in python-docx: replace its bytes.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_properties(document: Any, title: str) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    props = document.core_properties
    props.title = clean_text(title)
    props.author = ""
    props.last_modified_by = ""
    props.comments = "rectikit 根据整改台账生成"
    props.language = "zh-CN"
    props.created = now
    props.modified = now
