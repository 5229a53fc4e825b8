"""The registry: everything the plugins provide, merged (built by :mod:`rectikit.plugins`).

It lives in the engine layer so that the engine needs no plugin machinery: the plugin
host fills it, the engine reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from rectikit.engine.isolation import PluginProblem
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
        distribution: the installed distribution it comes from (``""`` for a module
            named in config).
        version: that distribution's version.
    """

    name: str
    source: str
    builtin: bool
    distribution: str = ""
    version: str = ""

    @property
    def display(self) -> str:
        """The name messages give the plugin: its distribution, else its module."""
        return self.distribution or self.name

    @property
    def origin(self) -> str:
        """Where it came from, for messages: ``version 1.0, entry point myorg`` for an
        installed plugin, ``config`` for a module named in config."""
        if self.builtin:
            return "rectikit"
        if self.distribution:
            return f"version {self.version}, entry point {self.name}"
        return "config"

    @property
    def origin_zh(self) -> str:
        """:attr:`origin` in Chinese: ``版本 1.0，入口 myorg``, ``配置``."""
        if self.builtin:
            return "rectikit"
        if self.distribution:
            return f"版本 {self.version}，入口 {self.name}"
        return "配置"


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
        failures: the same failures as ``PLG`` problems naming the plugin (reported as
            violations by the engine, see :mod:`rectikit.engine.isolation`).
        check_plugins: check class -> the plugin it comes from.
        reader_plugins: reader suffix -> the plugin it comes from.
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
    failures: list[PluginProblem] = attrs.field(factory=list)
    check_plugins: dict[type, PluginInfo] = attrs.field(factory=dict)
    reader_plugins: dict[str, PluginInfo] = attrs.field(factory=dict)
