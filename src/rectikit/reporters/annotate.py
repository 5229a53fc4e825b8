"""``rectikit check --annotate DIR``: copies of the input workbooks with the offending
cells highlighted and the messages as cell comments. The inputs are never changed.

For every input workbook (``.xlsx``, or ``.xlsm`` with its macros kept) that a violation
or data error points into, :func:`annotate_inputs` writes ``DIR/<stem>.annotated.xlsx``
(inputs in sub-folders keep their sub-folder under ``DIR``):

* the violation's cell gets a fill in its severity's colour (red, amber, blue) and a
  comment ``CODE（级别）message``; several violations on one cell share one comment, one
  line each, the cell coloured for the worst; a comment the cell already had is kept
  above them;
* a violation that names a row but no cell (its column is not in the sheet) marks the
  first cell of that row's table; one that names no row (a whole file or sheet) is left
  to the report;
* text cells that a spreadsheet could read as a formula are quote-prefixed
  (:mod:`rectikit.reporters.safe`); the workbook's own formulas stay formulas.

Safety: an input is only ever read (``DIR`` may even be the dataset folder). A copy is
written atomically and replaces only a file rectikit wrote before — an earlier annotated
copy, recognized by its custom document property :data:`PROPERTY` — never an input nor
any other file; files named ``*.annotated.xlsx`` are not annotated again. A workbook
that cannot be opened or a copy that cannot be written gives a one-line warning and the
others go on. ``DIR`` may be inside the dataset folder: a walk of a folder never reads
``*.annotated.xlsx`` copies as data. What openpyxl cannot keep
(images, charts, pivot tables) is missing from the copies; the inputs keep it.
"""

from __future__ import annotations

import io
import math
import warnings
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.readers.dataset import ANNOTATED_MARK
from rectikit.readers.dataset import is_annotated_copy as is_annotated_name
from rectikit.reporters.labels import LABELS
from rectikit.reporters.safe import cell_text, protect_cell

#: Workbooks that can be annotated (suffix -> keep the VBA project).
SUFFIXES = {".xlsx": False, ".xlsm": True}
#: Added to the stem of an annotated copy: ``采购台账.xlsx`` -> ``采购台账.annotated.xlsx``.
MARK = ANNOTATED_MARK
#: severity -> cell fill (the XLSX report's colours).
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
AUTHOR = "rectikit"
#: custom document property marking a copy as rectikit's (its value: the input's name).
PROPERTY = "rectikit-annotated"
#: comment box size in pixels: the width, and the height of a line of text.
COMMENT_WIDTH = 320
LINE_HEIGHT = 16
#: narrow characters on one line of a comment box of :data:`COMMENT_WIDTH`.
CHARS_PER_LINE = 44


class AnnotateWarning(UserWarning):
    """A workbook that could not be annotated (the library's default warning channel)."""


Warn = Callable[[str], None]
Spot = tuple[str, str]  # (sheet, cell)


def annotated_name(path: Path) -> str:
    """``采购台账.annotated.xlsx`` for ``采购台账.xlsx`` (``.xlsm`` stays ``.xlsm``)."""
    return f"{path.stem}{MARK}{path.suffix.lower()}"


def is_annotated_copy(path: Path) -> bool:
    """Whether ``path`` is named as an annotated copy (``*.annotated.xlsx``)."""
    return is_annotated_name(path.name)


