"""What the two fast parsers (worksheet rows, shared strings) check text with.

The fast parsers tokenize part text with regular expressions instead of an XML parser;
these are the checks that make the form they accept a subset of well-formed XML: the
bytes a part may hold, the XML declaration, attribute syntax and what text may contain.
References in text are decoded (and refused where XML refuses them) by
:func:`~rectikit.readers.formats.xlsx_cells.unescape`.
"""

from __future__ import annotations

import re
import sys

#: An attribute value as every writer puts it: double-quoted, without references (an
#: attribute in another layout is valid XML that the exact paths read).
VALUE = r'"[^"<&]*"'
#: An element or attribute name (ASCII only: other names are left to the exact paths).
NAME = r"[A-Za-z_][A-Za-z0-9_.:-]*"

#: Bytes of characters XML forbids, and carriage returns (which XML normalizes): a fast
#: parser leaves a part holding any to its exact path.
AWKWARD_BYTES = bytes([*range(0, 9), 11, 12, 13, *range(14, 32)])
#: Every other byte, for ``chunk.translate(None, PLAIN_BYTES)`` (empty: no awkward byte).
PLAIN_BYTES = bytes(byte for byte in range(256) if byte not in AWKWARD_BYTES)
#: What text must not hold: ``]]>`` (not allowed in character data) and the
#: non-characters U+FFFE/U+FFFF (which UTF-8 decoding lets through).
AWKWARD_TEXT = ("]]>", "\ufffe", "\uffff")


def compile_strict(pattern: str) -> re.Pattern[str]:
    """Compile a fast-path pattern written with possessive quantifiers (``*+``, ``?+``).

    Python 3.10 has none; there they become greedy. That changes no match: every
    optional or repeated part of these patterns starts with a literal of its own, so
    backtracking into one never finds another way through, it only costs time.
    """
    if sys.version_info < (3, 11):
        pattern = re.sub(r"(?<=[?*])\+", "", pattern)
    return re.compile(pattern)


_DECLARATION = re.compile(
    r"<\?xml[ \t\r\n]+version=([\"'])1\.0\1"
    r"(?:[ \t\r\n]+encoding=([\"'])([A-Za-z][A-Za-z0-9._-]*)\2)?"
    r"(?:[ \t\r\n]+standalone=([\"'])(?:yes|no)\4)?[ \t\r\n]*\?>"
)


def declared_utf8(text: str) -> bool:
    """Whether ``text`` (a part's start, after any BOM) is UTF-8 by its XML declaration:
    it has none, or one of the usual form naming UTF-8 or no encoding."""
    if not text.startswith("<?xml"):
        return True
    declaration = _DECLARATION.match(text)
    if declaration is None:
        return False
    encoding = declaration.group(3)
    return encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def attribute_names(attributes: str) -> list[str]:
    """The names in ``attributes`` (`` name="value"`` repeated), in order (a value that
    holds ``x=`` adds a name: a duplicate there only sends the part to the exact path)."""
    return _ATTRIBUTE_NAME.findall(attributes)


_ATTRIBUTE_NAME = re.compile(rf"({NAME})=")
