"""Record kinds: every schema comes from its attrs record class."""

from __future__ import annotations

import attrs
import pytest

from rectikit.model.records import BUILTIN_RECORD_CLASSES, Procurement
from rectikit.model.schema import (
    FIELD_TYPES,
    KindSchema,
    Record,
    column,
    kind_schema,
    record_kind,
)

BOOKKEEPING = {"location", "extra", "invalid"}


@pytest.mark.parametrize("cls", BUILTIN_RECORD_CLASSES, ids=lambda c: c.__name__)
def test_builtin_schema_fields_come_from_the_class(cls: type) -> None:
    schema = kind_schema(cls)
    assert isinstance(schema, KindSchema)
    assert schema.record_class is cls
    columns = [f.name for f in attrs.fields(cls) if f.name not in BOOKKEEPING]
    assert [spec.name for spec in schema.fields] == columns
    for spec in schema.fields:
        assert spec.type in FIELD_TYPES
        meta = attrs.fields_dict(cls)[spec.name].metadata["rectikit"]
        assert meta["type"] == spec.type
        assert meta["required"] == spec.required
        assert tuple(meta["aliases"]) == spec.aliases
        if spec.type == "enum":
            assert spec.choices
    assert schema.required, "every kind has at least one required column"
    if schema.key is not None:
        assert schema.field(schema.key).required
    assert schema.names[0] == schema.name
    assert BOOKKEEPING <= set(attrs.fields_dict(cls))


def test_builtin_kind_names_follow_data_md() -> None:
    names = {kind_schema(c).name: kind_schema(c) for c in BUILTIN_RECORD_CLASSES}
    assert {"procurement", "staff", "oversight", "talks", "party_orgs"} <= set(names)
    assert {"procurement", "purchases", "采购", "采购台账", "采购记录"} <= set(
        names["procurement"].names
    )
    assert "廉政谈话记录" in names["talks"].names
    required = {s.name for s in names["procurement"].required}
    assert required == {"id", "project", "budget", "mode", "date"}
    assert "预算金额（元）" in names["procurement"].field("budget").aliases


def test_schema_field_lookup() -> None:
    schema = Procurement.schema
    assert schema.field("budget").type == "amount"
    with pytest.raises(KeyError):
        schema.field("nope")


def test_column_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown field type 'money'"):
        column("money")


def test_enum_column_needs_choices() -> None:
    with pytest.raises(ValueError, match="choices"):
        column("enum")


def test_record_kind_declares_a_new_kind() -> None:
    @record_kind("widgets", title="小部件", stems=("部件",))
    @attrs.frozen(slots=True)
    class Widget(Record):
        id: str = column("str", required=True, aliases=("编号",))
        size: int | None = column("int", aliases=("尺寸",), default=1)

    schema = kind_schema(Widget)
    assert schema.name == "widgets" and schema.names == ("widgets", "部件")
    assert [f.name for f in schema.fields] == ["id", "size"]
    assert schema.field("size").default == 1
    record = Widget(id="W1")
    assert record.size == 1 and record.extra == {} and record.invalid == frozenset()


def test_record_kind_key_must_be_a_column() -> None:
    with pytest.raises(ValueError, match="key field 'id'"):

        @record_kind("things", title="东西")
        @attrs.frozen(slots=True)
        class Thing:
            name: str = column("str", required=True)


def test_kind_schema_of_a_plain_class() -> None:
    with pytest.raises(TypeError, match="not a record kind"):
        kind_schema(int)
