"""Fixtures of the fuzz tests: a scratch folder per test module, emptied per example."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the examples of a module write their dataset into, one at a time."""
    return tmp_path_factory.mktemp("fuzz")
