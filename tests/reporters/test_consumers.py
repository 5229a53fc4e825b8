"""Each report format read back by a real consumer of that format.

* SARIF: validated against the official SARIF 2.1.0 JSON schema (``jsonschema``); the
  schema file comes from ``RECTIKIT_SARIF_SCHEMA`` (``.ci/run`` fetches it from the npm
  registry).
* JUnit: parsed as XML by the standard library, as CI servers do.
* Markdown: rendered to HTML by markdown-it-py (CommonMark with GFM tables).
* JSON: parsed, and the run manifest's digests checked against the files.

The XLSX and HTML consumers (openpyxl, headless Chromium) are in their own modules. Where
a consumer is missing the test is skipped, unless ``RECTIKIT_REQUIRE_CONSUMERS=1`` (set in
CI) makes it fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import cli_no_traceback

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"
AS_OF = "2023-12-31"


def _missing(what: str) -> None:
    if os.environ.get("RECTIKIT_REQUIRE_CONSUMERS") == "1":
        pytest.fail(f"{what} is required here (RECTIKIT_REQUIRE_CONSUMERS=1)")
    pytest.skip(f"{what} is not available")


def _report(tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    code, _, err = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", AS_OF, "--format", fmt, "-o", str(out), *extra
    )
    assert code == 1, err
    return out


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A JSON report of the example two months earlier, to compare with."""
    out = tmp_path / "previous.json"
    code, _, err = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-10-31", "--format", "json", "-o", str(out)
    )
    assert code == 1, err
    return out


def test_sarif_is_valid_against_the_schema(tmp_path: Path, previous: Path) -> None:
    schema_path = os.environ.get("RECTIKIT_SARIF_SCHEMA")
    if not schema_path or not Path(schema_path).is_file():
        _missing("the SARIF 2.1.0 schema (RECTIKIT_SARIF_SCHEMA)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    for extra in ((), ("--compare", str(previous), "--redact")):
        log = json.loads(_report(tmp_path, "sarif", *extra).read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(log)
        run = log["runs"][0]
        assert run["artifacts"] and all("sha-256" in a["hashes"] for a in run["artifacts"])
        assert {e["name"] for e in run["tool"]["extensions"]} >= {"procurement.toml"}
        assert all(
            r.get("help", {}).get("text")
            for r in run["tool"]["driver"]["rules"]
            if not r["id"].startswith(("DAT", "CFG"))
        )
    states = {r.get("baselineState") for r in run["results"]}
    assert {"new", "unchanged", "absent"} <= states


def test_junit_parses_as_xml(tmp_path: Path) -> None:
    root = ET.parse(_report(tmp_path, "junit")).getroot()
    assert root.tag == "testsuites"
    failures = root.findall(".//failure")
    assert int(root.get("failures", "0")) == len(failures) > 0
    assert all(f.get("message") for f in failures)


def test_markdown_renders_with_tables(tmp_path: Path, previous: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    text = _report(tmp_path, "markdown", "--compare", str(previous)).read_text(encoding="utf-8")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") >= 2
    assert "<h1>" in html and "PRC001" in html
    assert "持续" in html and "已解决" in html  # the run-to-run status is shown


def test_json_manifest_digests_match_the_files(tmp_path: Path) -> None:
    report = json.loads(_report(tmp_path, "json").read_text(encoding="utf-8"))
    manifest = report["manifest"]
    assert manifest["as_of"] == AS_OF and manifest["since"] == "2023-01-01"
    assert manifest["config"]["file"] == "rectikit.toml"
    config_bytes = (EXAMPLE / "rectikit.toml").read_bytes()
    assert manifest["config"]["sha256"] == hashlib.sha256(config_bytes).hexdigest()
    inputs = {item["file"]: item for item in manifest["inputs"]}
    assert "README.md" not in inputs  # excluded by the config: not data
    for name, item in inputs.items():
        data = (EXAMPLE / name).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert item["bytes"] == len(data)
    assert inputs["采购台账.xlsx"]["kind"] == "procurement"
    packs = {p["pack"]: p["version"] for p in manifest["rule_packs"]}
    assert packs["procurement.toml"] == "1.0"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "sarif", "junit", "xlsx"])
def test_every_format_from_the_library(fmt: str) -> None:
    import io

    import openpyxl

    import rectikit

    result = rectikit.check(EXAMPLE, as_of=AS_OF)
    out = rectikit.report(result, fmt, lang="en")
    if fmt == "xlsx":
        assert isinstance(out, bytes)
        assert openpyxl.load_workbook(io.BytesIO(out)).sheetnames
    else:
        assert isinstance(out, str) and "PRC001" in out
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out.split("?>", 1)[1])


def test_unknown_format_from_the_library() -> None:
    import rectikit

    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        rectikit.report(rectikit.check(EXAMPLE, as_of=AS_OF), "pdf")
