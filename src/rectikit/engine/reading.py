"""Reading a dataset once: files to kinds, tables to records, documents to records.

:class:`DatasetReader` walks the dataset, maps each file (or sheet) to a record kind,
turns tables into typed records (with ``DAT`` diagnostics) and hands document kinds (a
ledger) to their loaders. It knows nothing about rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from rectikit.engine.config import Config
from rectikit.engine.isolation import plugin_readers
from rectikit.engine.registry import Registry
from rectikit.engine.settings import validate_kinds
from rectikit.model.location import Location
from rectikit.readers.dataset import KindNames, iter_dataset_files, map_file
from rectikit.readers.diagnostics import Diagnostic, diag
from rectikit.readers.formats import READERS, RawTable, ReadError
from rectikit.readers.formats.delimited import read_delimited
from rectikit.readers.formats.encoding import Decodes, detect_encoding
from rectikit.readers.formats.origin import DelimitedOrigin
from rectikit.readers.formats.ranges import ByteRange, RangeRows, plan_ranges
from rectikit.readers.keys import SeenKeys
from rectikit.readers.records import HeaderIndex, TableConverter

#: A progress callback: ``(file, rows read so far in it)``.
Progress = Callable[[str, int], None]

#: How often (in rows) the progress callback hears about a long table.
PROGRESS_EVERY = 5000

#: Spreadsheet suffixes: a workbook named after a kind is read from its first sheet.
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


@attrs.frozen(slots=True)
class Document:
    """A file of a document kind, read whole by the kind's loader (not as a table)."""

    path: Path
    file: str


