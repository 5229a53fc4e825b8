"""An XLSX package opened for reading: its sheets, shared strings, date styles and limits.

:class:`Package` opens the ZIP file, finds the workbook part through
``[Content_Types].xml``, lists the worksheets in workbook order (chartsheets, dialog and
macro sheets are skipped) from ``xl/workbook.xml`` and its relationships, and reads the
shared strings (:mod:`~rectikit.readers.formats.xlsx_strings`) and the styles that show
dates. Every part is read through :meth:`Package.open_part`, which enforces
:class:`XlsxLimits` against zip bombs.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from typing import IO, Any

import attrs

from rectikit.readers.formats.tables import ReadError
from rectikit.readers.formats.xlsx_strings import exact_shared_strings, fast_shared_strings
from rectikit.readers.formats.xlsx_styles import MAC_EPOCH, WINDOWS_EPOCH, date_styles
from rectikit.readers.formats.xlsx_xml import (
    XML_ERRORS,
    child,
    children,
    describe,
    parse_part,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MB = 1024 * 1024

#: Content types of a workbook's main part, in the order openpyxl looks for them.
_WORKBOOK_TYPES = tuple(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "ms-excel.template.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.sheet",
    )
)


@attrs.frozen
class XlsxLimits:
    """Bounds on what reading one workbook may cost (zip bombs, runaway sheets).

    Attributes:
        max_uncompressed_mb: the most data all the parts read from one workbook may
            expand to, in MiB (1024 by default). Checked against each part's declared
            size before it is opened and against the bytes actually read.
        max_compression_ratio: the most a part may expand over its compressed size
            (200 by default; spreadsheets compress 5–30×, zip bombs about 1000×). Parts
            under 10 MiB uncompressed are exempt.
        max_rows: the most rows a worksheet may hold (1,048,576 by default, Excel's
            own limit); rows numbered beyond it count too.
    """

    max_uncompressed_mb: float = 1024
    max_compression_ratio: float = 200
    max_rows: int = 1_048_576

    @property
    def max_uncompressed_bytes(self) -> int:
        return int(self.max_uncompressed_mb * _MB)


#: The limits :func:`~rectikit.readers.formats.read_xlsx` applies unless given others.
DEFAULT_LIMITS = XlsxLimits()

#: A part smaller than this (uncompressed) is never refused for its compression ratio.
RATIO_GRACE_BYTES = 10 * _MB


class LimitError(ReadError):
    """A workbook over one of the :class:`XlsxLimits`."""


@attrs.frozen
class SheetRef:
    """A worksheet of the workbook: its title and the ZIP member holding it."""

    title: str
    part: str


class _Budget:
    """The uncompressed bytes left for the parts of one workbook."""

    def __init__(self, limits: XlsxLimits) -> None:
        self.limits = limits
        self.left = limits.max_uncompressed_bytes

    def too_big(self, part: str) -> LimitError:
        return LimitError(
            f"part {part!r} expands past the {self.limits.max_uncompressed_mb:g} MB "
            "limit on uncompressed data (a zip bomb?)"
        )

    def too_compressed(self, part: str, ratio: float) -> LimitError:
        return LimitError(
            f"part {part!r} is compressed {ratio:.0f}:1, over the "
            f"{self.limits.max_compression_ratio:g}:1 limit (a zip bomb?)"
        )


class BoundedPart:
    """A ZIP member opened for reading, counting what it expands to.

    ``read`` raises :class:`LimitError` as soon as the member has produced more than the
    workbook's budget allows or more than the compression-ratio limit over its
    compressed size, whatever its header declared.
    """

    def __init__(self, stream: IO[bytes], info: zipfile.ZipInfo, budget: _Budget) -> None:
        self._stream = stream
        self._part = info.filename
        self._budget = budget
        ratio = budget.limits.max_compression_ratio
        self._ratio_cap = max(RATIO_GRACE_BYTES, int(ratio * max(info.compress_size, 1)))
        self._ratio_base = max(info.compress_size, 1)
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.read_bytes += len(data)
        self._budget.left -= len(data)
        if self._budget.left < 0:
            raise self._budget.too_big(self._part)
        if self.read_bytes > self._ratio_cap:
            raise self._budget.too_compressed(self._part, self.read_bytes / self._ratio_base)
        return data

    def release(self) -> None:
        """Give the bytes read so far back to the workbook's budget, for a part read
        again from the start (the fast path handing over to the exact one): each part
        counts once against ``max_uncompressed_mb``."""
        self._budget.left += self.read_bytes
        self.read_bytes = 0

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> BoundedPart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Package:
    """An open XLSX package. Close it with :meth:`close` (or use it as a context manager).

    Raises (from the constructor):
        ReadError: not a ZIP (with the old-``.xls``/password hint for OLE files), no
            workbook part, a corrupt or missing part, or a limit exceeded.
    """

    def __init__(self, path: Any, limits: XlsxLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._budget = _Budget(limits)
        try:
            self._stream = open(path, "rb")  # closed by close()
        except OSError as err:
            raise ReadError.from_os_error(err) from err
        try:
            self.archive = zipfile.ZipFile(self._stream)
        except zipfile.BadZipFile as err:
            self._stream.close()
            raise _not_a_zip(self._stream.name, err) from err
        except (OSError, ValueError, EOFError, RuntimeError) as err:  # a mangled directory
            self._stream.close()
            raise ReadError(f"not an XLSX workbook ({type(err).__name__}: {err})") from err
        try:
            self._names = set(self.archive.namelist())
            workbook_part = self._workbook_part()
            workbook = self._parse(workbook_part)
            rels = self._relationships(workbook_part)
            self.sheets = self._sheets(workbook, rels)
            properties = child(workbook, "workbookPr")
            date1904 = properties is not None and _true(properties.get("date1904"))
            self.epoch: dt.datetime = MAC_EPOCH if date1904 else WINDOWS_EPOCH
            styles = _target(rels, "/styles") or "xl/styles.xml"
            self.date_styles, self.timedelta_styles = self._date_styles(styles)
            strings = _target(rels, "/sharedStrings")
            self.shared_strings: list[str] = self._shared_strings(strings) if strings else []
        except ReadError:
            self.close()
            raise
        except Exception as err:  # a package broken in a way not foreseen above
            self.close()
            raise ReadError(f"not an XLSX workbook ({type(err).__name__}: {err})") from err

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the ZIP file."""
        self.archive.close()
        self._stream.close()

    def open_part(self, name: str) -> BoundedPart:
        """Open member ``name`` for reading within the limits.

        Raises:
            ReadError: the member is missing or unreadable, or its declared size is over
                the limits.
        """
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise ReadError(f"not an XLSX workbook (part {name!r} is missing)") from None
        if info.file_size > self._budget.left:
            raise self._budget.too_big(name)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_BYTES and ratio > self.limits.max_compression_ratio:
            raise self._budget.too_compressed(name, ratio)
        try:
            stream = self.archive.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as err:
            raise ReadError(f"not an XLSX workbook (part {name!r}: {err})") from err
        except OSError as err:  # a member offset past the end of the file, mostly
            reason = err.strerror or str(err)
            raise ReadError(f"not an XLSX workbook (part {name!r}: {reason})") from err
        return BoundedPart(stream, info, self._budget)

    def read_part(self, name: str) -> bytes:
        """The whole of member ``name`` (see :meth:`open_part`)."""
        with self.open_part(name) as part:
            return _guarded(name, lambda: _read_all(part))

    def _parse(self, name: str) -> Any:
        data = self.read_part(name)
        try:
            return parse_part(data)
        except XML_ERRORS as err:
            raise ReadError(f"not an XLSX workbook (part {name!r}: {describe(err)})") from err

    def _workbook_part(self) -> str:
        if "[Content_Types].xml" not in self._names:
            raise ReadError("not an XLSX workbook (no [Content_Types].xml)")
        types = self._parse("[Content_Types].xml")
        overrides = [
            (item.get("ContentType"), item.get("PartName") or "")
            for item in children(types, "Override")
        ]
        for wanted in _WORKBOOK_TYPES:
            for content_type, part in overrides:
                if content_type == wanted and part:
                    return part.lstrip("/")
        defaults = {item.get("ContentType") for item in children(types, "Default")}
        if defaults & set(_WORKBOOK_TYPES):
            return "xl/workbook.xml"
        raise ReadError("not an XLSX workbook (no workbook part in [Content_Types].xml)")

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of ``part``: id -> (type, member name)."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self._names:
            return {}
        found = {}
        for rel in children(self._parse(rels_name), "Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            if target.startswith("/"):
                member = target[1:]
            else:
                member = posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id") or ""] = (rel.get("Type") or "", member)
        return found

    def _sheets(self, workbook: Any, rels: dict[str, tuple[str, str]]) -> list[SheetRef]:
        sheets_element = child(workbook, "sheets")
        refs = []
        for sheet in children(sheets_element, "sheet") if sheets_element is not None else []:
            title = sheet.get("name") or ""
            rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            if not rel_id:
                continue  # openpyxl drops such a sheet too (old XLSM files have them)
            if rel_id not in rels:
                raise ReadError(
                    f"not an XLSX workbook (sheet {title!r} has no relationship {rel_id!r})"
                )
            rel_type, member = rels[rel_id]
            if not rel_type.endswith("/worksheet"):
                continue  # a chartsheet, dialog sheet or macro sheet: no table
            if member not in self._names:
                raise ReadError(
                    f"not an XLSX workbook (sheet {title!r}: part {member!r} is missing)"
                )
            refs.append(SheetRef(title, member))
        return refs

    def _date_styles(self, name: str) -> tuple[frozenset[int], frozenset[int]]:
        if name not in self._names:
            return frozenset(), frozenset()
        styles = self._parse(name)
        custom: dict[int, str] = {}
        formats = child(styles, "numFmts")
        for fmt in children(formats, "numFmt") if formats is not None else []:
            format_id = _int(fmt.get("numFmtId"), name)
            custom[format_id] = fmt.get("formatCode") or ""
        xfs = child(styles, "cellXfs")
        xf_list = children(xfs, "xf") if xfs is not None else []
        ids = [_int(xf.get("numFmtId", "0"), name) for xf in xf_list]
        return date_styles(ids, custom)

    def _shared_strings(self, name: str) -> list[str]:
        if name not in self._names:
            return []
        with self.open_part(name) as part:
            strings = _guarded(name, lambda: fast_shared_strings(part))
            if strings is not None:
                return strings
            part.release()  # read again by the exact path: the part counts once
        with self.open_part(name) as part:
            return _guarded(name, lambda: exact_shared_strings(part))


def _read_all(part: BoundedPart) -> bytes:
    chunks = []
    while chunk := part.read(1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _guarded(name: str, action: Any) -> Any:
    """Run ``action``; a broken member or malformed XML becomes a :class:`ReadError`."""
    try:
        return action()
    except ReadError:
        raise
    except zipfile.BadZipFile as err:
        raise ReadError(f"not an XLSX workbook (part {name!r}: {err})") from err
    except XML_ERRORS as err:
        raise ReadError(f"not an XLSX workbook (part {name!r}: {describe(err)})") from err
    except (EOFError, RuntimeError, OSError) as err:  # zlib and truncated members
        detail = f"{type(err).__name__}: {err}"
        raise ReadError(f"not an XLSX workbook (part {name!r}: {detail})") from err


def _not_a_zip(path: Any, err: zipfile.BadZipFile) -> ReadError:
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(_OLE_MAGIC))
    except OSError:
        head = b""
    if head == _OLE_MAGIC:
        return ReadError(
            "not an XLSX workbook (an old binary .xls file or a password-protected "
            "workbook); save it as .xlsx without a password"
        )
    return ReadError(f"not an XLSX workbook ({err})")


def _target(rels: dict[str, tuple[str, str]], suffix: str) -> str | None:
    return next((member for kind, member in rels.values() if kind.endswith(suffix)), None)


def _true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true")


def _int(value: str | None, part: str) -> int:
    try:
        return int(value or "0")
    except ValueError:
        raise ReadError(f"not an XLSX workbook (part {part!r}: bad number {value!r})") from None
