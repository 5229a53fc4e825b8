"""rectikit's optional C speedups (:mod:`rectikit._speedups`), where they were built.

``pip install`` compiles them when a C compiler is at hand (``hatch_build.py``); without
one rectikit is pure Python and gives the same results, more slowly. The readers' row
converter (:mod:`rectikit.readers.compiled`) and PRC005's candidate store
(:mod:`rectikit.checks.candidates`) use them when :func:`enabled`.
"""

from __future__ import annotations

import os
from types import ModuleType

try:
    from rectikit import _speedups as speedups
except ImportError:  # built without a C compiler: pure Python
    speedups: ModuleType | None = None  # type: ignore[no-redef]

#: Set (to anything but ``0``) to run without the C speedups, for one run or a test.
PURE_PYTHON_VARIABLE = "RECTIKIT_PURE_PYTHON"


def enabled() -> bool:
    """Whether the C speedups are used: built, and not turned off by
    ``RECTIKIT_PURE_PYTHON``."""
    return speedups is not None and os.environ.get(PURE_PYTHON_VARIABLE, "") in ("", "0")


__all__ = ["PURE_PYTHON_VARIABLE", "enabled", "speedups"]