def written_by_rectikit(path: Path) -> bool:
    """Whether ``path`` is an annotated copy rectikit wrote (it carries the custom
    document property :data:`PROPERTY`, which Excel keeps when the copy is saved)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            custom = archive.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f'name="{PROPERTY}"'.encode() in custom


def annotate_inputs(
    result: CheckResult,
    paths: Sequence[Path | str],
    out_dir: Path | str,
    *,
    lang: str = "zh",
    warn: Warn | None = None,
) -> list[Path]:
    """Write an annotated copy of every input workbook that has a violation to mark.

    Args:
        result: the check's result (its locations name the files, sheets and cells).
        paths: the dataset paths the check was given (to find the input files again).
        out_dir: the folder of the copies (created when missing).
        lang: ``zh`` or ``en`` for the severities in the comments.
        warn: called with a one-line message for each workbook skipped; by default a
            :class:`AnnotateWarning` is issued.

    Returns:
        The copies written, in input order.
    """
    from rectikit.readers.dataset import iter_dataset_files

    say = warn if warn is not None else _warn
    by_file = _spots(result)
    if not by_file:
        return []
    roots = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    inputs = list(iter_dataset_files(roots, [], ()))
    # the inputs a copy must never replace; earlier copies (rectikit's) may be replaced
    protected = {_resolved(path) for path, _ in inputs if not is_annotated_copy(path)}
    written: list[Path] = []
    taken: set[Path] = set()
    for path, display in inputs:
        spots = by_file.get(display)
        suffix = path.suffix.lower()
        if not spots or suffix not in SUFFIXES or is_annotated_copy(path):
            continue
        target = out_dir / Path(display).parent / annotated_name(path)
        key = _resolved(target)
        if key in protected:
            say(f"{display}: not annotated: {target} is an input of the check")
            continue
        if key in taken:
            say(f"{display}: not annotated: {target} is already written for another input")
            continue
        if target.exists() and not written_by_rectikit(target):
            say(f"{display}: not annotated: {target} exists and is not a copy rectikit wrote")
            continue
        data = _annotated_copy(path, display, spots, lang, keep_vba=SUFFIXES[suffix], say=say)
        if data is None:
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, data)
        except OSError as exc:
            say(f"{display}: cannot write {target}: {exc.strerror or exc}")
            continue
        taken.add(key)
        written.append(target)
    return written


def _warn(message: str) -> None:
    warnings.warn(message, AnnotateWarning, stacklevel=3)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # pragma: no cover - a path the OS cannot resolve
        return path.absolute()


def _write(target: Path, data: bytes) -> None:
    from rectikit.ledger.files.atomic import atomic_write_bytes

    atomic_write_bytes(target, data, backup=False)


# -- where the marks go ------------------------------------------------------------------


def _spots(result: CheckResult) -> dict[str, dict[Spot, list[Violation]]]:
    """file -> (sheet, cell) -> the violations and data errors to mark there."""
    found: dict[str, dict[Spot, list[Violation]]] = defaultdict(lambda: defaultdict(list))
    for violation in result.all:
        spot = _spot(violation.location)
        if spot is not None:
            found[violation.location.file][spot].append(violation)
    return found


def _spot(location: Location) -> Spot | None:
    """The sheet and cell a violation marks: its cell, else its row's first cell."""
    if location.sheet is None:
        return None
    if location.cell:
        return location.sheet, location.cell.replace("$", "").upper()
    if location.row is None or location.row < 1:
        return None
    return location.sheet, f"{_first_letter(location)}{location.row}"


def _first_letter(location: Location) -> str:
    """The column letter of the row's table's first column (``A`` when unknown)."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    letters = location.letters or {}
    indexes = []
    for letter in letters.values():
        try:
            indexes.append(column_index_from_string(letter))
        except ValueError:
            continue
    return get_column_letter(min(indexes)) if indexes else "A"


# -- the copy ----------------------------------------------------------------------------


def _annotated_copy(
    path: Path,
    display: str,
    spots: dict[Spot, list[Violation]],
    lang: str,
    *,
    keep_vba: bool,
    say: Warn,
) -> bytes | None:
    """The bytes of the annotated workbook, or ``None`` (warned) when it cannot be made."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and the like
            workbook = load_workbook(path, keep_vba=keep_vba, rich_text=True)
    except Exception as exc:  # openpyxl reports a broken or encrypted file in many ways
        say(f"{display}: cannot open to annotate: {_one_line(exc)}")
        return None
    try:
        missed = _mark(workbook, spots, lang)
        _protect(workbook)
        _sign(workbook, display)
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook.save(buffer)
    except Exception as exc:  # pragma: no cover - openpyxl failing on its own workbook
        say(f"{display}: cannot annotate: {_one_line(exc)}")
        return None
    finally:
        _close(workbook)
    if missed:
        say(f"{display}: {missed} mark(s) point at a sheet or cell the workbook does not have")
    return buffer.getvalue()


