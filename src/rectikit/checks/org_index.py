"""Party organizations as the MTG and ITG003 checks see them: found by id or by name.

A meeting names its organization by id or by name (DATA.md, meetings ``org``). The index
folds the ``party_orgs`` records and answers which organizations a meeting belongs to.

A reference is matched exactly (after trimming) first, an id before a name; failing that,
it is matched under :func:`~rectikit.model.values.normalize_text` (full-width/half-width,
case and inner spaces folded), so ``第一党支部(机关)`` finds ``第一党支部（机关）`` as
Chinese ledgers mix both kinds of brackets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rectikit.model.records import PartyOrg
from rectikit.model.values import normalize_text


class OrgIndex:
    """The ``party_orgs`` of a dataset, by id and by name."""

    def __init__(self) -> None:
        self.orgs: dict[str, PartyOrg] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self._folded_ids: dict[str, str] = {}
        self._folded_names: dict[str, list[str]] = defaultdict(list)

    def add(self, org: PartyOrg) -> None:
        """Take one ``party_orgs`` record (a duplicate id keeps the first; DAT004 names it)."""
        org_id = org.id.strip()
        if org_id in self.orgs:
            return
        self.orgs[org_id] = org
        self.by_name[org.name.strip()].append(org_id)
        self._folded_ids.setdefault(normalize_text(org_id), org_id)
        self._folded_names[normalize_text(org.name)].append(org_id)

    def resolve(self, reference: str) -> list[str]:
        """The ids ``reference`` names: an id, else every organization of that name.

        Exact matches (after trimming) win; otherwise the folded forms are compared.
        """
        text = reference.strip()
        if text in self.orgs:
            return [text]
        named = self.by_name.get(text)
        if named:
            return list(named)
        key = normalize_text(text)
        if not key:
            return []
        if key in self._folded_ids:
            return [self._folded_ids[key]]
        return list(self._folded_names.get(key, ()))

    def knows(self, reference: str) -> bool:
        """Whether ``reference`` is an id or a name of a known organization."""
        return bool(self.resolve(reference))

    def active(self, types: Iterable[str]) -> list[PartyOrg]:
        """Organizations not dissolved whose type is in ``types``, by id."""
        wanted = set(types)
        return [
            self.orgs[org_id]
            for org_id in sorted(self.orgs)
            if self.orgs[org_id].status != "dissolved" and self.orgs[org_id].type in wanted
        ]
