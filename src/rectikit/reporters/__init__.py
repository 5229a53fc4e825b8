"""Report formats, one module each, registered as the built-in ``formats`` plugin."""

from __future__ import annotations

from typing import Any

from rectikit.hookspecs import hookimpl


class LazyReporter:
    """A built-in reporter class, imported when a report is first made in its format.

    It stands in the registry for the class: ``name`` and ``binary`` are known up front,
    calling it makes a reporter, and any other attribute comes from the real class.
    Building the registry thus does not import openpyxl (xlsx) or rich (console) for a
    run that prints text.
    """

    def __init__(self, module: str, class_name: str, name: str, *, binary: bool = False):
        self.module = module
        self.class_name = class_name
        self.name = name
        self.binary = binary

    def load(self) -> type:
        """The reporter class itself."""
        import importlib

        return getattr(importlib.import_module(self.module), self.class_name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.load()(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.load(), attribute)

    def __repr__(self) -> str:
        return f"<reporter {self.name}: {self.module}.{self.class_name}>"


#: format -> (module, class, binary)
BUILTIN_FORMATS = {
    "console": ("rectikit.reporters.console", "ConsoleReporter", False),
    "text": ("rectikit.reporters.text", "TextReporter", False),
    "json": ("rectikit.reporters.json", "JsonReporter", False),
    "markdown": ("rectikit.reporters.markdown", "MarkdownReporter", False),
    "html": ("rectikit.reporters.html", "HtmlReporter", False),
    "sarif": ("rectikit.reporters.sarif", "SarifReporter", False),
    "junit": ("rectikit.reporters.junit", "JunitReporter", False),
    "xlsx": ("rectikit.reporters.xlsx", "XlsxReporter", True),
}


@hookimpl
def rectikit_reporters() -> dict[str, Any]:
    """The built-in formats: console (rich), text, json, markdown, html, sarif, junit, xlsx."""
    return {
        name: LazyReporter(module, class_name, name, binary=binary)
        for name, (module, class_name, binary) in BUILTIN_FORMATS.items()
    }
