"""yarn.lock written by yarn 2+ (berry): YAML with `__metadata`, keyed by descriptor lists."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.lockfiles.graph import OPTIONAL, PROD, Importer, Node, derive_flags, to_packages
from nodeward.deps.lockfiles.manifests import declared_from_manifest
from nodeward.deps.lockfiles.specs import source_of, split_name_version, tarball_name_version
from nodeward.deps.lockfiles.yaml_text import load_yaml_documents, top_level_key_lines
from nodeward.deps.packages import Lockfile

_METADATA = re.compile(r"^__metadata:\s*$", re.MULTILINE)
# `patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d`: a registry package patched.
_PATCH = re.compile(r"^patch:(?P<inner>[^#]+)#")


def looks_like_berry(text: str) -> bool:
    return bool(_METADATA.search(text[:8192]))


def parse_yarn_berry(path: str, text: str, manifests: Mapping[str, str] | None = None) -> Lockfile:
    documents = load_yaml_documents(path, text)
    data = documents[-1] if documents else None
    if not isinstance(data, dict) or not isinstance(data.get("__metadata"), dict):
        raise LockfileError(path, "not a yarn berry lockfile (no __metadata)")
    version = f"berry-{data['__metadata'].get('version', '?')}"
    key_line = top_level_key_lines(text, "")

    nodes: dict[str, Node] = {}
    descriptors: dict[str, str] = {}  # "name@range" (locator suffix stripped) -> node id
    workspaces: dict[str, str] = {}  # node id -> workspace folder
    for key, entry in data.items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        resolution = str(entry.get("resolution") or "")
        first_descriptor = str(key).split(",")[0].strip()
        declared_name, _ = split_name_version(first_descriptor)
        res_name, res_range = split_name_version(resolution)
        node_id = resolution or str(key)
        for descriptor in str(key).split(","):
            descriptor = descriptor.strip()
            descriptors.setdefault(descriptor, node_id)
            descriptors.setdefault(descriptor.split("::", 1)[0], node_id)
        if node_id in nodes:
            continue
        name, version_text, alias = res_name or declared_name, str(entry.get("version") or ""), None
        patch = _PATCH.match(res_range)
        if patch:
            res_range = unquote(patch.group("inner")).split("@", 1)[-1] if "@" in patch.group("inner") else ""
        source = _source(res_range)
        if res_range.startswith("workspace:"):
            folder = res_range.removeprefix("workspace:")
            workspaces[node_id] = "" if folder in {".", ""} else folder
            version_text = "" if version_text == "0.0.0-use.local" else version_text
        if source == "tarball":
            real = tarball_name_version(res_range)
            if real:
                alias = name if real[0] != name else None
                name, version_text = real[0], version_text or real[1]
        if name != declared_name and source == "registry":
            alias = declared_name
        nodes[node_id] = Node(
            id=node_id,
            name=name,
            version=version_text,
            source=source,
            alias=alias,
            resolved=res_range if source != "registry" else None,
            integrity=str(entry["checksum"]) if entry.get("checksum") else None,
            line=key_line.get(str(key), 1),
        )
        nodes[node_id].edges.extend(_edges(entry))
    for node in nodes.values():
        node.edges = [(dep, descriptors[target], kind) for dep, target, kind in node.edges if target in descriptors]

    importers: list[Importer] = []
    direct: dict[str, dict[str, tuple[str, str]]] = {}
    for node_id, folder in sorted(workspaces.items(), key=lambda item: item[1]):
        node = nodes[node_id]
        declared = declared_from_manifest((manifests or {}).get(folder))
        importer = Importer(folder)
        if declared is None:
            # Berry folds devDependencies into a workspace's `dependencies`: without package.json, all count as prod.
            declared = {dep: ("", kind) for dep, _, kind in node.edges}
        for dep, target, kind in node.edges:
            importer.edges.append((dep, target, declared.get(dep, ("", kind))[1]))
        direct[folder] = declared
        importers.append(importer)
        node.edges = []  # a workspace's dependencies are its importer's edges
    derive_flags(nodes, importers)
    return Lockfile(path, "yarn-berry", version, to_packages(path, nodes, importers), direct)


def _edges(entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    raw_meta = entry.get("dependenciesMeta")
    optional_meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
    edges = []
    for dep, spec in (entry.get("dependencies") or {}).items():
        raw_meta = optional_meta.get(dep)
        meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
        edges.append((str(dep), f"{dep}@{spec}", OPTIONAL if meta.get("optional") else PROD))
    for dep, spec in (entry.get("optionalDependencies") or {}).items():
        edges.append((str(dep), f"{dep}@{spec}", OPTIONAL))
    # peerDependencies are not edges here: berry resolves them to the parent's own dependency.
    return edges


def _source(res_range: str) -> str:
    if res_range.startswith("npm:"):
        return "registry"
    if "#commit=" in res_range or res_range.startswith(("git", "github:")):
        return "git"
    return source_of(res_range.split("::", 1)[0].split("#", 1)[0] if res_range.startswith("file:") else res_range)
