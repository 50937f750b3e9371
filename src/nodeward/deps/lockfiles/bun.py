"""bun.lock, bun's text lockfile (JSONC, lockfileVersion 0-2): workspaces plus install-path keyed tuples."""

from __future__ import annotations

from typing import Any

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.lockfiles.graph import OPTIONAL, PEER, Importer, Node, derive_flags, to_packages
from nodeward.deps.lockfiles.json_text import load_json, section_key_lines, strip_jsonc
from nodeward.deps.lockfiles.manifests import DEP_GROUPS
from nodeward.deps.lockfiles.specs import alias_target, source_of, split_name_version, tarball_name_version
from nodeward.deps.packages import Lockfile


def parse_bun_lock(path: str, text: str) -> Lockfile:
    data = load_json(path, strip_jsonc(text))
    if not isinstance(data, dict) or "lockfileVersion" not in data:
        raise LockfileError(path, "not a bun.lock (no lockfileVersion)")
    version = str(data.get("lockfileVersion"))
    raw_workspaces = data.get("workspaces")
    workspaces: dict[str, Any] = raw_workspaces if isinstance(raw_workspaces, dict) else {}
    raw_entries = data.get("packages")
    entries: dict[str, Any] = raw_entries if isinstance(raw_entries, dict) else {}
    lines = section_key_lines(text, "packages")

    nodes: dict[str, Node] = {}
    for key, entry in entries.items():
        if not isinstance(entry, list) or not entry or not isinstance(entry[0], str):
            raise LockfileError(path, f"package {key!r} is not a bun package tuple")
        name, spec = split_name_version(entry[0])
        meta = next((item for item in entry[1:] if isinstance(item, dict)), {})
        integrity = entry[-1] if len(entry) >= 3 and isinstance(entry[-1], str) else None
        source = _source(spec)
        version_text = spec
        if source == "tarball":
            name, version_text = tarball_name_version(spec) or (name, "")
        elif source != "registry":
            version_text = ""
        target = alias_target(spec)
        if target:
            name, version_text = target
        folder = _last_name(key)
        nodes[key] = Node(
            id=key,
            name=name,
            version=version_text,
            source=source,
            alias=folder if folder != name and source in {"registry", "tarball"} else None,
            resolved=spec if source != "registry" else None,
            integrity=integrity if source != "workspace" else None,
            line=lines.get(key, 1),
        )
        nodes[key].edges.extend(_declared_edges(meta, include_dev=False))

    def resolve(from_key: str, dep: str) -> str | None:
        """bun keys nested copies by the chain of parent names: `json5/minimist`, `@s/a/@s/b`."""
        base = from_key
        while True:
            candidate = f"{base}/{dep}" if base else dep
            if candidate in nodes:
                return candidate
            if not base:
                return None
            last = _last_name(base)
            base = base[: -len(last)].rstrip("/") if len(last) < len(base) else ""

    for key, node in nodes.items():
        node.edges = [(dep, t, kind) for dep, spec, kind in node.edges if (t := resolve(key, dep)) is not None]

    workspace_keys = {
        (n.resolved or "").removeprefix("workspace:"): k for k, n in nodes.items() if n.source == "workspace"
    }
    importers: list[Importer] = []
    direct: dict[str, dict[str, tuple[str, str]]] = {}
    for folder, info in workspaces.items():
        info = info if isinstance(info, dict) else {}
        workspace = "" if folder in {".", ""} else str(folder)
        importer = Importer(workspace)
        # A workspace's own nested copies are keyed under its package name.
        scope = workspace_keys.get(workspace, "")
        declared: dict[str, tuple[str, str]] = {}
        for dep, spec, kind in _declared_edges(info, include_dev=True):
            declared.setdefault(dep, (spec, kind))
            node_id = resolve(scope, dep) if scope else resolve("", dep)
            if node_id is not None and kind != PEER:
                importer.edges.append((dep, node_id, kind))
                if source_of(spec) in {"tarball", "git"} and nodes[node_id].source == "registry":
                    nodes[node_id].source = source_of(spec)
        direct[workspace] = declared
        importers.append(importer)
    derive_flags(nodes, importers)
    return Lockfile(path, "bun", version, to_packages(path, nodes, importers), direct)


def _declared_edges(meta: dict[str, Any], include_dev: bool) -> list[tuple[str, str, str]]:
    edges = []
    optional_peers = set(meta.get("optionalPeers") or [])
    for group, kind in DEP_GROUPS:
        if kind == "dev" and not include_dev:
            continue
        deps = meta.get(group)
        if not isinstance(deps, dict):
            continue
        for dep, spec in deps.items():
            edges.append((str(dep), str(spec), OPTIONAL if kind == PEER and dep in optional_peers else kind))
    return edges


def _last_name(key: str) -> str:
    parts = key.split("/")
    if len(parts) >= 2 and parts[-2].startswith("@"):
        return f"{parts[-2]}/{parts[-1]}"
    return parts[-1]


def _source(spec: str) -> str:
    if spec.startswith("workspace:"):
        return "workspace"
    if spec.startswith(("github:", "git+", "git:")) or "#" in spec:
        return "git"
    if spec.startswith(("file:", "link:")):
        return "file" if spec.startswith("file:") else "link"
    if spec.startswith(("http://", "https://")):
        return "tarball"
    return "registry"
