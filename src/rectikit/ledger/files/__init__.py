"""Ledger files: TOML (hand-edited) and XLSX (what offices keep), loaded to one model.

:func:`load_ledger` and :func:`save_ledger` pick the form by the file's suffix; TOML
saves merge into the existing file so its comments, key order and unknown keys stay;
every save is atomic, keeps the previous file as ``<name>.bak`` and holds the file's
lock (``<name>.lock``) so that concurrent saves take turns.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.files.errors import LedgerError
from rectikit.ledger.files.lock import LockError, file_lock
from rectikit.ledger.files.toml_file import (
    LedgerDocument,
    ledger_to_toml,
    load_ledger_toml,
    parse_ledger_toml,
)
from rectikit.model.ledger import Ledger

__all__ = [
    "LedgerDocument",
    "LedgerError",
    "LockError",
    "atomic_write_bytes",
    "convert_ledger",
    "file_digest",
    "file_lock",
    "ledger_to_toml",
    "load_ledger",
    "load_ledger_toml",
    "load_ledger_xlsx",
    "parse_ledger_toml",
    "save_ledger",
    "save_ledger_xlsx",
]

#: The XLSX functions, imported when first used: openpyxl takes a tenth of a second to
#: import, which a check of a dataset with a TOML ledger (or none) need not pay.
_XLSX_NAMES = frozenset({"load_ledger_xlsx", "restore_extras", "save_ledger_xlsx"})


def __getattr__(name: str) -> Any:
    if name in _XLSX_NAMES:
        from rectikit.ledger.files import xlsx_file

        return getattr(xlsx_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: ``save_ledger(..., expected=ANY)``: save whatever the file holds now.
ANY: object = object()

#: The suffixes a ledger file may have.
SUFFIXES = (".toml", ".xlsx")


def _form(path: Path, display: str | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LedgerError(
            f"unsupported ledger file type {path.suffix or '(none)'!r} (expected .toml or .xlsx)",
            file=str(path) if display is None else display,
        )
    return suffix


def load_ledger(path: Path, display: str | None = None) -> Ledger:
    """Load a ledger from a ``.toml`` or ``.xlsx`` file.

    Raises:
        LedgerError: unknown suffix, unreadable file, or bad content (with its place).
    """
    path = Path(path)
    if _form(path, display) == ".toml":
        return load_ledger_toml(path, display).ledger
    from rectikit.ledger.files.xlsx_file import load_ledger_xlsx

    return load_ledger_xlsx(path, display)


def save_ledger(ledger: Ledger, path: Path, *, expected: str | object | None = ANY) -> None:
    """Save ``ledger`` to a ``.toml`` or ``.xlsx`` file, atomically (``.bak`` kept).

    An existing TOML file is updated in place (its comments, layout and unknown keys
    stay); a new one is written with :func:`ledger_to_toml`. An XLSX file is written
    anew. The save holds the file's lock (``<name>.lock``, see
    :func:`~rectikit.ledger.files.lock.file_lock`), so concurrent saves take turns.

    Args:
        expected: the :func:`file_digest` of the file when the ledger was read
            (``None``: it did not exist). When the file has changed since, nothing is
            written: another save came in between, and writing would drop it.

    Raises:
        LedgerError: unknown suffix, an existing TOML file that cannot be read (it is
            left alone rather than overwritten), a file changed since it was read, or
            (:class:`~rectikit.ledger.files.lock.LockError`) another process saving
            it for too long.
    """
    path = Path(path)
    form = _form(path)
    with file_lock(path):
        if expected is not ANY and file_digest(path) != expected:
            raise LedgerError(
                "changed since rectikit read it (saved by another program meanwhile); "
                "nothing was written: run again",
                file=str(path),
            )
        if form == ".xlsx":
            from rectikit.ledger.files.xlsx_file import save_ledger_xlsx

            save_ledger_xlsx(ledger, path)
        elif path.exists():
            load_ledger_toml(path).save(path, ledger)
        else:
            atomic_write_bytes(path, ledger_to_toml(ledger).encode("utf-8"))


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or ``None`` when there is no such file."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 16), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def convert_ledger(source: Path, target: Path) -> Ledger:
    """Load ``source`` and save it as ``target`` (TOML to XLSX or XLSX to TOML, by
    suffix); returns the ledger saved.

    An existing TOML target is merged into (its comments and layout stay). Converting
    a workbook onto an existing TOML keeps the TOML's extras that a workbook cannot
    hold (top-level keys, arrays and tables), see
    :func:`~rectikit.ledger.files.xlsx_file.restore_extras`.
    """
    source, target = Path(source), Path(target)
    ledger = load_ledger(source)
    if _form(source) == ".xlsx" and _form(target) == ".toml" and target.exists():
        from rectikit.ledger.files.xlsx_file import restore_extras

        ledger = restore_extras(ledger, load_ledger_toml(target).ledger)
    save_ledger(ledger, target)
    return ledger
