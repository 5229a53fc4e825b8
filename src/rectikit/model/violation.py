"""Violations of rules and data diagnostics."""

from __future__ import annotations

from typing import Any

import attrs

from rectikit.model.location import Location
from rectikit.model.severity import Severity


@attrs.frozen(slots=True)
class Violation:
    """One breach of one rule, or one data/config diagnostic (``DAT*``/``CFG*``).

    Attributes:
        code: the rule code, e.g. ``PRC001``.
        name: the rule's kebab-case name, e.g. ``directed-over-limit``.
        severity: the effective severity after config overrides.
        kind: the record kind the violation is about (``procurement``), or ``None``.
        subject: the key identifying this violation (record id or composite key).
        message: the human message in the chosen language.
        location: where in the dataset.
        citation: the regulation broken.
        details: the values behind the message, as strings.
    """

    code: str
    name: str
    severity: Severity
    kind: str | None
    subject: str
    message: str
    location: Location
    citation: str = ""
    details: dict[str, str] = attrs.field(factory=dict)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # pickled as its constructor's arguments (between processes, see --jobs): a
        # third faster than attrs' state dictionaries; a subclass pickles as usual
        if type(self) is not Violation:
            return object.__reduce_ex__(self, protocol)
        return Violation, (
            *(self.code, self.name, self.severity, self.kind, self.subject, self.message),
            *(self.location, self.citation, self.details),
        )

    @property
    def is_data_error(self) -> bool:
        """True for ``DAT*`` diagnostics, which the JSON report lists apart."""
        return self.code.startswith("DAT")

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Violations sort by file, row, code (then subject for stability)."""
        file, row, _ = self.location.sort_key()
        return (file, row, self.code, self.subject, self.location.column or "")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form fixed by the CLI contract."""
        if self.is_data_error:
            return {
                "code": self.code,
                "severity": self.severity.value,
                "message": self.message,
                "location": self.location.to_dict(),
            }
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "kind": self.kind,
            "subject": self.subject,
            "message": self.message,
            "location": self.location.to_dict(),
            "citation": self.citation,
            "details": dict(self.details),
        }
