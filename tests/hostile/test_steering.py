"""Class: a scanned repository steering the audit.

Its nodeward.toml may configure what is scanned, but not where trust comes from (advisory URLs, store, registry;
nor its .npmrc the registry asked over the network): those come only from the command line, the environment or the
user's own config ($XDG_CONFIG_HOME/nodeward/config.toml), unless the user passes --trust-config. Whatever it turns
off is shown rule by rule in the terminal, JSON and Markdown reports and in SARIF (notifications; suppressed
results carry `suppressions` with the reason). The OSV record cache is keyed by the server that answered, so a
hostile server's records never stand in for the real one's in a later scan of another project.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from deps.loopback import load_records, loopback_server
from nodeward.deps.advisories.osv_api import OsvApiSource
from nodeward.rules.registry import all_rules

from .generate import base_project, write
from .harness import run_nodeward

HOSTILE_TOML = """ignore = ["NW"]
[deps]
osv-api-url = "http://127.0.0.1:9/"
advisory-db = "/tmp/nodeward-hostile-store.sqlite3"
registry = "http://127.0.0.1:9/"
"""


def _deps_json(run: Any) -> str:
    return json.dumps(json.loads(run.stdout)["sections"]["deps"])


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
    total = len(all_rules())
    assert f"The scanned repository's nodeward.toml changes what is checked: - ignores {total} of {total} rules " \
        "(every rule): NW0101," in header, terminal  # fmt: skip
    assert "tried to set deps.osv-api-url, deps.advisory-db, deps.registry: refused" in header, terminal
    assert not Path("/tmp/nodeward-hostile-store.sqlite3").exists()


def test_json_and_markdown_name_every_rule_the_repository_ignored(tmp_path: Path, osv_store_path: Path) -> None:
    root = base_project(tmp_path / "p")
    write(
        root,
        "nodeward.toml",
        'ignore = ["NW03", "NW0401"]\nfail-on = "never"\n[[suppress]]\nrule = "NW05"\nreason = "a gateway limits"\n',
    )
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--advisory-db", osv_store_path, "--format", "json")
    assert run.rc == 0, run  # fail-on = never: exactly what a stranger's PR would want, hence shown below
    report = json.loads(run.stdout)
    section = report["sections"]["repository_config"]
    expected = sorted(r.code for r in all_rules() if r.code.startswith("NW03") or r.code == "NW0401")
    assert section["ignored_rules"] == expected and len(expected) >= 2, section
    assert section["fail_on"] == "never" and section["path"] == "nodeward.toml", section
    assert section["suppressions"] == [
        {
            "rule": "NW05",
            "path": None,
            "advisory": None,
            "reason": "a gateway limits",
            "expires": None,
            "source": "nodeward.toml: suppress entry 1",
        }
    ]
    assert report["summary"]["rules_not_run"]["turned off by the scanned repository's nodeward.toml"] == len(expected)
    markdown = run_nodeward("scan", root, "--offline", "--no-cache", "--advisory-db", osv_store_path,
                            "--format", "markdown")  # fmt: skip
    assert "**The scanned repository's nodeward.toml changes what is checked:**" in markdown.stdout, markdown
    sarif = json.loads(
        run_nodeward(
            "scan", root, "--offline", "--no-cache", "--advisory-db", osv_store_path, "--format", "sarif"
        ).stdout
    )
    suppressed = [(r["ruleId"], r["suppressions"]) for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert ("NW0501", [{"kind": "external", "justification": "a gateway limits", "status": "accepted"}]) in suppressed
    assert f"- ignores {len(expected)} of {len(all_rules())} rules: {', '.join(expected)}" in markdown.stdout


def test_a_config_named_with_config_inside_the_tree_is_still_the_repositorys(tmp_path: Path) -> None:
    root = base_project(tmp_path / "p")
    write(root, "ci/nodeward.toml", '[deps]\nosv-api-url = "http://127.0.0.1:9/"\nsource = "osv-api"\n')
    run = run_nodeward("deps", root, "--format", "json", "--config", root / "ci" / "nodeward.toml")
    assert "127.0.0.1:9" not in _deps_json(run), run
    assert any("sets deps.osv-api-url: ignored" in n for n in json.loads(run.stdout)["notices"]), run


@pytest.mark.parametrize("how", ["flag", "env"])
def test_the_user_can_trust_the_repository_config_explicitly(tmp_path: Path, how: str) -> None:
    root = base_project(tmp_path / "p")
    write(root, "nodeward.toml", '[deps]\nosv-api-url = "http://127.0.0.1:9/"\nsource = "osv-api"\n')
    if how == "flag":
        run = run_nodeward("deps", root, "--format", "json", "--trust-config")
    else:
        run = run_nodeward("deps", root, "--format", "json", env={"NODEWARD_TRUST_CONFIG": "1"})
    assert "127.0.0.1:9" in _deps_json(run), run
    notices = json.loads(run.stdout)["notices"]
    assert any("sets deps.osv-api-url = 'http://127.0.0.1:9/': used, as --trust-config asks" in n for n in notices)
    untrusted = run_nodeward("deps", root, "--format", "json")
    assert "127.0.0.1:9" not in _deps_json(untrusted)


def test_trust_settings_come_from_the_user_level_config(tmp_path: Path) -> None:
    """The user's own $XDG_CONFIG_HOME/nodeward/config.toml chooses the advisory source; the repository's choice is
    refused with a notice that names where it may come from."""
    user = tmp_path / "xdg"
    write(user, "nodeward/config.toml", '[deps]\nosv-api-url = "http://127.0.0.1:7/"\nsource = "osv-api"\n')
    root = base_project(tmp_path / "p")
    write(root, "nodeward.toml", '[deps]\nosv-api-url = "http://127.0.0.1:9/"\n')
    run = run_nodeward("deps", root, "--format", "json", env={"XDG_CONFIG_HOME": str(user)})
    report = json.loads(run.stdout)
    deps = _deps_json(run)
    assert "127.0.0.1:7" in deps and "127.0.0.1:9" not in deps, deps
    assert f"and your config {user}/nodeward/config.toml" in report["config"], report["config"]
    assert any(f"your own {user}/nodeward/config.toml; --trust-config" in n for n in report["notices"])
    trusted = run_nodeward("deps", root, "--format", "json", "--trust-config", env={"XDG_CONFIG_HOME": str(user)})
    assert "127.0.0.1:9" in _deps_json(trusted)  # the repository's, on top of the user's, when trusted
    write(user, "nodeward/config.toml", "[deps\n")
    broken = run_nodeward("deps", root, env={"XDG_CONFIG_HOME": str(user)})
    assert broken.rc == 2 and "config.toml" in broken.stderr and broken.stderr.count("\n") == 1, broken


def test_the_repositorys_npmrc_does_not_choose_the_registry_asked(tmp_path: Path) -> None:
    root = base_project(tmp_path / "p")
    write(root, ".npmrc", "registry=http://127.0.0.1:9/\n")
    run = run_nodeward("deps", root, "--format", "json", "--source", "npm-bulk", env={"HOME": str(tmp_path)})
    report = json.loads(run.stdout)
    assert "POST http://127.0.0.1:9" not in json.dumps(report), report["notices"]
    assert any("the scanned folder's .npmrc sets registry=http://127.0.0.1:9: not asked" in n for n in
               report["notices"] + report["sections"]["deps"].get("notes", [])), report  # fmt: skip
    trusted = run_nodeward("deps", root, "--format", "json", "--source", "npm-bulk", "--trust-config",
                           env={"HOME": str(tmp_path)})  # fmt: skip
    assert "http://127.0.0.1:9/-/npm/v1/security/advisories/bulk" in json.dumps(json.loads(trusted.stdout)), trusted


@contextmanager
def _tampering_osv(real: dict[str, dict[str, Any]]) -> Iterator[str]:
    """An OSV API that answers the real ids and `modified` dates, with records changed to affect nothing."""
    from http_loopback import serving

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, doc: Any) -> None:
            body = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            hits = [{"id": i, "modified": r["modified"]} for i, r in sorted(real.items())]
            self._json({"results": [{"vulns": hits} for _ in body["queries"]]})

        def do_GET(self) -> None:
            ident = self.path.rsplit("/", 1)[-1]
            self._json({**real[ident], "summary": "HOSTILE: not vulnerable", "affected": []})

    with serving(Handler) as port:
        yield f"http://127.0.0.1:{port}"


def test_a_hostile_servers_records_never_stand_in_for_the_real_ones(tmp_path: Path) -> None:
    """Scan 1 (a repository trusted with its own osv-api-url, or a user's mirror) fills the cache from a hostile
    server; scan 2 of another project against the real server reads nothing of it."""
    records = load_records()
    wanted = {"lodash": frozenset({"4.17.4"})}
    cache = tmp_path / "cache"
    with _tampering_osv(records) as hostile:
        poisoned = OsvApiSource(hostile, cache=cache).fetch(wanted)
    assert any(a.summary.startswith("HOSTILE") for a in poisoned.advisories)
    with loopback_server() as real:
        answer = OsvApiSource(real.base_url, cache=cache).fetch(wanted)
        fetched = [p for p in real.paths("GET") if p.startswith("/v1/vulns/")]
    assert answer.advisories and not any(a.summary.startswith("HOSTILE") for a in answer.advisories)
    assert len(fetched) == len(answer.advisories)  # each record fetched from the real server, none from the cache
    assert all(a.affected for a in answer.advisories)
