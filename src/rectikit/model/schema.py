"""Record kinds and their schemas, derived from attrs record classes.

A record class declares its columns with :func:`column`, which stores a
:class:`FieldSpec` in the attrs field metadata. :func:`kind_schema` reads them back, so
the record class is the one source of truth for a kind's columns, types and aliases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import attrs

from rectikit.model.location import Location

#: The value types a column may have (see DATA.md "Value syntax").
FIELD_TYPES = ("str", "amount", "date", "bool", "int", "enum", "quarter", "list")

_META_KEY = "rectikit"


@attrs.frozen(slots=True)
class FieldSpec:
    """One column of a record kind.

    Attributes:
        name: canonical English field name (``budget``).
        type: one of :data:`FIELD_TYPES`.
        required: whether the column must be present and every value non-blank.
        aliases: other accepted headers (Chinese names), matched after normalisation.
        choices: for ``enum`` fields, canonical value -> accepted aliases.
        default: the value a blank cell takes (``None`` unless declared).
        description: a short human description (Chinese).
        personal: whether the column holds a person's name (``--redact`` masks it).
    """

    name: str
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: Mapping[str, tuple[str, ...]] | None = None
    default: Any = None
    description: str = ""
    personal: bool = False


def column(
    type: str,
    *,
    aliases: Sequence[str] = (),
    required: bool = False,
    choices: Mapping[str, Sequence[str]] | None = None,
    default: Any = None,
    description: str = "",
    personal: bool = False,
) -> Any:
    """Declare a column of a record class (an attrs field carrying a :class:`FieldSpec`).

    The field's name becomes the canonical column name. Blank cells become ``default``.
    ``personal`` marks a column of people's names: ``--redact`` masks them in reports.
    """
    if type not in FIELD_TYPES:
        raise ValueError(f"unknown field type {type!r}")
    if type == "enum" and not choices:
        raise ValueError("enum columns need choices")
    spec_args = {
        "type": type,
        "required": required,
        "aliases": tuple(aliases),
        "choices": {k: tuple(v) for k, v in choices.items()} if choices else None,
        "default": default,
        "description": description,
        "personal": personal,
    }
    return attrs.field(default=default, metadata={_META_KEY: spec_args}, kw_only=True)


@attrs.frozen(slots=True)
class KindSchema:
    """The schema of a record kind.

    Attributes:
        name: the kind's canonical name (``procurement``).
        title: its Chinese title (``采购台账``).
        stems: file stems that map to it (English and Chinese), besides ``name``.
        key: the field holding the record key (``id``), or ``None``.
        fields: the columns in declaration order.
        record_class: the attrs class records of this kind are instances of.
        loader: for *document* kinds (a ledger), the function reading a whole file into
            records, ``loader(path, display) -> Iterable[Record]``, raising
            ``ReadError`` for a file it cannot read; ``None`` for tabular kinds, whose
            files are read as tables of columns.
        description: what a document kind's files hold (for ``rectikit schema``).
    """

    name: str
    title: str
    stems: tuple[str, ...]
    key: str | None
    fields: tuple[FieldSpec, ...]
    record_class: type
    loader: Callable[[Path, str], Iterable[Any]] | None = attrs.field(default=None, eq=False)
    description: str = ""

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        """The required columns."""
        return tuple(f for f in self.fields if f.required)

    def field(self, name: str) -> FieldSpec:
        """The column named ``name``; ``KeyError`` if there is none."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a file stem or sheet may use for this kind."""
        return (self.name, *self.stems)


@attrs.frozen(slots=True)
class Record:
    """Base of all record classes.

    Every record carries its :class:`Location` (file and row; the column is left empty),
    the unknown columns of its row in ``extra``, and the names of fields whose cell did
    not parse (or was blank while required) in ``invalid``: checks that need one of
    those fields skip the record.

    Subclasses are ``@attrs.frozen(slots=True)`` classes decorated with
    :func:`record_kind`, declaring their columns with :func:`column`.
    """

    schema: ClassVar[KindSchema]

    location: Location = attrs.field(default=Location(""), kw_only=True, eq=False)
    extra: dict[str, Any] = attrs.field(factory=dict, kw_only=True, eq=False)
    invalid: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, eq=False)

    def personal_names(self) -> list[str]:
        """The people this record names (its ``personal`` columns, non-blank), for
        ``--redact``. A kind whose column names a person only sometimes overrides it."""
        names = []
        for name in _personal_columns(self.schema):
            value = getattr(self, name, None)
            if isinstance(value, str):
                value = value.strip()
                if value:
                    names.append(value)
        return names


_PERSONAL: dict[int, tuple[KindSchema, tuple[str, ...]]] = {}


def _personal_columns(schema: KindSchema) -> tuple[str, ...]:
    """The names of ``schema``'s personal columns (asked once per record of a big run)."""
    cached = _PERSONAL.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _PERSONAL[id(schema)] = (
            schema,
            tuple(spec.name for spec in schema.fields if spec.personal),
        )
    return cached[1]


def record_kind(
    name: str,
    *,
    title: str,
    stems: Sequence[str] = (),
    key: str | None = "id",
    loader: Callable[[Path, str], Iterable[Any]] | None = None,
    description: str = "",
) -> Any:
    """Class decorator: declare an attrs record class as the record kind ``name``.

    The class derives from :class:`Record`, which holds the bookkeeping fields
    ``location``, ``extra`` and ``invalid``. A ``loader`` makes it a document kind
    (see :class:`KindSchema`).
    """

    def decorate(cls: type) -> type:
        specs = []
        for field in attrs.fields(cls):
            meta = field.metadata.get(_META_KEY)
            if meta is not None:
                specs.append(FieldSpec(name=field.name, **meta))
        if key is not None and key not in {s.name for s in specs}:
            raise ValueError(f"kind {name}: key field {key!r} is not a column")
        cls.schema = KindSchema(  # type: ignore[attr-defined]
            name=name,
            title=title,
            stems=tuple(stems),
            key=key,
            fields=tuple(specs),
            record_class=cls,
            loader=loader,
            description=description,
        )
        return cls

    return decorate


def kind_schema(record_class: type) -> KindSchema:
    """The :class:`KindSchema` of a record class declared with :func:`record_kind`."""
    try:
        return record_class.schema  # type: ignore[attr-defined,no-any-return]
    except AttributeError:
        raise TypeError(f"{record_class!r} is not a record kind") from None
