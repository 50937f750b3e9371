"""Each committed lockfile, parsed, lists exactly what its package manager said it installed (the oracle).

Normalisations, each because the lockfile itself does not carry the fact:
- workspaces and links are the project's own folders, not installed packages: no oracle lists them;
- a `file:` dependency whose lockfile records no version (npm 6, pnpm 6.0/9.0, bun) is compared by name only;
- yarn berry cannot install without optional dependencies, so its oracle has no optional flag of its own: there the
  optional flag is checked against package.json's optionalDependencies instead;
- copies of one name@version (several install paths, pnpm peer variants) are one package, as in the oracles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.deps.lockfiles import parse_lockfile

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lockfiles"
# `workspaces` lockfiles sit at the top of the folder, other scenarios in a subfolder; `project/` beside each holds
# the package.json files the lockfiles were made from.
LOCKFILES = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.suffix != ".py" and ".oracle." not in p.name and "project" not in p.parts
)
WORKSPACES = [p for p in LOCKFILES if p.name.startswith("workspaces.")]
# npm 6 knows no workspaces, so its "duplicates" lockfile has none of the duplicates.
DUPLICATES = [p for p in LOCKFILES if p.name.startswith("duplicates.") and ".v1.package-lock" not in p.name]
# The optionalDependencies of each scenario's package.json files.
OPTIONAL_ROOTS = {"workspaces": {"escape-html"}, "duplicates": set()}


def scenario_of(lockfile: Path) -> str:
    return lockfile.name.split(".", 1)[0]


def manifests_of(lockfile: Path) -> dict[str, str]:
    """package.json of the scenario's root and workspaces, as committed beside the lockfiles."""
    project = lockfile.parent / "project"
    return {
        "": (project / "package.json").read_text(),
        "packages/ws-a": (project / "packages/ws-a/package.json").read_text(),
        "packages/ws-b": (project / "packages/ws-b/package.json").read_text(),
    }


def parse(lockfile: Path):
    return parse_lockfile(lockfile.name, lockfile.read_text(), manifests_of(lockfile))


Row = tuple[str, str, bool, bool]


def oracle_of(lockfile: Path) -> set[Row]:
    data = json.loads((lockfile.parent / f"{lockfile.name}.oracle.json").read_text())
    return {(p["name"], p["version"], p["dev"], p["optional"]) for p in data["packages"]}


def test_every_lockfile_has_an_oracle() -> None:
    names = {p.name for p in LOCKFILES}
    assert len(DUPLICATES) == 8
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
    parsed = parse(lockfile)
    installed = [p for p in parsed.packages if p.source not in {"workspace", "link"}]
    versionless_files = {p.name for p in installed if p.source == "file" and not p.version}
    expected = {(n, "" if n in versionless_files else v, d, o) for n, v, d, o in oracle_of(lockfile)}
    got = {(p.name, p.version, p.dev, p.optional) for p in installed}
    if parsed.format == "yarn-berry":
        assert {p.name for p in installed if p.optional} == OPTIONAL_ROOTS[scenario_of(lockfile)]
        expected = {(n, v, d) for n, v, d, _ in expected}
        got = {(n, v, d) for n, v, d, _ in got}
    assert sorted(got - expected) == [], "parsed but not installed"
    assert sorted(expected - got) == [], "installed but not parsed"


@pytest.mark.parametrize("lockfile", WORKSPACES, ids=lambda p: p.name)
def test_aliases_tarballs_and_files_keep_their_source(lockfile: Path) -> None:
    parsed = parse(lockfile)
    by_key = {(p.name, p.version): p for p in parsed.packages}
    qs = by_key[("qs", "6.5.1")]
    assert (qs.alias, qs.source, qs.auditable) == ("legacy-qs", "registry", True)
    ms = by_key[("ms", "0.7.0")]
    assert (ms.source, ms.auditable) == ("tarball", False)
    local = next(p for p in parsed.packages if p.name == "local-lib")
    assert (local.source, local.auditable) == ("file", False)
    assert parsed.direct[""]["legacy-qs"] == ("npm:qs@6.5.1", "prod")


@pytest.mark.parametrize("lockfile", WORKSPACES, ids=lambda p: p.name)
def test_locations_point_at_the_entry_line(lockfile: Path) -> None:
    parsed = parse(lockfile)
    lines = lockfile.read_text().splitlines()
    react = next(p for p in parsed.packages if p.name == "react-dom")
    assert react.location.path == lockfile.name
    assert "react-dom" in lines[react.location.line - 1]


@pytest.mark.parametrize("lockfile", WORKSPACES, ids=lambda p: p.name)
def test_transitive_packages_carry_the_path_from_a_direct_dependency(lockfile: Path) -> None:
    parsed = parse(lockfile)
    core_js = next(p for p in parsed.packages if p.name == "core-js")
    assert ("react", "fbjs", "core-js") in core_js.paths
    assert core_js.workspace == ""
    minimist_old = next(p for p in parsed.packages if p.key == "minimist@0.0.8")
    assert minimist_old.paths == (("mkdirp", "minimist"),)
    assert minimist_old.dev


@pytest.mark.parametrize("lockfile", DUPLICATES, ids=lambda p: p.name)
def test_copies_of_one_version_are_one_package_with_every_introduction(lockfile: Path) -> None:
    parsed = parse(lockfile)
    debug = [p for p in parsed.packages if p.key == "debug@2.6.9"]
    assert len(debug) == 1
    # prod for ws-a, dev for ws-b: merged, it is not dev-only
    assert (debug[0].dev, debug[0].workspace, debug[0].paths) == (False, "packages/ws-a", (("debug",),))
    assert len([p for p in parsed.packages if p.key == "react-dom@16.4.0"]) == 1
    assert {p.version for p in parsed.packages if p.name == "react"} == {"16.4.0", "16.14.0"}
    assert parsed.direct["packages/ws-b"]["debug"] == ("2.6.9", "dev")


def test_no_committed_fixture_names_a_public_registry() -> None:
    for path in FIXTURES.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for host in ("registry." + "npmjs.org", "registry." + "yarnpkg.com"):
            assert host not in text, f"{path.name} names {host}"
