"""Big blocks of memory given back to the system when freed (glibc's ``malloc`` only).

glibc serves a request of 128 KiB or more with a mapping of its own, given back when
freed, but raises that threshold to the size of each such block freed, up to 32 MiB. A
big run frees many blocks of a few MB (an id table grown or set aside on disk, arrays
of a worker's result): from then on blocks of that size come from the heap, whose
free space is seldom given back, and the process keeps some 10–20 MB it no longer
uses. Fixing the threshold (``mallopt(M_MMAP_THRESHOLD, 128 KiB)``, glibc's own
starting value) turns that adjustment off. Elsewhere (musl, macOS, Windows) nothing is
done.
"""

from __future__ import annotations

import sys

#: ``M_MMAP_THRESHOLD`` in glibc's ``malloc.h``.
_M_MMAP_THRESHOLD = -3
#: glibc's starting threshold.
THRESHOLD = 128 * 1024

_done = False


def fix_mmap_threshold() -> bool:
    """Fix glibc's mmap threshold at :data:`THRESHOLD` (once a process); whether it
    is fixed."""
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):  # not glibc
        return False
    _done = bool(mallopt(_M_MMAP_THRESHOLD, THRESHOLD))
    return _done


__all__ = ["THRESHOLD", "fix_mmap_threshold"]
