"""Party organizations as the MTG and ITG003 checks see them: found by id or by name.

A meeting names its organization by id or by name (DATA.md, meetings ``org``). The index
folds the ``party_orgs`` records and answers which organizations a meeting belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rectikit.model.records import PartyOrg


class OrgIndex:
    """The ``party_orgs`` of a dataset, by id and by name."""

    def __init__(self) -> None:
        self.orgs: dict[str, PartyOrg] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)

    def add(self, org: PartyOrg) -> None:
        """Take one ``party_orgs`` record (a duplicate id keeps the first; DAT004 names it)."""
        org_id = org.id.strip()
        if org_id in self.orgs:
            return
        self.orgs[org_id] = org
        self.by_name[org.name.strip()].append(org_id)

    def resolve(self, reference: str) -> list[str]:
        """The ids ``reference`` names: an id, else every organization of that name."""
        text = reference.strip()
        if text in self.orgs:
            return [text]
        return list(self.by_name.get(text, ()))

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
