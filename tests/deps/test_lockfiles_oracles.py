"""Each committed lockfile, parsed, lists exactly what its package manager said it installed (the oracle).

Normalisations, each because the lockfile itself does not carry the fact:
- workspaces and links are the project's own folders, not installed packages: no oracle lists them;
- a `file:` dependency whose lockfile records no version (npm 6, pnpm 6.0/9.0, bun) is compared by name only;
- yarn berry cannot install without optional dependencies, so its oracle has no optional flag of its own: there the
  optional flag is checked against package.json's optionalDependencies instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.deps.lockfiles import parse_lockfile

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lockfiles"
PROJECT = FIXTURES / "project"
LOCKFILES = sorted(p for p in FIXTURES.iterdir() if p.is_file() and p.suffix != ".py" and ".oracle." not in p.name)
MANIFESTS = {
    "": (PROJECT / "package.json").read_text(),
    "packages/ws-a": (PROJECT / "packages/ws-a/package.json").read_text(),
    "packages/ws-b": (PROJECT / "packages/ws-b/package.json").read_text(),
}

Row = tuple[str, str, bool, bool]


def oracle_of(lockfile: Path) -> set[Row]:
    data = json.loads((lockfile.parent / f"{lockfile.name}.oracle.json").read_text())
    return {(p["name"], p["version"], p["dev"], p["optional"]) for p in data["packages"]}


def test_every_lockfile_has_an_oracle() -> None:
    names = {p.name for p in LOCKFILES}
    for expected in (
        "workspaces.v1.package-lock.json",
        "workspaces.v2.package-lock.json",
        "workspaces.v3.package-lock.json",
        "workspaces.v1.yarn.lock",
        "workspaces.5.4.pnpm-lock.yaml",
        "workspaces.6.0.pnpm-lock.yaml",
        "workspaces.9.0.pnpm-lock.yaml",
    ):
        assert expected in names
    for lockfile in LOCKFILES:
        assert (lockfile.parent / f"{lockfile.name}.oracle.json").is_file(), lockfile.name


@pytest.mark.parametrize("lockfile", LOCKFILES, ids=lambda p: p.name)
def test_parsed_packages_equal_the_package_managers_listing(lockfile: Path) -> None:
    parsed = parse_lockfile(lockfile.name, lockfile.read_text(), MANIFESTS)
    installed = [p for p in parsed.packages if p.source not in {"workspace", "link"}]
    versionless_files = {p.name for p in installed if p.source == "file" and not p.version}
    expected = {(n, "" if n in versionless_files else v, d, o) for n, v, d, o in oracle_of(lockfile)}
    got = {(p.name, p.version, p.dev, p.optional) for p in installed}
    if parsed.format == "yarn-berry":
        optional_roots = {"escape-html"}  # the only optionalDependencies entry in project/package.json
        assert {p.name for p in installed if p.optional} == optional_roots
        expected = {(n, v, d) for n, v, d, _ in expected}
        got = {(n, v, d) for n, v, d, _ in got}
    assert sorted(got - expected) == [], "parsed but not installed"
    assert sorted(expected - got) == [], "installed but not parsed"


@pytest.mark.parametrize("lockfile", LOCKFILES, ids=lambda p: p.name)
def test_aliases_tarballs_and_files_keep_their_source(lockfile: Path) -> None:
    parsed = parse_lockfile(lockfile.name, lockfile.read_text(), MANIFESTS)
    by_key = {(p.name, p.version): p for p in parsed.packages}
    qs = by_key[("qs", "6.5.1")]
    assert (qs.alias, qs.source, qs.auditable) == ("legacy-qs", "registry", True)
    ms = by_key[("ms", "0.7.0")]
    assert (ms.source, ms.auditable) == ("tarball", False)
    local = next(p for p in parsed.packages if p.name == "local-lib")
    assert (local.source, local.auditable) == ("file", False)
    assert parsed.direct[""]["legacy-qs"] == ("npm:qs@6.5.1", "prod")


@pytest.mark.parametrize("lockfile", LOCKFILES, ids=lambda p: p.name)
def test_locations_point_at_the_entry_line(lockfile: Path) -> None:
    parsed = parse_lockfile(lockfile.name, lockfile.read_text(), MANIFESTS)
    lines = lockfile.read_text().splitlines()
    react = next(p for p in parsed.packages if p.name == "react-dom")
    assert react.location.path == lockfile.name
    assert "react-dom" in lines[react.location.line - 1]


@pytest.mark.parametrize("lockfile", LOCKFILES, ids=lambda p: p.name)
def test_transitive_packages_carry_the_path_from_a_direct_dependency(lockfile: Path) -> None:
    parsed = parse_lockfile(lockfile.name, lockfile.read_text(), MANIFESTS)
    core_js = next(p for p in parsed.packages if p.name == "core-js")
    assert ("react", "fbjs", "core-js") in core_js.paths
    assert core_js.workspace == ""
    minimist_old = next(p for p in parsed.packages if p.key == "minimist@0.0.8")
    assert minimist_old.paths == (("mkdirp", "minimist"),)
    assert minimist_old.dev


def test_no_committed_fixture_names_a_public_registry() -> None:
    for path in FIXTURES.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for host in ("registry." + "npmjs.org", "registry." + "yarnpkg.com"):
            assert host not in text, f"{path.name} names {host}"
