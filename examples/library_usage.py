"""Using rectikit from Python instead of the command line.

Run it from anywhere (the dataset path is resolved next to this script):

    .venv/bin/python examples/library_usage.py

It checks the example dataset in ``city-committee/``, prints the violations grouped by
rule code, the data errors, and then reads the raw records without running any rule.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import rectikit

# The dataset folder sits next to this script; its rectikit.toml (thresholds, the
# [files] mapping) is found automatically, as on the command line.
DATASET = Path(__file__).resolve().parent / "city-committee"


def main() -> None:
    # 1. Run every rule. as_of / since accept a date or any DATA.md notation
    #    ("2023-12-31", "2023年12月31日"); since defaults to 1 January of as_of's year.
    result = rectikit.check(DATASET, as_of="2023-12-31")
    print(f"{result.records} records read, window {result.since} .. {result.as_of}")
    print(f"{len(result.violations)} violations by severity: {result.by_severity()}")

    # 2. Violations, grouped by rule code. Each is a rectikit.Violation: code, name,
    #    severity, subject (the record id, or a composite key such as
    #    "leader|staff|2023"), message (zh by default; pass lang="en"), location
    #    (file, row, column, and sheet/cell for workbooks) and details (the values
    #    behind the message, as strings).
    by_code: dict[str, list[rectikit.Violation]] = defaultdict(list)
    for violation in result.violations:
        by_code[violation.code].append(violation)
    for code in sorted(by_code):
        first = by_code[code][0]
        print(f"\n{code} {first.name} ({len(by_code[code])})")
        for violation in by_code[code]:
            print(f"  [{violation.severity.value}] {violation.subject}: {violation.message}")
            print(f"      at {violation.location}")

    # 3. Data errors (DAT*) are kept apart from rule violations: a cell that does not
    #    parse, a duplicate id, an unreadable file. The record with a bad cell is still
    #    checked by the rules that do not need that field.
    print(f"\ndata errors: {len(result.data_errors)}")
    for error in result.data_errors:
        loc = error.location
        print(f"  {error.code} {loc.file} row {loc.row} column {loc.column}: {error.message}")

    # Rules that could not run (a kind they read has no file) are listed with a reason.
    for code, reason in result.not_run.items():
        print(f"  not run: {code}: {reason}")

    # Exit-code logic of the CLI, if a script needs it.
    print(f"\nwould fail with --fail-on error: {result.fails('error')}")

    # Any report format of the CLI, as text (bytes for xlsx): here the run compared with
    # itself two months earlier, names masked, as an HTML page and a workbook.
    earlier = rectikit.report(rectikit.check(DATASET, as_of="2023-10-31"), "json")
    with tempfile.TemporaryDirectory() as folder:
        previous = Path(folder) / "2023-10.json"
        previous.write_text(earlier, encoding="utf-8")
        compared = rectikit.check(DATASET, as_of="2023-12-31", compare=previous, redact=True)
        html = rectikit.report(compared, "html")
        workbook = rectikit.report(compared, "xlsx")
    print(
        f"delta: {compared.delta.counts()}; HTML {len(html):,} chars, XLSX {len(workbook):,} bytes"
    )

    # 4. Reading records without running rules: load_dataset yields (kind, record)
    #    pairs. Records are typed: amounts are Decimal, dates are datetime.date,
    #    enums are canonical ("self", "directed"). Unknown columns are in record.extra.
    total = Decimal(0)
    by_unit: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for kind, record in rectikit.load_dataset(DATASET):
        counts[kind] += 1
        if kind == "procurement":
            total += record.budget
            by_unit[record.unit or "-"] += record.budget
    print(f"\nrecords by kind: {dict(sorted(counts.items()))}")
    print(f"total procurement budget: {total:,.2f} yuan ({type(total).__name__})")
    for unit, amount in sorted(by_unit.items(), key=lambda item: -item[1]):
        print(f"  {unit}: {amount:,.2f}")


if __name__ == "__main__":
    main()
