"""Report formats, one module each, registered as the built-in ``formats`` plugin."""

from __future__ import annotations

from typing import Any

from rectikit.hookspecs import hookimpl


@hookimpl
def rectikit_reporters() -> dict[str, Any]:
    """The built-in formats: console (rich), text, json, markdown, html, sarif, junit, xlsx."""
    from rectikit.reporters.console import ConsoleReporter
    from rectikit.reporters.html import HtmlReporter
    from rectikit.reporters.json import JsonReporter
    from rectikit.reporters.junit import JunitReporter
    from rectikit.reporters.markdown import MarkdownReporter
    from rectikit.reporters.sarif import SarifReporter
    from rectikit.reporters.text import TextReporter
    from rectikit.reporters.xlsx import XlsxReporter

    return {
        "console": ConsoleReporter,
        "text": TextReporter,
        "json": JsonReporter,
        "markdown": MarkdownReporter,
        "html": HtmlReporter,
        "sarif": SarifReporter,
        "junit": JunitReporter,
        "xlsx": XlsxReporter,
    }
