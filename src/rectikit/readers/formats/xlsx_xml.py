"""Hardened XML parsing for workbook parts: no DTD, no entities, no external references.

Two tools, both refusing what defusedxml refuses (and raising its exceptions):

* :func:`parse_part` reads a small part (workbook, relationships, content types, styles)
  whole with :func:`defusedxml.ElementTree.fromstring`;
* :func:`safe_expat` makes a :mod:`pyexpat` parser for the parts streamed through
  callbacks (worksheets, shared strings), with defusedxml's handlers: a ``<!DOCTYPE``,
  an entity declaration or an external reference raises instead of being processed.

Without a DTD no entity but the five predefined ones can exist, so nothing expands
(billion laughs) and nothing is fetched (XXE). Element names are compared by their local
part (:func:`local_name`), so a prefixed or Strict-namespace part reads the same.
"""

from __future__ import annotations

import pyexpat
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import fromstring

#: The size a streamed part is read in at first.
CHUNK = 1 << 17
_MAX_CHUNK = 1 << 30

#: What a malformed or forbidden XML part raises while it is parsed.
XML_ERRORS = (ParseError, pyexpat.ExpatError, DefusedXmlException, ValueError, LookupError)


def parse_part(data: bytes) -> Element:
    """The root element of a small part, parsed with defusedxml (DTDs forbidden).

    Raises:
        ParseError, DefusedXmlException: malformed XML, or a DTD/entity declaration.
    """
    return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)


def local_name(tag: str) -> str:
    """``tag`` without its namespace (``{uri}name``) or prefix (``x:name``)."""
    return tag.rpartition("}")[2].rpartition(":")[2]


def children(element: Element, name: str) -> list[Element]:
    """The child elements of ``element`` whose local name is ``name``."""
    return [child for child in element if local_name(child.tag) == name]


def child(element: Element, name: str) -> Element | None:
    """The first child element of ``element`` whose local name is ``name``."""
    for found in element:
        if local_name(found.tag) == name:
            return found
    return None


def _doctype(name: str, sysid: str | None, pubid: str | None, _internal: bool) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _entity(name: str, _param: bool, value: str | None, *where: Any) -> None:
    raise EntitiesForbidden(name, value, *where)


def _unparsed(name: str, base: Any, sysid: Any, pubid: Any, notation: Any) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _external(context: Any, base: Any, sysid: Any, pubid: Any) -> None:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def safe_expat() -> Any:
    """A namespace-unaware :mod:`pyexpat` parser that refuses DTDs and entities.

    The caller sets the content handlers. Names keep their prefix (``x:row``); compare
    them with :func:`local_name`.
    """
    parser = pyexpat.ParserCreate()
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _entity
    parser.UnparsedEntityDeclHandler = _unparsed
    parser.ExternalEntityRefHandler = _external
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def content_parser(start: Any, end: Any, chars: Any) -> Any:
    """A :func:`safe_expat` parser with buffered text (64 KB) and the element and text
    handlers set: what the exact readers of sheets and shared strings use."""
    parser = safe_expat()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    return parser


class ChunkSizes:
    """How much of a part to read next for an expat parser: :data:`CHUNK` while expat
    makes progress, twice as much each time it does not (a token is still open).

    Before expat 2.6, each call re-reads an unfinished token from its start: a 100 MB
    comment or attribute read in fixed chunks takes quadratic time (minutes); doubling
    the chunks while the token lasts keeps it linear.
    """

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.size = CHUNK
        self._at: int | None = None

    def next(self) -> int:
        """The size of the next read, given how far expat got since the last one."""
        at = self.parser.CurrentByteIndex
        if self._at is not None and at == self._at:
            self.size = min(self.size * 2, _MAX_CHUNK)
        else:
            self.size = CHUNK
        self._at = at
        return self.size


def describe(err: BaseException) -> str:
    """A one-line description of an XML error for a :class:`ReadError` message."""
    if isinstance(err, DTDForbidden):
        return "a DTD (<!DOCTYPE>) is not allowed"
    if isinstance(err, EntitiesForbidden):
        return f"entity declaration {err.name!r} is not allowed"
    if isinstance(err, ExternalReferenceForbidden):
        return "external references are not allowed"
    if isinstance(err, (pyexpat.ExpatError, ParseError, LookupError)):
        return f"XML error: {err}"  # LookupError: an encoding Python does not know
    return f"{type(err).__name__}: {err}"
