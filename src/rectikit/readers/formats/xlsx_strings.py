"""A workbook's shared strings (``xl/sharedStrings.xml``): the text of each ``<si>``.

A string is its plain ``<t>`` followed by the ``<t>`` of its rich-text runs (``<r>``);
phonetic guides (``<rPh>``, ``<phoneticPr>``) are left out, as openpyxl's
``Text.content`` does. Two parsers give the same list:

* :func:`fast_shared_strings` tokenizes the part with one strict regular expression, for
  the form spreadsheet programs write (``<si>`` items in the schema's order, attributes
  double-quoted and one space apart, no whitespace inside an item), checking text as an
  XML parser would (references, forbidden characters, carriage returns, ``]]>``); the
  XML declaration, the ``<sst>`` tags and what follows go through hardened expat. For
  anything else it gives ``None``.
* :func:`exact_shared_strings` is hardened expat with callbacks: any well-formed part.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from typing import Protocol

from rectikit.readers.formats.tables import ReadError
from rectikit.readers.formats.xlsx_cells import BadText, unescape
from rectikit.readers.formats.xlsx_text import (
    AWKWARD_TEXT,
    NAME,
    PLAIN_BYTES,
    VALUE,
    attribute_names,
    compile_strict,
    declared_utf8,
)
from rectikit.readers.formats.xlsx_xml import (
    CHUNK,
    XML_ERRORS,
    ChunkSizes,
    content_parser,
    local_name,
    safe_expat,
)

__all__ = ["Readable", "exact_shared_strings", "fast_shared_strings"]


class Readable(Protocol):
    """What the parsers read a part from (a :class:`BoundedPart`, a binary file)."""

    def read(self, size: int = -1, /) -> bytes: ...


# --- the fast path ----------------------------------------------------------------------

_ATTRIBUTES = rf"(?: {NAME}={VALUE})*+"
_T = r'<t(?: xml:space="(?:preserve|default)")? ?(?:/>|>([^<]*+)</t>)'
_T_UNCAPTURED = r'<t(?: xml:space="(?:preserve|default)")? ?(?:/>|>[^<]*+</t>)'
#: Run properties: empty elements only (<b/>, <sz val="11"/>, <rFont val="宋体"/>).
_PROPERTIES = rf"<rPr(?: ?/>|>((?:<{NAME}{_ATTRIBUTES} ?/>)*+)</rPr>)"
_RUN = rf"<r>(?:{_PROPERTIES})?+(?:{_T})?+</r>"
_PHONETIC_RUN = rf"<rPh({_ATTRIBUTES}) ?>{_T}</rPh>"
_PHONETIC_PROPERTIES = rf"<phoneticPr({_ATTRIBUTES}) ?/>"


def _uncaptured(pattern: str) -> str:
    """``pattern`` with its capturing groups made non-capturing."""
    return re.sub(r"\((?!\?)", "(?:", pattern)


#: One <si>: its plain text, then its runs, phonetic runs and phonetic properties whole.
_ITEM = compile_strict(
    rf"<si(?: ?/>|>(?:{_T})?+"
    rf"((?:{_uncaptured(_RUN)})*+)"
    rf"((?:{_uncaptured(_PHONETIC_RUN)})*+)"
    rf"({_uncaptured(_PHONETIC_PROPERTIES)})?+</si>)"
)
_GROUPS = _ITEM.groups + 1  # re.split gives the text before each item, then the groups
_RUNS = compile_strict(_RUN)
_PHONETIC_RUNS = compile_strict(_PHONETIC_RUN)
_PHONETIC = compile_strict(_PHONETIC_PROPERTIES)
_EMPTY_ELEMENT = compile_strict(rf"<{NAME}({_ATTRIBUTES}) ?/>")
_HEAD = compile_strict(rf"(?:<\?xml[^<>]*\?>)?[ \t\n]*<sst({_ATTRIBUTES}) ?>")
_CLOSE = "</sst>"
_ITEM_END = "</si>"
_MAX_READ = 1 << 30


class _OutOfForm(Exception):
    """The part is not in the fast form: the exact path reads it."""


#: What sends a part to the exact path (which reports it if it is an error).
_HAND_OVER = (
    _OutOfForm,
    BadText,
    UnicodeDecodeError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    *XML_ERRORS,
)


def fast_shared_strings(part: Readable) -> list[str] | None:
    """The shared strings of ``part`` by the fast path, or ``None`` where it is not in the
    fast form (or not well-formed): read it again with :func:`exact_shared_strings`.

    Raises:
        ReadError: only from ``part.read`` (a :class:`LimitError` for a part over the
            size limits).
    """
    try:
        return _FastStrings().read(part)
    except ReadError:
        raise
    except _HAND_OVER:
        return None


class _FastStrings:
    def __init__(self) -> None:
        self.strings: list[str] = []
        self.checked: set[str] = set()  # attribute lists known to hold no duplicate
        self.envelope = safe_expat()

    def read(self, part: Readable) -> list[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()

        def more(size: int) -> str | None:
            chunk = part.read(size)
            if not chunk:
                decoder.decode(b"", True)  # a sequence cut short raises
                return None
            if chunk.translate(None, PLAIN_BYTES):
                raise _OutOfForm  # a forbidden character or a carriage return
            return decoder.decode(chunk)

        feed = self.envelope.Parse
        buffer = ""
        while (start := buffer.find("<sst")) < 0 or buffer.find(">", start) < 0:
            text = more(CHUNK) if len(buffer) <= CHUNK else None
            if text is None:
                raise _OutOfForm  # no <sst> start tag near the start: not the form
            buffer += text
        if buffer.startswith("\ufeff"):
            feed(buffer[0], False)
            buffer = buffer[1:]
        head = _HEAD.match(buffer) if declared_utf8(buffer) else None
        if head is None:
            raise _OutOfForm
        feed(buffer[: head.end()], False)
        self.check_attributes(head.group(1))
        buffer = buffer[head.end() :]
        size = CHUNK
        while True:
            end = buffer.find(_CLOSE)
            if end >= 0:
                cut = end
            else:
                last = buffer.rfind(_ITEM_END)
                cut = last + len(_ITEM_END) if last >= 0 else 0
            if cut:
                self.tokenize(buffer[:cut])
                buffer = buffer[cut:]
                size = CHUNK
            elif end < 0:
                if "<!" in buffer or "<?" in buffer:
                    raise _OutOfForm  # a comment, CDATA or PI inside: not the form
                size = min(size * 2, _MAX_READ)  # a long item: read on in growing steps
            if end >= 0:
                break
            text = more(size)
            if text is None:
                raise _OutOfForm  # no </sst>: the exact path reports the break
            buffer += text
        # </sst> and what follows: expat checks that the document ends well (it saw the
        # declaration and <sst>, and nothing between: one root, closed once)
        sizes = ChunkSizes(self.envelope)
        feed(buffer, False)
        while (text := more(sizes.next())) is not None:
            feed(text, False)
        feed("", True)
        return self.strings

    def tokenize(self, text: str) -> None:
        """Append the strings of ``text``, which must hold whole ``<si>`` items only."""
        if any(awkward in text for awkward in AWKWARD_TEXT):
            raise _OutOfForm
        parts = _ITEM.split(text)
        if "".join(parts[0::_GROUPS]).strip(" \t\n"):
            raise _OutOfForm  # something between items: not the fast form
        append = self.strings.append
        it = iter(parts)
        next(it)
        for plain, runs, phonetic, properties, _between in zip(it, it, it, it, it, strict=False):
            if plain is None:
                plain = ""
            elif "&" in plain:
                plain = unescape(plain)
            if runs or phonetic or properties:
                plain = self.rich(plain, runs, phonetic, properties)
            append(plain.replace("x005F_", "") if "x005F_" in plain else plain)

    def rich(self, plain: str, runs: str, phonetic: str, properties: str | None) -> str:
        """The plain text with the runs' texts after it; phonetic runs only checked."""
        texts = [plain]
        for run_properties, text in _RUNS.findall(runs):
            for attributes in _EMPTY_ELEMENT.findall(run_properties):
                self.check_attributes(attributes)
            texts.append(unescape(text) if "&" in text else text)
        for attributes, text in _PHONETIC_RUNS.findall(phonetic):
            self.check_attributes(attributes)
            if "&" in text:
                unescape(text)  # only checked: phonetic guides are not part of the text
        if properties:
            found = _PHONETIC.match(properties)
            assert found is not None
            self.check_attributes(found.group(1))
        return "".join(texts)

    def check_attributes(self, attributes: str) -> None:
        """An element's attributes must not repeat a name (expat would refuse)."""
        if not attributes or attributes in self.checked:
            return
        names = attribute_names(attributes)
        if len(set(names)) != len(names):
            raise _OutOfForm
        if len(self.checked) < 256:
            self.checked.add(attributes)


