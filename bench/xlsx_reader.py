"""Reader-only XLSX throughput: rows per second of ``read_xlsx``, nothing else.

Usage::

    python bench/xlsx_reader.py                      # the 100k-row procurement workbook
    python bench/xlsx_reader.py --rows 20000 --repeat 5
    python bench/xlsx_reader.py PATH.xlsx --exact --openpyxl

Times ``for table in read_xlsx(path): for row in table.rows: pass`` in this process and
prints the best of ``--repeat`` runs (wall and CPU time). ``--exact`` also times the exact
(expat) path alone, ``--openpyxl`` openpyxl's read-only mode converting values as the
reader did before (the figure to compare with). Without a path, the workbook of
``bench/generate.py --procurement ROWS --xlsx`` is generated once under
``$TMPDIR/rectikit-bench/xlsx-reader-ROWS`` and reused while the generator is unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)


def workbook(rows: int) -> Path:
    """The generated procurement workbook with ``rows`` rows (made once)."""
    folder = Path(tempfile.gettempdir()) / "rectikit-bench" / f"xlsx-reader-{rows}"
    path = folder / generate.PROCUREMENT_XLSX
    stamp = folder / ".generator.sha256"
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()
    if not (path.is_file() and stamp.is_file() and stamp.read_text() == digest):
        folder.mkdir(parents=True, exist_ok=True)
        print(f"generating {rows:,} rows into {folder} ...", flush=True)
        generate.write_procurement_xlsx(path, rows, generate.DEFAULT_SEED)
        stamp.write_text(digest)
    return path


def read_rectikit(path: Path) -> int:
    from rectikit.readers.formats import read_xlsx

    rows = 0
    for table in read_xlsx(path, path.name):
        for _ in table.rows:
            rows += 1
    return rows


def read_exact(path: Path) -> int:
    from rectikit.readers.formats.xlsx_cells import CellValues
    from rectikit.readers.formats.xlsx_package import Package
    from rectikit.readers.formats.xlsx_sheet import iter_sheet_rows

    rows = 0
    with Package(path) as package:
        cells = CellValues(
            package.shared_strings, package.date_styles, package.timedelta_styles, package.epoch
        )
        for ref in package.sheets:
            source = iter_sheet_rows(
                lambda part=ref.part: package.open_part(part),
                cells,
                title=ref.title,
                max_rows=package.limits.max_rows,
                fast=False,
            )
            for _ in source:
                rows += 1
    return rows - 1  # the header row, as read_xlsx counts


def read_openpyxl(path: Path) -> int:
    import openpyxl

    from rectikit.readers.formats.xlsx_cells import cell_value

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = 0
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            for values in sheet.iter_rows(values_only=True):
                [cell_value(value) for value in values]
                rows += 1
    finally:
        book.close()
    return rows - 1


def timed(label: str, read: Callable[[Path], int], path: Path, repeat: int) -> None:
    best_wall = best_cpu = float("inf")
    rows = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        rows = read(path)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(
        f"{label:<28} {rows:>10,} rows  {best_wall:6.2f} s  {rows / best_wall:>9,.0f} rows/s"
        f"   (CPU {best_cpu:.2f} s, {rows / best_cpu:,.0f} rows/s; best of {repeat})",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="an .xlsx file (default: generated)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each reader")
    parser.add_argument("--exact", action="store_true", help="also time the exact path alone")
    parser.add_argument("--openpyxl", action="store_true", help="also time openpyxl read-only")
    args = parser.parse_args(argv)
    path = args.path or workbook(args.rows)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
    timed("rectikit read_xlsx", read_rectikit, path, args.repeat)
    if args.exact:
        timed("rectikit exact path only", read_exact, path, args.repeat)
    if args.openpyxl:
        timed("openpyxl read-only", read_openpyxl, path, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
