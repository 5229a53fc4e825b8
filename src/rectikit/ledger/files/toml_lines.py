"""Line numbers in a ledger TOML text: tomlkit keeps none, so the text is scanned for
table headers and keys (for the locations in the model and in error messages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class _Block:
    """A table in the text: its header line and the line of each of its keys."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    children: dict[str, list[_Block]] = field(default_factory=dict)

    def at(self, key: str | None = None) -> int:
        """The line of ``key`` in this table, else of the table's header."""
        return self.keys.get(key, self.line) if key is not None else self.line


_KEY_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")
_KEY_TEXT = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY_LINE = re.compile(rf"\s*({_KEY_TEXT}(?:\s*\.\s*{_KEY_TEXT})*)\s*=")
_AOT_HEADER = re.compile(r"\s*\[\[(.*?)\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"\s*\[([^\[].*?)\]\s*(?:#.*)?$")


def _split_key(text: str) -> tuple[str, ...] | None:
    """``finding . "measure"`` -> ``("finding", "measure")``; ``None`` if no key."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _KEY_PART.match(text, pos)
        if not match or not match.group(0).strip():
            return None
        parts.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1


def _advance(line: str, multiline: str | None, depth: int) -> tuple[str | None, int]:
    """The string/bracket state after ``line``: inside which multi-line string (if
    any) and how deep in ``[``/``{`` the next line starts."""
    i, n = 0, len(line)
    while i < n:
        if multiline == '"""':
            if line[i] == "\\":
                i += 2
            elif line.startswith('"""', i):
                i += 3
                while i < n and line[i] == '"':
                    i += 1
                multiline = None
            else:
                i += 1
            continue
        if multiline == "'''":
            end = line.find("'''", i)
            if end < 0:
                return multiline, depth
            i = end + 3
            while i < n and line[i] == "'":
                i += 1
            multiline = None
            continue
        char = line[i]
        if char == "#":
            break
        if char == '"':
            if line.startswith('"""', i):
                multiline, i = '"""', i + 3
                continue
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        if char == "'":
            if line.startswith("'''", i):
                multiline, i = "'''", i + 3
                continue
            end = line.find("'", i + 1)
            i = n if end < 0 else end + 1
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return multiline, depth


class _Lines:
    """Where each table and key of a ledger TOML text is (1-based lines)."""

    def __init__(self, text: str) -> None:
        self.root = _Block(1)
        self.tables: dict[str, _Block] = {}
        self.findings: list[_Block] = []
        current = self.root
        multiline: str | None = None
        depth = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if multiline is None and depth == 0:
                header = _AOT_HEADER.match(line)
                array = header is not None
                header = header or _TABLE_HEADER.match(line)
                if header:
                    path = _split_key(header.group(1))
                    if path:
                        current = self._open(path, array, number)
                    continue
                key = _KEY_LINE.match(line)
                if key:
                    parts = _split_key(key.group(1))
                    if parts:
                        current.keys.setdefault(parts[0], number)
            multiline, depth = _advance(line, multiline, depth)

    def _open(self, path: tuple[str, ...], array: bool, number: int) -> _Block:
        """The block that the keys after header ``path`` (at line ``number``) go to."""
        block = _Block(number)
        head = path[0]
        self.root.keys.setdefault(head, number)
        if len(path) == 1:
            if array and head == "finding":
                self.findings.append(block)
            elif not array:
                block = self.tables.setdefault(head, block)
            return block
        owner = self.findings[-1] if head == "finding" and self.findings else self.tables.get(head)
        if owner is None:
            return block
        owner.keys.setdefault(path[1], number)
        if array and len(path) == 2 and head == "finding":
            owner.children.setdefault(path[1], []).append(block)
        return block

    def table(self, name: str) -> _Block:
        """The block of ``[name]``, else the top-level line of the ``name`` key."""
        block = self.tables.get(name)
        return block if block is not None else _Block(self.root.at(name))

    def finding(self, index: int) -> _Block:
        """The block of the ``index``-th ``[[finding]]``."""
        if index < len(self.findings):
            return self.findings[index]
        return _Block(self.root.at("finding"))

    def child(self, finding: _Block, name: str, index: int) -> _Block:
        """The block of the ``index``-th ``[[finding.<name>]]`` of ``finding``."""
        blocks = finding.children.get(name, [])
        return blocks[index] if index < len(blocks) else _Block(finding.at(name))
