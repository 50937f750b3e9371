"""Declared dependencies read from package.json: importer data for lockfiles that lack it, and the no-lockfile audit."""

from __future__ import annotations

import json

from nodeward.deps.lockfiles.graph import DEV, OPTIONAL, PEER, PROD
from nodeward.deps.lockfiles.specs import alias_target, source_of
from nodeward.deps.packages import Package
from nodeward.findings import Location
from nodeward.knowledge.npm import DEPENDENCY_GROUPS

# (group, kind) in knowledge/npm.py's order: a name declared in several groups takes the first.
_KINDS = {"dependencies": PROD, "optionalDependencies": OPTIONAL, "devDependencies": DEV, "peerDependencies": PEER}
DEP_GROUPS = tuple((group, _KINDS[group]) for group in DEPENDENCY_GROUPS)


def declared_from_manifest(text: str | None) -> dict[str, tuple[str, str]] | None:
    """name -> (declared range, kind) from a package.json text; None when there is no usable manifest."""
    if not text:
        return None
    try:
        manifest = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict):
        return None
    declared: dict[str, tuple[str, str]] = {}
    for group, kind in DEP_GROUPS:
        deps = manifest.get(group)
        if isinstance(deps, dict):
            for dep, spec in deps.items():
                declared.setdefault(str(dep), (str(spec), kind))
    return declared


def declared_dependencies(package_json_text: str, workspace: str = "", path: str | None = None) -> list[Package]:
    """The direct dependencies a package.json declares, for an approximate audit when there is no lockfile:
    version "" and `declared_range` set (the real name behind an `npm:` alias, the alias kept)."""
    declared = declared_from_manifest(package_json_text) or {}
    manifest_path = path or (f"{workspace}/package.json" if workspace else "package.json")
    lines = package_json_text.splitlines()
    packages = []
    for dep, (spec, kind) in declared.items():
        name, declared_range, alias = dep, spec, None
        target = alias_target(spec)
        if target:
            name, declared_range, alias = target[0], target[1], dep
        packages.append(
            Package(
                name=name,
                version="",
                source=source_of(spec),
                dev=kind == DEV,
                optional=kind == OPTIONAL,
                peer=kind == PEER,
                alias=alias,
                workspace=workspace,
                paths=((dep,),),
                resolved=spec if source_of(spec) != "registry" else None,
                location=Location(manifest_path, _line_of_key(lines, dep)),
                declared_range=declared_range,
            )
        )
    return packages


def _line_of_key(lines: list[str], key: str) -> int:
    needle = json.dumps(key) + ":"
    compact = json.dumps(key) + " :"
    for number, line in enumerate(lines, 1):
        if needle in line or compact in line:
            return number
    return 1
