"""``rectikit check --annotate DIR``: copies of the input workbooks with the offending
cells highlighted and the message as a cell comment. The inputs are never changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation


def annotate_inputs(
    result: CheckResult, paths: Sequence[Path], out_dir: Path, *, lang: str = "zh"
) -> list[Path]:
    """Write an annotated copy of every input ``.xlsx`` with violations; their paths."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from rectikit.readers.dataset import iter_dataset_files

    by_file: dict[str, list[Violation]] = defaultdict(list)
    for violation in result.all:
        if violation.location.sheet and violation.location.cell:
            by_file[violation.location.file].append(violation)
    written = []
    fill = PatternFill("solid", fgColor="FFF2B8B5")
    for path, display in iter_dataset_files(paths, [], ()):
        found = by_file.get(display)
        if not found or path.suffix.lower() != ".xlsx":
            continue
        workbook = load_workbook(path)
        for violation in found:
            sheet = workbook[violation.location.sheet]
            cell = sheet[violation.location.cell]
            cell.fill = fill
            text = f"{violation.code} {violation.message}"
            if cell.comment is not None:
                text = cell.comment.text + "\n" + text
            cell.comment = Comment(text, "rectikit")
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{path.stem}.annotated.xlsx"
        workbook.save(target)
        written.append(target)
    return written
