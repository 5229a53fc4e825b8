"""Severity levels of violations and diagnostics."""

from __future__ import annotations

import enum


class Severity(str, enum.Enum):
    """How serious a violation is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Numeric rank for comparisons: info 1, warning 2, error 3."""
        return _RANKS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse ``error``/``warning``/``info`` (case-insensitive); raise ``ValueError``."""
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None

    def __str__(self) -> str:
        return self.value


_RANKS = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
