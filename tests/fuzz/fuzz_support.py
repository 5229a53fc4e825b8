"""What the fuzz tests share: the example budget, the strategies and the property.

The property (issue 7): whatever the files of a dataset hold, rectikit answers with
records plus ``DAT`` diagnostics, or with a one-line error and exit code 2 — never a
traceback, never a hang. :func:`assert_handles` runs a dataset folder through the
library (:func:`rectikit.check`) and the command line (``rectikit check --format
json``, with ``RECTIKIT_DEBUG=1`` so that an internal error surfaces as the exception
it is) and checks both answers.

How many examples each test draws: a few dozen by default (the suite stays fast in CI);
``RECTIKIT_FUZZ=long`` draws :data:`LONG_EXAMPLES` (minutes), and
``RECTIKIT_FUZZ_EXAMPLES=N`` any number::

    RECTIKIT_FUZZ=long python -m pytest tests/fuzz -p no:cacheprovider
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import string
import threading
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import rectikit
from rectikit.cli import main
from rectikit.engine.config import ConfigError
from rectikit.engine.result import CheckResult
from rectikit.model.schema import FieldSpec, KindSchema
from rectikit.plugins import Registry, build_registry
from rectikit.reporters.safe import cell_text

#: Examples per test in a long run (``RECTIKIT_FUZZ=long``).
LONG_EXAMPLES = 1500
#: Seconds one dataset may take before the run counts as hung.
HANG_SECONDS = 30
AS_OF = "2023-12-31"

REGISTRY: Registry = build_registry(builtins_only=True)
#: The tabular kinds (the ledger is a document kind, fuzzed apart).
TABLE_KINDS: dict[str, KindSchema] = {
    name: schema for name, schema in sorted(REGISTRY.kinds.items()) if schema.loader is None
}


def examples(default: int) -> int:
    """How many examples a test draws: ``default``, or more for a long run."""
    if os.environ.get("RECTIKIT_FUZZ_EXAMPLES"):
        return int(os.environ["RECTIKIT_FUZZ_EXAMPLES"])
    return LONG_EXAMPLES if os.environ.get("RECTIKIT_FUZZ") == "long" else default


def fuzz_settings(default: int) -> settings:
    """Hypothesis settings of a fuzz test drawing ``default`` examples in CI."""
    return settings(
        max_examples=examples(default),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


# -- the property ---------------------------------------------------------------------------


class Hang(AssertionError):
    """A run took longer than :data:`HANG_SECONDS`."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail with :class:`Hang` when the block runs past ``seconds`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_library(folder: Path) -> CheckResult | None:
    """``rectikit.check(folder)``: the result, or ``None`` for a configuration error
    (a bad ``rectikit.toml`` in the folder: one line, as the CLI's exit 2)."""
    try:
        with time_limit(HANG_SECONDS):
            return rectikit.check(folder, as_of=AS_OF, registry=REGISTRY)
    except ConfigError as exc:
        assert "\n" not in str(exc).strip(), f"config error on several lines: {exc!r}"
        return None


def run_cli(folder: Path, *extra: str) -> tuple[int, str, str]:
    """``rectikit check FOLDER --format json`` in-process, tracebacks not caught."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", str(folder), "--as-of", AS_OF, "--format", "json", *extra]
    with (
        mock.patch.dict(os.environ, {"RECTIKIT_DEBUG": "1"}),
        mock.patch("rectikit.cli.check.load_registry", lambda *a, **k: REGISTRY),
        time_limit(HANG_SECONDS),
    ):
        code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def assert_ledger_handled(path: Path) -> None:
    """``rectikit ledger status LEDGER``: a dashboard, or one line and exit code 2."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["ledger", "status", str(path), "--as-of", AS_OF, "--format", "json"]
    with mock.patch.dict(os.environ, {"RECTIKIT_DEBUG": "1"}), time_limit(HANG_SECONDS):
        code = main(argv, stdout=out, stderr=err)
    message = err.getvalue()
    if code == 2:
        assert message.startswith("rectikit: error: ") and message.count("\n") == 1, message
    else:
        assert code in (0, 1), (code, message)
        json.loads(out.getvalue())


def assert_diagnostics_sound(result: CheckResult, folder: Path) -> None:
    """Every data diagnostic names a file of the folder and reads as one short line."""
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for item in result.data_errors:
        assert item.code.startswith("DAT"), item
        assert item.location.file in names, (item.location.file, names)
        assert "\n" not in item.message and "\r" not in item.message, item.message
        assert len(item.message) <= 600, item.message[:200]


