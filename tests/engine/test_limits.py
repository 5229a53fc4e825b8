"""``--max-errors N``: at most N data problems listed, the most severe first; the rest
counted (``summary.data_errors_unlisted``, a warning) and still setting the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import cli_no_traceback

import rectikit
from rectikit.engine.config import ConfigError

AS_OF = "2023-12-31"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """30 talks with a bad date (DAT003, error) and a note file (DAT005, info)."""
    folder = tmp_path / "data"
    folder.mkdir()
    rows = "".join(f"2023-02-{30 + n % 2},领导{n},干部{n},个别谈话\n" for n in range(30))
    (folder / "廉政谈话记录.csv").write_text("日期,谈话人,谈话对象,形式\n" + rows, "utf-8")
    (folder / "a_note.txt").write_text("备忘", "utf-8")
    return folder


def run(data: Path, *options: str) -> tuple[int, dict, str]:
    code, out, err = cli_no_traceback(
        "check", str(data), "--as-of", AS_OF, "--format", "json", *options
    )
    return code, json.loads(out) if out else {}, err


def test_without_a_cap_everything_is_listed(data: Path) -> None:
    code, report, err = run(data)
    assert code == 1 and len(report["data_errors"]) == 31
    assert "data_errors_unlisted" not in report["summary"] and "not listed" not in err


def test_the_most_severe_are_listed_the_rest_counted(data: Path) -> None:
    code, report, err = run(data, "--max-errors", "5")
    assert code == 1
    listed = report["data_errors"]
    assert len(listed) == 5 and {d["code"] for d in listed} == {"DAT003"}
    assert [d["location"]["row"] for d in listed] == [2, 3, 4, 5, 6]  # in report order
    assert report["summary"]["data_errors"] == 5
    assert report["summary"]["data_errors_unlisted"] == 26
    assert "rectikit: warning: 26 more data problems not listed (--max-errors 5); 31 in all" in err


def test_none_listed_still_fails(data: Path) -> None:
    code, report, _ = run(data, "--max-errors", "0")
    assert code == 1 and report["data_errors"] == []
    assert report["summary"]["data_errors_unlisted"] == 31
    # an info-only problem left unlisted does not fail
    (data / "廉政谈话记录.csv").unlink()
    code, report, _ = run(data, "--max-errors", "0")
    assert code == 0 and report["summary"]["data_errors_unlisted"] == 1


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_bad_values_are_usage_errors(data: Path, value: str) -> None:
    code, _, err = run(data, "--max-errors", value)
    assert code == 2 and err.count("\n") == 1 and "--max-errors" in err


def test_library(data: Path) -> None:
    result = rectikit.check(data, as_of=AS_OF, max_errors=3)
    assert len(result.data_errors) == 3 and len(result.unlisted) == 28
    assert result.fails("error") and result.summary()["data_errors_unlisted"] == 28
    with pytest.raises(ConfigError, match="max_errors"):
        rectikit.check(data, as_of=AS_OF, max_errors=-2)
