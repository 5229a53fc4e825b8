"""Where a CSV or TSV table's bytes are: enough to read any byte range of it again."""

from __future__ import annotations

from pathlib import Path

import attrs


@attrs.frozen
class DelimitedOrigin:
    """The file, codec and dialect a delimited table was read with.

    Attributes:
        path: the file.
        encoding: the codec its text stream used (``utf-8-sig``, ``gb18030``, ...).
        delimiter: the delimiter, as given or sniffed.
        header_row: the number of the row holding the file's first non-blank record
            (blank lines count, as in :class:`~rectikit.readers.formats.tables.RawRow`).
    """

    path: Path
    encoding: str
    delimiter: str
    header_row: int
