"""A name declared in several dependency groups takes the group npm keeps. The lockfiles in data/ were written by
npm 11.19.1 (`npm install --package-lock-only --ignore-scripts`, integrity lines dropped) from the package.json
beside each: every reader of package.json must give each name the kind npm wrote for it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nodeward.collect.discover import discover_project
from nodeward.deps.lockfiles.manifests import declared_dependencies, declared_from_manifest
from nodeward.deps.lockfiles.package_lock import parse_package_lock
from nodeward.facts import Facts
from nodeward.settings import Settings

DATA = Path(__file__).parent / "data"
CASES = ("npm-groups", "npm-groups-peer")
GROUP_OF_KIND = {"prod": "dependencies", "dev": "devDependencies", "optional": "optionalDependencies"}
GROUP_OF_KIND["peer"] = "peerDependencies"


def npm_kinds(case: str) -> dict[str, str]:
    """name -> dev / optional / peer / prod, as npm wrote it into package-lock.json."""
    packages = json.loads((DATA / f"{case}-package-lock.json").read_text())["packages"]
    kinds = {}
    for key, entry in packages.items():
        if key:
            flags = [f for f in ("dev", "optional", "peer") if entry.get(f)]
            kinds[key.removeprefix("node_modules/")] = flags[0] if flags else "prod"
    return kinds


@pytest.mark.parametrize("case", CASES)
def test_declared_kinds_are_npms(case: str) -> None:
    manifest = (DATA / f"{case}-package.json").read_text()
    declared = declared_from_manifest(manifest)
    assert declared is not None
    assert {name: kind for name, (_, kind) in declared.items()} == npm_kinds(case)
    lock = parse_package_lock("package-lock.json", (DATA / f"{case}-package-lock.json").read_text())
    assert {name: kind for name, (_, kind) in lock.direct[""].items()} == npm_kinds(case)
    no_lockfile = {
        p.name: "dev" if p.dev else "optional" if p.optional else "peer" if p.peer else "prod"
        for p in declared_dependencies(manifest)
    }
    assert no_lockfile == npm_kinds(case)


@pytest.mark.parametrize("case", CASES)
def test_the_package_json_collector_gives_npms_group(case: str, tmp_path: Path) -> None:
    shutil.copy(DATA / f"{case}-package.json", tmp_path / "package.json")
    facts = Facts(Settings(root=tmp_path), discover_project(tmp_path))
    [pkg] = facts.package_jsons
    got = {}
    for name in npm_kinds(case):
        dependency = pkg.dependency(name)
        assert dependency is not None
        got[name] = dependency.kind
    assert got == {name: GROUP_OF_KIND[kind] for name, kind in npm_kinds(case).items()}
