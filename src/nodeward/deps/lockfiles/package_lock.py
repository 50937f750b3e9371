"""package-lock.json and npm-shrinkwrap.json, lockfile versions 1 (npm 5/6), 2 (npm 7/8) and 3 (npm 9+)."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.lockfiles.graph import DEV, OPTIONAL, PROD, Importer, Node, to_packages
from nodeward.deps.lockfiles.json_text import key_lines, load_json, section_key_lines
from nodeward.deps.lockfiles.manifests import DEP_GROUPS, declared_from_manifest
from nodeward.deps.lockfiles.specs import alias_target, source_of, tarball_name_version
from nodeward.deps.packages import Lockfile


def parse_package_lock(path: str, text: str, manifests: Mapping[str, str] | None = None) -> Lockfile:
    """Parse a package-lock.json / npm-shrinkwrap.json. `manifests` maps workspace folder -> package.json text and
    is only needed for v1 files, which do not record the root's declared dependencies."""
    data = load_json(path, text)
    if not isinstance(data, dict):
        raise LockfileError(path, "not an npm lockfile (top level is not an object)")
    version = data.get("lockfileVersion")
    fmt = "npm-shrinkwrap" if path.rsplit("/", 1)[-1] == "npm-shrinkwrap.json" else "package-lock"
    packages = data.get("packages")
    if isinstance(packages, dict) and packages:
        return _parse_packages(path, fmt, str(version or 2), packages, text)
    dependencies = data.get("dependencies")
    if isinstance(dependencies, dict) or version == 1:
        return _parse_v1(path, fmt, str(version or 1), dependencies or {}, text, manifests or {})
    if isinstance(packages, dict):
        return Lockfile(path, fmt, str(version or 2), ())
    raise LockfileError(path, "not an npm lockfile (no 'packages' or 'dependencies')")


# --- v2 / v3: the flat `packages` map keyed by install path ---------------------------------------------------------


def _name_from_path(key: str) -> str:
    """`node_modules/a/node_modules/@s/b` -> `@s/b`; a folder key (`vendor/local-lib`) -> its last segment."""
    parts = key.split("/")
    if len(parts) >= 2 and parts[-2].startswith("@"):
        return f"{parts[-2]}/{parts[-1]}"
    return parts[-1]


def _is_workspace(key: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(key, pattern.rstrip("/")) for pattern in patterns)


def _parse_packages(path: str, fmt: str, version: str, entries: dict[str, Any], text: str) -> Lockfile:
    lines = section_key_lines(text, "packages")
    raw_root = entries.get("")
    root: dict[str, Any] = raw_root if isinstance(raw_root, dict) else {}
    patterns = root.get("workspaces") or []
    if isinstance(patterns, dict):  # the yarn-style {"packages": [...]} form
        patterns = patterns.get("packages") or []
    patterns = [p for p in patterns if isinstance(p, str)]

    nodes: dict[str, Node] = {}
    links: dict[str, str] = {}  # link key -> target key
    importer_keys = {""}
    for key, entry in entries.items():
        if not isinstance(entry, dict) or key == "":
            continue
        line = lines.get(key, 1)
        if entry.get("link"):
            links[key] = str(entry.get("resolved") or "")
            continue
        folder_name = _name_from_path(key)
        name = str(entry.get("name") or folder_name)
        alias = folder_name if "node_modules/" in f"/{key}" and name != folder_name else None
        resolved = str(entry.get("resolved") or "")
        version_text = str(entry.get("version") or "")
        if "node_modules/" not in f"/{key}":
            # A folder inside the project: a workspace or the target of a `file:` dependency.
            source = "workspace" if _is_workspace(key, patterns) else "file"
            if source == "workspace":
                importer_keys.add(key)
            resolved = key
        else:
            source = source_of(resolved)
            if source == "tarball":
                # Registry packages are resolved to tarball URLs too; whether this one was asked for by URL is
                # settled below from the specs its dependents declare.
                source = "registry"
                if not version_text:
                    name, version_text = tarball_name_version(resolved) or (name, version_text)
        nodes[key] = Node(
            id=key,
            name=name,
            version=version_text,
            source=source,
            alias=alias,
            resolved=resolved if source != "registry" else None,
            integrity=entry.get("integrity") if isinstance(entry.get("integrity"), str) else None,
            line=line,
            dev=bool(entry.get("dev")),
            optional=bool(entry.get("optional")),
            peer=bool(entry.get("peer")),
        )

    def resolve(from_key: str, dep: str) -> str | None:
        """Node's module resolution over install paths: the nearest node_modules/<dep> up the tree."""
        base = from_key
        while True:
            candidate = f"{base}/node_modules/{dep}" if base else f"node_modules/{dep}"
            target = links.get(candidate, candidate)
            if target in nodes or candidate in links:
                return target
            if not base:
                return None
            cut = base.rfind("/node_modules/")
            base = base[:cut] if cut >= 0 else ""

    direct: dict[str, dict[str, tuple[str, str]]] = {}
    importers: list[Importer] = []
    declared_specs: dict[str, set[str]] = {}  # node key -> every spec its dependents declare for it
    for key in sorted(importer_keys):
        entry = root if key == "" else entries.get(key, {})
        importer = Importer(key)
        declared: dict[str, tuple[str, str]] = {}
        for group, kind in DEP_GROUPS:
            for dep, spec in (entry.get(group) or {}).items():
                declared.setdefault(dep, (str(spec), kind))
                target = resolve(key, dep)
                if target is not None:
                    importer.edges.append((dep, target, kind))
                    declared_specs.setdefault(target, set()).add(str(spec))
        direct[key] = declared
        importers.append(importer)
    for key, node in nodes.items():
        entry = entries[key]
        for group, kind in DEP_GROUPS:
            if kind == DEV:
                continue  # an installed package's devDependencies are never installed
            for dep, spec in (entry.get(group) or {}).items():
                target = resolve(key, dep)
                if target is not None:
                    node.edges.append((dep, target, kind))
                    declared_specs.setdefault(target, set()).add(str(spec))
    for key, specs in declared_specs.items():
        declared_node = nodes.get(key)
        if declared_node is None or declared_node.source != "registry":
            continue
        kinds = {source_of(spec) for spec in specs}
        for kind in ("git", "tarball"):
            if kind in kinds:
                declared_node.source = kind
                declared_node.resolved = str(entries[key].get("resolved") or "") or None
                break
    # Workspaces are importers, not installed packages; they stay listed (not auditable) so a report can name them.
    return Lockfile(path, fmt, version, to_packages(path, nodes, importers), direct)


