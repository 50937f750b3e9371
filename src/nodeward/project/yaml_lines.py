"""YAML loaded safely into plain values that remember their line: bounded depth, bounded size, alias bombs refused.

Documents are composed (never constructed: no tags run code), then converted with a budget of nodes visited, so an
alias bomb that would expand to a billion nodes stops after `max_nodes` visits instead of eating the machine. Mappings,
sequences and strings come back as `YMap`, `YList` and `YStr` (dict, list and str subclasses carrying `.line`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_DOCUMENTS = 1_000

_TAG = "tag:yaml.org,2002:"


class YamlError(ValueError):
    """The text is not usable YAML; the message is one line and says where."""


class YMap(dict):  # type: ignore[type-arg]
    """A mapping with the 1-based line where it starts and the line of each key."""

    line: int = 0

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):  # type: ignore[type-arg]
    line: int = 0

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


class YStr(str):
    """A string scalar; `line` is where its text starts (the line after `|`/`>` for block scalars)."""

    line: int = 0
    block: bool = False

    def __new__(cls, value: str, line: int, block: bool = False) -> YStr:
        obj = super().__new__(cls, value)
        obj.line = line
        obj.block = block
        return obj


class _DepthLimitedLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses deep nesting before PyYAML's recursive composer hits the recursion limit."""

    def __init__(self, stream: str, max_depth: int) -> None:
        super().__init__(stream)
        self._depth = 0
        self._max_depth = max_depth

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                mark = self.peek_event().start_mark
                raise YamlError(f"nesting deeper than {self._max_depth} levels (line {mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> list[Any]:
    """Every document of a YAML text as line-aware plain values. Raises YamlError with a one-line message."""
    # libyaml composes ~20x faster than the pure-Python composer, but its composer recurses in C: use it only when
    # a cheap bound on the nesting depth shows the text is shallow, and the depth-checking Python composer otherwise.
    fast = yaml.__with_libyaml__ and _depth_bound(text) <= max_depth
    loader: Any = yaml.CSafeLoader(text) if fast else _DepthLimitedLoader(text, max_depth)
    budget = [max_nodes]
    documents: list[Any] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if _expanded_size(node, max_nodes) > max_nodes:
                raise YamlError("document expands to too many nodes (alias bomb?); refused")
            documents.append(_convert(node, budget, 0, max_depth))
            if len(documents) > MAX_DOCUMENTS:
                raise YamlError(f"more than {MAX_DOCUMENTS} documents")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlError(f"{what} (line {mark.line + 1})" if mark else what) from None
    except yaml.YAMLError as exc:
        raise YamlError((str(exc).splitlines() or ["invalid YAML"])[0]) from None
    except RecursionError:
        raise YamlError("nesting too deep") from None
    finally:
        loader.dispose()
    return documents


_FLOW = re.compile(r"[\[\]{}]")
_COMPACT = re.compile(r"(?:[-?:](?:\s+|$))+")


def _depth_bound(text: str) -> int:
    """An upper bound on a YAML text's nesting depth: block nesting needs more indentation or a compact indicator
    (`- - x`) per level, flow nesting needs a bracket per level. Quoted brackets only make the bound looser."""
    block = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        compact = _COMPACT.match(stripped)
        block = max(block, indent + (compact.group().count(" ") + 1 if compact and compact.group() else 0))
    depth = flow = 0
    for m in _FLOW.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        flow = max(flow, depth)
    return block + flow


def _expanded_size(root: Node, limit: int) -> int:
    """How many nodes the document would have with every alias expanded, memoised per node (linear in the real
    size); stops counting past `limit`. A recursive alias counts as too big."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes.get(id(c), limit + 1) for c in _children(node)))
            continue
        if key in sizes:
            continue
        if key in on_path:
            return limit + 1
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return limit + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load_yaml_document(text: str) -> Any:
    """The first document (None for an empty text)."""
    documents = load_yaml(text)
    return documents[0] if documents else None


def _convert(node: Node, budget: list[int], depth: int, max_depth: int) -> Any:
    # Aliases are shared node objects: converting them again is what an alias bomb exploits, so every visit costs.
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError("document expands to too many nodes (alias bomb?); refused")
    if depth > max_depth:
        raise YamlError(f"nesting deeper than {max_depth} levels (line {node.start_mark.line + 1})")
    line = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        return _scalar(node, line)
    if isinstance(node, SequenceNode):
        seq = YList(line)
        for child in node.value:
            seq.append(_convert(child, budget, depth + 1, max_depth))
        return seq
    if isinstance(node, MappingNode):
        mapping = YMap(line)
        merged: list[YMap] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    value = _convert(source, budget, depth + 1, max_depth)
                    if isinstance(value, YMap):
                        merged.append(value)
                continue
            key = _convert(key_node, budget, depth + 1, max_depth)
            if isinstance(key, (YMap, YList)):
                continue  # complex keys never matter to the files we read
            key = "null" if key is None else str(key)
            mapping[key] = _convert(value_node, budget, depth + 1, max_depth)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        for source in merged:  # explicit keys win over merged ones
            for key, value in source.items():
                if key not in mapping:
                    mapping[key] = value
                    mapping.key_lines[key] = source.line_of(key)
        return mapping
    return None


def _scalar(node: ScalarNode, line: int) -> Any:
    tag = node.tag
    value = node.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() in ("yes", "true", "on", "y")
    if tag == _TAG + "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return YStr(value, line)
    if tag == _TAG + "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return YStr(value, line)
    block = node.style in ("|", ">")
    return YStr(value, line + 1 if block else line, block)
