"""Fuzzing whole datasets of tables: missing, extra, duplicated and reordered columns;
empty and header-only files; BOMs, mixed encodings, NUL bytes, very long cells; CSV,
TSV, JSON, TOML and XLSX. Every dataset gives records and DAT diagnostics, or a
one-line error with exit code 2 (see ``fuzz_support.assert_handles``), and every report
format renders what was found."""

from __future__ import annotations

from pathlib import Path

from fuzz_support import REGISTRY, assert_handles, fuzz_settings, table_files, write_files
from hypothesis import given
from hypothesis import strategies as st

import rectikit

FORMATS = ("text", "console", "markdown", "html", "sarif", "junit", "xlsx")


@fuzz_settings(60)
@given(files=table_files(), fmt=st.sampled_from(FORMATS))
def test_any_table_dataset_is_handled(scratch: Path, files: dict[str, bytes], fmt: str) -> None:
    result = assert_handles(write_files(scratch / "data", files))
    assert result is not None  # no config in these folders
    report = rectikit.report(result, fmt, registry=REGISTRY)
    assert report if fmt == "xlsx" else isinstance(report, str)
