"""The TOML form of the ledger (LEDGER.md "File"): loading, in-place saving, writing anew.

The layout is in :mod:`~rectikit.ledger.files.toml_layout`; reading is
:mod:`~rectikit.ledger.files.toml_read`, writing a new file
:mod:`~rectikit.ledger.files.toml_write` (:func:`ledger_to_toml`), and the in-place
update :mod:`~rectikit.ledger.files.toml_update`. This module holds the public API.

:meth:`LedgerDocument.save` writes a changed ledger back into the parsed document in
place (tomlkit), so comments, key order, formatting and unknown keys stay as they were;
a ledger saved unchanged gives back the file byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

from tomlkit.toml_document import TOMLDocument

from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.files.errors import LedgerError
from rectikit.ledger.files.toml_layout import FINDING_KEYS as FINDING_KEYS
from rectikit.ledger.files.toml_layout import INSPECTION_KEYS as INSPECTION_KEYS
from rectikit.ledger.files.toml_layout import MEASURE_KEYS as MEASURE_KEYS
from rectikit.ledger.files.toml_layout import NEXT_STEPS_KEYS as NEXT_STEPS_KEYS
from rectikit.ledger.files.toml_layout import TARGET_KEYS as TARGET_KEYS
from rectikit.ledger.files.toml_layout import TOP_KEYS as TOP_KEYS
from rectikit.ledger.files.toml_read import _model, _parse
from rectikit.ledger.files.toml_update import _ends_blank, _Merger
from rectikit.ledger.files.toml_write import _check_unique, ledger_to_toml
from rectikit.model.ledger import Ledger

__all__ = ["LedgerDocument", "ledger_to_toml", "load_ledger_toml", "parse_ledger_toml"]

_BOM = "\ufeff"


class LedgerDocument:
    """A ledger loaded from TOML together with its tomlkit document.

    Attributes:
        ledger: the model, as loaded (or as last saved).
        document: the tomlkit document (comments, order and formatting included).
        display: the file name used in messages and locations.
    """

    def __init__(
        self, document: TOMLDocument, ledger: Ledger, display: str, *, original: str = ""
    ) -> None:
        self.document = document
        self.ledger = ledger
        self.display = display
        self._bom = original.startswith(_BOM)
        self._original = original.removeprefix(_BOM)
        # Until a change is merged in, the text is the file's own, byte for byte (tomlkit
        # does not render every document exactly as it parsed it).
        self._pristine = True

    def update(self, ledger: Ledger) -> None:
        """Write ``ledger`` into :attr:`document` in place: changed values updated,
        new findings/measures/targets appended, deleted ones removed; comments, key
        order, formatting and unknown keys untouched. :attr:`ledger` becomes
        ``ledger`` re-read from the document (with fresh locations)."""
        _check_unique(ledger, self.display)
        before = self.document.as_string()
        _Merger(self.document, self.display).merge(self.ledger, ledger)
        if self.document.as_string() != before:
            self._pristine = False
        self.ledger = _model(self.document, self.to_string(), self.display)

    def to_string(self) -> str:
        """The document's text (line endings as the file had them)."""
        if self._pristine:
            return self._original
        text = self.document.as_string()
        original = self._original
        if "\r\n" in original and "\n" in text.replace("\r\n", ""):
            text = re.sub(r"(?<!\r)\n", "\r\n", text)
        if text != original and _ends_blank(text) and not _ends_blank(original):
            newline = "\r\n" if "\r\n" in original else "\n"
            text = text.rstrip("\r\n") + newline
        return text

    def save(self, path: Path, ledger: Ledger | None = None) -> None:
        """Update the document with ``ledger`` (default: :attr:`ledger`) and write it
        to ``path`` atomically, keeping the previous file as ``<name>.bak``."""
        if ledger is not None:
            self.update(ledger)
        text = self.to_string()
        atomic_write_bytes(Path(path), ((_BOM if self._bom else "") + text).encode("utf-8"))
        self._original = text
        self._pristine = True

    def __repr__(self) -> str:
        return f"<LedgerDocument {self.display!r}: {len(self.ledger.findings)} findings>"


def parse_ledger_toml(text: str, display: str = "<string>") -> LedgerDocument:
    """A :class:`LedgerDocument` from TOML text; :class:`LedgerError` for bad input."""
    body = text.removeprefix(_BOM)
    document = _parse(body, display)
    return LedgerDocument(document, _model(document, body, display), display, original=text)


def load_ledger_toml(path: Path, display: str | None = None) -> LedgerDocument:
    """Load a TOML ledger; ``display`` (default: the path as given) names it in
    messages and locations.

    Raises:
        LedgerError: unreadable file, invalid TOML, or a structural problem (finding
            without id, duplicate ids, a value of the wrong type, unknown status),
            with the line.
    """
    path = Path(path)
    display = str(path) if display is None else display
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"cannot read: {exc.strerror or exc}", file=display) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError(f"not UTF-8 text (byte {exc.start})", file=display) from None
    return parse_ledger_toml(text, display)
