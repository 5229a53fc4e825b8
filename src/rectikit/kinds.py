"""Built-in plugin: the record kinds of DATA.md, the data-diagnostic, waiver and
plugin-isolation rules."""

from __future__ import annotations

from typing import Any

from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.records import BUILTIN_RECORD_CLASSES


@hookimpl
def rectikit_record_kinds() -> list[type]:
    """The built-in record kinds."""
    return list(BUILTIN_RECORD_CLASSES)


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The ``DAT``/``CFG`` diagnostics pack, the ``WVR`` waiver pack and the ``PLG``
    plugin-isolation pack."""
    return [
        builtin_pack("diagnostics.toml"),
        builtin_pack("waivers.toml"),
        builtin_pack("plugins.toml"),
    ]
