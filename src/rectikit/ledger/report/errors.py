"""The error of report writing (kept apart so that every module can raise it)."""

from __future__ import annotations


class ReportError(Exception):
    """A report cannot be written: unknown format, missing python-docx, I/O failure."""
