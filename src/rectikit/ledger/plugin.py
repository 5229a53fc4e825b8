"""Built-in plugin: the ``ledger`` kind, the LDG rule pack and its checks."""

from __future__ import annotations

from typing import Any

from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.ledger.kind import LedgerRecord


@hookimpl
def rectikit_record_kinds() -> list[type]:
    """The ``ledger`` document kind."""
    return [LedgerRecord]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The LDG rule pack."""
    return [builtin_pack("ledger.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The LDG checks."""
    from rectikit.checks.ledger import CHECKS

    return list(CHECKS)