def assert_handles(folder: Path) -> CheckResult | None:
    """The property, through the library and the CLI; returns the library's result."""
    result = run_library(folder)
    if result is not None:
        assert_diagnostics_sound(result, folder)
    code, out, err = run_cli(folder)
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        lines = err.splitlines()
        errors = [line for line in lines if line.startswith("rectikit: error: ")]
        assert len(errors) == 1 and lines[-1] == errors[0], err
        assert result is None, f"the CLI refused what the library accepted: {err}"
    else:
        assert code in (0, 1), (code, err)
        report = json.loads(out)
        assert report["summary"]["records"] == (result.records if result else None)
        assert all(d["location"]["file"] for d in report["data_errors"])
    return result


# -- values ---------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_UPPER = "零壹贰叁肆伍陆柒捌玖"


def chinese_number(n: int, digits: str = _CN_DIGITS) -> str:
    """Chinese numerals for 0 <= n < 10**8 (一万二千零五)."""
    if n == 0:
        return digits[0]
    units = ("", "十", "百", "千") if digits == _CN_DIGITS else ("", "拾", "佰", "仟")

    def section(value: int) -> str:
        out, zero = "", False
        for power in (3, 2, 1, 0):
            q = value // 10**power % 10
            if q == 0:
                zero = bool(out)
                continue
            if zero:
                out += digits[0]
                zero = False
            out += digits[q] + units[power]
        return out

    high, low = divmod(n, 10000)
    text = section(high) + "万" if high else ""
    if low:
        text += (digits[0] if high and low < 1000 else "") + section(low)
    return text


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


#: Characters office values are written with: digits, units, Chinese numerals, date marks.
VALUE_ALPHABET = "0123456789.,-+eE万亿元千百十零一二三四五六七八九年月日号/:Q季度 \t"

garbage = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=string.printable, max_size=30),
    st.text(alphabet=VALUE_ALPHABET, max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            "\u3000",
            "\ufeff",
            "\u200b",
            "NaN",
            "inf",
            "-Infinity",
            "1e999999999",
            "9" * 5000,
            "0x1F",
            "１２３",
            "壹",
            "２万",
            "—",
            "N/A",
            "无",
            "\x00",
            '=HYPERLINK("http://x")',
            "@SUM(1)",
            "\r\n",
            '"',
            "'",
            "2023-02-30",
            "2023年13月1日",
            "0000-00-00",
            "9999-12-31",
            "2023Q5",
            "十万八千",
            "亿亿",
        ]
    ),
)


@st.composite
def amounts(draw: st.DrawFn) -> str:
    """An amount in one of the notations offices write."""
    yuan = draw(st.integers(min_value=0, max_value=10**9))
    fen = draw(st.integers(min_value=0, max_value=99))
    value = Decimal(yuan) + Decimal(fen) / 100
    style = draw(st.integers(min_value=0, max_value=9))
    if style == 0:
        return str(value)
    if style == 1:
        return f"¥{value:,.2f}"
    if style == 2:
        return f"{Decimal(yuan) / 10000:f}万元"
    if style == 3:
        return f"{Decimal(yuan) / 10**8:f}亿"
    if style == 4 and yuan < 10**8:
        return chinese_number(yuan) + "元"
    if style == 5 and yuan < 10**8:
        jiao = fen // 10
        return chinese_number(yuan, _CN_UPPER) + "元" + (f"{_CN_UPPER[jiao]}角" if jiao else "")
    if style == 6:
        return full_width(f"{value:,}")
    if style == 7:
        return f"人民币{value}元"
    if style == 8:
        return f"-{value}"
    return f"  {value:.2f}  "


@st.composite
def dates(draw: st.DrawFn) -> str | int:
    """A date in one of the notations offices write (an Excel serial number too)."""
    day = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
    style = draw(st.integers(min_value=0, max_value=8))
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.year}/{day.month}/{day.day}"
    if style == 2:
        return f"{day.year}.{day.month}.{day.day}"
    if style == 3:
        return f"{day.year}年{day.month}月{day.day}日"
    if style == 4:
        return day.strftime("%Y%m%d")
    if style == 5:
        return (day - date(1899, 12, 30)).days
    if style == 6:
        return f"{day.isoformat()} 10:30"
    if style == 7:
        return full_width(day.isoformat())
    return f"{day.year}年{day.month}月{day.day}号"


