"""YAML composed safely into line-numbered nodes: bounded depth, bounded aliases, alias bombs rejected fast.

We compose (never construct) documents: a node graph keeps every value's line, and aliases stay shared references,
so an alias bomb costs nothing until someone walks it. Before handing a document out we count the nodes it would
expand to (memoised per node, so linear in the document's real size) and reject it past a limit. The composer is our
own loop over PyYAML's (libyaml's, when available) event stream: iterative, with a nesting limit and an alias budget,
so neither depth nor aliases can exhaust the stack or the memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 100
MAX_ALIASES = 10_000
MAX_EXPANDED_NODES = 1_000_000
MAX_DOCUMENTS = 5_000
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_NULL_TAG = "tag:yaml.org,2002:null"


class YamlProblem(ValueError):
    """A YAML text that cannot be used: the message is one line and says where."""


# libyaml's event parser when PyYAML was built with it (much faster); the pure-Python one otherwise. Either way the
# events are composed into nodes by our own loop below, which is iterative: no recursion to exhaust, whatever the depth.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NO_KEY = object()


def _tag(loader: yaml.SafeLoader, kind: type[Node], event: yaml.Event, value: str | None) -> str:
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!":
        return loader.resolve(kind, value, event.implicit)
    return tag


def _compose_document(loader: yaml.SafeLoader, budget: list[int]) -> Node:
    """Compose one document from the event stream (after its DocumentStart). `budget` = [aliases left]."""
    anchors: dict[str, Node] = {}
    stack: list[list] = []  # [collection node, pending mapping key or _NO_KEY]
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise YamlProblem(f"undefined alias *{event.anchor} (line {event.start_mark.line + 1})")
            budget[0] -= 1
            if budget[0] < 0:
                raise YamlProblem(f"more than {MAX_ALIASES} aliases (line {event.start_mark.line + 1}); refusing")
            done: Node = anchors[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            tag = _tag(loader, ScalarNode, event, event.value)
            done = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if event.anchor is not None:
                anchors[event.anchor] = done
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels (line {event.start_mark.line + 1})")
            if isinstance(event, yaml.SequenceStartEvent):
                node: Node = SequenceNode(
                    _tag(loader, SequenceNode, event, None), [], event.start_mark, None, event.flow_style
                )
            else:
                node = MappingNode(_tag(loader, MappingNode, event, None), [], event.start_mark, None, event.flow_style)
            if event.anchor is not None:
                anchors[event.anchor] = node
            stack.append([node, _NO_KEY])
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()[0]
            done.end_mark = event.end_mark
        else:
            raise YamlProblem(f"unexpected {type(event).__name__} (line {event.start_mark.line + 1})")
        if not stack:
            return done
        frame = stack[-1]
        parent = frame[0]
        if isinstance(parent, SequenceNode):
            parent.value.append(done)
        elif frame[1] is _NO_KEY:
            frame[1] = done
        else:
            parent.value.append((frame[1], done))
            frame[1] = _NO_KEY


def _expanded_size(root: Node, limit: int) -> int:
    """How many nodes the document has once every alias is expanded; raises past `limit` or on a cycle."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > limit:
                raise YamlProblem(f"expands to more than {limit} nodes (alias bomb?); refusing to expand")
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlProblem(f"recursive alias at line {node.start_mark.line + 1}")
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise YamlProblem(f"recursive alias at line {child.start_mark.line + 1}")
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _one_line(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        return f"{what} (line {mark.line + 1})" if mark else what
    return str(exc).splitlines()[0] if str(exc) else "invalid YAML"


def compose_documents(text: str) -> list[Node]:
    """Every document of a (multi-document) YAML text as a node graph; empty documents are dropped."""
    # libyaml wants encodable text: lone surrogates (from a surrogateescape decode) become U+FFFD.
    text = text.encode("utf-8", "replace").decode("utf-8")
    loader = _Loader(text)
    documents: list[Node] = []
    budget = [MAX_ALIASES]
    try:
        loader.get_event()  # StreamStart
        while not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # DocumentStart
            before = budget[0]
            node = _compose_document(loader, budget)
            loader.get_event()  # DocumentEnd
            if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
                continue
            if budget[0] != before:  # without aliases a document is exactly as big as its text: nothing to expand
                _expanded_size(node, MAX_EXPANDED_NODES)
            documents.append(node)
            if len(documents) > MAX_DOCUMENTS:
                raise YamlProblem(f"more than {MAX_DOCUMENTS} documents")
    except yaml.YAMLError as exc:
        raise YamlProblem(_one_line(exc)) from None
    finally:
        loader.dispose()
    return documents


# --- reading nodes ---------------------------------------------------------------------------------------------


def line_of(node: Node) -> int:
    """1-based line where a node starts."""
    return node.start_mark.line + 1


def is_mapping(node: Node | None) -> bool:
    return isinstance(node, MappingNode)


def is_sequence(node: Node | None) -> bool:
    return isinstance(node, SequenceNode)


def text(node: Node | None) -> str | None:
    """The text of a scalar (null gives None); None for mappings and sequences."""
    if not isinstance(node, ScalarNode) or node.tag == _NULL_TAG:
        return None
    return node.value


def boolean(node: Node | None) -> bool | None:
    """A YAML 1.1 boolean (true/yes/on...), as the tools reading these files see it; None if not a boolean."""
    if not isinstance(node, ScalarNode) or node.tag != _BOOL_TAG:
        return None
    return node.value.lower() in {"yes", "true", "on"}


def integer(node: Node | None) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag != _INT_TAG:
        return None
    try:
        return int(node.value.replace("_", ""), 0)
    except ValueError:
        try:
            return int(node.value)
        except ValueError:
            return None


@dataclass(frozen=True)
class Entry:
    key: str
    key_node: Node
    value: Node


def entries(node: Node | None, _merge_depth: int = 0) -> list[Entry]:
    """The entries of a mapping with `<<` merge keys applied (explicit keys win), in source order."""
    if not isinstance(node, MappingNode):
        return []
    own: list[Entry] = []
    merged: list[Entry] = []
    for key_node, value in node.value:
        if key_node.tag == _MERGE_TAG and _merge_depth < 20:
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for source in sources:
                merged.extend(entries(source, _merge_depth + 1))
            continue
        key = text(key_node)
        if key is not None:
            own.append(Entry(key, key_node, value))
    seen = {e.key for e in own}
    result = list(own)
    for e in merged:
        if e.key not in seen:
            seen.add(e.key)
            result.append(e)
    return result


def get(node: Node | None, key: str) -> Node | None:
    for e in entries(node):
        if e.key == key:
            return e.value
    return None


def get_entry(node: Node | None, key: str) -> Entry | None:
    for e in entries(node):
        if e.key == key:
            return e
    return None


def items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []
