"""yarn.lock written by yarn 1 (classic): its own indented format, keyed by descriptor lists."""

from __future__ import annotations

import json
from collections.abc import Mapping

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.lockfiles.graph import OPTIONAL, PROD, Importer, Node, derive_flags, to_packages
from nodeward.deps.lockfiles.manifests import declared_from_manifest
from nodeward.deps.lockfiles.specs import alias_target, source_of, split_name_version, tarball_name_version
from nodeward.deps.packages import Lockfile

_MAX_ENTRY_LINES = 10_000


def parse_yarn_classic(path: str, text: str, manifests: Mapping[str, str] | None = None) -> Lockfile:
    entries = _read_entries(path, text)
    nodes: dict[str, Node] = {}
    descriptors: dict[str, str] = {}
    pending: dict[str, list[tuple[str, str, str]]] = {}
    for line, header, fields, groups in entries:
        node_id = header
        descriptor_list = [_unquote(d.strip()) for d in header.split(",") if d.strip()]
        if not descriptor_list:
            continue
        for descriptor in descriptor_list:
            descriptors.setdefault(descriptor, node_id)
        folder_name, spec = split_name_version(descriptor_list[0])
        version_text = fields.get("version", "")
        resolved = fields.get("resolved", "")
        name, alias, source = folder_name, None, source_of(spec)
        target = alias_target(spec)
        if target:
            name, alias = target[0], folder_name
        elif source == "tarball":
            real = tarball_name_version(resolved or spec)
            if real:
                name, version_text = real[0], version_text or real[1]
                alias = folder_name if real[0] != folder_name else None
        if source == "registry" and resolved and source_of(resolved) == "git":
            source = "git"
        nodes[node_id] = Node(
            id=node_id,
            name=name,
            version=version_text,
            source=source,
            alias=alias,
            resolved=(resolved or spec) if source != "registry" else None,
            integrity=fields.get("integrity"),
            line=line,
        )
        pending[node_id] = [
            (dep, f"{dep}@{rng}", OPTIONAL if group == "optionalDependencies" else PROD)
            for group, deps in groups.items()
            for dep, rng in deps.items()
        ]
    for node_id, edges in pending.items():
        nodes[node_id].edges = [(dep, descriptors[d], kind) for dep, d, kind in edges if d in descriptors]

    importers: list[Importer] = []
    direct: dict[str, dict[str, tuple[str, str]]] = {}
    for folder, manifest in sorted((manifests or {}).items()):
        declared = declared_from_manifest(manifest)
        if declared is None:
            continue
        importer = Importer(folder)
        for dep, (spec, kind) in declared.items():
            resolved_id = descriptors.get(f"{dep}@{spec}")
            if resolved_id is not None:
                importer.edges.append((dep, resolved_id, kind))
        direct[folder] = declared
        importers.append(importer)
    if not importers:
        # yarn 1 records no importers: without package.json, the entries nobody depends on are the roots.
        required = {t for node in nodes.values() for _, t, _ in node.edges}
        importers.append(Importer("", [(nodes[n].alias or nodes[n].name, n, PROD) for n in nodes if n not in required]))
    derive_flags(nodes, importers)
    return Lockfile(path, "yarn-classic", "1", to_packages(path, nodes, importers), direct)


Entry = tuple[int, str, dict[str, str], dict[str, dict[str, str]]]


def _read_entries(path: str, text: str) -> list[Entry]:
    """(line, header, scalar fields, dependency groups) for each top-level entry."""
    entries: list[Entry] = []
    current: Entry | None = None
    group: dict[str, str] | None = None
    saw_marker = "# yarn lockfile v1" in text[:1024]
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        line = raw.strip()
        if indent == 0:
            if not line.endswith(":"):
                raise LockfileError(path, f"not a yarn.lock: unexpected text at line {number}")
            current = (number, line[:-1], {}, {})
            entries.append(current)
            group = None
            continue
        if current is None:
            raise LockfileError(path, f"not a yarn.lock: indented text before any entry at line {number}")
        if len(current[2]) + sum(len(g) for g in current[3].values()) > _MAX_ENTRY_LINES:
            raise LockfileError(path, f"entry at line {current[0]} is implausibly long")
        if indent <= 2:
            if line.endswith(":"):
                group = current[3].setdefault(_unquote(line[:-1]), {})
                continue
            key, _, value = line.partition(" ")
            current[2][_unquote(key)] = _unquote(value.strip())
            group = None
        elif group is not None:
            key, _, value = line.partition(" ")
            group[_unquote(key.rstrip(":"))] = _unquote(value.strip())
    if not saw_marker and not entries and text.strip():
        raise LockfileError(path, "not a yarn.lock")
    return entries


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value))
        except ValueError:
            return value[1:-1]
    return value
