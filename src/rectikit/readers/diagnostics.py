"""Data diagnostics (``DAT*``) raised while reading a dataset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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

    def __reduce_ex__(self, protocol: Any) -> Any:
        # pickled as its constructor's arguments (between processes, see --jobs): a
        # third faster than attrs' state dictionaries; a subclass pickles as usual
        if type(self) is not Diagnostic:
            return object.__reduce_ex__(self, protocol)
        return Diagnostic, (self.code, self.location, self.message, self.kind, self.subject)


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