class DatasetReader:
    """Reads the files of a dataset into ``(kind, record)`` pairs.

    Args:
        registry: the record kinds and extra readers the plugins provide.
        config: the ``[files]`` mapping, ``exclude`` patterns and forced encoding.
        exclude: files that are never data (config, waivers, baselines).
        progress: called as ``progress(file, rows_read)`` when a table starts and every
            :data:`PROGRESS_EVERY` rows.
    """

    def __init__(
        self,
        registry: Registry,
        config: Config,
        *,
        exclude: Sequence[Path] = (),
        progress: Progress | None = None,
    ) -> None:
        self.registry = registry
        self.config = config
        self.exclude = list(exclude)
        self.progress = progress
        self.kind_names = KindNames(registry.kinds.values())
        self.file_map = validate_kinds(registry.kinds, config, self.kind_names.lookup)
        self.readers = {**READERS, **plugin_readers(registry)}
        self.indexes = {name: HeaderIndex(schema) for name, schema in registry.kinds.items()}
        #: How a CSV or TSV file whose encoding is not configured is checked to decode
        #: (``None``: in one pass; the engine checks big files in parts, one a process)
        self.decodes: Decodes | None = None

    def _tables(
        self,
        paths: Sequence[Path],
        sink: list[Diagnostic],
        files: dict[str, str],
        only: Callable[[str], bool] | None = None,
    ) -> Iterator[tuple[str, RawTable | Document]]:
        """Every (kind, table) of the dataset, with DAT001/DAT005 for what cannot be used;
        with ``only``, of the files whose display name it accepts."""
        for path, display in self.files(paths):
            if only is not None and not only(display):
                continue
            data_file = map_file(path, display, self.kind_names, self.file_map)
            suffix = path.suffix.lower()
            schema = self.registry.kinds.get(data_file.kind) if data_file.kind else None
            if schema is not None and schema.loader is not None:
                files[display] = data_file.kind or "-"
                yield data_file.kind, Document(path, display)
                continue
            reader = self.readers.get(suffix)
            if reader is None:
                if data_file.kind is not None or suffix == ".xls":
                    files[display] = data_file.kind or "-"
                    sink.append(_unsupported(display, suffix, data_file.kind))
                else:
                    files[display] = "-"
                    sink.append(_unmapped(display, None))
                continue
            files[display] = data_file.kind or "-"
            try:
                if data_file.kind is not None and path.stat().st_size == 0:
                    # an empty file of any format (talks.json, 0 bytes) makes its kind present
                    yield data_file.kind, RawTable(file=display, sheet=None, headers=(), rows=())
                    continue
                encoding = self.config.encoding
                if encoding is None and self.decodes is not None and reader is read_delimited:
                    encoding = detect_encoding(path, self.decodes)
                tables = reader(path, display, encoding=encoding)
                if data_file.kind is not None:
                    table, tables = self._pick_table(tables, data_file.kind, suffix)
                    if table is None:
                        sink.append(_empty(display, data_file.kind))
                        continue
                    yield data_file.kind, table
                else:
                    mapped = []
                    for table in tables:
                        kind = self.kind_names.lookup(table.sheet)
                        if kind is None:
                            sink.append(_unmapped(display, table.sheet))
                            continue
                        mapped.append(kind)
                        yield kind, table
                    if not mapped and not any(d.location.file == display for d in sink):
                        sink.append(_unmapped(display, None))
                    if mapped:
                        files[display] = ",".join(dict.fromkeys(mapped))
            except ReadError as exc:
                sink.append(_unreadable(display, str(exc)))
            except OSError as exc:
                sink.append(_unreadable(display, exc.strerror or str(exc)))

    def files(self, paths: Sequence[Path]) -> Iterator[tuple[Path, str]]:
        """The dataset's candidate data files, with their display names, in order."""
        return iter_dataset_files(paths, self.exclude, self.config.exclude)

    def file_kind(self, path: Path, display: str) -> str | None:
        """The kind a file's name (or the config's ``[files]``) gives it, if any."""
        return map_file(path, display, self.kind_names, self.file_map).kind

    def _pick_table(
        self, tables: Iterable[RawTable], kind: str, suffix: str
    ) -> tuple[RawTable | None, Iterator[RawTable]]:
        """The table to read from a file whose name gives its kind, with the iterator it
        came from (keep that alive while the rows are read: readers stream).

        DATA.md: a workbook is read from its first sheet. A JSON or TOML file holding
        several keyed lists (``[[procurement]]``) is read from the list named after the
        kind, else its first; those are in memory, so passing over tables is safe.
        """
        source = iter(tables)
        first = next(source, None)
        if first is None or suffix in _WORKBOOK_SUFFIXES or first.sheet is None:
            return first, source
        if self.kind_names.lookup(first.sheet) == kind:
            return first, source
        for table in source:
            if self.kind_names.lookup(table.sheet) == kind:
                return table, source
        return first, source

    def records(
        self,
        paths: Sequence[Path],
        sink: list[Diagnostic],
        files: dict[str, str],
        present: set[str],
    ) -> Iterator[tuple[str, Any]]:
        """Every ``(kind, record)`` of the dataset, noting the kinds present."""
        for kind, stream in self.streams(paths, sink, files, present):
            for record in stream:
                yield kind, record

    def streams(
        self,
        paths: Sequence[Path],
        sink: list[Diagnostic],
        files: dict[str, str],
        present: set[str],
        only: Callable[[str], bool] | None = None,
    ) -> Iterator[tuple[str, Iterator[Any]]]:
        """``(kind, records)`` for each table or document of the dataset, in order (with
        ``only``, of the files whose display name it accepts).

        Consume each stream before taking the next (readers stream from open files).
        A kind is noted in ``present`` once its table's header is found.
        """
        seen_keys: dict[str, SeenKeys] = defaultdict(SeenKeys)
        for kind, table in self._tables(paths, sink, files, only):
            if isinstance(table, Document):
                yield kind, self._document(kind, table, sink, present)
            elif not table.headers:  # an empty file: the kind is present, with no records
                present.add(kind)
            else:
                yield kind, self._table_records(kind, table, sink, present, seen_keys[kind])

    def _table_records(
        self,
        kind: str,
        table: RawTable,
        sink: list[Diagnostic],
        present: set[str],
        seen_keys: SeenKeys,
    ) -> TableStream:
        """The records of one table (a :class:`TableStream`)."""
        return TableStream(self, kind, table, sink, present, seen_keys)

    def _document(
        self, kind: str, document: Document, sink: list[Diagnostic], present: set[str]
    ) -> Iterator[Any]:
        """The records of a document kind's file (a ledger), read by its loader."""
        loader = self.registry.kinds[kind].loader
        assert loader is not None
        try:
            records = list(loader(document.path, document.file))
        except ReadError as exc:
            sink.append(_unreadable(document.file, str(exc)))
            return
        except OSError as exc:
            sink.append(_unreadable(document.file, exc.strerror or str(exc)))
            return
        present.add(kind)
        yield from records

    def iter_records(self, paths: Sequence[Path]) -> Iterator[tuple[str, Any]]:
        """Every ``(kind, record)`` of the dataset (diagnostics dropped)."""
        yield from self.records(paths, [], {}, set())


def _unreadable(display: str, reason: str) -> Diagnostic:
    return diag(
        "DAT001", Location(display), f"文件无法读取：{reason}", f"cannot read file: {reason}"
    )


