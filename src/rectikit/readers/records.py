"""Raw tables to typed records: header matching, value parsing and ``DAT`` diagnostics.

Headers match a field's canonical name or any alias after trimming, width folding and
case folding (:func:`~rectikit.model.values.normalize_text`). A cell that does not parse
is ``DAT003``: the record is kept with that field ``None`` and named in
``record.invalid``, so only the checks needing the field skip it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rectikit.model.location import Location
from rectikit.model.schema import FieldSpec, KindSchema
from rectikit.model.values import (
    EnumLookup,
    ValueParseError,
    excerpt,
    is_blank,
    normalize_text,
    parse_amount,
    parse_bool,
    parse_date,
    parse_int,
    parse_quarter,
)
from rectikit.readers.compiled import INVISIBLE, compile_row_converter
from rectikit.readers.diagnostics import Diagnostic, diag
from rectikit.readers.formats import RawRow, RawTable
from rectikit.readers.keys import SeenKeys

Sink = Callable[[Diagnostic], None]

#: How many rows below the first one may hold the real header (after a title row).
HEADER_SEARCH_ROWS = 5

TYPE_NAMES = {
    "amount": ("金额", "amount"),
    "date": ("日期", "date"),
    "bool": ("是/否", "yes/no"),
    "int": ("整数", "whole number"),
    "quarter": ("季度", "quarter"),
    "enum": ("可选值", "choice"),
    "str": ("文本", "text"),
    "list": ("列表", "list"),
}


def column_letter(number: int) -> str:
    """The spreadsheet letter of 1-based column ``number`` (1 -> A, 27 -> AA)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def as_text(value: Any) -> str:
    """A raw cell as text: integral numbers without decimals, dates in ISO form."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        # integral numbers without the fraction; NaN, infinities and huge exponents
        # (JSON's ``1e999999``) as written
        if value.is_finite() and value.adjusted() < 40 and value == value.to_integral_value():
            return str(int(value))
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _as_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(as_text(v) for v in value if not is_blank(v))
    parts = str(value).replace("，", ",").replace("、", ",").replace("；", ",").split(",")
    return tuple(p.strip() for p in parts if p.strip())


def parser_for(spec: FieldSpec) -> Callable[[Any], Any]:
    """The function turning a non-blank raw cell into the field's typed value."""
    if spec.type == "enum":
        return EnumLookup(spec.choices or {}).parse
    return {
        "str": as_text,
        "amount": parse_amount,
        "date": parse_date,
        "bool": parse_bool,
        "int": parse_int,
        "quarter": parse_quarter,
        "list": _as_list,
    }[spec.type]


#: What a :class:`CellParser` returns for a blank cell.
BLANK: Any = object()
_MISS: Any = object()
#: Distinct cell texts a column remembers before starting over (dates, enums, amounts
#: repeat: a year has 365 dates, a ledger a few dozen units and methods).
MEMO_SIZE = 4096


class CellParser:
    """A column's parser with the blank test, memoized on the cell text.

    Parsing is a pure function of the text, and every parsed value is immutable
    (``Decimal``, ``date``, ``int``, ``bool``, ``str``, :class:`Quarter`, tuples), so a
    value seen before is looked up rather than parsed again. Returns :data:`BLANK` for a
    blank cell; a cell that does not parse raises :class:`ValueParseError` every time.
    """

    __slots__ = ("cache", "parse")

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        self.parse = parse
        self.cache: dict[str, Any] = {}

    def __call__(self, raw: Any) -> Any:
        if raw is None:
            return BLANK
        if type(raw) is str:
            found = self.cache.get(raw, _MISS)
            if found is not _MISS:
                return found
            value = BLANK if is_blank(raw) else self.parse(raw)
            if len(self.cache) >= MEMO_SIZE:
                self.cache.clear()
            self.cache[raw] = value
            return value
        return self.parse(raw)


class TextCell:
    """A text column: no parsing to remember, just the blank test and trimming."""

    __slots__ = ()

    def __call__(self, raw: Any) -> Any:
        if type(raw) is str:
            text = raw.strip()
            if text and (text[0] not in INVISIBLE or not is_blank(text)):
                return text
            return BLANK
        return BLANK if raw is None else as_text(raw)


class HeaderIndex:
    """Normalised header -> field name, built once per kind."""

    def __init__(self, schema: KindSchema) -> None:
        self.schema = schema
        self.by_text: dict[str, str] = {}
        for spec in schema.fields:
            for text in (spec.name, *spec.aliases):
                self.by_text.setdefault(normalize_text(text), spec.name)
        self.parsers = {spec.name: parser_for(spec) for spec in schema.fields}
        self.cells: dict[str, CellParser | TextCell] = {
            spec.name: TextCell() if spec.type == "str" else CellParser(self.parsers[spec.name])
            for spec in schema.fields
        }
        self.specs = {spec.name: spec for spec in schema.fields}

    def match(self, header: str) -> str | None:
        """The field a header names, or ``None``."""
        return self.by_text.get(normalize_text(header)) if header else None


class TableConverter:
    """Turns the rows of one raw table into records of one kind.

    Args:
        table: the raw table.
        index: the kind's header index.
        sink: receives the diagnostics.
        seen_keys: the kind's record keys seen so far (shared across files, for ``DAT004``).
        compile: convert rows through a converter compiled for the table (the same
            records, faster); ``False`` keeps to the general path (the tests compare).
    """

    def __init__(
        self,
        table: RawTable,
        index: HeaderIndex,
        sink: Sink,
        seen_keys: SeenKeys | MutableMapping[str, tuple[str, int]],
        *,
        compile: bool = True,
    ) -> None:
        self.table = table
        self.index = index
        self.schema = index.schema
        self.sink = sink
        self.seen_keys = seen_keys
        self.compile = compile
        self.columns: list[tuple[int, str]] = []
        #: (position, field, parser, spec) of each mapped column, in row order
        self.plan: list[tuple[int, str, CellParser | TextCell, FieldSpec]] = []
        self.extra_columns: list[tuple[int, str]] = []
        self.headers: dict[str, str] = {}
        self.letters: dict[str, str] | None = None
        self.required = self.schema.required
        self.required_names = tuple(spec.name for spec in self.required)
        self._rows: Iterator[RawRow] = iter(table.rows)
        self._pending: list[RawRow] = []
        #: the row number of the header taken (``None`` when not known)
        self.header_row: int | None = None
        self.ok = self._find_header()

    def _file_location(self, column: str | None = None) -> Location:
        return Location(self.table.file, None, column, self.table.sheet)

    def _find_header(self) -> bool:
        """Map the header; when the first row lacks required columns, look further.

        Office ledgers often open with a title row (``2023年采购台账``) or a note above
        the real header: the first of the next :data:`HEADER_SEARCH_ROWS` rows that
        names every required column is taken as the header, and rows above it are
        skipped. Otherwise the first row stands and ``DAT002`` names what is missing.
        """
        mapping = self._map(self.table.headers)
        if not mapping[2]:
            self._adopt(mapping, self.table.column_letters)
            self.header_row = getattr(self.table.origin, "header_row", None)
            return True
        buffered: list[RawRow] = []
        for raw in itertools.islice(self._rows, HEADER_SEARCH_ROWS):
            buffered.append(raw)
            candidate = self._map(tuple(as_text(v) if v is not None else "" for v in raw.values))
            if not candidate[2]:
                self.header_row = raw.row
                letters = None
                if self.table.column_letters is not None:
                    letters = tuple(column_letter(i + 1) for i in range(len(raw.values)))
                self._adopt(candidate, letters)
                return True
        self._pending = buffered
        self._adopt(mapping, self.table.column_letters)
        for spec in mapping[2]:
            aliases = "、".join(spec.aliases)
            self.sink(
                diag(
                    "DAT002",
                    self._file_location(spec.name),
                    f"缺少必填列“{spec.name}”（可用列名：{aliases}）",
                    f"required column '{spec.name}' is missing (accepted headers: "
                    f"{spec.name}, {', '.join(spec.aliases)})",
                    kind=self.schema.name,
                    subject=spec.name,
                )
            )
        return False

    def _map(
        self, headers: tuple[str, ...]
    ) -> tuple[dict[str, tuple[int, str]], list[tuple[int, str]], list[FieldSpec]]:
        """(field -> (position, header), unknown columns, missing required fields)."""
        mapped: dict[str, tuple[int, str]] = {}
        extra: list[tuple[int, str]] = []
        for position, raw in enumerate(headers):
            header = raw.strip() if isinstance(raw, str) else as_text(raw)
            name = self.index.match(header)
            if name is None or name in mapped:
                if header:
                    extra.append((position, header))
                continue
            mapped[name] = (position, header)
        missing = [spec for spec in self.schema.required if spec.name not in mapped]
        return mapped, extra, missing

    def _adopt(
        self,
        mapping: tuple[dict[str, tuple[int, str]], list[tuple[int, str]], list[FieldSpec]],
        letters: tuple[str, ...] | None,
    ) -> None:
        mapped, extra, _ = mapping
        self.columns = [(pos, name) for name, (pos, _) in mapped.items()]
        self.plan = [
            (pos, name, self.index.cells[name], self.index.specs[name])
            for name, (pos, _) in mapped.items()
        ]
        self.extra_columns = extra
        self.headers = {name: header for name, (_, header) in mapped.items()}
        if letters is not None:
            self.letters = {
                name: letters[pos] if pos < len(letters) else column_letter(pos + 1)
                for name, (pos, _) in mapped.items()
            }

    @property
    def has_pending(self) -> bool:
        """Whether rows read during the header search wait to be converted."""
        return bool(self._pending)

    def records(self, rows: Iterable[RawRow] | None = None, after_row: int = 0) -> Iterator[Any]:
        """The table's records; rows with unparseable cells come with ``invalid`` set.

        Args:
            rows: the rows to convert instead of the table's own (one byte range of
                it, :mod:`rectikit.readers.formats.ranges`).
            after_row: skip the table's rows up to this row number (already read).
        """
        if not self.ok:
            return
        convert = self.compiled() if self.compile else self._convert
        if rows is None:
            rows = itertools.chain(self._pending, self._rows)
            if after_row:
                rows = itertools.dropwhile(lambda raw: raw.row <= after_row, rows)
        for row, values in rows:
            record = convert(row, values)
            if record is not None:
                yield record

    def compiled(self) -> Callable[[int, tuple[Any, ...]], Any]:
        """This table's row converter compiled for the clean row (see
        :mod:`rectikit.readers.compiled`), falling back on :meth:`_convert`."""
        return compile_row_converter(
            schema=self.schema,
            plan=self.plan,
            extra_columns=self.extra_columns,
            file=self.table.file,
            sheet=self.table.sheet,
            letters=self.letters,
            seen_keys=self.seen_keys,
            blank=BLANK,
            general=self._convert,
            extra_of=self._extra,
        )

    def _extra(self, values: tuple[Any, ...]) -> dict[str, Any]:
        """The row's non-blank cells in columns no field takes, by header."""
        width = len(values)
        return {
            header: values[position]
            for position, header in self.extra_columns
            if position < width and not is_blank(values[position])
        }

    def _convert(self, row: int, values: tuple[Any, ...]) -> Any:
        location = Location(self.table.file, row, None, self.table.sheet, letters=self.letters)
        fields: dict[str, Any] = {}
        invalid: list[str] = []
        width = len(values)
        for position, name, parse, spec in self.plan:
            raw = values[position] if position < width else None
            try:
                value = parse(raw)
            except ValueParseError as exc:
                invalid.append(name)
                self._bad_value(location, spec, raw, exc)
                continue
            if value is BLANK:
                if spec.required:
                    invalid.append(name)
                    self._blank_required(location, name)
                continue
            fields[name] = value
        for name in self.required_names:
            if name not in fields and name not in invalid:
                invalid.append(name)
        extra = self._extra(values) if self.extra_columns else {}
        key = self.schema.key
        if key is not None and key in fields:
            first = self.seen_keys.get(fields[key])
            if first is not None:
                self._duplicate(location, fields[key], first)
                return None
            self.seen_keys[fields[key]] = (location.file, location.row or 0)
        return self.schema.record_class(
            **fields, location=location, extra=extra, invalid=frozenset(invalid)
        )

    def _blank_required(self, location: Location, name: str) -> None:
        header = excerpt(self.headers.get(name, name))
        self.sink(
            diag(
                "DAT003",
                location.with_column(name),
                f"必填列“{header}”为空",
                f"required column '{header}' is blank",
                kind=self.schema.name,
                subject=name,
            )
        )

    def _bad_value(
        self, location: Location, spec: FieldSpec, raw: Any, exc: ValueParseError
    ) -> None:
        header = excerpt(self.headers.get(spec.name, spec.name))
        zh_type, en_type = TYPE_NAMES.get(spec.type, (spec.type, spec.type))
        if spec.type == "enum" and spec.choices:
            accepted = "、".join(a for c in spec.choices.values() for a in c[:2])
            zh_type = f"可选值（{accepted}）"
            en_type = f"one of {', '.join(spec.choices)}"
        text = excerpt(as_text(raw))
        self.sink(
            diag(
                "DAT003",
                location.with_column(spec.name),
                f"“{header}”列的值“{text}”无法识别为{zh_type}",
                f"value '{text}' in column '{header}' is not a valid {en_type}",
                kind=self.schema.name,
                subject=spec.name,
            )
        )

    def _duplicate(self, location: Location, key: str, first: tuple[str, int]) -> None:
        first_file, first_row = first
        first_file = excerpt(first_file, 200)
        key = excerpt(key)
        where = f"{first_file} 第 {first_row} 行" if first_row else first_file
        self.sink(
            diag(
                "DAT004",
                location.with_column(self.schema.key),
                f"编号“{key}”重复（首次出现于 {where}），该行不参与检查",
                f"duplicate id '{key}' (first at {first_file}:{first_row}); row skipped",
                kind=self.schema.name,
                subject=key,
            )
        )
