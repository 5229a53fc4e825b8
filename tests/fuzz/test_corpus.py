"""The regression corpus: every malformed dataset in ``tests/fuzz/corpus`` through the
library and the CLI, with the outcome recorded in ``corpus/expected.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzz_support import assert_handles, assert_ledger_handled, run_cli

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def test_every_case_has_an_expectation() -> None:
    assert CASES and set(CASES) == set(EXPECTED)


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case: str) -> None:
    folder = CORPUS / case
    result = assert_handles(folder)
    for ledger in [*folder.glob("*.toml"), *folder.glob("*.xlsx")]:
        if ledger.stem in ("ledger", "整改台账"):
            assert_ledger_handled(ledger)
    expected = EXPECTED[case]
    code, out, err = run_cli(folder)
    assert code == expected["exit"], err
    if code == 2:
        assert result is None and err.startswith("rectikit: error: ")
        return
    report = json.loads(out)
    assert report["summary"]["records"] == expected["records"]
    assert sorted({d["code"] for d in report["data_errors"]}) == expected["data_errors"]
