"""JSON: the stable machine-readable report of CLI.md."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from rectikit import __version__
from rectikit.engine.handover import fork_worker, reap
from rectikit.engine.result import CheckResult
from rectikit.engine.sharding import can_fork
from rectikit.model.location import Location
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter


def violation_dict(result: CheckResult, violation: Violation) -> dict[str, Any]:
    """A violation's JSON form, with its ``delta`` when the run was compared."""
    data = violation.to_dict()
    entry = result.delta.of(violation) if result.delta is not None else None
    if entry is not None:
        data["delta"] = entry.to_dict()
    return data


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """The JSON document: tool, version, as_of, since, summary, violations, data_errors
    (CLI.md), then ``waived`` (violations an approved exception covers), ``resolved``
    (with ``--compare``: what the previous report had and this run does not) and the run
    ``manifest``."""
    document: dict[str, Any] = {
        "tool": "rectikit",
        "version": __version__,
        "as_of": result.as_of.isoformat(),
        "since": result.since.isoformat(),
        "summary": result.summary(),
        "violations": [violation_dict(result, v) for v in result.violations],
        "data_errors": [v.to_dict() for v in result.data_errors],
    }
    if result.waived_list:
        document["waived"] = [item.to_dict() for item in result.waived_list]
    if result.delta is not None:
        document["resolved"] = [item.to_dict() for item in result.delta.resolved]
    if result.manifest is not None:
        document["manifest"] = result.manifest.to_dict()
    return document