def _close(workbook: Any) -> None:
    """Close a workbook and, for a macro workbook, the copy of its macros openpyxl keeps
    (left to the garbage collector, that archive may be closed after its buffer and
    print an ignored exception at exit)."""
    archive = getattr(workbook, "vba_archive", None)
    if archive is not None:
        archive.close()
    workbook.close()


def _mark(workbook: Any, spots: dict[Spot, list[Violation]], lang: str) -> int:
    """Fill and comment every spot; the number of spots the workbook does not have."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import PatternFill
    from openpyxl.utils.cell import coordinate_from_string
    from openpyxl.worksheet.worksheet import Worksheet

    missed = 0
    for (sheet_name, coordinate), violations in spots.items():
        sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else None
        if not isinstance(sheet, Worksheet):
            missed += 1
            continue
        try:
            coordinate_from_string(coordinate)
        except ValueError:
            missed += 1
            continue
        cell = sheet[coordinate]
        if isinstance(cell, MergedCell):  # the merged range's top-left cell holds it all
            cell = _merged_anchor(sheet, coordinate)
        worst = max((v.severity for v in violations), key=lambda s: s.rank)
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        cell.comment = _comment(cell.comment, violations, lang)
    return missed


def _merged_anchor(sheet: Any, coordinate: str) -> Any:
    for merged in sheet.merged_cells.ranges:
        if coordinate in merged:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet[coordinate]  # pragma: no cover - a MergedCell is always in a range


def comment_text(violations: Sequence[Violation], lang: str = "zh") -> str:
    """One line a violation: ``PRC001（错误）定向采购项目预算……`` (``PRC001 (error) …``)."""
    words = LABELS["en" if lang == "en" else "zh"]
    lines = []
    for violation in sorted(violations, key=lambda v: (-v.severity.rank, v.code, v.subject)):
        severity = words[violation.severity.value]
        if lang == "en":
            lines.append(f"{violation.code} ({severity}) {violation.message}")
        else:
            lines.append(f"{violation.code}（{severity}）{violation.message}")
    return "\n".join(dict.fromkeys(lines))


def _comment(existing: Any, violations: Sequence[Violation], lang: str) -> Any:
    from openpyxl.comments import Comment

    from rectikit.reporters.xlsx import display_width

    text = comment_text(violations, lang)
    if existing is not None and existing.text:
        text = f"{existing.text.rstrip()}\n\n{AUTHOR}:\n{text}"
    text = cell_text(text)
    lines = sum(
        max(1, math.ceil(display_width(line) / CHARS_PER_LINE)) for line in text.split("\n")
    )
    height = min(max(lines * LINE_HEIGHT + 12, 60), 600)
    return Comment(text, AUTHOR, height=height, width=COMMENT_WIDTH)


def _sign(workbook: Any, display: str) -> None:
    """Mark the copy as rectikit's (:func:`written_by_rectikit`)."""
    from openpyxl.packaging.custom import StringProperty

    properties = workbook.custom_doc_props
    if PROPERTY in properties.names:
        del properties[PROPERTY]
    properties.append(StringProperty(name=PROPERTY, value=display))


def _protect(workbook: Any) -> None:
    """Quote-prefix the formula-like text cells of every worksheet."""
    for sheet in workbook.worksheets:
        # the cells that exist (iter_rows would create every empty one in the range)
        for cell in list(getattr(sheet, "_cells", {}).values()):
            protect_cell(cell)


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text and text[0] else type(exc).__name__
