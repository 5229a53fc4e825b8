"""Fuzzing whole files: truncated and damaged workbooks, a ZIP that is not a workbook,
JSON of the wrong shape, TOML with syntax errors, binary garbage under every suffix,
damaged rectification ledgers and configs. Each dataset gives records and DAT
diagnostics, or a one-line error with exit code 2 (``fuzz_support.assert_handles``)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from fuzz_support import (
    PROCUREMENT_HEADERS,
    PROCUREMENT_ROWS,
    assert_handles,
    assert_ledger_handled,
    csv_text,
    damaged,
    fuzz_settings,
    workbook,
    write_files,
    zip_bytes,
)
from hypothesis import given
from hypothesis import strategies as st

from rectikit.ledger.files import load_ledger
from rectikit.ledger.files.xlsx_write import ledger_to_xlsx_bytes

EXAMPLE_LEDGER = Path(__file__).resolve().parents[2] / "examples" / "city-committee" / "ledger.toml"
LEDGER_TEXT = EXAMPLE_LEDGER.read_text(encoding="utf-8")
LEDGER_XLSX = ledger_to_xlsx_bytes(load_ledger(EXAMPLE_LEDGER))
WORKBOOK = workbook(PROCUREMENT_HEADERS, PROCUREMENT_ROWS)
PROCUREMENT_TOML = """\
[[procurement]]
编号 = "P1"
项目 = "打印机"
预算 = "5万"
组织形式 = "自行采购"
采购方式 = "定向采购"
日期 = 2023-03-01

[[procurement]]
编号 = "P2"
项目 = "办公桌"
预算 = 25000.5
组织形式 = "自行采购"
日期 = "2023/4/2"
"""


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


XML_JUNK = st.sampled_from(
    [
        b"",
        b"<",
        b"<?xml version='1.0'?><worksheet/>",
        b"<worksheet><sheetData><row><c t='s'><v>99</v></c></row></sheetData></worksheet>",
        b"<worksheet><sheetData><row r='1048577'><c r='XFE1'><v>1</v></c></row></sheetData>",
        b"\xff\xfe\x00<",
        b"<a>" * 2000,
    ]
)


@st.composite
def broken_workbooks(draw: st.DrawFn, base: bytes) -> bytes:
    """A workbook cut short, with bytes flipped, or with a part replaced by junk."""
    how = draw(st.integers(0, 3))
    if how == 0:
        return base[: draw(st.integers(0, len(base) - 1))]
    if how == 1:
        return draw(damaged(base))
    parts = members(base)
    name = draw(st.sampled_from(sorted(parts)))
    if how == 2:
        parts[name] = draw(st.one_of(XML_JUNK, st.binary(max_size=200)))
    else:
        del parts[name]
    return zip_bytes(parts)


not_workbooks = st.builds(
    zip_bytes,
    st.dictionaries(
        st.sampled_from(
            ["[Content_Types].xml", "xl/workbook.xml", "readme.txt", "xl/worksheets/sheet1.xml"]
        ),
        st.one_of(XML_JUNK, st.binary(max_size=100)),
        max_size=4,
    ),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)
json_documents = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.lists(json_values, max_size=4).map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(["records", "procurement", "meta"]), json_values).map(
        lambda v: json.dumps(v).encode()
    ),
    st.sampled_from(
        [b"[" * 100000, b'{"records": 1}', b"[1, 2]", b"[{}]", b"1" * 5000, b'[{"\xff": 1}]']
    ),
)


@st.composite
def mangled(draw: st.DrawFn, text: str, alphabet: str) -> str:
    """``text`` with a few characters inserted, deleted or lines dropped."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.integers(0, 2))
        if how == 0:
            text = text[:at] + draw(st.text(alphabet=alphabet, min_size=1, max_size=4)) + text[at:]
        elif how == 1:
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
    return text


TOML_ALPHABET = "[]{}=\"'.,#\n 0123456789-:TZabc年月日是否万"


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, bytes]:
    """One damaged file, perhaps next to a good one."""
    what = draw(st.integers(0, 8))
    files: dict[str, bytes] = {}
    if what == 0:
        files["采购台账.xlsx"] = draw(broken_workbooks(WORKBOOK))
    elif what == 1:
        files[draw(st.sampled_from(["采购台账.xlsx", "台账.xlsx", "x.xlsm"]))] = draw(not_workbooks)
    elif what == 2:
        files["procurement.json"] = draw(json_documents)
    elif what == 3:
        text = draw(st.one_of(mangled(PROCUREMENT_TOML, TOML_ALPHABET), st.text(TOML_ALPHABET)))
        files["procurement.toml"] = text.encode("utf-8", "surrogatepass")
    elif what == 4:
        name = draw(
            st.sampled_from(
                [
                    "采购台账.csv",
                    "talks.tsv",
                    "staff.json",
                    "party_orgs.toml",
                    "采购台账.xlsx",
                    "ledger.toml",
                    "整改台账.xlsx",
                    "notes.bin",
                    "old.xls",
                    "采购台账",
                ]
            )
        )
        files[name] = draw(st.binary(max_size=300))
    elif what == 5:
        text = draw(mangled(LEDGER_TEXT, TOML_ALPHABET))
        files["ledger.toml"] = text.encode("utf-8", "surrogatepass")
    elif what == 6:
        files["整改台账.xlsx"] = draw(broken_workbooks(LEDGER_XLSX))
    elif what == 7:
        config = draw(
            st.one_of(
                st.text(TOML_ALPHABET + "selctignorfaplugsnx_[]"),
                st.sampled_from(
                    [
                        "select = 3\n",
                        '[params.PRC]\ndirect_limit = "很多"\n',
                        '[severity]\nPRC001 = "loud"\n',
                        'fail_on = ["x"]\n',
                        '[files]\n"*.csv" = "nothing"\n',
                        'encoding = "klingon"\n',
                        "[[waiver]]\ncode = 1\n",
                        "[params.PLG]\nbudget_seconds = -1\n",
                    ]
                ),
            )
        )
        files["rectikit.toml"] = config.encode("utf-8", "surrogatepass")
    else:
        files["采购台账.csv"] = draw(damaged(csv_text(PROCUREMENT_HEADERS, [], ",").encode()))
    if draw(st.booleans()):
        files.setdefault("人员.csv", "姓名,处室\n张三,办公室\n李四,组织处\n".encode("gb18030"))
    return files


@fuzz_settings(80)
@given(files=datasets())
def test_any_damaged_file_is_handled(scratch: Path, files: dict[str, bytes]) -> None:
    folder = write_files(scratch / "data", files)
    assert_handles(folder)
    for name in files:
        if name in ("ledger.toml", "整改台账.xlsx"):
            assert_ledger_handled(folder / name)
