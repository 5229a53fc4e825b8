"""Pausing Python's cyclic garbage collector while a run builds many lasting objects.

The collector makes a full pass over every tracked object each time the objects that
survived its earlier passes grow by a quarter. A run that holds hundreds of thousands of
objects (a year of talks kept by the ITG checks, the violations of a big dataset,
unpickling a worker's violations) so pays for pass after pass over everything it
holds, none of which finds garbage: in the mixed benchmark, 2.8 s of CPU in the worker
that reads talks and meetings, and a tenth of the run's CPU time in all.

:func:`gc_paused` turns the collector off for such a phase and back on after it (when
it was on). :meth:`~rectikit.engine.runner.Engine.run` pauses it over the whole of
reading and judging when only rectikit's own code runs (built-in checks, readers and
record kinds), which makes no reference cycles: a run with the collector off leaves
the same few thousand cyclic objects however many rows it reads. With a plugin's check,
reader or record kind the collector stays on, but for handing a worker's result over
(pickling) and for building and sorting violations, which are rectikit's own code.
Reference counting frees everything else as usual. When the collector is turned back
on, what was built meanwhile is moved to its oldest generation without a pass over it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector off, then restore it."""
    if not gc.isenabled():  # already off (by the caller, or an enclosing pause)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        _age_all()
        gc.enable()


def _age_all() -> None:
    """Move every tracked object to the oldest generation, unscanned.

    The objects built while the collector was off are all young to it: the first
    allocation after it is back on would start a pass over every one of them (0.07 s
    for the violations of a million-row ledger). They are lasting objects, which that
    pass would move to the oldest generation anyway; ``gc.freeze`` then
    ``gc.unfreeze`` moves them there at once. Not done when the program has frozen
    objects of its own (``gc.freeze`` keeps them out of every pass: unfreezing would
    undo that)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


__all__ = ["gc_paused"]
