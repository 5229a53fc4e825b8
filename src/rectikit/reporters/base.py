"""The reporter interface: one small class per output format."""

from __future__ import annotations

import abc
from typing import TextIO

import attrs

from rectikit.engine.result import CheckResult


@attrs.frozen(slots=True)
class ReportOptions:
    """How a report is written.

    Attributes:
        lang: ``zh`` or ``en`` for headings.
        color: whether the console reporter may use colour.
        width: console width (``None``: detect).
        jobs: processes a big report may be rendered in (the JSON report renders the
            second half of a long list of violations in a forked process: a little
            faster, but each process then holds its own copy of the pages of the
            violations it writes); ``1``, the default and the CLI's, renders in this
            process only.
    """

    lang: str = "zh"
    color: bool = True
    width: int | None = None
    jobs: int = 1


class Reporter(abc.ABC):
    """Writes a :class:`CheckResult` to a text stream in one format.

    A *binary* format (``binary = True``, e.g. XLSX) implements :meth:`to_bytes` instead
    and can only be written to a file (``-o``).
    """

    #: the ``--format`` name.
    name: str = ""
    #: whether the format is binary (written with :meth:`to_bytes`, needs ``-o``).
    binary: bool = False

    def __init__(self, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()

    @abc.abstractmethod
    def write(self, result: CheckResult, stream: TextIO) -> None:
        """Write the report of ``result`` to ``stream``."""

    def to_bytes(self, result: CheckResult) -> bytes:
        """The report as bytes: UTF-8 text by default; binary formats override this."""
        import io

        buffer = io.StringIO()
        self.write(result, buffer)
        return buffer.getvalue().encode("utf-8")
