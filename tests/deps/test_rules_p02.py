"""Practice-2 rules on real fixture projects: EOL Node.js, untrusted sources, update bots, suppressions, scan."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from nodeward.deps.audit import DepsOptions, run_deps_audit
from nodeward.deps.runtime import find_node_runtimes, load_schedule

from .conftest import DEPS_FIXTURES, LOCKFILE_FIXTURES, make_project, nodeward_main
from .test_fixplan_and_registry import run_rule

NOW = datetime(2026, 11, 26)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_release_schedule_ships_with_its_date() -> None:
    schedule, date = load_schedule()
    assert date == "2026-11-26" and schedule[20]["end"] == "2026-04-30" and schedule[24]["end"] == "2028-04-30"


def test_eol_node_declarations_everywhere(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "package.json": '{\n  "name": "x",\n  "engines": {\n    "node": ">=14 <17"\n  }\n}\n',
            ".nvmrc": "lts/gallium\n",
            ".node-version": "v24.11.0\n",
            "Dockerfile": "FROM node:18-alpine AS build\nRUN npm ci\nFROM node:24-slim\n",
            ".github/workflows/ci.yml": (
                "jobs:\n  test:\n    strategy:\n      matrix:\n        node-version:\n"
                "          - 20\n          - 22.x\n"
                "    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 16.x\n"
            ),
        },
    )
    runtimes, _date = find_node_runtimes(root, NOW)
    got = {(r.kind, r.location.path, r.location.line, r.majors, r.eol) for r in runtimes}
    assert got == {
        ("engines", "package.json", 4, (14, 15, 16), True),
        ("nvmrc", ".nvmrc", 1, (16,), True),
        ("node-version", ".node-version", 1, (24,), False),
        ("dockerfile", "Dockerfile", 1, (18,), True),
        ("dockerfile", "Dockerfile", 3, (24,), False),
        ("ci", ".github/workflows/ci.yml", 5, (20, 22), False),  # 22 is still supported
        ("ci", ".github/workflows/ci.yml", 11, (16,), True),
    }


def test_nw0204_flags_eol_and_holds_for_supported(osv_store: Path, tmp_path: Path) -> None:
    root = write(tmp_path, {"Dockerfile": "FROM node:14\n", ".nvmrc": "24\n"})
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store, now=NOW), lockfiles=[])
    hits = {(h.kind, h.location.path) for h in run_rule("NW0204", audit)}
    assert hits == {("fail", "Dockerfile"), ("hold", ".nvmrc")}


def test_nw0203_flags_non_registry_sources_on_real_lockfile(osv_store: Path, tmp_path: Path) -> None:
    # ms-tarball is `<registry>/ms/-/ms-0.7.0.tgz` on the origin the lockfile downloads every other package from:
    # the registry's ms 0.7.0, matched against advisories (issue 14); on another host it stays a tarball source.
    root = make_project(
        LOCKFILE_FIXTURES / "workspaces.v3.package-lock.json", LOCKFILE_FIXTURES / "project", tmp_path / "p"
    )
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert [h.message for h in run_rule("NW0203", audit) if h.kind == "fail"] == []
    assert "ms (tarball)" not in {f"{p.name} ({p.source})" for p in audit.not_auditable}
    assert {("ms", "0.7.0")} <= {(v.match.name, v.match.version) for v in audit.vulnerabilities}
    lock = root / "package-lock.json"
    lock.write_text(lock.read_text().replace("npm.registry.invalid/ms/-/ms-0.7.0.tgz", "cdn.example.invalid/ms.tgz"))
    (root / "package.json").write_text(
        (root / "package.json")
        .read_text()
        .replace("npm.registry.invalid/ms/-/ms-0.7.0.tgz", "cdn.example.invalid/ms.tgz")
    )
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    fails = [h.message for h in run_rule("NW0203", audit) if h.kind == "fail"]
    assert len(fails) == 1 and fails[0].startswith("ms-tarball comes from a tarball source")
    assert "ms (tarball)" in {f"{p.name} ({p.source})" for p in audit.not_auditable}
    # the registry layout on a host the lockfile downloads nothing else from is not "the registry" either
    for path in (lock, root / "package.json"):
        path.write_text(
            path.read_text().replace("cdn.example.invalid/ms.tgz", "mirror.example.invalid/ms/-/ms-0.7.0.tgz")
        )
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert "ms (tarball)" in {f"{p.name} ({p.source})" for p in audit.not_auditable}


def test_nw0203_flags_hosts_other_than_the_configured_registry(osv_store: Path, tmp_path: Path) -> None:
    root = make_project(
        LOCKFILE_FIXTURES / "workspaces.v3.package-lock.json", LOCKFILE_FIXTURES / "project", tmp_path / "p"
    )
    same = run_deps_audit(
        root, DepsOptions(offline=True, advisory_db=osv_store, registry="https://npm.registry.invalid/")
    )
    assert [h.message for h in run_rule("NW0203", same) if "not from the configured registry" in h.message] == []
    other = run_deps_audit(
        root, DepsOptions(offline=True, advisory_db=osv_store, registry="https://registry.corp.invalid")
    )
    moved = [h for h in run_rule("NW0203", other) if "not from the configured registry" in h.message]
    lines = (root / "package-lock.json").read_text().splitlines()
    registry_lines = [i for i, t in enumerate(lines, 1) if '"resolved": "https://' in t]
    # every registry download, the canonical tarball URL of ms-tarball included (it is a registry package there)
    assert sorted(h.location.line for h in moved) == registry_lines and len(moved) == 32
    [qs] = [h for h in moved if "/qs/-/qs-6.5.1.tgz" in h.message]
    assert '"resolved": "https://npm.registry.invalid/qs/-/qs-6.5.1.tgz"' in lines[qs.location.line - 1]
    assert qs.message.startswith("a dependency is downloaded from npm.registry.invalid, not from the configured")


def test_nw0203_plain_http_download(osv_store: Path, tmp_path: Path) -> None:
    lock = {
        "name": "x",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "x", "dependencies": {"left-pad": "1.3.0"}},
            "node_modules/left-pad": {
                "version": "1.3.0",
                "resolved": "http://npm.registry.invalid/left-pad/-/left-pad-1.3.0.tgz",
                "integrity": "sha512-x",
            },
        },
    }
    files = {"package.json": '{"dependencies": {"left-pad": "1.3.0"}}', "package-lock.json": json.dumps(lock, indent=2)}
    audit = run_deps_audit(write(tmp_path, files), DepsOptions(offline=True, advisory_db=osv_store))
    [hit] = [h for h in run_rule("NW0203", audit) if h.kind == "fail"]
    assert (hit.location.line, hit.severity.label) == (13, "high") and "plain http" in hit.message


def test_stale_release_schedule_is_said(osv_store: Path, tmp_path: Path) -> None:
    root = write(tmp_path, {".nvmrc": "24\n"})
    later = run_deps_audit(
        root, DepsOptions(offline=True, advisory_db=osv_store, now=datetime(2027, 9, 1)), lockfiles=[]
    )
    assert any("release schedule shipped with nodeward is 279 days old" in n for n in later.notes)
    now = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store, now=NOW), lockfiles=[])
    assert not any("release schedule" in n for n in now.notes)


def test_nw0207_update_bots_are_positive_evidence(osv_store: Path, tmp_path: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert run_rule("NW0207", audit) == []  # absence is NW1404's finding (practice 14), not reported twice
    write(root, {".github/dependabot.yml": "version: 2\n"})
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert [(h.kind, h.message) for h in run_rule("NW0207", audit)] == [
        ("hold", "dependency updates are automated (.github/dependabot.yml)")
    ]


@pytest.mark.parametrize("path", [".renovaterc.json5", ".gitlab/renovate.json5"])
def test_update_bot_paths_the_audit_used_to_miss(osv_store: Path, tmp_path: Path, path: str) -> None:
    # Both are in renovate's own configFileNames (knowledge/tools.py); the audit's old list lacked them.
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    write(root, {path: "{}"})
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert audit.update_bots == (path,)


def test_omit_dev_leaves_dev_only_packages_out(osv_store: Path, tmp_path: Path) -> None:
    root = make_project(DEPS_FIXTURES / "vulnerable.v3.package-lock.json", DEPS_FIXTURES / "vulnerable", tmp_path / "p")
    everything = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    prod = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store, omit=frozenset({"dev", "optional"})))
    dev_names = {v.match.name for v in everything.vulnerabilities if v.kind in ("dev", "optional")}
    assert dev_names == {"ws", "async", "ejs", "marked"}
    assert {v.match.name for v in prod.vulnerabilities} & dev_names == set()
    assert len(prod.vulnerabilities) == len(everything.vulnerabilities) - 5 and prod.omitted > 0


def test_suppression_by_alias_with_reason_and_expiry(osv_store: Path, tmp_path: Path) -> None:
    root = make_project(DEPS_FIXTURES / "vulnerable.v3.package-lock.json", DEPS_FIXTURES / "vulnerable", tmp_path / "p")
    (root / "nodeward.toml").write_text(
        '[[suppress]]\nadvisory = "CVE-2021-23337"\nreason = "lodash template() is never called"\n'
        "expires = 2099-01-01\n\n"
        '[[suppress]]\nadvisory = "GHSA-jf85-cpcp-j695"\nreason = "old"\nexpires = 2020-01-01\n'
    )
    args = ["deps", str(root), "--offline", "--advisory-db", str(osv_store), "--format", "json"]
    report = json.loads(CliRunner().invoke(nodeward_main, args).output)
    lodash = {
        f["data"]["advisory_ids"][0]: f["suppression"]
        for f in report["findings"]
        if f["code"] == "NW0201" and f["data"]["package"] == "lodash"
    }
    assert lodash["GHSA-35jh-r3h4-6jhm"]["reason"] == "lodash template() is never called"
    assert lodash["GHSA-jf85-cpcp-j695"] is None  # expired: active again, with a notice
    assert any("expired" in n for n in report["notices"])
    assert report["config"].endswith("(2 suppressions)")


def test_findings_point_at_the_lockfile_line(osv_store: Path, tmp_path: Path) -> None:
    root = make_project(DEPS_FIXTURES / "vulnerable.v3.package-lock.json", DEPS_FIXTURES / "vulnerable", tmp_path / "p")
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    [hit] = [h for h in run_rule("NW0201", audit) if h.data["package"] == "semver"]
    line = (root / "package-lock.json").read_text().splitlines()[hit.location.line - 1]
    assert hit.location.path == "package-lock.json" and '"node_modules/semver"' in line


def test_scan_includes_deps_and_no_deps_skips(osv_store: Path, tmp_path: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "vulnerable", tmp_path / "p")
    shutil.copy(DEPS_FIXTURES / "vulnerable.v3.package-lock.json", root / "package-lock.json")
    base = ["scan", str(root), "--format", "json", "--advisory-db", str(osv_store), "--offline"]
    with_deps = json.loads(CliRunner().invoke(nodeward_main, base).output)
    assert len([f for f in with_deps["findings"] if f["code"] == "NW0201"]) == 42
    without = json.loads(CliRunner().invoke(nodeward_main, [*base, "--no-deps"]).output)
    assert [f for f in without["findings"] if f["origin"] == "deps"] == []


def test_unparsable_lockfile_is_incomplete_never_clean(osv_store: Path, tmp_path: Path) -> None:
    root = write(tmp_path, {"package.json": '{"dependencies": {"ms": "2.1.3"}}', "package-lock.json": "{oops"})
    result = CliRunner().invoke(nodeward_main, ["deps", str(root), "--offline", "--advisory-db", str(osv_store)])
    assert result.exit_code == 3
    assert "could not check practice 2: lockfile package-lock.json:" in " ".join(result.output.split())


def test_manifests_under_node_modules_are_not_projects(osv_store: Path, tmp_path: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    write(root, {"node_modules/ms/package.json": '{"name": "ms", "dependencies": {"x": "1"}}'})
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert audit.manifests_without_lockfile == () and audit.problems == ()


def test_manifests_in_test_and_example_folders_are_not_projects(osv_store: Path, tmp_path: Path) -> None:
    # fastify 5 ships test/bundler/webpack/package.json (a fixture without a lockfile): not the project's dependencies.
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    write(
        root,
        {
            "test/bundler/webpack/package.json": '{"name": "t", "dependencies": {"webpack": "5"}}',
            "examples/demo/package.json": '{"name": "d", "dependencies": {"express": "4"}}',
            "packages/api/package.json": '{"name": "api", "dependencies": {"express": "4"}}',
        },
    )
    shutil.copy(root / "package-lock.json", root / "test" / "bundler" / "webpack" / "package-lock.json")
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert audit.manifests_without_lockfile == ("packages/api/package.json",)
    assert [lf.path for lf in audit.lockfiles] == ["package-lock.json"]


class RecordsSource:
    """An AdvisorySource over records held in memory (the interface is all the audit needs)."""

    name = "records"

    def __init__(self, records: list[dict]) -> None:
        from nodeward.deps.advisories.model import advisory_from_osv

        self.advisories = tuple(advisory_from_osv(r) for r in records)

    def fetch(self, wanted):
        from nodeward.deps.advisories import SourceAnswer

        return SourceAnswer(source=self.name, location="memory", advisories=self.advisories)


def _rec(ident: str, *ranges: tuple[str, str]) -> dict:
    affected = [
        {
            "package": {"ecosystem": "npm", "name": "qs"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": lo}, {"fixed": hi}]}],
        }
        for lo, hi in ranges
    ]
    return {"id": ident, "affected": affected}


def test_one_version_that_clears_every_advisory(osv_store: Path, tmp_path: Path) -> None:
    from nodeward.deps.packages import Lockfile, Package

    lock = Lockfile("package-lock.json", "package-lock", "3", (Package("qs", "6.5.0", paths=(("qs",),)),))
    ok = run_deps_audit(
        tmp_path,
        DepsOptions(offline=True),
        lockfiles=[lock],
        sources=[RecordsSource([_rec("X-1", ("6.5.0", "6.5.3")), _rec("X-2", ("0", "6.6.0"))])],
    )
    assert ok.clears_all == {"qs@6.5.0": "6.6.0"}
    # 6.6.0 (the highest single fix) falls inside X-1's other branch: the next fixed version clears both.
    branchy = run_deps_audit(
        tmp_path,
        DepsOptions(offline=True),
        lockfiles=[lock],
        sources=[RecordsSource([_rec("X-1", ("6.5.0", "6.5.3"), ("6.6.0", "6.6.1")), _rec("X-2", ("0", "6.6.0"))])],
    )
    assert branchy.clears_all == {"qs@6.5.0": "6.6.1"}
    open_ended = run_deps_audit(
        tmp_path,
        DepsOptions(offline=True),
        lockfiles=[lock],
        sources=[
            RecordsSource(
                [
                    _rec("X-1", ("6.5.0", "6.5.3")),
                    _rec("X-2", ("0", "6.6.0")),
                    {
                        "id": "X-3",
                        "affected": [
                            {
                                "package": {"ecosystem": "npm", "name": "qs"},
                                "ranges": [
                                    {"type": "SEMVER", "events": [{"introduced": "6.5.0"}, {"last_affected": "6.5.0"}]}
                                ],
                            }
                        ],
                    },
                ]
            )
        ],
    )
    assert open_ended.clears_all == {"qs@6.5.0": None}  # X-3 names no fix


def test_nw0203_missing_integrity_is_one_finding_per_lockfile(osv_store: Path, tmp_path: Path) -> None:
    packages: dict[str, dict[str, str]] = {"": {"name": "x"}}
    for i in range(7):
        packages[f"node_modules/p{i}"] = {
            "version": f"1.0.{i}",
            "resolved": f"https://npm.registry.invalid/p{i}/-/p{i}-1.0.{i}.tgz",
        }
    packages["node_modules/ok"] = {
        "version": "2.0.0",
        "resolved": "https://npm.registry.invalid/ok/-/ok-2.0.0.tgz",
        "integrity": "sha512-x",
    }
    lock = {"name": "x", "lockfileVersion": 3, "packages": packages}
    files = {"package.json": '{"name": "x"}', "package-lock.json": json.dumps(lock, indent=2)}
    audit = run_deps_audit(write(tmp_path, files), DepsOptions(offline=True, advisory_db=osv_store))
    [hit] = [h for h in run_rule("NW0203", audit) if h.kind == "fail"]
    assert hit.message == (
        "7 registry packages in package-lock.json have no integrity hash: "
        "p0@1.0.0, p1@1.0.1, p2@1.0.2, p3@1.0.3, p4@1.0.4 and 2 more"
    )
    assert (hit.location.path, hit.severity.label, hit.data["count"]) == ("package-lock.json", "low", 7)
    lines = json.dumps(lock, indent=2).splitlines()
    assert [p["name"] for p in hit.data["packages"]] == [f"p{i}" for i in range(7)]
    assert [lines[p["line"] - 1].strip() for p in hit.data["packages"]] == [
        f'"node_modules/p{i}": {{' for i in range(7)
    ]
    assert hit.location.line == hit.data["packages"][0]["line"]
