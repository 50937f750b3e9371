"""Taint analysis: traces, summaries across files, profiles, and hostile input that must not crash or hang."""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.analysis.taint import TaintAnalysis
from nodeward.collect.discover import discover_project
from nodeward.facts import Facts
from nodeward.reporters.json import render as render_json
from nodeward.reporters.sarif import render as render_sarif
from nodeward.settings import Settings

from conftest import scan, write_tree


def analyse(root: Path) -> TaintAnalysis:
    project = discover_project(root)
    analysis = TaintAnalysis(Facts(Settings(root=root), project).js, project.read_text)
    analysis.run()
    return analysis


def test_trace_runs_from_the_source_through_each_step_to_the_sink(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app.js": (
                "const express = require('express');\n"
                "const { exec } = require('child_process');\n"
                "const app = express();\n"
                "app.get('/ping', (req, res) => {\n"
                "  const { host } = req.query;\n"
                "  const cmd = 'ping -c 1 ' + host.trim();\n"
                "  exec(cmd, (err, out) => res.type('text/plain').send(out));\n"
                "});\n"
            )
        },
    )
    report = scan(tmp_path, select=("NW1001",))
    [finding] = [f for f in report.findings if f.code == "NW1001"]
    assert (finding.location.path, finding.location.line) == ("app.js", 7)
    assert [step.location.line for step in finding.trace] == [5, 5, 6, 7]
    assert finding.trace[1].note == "destructured"
    assert finding.trace[0].note == "source: req.query"
    assert finding.trace[-1].note == "reaches exec (command sink)"
    assert finding.message.startswith("req.query reaches exec:")


def test_helper_in_another_file_is_reported_at_its_sink_with_the_callers_source(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "lib/git.js": (
                "const cp = require('child_process');\n"
                "function checkout(branch) {\n"
                "  return cp.execSync(`git checkout ${branch}`);\n"
                "}\n"
                "module.exports = { checkout };\n"
            ),
            "routes.js": (
                "const router = require('express').Router();\n"
                "const git = require('./lib/git');\n"
                "router.post('/deploy', (req, res) => {\n"
                "  res.json({ out: String(git.checkout(req.body.branch)) });\n"
                "});\n"
                "router.post('/deploy-main', (req, res) => {\n"
                "  res.json({ out: String(git.checkout('main')) });\n"
                "});\n"
            ),
        },
    )
    report = scan(tmp_path, select=("NW1001",))
    found = [(f.location.path, f.location.line) for f in report.findings if f.code == "NW1001"]
    assert found == [("lib/git.js", 3)]
    trace = report.findings[0].trace
    assert [(s.location.path, s.location.line) for s in trace] == [
        ("routes.js", 4),
        ("routes.js", 4),
        ("lib/git.js", 3),
        ("lib/git.js", 3),
    ]
    assert trace[1].note == "passed to checkout()"


def test_json_and_sarif_carry_the_trace(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app.js": (
                "const app = require('express')();\n"
                "app.get('/r', (req, res) => {\n"
                "  const next = req.query.next;\n"
                "  res.redirect(next);\n"
                "});\n"
            )
        },
    )
    report = scan(tmp_path, select=("NW1005",))
    data = json.loads(render_json(report))
    [finding] = [f for f in data["findings"] if f["code"] == "NW1005"]
    assert [s["location"]["line"] for s in finding["trace"]] == [3, 4]
    sarif = json.loads(render_sarif(report))
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "NW1005"]
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [3, 4]


def test_process_env_sources_count_only_in_the_audit_profile(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"job.js": "const { exec } = require('child_process');\nexec('backup ' + process.env.BACKUP_TARGET);\n"},
    )
    assert [f.code for f in scan(tmp_path, select=("NW1001",), profile="default").findings] == []
    assert [f.code for f in scan(tmp_path, select=("NW1001",), profile="audit").findings] == ["NW1001"]


def test_mutually_recursive_helpers_terminate_and_still_report(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app.js": (
                "const app = require('express')();\n"
                "function a(x, n) { return n ? b(x, n - 1) : eval(x); }\n"
                "function b(x, n) { return a(x, n); }\n"
                "app.get('/x', (req, res) => res.json(a(req.query.code, 3)));\n"
            )
        },
    )
    found = [(f.location.line, f.code) for f in scan(tmp_path, select=("NW1002",)).findings]
    assert found == [(2, "NW1002")]


def test_files_without_a_request_source_are_not_walked(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"db.js": "const db = require('pg');\nfunction run(sql) { return new db.Pool().query(sql); }\n"},
    )
    analysis = analyse(tmp_path)
    assert analysis.functions_walked == 0
    assert analysis.results() == []


