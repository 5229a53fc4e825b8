"""Data diagnostics (``DAT*``) raised while reading a dataset."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from rectikit.model.location import Location


@attrs.frozen(slots=True)
class Diagnostic:
    """A problem with the input data, before the engine turns it into a violation.

    Attributes:
        code: ``DAT001`` … ``DAT006``.
        location: file, and row/column where it applies.
        message: ``{"zh": ..., "en": ...}``.
        kind: the record kind involved, if known.
        subject: what it is about (an id, a header, a file).
    """

    code: str
    location: Location
    message: Mapping[str, str]
    kind: str | None = None
    subject: str = ""


def diag(
    code: str,
    location: Location,
    zh: str,
    en: str,
    *,
    kind: str | None = None,
    subject: str = "",
) -> Diagnostic:
    """Shorthand for a :class:`Diagnostic` with a Chinese and an English message."""
    return Diagnostic(code, location, {"zh": zh, "en": en}, kind, subject or location.file)
