"""Fix plans for vulnerable packages: what to change, never applied.

In order of preference (npm audit's own reasoning, spec §2 "fixAvailable"):
1. the declared range already admits a fixed version -> `npm update <name>` (the direct dependency's own range for
   a direct dependency, the direct parent's range for a transitive one, when the parent's manifest is known);
2. the smallest upgrade of the top-level dependency that clears it (registry metadata needed), "breaking" when it
   crosses a major version;
3. an `overrides` (npm) / `resolutions` (yarn) / `pnpm.overrides` entry forcing the fixed version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nodeward.deps import semver
from nodeward.deps.packages import Package
from nodeward.deps.registry import Packument

PackumentLookup = Callable[[str], Packument | None]


@dataclass(frozen=True)
class FixPlan:
    kind: str  # "update" | "upgrade" | "override" | "none"
    package: str  # what to change: the direct dependency, or the vulnerable package for an override
    version: str | None  # the version to reach
    fixed_version: str | None  # the smallest version of the vulnerable package that is fixed
    breaking: bool = False
    command: str = ""
    text: str = ""


def _override_entry(lockfile_format: str, name: str, version: str) -> str:
    if lockfile_format.startswith("yarn"):
        return f'"resolutions": {{"{name}": "^{version}"}} in package.json'
    if lockfile_format == "pnpm":
        return f'"pnpm": {{"overrides": {{"{name}": "^{version}"}}}} in package.json'
    return f'"overrides": {{"{name}": "^{version}"}} in package.json'


def _update_command(lockfile_format: str, name: str) -> str:
    if lockfile_format.startswith("yarn"):
        return f"yarn upgrade {name}"
    if lockfile_format == "pnpm":
        return f"pnpm update {name}"
    if lockfile_format == "bun":
        return f"bun update {name}"
    return f"npm update {name}"


def _install_command(lockfile_format: str, name: str, version: str) -> str:
    if lockfile_format.startswith("yarn"):
        return f"yarn add {name}@{version}"
    if lockfile_format == "pnpm":
        return f"pnpm add {name}@{version}"
    if lockfile_format == "bun":
        return f"bun add {name}@{version}"
    return f"npm install {name}@{version}"


def _admits_fix(
    declared: str, name: str, fixed: str, is_vulnerable: Callable[[str], bool], lookup: PackumentLookup | None
) -> bool:
    """Does `declared` admit a version of `name` that is not vulnerable?"""
    pack = lookup(name) if lookup else None
    if pack is not None and pack.versions:
        return any(semver.satisfies(v, declared) and not is_vulnerable(v) for v in pack.versions)
    return semver.satisfies(fixed, declared)


def plan_fix(
    package: Package,
    fixed: str | None,
    is_vulnerable: Callable[[str], bool],
    *,
    direct: dict[str, tuple[str, str]],
    installed_versions: dict[str, str],
    lockfile_format: str,
    lookup: PackumentLookup | None = None,
) -> FixPlan:
    """Plan a fix for one installed copy of a vulnerable package.

    `direct` maps the workspace's direct dependencies to (declared range, kind); `installed_versions` maps package
    names to the version installed along this package's path (to read the parent's manifest).
    """
    name = package.name
    if fixed is None:
        return FixPlan("none", name, None, None, text=f"no fixed version of {name} is published yet")
    # An aliased dependency (`express5: npm:express@5.0.0-beta.1`) is declared, updated and installed by its alias.
    local = package.alias or name
    path: Sequence[str] = package.paths[0] if package.paths else (local,)
    top = path[0] if path else local
    is_direct = len(path) <= 1 or (local in direct and top == local)
    if is_direct and local in direct:
        declared = direct[local][0]
        if declared.startswith("npm:"):
            declared = declared.rsplit("@", 1)[-1]
        if _admits_fix(declared, name, fixed, is_vulnerable, lookup):
            cmd = _update_command(lockfile_format, local)
            return FixPlan("update", local, fixed, fixed, command=cmd, text=f"{cmd} (your range {declared} admits it)")
        breaking = (semver.major(fixed) or 0) > (semver.major(package.version) or 0)
        target = f"npm:{name}@{fixed}" if package.alias else fixed
        cmd = _install_command(lockfile_format, local, target)
        return FixPlan(
            "upgrade",
            local,
            fixed,
            fixed,
            breaking=breaking,
            command=cmd,
            text=f"{cmd}" + (" (breaking: major version bump)" if breaking else ""),
        )
    parent = path[-2] if len(path) >= 2 else top
    parent_version = installed_versions.get(parent)
    parent_pack = lookup(parent) if lookup else None
    if parent_pack is not None and parent_version is not None and parent_version in parent_pack.versions:
        manifest = parent_pack.versions[parent_version]
        spec = manifest.dependencies.get(name) or manifest.optional_dependencies.get(name)
        if spec and _admits_fix(spec, name, fixed, is_vulnerable, lookup):
            cmd = _update_command(lockfile_format, name)
            return FixPlan(
                "update", name, fixed, fixed, command=cmd, text=f"{cmd} ({parent}@{parent_version} allows {spec})"
            )
    top_pack = lookup(top) if lookup else None
    top_version = installed_versions.get(top)
    if top_pack is not None and top_version and len(path) == 2:
        upgrade = _smallest_clearing_upgrade(top_pack, top_version, name, is_vulnerable, lookup)
        if upgrade is not None:
            breaking = (semver.major(upgrade) or 0) > (semver.major(top_version) or 0)
            cmd = _install_command(lockfile_format, top, upgrade)
            return FixPlan(
                "upgrade",
                top,
                upgrade,
                fixed,
                breaking=breaking,
                command=cmd,
                text=f"{cmd} (brings {name} >= {fixed})" + (" (breaking: major version bump)" if breaking else ""),
            )
    entry = _override_entry(lockfile_format, name, fixed)
    why = "" if lookup else " (registry metadata not fetched, so a smaller change may exist)"
    return FixPlan("override", name, fixed, fixed, command=entry, text=f"add {entry}{why}")


def _smallest_clearing_upgrade(
    top: Packument, installed: str, name: str, is_vulnerable: Callable[[str], bool], lookup: PackumentLookup | None
) -> str | None:
    for version in semver.sort_versions(top.versions):
        if semver.compare(version, installed) <= 0 or semver.is_prerelease(version):
            continue
        manifest = top.versions[version]
        spec = manifest.dependencies.get(name) or manifest.optional_dependencies.get(name)
        if spec is None:
            return version  # the dependency is gone in this version
        pack = lookup(name) if lookup else None
        if pack is not None:
            best = semver.max_satisfying(pack.versions, spec)
            if best is not None and not is_vulnerable(best):
                return version
    return None