def test_hostile_files_do_not_crash_or_hang(tmp_path: Path) -> None:
    deep = "const app = require('express')();\napp.get('/', (req, res) => { const x = " + "(" * 3000
    deep += "req.query.a" + ")" * 3000 + "; res.send(x); });\n"
    write_tree(
        tmp_path,
        {
            "deep.js": deep,
            "broken.js": "app.get('/', (req, res) => { eval(req.query.x) \n  }}}} ((( \x00\x1b[31m",
            "binary.js": b"\xff\xfe\x00req.query\x00" * 100,
        },
    )
    report = scan(tmp_path, select=("NW10", "NW12"))
    assert not report.rule_errors, report.rule_errors


def test_a_file_over_the_evaluation_budget_is_reported_not_fatal(tmp_path: Path, monkeypatch) -> None:
    import nodeward.analysis.taint as taint

    handlers = "".join(f"app.get('/r{i}', (req, res) => res.send(req.query.a + {i}));\n" for i in range(50))
    write_tree(tmp_path, {"big.js": "const app = require('express')();\n" + handlers})
    monkeypatch.setattr(taint, "MAX_EVALS_PER_FILE", 100)
    analysis = analyse(tmp_path)
    assert analysis.problems == [("big.js", "taint analysis stopped early: the file is too large or complex")]
    assert 0 < len(analysis.results()) < 50


def test_parameterized_queries_with_request_data_are_evidence_for_practice_12(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app.js": (
                "const app = require('express')();\n"
                "const { Pool } = require('pg');\n"
                "const pool = new Pool();\n"
                "app.get('/u', async (req, res) => {\n"
                "  res.json(await pool.query('SELECT * FROM users WHERE id = $1', [req.query.id]));\n"
                "});\n"
            )
        },
    )
    report = scan(tmp_path, select=("NW1201", "NW1202"))
    assert [(e.code, e.location.line) for e in report.evidence] == [("NW1201", 5)]
    [verdict] = [p for p in report.scorecard.practices if p.number == 12]
    assert verdict.status == "holds"
    assert report.findings == ()


def test_request_data_beside_an_env_configured_root_is_reported_in_the_default_profile(tmp_path: Path) -> None:
    # both process.env (audit only) and the request reach the sink; the request flow must not be hidden behind it
    write_tree(
        tmp_path,
        {
            "app.js": (
                "const express = require('express');\n"
                "const path = require('path');\n"
                "const app = express();\n"
                "const UPLOAD_DIR = path.resolve(process.env.UPLOAD_DIR || './uploads');\n"
                "app.get('/files/:name', (req, res) => {\n"
                "  res.sendFile(path.join(UPLOAD_DIR, req.params.name));\n"
                "});\n"
                "app.get('/logo', (req, res) => {\n"
                "  res.sendFile(path.join(UPLOAD_DIR, 'logo.png'));\n"
                "});\n"
            )
        },
    )
    [finding] = scan(tmp_path, select=("NW1003",), profile="default").findings
    assert (finding.location.line, finding.trace[0].note) == (6, "source: req.params")
    audit = scan(tmp_path, select=("NW1003",), profile="audit").findings
    assert sorted(f.location.line for f in audit) == [6]  # the environment alone is configuration


def test_nosql_filters_need_a_document_store_in_the_project(tmp_path: Path) -> None:
    # ghost's Bookshelf models have findOne too; a filter object only carries operators to MongoDB and its ODMs,
    # which a models file may import, or package.json declare, away from the route.
    route = (
        "const app = require('express')();\n"
        "const { User } = require('./models');\n"
        "app.post('/login', async (req, res) => res.json(await User.findOne({ name: req.body.name })));\n"
    )
    sql_only = write_tree(tmp_path / "sql", {"app.js": route, "package.json": '{"dependencies": {"knex": "3"}}'})
    assert [f.code for f in scan(sql_only, select=("NW1202",)).findings] == []
    declared = write_tree(tmp_path / "mongo", {"app.js": route, "package.json": '{"dependencies": {"mongoose": "8"}}'})
    assert [(f.location.line, f.code) for f in scan(declared, select=("NW1202",)).findings] == [(3, "NW1202")]
    imported = write_tree(tmp_path / "odm", {"app.js": route, "models.js": "const mongoose = require('mongoose');\n"})
    assert [(f.location.line, f.code) for f in scan(imported, select=("NW1202",)).findings] == [(3, "NW1202")]
