"""Text encodings of ledger files: detection, and text streams that fail as ReadError.

Ledgers exported on Chinese Windows machines come as UTF-8 (often with a BOM),
GB18030/GBK, or UTF-16 ("Unicode text" from Excel). Detection reads the file in
chunks with incremental decoders, so memory stays bounded however large the file is.
"""

from __future__ import annotations

import codecs
import functools
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import attrs

from rectikit.readers.formats.tables import ReadError

#: Bytes read per step while scanning a file.
CHUNK_SIZE = 1 << 16
#: The step of a scan that only checks that a file decodes.
_VALIDATE_CHUNK = 1 << 18
#: The most bytes a UTF-8 character takes.
_UTF8_LONGEST = 4

#: ``decodes(path, encoding)``: whether the whole file decodes as ``encoding``.
Decodes = Callable[[Path, str], bool]

_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030"}


@attrs.frozen
class DecodeFailure:
    """Where a file stops decoding: the offending byte, its offset and its line."""

    offset: int
    byte: int
    line: int

    def describe(self) -> str:
        """``byte 0xff at offset 12, line 3``."""
        return f"byte 0x{self.byte:02x} at offset {self.offset}, line {self.line}"


def encoding_label(encoding: str) -> str:
    """A human name for a codec: ``UTF-8`` for ``utf_8``/``utf-8-sig``, else upper case."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = encoding
    return _LABELS.get(name, name.upper())


def detect_encoding(path: Path, decodes: Decodes | None = None) -> str:
    """The codec to read ``path`` with.

    A UTF-8 BOM gives ``"utf-8-sig"``, a UTF-16 BOM (either byte order) ``"utf-16"``.
    Otherwise ``"utf-8"`` when the whole file decodes as UTF-8, else ``"gb18030"``
    when it decodes as GB18030 (which covers GBK and GB2312). ``decodes(path,
    encoding)`` says whether the whole file decodes (by default :func:`decodes_part`
    over the whole file; the engine passes one that checks a big file's
    :func:`utf8_parts` in several processes).

    Raises:
        ReadError: the file cannot be opened, or is neither UTF-8 nor GB18030; the
            message names the offending byte, offset and line for whichever encoding
            got further into the file.
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError as err:
        raise ReadError.from_os_error(err) from err
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf8 = locate_decode_error(path, "utf-8", decodes)
    if utf8 is None:
        return "utf-8"
    gb18030 = locate_decode_error(path, "gb18030", decodes)
    if gb18030 is None:
        return "gb18030"
    failure = max(utf8, gb18030, key=lambda found: found.offset)
    raise ReadError(f"not valid UTF-8 or GB18030 text ({failure.describe()})")


def locate_decode_error(
    path: Path, encoding: str, decodes: Decodes | None = None
) -> DecodeFailure | None:
    """The first place where ``path`` does not decode as ``encoding``, or ``None``.

    Scans in :data:`CHUNK_SIZE` steps; line numbers count ``\\n``, ``\\r\\n`` and ``\\r``.
    A file that decodes is read once without counting lines (the usual case, and most
    of the time of a big file); lines are counted in a second scan only to say where a
    file that does not decode goes wrong.

    ``decodes`` as for :func:`detect_encoding`.

    Raises:
        ReadError: the file cannot be opened or read.
    """
    if (decodes or _decodes)(path, encoding):
        return None
    return _first_decode_error(path, encoding)


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole of ``path`` decodes as ``encoding``."""
    return decodes_part(path, encoding, 0, None)


def decodes_part(path: Path, encoding: str, start: int, end: int | None) -> bool:
    """Whether the bytes of ``path`` from ``start`` to ``end`` (``None``: the end of the
    file) decode as ``encoding``, as a text of their own.

    Raises:
        ReadError: the file cannot be opened or read.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    decode = decoder.decode
    try:
        with Path(path).open("rb") as stream:
            stream.seek(start)
            read = stream.read
            left = float("inf") if end is None else end - start  # bytes still to check
            while left > 0 and (chunk := read(int(min(left, _VALIDATE_CHUNK)))):
                decode(chunk)
                left -= len(chunk)
            decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError as err:
        raise ReadError.from_os_error(err) from err
    return True


