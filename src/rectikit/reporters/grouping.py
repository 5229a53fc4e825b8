"""How reports group violations beyond their rule: by rule family and by unit.

* The **family** of a violation is the letter prefix of its code (``PRC`` for
  ``PRC002``), the rule pack it belongs to.
* The **unit** is the organization a violation is charged to (a division, a party
  organization, a purchasing unit), read from the violation's details — a report has
  no other source. The first non-blank of :data:`UNIT_KEYS` wins; violations about
  party organizations (kind ``party_orgs``) fall back to the organization's ``name``,
  purchases (kind ``procurement``) to their ``unit`` (采购单位). A violation whose
  details name no unit (a talk between two people, a festival notice) has none:
  reports count it apart.
"""

from __future__ import annotations

import re

from rectikit.model.violation import Violation

#: Detail keys naming the unit a violation is charged to, most specific first:
#: ``department``/``division`` (处室), ``org`` (a party organization or the unit of an
#: appointment), ``owner`` (who carries out a ledger measure).
UNIT_KEYS = ("department", "division", "org", "owner")

#: Detail keys read for one kind of record only (``unit`` of a target is a measure).
KIND_UNIT_KEYS = {"party_orgs": ("name",), "procurement": ("unit",)}

_FAMILY = re.compile(r"[A-Za-z]+")


def family_of(code: str) -> str:
    """``PRC`` for ``PRC002``: the code's leading letters (the code itself if none)."""
    match = _FAMILY.match(code)
    return match.group(0).upper() if match else code


def unit_of(violation: Violation) -> str | None:
    """The unit ``violation`` is charged to (see the module docstring), or ``None``."""
    details = violation.details
    keys = UNIT_KEYS + KIND_UNIT_KEYS.get(violation.kind or "", ())
    for key in keys:
        value = details.get(key)
        if value is not None and str(value).strip():
            return " ".join(str(value).split())
    return None
