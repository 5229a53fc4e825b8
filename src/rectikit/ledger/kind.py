"""The ``ledger`` record kind: a rectification ledger file read whole (a document kind).

A dataset file named ``ledger``/``整改台账``/``巡察整改台账`` (``.toml`` or ``.xlsx``) is
loaded by :func:`load_ledger_records` into one :class:`LedgerRecord` holding the whole
:class:`~rectikit.model.ledger.Ledger`; the LDG checks read its findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs

from rectikit.model.ledger import Ledger
from rectikit.model.location import Location
from rectikit.model.schema import Record, record_kind
from rectikit.readers.formats import ReadError


def load_ledger_records(path: Path, display: str) -> Iterator[LedgerRecord]:
    """Read a ledger file into its single record; ``ReadError`` when it cannot be read."""
    from rectikit.ledger.files import LedgerError, load_ledger

    try:
        ledger = load_ledger(path, display)
    except LedgerError as exc:
        raise ReadError(str(exc)) from None
    yield LedgerRecord(ledger=ledger, location=Location(display))


@record_kind(
    "ledger",
    title="整改台账",
    stems=("整改台账", "巡察整改台账"),
    key=None,
    loader=load_ledger_records,
    description="巡察整改台账（TOML 或 XLSX，格式见 LEDGER.md）：问题、整改措施、量化目标",
)
@attrs.frozen(slots=True)
class LedgerRecord(Record):
    """A whole rectification ledger, as one record of the ``ledger`` kind."""

    ledger: Ledger = attrs.field(factory=Ledger, kw_only=True)
