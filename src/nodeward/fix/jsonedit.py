"""Positional edits of package.json: find a top-level object by scanning the JSON text (json.loads gives no
offsets) and add entries in the file's indentation, keeping every other byte."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from nodeward.fix.registry import Edit

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


@dataclass(frozen=True)
class Member:
    key: str
    start: int  # offset of the key's opening quote
    end: int  # offset just after the value


@dataclass(frozen=True)
class ObjectSpan:
    open: int  # offset of `{`
    close: int  # offset of `}`
    members: tuple[Member, ...]


def _skip_value(text: str, i: int) -> int:
    """Offset just after the JSON value starting at `i` (whitespace already skipped)."""
    if text[i] == '"':
        m = _STRING.match(text, i)
        if m is None:
            raise ValueError("unterminated string")
        return m.end()
    if text[i] in "{[":
        depth = 0
        while i < len(text):
            ch = text[i]
            if ch == '"':
                m = _STRING.match(text, i)
                if m is None:
                    raise ValueError("unterminated string")
                i = m.end()
                continue
            if ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise ValueError("unterminated value")
    m = re.compile(r"[^\s,}\]]+").match(text, i)
    return m.end() if m else i


def _ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def object_at(text: str, start: int) -> ObjectSpan:
    """The members of the object whose `{` is at `start`."""
    members = []
    i = _ws(text, start + 1)
    while i < len(text) and text[i] != "}":
        m = _STRING.match(text, i)
        if m is None:
            raise ValueError("expected a key")
        key = json.loads(m.group(0))
        i = _ws(text, m.end())
        if text[i] != ":":
            raise ValueError("expected ':'")
        i = _ws(text, i + 1)
        end = _skip_value(text, i)
        members.append(Member(key, m.start(), end))
        i = _ws(text, end)
        if i < len(text) and text[i] == ",":
            i = _ws(text, i + 1)
    return ObjectSpan(start, i, tuple(members))


def top_level(text: str) -> ObjectSpan:
    return object_at(text, _ws(text, 0))


def add_members(path: str, text: str, section: str, entries: dict[str, str]) -> list[Edit]:
    """Edits adding `"name": "version"` entries to the top-level object `section` (created when missing), each at its
    alphabetical place when the section is sorted (as npm keeps it), else at the end."""

    def at(offset: int) -> int:  # str offset -> byte offset
        return len(text[:offset].encode("utf-8"))

    root = top_level(text)
    owner = next((m for m in root.members if m.key == section), None)
    if owner is None and root.members and "\n" not in text[root.open : root.close]:  # a one-line package.json
        body = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in sorted(entries.items()))
        end = root.members[-1].end
        return [Edit(path, at(end), at(end), f", {json.dumps(section)}: {{ {body} }}")]
    if owner is None:
        indent = _indent_of(text, root.members[0].start) if root.members else "  "
        inner = indent * 2
        body = ",\n".join(f"{inner}{json.dumps(k)}: {json.dumps(v)}" for k, v in sorted(entries.items()))
        block = f"{json.dumps(section)}: {{\n{body}\n{indent}}}"
        if root.members:
            end = root.members[-1].end
            return [Edit(path, at(end), at(end), f",\n{indent}{block}")]
        return [Edit(path, at(root.open), at(root.close + 1), "{\n" + indent + block + "\n}")]
    value_start = _ws(text, text.index(":", owner.start + len(json.dumps(owner.key))) + 1)
    if text[value_start] != "{":
        raise ValueError(f"{section} is not an object")
    obj = object_at(text, value_start)
    new = {k: v for k, v in entries.items() if k not in {m.key for m in obj.members}}
    if not new:
        return []
    if not obj.members:
        parent_indent = _indent_of(text, owner.start)
        body = ",\n".join(f"{parent_indent}  {json.dumps(k)}: {json.dumps(v)}" for k, v in sorted(new.items()))
        return [Edit(path, at(obj.open), at(obj.close + 1), "{\n" + body + "\n" + parent_indent + "}")]
    one_line = "\n" not in text[obj.open : obj.close]
    sep = " " if one_line else "\n" + _indent_of(text, obj.members[0].start)
    keys = [m.key for m in obj.members]
    ordered = keys == sorted(keys)
    edits = []
    for name, version in sorted(new.items()):
        entry = f"{json.dumps(name)}: {json.dumps(version)}"
        later = next((m for m in obj.members if m.key > name), None) if ordered else None
        if later is not None:
            edits.append(Edit(path, at(later.start), at(later.start), f"{entry},{sep}"))
        else:
            end = obj.members[-1].end
            edits.append(Edit(path, at(end), at(end), f",{sep}{entry}"))
    return edits


def _indent_of(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset] if text[line_start:offset].strip() == "" else "  "


def _array_items(text: str, start: int) -> tuple[int, list[tuple[int, int]]]:
    """(offset of `]`, [(start, end) of each element]) for the array whose `[` is at `start`."""
    items = []
    i = _ws(text, start + 1)
    while i < len(text) and text[i] != "]":
        end = _skip_value(text, i)
        items.append((i, end))
        i = _ws(text, end)
        if i < len(text) and text[i] == ",":
            i = _ws(text, i + 1)
    return i, items


def append_to_list(path: str, text: str, key: str, value: str) -> list[Edit]:
    """Add `value` to the top-level `key` (an array, or a string made an array of both; created when missing),
    keeping what is there: `"extends": "eslint:recommended"` -> `["eslint:recommended", value]`."""

    def at(offset: int) -> int:
        return len(text[:offset].encode("utf-8"))

    root = top_level(text)
    owner = next((m for m in root.members if m.key == key), None)
    item = json.dumps(value)
    if owner is None:
        indent = _indent_of(text, root.members[0].start) if root.members else "  "
        if not root.members:
            return [Edit(path, at(root.open), at(root.close + 1), f"{{\n{indent}{json.dumps(key)}: [{item}]\n}}")]
        end = root.members[-1].end
        return [Edit(path, at(end), at(end), f",\n{indent}{json.dumps(key)}: [{item}]")]
    start = _ws(text, text.index(":", owner.start + len(json.dumps(owner.key))) + 1)
    if text[start] == '"':
        end = _skip_value(text, start)
        if json.loads(text[start:end]) == value:
            return []
        return [Edit(path, at(start), at(end), f"[{text[start:end]}, {item}]")]
    if text[start] != "[":
        raise ValueError(f"{key} is neither a string nor a list")
    close, items = _array_items(text, start)
    if any(json.loads(text[a:b]) == value for a, b in items if text[a] == '"'):
        return []
    if not items:
        return [Edit(path, at(start), at(close + 1), f"[{item}]")]
    last_end = items[-1][1]
    if "\n" in text[start:close]:
        return [Edit(path, at(last_end), at(last_end), f",\n{_indent_of(text, items[-1][0])}{item}")]
    return [Edit(path, at(last_end), at(last_end), f", {item}")]


def set_member(path: str, text: str, section: str, key: str, value: str) -> Edit | None:
    """Replace the string value of `section.key` (e.g. dependencies.express), keeping every other byte."""

    def at(offset: int) -> int:
        return len(text[:offset].encode("utf-8"))

    root = top_level(text)
    owner = next((m for m in root.members if m.key == section), None)
    if owner is None:
        return None
    start = _ws(text, text.index(":", owner.start + len(json.dumps(owner.key))) + 1)
    if text[start] != "{":
        return None
    member = next((m for m in object_at(text, start).members if m.key == key), None)
    if member is None:
        return None
    value_start = _ws(text, text.index(":", member.start + len(json.dumps(member.key))) + 1)
    if text[value_start] != '"':
        return None
    return Edit(path, at(value_start), at(member.end), json.dumps(value))
