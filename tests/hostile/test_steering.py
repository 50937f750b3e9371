"""Class: a scanned repository steering the audit. Its nodeward.toml may configure what is scanned, but not where
trust comes from (advisory URLs, store, registry) unless the user says so (NODEWARD_TRUST_CONFIG=1); whatever it
turns off is counted in the report header and in SARIF (notifications; suppressed results carry `suppressions`
with the reason); the OSV record cache is keyed by the server that answered.
"""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.deps.advisories.osv_api import OsvApiSource

from .generate import base_project, write
from .harness import run_nodeward

HOSTILE_TOML = """ignore = ["NW"]
[deps]
osv-api-url = "http://127.0.0.1:9/"
advisory-db = "/tmp/nodeward-hostile-store.sqlite3"
registry = "http://127.0.0.1:9/"
"""


def test_in_tree_config_cannot_move_the_advisory_source_and_its_ignores_are_shown(
    tmp_path: Path, osv_store_path: Path
) -> None:
    root = base_project(tmp_path / "p")
    write(root, "nodeward.toml", HOSTILE_TOML)
    write(root, "server.js", "// nodeward-ignore[NW0701]: reason given by the repo\nconsole.log(1);\n")
    run = run_nodeward(
        "scan", root, "--offline", "--no-cache", "--advisory-db", osv_store_path, "--format", "sarif",
        "-o", tmp_path / "r.sarif",
    )  # fmt: skip
    assert run.rc in (0, 1, 3), run
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    for key in ("osv-api-url", "advisory-db", "registry"):
        assert any(f"sets deps.{key}: ignored" in n for n in notes), notes
    assert any("turns checks off: ignore = ['NW']" in n for n in notes), notes
    terminal = run_nodeward("scan", root, "--offline", "--no-cache", "--advisory-db", osv_store_path)
    header = " ".join(terminal.stdout.split())  # the terminal report wraps at its width
    assert "from the scanned repository itself, which turns off: ignore = ['NW']" in header, terminal
    assert not Path("/tmp/nodeward-hostile-store.sqlite3").exists()


def test_the_user_can_trust_the_repository_config_explicitly(tmp_path: Path) -> None:
    root = base_project(tmp_path / "p")
    write(root, "nodeward.toml", '[deps]\nosv-api-url = "http://127.0.0.1:9/"\nsource = "osv-api"\n')
    run = run_nodeward("deps", root, "--format", "json", env={"NODEWARD_TRUST_CONFIG": "1"})
    assert "127.0.0.1:9" in json.dumps(json.loads(run.stdout)["sections"]["deps"]), run
    untrusted = run_nodeward("deps", root, "--format", "json")
    assert "127.0.0.1:9" not in json.dumps(json.loads(untrusted.stdout)["sections"]["deps"])


def test_osv_cache_is_keyed_by_the_answering_server(tmp_path: Path) -> None:
    real = OsvApiSource("https://osv.example.invalid", cache=tmp_path)
    hostile = OsvApiSource("http://127.0.0.1:9", cache=tmp_path)
    assert real._cache_file("GHSA-aaaa-bbbb-cccc", "2024-01-01") != hostile._cache_file(
        "GHSA-aaaa-bbbb-cccc", "2024-01-01"
    )
