"""The registry: everything the plugins provide, merged (built by :mod:`rectikit.plugins`).

It lives in the engine layer so that the engine needs no plugin machinery: the plugin
host fills it, the engine reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from rectikit.engine.packs import Rule
from rectikit.model.schema import KindSchema


@attrs.frozen(slots=True)
class PluginInfo:
    """A loaded plugin.

    Attributes:
        name: its registered name (entry-point name or module).
        source: where it came from: ``rectikit`` for built-ins, else the distribution
            (``name version``) or ``config: module``.
        builtin: whether it ships with rectikit.
    """

    name: str
    source: str
    builtin: bool


@attrs.define
class Registry:
    """Everything the plugins provide, merged and validated.

    Attributes:
        kinds: kind name -> schema.
        rules: code -> rule.
        checks: code -> check classes.
        readers: suffix -> reader function.
        reporters: format name -> reporter class.
        plugins: the registered plugins.
        provided: plugin name -> what it adds (``rules``, ``kinds``) for ``rectikit plugins``.
        problems: one-line messages about plugins skipped.
    """

    kinds: dict[str, KindSchema] = attrs.field(factory=dict)
    kind_sources: dict[str, str] = attrs.field(factory=dict)
    rules: dict[str, Rule] = attrs.field(factory=dict)
    checks: dict[str, list[type]] = attrs.field(factory=dict)
    readers: dict[str, Callable[..., Any]] = attrs.field(factory=dict)
    reporters: dict[str, type] = attrs.field(factory=dict)
    plugins: list[PluginInfo] = attrs.field(factory=list)
    provided: dict[str, dict[str, list[str]]] = attrs.field(factory=dict)
    problems: list[str] = attrs.field(factory=list)
