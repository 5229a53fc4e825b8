"""The fast worksheet parser: one strict regular expression over ``<sheetData>``.

It recognizes the form spreadsheet programs write (Excel, WPS, LibreOffice, openpyxl,
XlsxWriter): each chunk of ``<sheetData>`` is tokenized by ``re.split`` with a pattern that
must match every character — rows with ``r``, cells ``<c r= s= t=>`` with ``<f>``,
``<v>`` or a plain ``<is><t>``, attributes double-quoted and one space apart, no
whitespace between elements. Text is checked as an XML parser would (references,
forbidden characters, carriage returns, ``]]>``). Everything around ``<sheetData>`` goes
through the hardened expat parser (:func:`~rectikit.readers.formats.xlsx_xml.safe_expat`),
which also confirms where ``<sheetData>`` really starts. Anything else raises
:class:`~rectikit.readers.formats.xlsx_rows.HandOver`: the exact path reads that part.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable, Iterator

from rectikit.readers.formats.xlsx_cells import (
    MAX_COLUMNS,
    BadText,
    CellError,
    CellValues,
    column_index,
)
from rectikit.readers.formats.xlsx_package import BoundedPart
from rectikit.readers.formats.xlsx_rows import (
    PART_ERRORS,
    HandOver,
    SheetRow,
    cell_error,
    too_many,
)
from rectikit.readers.formats.xlsx_text import (
    AWKWARD_TEXT,
    NAME,
    PLAIN_BYTES,
    VALUE,
    attribute_names,
    compile_strict,
    declared_utf8,
)
from rectikit.readers.formats.xlsx_xml import CHUNK, ChunkSizes, local_name, safe_expat

_TOKEN_PATTERN = (
    # a cell: r, s, t, then rarely cm, vm, ph (in the schema's order)
    r'<(?:c r="([A-Z]{1,3})[1-9][0-9]*"(?: s="(0|[1-9][0-9]*)")?+(?: t="([a-zA-Z]+)")?+'
    r'(?: (?:cm="[0-9]+"(?: vm="[0-9]+")?(?: ph="[01]")?|vm="[0-9]+"(?: ph="[01]")?|ph="[01]"))?+'
    r" ?(?:/>|>"
    # an optional formula (its text only checked), then <v> or a plain <is><t>
    rf"(?:<f(?: {NAME}={VALUE})*+ ?(?:/>|>([^<]*+)</f>))?+"
    r"(?:<v>([^<]*+)</v>|<v ?/>"
    r'|(<is)(?: ?/>|>(?:<t(?: xml:space="(?:preserve|default)")? ?(?:/>|>([^<]*+)</t>))?+</is>))?+'
    r"</c>)"
    r"|(/row>)"
    # a row: r first, then any attributes; a self-closing row is empty
    rf'|row r="([0-9]+)"((?: {NAME}={VALUE})*+) ?(/?)>)'
)
_TOKEN = compile_strict(_TOKEN_PATTERN)
_GROUPS = _TOKEN.groups + 1  # re.split gives the text before each token, then the groups

_OPEN = "<sheetData>"
_CLOSE = "</sheetData>"


class _Envelope:
    """The hardened expat parser fed everything but the inside of ``<sheetData>``."""

    def __init__(self) -> None:
        parser = safe_expat()
        parser.StartElementHandler = self._start
        self.parser = parser
        self.fed = 0  # UTF-8 bytes fed so far
        self.sheet_data_at: list[int] = []
        self.rows_outside = False

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        local = local_name(name)
        if local == "sheetData":
            self.sheet_data_at.append(self.parser.CurrentByteIndex)
        elif local in ("row", "c"):
            self.rows_outside = True

    def feed(self, text: str, final: bool = False) -> None:
        try:
            self.parser.Parse(text, final)
        except Exception as err:  # malformed: the exact path will say how
            raise HandOver from err
        self.fed += len(text.encode("utf-8"))

    def opened_sheet_data(self) -> bool:
        """Whether the text fed last ended with the real ``<sheetData>`` start tag."""
        return self.sheet_data_at == [self.fed - len(_OPEN)] and not self.rows_outside


def _head(more: Callable[[], str | None], envelope: _Envelope) -> str:
    """Feed the envelope up to the real ``<sheetData>``; return the text after it."""
    buffer = more() or ""
    if buffer.startswith("\ufeff"):
        envelope.feed(buffer[0])
        buffer = buffer[1:]
    if not declared_utf8(buffer):
        raise HandOver
    while True:
        start = buffer.find(_OPEN)
        if start >= 0:
            envelope.feed(buffer[: start + len(_OPEN)])
            buffer = buffer[start + len(_OPEN) :]
            if envelope.opened_sheet_data():
                return buffer
            if envelope.sheet_data_at:
                raise HandOver  # <sheetData> written another way first
            continue
        # feed whole tags only (to the last ">" that cannot start a "<sheetData>"), so
        # that expat, which may defer a partial token, reports each start tag at once
        fed = buffer.rfind(">", 0, len(buffer) - len(_OPEN) + 1) + 1
        if fed:
            envelope.feed(buffer[:fed])
            buffer = buffer[fed:]
        elif len(buffer) > CHUNK * 8:
            raise HandOver  # a megabyte without a tag before <sheetData>: not the form
        text = more()
        if text is None:
            raise HandOver  # an empty <sheetData/>, or none: the exact path decides
        buffer += text


class FastRows:
    """Tokenizes whole rows of ``<sheetData>`` text into :data:`SheetRow` s."""

    def __init__(self, cells: CellValues, title: str, max_rows: int) -> None:
        self.cells = cells
        self.title = title
        self.max_rows = max_rows
        self.count = 0
        self.given = 0  # rows yielded: the exact path skips them if it takes over
        self.checked_attributes: set[str] = set()

    def read(self, open_part: Callable[[], BoundedPart]) -> Iterator[SheetRow]:
        """The rows of the part; raises :class:`HandOver` where the fast form ends."""
        with open_part() as part:
            try:
                yield from self._read(part)
            except HandOver:
                part.release()  # the exact path reads the part again: it counts once
                raise

    def _read(self, part: BoundedPart) -> Iterator[SheetRow]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        envelope = _Envelope()

        sizes = ChunkSizes(envelope.parser)

        def more(size: int = CHUNK) -> str | None:
            try:
                chunk = part.read(size)
                if not chunk:
                    decoder.decode(b"", True)  # a sequence cut short raises
                    return None
                if chunk.translate(None, PLAIN_BYTES):
                    raise HandOver
                return decoder.decode(chunk)
            except (UnicodeDecodeError, *PART_ERRORS):
                raise HandOver from None  # the exact path reports it

        buffer = _head(lambda: more(sizes.next()), envelope)
        scan = 0  # where </row> or </sheetData> may start in the buffer
        while True:
            end = buffer.find(_CLOSE, scan)
            if end >= 0:
                cut = end
            else:
                last_row = buffer.rfind("</row>", scan)
                cut = last_row + len("</row>") if last_row >= 0 else 0
            if cut:
                yield from self.tokenize(buffer[:cut])
                buffer = buffer[cut:]
            if end >= 0:
                break
            scan = max(0, len(buffer) - len(_CLOSE))
            text = more()
            if not text:
                if text is None:
                    raise HandOver  # no </sheetData>: the exact path reports the break
                continue
            buffer += text
        envelope.feed(buffer)
        while (text := more(sizes.next())) is not None:
            envelope.feed(text)
        envelope.feed("", True)
        if len(envelope.sheet_data_at) != 1 or envelope.rows_outside:
            raise HandOver

    def tokenize(self, text: str) -> Iterator[SheetRow]:
        """The rows of ``text``, which must hold whole rows only."""
        if any(awkward in text for awkward in AWKWARD_TEXT):
            raise HandOver
        parts = _TOKEN.split(text)
        if any(parts[0:-1:_GROUPS]) or parts[-1].strip(" \t\n"):
            raise HandOver  # something between tokens: not the fast form
        cells = self.cells
        date_styles = cells.date_style_texts
        number_get = cells.number_cache.get
        number = cells.number
        date = cells.date
        shared = cells.shared
        shared_get = cells.shared_by_text.get
        unescape = cells.unescape
        unescaped_get = cells.text_cache.get
        columns_get = _column_indexes().get
        letters_at = _column_letters()
        values: list[object] | None = None
        row_number = 0
        letters = ""
        it = iter(parts)
        next(it)
        try:
            for (
                letters,
                style,
                kind,
                formula,
                text_v,
                inline,
                text_t,
                row_end,
                row_r,
                row_attributes,
                row_closed,
                _between,
            ) in zip(it, it, it, it, it, it, it, it, it, it, it, it, strict=False):
                if letters is not None:
                    # references are decoded only where they may be: the caches hold
                    # plain text, so a text with "&" always misses them
                    if kind is None or kind == "n":
                        if not text_v:
                            value = None
                        elif (style or "0") in date_styles:  # no s: style 0
                            text_v = unescape(text_v) if "&" in text_v else text_v
                            value = date(text_v, int(style or 0))
                        else:
                            value = number_get(text_v)
                            if value is None:
                                value = number(unescape(text_v) if "&" in text_v else text_v)
                    elif kind == "inlineStr":
                        if text_t is None:
                            value = None if inline is None else ""
                        elif "&" in text_t:
                            value = unescaped_get(text_t) or unescape(text_t)
                        else:
                            value = text_t
                    elif kind == "s" and text_v:
                        value = shared_get(text_v)
                        if value is None:  # "007", a reference, or a bad index
                            value = shared(unescape(text_v) if "&" in text_v else text_v)
                    else:
                        if text_v and "&" in text_v:
                            text_v = unescape(text_v)
                        value = cells.value(kind, int(style or 0), text_v, None)
                    if formula is not None and "&" in formula:
                        unescape(formula)  # only checked: the cached value is what counts
                    if values is None:
                        raise HandOver  # a cell outside a row
                    size = len(values)
                    if letters == letters_at[size]:  # the next column, as cells mostly are
                        values.append(value)
                        continue
                    column = columns_get(letters)
                    if column is None:
                        column = column_index(letters)
                    if column > size:
                        values.extend([None] * (column - size))
                        values.append(value)
                    else:
                        values[column] = value
                elif row_r is not None:
                    if values is not None:
                        raise HandOver  # a row inside a row
                    if row_attributes:
                        self._check_attributes(row_attributes)
                    row_number = int(row_r)
                    self.count += 1
                    if self.count > self.max_rows or row_number > self.max_rows:
                        raise too_many(self.title, self.max_rows)
                    if row_closed:
                        self.given += 1
                        yield row_number, []
                    else:
                        values = []
                elif row_end is not None:
                    if values is None:
                        raise HandOver
                    self.given += 1
                    yield row_number, values
                    values = None
        except BadText:
            raise HandOver from None  # the exact path names the bad reference
        except CellError as err:
            raise cell_error(err, f"{letters}{row_number}") from None
        if values is not None:
            raise HandOver  # a row left open

    def _check_attributes(self, attributes: str) -> None:
        """A row's other attributes must not repeat a name (expat would refuse)."""
        if attributes in self.checked_attributes:
            return
        names = attribute_names(attributes)
        if len(set(names)) != len(names) or "r" in names:
            raise HandOver
        if len(self.checked_attributes) < 256:
            self.checked_attributes.add(attributes)


@functools.cache
def _column_letters() -> list[str]:
    """0-based column -> letters, for every column through XFD, then "" (a row is never
    longer than XFD, so indexing it with a row's length never fails)."""
    one = [chr(c) for c in range(65, 91)]
    two = [a + b for a in one for b in one]
    three = [a + b for a in one for b in two]
    return [*(one + two + three)[:MAX_COLUMNS], ""]


@functools.cache
def _column_indexes() -> dict[str, int]:
    """Letters -> 0-based column, for every column through XFD."""
    return {name: index for index, name in enumerate(_column_letters()[:MAX_COLUMNS])}
