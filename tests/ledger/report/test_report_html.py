"""render_html: a standalone, well-formed, escaped HTML5 page in the official look."""

from __future__ import annotations

from html.parser import HTMLParser

from rectikit.ledger.report import Heading, Paragraph, ReportDocument, build_report
from rectikit.ledger.report.html import render_html
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status

VOID = {"meta", "link", "br", "hr", "img", "input"}


class Checker(HTMLParser):
    """Checks that every element is closed in order; collects text by tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, str]] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with {self.stack}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack:
            self.texts.append((self.stack[-1], data))


def parse(page: str) -> Checker:
    checker = Checker()
    checker.feed(page)
    checker.close()
    return checker


LEDGER = Ledger(
    inspection=Inspection(inspector="巡察组", target="A&B <局>"),
    findings=(
        Finding(
            id="F1",
            title="标题含<script>alert(1)</script>",
            status=Status.COMPLETED,
            measures=(Measure(id="F1-1", text="比较 a<b & c>d", done=None),),
        ),
    ),
)


def test_page_is_well_formed_and_standalone() -> None:
    page = render_html(build_report(LEDGER))
    checker = parse(page)
    assert checker.errors == []
    assert checker.stack == []
    assert checker.doctype.lower() == "doctype html"
    assert ("html", {"lang": "zh-CN"}) in checker.tags
    assert ("meta", {"charset": "utf-8"}) in checker.tags
    assert not any(tag in ("link", "script", "img") for tag, _ in checker.tags)


def test_text_is_escaped() -> None:
    page = render_html(build_report(LEDGER))
    checker = parse(page)
    assert "script" not in [tag for tag, _ in checker.tags]
    assert "<script>" not in page
    assert "标题含&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "比较 a&lt;b &amp; c&gt;d" in page
    assert ("title", "A&B <局>关于巡察整改情况的报告") in checker.texts
    assert ("h1", "A&B <局>关于巡察整改情况的报告") in checker.texts
    assert ("p", "比较 a<b & c>d。") in checker.texts


def test_headings_map_to_h2_h3_h4_in_order() -> None:
    doc = ReportDocument(
        "题",
        (
            Heading(1, "一、甲"),
            Heading(2, "（一）乙"),
            Heading(3, "1.丙"),
            Paragraph("丁"),
            Paragraph("注", style="note"),
        ),
    )
    texts = parse(render_html(doc)).texts
    assert texts[2:] == [
        ("h1", "题"),
        ("h2", "一、甲"),
        ("h3", "（一）乙"),
        ("h4", "1.丙"),
        ("p", "丁"),
        ("p", "注"),
    ]
    assert '<p class="note">注</p>' in render_html(doc)


def test_official_look_css() -> None:
    page = render_html(build_report(LEDGER))
    assert '"FangSong", "仿宋"' in page and '"STFangsong", serif' in page
    assert '"SimHei", "黑体"' in page and '"KaiTi", "楷体"' in page
    assert "line-height: 1.8" in page
    assert "text-align: center" in page
    assert "@media print" in page and "@page" in page
