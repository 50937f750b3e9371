"""Fix plans (update / upgrade / breaking / override) and registry metadata, with packuments from a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.deps.advisories.model import advisory_from_osv
from nodeward.deps.audit import DepsOptions, run_deps_audit
from nodeward.deps.fixplan import plan_fix
from nodeward.deps.matcher import affects
from nodeward.deps.packages import Lockfile, Package
from nodeward.deps.registry import RegistryClient, configured_registry
from nodeward.facts import Facts
from nodeward.findings import Location
from nodeward.rules.registry import get_rule
from nodeward.settings import Settings

from .conftest import OSV_RECORDS
from .loopback import loopback_server


def vulnerable_in(ident: str, name: str):
    adv = advisory_from_osv(json.loads((OSV_RECORDS / f"{ident}.json").read_text()))
    entries = [e for e in adv.affected if e.name == name]
    return lambda v: any(affects(e, v)[0] for e in entries)


MINIMIST = vulnerable_in("GHSA-xvch-5gv4-984h", "minimist")


def test_direct_range_admitting_a_fix_means_npm_update() -> None:
    pkg = Package("minimist", "1.2.5", paths=(("minimist",),))
    plan = plan_fix(
        pkg,
        "1.2.6",
        MINIMIST,
        direct={"minimist": ("^1.2.0", "prod")},
        installed_versions={},
        lockfile_format="package-lock",
    )
    assert (plan.kind, plan.command, plan.breaking) == ("update", "npm update minimist", False)


def test_direct_exact_pin_means_upgrade_flagged_breaking_across_majors() -> None:
    pkg = Package("jsonwebtoken", "8.5.1", paths=(("jsonwebtoken",),))
    plan = plan_fix(
        pkg,
        "9.0.0",
        lambda v: v.startswith("8."),
        direct={"jsonwebtoken": ("8.5.1", "prod")},
        installed_versions={},
        lockfile_format="yarn-classic",
    )
    assert (plan.kind, plan.command, plan.breaking) == ("upgrade", "yarn add jsonwebtoken@9.0.0", True)


def test_aliased_direct_dependency_is_planned_by_its_alias() -> None:
    pkg = Package("express", "5.0.0-beta.1", alias="express5", paths=(("express5",),))
    plan = plan_fix(
        pkg,
        "5.0.0",
        lambda v: v.startswith("5.0.0-"),
        direct={"express": ("4.17.1", "prod"), "express5": ("npm:express@5.0.0-beta.1", "prod")},
        installed_versions={},
        lockfile_format="package-lock",
    )
    assert (plan.kind, plan.command) == ("upgrade", "npm install express5@npm:express@5.0.0")


def test_transitive_without_metadata_falls_back_to_override() -> None:
    pkg = Package("minimist", "0.0.8", paths=(("mkdirp", "minimist"),))
    plan = plan_fix(
        pkg, "0.2.4", MINIMIST, direct={"mkdirp": ("0.5.1", "dev")}, installed_versions={}, lockfile_format="pnpm"
    )
    assert plan.kind == "override"
    assert plan.command == '"pnpm": {"overrides": {"minimist": "^0.2.4"}} in package.json'


def test_transitive_with_parent_range_admitting_fix_means_update() -> None:
    with loopback_server() as server:
        client = RegistryClient(server.base_url)
        pkg = Package("minimist", "1.2.5", paths=(("mkdirp", "minimist"),))
        plan = plan_fix(
            pkg,
            "1.2.6",
            MINIMIST,
            direct={"mkdirp": ("^0.5.5", "prod")},
            installed_versions={"mkdirp": "0.5.5", "minimist": "1.2.5"},
            lockfile_format="package-lock",
            lookup=client.get,
        )
    assert (plan.kind, plan.command) == ("update", "npm update minimist")
    assert "mkdirp@0.5.5 allows ^1.2.5" in plan.text


def test_transitive_pinned_by_parent_means_smallest_top_level_upgrade() -> None:
    with loopback_server() as server:
        client = RegistryClient(server.base_url)
        pkg = Package("minimist", "0.0.8", paths=(("mkdirp", "minimist"),))
        plan = plan_fix(
            pkg,
            "0.2.4",
            MINIMIST,
            direct={"mkdirp": ("0.5.1", "dev")},
            installed_versions={"mkdirp": "0.5.1", "minimist": "0.0.8"},
            lockfile_format="package-lock",
            lookup=client.get,
        )
        requested = server.paths("GET")
    assert (plan.kind, plan.package, plan.version, plan.breaking) == ("upgrade", "mkdirp", "0.5.2", False)
    assert plan.command == "npm install mkdirp@0.5.2"
    assert set(requested) == {"/mkdirp", "/minimist"}


def test_no_fixed_version() -> None:
    plan = plan_fix(
        Package("xmldom", "0.6.0"),
        None,
        lambda v: True,
        direct={},
        installed_versions={},
        lockfile_format="package-lock",
    )
    assert plan.kind == "none" and "no fixed version" in plan.text


def test_scoped_names_are_escaped_and_registry_comes_from_npmrc(tmp_path: Path) -> None:
    assert RegistryClient("https://npm.registry.invalid/").url_for("@xmldom/xmldom") == (
        "https://npm.registry.invalid/@xmldom%2Fxmldom"
    )
    (tmp_path / ".npmrc").write_text("; comment\nregistry=https://npm.registry.invalid/\n")
    assert configured_registry(tmp_path, env={}) == "https://npm.registry.invalid"
    assert configured_registry(tmp_path, env={"NODEWARD_REGISTRY": "http://127.0.0.1:1"}) == "http://127.0.0.1:1"


def _lockfile() -> Lockfile:
    loc = Location("package-lock.json", 10)
    return Lockfile(
        path="package-lock.json",
        format="package-lock",
        format_version="3",
        packages=(
            Package("mkdirp", "0.5.1", dev=True, paths=(("mkdirp",),), integrity="sha512-x", location=loc),
            Package(
                "minimist",
                "0.0.8",
                dev=True,
                paths=(("mkdirp", "minimist"),),
                integrity="sha512-y",
                location=Location("package-lock.json", 20),
            ),
            Package(
                "request",
                "2.88.2",
                paths=(("request",),),
                integrity="sha512-z",
                location=Location("package-lock.json", 30),
            ),
            Package(
                "jsonwebtoken",
                "8.5.1",
                paths=(("jsonwebtoken",),),
                integrity="sha512-w",
                location=Location("package-lock.json", 40),
            ),
        ),
        direct={"": {"mkdirp": ("0.5.1", "dev"), "request": ("^2.88.0", "prod"), "jsonwebtoken": ("^8.5.1", "prod")}},
    )


def run_rule(code: str, audit) -> list:
    rule = get_rule(code)
    facts = Facts(Settings(), None, deps=audit)
    return [hit for subject in rule.target.subjects(facts) for hit in rule.run(subject)]


def test_deprecated_and_outdated_major_from_recorded_packuments(osv_store: Path, tmp_path: Path) -> None:
    with loopback_server() as server:
        audit = run_deps_audit(
            tmp_path,
            DepsOptions(advisory_db=osv_store, registry=server.base_url),
            lockfiles=[_lockfile()],
        )
    deprecated = [(h.location.line, h.message) for h in run_rule("NW0205", audit) if h.kind == "fail"]
    assert [line for line, _ in deprecated] == [10, 30]
    assert "request@2.88.2 is deprecated: request has been deprecated" in deprecated[1][1]
    outdated = [(h.location.line, h.message) for h in run_rule("NW0206", audit) if h.kind == "fail"]
    assert outdated == [
        (10, "mkdirp@0.5.1 is 3 major version(s) behind latest 3.0.1"),
        (40, "jsonwebtoken@8.5.1 is 1 major version(s) behind latest 9.0.2"),
    ]
    assert any(s.startswith(f"GET {server.base_url}/<name>: package metadata for") for s in audit.sent)
    [minimist] = [v for v in audit.vulnerabilities if v.match.name == "minimist" and v.match.id.endswith("984h")]
    assert (minimist.plan.kind, minimist.plan.command, minimist.kind) == ("upgrade", "npm install mkdirp@0.5.2", "dev")


def test_without_metadata_deprecated_and_outdated_stay_silent(osv_store: Path, tmp_path: Path) -> None:
    audit = run_deps_audit(tmp_path, DepsOptions(offline=True, advisory_db=osv_store), lockfiles=[_lockfile()])
    assert run_rule("NW0205", audit) == [] and run_rule("NW0206", audit) == []
