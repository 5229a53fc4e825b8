"""The plugin module rectikit loads (entry point ``rectikit`` -> ``example``).

rectikit calls the ``@hookimpl`` functions whose names match its hook specifications
(:mod:`rectikit.hookspecs`): here, one rule pack and one check. The record kind the
rule reads (``procurement``) is a built-in one; a plugin could add its own kinds with
``rectikit_record_kinds``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from rectikit.hookspecs import hookimpl

from .checks import ContractOverBudget


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The ORG rule pack, read from the installed package (works from a wheel or zip)."""
    return [resources.files("rectikit_plugin_example").joinpath("rules.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The checks enforcing this pack's rules."""
    return [ContractOverBudget]
