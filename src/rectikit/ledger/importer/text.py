"""Text primitives the parse shares: full-width digits and letters folded to ASCII one
character for one (so that offsets in the folded text hold in the original), and the
split of a text into its sentences (ending at 。；！？) with their offsets."""

from __future__ import annotations

from collections.abc import Iterator

#: Full-width digits and letters as ASCII, one character for one (offsets stay).
_FOLD = str.maketrans(
    "０１２３４５６７８９ＸｘＹｙ×．",
    "0123456789XxYyX.",
)
_SENTENCE_END = "。；;！？!?"


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences of ``text`` (ending at 。；！？) with their offsets."""
    start = 0
    for index, ch in enumerate(text):
        if ch in _SENTENCE_END:
            yield start, text[start : index + 1]
            start = index + 1
    if start < len(text):
        yield start, text[start:]


def _is_cjk(ch: str) -> bool:
    """Chinese characters, full-width forms and CJK punctuation."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x3000 <= code <= 0x303F
        or ch in "“”‘’…—"
    )


def join_lines(text: str) -> str:
    """``text`` on one line: its lines stripped and joined with nothing between them
    where either side is Chinese (characters or punctuation), one space otherwise."""
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if not line:
            continue
        if out and not (_is_cjk(out[-1]) or _is_cjk(line[0])):
            out += " "
        out += line
    return out
