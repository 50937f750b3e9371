"""Network advisory sources against a loopback server: OSV API (querybatch paging + vulns + disk cache), npm bulk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nodeward.deps.advisories import SourceUnavailable
from nodeward.deps.advisories.npm_bulk import NpmBulkSource
from nodeward.deps.advisories.osv_api import OsvApiSource
from nodeward.deps.audit import DepsOptions, run_deps_audit
from nodeward.deps.matcher import match_packages
from nodeward.deps.packages import Package

from .conftest import DEPS_FIXTURES, make_project, nodeward_main
from .loopback import loopback_server

WANTED = {"lodash": frozenset({"4.17.4"}), "ms": frozenset({"2.1.3"}), "express": frozenset({"5.0.0-beta.1"})}


def test_querybatch_pages_then_hydrates_each_id_once(tmp_path: Path) -> None:
    with loopback_server() as server:
        source = OsvApiSource(server.base_url, cache=tmp_path / "cache")
        answer = source.fetch(WANTED)
        batches = [b for m, p, b in server.requests if p == "/v1/querybatch"]
    # lodash@4.17.4 has 6 advisories: pages of 2 -> the lodash query is sent 3 times, the others once.
    assert len(batches) == 3
    assert [len(b["queries"]) for b in batches] == [3, 1, 1]
    assert [q.get("page_token") for q in batches[1]["queries"]] == ["2"]
    ids = sorted(a.id for a in answer.advisories)
    assert len(ids) == 8 and "GHSA-rv95-896h-c2vc" in ids and "GHSA-qw6h-vgh9-j6wx" in ids
    assert answer.sent == (
        f"POST {server.base_url}/v1/querybatch (3 request(s)): 3 package name@version pairs from 3 package names "
        "(nothing else)",
        f"GET {server.base_url}/v1/vulns/<id>: 8 advisory ids (0 from cache)",
    )


def test_disk_cache_avoids_refetching_unchanged_records(tmp_path: Path) -> None:
    with loopback_server() as server:
        OsvApiSource(server.base_url, cache=tmp_path / "cache").fetch(WANTED)
        first = len(server.paths("GET"))
        answer = OsvApiSource(server.base_url, cache=tmp_path / "cache").fetch(WANTED)
        assert len(server.paths("GET")) == first  # querybatch again, but no /v1/vulns/ GET
    assert len(answer.sent) == 1 and answer.sent[0].startswith(f"POST {server.base_url}/v1/querybatch")
    assert len(answer.advisories) == 8


def test_api_matches_equal_store_matches(osv_store: Path, tmp_path: Path) -> None:
    from nodeward.deps.advisories.store import OfflineStore

    pkgs = [Package("lodash", "4.17.4"), Package("express", "5.0.0-beta.1"), Package("node-fetch", "2.6.0")]
    wanted = {p.name: frozenset({p.version}) for p in pkgs}
    with loopback_server() as server:
        api = OsvApiSource(server.base_url, cache=tmp_path / "c").fetch(wanted)
    store = OfflineStore(osv_store).fetch(wanted)
    via_api = {(m.name, m.version, m.ids) for m in match_packages(pkgs, api.advisories).matches}
    via_store = {(m.name, m.version, m.ids) for m in match_packages(pkgs, store.advisories).matches}
    assert via_api == via_store and len(via_api) == 10


def test_api_errors_make_the_source_unavailable(tmp_path: Path) -> None:
    with loopback_server() as server:
        server.fail_vulns = True
        with pytest.raises(SourceUnavailable, match="HTTP 500"):
            OsvApiSource(server.base_url, cache=None).fetch(WANTED)
        with pytest.raises(SourceUnavailable, match="HTTP 405"):
            OsvApiSource(server.base_url + "/nothing-here", cache=None).fetch(WANTED)


def test_npm_bulk_uses_range_strings_with_include_prerelease() -> None:
    wanted = {"lodash": frozenset({"4.17.4"}), "express": frozenset({"5.0.0-beta.1"}), "minimist": frozenset({"1.2.5"})}
    with loopback_server() as server:
        answer = NpmBulkSource(server.base_url).fetch(wanted)
        [(_method, path, body)] = server.requests
    assert path == "/-/npm/v1/security/advisories/bulk"
    assert body == {"express": ["5.0.0-beta.1"], "lodash": ["4.17.4"], "minimist": ["1.2.5"]}
    pkgs = [Package(n, v) for n, vs in wanted.items() for v in vs]
    found = {(m.name, m.id, m.severity.label) for m in match_packages(pkgs, answer.advisories).matches}
    assert found == {
        ("express", "GHSA-rv95-896h-c2vc", "medium"),  # 5.0.0-beta.1 inside ">=5.0.0-alpha.1 <5.0.0-beta.3"
        ("lodash", "GHSA-35jh-r3h4-6jhm", "high"),
        ("lodash", "GHSA-fvqr-27wr-82fm", "medium"),
        ("minimist", "GHSA-xvch-5gv4-984h", "high"),  # no severity in the answer: npm's default is high
    }
    assert answer.sent == (
        f"POST {server.base_url}/-/npm/v1/security/advisories/bulk: 3 package name@version pairs from 3 package "
        "names (nothing else)",
    )


def test_npm_bulk_405_is_unavailable() -> None:
    with loopback_server() as server, pytest.raises(SourceUnavailable, match="HTTP 405"):
        NpmBulkSource(server.base_url + "/other").fetch(WANTED)


def _no_store_env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "NODEWARD_ADVISORY_DB": "", "HOME": str(tmp_path)}


def test_deps_falls_back_to_the_api_and_says_what_it_sent(tmp_path: Path) -> None:
    root = make_project(
        DEPS_FIXTURES / "vulnerable.v3.package-lock.json", DEPS_FIXTURES / "vulnerable", tmp_path / "project"
    )
    with loopback_server() as server:
        result = CliRunner().invoke(
            nodeward_main,
            ["deps", str(root), "--osv-api-url", server.base_url, "--no-registry-metadata", "--format", "json"],
            env=_no_store_env(tmp_path),
        )
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    deps = report["sections"]["deps"]
    assert deps["source"]["name"] == "osv-api" and deps["source"]["location"] == server.base_url
    assert deps["sent"][0].startswith(f"POST {server.base_url}/v1/querybatch")
    assert any(n.startswith("offline-store: no offline advisory store") for n in deps["notes"])
    assert len([f for f in report["findings"] if f["code"] == "NW0201"]) == 42


def test_offline_makes_no_request_at_all(tmp_path: Path, osv_store: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    (root / ".npmrc").write_text("registry=http://127.0.0.1:9/\n")
    with loopback_server() as server:
        audit = run_deps_audit(
            root,
            DepsOptions(offline=True, advisory_db=osv_store, osv_api_url=server.base_url, registry=server.base_url),
        )
        assert server.requests == []
    assert audit.answer is not None and audit.answer.source == "offline-store" and audit.sent == ()
    assert audit.registry is None


def test_source_npm_bulk_is_opt_in_and_reported(tmp_path: Path) -> None:
    root = make_project(
        DEPS_FIXTURES / "vulnerable.v3.package-lock.json", DEPS_FIXTURES / "vulnerable", tmp_path / "project"
    )
    with loopback_server() as server:
        audit = run_deps_audit(root, DepsOptions(source="npm-bulk", registry=server.base_url, registry_metadata=False))
    assert audit.answer is not None and audit.answer.source == "npm-bulk"
    assert {(v.match.name, v.match.id) for v in audit.vulnerabilities} >= {("lodash", "GHSA-35jh-r3h4-6jhm")}
