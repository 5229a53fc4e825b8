"""The report as a standalone HTML5 page in the look of an official document (公文):
centred title in 小标宋, body in 仿宋 三号 with two-character indents, 一、 in 黑体,
（一） in 楷体, findings in bold 仿宋; A4 pages with the official margins when printed.

Given the ledger, the page also carries charts drawn as inline SVG
(:mod:`rectikit.ledger.report.charts`: findings by status, measures done, targets
reached), placed at the end of the first section (一、总体情况), whose counts they
show. No script, no image files, nothing fetched.
"""

from __future__ import annotations

import html
import re

from rectikit.ledger.report.charts import Figure, ledger_figures
from rectikit.ledger.report.document import Heading, ReportDocument, clean_text
from rectikit.model.ledger import Ledger

_FANGSONG = '"FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", serif'
_HEITI = '"SimHei", "黑体", "STHeiti", "Heiti SC", "Noto Sans CJK SC", sans-serif'
_KAITI = '"KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", serif'
_XIAOBIAOSONG = (
    '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "STSong", '
    '"Noto Serif CJK SC", serif'
)

STYLESHEET = f"""\
@page {{ size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; }}
html {{ background: #f4f4f4; }}
body {{
  max-width: 15.6cm; margin: 2rem auto; padding: 3.7cm 2.6cm 3.5cm 2.8cm;
  background: #fff; color: #000; box-shadow: 0 0 0.5rem rgba(0, 0, 0, 0.15);
  font-family: {_FANGSONG}; font-size: 16pt; line-height: 1.8;
}}
h1, h2, h3, h4, p {{ margin: 0; font-size: 16pt; font-weight: normal; }}
h1 {{
  font-family: {_XIAOBIAOSONG}; font-size: 22pt; line-height: 1.5;
  text-align: center; margin-bottom: 1em;
}}
h2, h3, h4, p {{ text-indent: 2em; }}
h2 {{ font-family: {_HEITI}; }}
h3 {{ font-family: {_KAITI}; }}
h4 {{ font-family: {_FANGSONG}; font-weight: bold; }}
p {{ text-align: justify; }}
figure.chart {{ margin: 0.6em 0 1em; text-indent: 0; break-inside: avoid;
  page-break-inside: avoid; }}
figure.chart svg {{ display: block; max-width: 100%; height: auto; margin: 0 auto; }}
figure.chart figcaption {{ font-family: {_HEITI}; font-size: 12pt; line-height: 1.5;
  text-align: center; margin-top: 0.3em; }}
@media print {{
  html {{ background: none; }}
  figure.chart {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  body {{ max-width: none; margin: 0; padding: 0; box-shadow: none; }}
  h1, h2, h3, h4 {{ break-after: avoid; page-break-after: avoid; }}
  p {{ orphans: 2; widows: 2; }}
}}
"""

_TAGS = {1: "h2", 2: "h3", 3: "h4"}
_CLASS = re.compile(r"[^A-Za-z0-9_-]")


def _text(text: str) -> str:
    return html.escape(clean_text(text), quote=False)


def render_html(doc: ReportDocument, ledger: Ledger | None = None) -> str:
    """``doc`` as a UTF-8 HTML5 page (a text ending in a newline); with the ``ledger``
    the report was built from, its charts go at the end of the first section."""
    figures = ledger_figures(ledger) if ledger is not None else []
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="rectikit">',
        f"<title>{_text(doc.title)}</title>",
        "<style>",
        STYLESHEET.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        '<article class="report">',
        f'<h1 class="title">{_text(doc.title)}</h1>',
    ]
    sections = 0
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            sections += 1
            if sections == 2:
                lines += _figures(figures)
                figures = []
        if isinstance(block, Heading):
            tag = _TAGS.get(block.level, "h5" if block.level > 3 else "h2")
            lines.append(f"<{tag}>{_text(block.text)}</{tag}>")
        else:
            style = _CLASS.sub("", block.style)
            attr = f' class="{style}"' if style and style != "body" else ""
            lines.append(f"<p{attr}>{_text(block.text)}</p>")
    lines += _figures(figures)
    lines += ["</article>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def _figures(figures: list[Figure]) -> list[str]:
    if not figures:
        return []
    return ['<div class="charts">', *(f.to_html() for f in figures), "</div>"]