# --- the exact path ---------------------------------------------------------------------


def exact_shared_strings(part: Readable) -> list[str]:
    """The shared strings of ``part`` by hardened expat (any well-formed part).

    Raises:
        ExpatError, DefusedXmlException: malformed XML, a DTD or an entity declaration.
        ReadError: from ``part.read`` (a part over the size limits).
    """
    reader = _ExpatStrings()
    reader.feed_all(part)
    return reader.strings


class _ExpatStrings:
    """Streams ``sharedStrings.xml`` through expat callbacks."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._plain: str | None = None
        self._runs: list[str] = []
        self._text: list[str] | None = None
        self._path: list[str] = []
        self._names: dict[str, str] = {}
        self._parser = content_parser(self._start, self._end, self._chars)

    def feed_all(self, part: Readable) -> None:
        parse = self._parser.Parse
        sizes = ChunkSizes(self._parser)
        while chunk := part.read(sizes.next()):
            parse(chunk, False)
        parse(b"", True)

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        local = self._names.get(name)
        if local is None:
            local = self._names[name] = local_name(name)
        path = self._path
        path.append(local)
        if local == "t":
            if len(path) >= 2 and path[-2] in ("si", "r") and "rPh" not in path:
                self._text = []
        elif local == "si":
            self._plain, self._runs = None, []

    def _end(self, _name: str) -> None:
        local = self._path.pop()
        if local == "t":
            if self._text is not None:
                text = "".join(self._text)
                self._text = None
                if self._path and self._path[-1] == "si":
                    self._plain = text
                else:
                    self._runs.append(text)
        elif local == "si":
            plain = "" if self._plain is None else self._plain
            text = plain + "".join(self._runs) if self._runs else plain
            self.strings.append(text.replace("x005F_", "") if "x005F_" in text else text)

    def _chars(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
