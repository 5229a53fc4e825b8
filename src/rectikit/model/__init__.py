"""The model layer: attrs value classes, record kinds and pure value parsers."""

from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation

__all__ = ["Location", "Severity", "Violation"]
