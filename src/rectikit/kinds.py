"""Built-in plugin: the record kinds of DATA.md, the data-diagnostic and waiver rules."""

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
    """The ``DAT``/``CFG`` diagnostics pack and the ``WVR`` waiver pack."""
    return [builtin_pack("diagnostics.toml"), builtin_pack("waivers.toml")]
