"""TOML files: every top-level array of tables (``[[procurement]]``) is a table."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from rectikit.readers.formats.encoding import open_text
from rectikit.readers.formats.records import is_record_list, records_table
from rectikit.readers.formats.tables import RawTable, ReadError, number_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_POSITION = re.compile(
    r"^(?P<msg>.*?)\s*\(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def read_toml(path: Path, display: str, *, encoding: str | None = None) -> Iterator[RawTable]:
    """Yield one table per top-level key whose value is an array of tables.

    ``[[procurement]]`` blocks (or ``procurement = [{...}, ...]``) give a table with
    ``sheet="procurement"``, in document order; an empty array gives an empty table.
    Other top-level keys (scalars, arrays of scalars, plain tables) are ignored, so
    a document without arrays of tables yields nothing. Dates and times come back as
    :mod:`datetime` values, floats (including ``inf``/``nan``) as
    :class:`decimal.Decimal`.

    TOML is UTF-8, with or without a BOM; ``encoding`` forces another codec.

    Raises:
        ReadError: undecodable text, invalid TOML (``invalid TOML at line 3 column 5:
            Invalid value``), or an array mixing tables and other values.
    """
    text = _read_text(Path(path), encoding)
    data = _parse(text)
    for key, value in data.items():
        if is_record_list(value):
            yield records_table(display, key, value, noun="a table")


def _read_text(path: Path, encoding: str | None) -> str:
    try:
        with open_text(path, encoding or "utf-8-sig") as stream:
            return stream.read()
    except ReadError as err:
        if encoding is None and str(err).startswith("not valid"):
            raise ReadError(f"{err}; TOML files must be UTF-8") from err
        raise


def _parse(text: str) -> dict[str, object]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as err:
        raise ReadError(_describe(err)) from err
    except RecursionError as err:
        raise ReadError("invalid TOML: nested too deeply") from err
    except ValueError as err:  # e.g. an integer beyond the int conversion limit
        raise ReadError(f"invalid TOML: {number_error(err)}") from err


def _describe(err: Exception) -> str:
    """``invalid TOML at line 3 column 5: Invalid value`` from tomllib's message."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    found = _POSITION.match(text)
    if found is None:
        return f"invalid TOML: {text}"
    if found["line"] is None:
        return f"invalid TOML at end of document: {found['msg']}"
    return f"invalid TOML at line {found['line']} column {found['col']}: {found['msg']}"
