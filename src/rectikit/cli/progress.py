"""A progress bar on stderr while a long check reads its files (rich, terminal only).

:func:`wants_progress` decides whether a run shows one: only when stderr is a terminal,
and only when the report is for a person — written to a terminal, or to a file with
``-o`` — and never for a machine format (JSON, SARIF, JUnit) on stdout. So it never
appears in piped output, in CI logs, or next to JSON.

:class:`CheckProgress` is the engine's ``progress(file, rows_read)`` callback. It stays
invisible for the first :attr:`~CheckProgress.delay` seconds, so a short run prints
nothing, then shows the file being read, its position among the dataset's files, the
rows read so far and the time spent. It is transient: :meth:`~CheckProgress.done`
erases it before the report is written, so it never garbles the console report.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rectikit.engine.config import Config
from rectikit.readers.dataset import iter_dataset_files

if TYPE_CHECKING:  # rich is imported only when a bar is drawn
    from rich.console import Console
    from rich.progress import Progress

#: Report formats for programs: their output on stdout never comes with a progress bar.
MACHINE_FORMATS = frozenset({"json", "sarif", "junit"})

#: Seconds a run must last before the bar appears.
DELAY = 1.0

LABELS = {
    "zh": {"reading": "读取", "rows": "行"},
    "en": {"reading": "reading", "rows": "rows"},
}


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def wants_progress(stdout: TextIO, stderr: TextIO, *, fmt: str, output: str | None) -> bool:
    """Whether a check shows a progress bar: stderr is a terminal, and the report goes to
    a file (``-o``) or to a terminal in a format for people."""
    if not _isatty(stderr):
        return False
    if output:
        return True
    return _isatty(stdout) and fmt not in MACHINE_FORMATS


class CheckProgress:
    """The engine's ``progress(file, rows_read)`` callback, drawn as a rich progress bar.

    Args:
        stream: where to draw (stderr); ignored when ``console`` is given.
        enabled: draw at all (see :func:`wants_progress`); when false, every call is a
            no-op.
        files: the display names of the dataset's files, in reading order: the bar
            counts files, and a file not in the list still shows with its rows.
        delay: seconds before the bar appears (nothing is drawn for a shorter run).
        lang: ``zh`` or ``en`` labels.
        console: a prepared rich console (tests pass one with ``force_terminal``).
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool = True,
        files: Sequence[str] = (),
        delay: float = DELAY,
        lang: str = "zh",
        console: Console | None = None,
    ) -> None:
        self.enabled = enabled
        self.files = {name: index for index, name in enumerate(files)}
        self.labels = LABELS.get(lang, LABELS["zh"])
        self.shown = False
        self._lock = threading.Lock()
        self._closed = False
        self._timer: threading.Timer | None = None
        if not enabled:
            self._progress: Progress | None = None
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rows]}"),
            TimeElapsedColumn(),
            console=console or Console(file=stream, highlight=False),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task(
            self.labels["reading"], total=len(files) or None, rows=""
        )
        if delay <= 0:
            self._show()
        else:
            self._timer = threading.Timer(delay, self._show)
            self._timer.daemon = True
            self._timer.start()

    def _show(self) -> None:
        """Start drawing (from the delay timer, or at once without a delay)."""
        with self._lock:
            if self._closed or self.shown or self._progress is None:
                return
            self._progress.start()
            self.shown = True

    def __call__(self, file: str, rows: int) -> None:
        """Report that ``rows`` rows of ``file`` have been read."""
        if self._progress is None:
            return
        completed = self.files.get(file)
        self._progress.update(
            self._task,
            description=f"{self.labels['reading']} {file}",
            rows=f"{rows:,} {self.labels['rows']}",
            **({"completed": completed} if completed is not None else {}),
        )

    def done(self) -> None:
        """Stop and erase the bar (call it before writing the report)."""
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._progress is not None and self.shown:
                self._progress.update(self._task, completed=len(self.files))
                self._progress.stop()
                self.shown = False

    def __enter__(self) -> CheckProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.done()


def progress_for(
    stdout: TextIO,
    stderr: TextIO,
    *,
    fmt: str,
    output: str | None,
    paths: Sequence[Path],
    config: Config,
    exclude: Iterable[str | Path | None] = (),
) -> CheckProgress:
    """The progress callback of a ``rectikit check`` run (disabled unless
    :func:`wants_progress`); ``exclude`` are files that are not data (waivers,
    baseline, previous report)."""
    if not wants_progress(stdout, stderr, fmt=fmt, output=output):
        return CheckProgress(stderr, enabled=False)
    skip = [Path(p) for p in exclude if p]
    if config.path:
        skip.append(config.path)
    try:
        files = [display for _, display in iter_dataset_files(paths, skip, config.exclude)]
    except OSError:
        files = []
    return CheckProgress(stderr, files=files, delay=DELAY, lang=config.lang)
