"""A one-line progress note on stderr for long checks (only on a terminal)."""

from __future__ import annotations

import time
from typing import TextIO

from rectikit.cli.output import display_width


class ProgressLine:
    """Shows ``读取 FILE … N 行`` on one terminal line, rewritten in place.

    Quiet for the first :attr:`delay` seconds, so short runs print nothing, and quiet
    whenever ``stream`` is not a terminal (pipes, files, CI logs).
    """

    def __init__(self, stream: TextIO, *, delay: float = 1.0) -> None:
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.delay = delay
        self.shown = 0

    def __call__(self, file: str, rows: int) -> None:
        """Report that ``rows`` rows of ``file`` have been read."""
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        text = f"读取 {file} … {rows:,} 行"
        pad = max(0, self.shown - display_width(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self.shown = display_width(text)

    def done(self) -> None:
        """Clear the line once the check has finished."""
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0