# --- v1: the nested `dependencies` tree -----------------------------------------------------------------------------


def _parse_v1(
    path: str, fmt: str, version: str, tree: dict[str, Any], text: str, manifests: Mapping[str, str]
) -> Lockfile:
    lines = key_lines(text, max_depth=64)
    nodes: dict[str, Node] = {}
    requires: dict[str, dict[str, str]] = {}
    top_level: set[str] = set()
    stack: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), tree)]
    while stack:
        prefix, deps = stack.pop()
        for folder, entry in deps.items():
            if not isinstance(entry, dict):
                continue
            key_path = (*prefix, folder)
            node_id = "/".join(key_path)
            spec = str(entry.get("version") or "")
            name, version_text, source, alias = folder, spec, source_of(spec), None
            target = alias_target(spec)
            if target:
                name, version_text, alias = target[0], target[1], folder
            elif source == "tarball":
                name, version_text = tarball_name_version(spec) or (folder, "")
                alias = folder if name != folder else None
            elif source != "registry":
                version_text = ""  # git commits, file: and link: folders have no registry version
            line_key = ("dependencies", *[p for f in key_path[:-1] for p in (f, "dependencies")], folder)
            nodes[node_id] = Node(
                id=node_id,
                name=name,
                version=version_text,
                source=source,
                alias=alias,
                resolved=(spec if source != "registry" else None),
                integrity=entry.get("integrity") if isinstance(entry.get("integrity"), str) else None,
                line=lines.get(line_key, 1),
                dev=bool(entry.get("dev")),
                optional=bool(entry.get("optional")),
            )
            if not prefix:
                top_level.add(node_id)
            requires[node_id] = {str(k): str(v) for k, v in (entry.get("requires") or {}).items()}
            nested = entry.get("dependencies")
            if isinstance(nested, dict) and len(key_path) < 64:
                stack.append((key_path, nested))

    def resolve(from_id: str, dep: str) -> str | None:
        parts = from_id.split("/") if from_id else []
        # folders of scoped packages take two segments; rebuild the chain of node ids from the root down.
        chain: list[str] = []
        i = 0
        while i < len(parts):
            seg = parts[i]
            if seg.startswith("@") and i + 1 < len(parts):
                seg = f"{seg}/{parts[i + 1]}"
                i += 1
            chain.append(seg)
            i += 1
        for depth in range(len(chain), -1, -1):
            candidate = "/".join([*chain[:depth], dep])
            if candidate in nodes:
                return candidate
        return None

    for node_id, node in nodes.items():
        for dep in requires[node_id]:
            required = resolve(node_id, dep)
            if required is not None and required != node_id:
                node.edges.append((dep, required, PROD))

    direct: dict[str, dict[str, tuple[str, str]]] = {}
    importer = Importer("")
    declared = declared_from_manifest(manifests.get(""))
    if declared is not None:
        direct[""] = declared
        for dep, (_, kind) in declared.items():
            if dep in nodes:
                importer.edges.append((dep, dep, kind))
    else:
        # Without package.json, the top-level entries nobody requires are the best guess at direct dependencies.
        required_ids = {t for n in nodes.values() for _, t, _ in n.edges}
        for node_id in sorted(top_level - required_ids):
            node = nodes[node_id]
            importer.edges.append((node_id, node_id, DEV if node.dev else OPTIONAL if node.optional else PROD))
    return Lockfile(path, fmt, version, to_packages(path, nodes, [importer]), direct)
