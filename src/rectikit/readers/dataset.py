"""Datasets: which files to read, and which record kind each file (or sheet) holds.

The kind of a file is found by (DATA.md): the config's ``[files]`` mapping (a file name,
relative path or glob), then the file's stem matched against the kinds' English and
Chinese names. A file whose stem names no kind is read table by table (XLSX sheets,
TOML arrays of tables, keyed JSON lists), each mapped by its name. Configuration
files, hidden files and folders and Office lock files are never data.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from rectikit.model.location import Location
from rectikit.model.schema import KindSchema
from rectikit.model.values import normalize_text
from rectikit.readers.formats import SUPPORTED_SUFFIXES

#: File names that are configuration, never data.
CONFIG_NAMES = frozenset({"rectikit.toml", "pyproject.toml"})


@attrs.frozen(slots=True)
class DataFile:
    """A file of the dataset.

    Attributes:
        path: where it is on disk.
        display: the name reports use (relative to the dataset directory).
        kind: the kind the file maps to as a whole, or ``None`` when its tables
            (sheets) are mapped one by one.
        explicit: whether the kind came from the config mapping.
    """

    path: Path
    display: str
    kind: str | None
    explicit: bool = False

    @property
    def location(self) -> Location:
        """The file-level location."""
        return Location(self.display)


class KindNames:
    """Looks up record kinds by any of their names, normalised."""

    def __init__(self, schemas: Iterable[KindSchema]) -> None:
        self.by_name: dict[str, str] = {}
        for schema in schemas:
            for name in schema.names:
                self.by_name.setdefault(normalize_text(name), schema.name)

    def lookup(self, name: str | None) -> str | None:
        """The canonical kind named ``name`` (stem, sheet name, kind name), or ``None``."""
        if not name:
            return None
        return self.by_name.get(normalize_text(name))


def is_ignored_name(name: str) -> bool:
    """Hidden files/folders and Office lock files are never data."""
    return name.startswith(".") or name.startswith("~$")


#: What ``rectikit check --annotate`` adds to a workbook's stem for its marked-up copy.
ANNOTATED_MARK = ".annotated"


def is_annotated_copy(name: str) -> bool:
    """A copy ``rectikit check --annotate`` wrote (``采购台账.annotated.xlsx``): a marked-up
    duplicate of an input, never data of its own when a folder is walked."""
    path = Path(name)
    return path.suffix.lower() in (".xlsx", ".xlsm") and path.stem.lower().endswith(ANNOTATED_MARK)


def matches(display: str, name: str, pattern: str) -> bool:
    """Whether a file (relative path ``display``, base ``name``) matches a config pattern."""
    pattern = pattern.replace("\\", "/")
    if pattern.endswith("/"):  # a folder: everything below it
        return display.startswith(pattern) or fnmatch.fnmatch(display, pattern + "*")
    return (
        display == pattern
        or name == pattern
        or fnmatch.fnmatch(display, pattern)
        or fnmatch.fnmatch(name, pattern)
    )


def iter_dataset_files(
    paths: Sequence[Path], exclude: Iterable[Path] = (), patterns: Sequence[str] = ()
) -> Iterator[tuple[Path, str]]:
    """Every candidate data file under ``paths`` with its display name, sorted.

    Directories are walked recursively; display names are relative to the directory
    given. Files given directly are shown by their name. ``exclude`` lists files and
    ``patterns`` names or globs (config ``exclude``) that are never data.
    """
    excluded = {p.resolve() for p in exclude}
    for root in paths:
        if root.is_dir():
            found = []
            for path in root.rglob("*"):
                rel = path.relative_to(root)
                if any(is_ignored_name(part) for part in rel.parts):
                    continue
                if not path.is_file() or path.name.lower() in CONFIG_NAMES:
                    continue
                if is_annotated_copy(path.name):
                    continue
                display = rel.as_posix()
                if path.resolve() in excluded or any(
                    matches(display, path.name, p) for p in patterns
                ):
                    continue
                found.append((display, path))
            for display, path in sorted(found):
                yield path, display
        elif root.resolve() not in excluded:
            yield root, root.name


def map_file(
    path: Path,
    display: str,
    kinds: KindNames,
    file_map: Mapping[str, str],
) -> DataFile:
    """Decide the kind of one file from the config mapping, then its stem."""
    for pattern, kind in file_map.items():
        if matches(display, path.name, pattern):
            return DataFile(path, display, kind, explicit=True)
    return DataFile(path, display, kinds.lookup(path.stem))


def is_supported(path: Path) -> bool:
    """Whether the file's suffix is one rectikit reads."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES
