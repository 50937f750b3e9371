"""pnpm-lock.yaml, lockfile versions 5.x (pnpm 6/7), 6.0 (pnpm 8) and 9.0 (pnpm 9+), single or multi-document."""

from __future__ import annotations

from typing import Any

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.lockfiles.graph import OPTIONAL, PEER, PROD, Importer, Node, derive_flags, to_packages
from nodeward.deps.lockfiles.manifests import DEP_GROUPS
from nodeward.deps.lockfiles.specs import is_exact_version, source_of, split_name_version, tarball_name_version
from nodeward.deps.lockfiles.yaml_text import load_yaml_documents, top_level_key_lines
from nodeward.deps.packages import Lockfile

IMPORTER_GROUPS = tuple((group, kind) for group, kind in DEP_GROUPS if kind != PEER)  # peers are listed apart
PACKAGE_GROUPS = (("dependencies", PROD), ("optionalDependencies", OPTIONAL))


def parse_pnpm_lock(path: str, text: str) -> Lockfile:
    documents = [d for d in load_yaml_documents(path, text) if d is not None]
    # pnpm 9+ may write an "env" document (configDependencies, packageManagerDependencies) before the project's.
    projects = [d for d in documents if isinstance(d, dict) and ("importers" in d or "packages" in d)]
    data = projects[-1] if projects else (documents[-1] if documents else None)
    if not isinstance(data, dict) or "lockfileVersion" not in data:
        raise LockfileError(path, "not a pnpm lockfile (no lockfileVersion)")
    version = str(data.get("lockfileVersion"))
    try:
        major = int(float(version.split(".")[0] if version.count(".") > 1 else version))
    except ValueError:
        raise LockfileError(path, f"unknown pnpm lockfileVersion {version!r}") from None
    if major < 5:
        raise LockfileError(path, f"pnpm lockfileVersion {version} is too old to be supported")
    # pnpm 9 pre-releases wrote '7.0' with the 9.0 layout; the `snapshots` section is what tells them apart.
    style = "v9" if major >= 9 or "snapshots" in data else "v6" if major >= 6 else "v5"

    packages = _mapping(data.get("packages"))
    snapshots = _mapping(data.get("snapshots")) if style == "v9" else packages
    key_line = top_level_key_lines(text, "packages")

    raw_importers = _mapping(data.get("importers"))
    if not raw_importers:  # a single-project lockfile keeps the importer fields at the top level
        raw_importers = {".": data}

    nodes: dict[str, Node] = {}
    for key, entry in snapshots.items():
        entry = entry if isinstance(entry, dict) else {}
        meta_key = _strip_peers(key, style)
        meta = packages.get(meta_key) if style == "v9" else entry
        meta = meta if isinstance(meta, dict) else {}
        name, version_text = _name_version(meta_key, style)
        name = str(meta.get("name") or name)
        version_text = str(meta.get("version") or version_text)
        raw_resolution = meta.get("resolution")
        resolution: dict[str, Any] = raw_resolution if isinstance(raw_resolution, dict) else {}
        source, resolved = _source(key, resolution)
        if source != "registry" and not is_exact_version(version_text):
            # The key's "version" of a URL, git or folder dependency is its spec, not a release: take the real
            # name and version from a registry-layout tarball URL when there is one, else leave it unknown.
            from_url = tarball_name_version(resolved or "") if source == "tarball" else None
            name, version_text = from_url or (name, "")
        nodes[key] = Node(
            id=key,
            name=name,
            version=version_text,
            source=source,
            resolved=resolved,
            integrity=resolution.get("integrity") if isinstance(resolution.get("integrity"), str) else None,
            line=key_line.get(meta_key if style == "v9" else key, 1),
        )
    for key, entry in snapshots.items():
        entry = entry if isinstance(entry, dict) else {}
        for group, kind in PACKAGE_GROUPS:
            for dep, ref in _mapping(entry.get(group)).items():
                target = _target(str(dep), str(ref), style, nodes)
                if target in nodes:
                    nodes[key].edges.append((str(dep), target, kind))

    importers: list[Importer] = []
    direct: dict[str, dict[str, tuple[str, str]]] = {}
    requested_by_url: set[str] = set()
    for folder, entry in raw_importers.items():
        entry = entry if isinstance(entry, dict) else {}
        workspace = "" if folder in {".", ""} else str(folder)
        importer = Importer(workspace)
        declared: dict[str, tuple[str, str]] = {}
        specifiers = _mapping(entry.get("specifiers"))
        for group, kind in IMPORTER_GROUPS:
            for dep, value in _mapping(entry.get(group)).items():
                if isinstance(value, dict):  # 6.0 / 9.0: {specifier, version}
                    spec, ref = str(value.get("specifier", "")), str(value.get("version", ""))
                else:  # 5.x: the specifier lives in `specifiers`
                    spec, ref = str(specifiers.get(dep, "")), str(value)
                declared.setdefault(str(dep), (spec, kind))
                target = _target(str(dep), ref, style, nodes)
                if target in nodes:
                    importer.edges.append((str(dep), target, kind))
                    if source_of(spec) in {"tarball", "git"}:
                        requested_by_url.add(target)
                    _mark_alias(nodes[target], str(dep))
        for dep, spec in _mapping(entry.get("peerDependencies")).items():
            declared.setdefault(str(dep), (str(spec), PEER))
        direct[workspace] = declared
        importers.append(importer)
    for node in nodes.values():
        for dep, target, _ in node.edges:
            _mark_alias(nodes[target], dep)
    for target in requested_by_url:
        node = nodes[target]
        if node.source == "registry":
            # pnpm records a registry-layout tarball URL like a registry package; the importer asked for a URL.
            node.source = "tarball"
    derive_flags(nodes, importers)
    return Lockfile(path, "pnpm", version, to_packages(path, nodes, importers), direct)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _mark_alias(node: Node, dep_name: str) -> None:
    if dep_name != node.name and node.alias is None and node.source in {"registry", "tarball"}:
        node.alias = dep_name


