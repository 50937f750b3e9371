"""YAML loaded safely into plain values that remember their line: bounded depth, bounded size, alias bombs refused.

Documents are composed (never constructed: no tags run code), then converted with a budget of nodes visited, so an
alias bomb that would expand to a billion nodes stops after `max_nodes` visits instead of eating the machine. Mappings,
sequences and strings come back as `YMap`, `YList` and `YStr` (dict, list and str subclasses carrying `.line`).
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from nodeward.collect.safe_yaml import YamlProblem, compose_documents

MAX_DEPTH = 64
MAX_NODES = 200_000

_TAG = "tag:yaml.org,2002:"


# One safe composer for the whole tree (bounded depth, aliases and expansion; see safe_yaml): this module only turns
# its node graph into line-aware plain values.
YamlError = YamlProblem


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


def load_yaml(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> list[Any]:
    """Every document of a YAML text as line-aware plain values. Raises YamlError with a one-line message."""
    budget = [max_nodes]
    return [_convert(node, budget, 0, max_depth) for node in compose_documents(text)]


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