@st.composite
def integers(draw: st.DrawFn) -> str | int:
    n = draw(st.integers(min_value=0, max_value=99999))
    style = draw(st.integers(min_value=0, max_value=4))
    if style == 0:
        return str(n)
    if style == 1:
        return f"{n}家"
    if style == 2:
        return chinese_number(n) + "人"
    if style == 3:
        return n
    return full_width(str(n))


booleans = st.sampled_from(
    ["是", "否", "有", "无", "√", "×", "yes", "no", "Y", "N", "1", "0", "TRUE", "false", "已", "未"]
)


@st.composite
def quarters(draw: st.DrawFn) -> str:
    year = draw(st.integers(min_value=1990, max_value=2035))
    q = draw(st.integers(min_value=1, max_value=4))
    return draw(
        st.sampled_from(
            [f"{year}Q{q}", f"{year}-Q{q}", f"{year}年第{'一二三四'[q - 1]}季度", f"{year} q{q}"]
        )
    )


def enum_words(spec: FieldSpec) -> st.SearchStrategy[str]:
    words = [w for key, names in (spec.choices or {}).items() for w in (key, *names)]
    return st.sampled_from(words) if words else st.text(max_size=5)


long_cells = st.sampled_from(["长" * 40000, "x" * 70000, "a\nb\r\nc" * 500])

#: Values a JSON, TOML or XLSX cell may hold besides text.
native_cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2999, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
    st.lists(st.text(max_size=4), max_size=3),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "#DIV/0!", "#N/A"]),
)


def cell_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """A cell of the field's type in an office notation, or rubbish (one in four)."""
    valid: st.SearchStrategy[Any] = {
        "amount": amounts(),
        "date": dates(),
        "int": integers(),
        "bool": booleans,
        "quarter": quarters(),
        "enum": enum_words(spec),
    }.get(spec.type, st.text(max_size=20))
    return st.one_of(valid, valid, valid, garbage, st.just(None), long_cells, native_cells)


# -- tables and files -----------------------------------------------------------------------


@st.composite
def tables(draw: st.DrawFn) -> tuple[KindSchema, list[str], list[list[Any]]]:
    """A kind, its header cells and rows: columns missing, extra, duplicated, reordered;
    cells in office notations or rubbish; maybe no rows, maybe a title row on top."""
    schema = draw(st.sampled_from(list(TABLE_KINDS.values())))
    columns: list[tuple[str, FieldSpec | None]] = []
    for spec in schema.fields:
        if spec.required and draw(st.integers(0, 9)) == 0:
            continue  # a required column missing (DAT002)
        if not spec.required and draw(st.booleans()):
            continue
        header = draw(st.sampled_from([spec.name, *spec.aliases]))
        columns.append((header, spec))
        if draw(st.integers(0, 14)) == 0:
            columns.append((header, spec))  # duplicated
    for _ in range(draw(st.integers(0, 2))):
        columns.append((draw(st.text(min_size=0, max_size=8)), None))  # extra
    columns = draw(st.permutations(columns))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(cell_for(spec)) if spec is not None else draw(garbage) for _, spec in columns]
        if draw(st.integers(0, 5)) == 0:  # a short or long row
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(garbage, max_size=2))
        rows.append(row)
    headers = [header for header, _ in columns]
    if draw(st.integers(0, 6)) == 0:
        rows.insert(0, headers)
        headers = [f"{schema.title}（2023年）"]  # a title row above the header
    return schema, headers, rows


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


def csv_text(headers: list[str], rows: list[list[Any]], sep: str) -> str:
    import csv

    # csv before Python 3.11 will not write a NUL: it goes through as a stand-in (a
    # cell that held the stand-in itself would get a NUL: still a damaged file to fuzz)
    stand_in = "\U0010fffd"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow([h.replace("\x00", stand_in) for h in headers])
    for row in rows:
        writer.writerow([text_of(v).replace("\x00", stand_in) for v in row])
    return buffer.getvalue().replace(stand_in, "\x00")


ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "mixed", "latin-1")


