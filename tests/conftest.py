"""Fixtures shared by the whole test suite.

The test folders are not packages (no ``__init__.py``), so this conftest puts ``tests/``
on ``sys.path`` for the shared data and helpers of ``tests/support.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rectikit.plugins import Registry, build_registry

TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

from support import WriteLedger  # noqa: E402


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The built-in plugins, loaded once per test module."""
    return build_registry(builtins_only=True)


@pytest.fixture
def write_ledger(tmp_path: Path) -> WriteLedger:
    """``write_ledger(text, name="ledger.toml")``: ``text`` as UTF-8 in ``tmp_path``, byte
    for byte (no newline translation), and its path."""

    def write(text: str, name: str = "ledger.toml") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        return path

    return write
