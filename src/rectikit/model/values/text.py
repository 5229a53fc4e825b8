"""Text folding: blank-cell detection and the normal form used to match headers and enums.

:func:`fold` is the form the string parsers of this package work on; it and
:data:`SPACE_RE` are shared inside the package, :func:`is_blank` and
:func:`normalize_text` and :func:`excerpt` are public.
"""

from __future__ import annotations

import re
import unicodedata

#: Whitespace plus invisible characters that spreadsheets and CSV exports leave in
#: cells: zero-width space/joiners, word joiner, BOM and emoji variation selectors.
SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f]+")


def is_blank(value: object) -> bool:
    """Whether ``value`` is an empty cell: ``None`` or a string of only whitespace.

    Full-width (U+3000) and no-break spaces count as whitespace, and so do the
    invisible zero-width characters and byte-order marks that CSV exports carry.
    """
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if not value:
        return True
    if not SPACE_RE.match(value):  # fast path: starts with a visible character
        return False
    return SPACE_RE.fullmatch(value) is not None


def normalize_text(text: str) -> str:
    """Fold ``text`` for matching headers and enum values.

    Applies Unicode NFKC (full-width to half-width), case folding, and removes all
    whitespace (and invisible zero-width characters): ``" 预算金额（元） "`` and
    ``"预算金额(元)"`` normalize alike, ``"ＩＤ"`` becomes ``"id"``.
    """
    if text.isascii():
        return SPACE_RE.sub("", text).lower()
    # Repeat until stable: dropping a space can bring combining marks together that
    # NFKC then reorders, and NFKC can produce spaces (U+00A8 → " \u0308").
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", text).casefold()
        folded = SPACE_RE.sub("", unicodedata.normalize("NFKC", folded))
        if folded == text:
            break
        text = folded
    return folded


def fold(text: str) -> str:
    """NFKC, casefold, no whitespace: the form the string parsers work on."""
    return normalize_text(text)


#: Line breaks and other control characters, which a one-line message cannot show.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")

#: How many characters of a cell a message quotes.
EXCERPT_LIMIT = 60


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """``text`` as a one-line message quotes it: line breaks and other control
    characters shown as one space, and cut to ``limit`` characters with ``…``."""
    one_line = _CONTROL_RE.sub(" ", text)
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
