"""Edits of YAML files (compose files, Kubernetes manifests) at the positions the YAML parser reports: a scalar's
exact character range, a new key in a block mapping at the indentation of its keys. Everything else in the file,
comments included, stays byte for byte."""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from nodeward.collect import safe_yaml as y
from nodeward.fix.registry import Edit


def documents(text: str) -> list[Node]:
    """The documents of a YAML text, [] when it does not parse (a fix then offers nothing)."""
    try:
        return y.compose_documents(text)
    except y.YamlProblem:
        return []


def walk(node: Node, key: str = "") -> Iterator[tuple[str, Node]]:
    """(the key a node is the value of, or the key of the sequence it is an item of; the node), depth first."""
    yield key, node
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            yield from walk(value, y.text(key_node) or "")
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from walk(item, key)


def byte_offset(text: str, index: int) -> int:
    """The byte offset of character `index` (PyYAML marks count characters)."""
    return len(text[:index].encode("utf-8"))


def replace_scalar(path: str, text: str, node: Node, value: str) -> Edit | None:
    """Replace a plain or quoted scalar with `value` (a plain word), keeping its quotes."""
    if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
        return None
    quote = node.style if node.style in ("'", '"') else ""
    start, end = byte_offset(text, node.start_mark.index), byte_offset(text, node.end_mark.index)
    return Edit(path, start, end, quote + value + quote)


def _line_end(text: str, index: int) -> int:
    """The character index just past the newline ending the line that holds `index` (len(text) on the last line)."""
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def add_keys(path: str, text: str, mapping: Node, lines: list[str]) -> Edit | None:
    """Add `lines` (a key and its nested lines, indented relative to the key) to a mapping, in its style.

    A block mapping gets them on new lines, at the column of its keys, after its first entry that fits on one line
    (`- name: api`); a flow mapping (`{a: 1}`) gets `key: value, ` after its brace when `lines` is one line."""
    if not isinstance(mapping, MappingNode):
        return None
    if mapping.flow_style:
        if len(lines) != 1:
            return None
        start = byte_offset(text, mapping.start_mark.index)
        if not mapping.value:
            end = byte_offset(text, mapping.end_mark.index)
            return Edit(path, start, end, "{" + lines[0] + "}")
        return Edit(path, start + 1, start + 1, lines[0] + ", ")
    for key_node, value in mapping.value:
        one_line = (
            isinstance(value, ScalarNode)
            and value.style not in ("|", ">")
            and value.start_mark.line == value.end_mark.line == key_node.start_mark.line
        )
        if not one_line:
            continue
        column = key_node.start_mark.column
        at = _line_end(text, value.end_mark.index)
        lead = "" if at == 0 or text[at - 1] == "\n" else "\n"
        block = "".join(" " * column + line + "\n" for line in lines)
        offset = byte_offset(text, at)
        return Edit(path, offset, offset, lead + block)
    return None


def add_first_keys(path: str, text: str, mapping: Node, lines: list[str]) -> Edit | None:
    """Add `key: value` lines as the first keys of a block mapping whose keys start their own lines (or into a flow
    mapping, joined with commas)."""
    if not isinstance(mapping, MappingNode) or not lines:
        return None
    if mapping.flow_style or not mapping.value:
        return add_keys(path, text, mapping, [", ".join(lines)])
    first = mapping.value[0][0]
    start = first.start_mark.index
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return add_keys(path, text, mapping, lines)  # `- runAsUser: 1000`: the first key shares the dash's line
    offset = byte_offset(text, line_start)
    return Edit(path, offset, offset, "".join(" " * first.start_mark.column + line + "\n" for line in lines))


def scalar_at(text: str, key: str, line: int) -> ScalarNode | None:
    """The scalar value of `key` that starts on 1-based `line`."""
    for doc in documents(text):
        for owner, node in walk(doc):
            if owner == key and isinstance(node, ScalarNode) and y.line_of(node) == line:
                return node
    return None


