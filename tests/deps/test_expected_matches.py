"""nodeward's advisory matches equal those computed independently by node's own `semver`, for every fixture lockfile,
in every output format; and with no store and no network `nodeward deps` says it could not check and exits 3.

The oracle is tests/fixtures/deps/oracle/expected_matches.js, run on the package manager's own listing of what it
installed, with semver installed from the committed package-lock by `npm ci --ignore-scripts` in a scratch folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from nodeward.deps.audit import DepsOptions, run_deps_audit

from .conftest import DEPS_FIXTURES, OSV_RECORDS, fixture_cases, make_project, nodeward_main
from conftest import SARIF_SCHEMA, require_tool
from node_tools import npm_ci

ORACLE_DIR = DEPS_FIXTURES / "oracle"
CASES = fixture_cases()
FORMATS = ("terminal", "json", "sarif", "markdown", "html")
Triple = tuple[str, str, str]


@pytest.fixture(scope="session")
def node_semver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("node", why="to compute the expected matches")
    require_tool("npm", why="to compute the expected matches")
    folder = tmp_path_factory.mktemp("semver-oracle")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ORACLE_DIR / name, folder / name)
    npm_ci(folder)
    return folder


def expected(node_semver: Path, oracle: Path, project: Path, lockfile: Path) -> set[Triple]:
    script = ORACLE_DIR / "expected_matches.js"
    done = subprocess.run(
        ["node", str(script), str(node_semver), str(OSV_RECORDS), str(oracle), str(project), str(lockfile)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {(m["name"], m["version"], ident) for m in json.loads(done.stdout) for ident in m["ids"]}


def _ids(case: tuple[Path, Path, Path]) -> str:
    return case[0].name


@pytest.fixture(scope="module")
def expectations(node_semver: Path) -> dict[str, set[Triple]]:
    return {lock.name: expected(node_semver, oracle, project, lock) for lock, oracle, project in CASES}


def test_fixtures_cover_every_lockfile_format() -> None:
    names = {case[0].name for case in CASES}
    for fragment in ("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "vulnerable.v3"):
        assert any(fragment in n for n in names), fragment


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_matches_equal_node_semver_oracle(
    case: tuple[Path, Path, Path], expectations: dict[str, set[Triple]], osv_store: Path, tmp_path: Path
) -> None:
    lockfile, _oracle, project = case
    root = make_project(lockfile, project, tmp_path / "project")
    audit = run_deps_audit(root, DepsOptions(offline=True, advisory_db=osv_store))
    assert audit.unavailable is None and audit.problems == ()
    got = {(v.match.name, v.match.version, i) for v in audit.vulnerabilities for i in v.match.ids}
    want = expectations[lockfile.name]
    assert want, "the oracle found nothing: the fixture would prove nothing"
    assert got == want


_MESSAGE = re.compile(
    r"(?:\S+ \(npm:)?(?P<name>@?[^\s@()]+)@(?P<version>[^\s)@]+)\)? \((?:prod|dev|optional|peer)[^)]*\) "
    r"is affected by (?P<ids>[^:]+):"
)
_GROUP_LINE = re.compile(
    r"^\s+[A-Z]+\s+(?:\S+ \(npm:)?(?P<name>@?[^\s@()]+)@(?P<version>[^\s)@]+)\)? \[[^\]]+\] (?P<ids>.+)$"
)
_MD_ROW = re.compile(r"^\| (?P<name>@?[^\s@|]+)@(?P<version>[^\s|]+) \| \w+ \| (?P<ids>[^|]+) \|")


def _triples(name: str, version: str, ids: str) -> set[Triple]:
    return {(name, version, i.strip()) for i in ids.split(",") if i.strip().startswith("GHSA-")}


def matches_in_output(fmt: str, text: str) -> set[Triple]:
    found: set[Triple] = set()
    if fmt == "json":
        for f in json.loads(text)["findings"]:
            if f["code"] == "NW0201":
                d = f["data"]
                found |= {(d["package"], d["version"], i) for i in d["advisory_ids"] if i.startswith("GHSA-")}
    elif fmt == "sarif":
        for result in json.loads(text)["runs"][0]["results"]:
            if result["ruleId"] == "NW0201":
                m = _MESSAGE.search(result["message"]["text"])
                assert m, result["message"]["text"]
                found |= _triples(m["name"], m["version"], m["ids"])
    elif fmt == "html":
        import html

        page = html.unescape(re.sub(r"<[^>]+>", " ", text))
        for m in _MESSAGE.finditer(page):
            found |= _triples(m["name"], m["version"], m["ids"])
    elif fmt == "markdown":
        section = text.split("### Vulnerable dependencies by top-level dependency", 1)[1]
        for line in section.replace("\\", "").splitlines():
            m = _MD_ROW.match(line)
            if m:
                found |= _triples(m["name"], m["version"], m["ids"])
    else:
        section = text.split("Vulnerable dependencies by top-level dependency", 1)[1]
        for line in section.splitlines():
            m = _GROUP_LINE.match(line)
            if m:
                found |= _triples(m["name"], m["version"], m["ids"])
    return found


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_every_output_format_reports_the_oracle_matches(
    case: tuple[Path, Path, Path], fmt: str, expectations: dict[str, set[Triple]], osv_store: Path, tmp_path: Path
) -> None:
    lockfile, _oracle, project = case
    root = make_project(lockfile, project, tmp_path / "project")
    args = ["deps", str(root), "--offline", "--advisory-db", str(osv_store), "--format", fmt, "--fail-on", "never"]
    result = CliRunner().invoke(nodeward_main, args)
    assert result.exit_code == 0, result.output
    assert matches_in_output(fmt, result.output) == expectations[lockfile.name]


def _no_store_env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "empty-cache"), "NODEWARD_ADVISORY_DB": "", "HOME": str(tmp_path)}


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


def test_offline_without_store_could_not_check_exits_3(tmp_path: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    result = CliRunner().invoke(nodeward_main, ["deps", str(root), "--offline"], env=_no_store_env(tmp_path))
    assert result.exit_code == 3, result.output
    assert "could not check" in result.output
    assert "no known vulnerability" not in result.output


def test_unreachable_api_without_store_could_not_check_exits_3(tmp_path: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    url = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(
        nodeward_main,
        ["deps", str(root), "--osv-api-url", url, "--no-registry-metadata", "--format", "json"],
        env=_no_store_env(tmp_path),
    )
    assert result.exit_code == 3, result.output
    report = json.loads(result.output)
    assert report["sections"]["deps"]["checked"] is False
    assert "ConnectError" in report["sections"]["deps"]["could_not_check"]
    assert [f for f in report["findings"] if f["code"] == "NW0201"] == []


def test_clean_project_with_store_holds(osv_store: Path, tmp_path: Path) -> None:
    root = shutil.copytree(DEPS_FIXTURES / "clean", tmp_path / "clean")
    result = CliRunner().invoke(
        nodeward_main, ["deps", str(root), "--offline", "--advisory-db", str(osv_store), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    evidence = [e["message"] for e in report["scorecard"][1]["evidence"]]
    assert "1 packages checked against offline-store: no known vulnerability" in evidence
    assert report["sections"]["deps"]["checked"] is True


def test_deps_sarif_validates_against_the_schema(osv_store: Path, tmp_path: Path) -> None:
    import jsonschema

    lockfile, _oracle, project = CASES[-1]
    root = make_project(lockfile, project, tmp_path / "project")
    args = ["deps", str(root), "--offline", "--advisory-db", str(osv_store), "--format", "sarif"]
    sarif = json.loads(CliRunner().invoke(nodeward_main, args).output)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"])
