"""rectikit: a rules checker and rectification ledger for 巡察整改.

The public library API::

    import rectikit

    result = rectikit.check("examples/city-committee", as_of="2023-12-31")
    for violation in result.violations:
        print(violation.code, violation.subject, violation.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

from rectikit.api import check, load_dataset  # noqa: E402
from rectikit.model import Location, Severity, Violation  # noqa: E402

__all__ = ["Location", "Severity", "Violation", "__version__", "check", "load_dataset"]
