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


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def append_ci_steps(path: str, data: bytes, job_line: int, commands: list[str]) -> Edit | None:
    """`- run: COMMAND` steps at the end of the `steps:` list of the GitHub Actions job whose key is on `job_line`,
    in the list's own indentation. None when the job has no steps list (a reusable workflow call)."""
    lines = data.decode("utf-8", "replace").split("\n")
    if not 1 <= job_line <= len(lines):
        return None
    job_indent = _indent(lines[job_line - 1])
    steps_at = None
    for i in range(job_line, len(lines)):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if _indent(text) <= job_indent:
            break
        if text.strip() == "steps:":
            steps_at = i
            break
    if steps_at is None:
        return None
    steps_indent = _indent(lines[steps_at])
    item_indent, last = None, steps_at
    for i in range(steps_at + 1, len(lines)):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        nested = _indent(text) > steps_indent
        if not nested and not (_indent(text) == steps_indent and text.lstrip().startswith("- ")):
            break
        if item_indent is None and text.lstrip().startswith("- "):
            item_indent = _indent(text)
        last = i
    if item_indent is None:
        return None
    offset = line_start(data, last + 2)
    if offset is None:
        return None
    pad = " " * item_indent
    text = "".join(f"{pad}- run: {command}\n" for command in commands)
    if offset == len(data) and not data.endswith(b"\n"):
        text = "\n" + text
    return Edit(path, offset, offset, text)