def mapping_at(text: str, keys: tuple[str, ...], line: int) -> MappingNode | None:
    """The block or flow mapping starting on `line` that is the value (or a list item) of one of `keys`."""
    for doc in documents(text):
        for owner, node in walk(doc):
            if owner in keys and isinstance(node, MappingNode) and y.line_of(node) == line:
                return node
    return None


def indent_step(mapping: MappingNode, default: int = 2) -> int:
    """How far the file indents a nested block mapping under its key (2 when the mapping shows none)."""
    for key_node, value in mapping.value:
        if isinstance(value, MappingNode) and not value.flow_style and value.value:
            step = value.value[0][0].start_mark.column - key_node.start_mark.column
            if step > 0:
                return step
    return default


def append_item(path: str, text: str, sequence: Node, item: str) -> Edit | None:
    """`item` (a plain scalar's text) added at the end of a sequence in its style: a `- item` line at the dash
    column of a block sequence, `, 'item'` before the bracket of a flow one (quoted: PyYAML reads `a:b` in flow
    context as a key)."""
    if not isinstance(sequence, SequenceNode):
        return None
    flow = f"'{item}'"
    if sequence.flow_style:
        close = byte_offset(text, sequence.end_mark.index) - 1
        if not sequence.value:
            return Edit(path, close, close, flow)
        last = sequence.value[-1]
        at = byte_offset(text, last.end_mark.index)
        return Edit(path, at, at, ", " + flow)
    last = sequence.value[-1] if sequence.value else None
    if not isinstance(last, ScalarNode) or last.start_mark.line != last.end_mark.line:
        return None
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    dash = text.rfind("-", line_start, last.start_mark.index)
    if dash < 0:
        return None
    at = _line_end(text, last.end_mark.index)
    lead = "" if text[at - 1] == "\n" else "\n"
    offset = byte_offset(text, at)
    return Edit(path, offset, offset, lead + " " * (dash - line_start) + "- " + item + "\n")


def as_list_with(path: str, text: str, scalar: Node, item: str) -> Edit | None:
    """A scalar made a flow list of itself (as written) and `item`: `extends: a` -> `extends: [a, 'item']`."""
    if not isinstance(scalar, ScalarNode) or scalar.style in ("|", ">"):
        return None
    start, end = byte_offset(text, scalar.start_mark.index), byte_offset(text, scalar.end_mark.index)
    written = text[scalar.start_mark.index : scalar.end_mark.index]
    if not scalar.style and ":" in written:
        written = f"'{written}'"  # `eslint:recommended` inside [...] must be quoted for YAML 1.1 readers
    return Edit(path, start, end, f"[{written}, '{item}']")


def append_top_level_key(path: str, text: str, lines: list[str]) -> Edit:
    """`lines` (a key and its nested lines) at the end of the file."""
    data = text.encode("utf-8")
    lead = "" if not data or data.endswith(b"\n") else "\n"
    return Edit(path, len(data), len(data), lead + "".join(line + "\n" for line in lines))


def add_first_item(path: str, text: str, sequence: Node, keys: list[str]) -> Edit | None:
    """A mapping item (`key: value` lines) first in a block sequence of mappings, at the dash column of its first
    item: `- name: NODE_ENV` / `  value: production`."""
    if not isinstance(sequence, SequenceNode) or sequence.flow_style or not sequence.value or not keys:
        return None
    first = sequence.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    dash = text.find("-", line_start, first.start_mark.index)
    if dash < 0 or text[line_start:dash].strip():
        return None
    pad = " " * (dash - line_start)
    gap = " " * (first.start_mark.column - (dash - line_start) - 1)  # `- ` or `-   `, as the list writes it
    block = "".join(f"{pad}{'-' if i == 0 else ' '}{gap}{key}\n" for i, key in enumerate(keys))
    offset = byte_offset(text, line_start)
    return Edit(path, offset, offset, block)