def _unsupported(display: str, suffix: str, kind: str | None) -> Diagnostic:
    if suffix == ".xls":
        zh = "不支持旧版 .xls 工作簿，请另存为 .xlsx"
        en = "old .xls workbooks are not supported; save as .xlsx"
    else:
        zh = f"不支持的文件格式“{suffix or '（无扩展名）'}”（支持 csv、tsv、json、toml、xlsx）"
        en = f"unsupported file format '{suffix}' (csv, tsv, json, toml, xlsx are read)"
    return diag("DAT001", Location(display), zh, en, kind=kind)


def _unmapped(display: str, sheet: str | None) -> Diagnostic:
    if sheet is None:
        zh = "文件未对应任何台账类型，已跳过（可用文件名或 rectikit.toml 的 [files] 指定）"
        en = "file maps to no record kind; skipped (rename it or map it under [files])"
    else:
        zh = f"工作表“{sheet}”未对应任何台账类型，已跳过"
        en = f"sheet '{sheet}' maps to no record kind; skipped"
    return diag("DAT005", Location(display, sheet=sheet), zh, en)


def _empty(display: str, kind: str) -> Diagnostic:
    return diag(
        "DAT001",
        Location(display),
        "文件中没有可读取的表格",
        "file holds no table to read",
        kind=kind,
    )


class TableStream:
    """The records of one table: iterate it to read them in one pass.

    A big CSV or TSV table may instead be read in byte ranges, one process each
    (:mod:`rectikit.engine.sharding`): :meth:`open` finds the header, :meth:`ranges`
    plans the cuts, :meth:`range_records` converts one range, and :meth:`serial`
    goes on in one pass after a given row. Whatever cannot be read ends the table with
    ``DAT001``, as in one pass.
    """

    def __init__(
        self,
        reader: DatasetReader,
        kind: str,
        table: RawTable,
        sink: list[Diagnostic],
        present: set[str],
        seen_keys: SeenKeys,
    ) -> None:
        self.reader = reader
        self.kind = kind
        self.table = table
        self.sink = sink
        self.present = present
        self.seen_keys = seen_keys
        self.converter: TableConverter | None = None
        self.file = table.file

    def __iter__(self) -> Iterator[Any]:
        if self.open():
            yield from self.serial()

    def open(self) -> bool:
        """Find the table's header; whether it has records to read."""
        self.seen_keys.settle()  # keys of an earlier table read in parts
        try:  # reading rows may fail at any point, the header search included
            converter = TableConverter(
                self.table, self.reader.indexes[self.kind], self.sink.append, self.seen_keys
            )
        except ReadError as exc:
            self.sink.append(_unreadable(self.table.file, str(exc)))
            return False
        if not converter.ok:
            return False
        self.converter = converter
        self.present.add(self.kind)
        return True

    def close(self) -> None:
        """Let go of the table (its converter and the kind's keys are not needed past
        it: a big table's keys are most of what a run holds)."""
        self.converter = None
        self.seen_keys = SeenKeys()

    def serial(self, after_row: int = 0, done: int = 0) -> Iterator[Any]:
        """The records after row ``after_row`` (``done`` records read before), in one
        pass, with progress reports."""
        assert self.converter is not None
        self.seen_keys.settle()  # ids merged from workers, for the rows read here
        progress = self.reader.progress
        records = self.converter.records(after_row=after_row)
        try:
            if progress is None:
                yield from records
                return
            progress(self.table.file, done)
            for count, record in enumerate(records, start=done + 1):
                if count % PROGRESS_EVERY == 0:
                    progress(self.table.file, count)
                yield record
        except ReadError as exc:
            self.sink.append(_unreadable(self.table.file, str(exc)))

    def ranges(self, count: int, min_bytes: int) -> list[ByteRange] | None:
        """The byte ranges to read the table's data rows in, or ``None`` when it is not
        a delimited file of at least ``min_bytes`` that can be cut."""
        origin = self.table.origin
        converter = self.converter
        if not isinstance(origin, DelimitedOrigin) or converter is None:
            return None
        if converter.header_row is None or converter.has_pending:
            return None
        try:
            if origin.path.stat().st_size < min_bytes:
                return None
        except OSError:
            return None
        return plan_ranges(origin, converter.header_row, count)

    def range_records(self, rows: RangeRows) -> Iterator[Any]:
        """The records of one byte range's rows."""
        assert self.converter is not None
        return self.converter.records(rows=rows)

    def range_rows(self, part: ByteRange) -> RangeRows:
        """The rows of one byte range (:class:`RangeRows`)."""
        assert self.converter is not None
        return RangeRows(self.table.origin, part, len(self.table.headers))
