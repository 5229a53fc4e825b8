"""Where rectikit's own rule packs are.

In an installed wheel the top-level ``rules/`` folder ships as ``rectikit/packs``;
in a source checkout (editable install, tests) it is read from ``rules/`` directly.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

_SOURCE_RULES = Path(__file__).resolve().parents[3] / "rules"


def builtin_pack(filename: str) -> Any:
    """The built-in pack ``filename`` (``procurement.toml``) as a readable path."""
    packaged = resources.files("rectikit").joinpath("packs", filename)
    if packaged.is_file():
        return packaged
    source = _SOURCE_RULES / filename
    if source.is_file():
        return source
    raise FileNotFoundError(f"built-in rule pack {filename} is missing from this install")
