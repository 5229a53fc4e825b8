"""The report as Markdown: the title ``#``, 一、 ``##``, （一） ``###``, findings ``####``,
paragraphs as plain text separated by blank lines."""

from __future__ import annotations

import re

from rectikit.ledger.report.document import Heading, ReportDocument, clean_text

#: Characters that would start emphasis, code, links or HTML inside a line.
_INLINE = re.compile(r"([\\`*_\[\]<])")
#: What would turn a line into a heading, quote, list, table or rule.
_LINE_START = re.compile(r"^[#>+\-|]")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """``text`` on one line with the ASCII characters Markdown would act on escaped
    (Chinese text passes through untouched)."""
    text = _INLINE.sub(r"\\\1", clean_text(text))
    text = _LINE_START.sub(lambda m: "\\" + m.group(0), text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def render_markdown(doc: ReportDocument) -> str:
    """``doc`` as a Markdown text ending in a newline."""
    chunks = [f"# {escape_markdown(doc.title)}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 5) + 1
            chunks.append(f"{'#' * level} {escape_markdown(block.text)}")
        else:
            chunks.append(escape_markdown(block.text))
    return "\n\n".join(chunks) + "\n"
