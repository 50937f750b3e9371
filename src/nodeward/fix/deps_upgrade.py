"""`nodeward deps --fix`: the fix plans' upgrades written into package.json (in the range style each dependency
already uses). It never runs npm: the user re-locks (`npm install`), which is where the new versions are resolved."""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from nodeward.deps import semver
from nodeward.fix.jsonedit import set_member
from nodeward.fix.plan import FileChange, _apply
from nodeward.fix.registry import Edit

SECTIONS = ("dependencies", "devDependencies", "optionalDependencies")
_PREFIX = re.compile(r"^(\^|~|>=|=)?\s*v?\d")


@dataclass(frozen=True)
class Upgrade:
    manifest: str
    section: str
    name: str
    declared: str
    new: str
    breaking: bool
    advisories: tuple[str, ...]


@dataclass
class UpgradePlan:
    upgrades: list[Upgrade] = field(default_factory=list)
    changes: list[FileChange] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # plans that are not an upgrade in a package.json we can edit


def _new_spec(declared: str, version: str) -> str | None:
    """The declared range moved to `version` in its own style: ^1.2.3 -> ^version, 1.2.3 -> version."""
    match = _PREFIX.match(declared.strip())
    if match is None:
        return None  # a tag, URL, git or workspace spec: the user decides
    return (match.group(1) or "") + version


def plan_upgrades(audit: Any, read: Any) -> UpgradePlan:
    """The upgrades of `audit`'s fix plans, one per (manifest, dependency), at the highest version any plan needs.
    `read(path)` returns a project file's text or None."""
    out = UpgradePlan()
    wanted: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for v in audit.vulnerabilities:
        plan = v.plan
        if plan.kind != "upgrade" or not plan.version:
            if plan.kind in ("override", "none"):
                out.skipped.append(f"{v.package.name}@{v.package.version}: {plan.text}")
            continue
        folder = posixpath.join(posixpath.dirname(v.lockfile), v.package.workspace)
        manifest = posixpath.normpath(posixpath.join(folder, "package.json"))
        wanted[(manifest, plan.package)].append(v)
    by_manifest: dict[str, list[Edit]] = defaultdict(list)
    for (manifest, name), vulns in sorted(wanted.items()):
        text = read(manifest)
        try:
            data = json.loads(text) if text is not None else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            out.skipped.append(f"{name}: cannot read {manifest}")
            continue
        section = next((s for s in SECTIONS if isinstance(data.get(s), dict) and name in data[s]), None)
        if section is None:
            out.skipped.append(f"{name}: not declared in {manifest}")
            continue
        declared = str(data[section][name])
        version = max((v.plan.version for v in vulns), key=lambda x: semver.sort_key(x) or (0, 0, 0, 0, ()))
        new = _new_spec(declared, version)
        edit = set_member(manifest, text, section, name, new) if new and text is not None else None
        if edit is None or new is None or new == declared:
            out.skipped.append(f"{name}: the declared range {declared!r} is not one nodeward rewrites")
            continue
        ids = tuple(sorted({i for v in vulns for i in v.match.ids}))
        out.upgrades.append(Upgrade(manifest, section, name, declared, new, any(v.plan.breaking for v in vulns), ids))
        by_manifest[manifest].append(edit)
    for manifest, edits in sorted(by_manifest.items()):
        before = (read(manifest) or "").encode("utf-8")
        after = _apply(before, edits)
        out.changes.append(FileChange(manifest, before.decode("utf-8"), after.decode("utf-8"), False))
    return out


def write_upgrades(root: Any, audit: Any) -> list[str]:
    """Write the upgrades (never over uncommitted changes to a package.json) and say, per file, what was done."""
    from pathlib import Path

    from nodeward.fix.write import uncommitted

    root = Path(root)

    def read(path: str) -> str | None:
        try:
            return (root / path).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    plan = plan_upgrades(audit, read)
    lines = []
    dirty = uncommitted(root, [c.path for c in plan.changes])
    for change in plan.changes:
        ups = [u for u in plan.upgrades if u.manifest == change.path]
        what = ", ".join(f"{u.name} {u.declared} -> {u.new}" + (" (major)" if u.breaking else "") for u in ups)
        if change.path in dirty:
            lines.append(f"refused  {change.path}: has uncommitted changes (commit or stash them): {what}")
            continue
        try:
            (root / change.path).write_text(change.after, encoding="utf-8")
        except OSError as exc:
            lines.append(f"failed   {change.path}: cannot write: {exc}")
            continue
        folder = posixpath.dirname(change.path) or "."
        lines.append(f"fixed    {change.path}: {what}")
        lines.append(f"note: re-lock and install: `npm install` in {folder} (nodeward never runs npm)")
    for why in plan.skipped:
        lines.append(f"keep     {why}")
    if not plan.changes:
        lines.append("nothing to upgrade in package.json")
    return lines