def _strip_peers(key: str, style: str) -> str:
    """The package key without its peer-dependency suffix."""
    if style == "v5":
        body = key[1:] if key.startswith("/") else key
        name, _, version = body.rpartition("/")
        if name and "_" in version:
            version = version.split("_", 1)[0]
            return f"/{name}/{version}" if key.startswith("/") else f"{name}/{version}"
        return key
    cut = key.find("(")
    return key[:cut] if cut > 0 else key


def _name_version(key: str, style: str) -> tuple[str, str]:
    body = key[1:] if key.startswith("/") else key
    if style == "v5":
        if body.startswith(("file:", "link:")) or "/" not in body:
            return "", ""
        # `registry.example.com/name/1.0.0` (non-default registry) keeps the host in front: name = the last
        # one or two segments before the version.
        parts = body.split("/")
        version = parts[-1]
        name = f"{parts[-3]}/{parts[-2]}" if len(parts) >= 3 and parts[-3].startswith("@") else parts[-2]
        return name, version
    name, version = split_name_version(body)
    if version.startswith(("file:", "link:")):
        return name, ""
    return name, version


def _source(key: str, resolution: dict[str, Any]) -> tuple[str, str | None]:
    if resolution.get("type") == "directory" or "directory" in resolution:
        return "file", str(resolution.get("directory", ""))
    if resolution.get("type") == "git" or "commit" in resolution:
        repo = str(resolution.get("repo", ""))
        return "git", f"{repo}#{resolution.get('commit', '')}"
    tarball = resolution.get("tarball")
    if isinstance(tarball, str):
        source = source_of(tarball)
        if source == "tarball" and tarball.startswith("file:"):
            return "file", tarball
        return (source if source != "registry" else "tarball"), tarball
    body = key[1:] if key.startswith("/") else key
    if "@file:" in body or body.startswith("file:"):
        return "file", body
    if "@link:" in body or body.startswith("link:"):
        return "link", body
    return "registry", None


def _target(dep: str, ref: str, style: str, nodes: dict[str, Node]) -> str:
    """The snapshot/package key a dependency reference points at ("" when it is a link or unknown)."""
    if ref.startswith("link:"):
        return ""  # a workspace or linked folder: an importer, not an installed package
    if style == "v9":
        candidates = [f"{dep}@{ref}", ref]
    elif style == "v6":
        candidates = [f"/{dep}@{ref}", ref, f"{dep}@{ref}"]
    else:
        candidates = [f"/{dep}/{ref}", ref, f"{dep}/{ref}"]
    # A plain version names `dep@version`; an alias (`qs@6.5.1`, `/qs/6.5.1`), a URL or a folder is the key itself.
    return next((key for key in candidates if key in nodes), "")
