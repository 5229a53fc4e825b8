"""Encoding detection and text streams whose decode errors surface as ReadError."""

from __future__ import annotations

import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.support import is_utf8

from rectikit.readers.formats import ReadError, detect_encoding, open_text
from rectikit.readers.formats import encoding as encoding_module
from rectikit.readers.formats.encoding import (
    decodes_part,
    encoding_label,
    locate_decode_error,
    utf8_parts,
)

TEXT = "编号,项目名称\n1,办公用品采购\n"


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-be", "utf-16"),
    ],
)
def test_detect_encoding(tmp_path: Path, codec: str, expected: str) -> None:
    path = tmp_path / "ledger.csv"
    data = TEXT.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert detect_encoding(path) == expected
    with open_text(path, None) as stream:
        assert stream.read() == TEXT


def test_ascii_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert detect_encoding(path) == "utf-8"


def test_empty_file_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"")
    assert detect_encoding(path) == "utf-8"


def test_undecodable_bytes_name_byte_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n3,\xff\n")
    with pytest.raises(ReadError) as caught:
        detect_encoding(path)
    assert str(caught.value) == "not valid UTF-8 or GB18030 text (byte 0xff at offset 12, line 3)"


def test_detection_is_chunked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoding_module, "CHUNK_SIZE", 5)
    path = tmp_path / "chunks.csv"
    # multi-byte characters straddle the 5-byte chunks; the bad byte is on line 4
    path.write_bytes(("编号\r\n名称\r\n金额\r\n").encode() + b"x\x80")
    found = locate_decode_error(path, "utf-8")
    assert found is not None
    assert (found.offset, found.byte, found.line) == (25, 0x80, 4)
    assert locate_decode_error(tmp_path / "chunks.csv", "latin-1") is None


def test_gb18030_text_with_a_bad_byte_reports_the_gb18030_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(("编号,名称\n" * 3).encode("gb18030") + b"\xff")
    with pytest.raises(ReadError, match=r"byte 0xff at offset 30, line 4"):
        detect_encoding(path)


def test_truncated_sequence_at_end(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes("名称".encode() + b"\xe5")
    found = locate_decode_error(path, "utf-8")
    assert found is not None
    assert (found.offset, found.byte) == (6, 0xE5)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read file"):
        detect_encoding(tmp_path / "missing.csv")
    with pytest.raises(ReadError, match="cannot read file"):
        open_text(tmp_path / "missing.csv", "utf-8")


def test_forced_wrong_encoding_raises_read_error_on_reading(tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    path.write_bytes(("a,b\n" * 5000).encode() + TEXT.encode("gb18030"))
    with open_text(path, "utf-8") as stream:
        with pytest.raises(
            ReadError, match=r"not valid UTF-8 text \(byte 0xb1 at offset 20000, line 5001\)"
        ):
            for _line in stream:
                pass


def test_forced_utf8_drops_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(TEXT.encode("utf-8-sig"))
    with open_text(path, "UTF8") as stream:
        assert stream.read() == TEXT


def test_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a\n")
    with pytest.raises(ReadError) as caught:
        open_text(path, "xyz")
    assert str(caught.value) == "unknown encoding 'xyz'"
    with pytest.raises(ReadError, match="not a text encoding"):
        open_text(path, "base64")


def test_open_text_keeps_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a\r\nb\rc\n")
    with open_text(path) as stream:
        assert stream.readlines() == ["a\r\n", "b\r", "c\n"]


def test_encoding_label() -> None:
    assert encoding_label("utf-8-sig") == "UTF-8"
    assert encoding_label("utf_8") == "UTF-8"
    assert encoding_label("GB18030") == "GB18030"
    assert encoding_label("cp936") == "GBK"


_PIECES = st.one_of(
    st.text(max_size=6).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=3),
    st.sampled_from([b"\xe4\xb8\xad", b"\xf0\x9f\x98\x80", b"\x80\x80\x80\x80", b"\xc3"]),
)


@given(st.lists(_PIECES, max_size=12).map(b"".join), st.integers(1, 6))
def test_utf8_parts_decode_exactly_when_the_whole_file_does(data: bytes, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_bytes(data)
        parts = utf8_parts(path, count)
        assert 1 <= len(parts) <= count
        assert parts[0][0] == 0 and parts[-1][1] is None
        assert all(end == start for (_, end), (start, _) in pairwise(parts))
        assert all(start < len(data) for start, _ in parts[1:])
        whole = decodes_part(path, "utf-8", 0, None)
        assert all(decodes_part(path, "utf-8", *part) for part in parts) == whole
        assert whole == is_utf8(data)


def test_a_file_ending_in_a_character_is_not_cut_inside_it(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"abcdefgh" + "中".encode())  # the second cut would fall on its last byte
    assert utf8_parts(path, 8)[-1][0] <= 8
    assert all(decodes_part(path, "utf-8", *part) for part in utf8_parts(path, 11))


def test_a_part_is_read_from_its_start_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"ab\xff" + "中文".encode() + b"\xfe")
    assert decodes_part(path, "utf-8", 3, 9)
    assert not decodes_part(path, "utf-8", 3, None)
    assert not decodes_part(path, "utf-8", 2, 9)


def test_detection_asks_the_given_decodes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("编号\n".encode("gb18030"))
    asked: list[str] = []

    def decodes(where: Path, codec: str) -> bool:
        asked.append(codec)
        return decodes_part(where, codec, 0, None)

    assert detect_encoding(path, decodes) == "gb18030"
    assert asked == ["utf-8", "gb18030"]
