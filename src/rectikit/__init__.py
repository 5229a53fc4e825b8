"""rectikit: a rules checker and rectification ledger for 巡察整改.

The public library API::

    import rectikit

    result = rectikit.check("examples/city-committee", as_of="2023-12-31")
    for violation in result.violations:
        print(violation.code, violation.subject, violation.message)
    html = rectikit.report(result, "html")        # any --format; bytes for "xlsx"
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "Location",
    "Severity",
    "Violation",
    "__version__",
    "check",
    "load_dataset",
    "report",
]

_LAZY = {
    "check": "rectikit.api",
    "load_dataset": "rectikit.api",
    "report": "rectikit.api",
    "CheckResult": "rectikit.engine.result",
    "Location": "rectikit.model.location",
    "Severity": "rectikit.model.severity",
    "Violation": "rectikit.model.violation",
}


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so ``import rectikit`` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rectikit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
