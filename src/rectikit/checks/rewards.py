"""Placeholder while the module is written (issue 4)."""

from __future__ import annotations

CHECKS: list[type] = []