def encode(text: str, encoding: str, draw: st.DrawFn) -> bytes:
    """``text`` in ``encoding`` (``mixed``: line by line UTF-8 or GB18030)."""
    if encoding == "mixed":
        lines = text.splitlines(keepends=True)
        return b"".join(
            line.encode("gb18030" if draw(st.booleans()) else "utf-8", "replace") for line in lines
        )
    return text.encode(encoding, "replace")


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data``, perhaps with NUL bytes, a stray BOM, flipped bytes or cut short."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.integers(0, 5))
        at = draw(st.integers(0, len(data)))
        if how == 0:
            data[at:at] = b"\x00" * draw(st.integers(1, 3))
        elif how == 1:
            data[at:at] = b"\xef\xbb\xbf"
        elif how == 2 and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif how == 3:
            del data[at:]
        elif how == 4:
            data[at:at] = draw(st.binary(max_size=8))
    return bytes(data)


def file_name(schema: KindSchema, suffix: str, draw: st.DrawFn) -> str:
    return draw(st.sampled_from(schema.names)) + suffix


def json_value(value: Any) -> Any:
    """A cell as JSON holds it: numbers (NaN and infinities too), booleans, text,
    lists and null as they are; dates and times as text."""
    if isinstance(value, (int, float, str, list)) or value is None:
        return value
    return str(value)


def toml_value(value: Any) -> Any:
    """A cell as TOML holds it: dates, times, numbers, booleans, lists; no null."""
    if value is None or (isinstance(value, int) and abs(value) >= 2**63):
        return text_of(value)
    return value


@st.composite
def table_files(draw: st.DrawFn) -> dict[str, bytes]:
    """A dataset folder's files (name -> bytes): one to three tables in CSV, TSV, JSON,
    TOML or XLSX, encoded one way or another, perhaps damaged; sometimes empty or
    header-only."""
    files: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 3))):
        schema, headers, rows = draw(tables())
        suffix = draw(st.sampled_from([".csv", ".csv", ".tsv", ".json", ".toml", ".xlsx"]))
        name = file_name(schema, suffix, draw)
        shape = draw(st.integers(0, 12))
        if shape == 0:
            files[name] = b""
            continue
        if shape == 1:
            rows = []  # header only
        if suffix in (".csv", ".tsv"):
            text = csv_text(headers, rows, "\t" if suffix == ".tsv" else ",")
            data = encode(text, draw(st.sampled_from(ENCODINGS)), draw)
        elif suffix == ".json":
            records = [
                {h: json_value(v) for h, v in zip(headers, row, strict=False)} for row in rows
            ]
            data = json.dumps(records, ensure_ascii=draw(st.booleans())).encode("utf-8")
        elif suffix == ".toml":
            import tomlkit

            records = [
                {h: toml_value(v) for h, v in zip(headers, row, strict=False) if h.strip()}
                for row in rows
            ]
            data = tomlkit.dumps({schema.name: records}).encode("utf-8")
        else:
            data = workbook(headers, rows)
        files[name] = draw(damaged(data)) if draw(st.integers(0, 3)) == 0 else data
    return files


def workbook(headers: list[str], rows: list[list[Any]]) -> bytes:
    """An XLSX workbook of one sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([cell_text(h) for h in headers])
    for row in rows:
        sheet.append([xlsx_value(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    # openpyxl stamps the save time into docProps/core.xml: fix it, so that the same
    # draws give the same bytes (Hypothesis replays examples)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(
        rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2023-01-01T00:00:00Z", parts["docProps/core.xml"]
    )
    return zip_bytes(parts)


def xlsx_value(value: Any) -> Any:
    """A cell as a workbook can hold it (text that starts with ``=`` is a formula)."""
    if isinstance(value, str):
        return cell_text(value)
    if isinstance(value, list):
        return cell_text(",".join(value))
    if isinstance(value, int) and abs(value) >= 2**53:
        return str(value)
    return value


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


#: A valid procurement workbook, the base of the damaged ones.
PROCUREMENT_HEADERS = ["编号", "项目", "预算", "组织形式", "采购方式", "日期", "供应商数"]
PROCUREMENT_ROWS: list[list[Any]] = [
    ["P1", "打印机", "5万", "自行采购", "定向采购", date(2023, 3, 1), 1],
    ["P2", "办公桌", 25000, "自行采购", "比价", "2023/4/2", "三家"],
    ["P3", '=HYPERLINK("x")', "2万元", "政府采购", "公开招标", date(2023, 5, 3), 5],
]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP archive of ``members``, the same bytes every time (fixed timestamps)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0)), data)
    return out.getvalue()
