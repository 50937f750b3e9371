"""Edits of line-oriented files (Dockerfiles, YAML) by 1-based line numbers, as their parsers report them."""

from __future__ import annotations

import re

from nodeward.fix.registry import Edit


def line_start(data: bytes, line: int) -> int | None:
    """Byte offset where 1-based `line` starts; len(data) for the line after the last; None past that."""
    offset = 0
    for _ in range(line - 1):
        nl = data.find(b"\n", offset)
        if nl < 0:
            return len(data) if _ == line - 2 else None
        offset = nl + 1
    return offset


def line_text(data: bytes, line: int) -> str | None:
    start = line_start(data, line)
    if start is None or start >= len(data):
        return None
    end = data.find(b"\n", start)
    return data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")


def insert_line_before(path: str, data: bytes, line: int, text: str) -> Edit | None:
    """`text` as a new line just before `line`, with that line's indentation."""
    start = line_start(data, line)
    current = line_text(data, line)
    if start is None or current is None:
        return None
    indent = re.match(r"[ \t]*", current).group(0)  # type: ignore[union-attr]
    return Edit(path, start, start, f"{indent}{text}\n")


def append_line(path: str, data: bytes, text: str) -> Edit:
    sep = b"" if not data or data.endswith(b"\n") else b"\n"
    return Edit(path, len(data), len(data), sep.decode() + text + "\n")


def replace_in_line(path: str, data: bytes, line: int, pattern: re.Pattern[str], text: str) -> Edit | None:
    """Replace the first match of `pattern` (its group 1 when it has one) on `line`."""
    start = line_start(data, line)
    current = line_text(data, line)
    if start is None or current is None:
        return None
    match = pattern.search(current)
    if match is None:
        return None
    group = 1 if pattern.groups else 0
    a = start + len(current[: match.start(group)].encode("utf-8"))
    b = start + len(current[: match.end(group)].encode("utf-8"))
    return Edit(path, a, b, text)