class JsonReporter(Reporter):
    """UTF-8 JSON (Chinese kept as is, not escaped), indented, with one violation or
    data problem per line: easy to read and to grep, and written as it goes, so a report
    of a hundred thousand violations never exists twice in memory."""

    name = "json"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        head: dict[str, Any] = {
            "tool": "rectikit",
            "version": __version__,
            "as_of": result.as_of.isoformat(),
            "since": result.since.isoformat(),
            "summary": result.summary(),
        }
        encode: Callable[[Violation], Any] = (
            _ViolationText().encode
            if result.delta is None
            else functools.partial(violation_dict, result)
        )
        violations = _Items(result.violations, encode, self.options.jobs)
        parts: list[tuple[str, Any]] = [
            *head.items(),
            ("violations", violations),
            ("data_errors", (v.to_dict() for v in result.data_errors)),
        ]
        if result.waived_list:
            parts.append(("waived", (item.to_dict() for item in result.waived_list)))
        if result.delta is not None:
            parts.append(("resolved", (item.to_dict() for item in result.delta.resolved)))
        if result.manifest is not None:
            parts.append(("manifest", result.manifest.to_dict()))
        stream.write("{\n")
        for number, (key, value) in enumerate(parts):
            stream.write(f"  {_dumps(key)}: ")
            if isinstance(value, _Items):
                value.write(stream)
            elif isinstance(value, Iterator):
                _write_list(value, stream)
            else:
                stream.write(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            stream.write(",\n" if number < len(parts) - 1 else "\n")
        stream.write("}\n")


#: One encoder for every item (``json.dumps`` with a non-default option builds a new one
#: a call: a fifth of the time of a big report).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


#: A string's JSON text with non-ASCII kept (what the encoder above gives for a string).
_encode_text = json.encoder.encode_basestring


def _dumps(value: Any) -> str:
    return _ENCODE(value)


def _write_list(items: Iterator[Any], stream: TextIO) -> None:
    """A list with one item per line (JSON strings never hold a raw line break); an
    item already a :class:`_Json` text is written as it is."""
    first = next(items, _END)
    if first is _END:
        stream.write("[]")
        return
    stream.write("[\n    ")
    stream.write(_dumps_item(first))
    stream.writelines(_later_items(items))
    stream.write("\n  ]")


_END: Any = object()


def _later_items(items: Iterator[Any]) -> Iterator[str]:
    """The items after the first of a list :func:`_write_list` writes, each with the
    separator before it."""
    for item in items:
        yield ",\n    "
        yield _dumps_item(item)


#: A list of violations at least this long is written in two processes when the
#: report may use several (below it, forking costs more than it saves).
PARALLEL_MIN = 20_000


class _Items:
    """The violations of a report, written by :meth:`write`: the second half of a long
    list rendered at once by a forked process (into a temporary file, copied in after
    the first half), the whole list here when the report may use one process only, the
    list is short, processes cannot be forked, or the forked process fails."""

    def __init__(self, items: Sequence[Violation], encode: Callable[[Violation], Any], jobs: int):
        self.items = items
        self.encode = encode
        self.jobs = jobs

    def write(self, stream: TextIO) -> None:
        items, encode = self.items, self.encode
        if (
            self.jobs < 2
            or len(items) < PARALLEL_MIN
            or not isinstance(items, (tuple, list))  # read back from disk: one pass
            or not can_fork()
        ):
            _write_list(map(encode, items), stream)
            return
        cut = len(items) // 2
        later = items[cut:]
        try:
            pid, handover = fork_worker(
                lambda handover: handover.send_text(_later_items(map(encode, later)))
            )
        except OSError:
            _write_list(map(encode, items), stream)
            return
        try:
            stream.write("[\n    ")
            stream.write(_dumps_item(encode(items[0])))
            stream.writelines(_later_items(map(encode, items[1:cut])))
            if not handover.copy_text(stream):  # the forked process failed: here, then
                stream.writelines(_later_items(map(encode, later)))
            stream.write("\n  ]")
        finally:
            reap(pid, handover)


def _dumps_item(item: Any) -> str:
    return item if type(item) is _Json else _dumps(item)


class _Json(str):
    """A text that is already JSON."""

    __slots__ = ()


class _ViolationText:
    """A violation's JSON text, exactly ``_dumps(violation.to_dict())``, without the
    dictionaries: what every violation of a rule shares (code, name, severity, kind,
    citation) is encoded once. A third of the time of a big report went to building
    and encoding the dictionaries."""

    def __init__(self) -> None:
        self._shared: dict[tuple[Any, ...], tuple[str, str]] = {}

    def encode(self, violation: Violation) -> Any:
        if violation.is_data_error or type(violation) is not Violation:
            return violation.to_dict()
        key = (violation.code, violation.name, violation.severity, violation.kind)
        key += (violation.citation,)
        shared = self._shared.get(key)
        if shared is None:
            head = _dumps({k: v for k, v in violation.to_dict().items() if k in _HEAD})
            tail = _dumps({"citation": violation.citation})
            shared = self._shared[key] = (head[:-1] + ", ", ", " + tail[1:-1] + ", ")
        location = violation.location
        place = _dumps(location.to_dict()) if type(location) is not Location else _where(location)
        return _Json(
            f'{shared[0]}"subject": {_text(violation.subject)}, '
            f'"message": {_text(violation.message)}, "location": {place}'
            f'{shared[1]}"details": {_pairs(violation.details)}}}'
        )


#: The keys before ``subject`` in a violation's JSON form.
_HEAD = ("code", "name", "severity", "kind")


def _text(value: Any) -> str:
    return _encode_text(value) if type(value) is str else _dumps(value)


def _pairs(details: Any) -> str:
    """``_dumps(dict(details))``, without the encoder for text keys and values (the
    engine's details)."""
    try:
        pairs = [f"{_encode_text(k)}: {_encode_text(v)}" for k, v in details.items()]
    except TypeError:  # a key or value that is not text
        return _dumps(dict(details))
    return "{" + ", ".join(pairs) + "}"


def _where(location: Location) -> str:
    """``_dumps(location.to_dict())``."""
    row = "null" if location.row is None else _dumps(location.row)
    column = "null" if location.column is None else _text(location.column)
    text = f'{{"file": {_text(location.file)}, "row": {row}, "column": {column}'
    if location.sheet is not None:
        text += f', "sheet": {_text(location.sheet)}'
    if location.cell is not None:
        text += f', "cell": {_text(location.cell)}'
    return text + "}"
