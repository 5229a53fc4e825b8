"""The HTML reports rendered in headless Chromium (Debian's ``chromium``): a real,
non-blank render with the charts drawn, and the filter script run.

Skipped where no ``chromium`` is on ``PATH``, unless ``RECTIKIT_REQUIRE_BROWSER=1``
(set by ``.ci/run``), which makes a missing browser a failure.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from browser_check import (
    WINDOW,
    check_page,
    decode_png,
    dom_problems,
    dump_dom,
    find_chromium,
    render_problems,
)
from support import cli_no_traceback

from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.html import HtmlReporter

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("RECTIKIT_REQUIRE_BROWSER") == "1":
            pytest.fail("RECTIKIT_REQUIRE_BROWSER=1 but no chromium on PATH")
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's check report and its ledger's report, written by the CLI."""
    folder = tmp_path_factory.mktemp("pages")
    check = folder / "check.html"
    code, _, err = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "--format", "html", "-o", str(check)
    )
    assert code == 1, err
    ledger = folder / "ledger.html"
    code, _, err = cli_no_traceback(
        "ledger", "report", str(EXAMPLE / "ledger.toml"), "--format", "html", "-o", str(ledger)
    )
    assert code == 0, err
    return {"check": check, "ledger": ledger}


@pytest.mark.parametrize("kind", ["check", "ledger"])
def test_report_renders_in_chromium(
    browser: str, pages: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    assert check_page(browser, pages[kind], kind, tmp_path) == []
    assert (tmp_path / f"{pages[kind].stem}.png").stat().st_size > 10_000


def test_filters_preset_from_the_fragment(browser: str, pages: dict[str, Path]) -> None:
    dom = dump_dom(browser, pages["check"], "severity=info")
    rows = re.findall(r"<tr data-severity=\"(\w+)\"[^>]*>", dom)
    shown = re.findall(r"<tr data-severity=\"(\w+)\"(?![^>]*hidden)[^>]*>", dom)
    assert len(rows) > len(shown) > 0 and set(shown) == {"info"}
    assert f'data-shown="{len(shown)}"' in dom
    assert f'<span id="shown-count">{len(shown)}</span>' in dom
    dom = dump_dom(browser, pages["check"], "rule=PRC&q=CG2023-013")
    shown = re.findall(r"<tr [^>]*data-code=\"(\w+)\"(?![^>]*hidden)[^>]*>", dom)
    assert shown == ["PRC002"]


def test_hostile_text_stays_text_in_the_browser(browser: str, tmp_path: Path) -> None:
    violation = Violation(
        code="PRC001",
        name="directed-over-limit",
        severity=Severity.ERROR,
        kind="procurement",
        subject=HOSTILE,
        message=f"项目“{HOSTILE}”超限额",
        location=Location("采购台账.csv", 2, "budget"),
        details={"unit": f'<img src=x onerror="document.title=1">{HOSTILE}'},
    )
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=1,
        violations=(violation,),
        data_errors=(),
        titles={"PRC001": HOSTILE},
    )
    page = tmp_path / "hostile.html"
    page.write_bytes(HtmlReporter().to_bytes(result))
    dom = dump_dom(browser, page)
    assert dom.count("<script") == 1 and "<img" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert re.search(r'<html [^>]*data-filter="ready"', dom)


def png(width: int, height: int, pixel: bytes, filters: bytes = b"\0") -> bytes:
    """A PNG of one colour (RGB), each row with the filter types given in turn."""
    raw = b"".join(
        filters[y % len(filters) : y % len(filters) + 1] + pixel * width for y in range(height)
    )
    # with Sub/Up/Average/Paeth a constant image stores differences: make them so
    rows, previous = [], bytes(3 * width)
    for y in range(height):
        kind = raw[y * (3 * width + 1)]
        line = bytearray(pixel * width)
        out = bytearray(len(line))
        for i in range(len(line)):
            left = line[i - 3] if i >= 3 else 0
            up = previous[i]
            corner = previous[i - 3] if i >= 3 else 0
            predictor = {0: 0, 1: left, 2: up, 3: (left + up) >> 1}.get(kind)
            if predictor is None:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
            out[i] = (line[i] - predictor) & 0xFF
        rows.append(bytes([kind]) + bytes(out))
        previous = bytes(line)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def test_png_decoding_and_blank_page_detection() -> None:
    """No browser needed: the checks catch a blank render and a page whose script
    did not run."""
    image = decode_png(png(4, 5, b"\x10\x20\x30", filters=b"\0\1\2\3\4"))
    assert (image.width, image.height, image.channels) == (4, 5, 3)
    assert set(image.pixels()) == {(0x10, 0x20, 0x30)}
    blank = decode_png(png(WINDOW[0], 20, b"\xff\xff\xff"))
    problems = render_problems(blank, "check")
    assert any("not" in p and str(WINDOW) in p for p in problems)
    assert any("blank page" in p for p in problems)
    assert any("chart colour error" in p for p in problems)
    with pytest.raises(ValueError, match="not a PNG"):
        decode_png(b"GIF89a")
    empty_dom = "<html><head></head><body></body></html>"
    assert len(dom_problems(empty_dom, "check")) >= 3
    assert len(dom_problems(empty_dom, "ledger")) == 2