def utf8_parts(path: Path, count: int) -> list[tuple[int, int | None]]:
    """``path`` cut into at most ``count`` byte ranges ``(start, end)`` (the last
    ``end`` is ``None``) that each begin where a character may begin: not on a UTF-8
    continuation byte (``0x80``-``0xBF``). The file decodes as UTF-8 exactly when
    every part does, on its own: a character is never cut, and a part that begins
    inside a run of continuation bytes longer than any character's does not decode.

    Raises:
        ReadError: the file cannot be opened or read.
    """
    try:
        with Path(path).open("rb") as stream:
            size = stream.seek(0, 2)
            cuts = [0]
            for index in range(1, count):
                at = max(size * index // count, cuts[-1])
                stream.seek(at)
                ahead = stream.read(_UTF8_LONGEST)
                step = 0
                while step < len(ahead) and 0x80 <= ahead[step] <= 0xBF:
                    step += 1
                if step == len(ahead):  # no character begins in these bytes
                    if len(ahead) < _UTF8_LONGEST:  # the file ends in them: no cut
                        continue
                    step = 0  # a run longer than any character's: it does not decode
                if cuts[-1] < at + step < size:
                    cuts.append(at + step)
    except OSError as err:
        raise ReadError.from_os_error(err) from err
    ends: list[int | None] = [*cuts[1:], None]
    return list(zip(cuts, ends, strict=True))


def _first_decode_error(path: Path, encoding: str) -> DecodeFailure | None:
    """Where ``path`` first fails to decode as ``encoding`` (offset, byte, line)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    line = 1
    after_cr = False
    try:
        with Path(path).open("rb") as stream:
            while True:
                chunk = stream.read(CHUNK_SIZE)
                state = decoder.getstate()
                pending = len(state[0])
                try:
                    text = decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as err:
                    good = chunk[: max(err.start - pending, 0)]
                    text = _decode_prefix(encoding, state, good)
                    breaks, _ = _count_breaks(text, after_cr)
                    byte = err.object[err.start] if err.start < len(err.object) else 0
                    return DecodeFailure(offset - pending + err.start, byte, line + breaks)
                breaks, after_cr = _count_breaks(text, after_cr)
                line += breaks
                offset += len(chunk)
                if not chunk:
                    return None
    except OSError as err:
        raise ReadError.from_os_error(err) from err


def _decode_prefix(encoding: str, state: tuple[bytes, int], data: bytes) -> str:
    """Decode the valid part of a chunk, starting from the decoder state before it."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    try:
        decoder.setstate(state)
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - codec quirk
        pass
    return decoder.decode(data)


def _count_breaks(text: str, after_cr: bool) -> tuple[int, bool]:
    """Line breaks in ``text`` and whether it ends in ``\\r`` (a ``\\r\\n`` may straddle)."""
    if not text:
        return 0, after_cr
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    if after_cr and text.startswith("\n"):
        breaks -= 1
    return breaks, text.endswith("\r")


class _CheckedText(io.TextIOWrapper):
    """A text stream whose decoding errors surface as :class:`ReadError`."""

    def __init__(self, buffer: io.BufferedReader, encoding: str, path: Path) -> None:
        super().__init__(buffer, encoding=encoding, newline="")
        self._path = path
        self._codec = encoding

    def _failure(self, err: UnicodeDecodeError) -> ReadError:
        label = encoding_label(self._codec)
        try:
            found = locate_decode_error(self._path, self._codec)
        except ReadError:
            found = None
        if found is None:
            return ReadError(f"not valid {label} text ({err.reason})")
        return ReadError(f"not valid {label} text ({found.describe()})")

    def read(self, size: int | None = -1) -> str:
        try:
            return super().read(size)
        except UnicodeDecodeError as err:
            raise self._failure(err) from err

    def readline(self, size: int | None = -1) -> str:
        try:
            return super().readline(-1 if size is None else size)
        except UnicodeDecodeError as err:
            raise self._failure(err) from err

    def __next__(self) -> str:
        try:
            return super().__next__()
        except UnicodeDecodeError as err:
            raise self._failure(err) from err

    def raw_lines(self) -> Iterator[str]:
        """The remaining lines, read without a Python call per line (for big files).

        Unlike iterating the stream, these raise :class:`UnicodeDecodeError`: turn it
        into the :class:`ReadError` naming the offending byte with :meth:`failure`.
        """
        return iter(functools.partial(io.TextIOWrapper.readline, self), "")

    def failure(self, err: UnicodeDecodeError) -> ReadError:
        """The :class:`ReadError` for a decoding error met reading :meth:`raw_lines`."""
        return self._failure(err)


def open_text(path: Path, encoding: str | None = None) -> TextIO:
    """Open ``path`` as text with ``newline=""`` (as the ``csv`` module wants).

    With ``encoding=None`` the codec comes from :func:`detect_encoding`. A forced
    ``"utf-8"`` still drops a leading BOM. Reading the stream raises
    :class:`ReadError`, never ``UnicodeDecodeError``, when the bytes do not decode.

    Raises:
        ReadError: the file cannot be opened, the encoding is unknown
            (``unknown encoding 'xyz'``) or not a text encoding, or detection fails.
    """
    path = Path(path)
    if encoding is None:
        encoding = detect_encoding(path)
    else:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise ReadError(f"unknown encoding {encoding!r}") from None
        if name == "utf-8":
            encoding = "utf-8-sig"
    try:
        buffer = path.open("rb")
    except OSError as err:
        raise ReadError.from_os_error(err) from err
    try:
        return _CheckedText(buffer, encoding, path)
    except LookupError as err:
        buffer.close()
        raise ReadError(f"{encoding!r} is not a text encoding") from err
    except BaseException:
        buffer.close()
        raise
