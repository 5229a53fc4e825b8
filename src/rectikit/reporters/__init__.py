"""Report formats, one module each, registered as the built-in ``formats`` plugin."""

from __future__ import annotations

from typing import Any

from rectikit.hookspecs import hookimpl


@hookimpl
def rectikit_reporters() -> dict[str, Any]:
    """The built-in formats: console (rich), text, json."""
    from rectikit.reporters.console import ConsoleReporter
    from rectikit.reporters.json import JsonReporter
    from rectikit.reporters.text import TextReporter

    return {"console": ConsoleReporter, "text": TextReporter, "json": JsonReporter}
