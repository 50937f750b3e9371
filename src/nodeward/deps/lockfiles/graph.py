"""The dependency graph every lockfile parser builds, and what is derived from it: flags, introduction paths."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from nodeward.deps.packages import Package
from nodeward.findings import Location

# A few shortest introduction paths are enough to tell the user where a package comes from; bounding them keeps
# huge or cyclic graphs linear.
MAX_PATHS = 3
MAX_PATH_LENGTH = 64

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Edge kinds: how a package (or importer) depends on another.
PROD, DEV, OPTIONAL, PEER = "prod", "dev", "optional", "peer"


@dataclass
class Node:
    """One installed package entry of a lockfile, before flags and paths are settled."""

    id: str
    name: str  # real registry name
    version: str
    source: str = "registry"
    alias: str | None = None
    resolved: str | None = None
    integrity: str | None = None
    line: int = 1
    dev: bool = False
    optional: bool = False
    peer: bool = False
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (name as depended on, target id, kind)


@dataclass
class Importer:
    """A project or workspace folder ("" = root) and its direct dependencies."""

    workspace: str
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (name as declared, target id, kind)


def derive_flags(nodes: dict[str, Node], importers: Iterable[Importer]) -> None:
    """Set dev/optional the way npm does: dev = only reachable from devDependencies, optional = only through
    optional edges. Used where the lockfile has no flags (pnpm 9, yarn, bun)."""
    importers = list(importers)
    not_dev = _reach(nodes, [t for imp in importers for _, t, kind in imp.edges if kind != DEV], skip_kind=None)
    not_optional = _reach(
        nodes, [t for imp in importers for _, t, kind in imp.edges if kind != OPTIONAL], skip_kind=OPTIONAL
    )
    reached = _reach(nodes, [t for imp in importers for _, t, _ in imp.edges], skip_kind=None)
    for node_id, node in nodes.items():
        # An entry no importer reaches (package.json and lockfile out of sync) is not known to be dev or optional:
        # it stays a production package, so --omit dev never hides it.
        node.dev = node_id in reached and node_id not in not_dev
        node.optional = node_id in reached and node_id not in not_optional


def _reach(nodes: dict[str, Node], starts: list[str], skip_kind: str | None) -> set[str]:
    seen: set[str] = set()
    queue = deque(t for t in starts if t in nodes)
    seen.update(queue)
    while queue:
        node = nodes[queue.popleft()]
        for _, target, kind in node.edges:
            if kind == skip_kind or target in seen or target not in nodes:
                continue
            seen.add(target)
            queue.append(target)
    return seen


def introduction_paths(
    nodes: dict[str, Node], importers: Iterable[Importer]
) -> dict[str, tuple[str, tuple[tuple[str, ...], ...]]]:
    """For each node: the first workspace (root first) that reaches it, and up to MAX_PATHS shortest chains of
    names from one of that workspace's direct dependencies down to the node (both ends included)."""
    result: dict[str, tuple[str, list[tuple[str, ...]]]] = {}
    ordered = sorted(importers, key=lambda imp: (imp.workspace != "", imp.workspace))
    for importer in ordered:
        paths: dict[str, list[tuple[str, ...]]] = {}
        queue: deque[str] = deque()
        for name, target, _ in importer.edges:
            if target not in nodes:
                continue
            found = paths.setdefault(target, [])
            if len(found) < MAX_PATHS and (name,) not in found:
                if not found:
                    queue.append(target)
                found.append((name,))
        while queue:
            node_id = queue.popleft()
            for chain in list(paths[node_id]):
                if len(chain) >= MAX_PATH_LENGTH:
                    continue
                for name, target, _ in nodes[node_id].edges:
                    if target not in nodes or target == node_id:
                        continue
                    found = paths.setdefault(target, [])
                    if len(found) >= MAX_PATHS or name in chain:
                        continue
                    if not found:
                        queue.append(target)
                    found.append((*chain, name))
        for node_id, chains in paths.items():
            if node_id not in result:
                result[node_id] = (importer.workspace, chains)
    return {node_id: (ws, tuple(chains)) for node_id, (ws, chains) in result.items()}


def to_packages(lockfile_path: str, nodes: dict[str, Node], importers: Iterable[Importer]) -> tuple[Package, ...]:
    """One Package per distinct installed package: copies of the same name@version (several install paths, pnpm
    peer variants) are merged, keeping the shortest introduction paths and flags that hold for every copy."""
    importers = list(importers)
    reached = introduction_paths(nodes, importers)
    merged: dict[tuple[str, str, str, str | None], Package] = {}
    for node_id, node in nodes.items():
        workspace, paths = reached.get(node_id, ("", ()))
        identity = (node.name, node.version, node.source, node.resolved if node.source != "registry" else None)
        package = Package(
            name=_printable(node.name),
            version=_printable(node.version),
            source=node.source,
            dev=node.dev,
            optional=node.optional,
            peer=node.peer,
            alias=_printable(node.alias) if node.alias else None,
            workspace=_printable(workspace),
            paths=tuple(tuple(_printable(name) for name in chain) for chain in paths),
            resolved=_printable(node.resolved) if node.resolved else None,
            integrity=node.integrity,
            location=Location(lockfile_path, max(1, node.line)),
        )
        earlier = merged.get(identity)
        if earlier is not None:
            package = _merge(earlier, package)
        merged[identity] = package
    return tuple(sorted(merged.values(), key=lambda p: (p.name, p.version, p.location.line)))


def _printable(text: str) -> str:
    """Lockfile strings end up in terminals and reports: control characters (escape sequences) are neutralised."""
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


def _merge(first: Package, second: Package) -> Package:
    paths = sorted({*first.paths, *second.paths}, key=lambda chain: (len(chain), chain))[:MAX_PATHS]
    keep = first if first.location.line <= second.location.line else second
    return replace(
        keep,
        dev=first.dev and second.dev,
        optional=first.optional and second.optional,
        peer=first.peer and second.peer,
        alias=first.alias or second.alias,
        workspace=min(first.workspace, second.workspace, key=lambda ws: (ws != "", ws)),
        paths=tuple(paths),
    )
