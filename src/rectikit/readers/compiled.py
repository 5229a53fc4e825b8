"""Row converters compiled for one table: the record-making hot path, without the loops.

:class:`~rectikit.readers.records.TableConverter` knows, once the header is mapped,
which cell goes to which field with which parser. :func:`compile_row_converter` turns
that plan into a Python function written out for the table (the way attrs writes a
class's ``__init__``): each cell is looked up in its column's memo and parsed only when
new, text cells are trimmed in line, and the record is built by setting its slots.

Where rectikit was built with its C speedups (:mod:`rectikit._speedups`, optional), the
same plan also makes a ``RowConverter`` in C that does what the Python function does,
step for step, and that is what is used (``RECTIKIT_PURE_PYTHON=1`` turns it off). The
cell parsers, the general path and the key store stay the Python ones.

The compiled function only handles the clean row: every cell parses, no required cell
is blank, the key is new. Anything else (a cell that does not parse, a blank required
cell, a duplicate key, a short row) goes to the converter's general path, which parses
the row again and reports what is wrong. The two paths give equal records; the tests
hold them to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from rectikit import native
from rectikit.model.location import Location
from rectikit.model.schema import FieldSpec, KindSchema
from rectikit.model.values import ValueParseError
from rectikit.model.values.amounts import UNIT_EXPONENTS
from rectikit.native import speedups
from rectikit.readers.keys import SeenKeys

_NO_INVALID: frozenset[str] = frozenset()
_MISS: Any = object()
#: Characters ``str.strip`` keeps that still make a cell blank (zero-width, BOM).
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f")

RowConverter = Callable[[int, Sequence[Any]], Any]
#: First characters of an amount's text that make it not blank.
_AMOUNT_START = frozenset("0123456789¥￥")


def _settable(cls: type) -> list[Any] | None:
    """The attrs fields of ``cls`` when its instances may be built slot by slot: a
    slotted attrs class whose fields take their values as given (no converter,
    validator, alias or ``init=False``) and without pre/post-init hooks."""
    if not attrs.has(cls) or "__slots__" not in cls.__dict__:
        return None
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return None
    fields = list(attrs.fields(cls))
    for field in fields:
        if field.converter is not None or field.validator is not None or not field.init:
            return None
        if getattr(field, "alias", field.name) != field.name:
            return None
        if isinstance(field.default, attrs.Factory) and field.default.takes_self:
            return None
    return fields


def compile_row_converter(
    *,
    schema: KindSchema,
    plan: Sequence[tuple[int, str, Any, FieldSpec]],
    extra_columns: Sequence[tuple[int, str]],
    file: str,
    sheet: str | None,
    letters: Mapping[str, str] | None,
    seen_keys: SeenKeys | MutableMapping[Any, tuple[str, int]],
    blank: Any,
    general: RowConverter,
    extra_of: Callable[[Sequence[Any]], dict[str, Any]],
) -> RowConverter:
    """The compiled converter of one table.

    Args:
        schema: the table's record kind.
        plan: ``(position, field, cell parser, spec)`` of each mapped column; a cell
            parser is a memoizing ``CellParser`` (with a ``cache``) or a ``TextCell``.
        extra_columns: ``(position, header)`` of the columns no field takes.
        file: the table's display name; sheet: its sheet; letters: field -> column letter.
        seen_keys: the kind's keys seen so far (``DAT004``), shared with ``general``: a
            :class:`~rectikit.readers.keys.SeenKeys` (one probe to test and remember) or
            a dict.
        blank: the parsers' marker for a blank cell.
        general: the converter's general path, called for any row that is not clean.
        extra_of: the row's non-blank unknown columns.

    Returns:
        ``convert(row, values)``: the record, or what ``general`` returns.
    """
    env: dict[str, Any] = {
        "MISS": _MISS,
        "BLANK": blank,
        "ParseErrors": (ValueParseError, TypeError),
        "general": general,
        "new": object.__new__,
        "Location": Location,
        "FILE": file,
        "SHEET": sheet,
        "LETTERS": letters,
        "EMPTY": _NO_INVALID,
        "seen": seen_keys,
        "seen_get": seen_keys.get,
        "extra_of": extra_of,
        "INVISIBLE": INVISIBLE,
        "CLS": schema.record_class,
        "Decimal": Decimal,
        "AMOUNT_START": _AMOUNT_START,
    }
    width = max((position for position, *_ in plan), default=-1) + 1
    body = [f"if len(values) < {width}:", "    return general(row, values)", "try:"]
    values: dict[str, str] = {}
    for index, (position, name, cell, spec) in enumerate(plan):
        var = f"v{index}"
        values[name] = var
        env[f"p{index}"] = cell
        body.append(f"    raw = values[{position}]")
        if hasattr(cell, "cache") and spec.type == "amount":
            # plain digits (most amounts) are parsed in line, and a text that starts
            # with a digit or a yen sign (not blank) by the parser itself: amounts are
            # mostly distinct, so cheaper parsed than remembered
            env[f"g{index}"] = cell.cache.get
            env[f"P{index}"] = cell.parse
            body += [
                "    if raw.__class__ is str and raw.isascii() and raw.isdigit()"
                " and len(raw) <= 15:",
                f"        {var} = Decimal(raw)",
                "    elif raw.__class__ is str and raw[:1] in AMOUNT_START:",
                f"        {var} = P{index}(raw)",
                "    else:",
                f"        {var} = g{index}(raw, MISS)",
                f"        if {var} is MISS:",
                f"            {var} = p{index}(raw)",
            ]
        elif hasattr(cell, "cache"):  # a memoizing parser
            env[f"g{index}"] = cell.cache.get
            body += [
                f"    {var} = g{index}(raw, MISS)",
                f"    if {var} is MISS:",
                f"        {var} = p{index}(raw)",
            ]
        else:  # a text column: trim in line, the cell parser for anything unusual
            body += [
                "    if raw.__class__ is str:",
                f"        {var} = raw.strip()",
                f"        if not {var} or {var}[0] in INVISIBLE:",
                f"            {var} = p{index}(raw)",
                "    else:",
                f"        {var} = p{index}(raw)",
            ]
    body += ["except ParseErrors:", "    return general(row, values)"]
    for index, (_, name, _, spec) in enumerate(plan):
        var = values[name]
        if spec.required:
            body += [f"if {var} is BLANK:", "    return general(row, values)"]
        else:
            env[f"d{index}"] = spec.default
            body += [f"if {var} is BLANK:", f"    {var} = d{index}"]
    key = schema.key
    if key is not None and key in values:
        var = values[key]
        if isinstance(seen_keys, SeenKeys):  # one probe to test and remember
            env["seen_add"] = seen_keys.add
            body += [
                f"if {var} is not BLANK and seen_add({var}, FILE, row) is not None:",
                "    return general(row, values)",
            ]
        else:
            body += [
                f"if {var} is not BLANK:",
                f"    if seen_get({var}) is not None:",
                "        return general(row, values)",
                f"    seen[{var}] = (FILE, row)",
            ]
    body += _location_lines(env)
    extra = "extra_of(values)" if extra_columns else "{}"
    body += _record_lines(schema, values, extra, env)
    source = "def convert(row, values):\n" + "\n".join("    " + line for line in body)
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<rectikit row converter: {schema.name}>", "exec"), env, namespace)
    convert: RowConverter = namespace["convert"]
    convert.source = source  # type: ignore[attr-defined]  # for debugging and the tests
    fast = _native_converter(
        env, plan, width, key if key in values else None, bool(extra_columns), convert
    )
    if fast is not None:
        fast.source = source
        return fast  # type: ignore[no-any-return]
    return convert


def _native_converter(
    env: Mapping[str, Any],
    plan: Sequence[tuple[int, str, Any, FieldSpec]],
    width: int,
    key: str | None,
    extra: bool,
    convert: RowConverter,
) -> Any:
    """The C converter doing what ``convert`` does (the names in ``env`` are the ones
    the Python source uses), or ``None`` when the speedups are not there or the table
    needs what only the Python converter does."""
    if not native.enabled() or speedups is None or len(plan) > speedups.MAX_COLUMNS:
        return None
    cls = env["CLS"]
    record_fields, location_fields = _settable(cls), _settable(Location)
    if record_fields is None or location_fields is None:
        return None
    if key is not None and "seen_add" not in env:
        return None  # the keys kept in a dict: the Python converter
    from rectikit.readers.records import TextCell  # records imports this module

    columns = []
    index_of: dict[str, int] = {}
    for index, (position, name, cell, spec) in enumerate(plan):
        index_of[name] = index
        if not hasattr(cell, "cache"):  # a text column; the plain one gives BLANK in C
            op = speedups.OP_TRIM if type(cell) is TextCell else speedups.OP_TEXT
            cache, parse = None, None
        elif spec.type == "amount":
            op, cache, parse = speedups.OP_AMOUNT, cell.cache, cell.parse
        else:
            op, cache, parse = speedups.OP_MEMO, cell.cache, None
        default = None if spec.required else spec.default
        columns.append((position, op, bool(spec.required), cell, cache, parse, default))
    given_location = {"file": (speedups.F_CONST, env["FILE"]), "row": (speedups.F_ROW, None)}
    given_location["sheet"] = (speedups.F_CONST, env["SHEET"])
    given_location["letters"] = (speedups.F_CONST, env["LETTERS"])
    location_spec = tuple(
        (field.name, *given_location.get(field.name, (speedups.F_CONST, None)))
        for field in location_fields
    )
    record_spec = []
    for field in record_fields:
        if field.name in index_of:
            record_spec.append((field.name, speedups.F_VAR, index_of[field.name]))
        elif field.name == "location":
            record_spec.append((field.name, speedups.F_LOC, None))
        elif field.name == "extra":
            made = speedups.F_EXTRA if extra else speedups.F_NEWDICT
            record_spec.append((field.name, made, None))
        elif field.name == "invalid":
            record_spec.append((field.name, speedups.F_CONST, env["EMPTY"]))
        elif isinstance(field.default, attrs.Factory):
            record_spec.append((field.name, speedups.F_FACTORY, field.default.factory))
        elif field.default is attrs.NOTHING:
            return None  # a mandatory field no column gives: the Python converter raises
        else:
            record_spec.append((field.name, speedups.F_CONST, field.default))
    spec = dict(
        width=width,
        columns=tuple(columns),
        key=-1 if key is None else index_of[key],
        # SeenKeys itself: the C probe works on its arrays (a subclass's add is called)
        seen=env["seen"] if key is not None and type(env["seen"]) is SeenKeys else None,
        seen_add=env.get("seen_add"),
        file=env["FILE"],
        general=env["general"],
        fallback=convert,
        blank=env["BLANK"],
        errors=env["ParseErrors"],
        invisible="".join(sorted(env["INVISIBLE"])),
        amount_start="".join(sorted(env["AMOUNT_START"])),
        decimal=Decimal,
        units=dict(UNIT_EXPONENTS),
        extra_of=env["extra_of"],
        loc_type=Location,
        loc_fields=location_spec,
        rec_type=cls,
        rec_fields=tuple(record_spec),
    )
    try:
        return speedups.RowConverter(**spec)
    except (TypeError, ValueError):  # a record kind's class the C cannot fill slot by slot
        return None


def _location_lines(env: dict[str, Any]) -> list[str]:
    """Build the row's :class:`Location` slot by slot (its ``__init__`` does the same)."""
    fields = _settable(Location)
    if fields is None:  # pragma: no cover - Location is a plain slotted attrs class
        return ["loc = Location(FILE, row, None, SHEET, letters=LETTERS)"]
    given = {"file": "FILE", "row": "row", "sheet": "SHEET", "letters": "LETTERS"}
    lines = ["loc = new(Location)"]
    for field in fields:
        env[f"L_{field.name}"] = getattr(Location, field.name).__set__
        lines.append(f"L_{field.name}(loc, {given.get(field.name, 'None')})")
    return lines


def _record_lines(
    schema: KindSchema, values: Mapping[str, str], extra: str, env: dict[str, Any]
) -> list[str]:
    """Build the record: slot by slot where the class allows, else through ``CLS(...)``."""
    cls = schema.record_class
    fields = _settable(cls)
    given = {**values, "location": "loc", "extra": extra, "invalid": "EMPTY"}
    if fields is None:
        arguments = ", ".join(f"{name}={var}" for name, var in given.items())
        return [f"return CLS({arguments})"]
    lines = ["record = new(CLS)"]
    for field in fields:
        setter = f"S_{field.name}"
        env[setter] = getattr(cls, field.name).__set__
        if field.name in given:
            value = given[field.name]
        elif isinstance(field.default, attrs.Factory):
            env[f"F_{field.name}"] = field.default.factory
            value = f"F_{field.name}()"
        elif field.default is attrs.NOTHING:  # a mandatory field no column gives
            arguments = ", ".join(f"{name}={var}" for name, var in given.items())
            return [f"return CLS({arguments})"]
        else:
            env[f"D_{field.name}"] = field.default
            value = f"D_{field.name}"
        lines.append(f"{setter}(record, {value})")
    lines.append("return record")
    return lines


__all__ = ["RowConverter", "compile_row_converter"]
