"""JSON files: a list of records, ``{"records": [...]}``, or named record lists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from rectikit.readers.formats.encoding import open_text
from rectikit.readers.formats.records import is_record_list, records_table
from rectikit.readers.formats.tables import RawTable, ReadError, number_error


def read_json(path: Path, display: str, *, encoding: str | None = None) -> Iterator[RawTable]:
    """Yield the tables of a JSON file (loaded whole).

    * a top-level list is one table (``sheet=None``); every item must be an object;
    * an object with a ``"records"`` list is one table (``sheet=None``), its other keys
      are ignored;
    * any other object yields one table per key whose value is a record list (a list
      that is empty or holds objects), with ``sheet`` = the key, in document order;
      other keys (scalars, lists of scalars) are ignored as metadata, so an object
      without record lists yields no table.

    Numbers with a fraction or exponent, and ``NaN``/``Infinity``, come back as
    :class:`decimal.Decimal`; integers as ``int``; booleans as ``bool``; nested
    objects and arrays as parsed. The encoding is detected as for CSV unless forced.

    Raises:
        ReadError: undecodable text, invalid JSON (``invalid JSON at line 3 column 5:
            Expecting value``), a top level that is neither a list nor an object, or a
            record that is not an object (``record 3 is not an object``).
    """
    with open_text(Path(path), encoding) as stream:
        text = stream.read()
    data = _parse(text)
    if isinstance(data, list):
        yield records_table(display, None, data, noun="an object")
    elif isinstance(data, dict):
        records = data.get("records")
        if isinstance(records, list):
            yield records_table(display, None, records, noun="an object")
            return
        for key, value in data.items():
            if is_record_list(value):
                yield records_table(display, key, value, noun="an object")
    else:
        raise ReadError(f"JSON must hold a list of records or an object, not {_json_type(data)}")


def _parse(text: str) -> object:
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as err:
        raise ReadError(f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}") from err
    except RecursionError as err:
        raise ReadError("invalid JSON: nested too deeply") from err
    except ValueError as err:  # e.g. an integer beyond the int conversion limit
        raise ReadError(f"invalid JSON: {number_error(err)}") from err


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    return "a number"
