"""Render rectikit's HTML reports in headless Chromium and check what comes out.

Both a module (``tests/browser/test_browser.py`` imports it) and a script (``.ci/run``
runs it on the reports the CLI wrote)::

    python tests/browser/browser_check.py --out DIR check.html:check ledger.html:ledger

For each page it takes a screenshot (1280×2000) and dumps the DOM after the page's
scripts ran, then checks:

* the screenshot is a real render: a PNG of the window's size, decoded here (zlib and
  the PNG row filters, no imaging library), with enough distinct colours and enough
  non-white pixels, and the charts' bar colours present as solid areas;
* the DOM: the charts' ``<svg>`` elements and bars are there, and for a check report
  the filter script has run (``<html data-filter="ready">``) and the table is wired
  (``data-shown`` set on it).

Chromium runs with the network mapped to nowhere, so a page that needed anything from
outside would show it. The browser is ``chromium`` on ``PATH`` (Debian's package), or
the program named by ``RECTIKIT_CHROMIUM``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

#: The window the screenshots are taken in.
WINDOW = (1280, 2000)
#: Fills that must show as solid areas in a page's screenshot, by page kind: the
#: severity colours of a check report's charts, the status colours of a ledger report's.
CHART_COLOURS = {
    "check": {"error": (0xD9, 0x2D, 0x20), "warning": (0xF7, 0x90, 0x09)},
    "ledger": {"completed": (0x12, 0xB7, 0x6A), "effective": (0x2E, 0x90, 0xFA)},
}
#: The screenshot checks look at every SAMPLE-th pixel of every SAMPLE-th row.
SAMPLE = 2
#: Sampled pixels a chart colour must cover to count as drawn.
MIN_CHART_PIXELS = 100
#: A page is not blank when it has this many distinct colours …
MIN_COLOURS = 32
#: … and this share of pixels that are not (near) white.
MIN_INK = 0.02

_TIMEOUT = 120


class BrowserError(RuntimeError):
    """Chromium is missing or failed to render a page."""


def find_chromium() -> str | None:
    """The browser to run: ``RECTIKIT_CHROMIUM``, else ``chromium`` on ``PATH``."""
    named = os.environ.get("RECTIKIT_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return shutil.which("chromium")


def _run(
    browser: str, page: Path, *flags: str, fragment: str = ""
) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory(prefix="rectikit-chromium-") as profile:
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--no-first-run",
            "--mute-audio",
            f"--user-data-dir={profile}",
            # no network: anything a page fetched would fail (and show)
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            *flags,
            page.resolve().as_uri() + (f"#{quote(fragment, safe='=&')}" if fragment else ""),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BrowserError(f"{browser}: {exc}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace")[-2000:]
        raise BrowserError(f"{browser} exited {done.returncode} on {page}:\n{tail}")
    return done


def screenshot(browser: str, page: Path, png: Path) -> bytes:
    """Render ``page`` into ``png`` (the window's size) and return the PNG's bytes."""
    _run(browser, page, f"--screenshot={png}")
    if not png.is_file():
        raise BrowserError(f"{browser} wrote no screenshot for {page}")
    return png.read_bytes()


def dump_dom(browser: str, page: Path, fragment: str = "") -> str:
    """The DOM of ``page`` (opened with ``#fragment`` when given) after its scripts ran,
    serialized."""
    done = _run(browser, page, "--dump-dom", fragment=fragment)
    return done.stdout.decode("utf-8", "replace")


# -- PNG decoding (8-bit RGB/RGBA, grey, grey+alpha; no interlace) ---------------------

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


@dataclass(frozen=True)
class Image:
    """A decoded image: ``rows`` hold ``width * channels`` bytes each."""

    width: int
    height: int
    channels: int
    rows: tuple[bytes, ...]

    def pixels(self, step: int = 1) -> list[tuple[int, int, int]]:
        """The RGB of every ``step``-th pixel of every ``step``-th row (alpha dropped,
        grey spread)."""
        out = []
        c = self.channels
        for row in self.rows[::step]:
            for x in range(0, self.width * c, c * step):
                if c >= 3:
                    out.append((row[x], row[x + 1], row[x + 2]))
                else:
                    out.append((row[x], row[x], row[x]))
        return out


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _add_bytes(a: bytes, b: bytes) -> bytes:
    """``a + b`` byte by byte, modulo 256, at once: seven low bits added in place, the
    high bit by exclusive or, so no carry crosses into the next byte."""
    n = len(a)
    low, high = int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big")
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(n, "big")


def _unfilter(kind: int, line: bytearray, previous: bytes, bpp: int) -> bytes:
    if kind == 0:
        return bytes(line)
    if kind == 2:
        return _add_bytes(bytes(line), previous)
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
        elif kind == 4:
            corner = previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter type {kind}")
    return bytes(line)


def decode_png(data: bytes) -> Image:
    """Decode a PNG of 8-bit samples (what Chromium writes); ``ValueError`` otherwise."""
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(_SIGNATURE)
    header = b""
    idat = []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"PNG chunk {kind!r}: bad CRC")
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if len(header) != 13:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour {colour}, interlace)")
    channels = _CHANNELS[colour]
    stride = width * channels
    raw = zlib.decompress(b"".join(idat))
    if len(raw) != height * (stride + 1):
        raise ValueError("PNG data does not match its size")
    rows = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        rows.append(line)
        previous = line
    return Image(width, height, channels, tuple(rows))


# -- the checks -------------------------------------------------------------------------


def render_problems(image: Image, kind: str) -> list[str]:
    """What makes ``image`` not a real render of a ``kind`` page (``check``/``ledger``)."""
    problems = []
    if (image.width, image.height) != WINDOW:
        problems.append(f"screenshot is {image.width}×{image.height}, not {WINDOW}")
    pixels = image.pixels(SAMPLE)
    colours = set(pixels)
    if len(colours) < MIN_COLOURS:
        problems.append(f"only {len(colours)} distinct colours: a blank page?")
    ink = sum(1 for r, g, b in pixels if min(r, g, b) < 235) / max(len(pixels), 1)
    if ink < MIN_INK:
        problems.append(f"only {ink:.1%} of the pixels are not white: a blank page?")
    counts: dict[tuple[int, int, int], int] = {}
    wanted = CHART_COLOURS.get(kind, {})
    targets = set(wanted.values())
    for pixel in pixels:
        if pixel in targets:
            counts[pixel] = counts.get(pixel, 0) + 1
    for name, rgb in wanted.items():
        if counts.get(rgb, 0) < MIN_CHART_PIXELS:
            problems.append(
                f"chart colour {name} #{bytes(rgb).hex()} covers {counts.get(rgb, 0)} px"
            )
    return problems


def dom_problems(dom: str, kind: str) -> list[str]:
    """What is missing from the DOM of a ``kind`` page after its scripts ran."""
    problems = []
    svgs = len(re.findall(r"<svg\b", dom))
    bars = len(re.findall(r'<g class="bar\b', dom))
    if svgs < 2:
        problems.append(f"{svgs} <svg> charts in the DOM (expected at least 2)")
    if bars < 4:
        problems.append(f"{bars} chart bars in the DOM")
    if kind == "check":
        html_tag = re.search(r"<html\b[^>]*>", dom)
        if not html_tag or 'data-filter="ready"' not in html_tag.group(0):
            problems.append('the filter script did not run (no <html data-filter="ready">)')
        if not re.search(r'<table id="violations-table"[^>]*\bdata-shown="\d+"', dom):
            problems.append("the violations table was not wired to the filters (no data-shown)")
        if re.search(r'<form id="filters"[^>]*\bhidden\b', dom):
            problems.append("the filter form is still hidden")
    return problems


def check_page(browser: str, page: Path, kind: str, out: Path) -> list[str]:
    """Screenshot and DOM checks of one page; the screenshot is kept in ``out``."""
    png = out / f"{page.stem}.png"
    problems = [
        f"screenshot: {p}"
        for p in render_problems(decode_png(screenshot(browser, page, png)), kind)
    ]
    problems += [f"DOM: {p}" for p in dom_problems(dump_dom(browser, page), kind)]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages", nargs="+", help="PAGE.html:KIND, KIND check (a check report) or ledger"
    )
    parser.add_argument("--out", type=Path, help="folder for the screenshots (default: a temp dir)")
    args = parser.parse_args(argv)
    browser = find_chromium()
    if browser is None:
        print("chromium not found (install Debian's chromium package)", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="rectikit-screens-"))
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for item in args.pages:
        path, _, kind = item.rpartition(":")
        if not path or kind not in CHART_COLOURS:
            path, kind = item, "check"
        try:
            problems = check_page(browser, Path(path), kind, out)
        except (BrowserError, ValueError) as exc:
            problems = [str(exc)]
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
        if not problems:
            print(f"{path}: rendered in {Path(browser).name}, {kind} checks passed ({out})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
