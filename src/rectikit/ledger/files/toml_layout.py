"""The layout of a ledger TOML file (LEDGER.md "File"): which keys of each table are
the model's.

Layout::

    [inspection]            title, inspector, target, started, ended, feedback, deadline
    [declared]              counts a report states: total = 25, completed = 8, ...
    [[finding]]             id, title, category, owner, units, status, deadline, source,
                            notes
      [[finding.measure]]   id, text, owner, due, done, evidence
      [[finding.target]]    name, goal, actual, measured, start, due, unit
    [next_steps]            text = \"\"\"one paragraph per line\"\"\"  or  items = [...]

Statuses may be English or any Chinese alias; dates native TOML dates or strings in any
notation :func:`~rectikit.model.values.parse_date` reads; ``goal``/``actual`` integers,
floats or number strings; ``units``, ``evidence`` and ``notes`` an array or a single
string (units joined by ``、`` are split; a ``notes`` string is one note a line).
Unknown keys at every level go to ``extra`` and survive a save. ``next_steps`` may also
be a top-level string or array.
"""

from __future__ import annotations

#: Keys of each table that map to model fields; any other key goes to ``extra``.
TOP_KEYS = ("inspection", "declared", "finding", "next_steps")
INSPECTION_KEYS = ("title", "inspector", "target", "started", "ended", "feedback", "deadline")
FINDING_KEYS = (
    "id",
    "title",
    "category",
    "owner",
    "units",
    "status",
    "deadline",
    "source",
    "notes",
    "measure",
    "target",
)
MEASURE_KEYS = ("id", "text", "owner", "due", "done", "evidence")
TARGET_KEYS = ("name", "goal", "actual", "measured", "start", "due", "unit")
NEXT_STEPS_KEYS = ("text", "items")
