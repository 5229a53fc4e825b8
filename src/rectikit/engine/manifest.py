"""The run manifest: what a report was made from, so that it can be reproduced.

A manifest names the rectikit version, the rule packs that ran (with their versions), the
config file and its SHA-256 digest, every input file with its kind and SHA-256 digest,
the other files that shaped the report (waivers, baseline, the previous report compared
with), and the evaluation window. JSON, SARIF and HTML reports carry it.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from rectikit.engine.packs import Rule


def sha256_of(path: Path) -> str:
    """The SHA-256 hex digest of a file's bytes, read in chunks (``""`` if unreadable)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a file changed: its size, modification time and inode."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


class Digests:
    """SHA-256 digests of files, worked out in a background thread while the run goes on.

    ``hashlib`` hashes without the GIL, so on a machine with a core to spare the
    digests of a big dataset (about 0.1 s for 150 MB) cost the run nothing: the engine
    starts them once its last process is forked (``Engine.after_reading``), while the
    main process judges alone. :meth:`sha256` waits for them; a digest is used only if
    the file's size, modification time and inode did not change while it was worked
    out, and is worked out again otherwise (or when :meth:`start` was never called).
    """

    def __init__(self) -> None:
        self._found: dict[Path, tuple[tuple[int, int, int], str]] = {}
        self._started = False

    def start(self, paths: Iterable[Path]) -> None:
        """Hash ``paths`` in a background thread (once: later calls do nothing)."""
        if self._started:
            return
        self._started = True
        from rectikit.engine import background

        background.start(self._work, list(paths), name="rectikit-digests")

    def sha256(self, path: Path) -> str:
        """The digest of ``path`` (``""`` if unreadable), as :func:`sha256_of` gives it."""
        if self._started:
            from rectikit.engine import background

            background.finish()
        found = self._found.get(path)
        if found is not None and found[0] == _stamp(path):
            return found[1]
        return sha256_of(path)

    def _work(self, paths: list[Path]) -> None:
        for path in paths:
            try:
                before = _stamp(path)
                digest = sha256_of(path)
            except Exception:  # never a thread's traceback: the digest is asked for again
                continue
            if before is not None and before == _stamp(path):
                self._found[path] = (before, digest)


@attrs.frozen(slots=True)
class FileEntry:
    """One file a report depends on.

    Attributes:
        file: its name as reports show it (relative to the dataset folder).
        sha256: the SHA-256 digest of its bytes (``""`` when it could not be read).
        bytes: its size.
        kind: the record kind(s) read from it (``procurement``), ``-`` for none, or the
            file's role (``config``, ``waivers``, ``baseline``, ``previous``).
    """

    file: str
    sha256: str
    bytes: int
    kind: str

    @classmethod
    def of(cls, path: Path, display: str, kind: str, digests: Digests | None = None) -> FileEntry:
        """The entry of ``path`` shown as ``display`` (its digest from ``digests`` when
        given)."""
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        digest = digests.sha256(path) if digests is not None else sha256_of(path)
        return cls(display, digest, size, kind)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"file": self.file, "kind": self.kind, "bytes": self.bytes, "sha256": self.sha256}


@attrs.frozen(slots=True)
class PackEntry:
    """A rule pack that took part in the run."""

    pack: str
    source: str
    version: str

    def to_dict(self) -> dict[str, str]:
        """The JSON form."""
        return {"pack": self.pack, "source": self.source, "version": self.version}


@attrs.frozen(slots=True)
class Manifest:
    """What a report was made from.

    Attributes:
        version: the rectikit version.
        python: the Python version that ran it.
        as_of: the evaluation date.
        since: the window start.
        rule_packs: the packs of the rules that ran.
        rules_run: the codes that ran.
        config: the config file, or ``None`` when none was found.
        inputs: the data files read, with their kinds.
        others: waivers, baseline and previous-report files, with their roles as kind.
        lang: the message language.
    """

    version: str
    python: str
    as_of: date
    since: date
    rule_packs: tuple[PackEntry, ...]
    rules_run: tuple[str, ...]
    config: FileEntry | None
    inputs: tuple[FileEntry, ...]
    others: tuple[FileEntry, ...] = ()
    lang: str = "zh"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the ``manifest`` object of a JSON report)."""
        return {
            "rectikit": self.version,
            "python": self.python,
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "lang": self.lang,
            "config": self.config.to_dict() if self.config else None,
            "rule_packs": [p.to_dict() for p in self.rule_packs],
            "rules_run": list(self.rules_run),
            "inputs": [f.to_dict() for f in self.inputs],
            "other_files": [f.to_dict() for f in self.others],
        }


def build_manifest(
    *,
    version: str,
    as_of: date,
    since: date,
    rules: Mapping[str, Rule],
    rules_run: Iterable[str],
    inputs: Iterable[tuple[Path, str, str]],
    config: Path | None,
    others: Iterable[tuple[Path, str]] = (),
    lang: str = "zh",
    digests: Digests | None = None,
) -> Manifest:
    """Hash the files of a run and name its rule packs.

    Args:
        inputs: ``(path, display name, kind)`` of every data file read.
        config: the config file, if any.
        others: ``(path, role)`` of the waivers, baseline and previous-report files.
        digests: the data files' digests, worked out already or being worked out.
    """
    run = tuple(sorted(rules_run))
    packs = sorted(
        {
            (rules[code].pack or rules[code].family, rules[code].source, rules[code].pack_version)
            for code in run
            if code in rules
        }
    )
    return Manifest(
        version=version,
        python=platform.python_version(),
        as_of=as_of,
        since=since,
        rule_packs=tuple(PackEntry(*pack) for pack in packs),
        rules_run=run,
        config=FileEntry.of(config, config.name, "config") if config is not None else None,
        inputs=tuple(FileEntry.of(path, display, kind, digests) for path, display, kind in inputs),
        others=tuple(FileEntry.of(path, path.name, role) for path, role in others),
        lang=lang,
    )
