"""The framework end to end with a throwaway rule: findings, evidence, suppressions, exit codes, formats, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from nodeward.cli import main
from nodeward.findings import Severity
from nodeward.rules import fails, holds, rule
from nodeward.rules.registry import unregister
from nodeward.rules.targets import ProjectTarget

from conftest import REPO, SARIF_SCHEMA, scan, write_tree

CODE, CRASH = "NW1598", "NW1599"


def _marker_rule(facts) -> Iterator:
    """Test rule: every line containing MARKER-BAD fails; MARKER-GOOD is evidence."""
    for f in facts.project.of_kind("js", "dockerfile", "yaml"):
        for number, text in enumerate(facts.project.lines(f.path), 1):
            if "MARKER-BAD" in text:
                from nodeward.findings import Location

                yield fails(Location(f.path, number, text.index("MARKER-BAD") + 1), "bad marker found")
            if "MARKER-GOOD" in text:
                from nodeward.findings import Location

                yield holds(Location(f.path, number), "good marker present")


def _crashing_rule(facts) -> Iterator:
    raise RuntimeError("boom")
    yield  # pragma: no cover


@pytest.fixture(autouse=True)
def throwaway_rules() -> Iterator[None]:
    _marker_rule.__doc__ = "Test rule.\n\n## What it checks\nx\n## Why it matters\nx\n## How to fix\nRemove it.\n"
    rule(CODE, "test-marker", on=ProjectTarget(), severity=Severity.HIGH, cwe=20)(_marker_rule)
    rule(CRASH, "test-crash", on=ProjectTarget(), severity=Severity.LOW)(_crashing_rule)
    yield
    unregister(CODE)
    unregister(CRASH)


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_finding_has_rule_metadata_location_snippet_and_fix(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"src/app.js": "const a = 1;\n  foo(); // MARKER-BAD here\n"})
    report = scan(root, select=(CODE,))
    [f] = report.findings
    assert (f.code, f.name, f.practice, f.severity, f.cwe) == (CODE, "test-marker", 15, Severity.HIGH, 20)
    assert (f.location.path, f.location.line, f.location.column) == ("src/app.js", 2, 13)
    assert f.snippet == "foo(); // MARKER-BAD here"
    assert f.fix == "Remove it."
    assert report.scorecard.verdict(15).status == "fails"


def test_crashing_rule_is_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.js": "// MARKER-BAD\n"})
    report = scan(root, select=(CODE, CRASH))
    assert [e.code for e in report.rule_errors] == [CRASH]
    assert "RuntimeError: boom" in report.rule_errors[0].message
    assert [f.code for f in report.findings] == [CODE]


def test_evidence_makes_a_practice_hold(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.js": "// MARKER-GOOD\n"})
    report = scan(root, select=(CODE,))
    verdict = report.scorecard.verdict(15)
    assert verdict.status == "holds"
    assert verdict.evidence[0].message == "good marker present"
    assert report.scorecard.verdict(1).status == "unknown"


def test_fingerprint_survives_edits_elsewhere_in_the_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "a", {"a.js": "x();\nfoo(); // MARKER-BAD\n"})
    moved = write_tree(tmp_path / "b", {"a.js": "\n\n// new comment\nx();\nfoo(); // MARKER-BAD\n"})
    [f1] = scan(root, select=(CODE,)).findings
    [f2] = scan(moved, select=(CODE,)).findings
    assert f1.location.line != f2.location.line
    assert f1.fingerprint == f2.fingerprint


def test_identical_snippets_get_distinct_fingerprints(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.js": "// MARKER-BAD\n// MARKER-BAD\n"})
    fps = {f.fingerprint for f in scan(root, select=(CODE,)).findings}
    assert len(fps) == 2


def test_inline_suppression_needs_a_reason(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "a.js": "// nodeward-ignore[NW1598]: accepted, behind a proxy\nMARKER-BAD();\n"
            "MARKER-BAD(); // nodeward-ignore[NW1598]\n"
            "# nodeward-ignore[test-marker]: name works too\nMARKER-BAD();\n",
        },
    )
    report = scan(root, select=(CODE,))
    by_line = {f.location.line: f for f in report.findings}
    assert by_line[2].suppression.reason == "accepted, behind a proxy"
    assert by_line[2].suppression.kind == "inline"
    assert by_line[3].suppression is None
    assert by_line[5].suppressed
    assert any("has no reason" in n for n in report.notices)


def test_config_suppression_expiry_path_glob_and_unused_notice(tmp_path: Path, capsys) -> None:
    root = write_tree(
        tmp_path,
        {
            "package.json": "{}",
            "legacy/a.js": "MARKER-BAD();\n",
            "src/b.js": "MARKER-BAD();\n",
            "src/c.js": "MARKER-BAD();\n",
            "nodeward.toml": """
fail-on = "high"
[[suppress]]
rule = "NW1598"
path = "legacy/**"
reason = "legacy code, removed next quarter"
expires = 2099-01-01

[[suppress]]
rule = "NW1598"
path = "src/b.js"
reason = "was accepted until last year"
expires = 2001-01-01

[[suppress]]
rule = "NW0101"
reason = "no longer needed"
""",
        },
    )
    code, out, _err = run_cli(["scan", str(root), "--select", CODE, "--format", "json"], capsys)
    data = json.loads(out)
    status = {f["location"]["path"]: f["suppression"] for f in data["findings"]}
    assert status["legacy/a.js"]["reason"] == "legacy code, removed next quarter"
    assert status["legacy/a.js"]["expires"] == "2099-01-01"
    assert status["src/b.js"] is None and status["src/c.js"] is None
    assert any("expired on 2001-01-01" in n and "src/b.js" in n for n in data["notices"])
    assert any("unused suppression" in n and "NW0101" in n for n in data["notices"])
    assert data["config"].endswith("nodeward.toml (3 suppressions)")
    assert code == 1


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colour = 'red'\n", "unknown key 'colour'"),
        ("[[suppress]]\nrule = 'NW0101'\n", "needs a non-empty 'reason'"),
        ("[[suppress]]\nrule = 'NW0101'\nreason='x'\nexpires='soon'\n", "'expires' must be a date"),
        ("fail-on = 'sometimes'\n", "fail-on must be one of"),
        ("[rules]\nspeed = 1\n", "unknown key 'rules.speed'"),
        ("this is not toml", "invalid TOML"),
        ("[rules]\nbody-limit-max = '100 megabytes'\n", "cannot read size '100 megabytes'"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, capsys, toml: str, message: str) -> None:
    root = write_tree(tmp_path, {"package.json": "{}", "nodeward.toml": toml, "a.js": "x\n"})
    code, _out, err = run_cli(["scan", str(root)], capsys)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], 1),  # HIGH >= default fail-on medium
        (["--fail-on", "critical"], 0),
        (["--fail-on", "never"], 0),
        (["--exit-zero"], 0),
        (["--ignore", CODE], 0),
    ],
)
def test_exit_codes(tmp_path: Path, capsys, args: list[str], expected: int) -> None:
    root = write_tree(tmp_path, {"package.json": "{}", "a.js": "MARKER-BAD\n"})
    code, _, _ = run_cli(["scan", str(root), "--select", "NW15", *args], capsys)
    assert code == expected


def test_usage_errors_exit_2_without_traceback(tmp_path: Path, capsys) -> None:
    for args in (
        ["scan", str(tmp_path / "missing")],
        ["scan", str(tmp_path), "--select", "NW9999"],
        ["explain", "NW9999"],
        ["scan", "--format", "xml", str(tmp_path)],
    ):
        code, _, err = run_cli(args, capsys)
        assert code == 2, args
        assert err.startswith("nodeward: error:") and "Traceback" not in err


def test_json_report_validates_against_the_packaged_schema(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path, {"package.json": "{}", "a.js": "MARKER-BAD\n// MARKER-GOOD\n"})
    _, out, _ = run_cli(["scan", str(root), "--select", "NW15", "--format", "json"], capsys)
    schema = json.loads((REPO / "src/nodeward/schemas/report-v1.json").read_text())
    jsonschema.validate(json.loads(out), schema)


def test_sarif_validates_and_has_what_code_scanning_needs(tmp_path: Path, capsys) -> None:
    root = write_tree(
        tmp_path, {"package.json": "{}", "a.js": "MARKER-BAD\n// nodeward-ignore[NW1598]: accepted\nMARKER-BAD\n"}
    )
    _, out, _ = run_cli(["scan", str(root), "--select", "NW15", "--format", "sarif"], capsys)
    sarif = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validate(sarif, schema)
    [run] = sarif["runs"]
    results = run["results"]
    assert len(results) == 2
    for r in results:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.js"
        assert r["partialFingerprints"]["nodeward/v1"]
    assert [bool(r.get("suppressions")) for r in results] == [False, True]
    rules = {d["id"]: d for d in run["tool"]["driver"]["rules"]}
    assert rules[CODE]["properties"]["security-severity"] == "8.0"
    assert "Remove it." in rules[CODE]["help"]["text"]


def test_rules_and_explain_commands(capsys) -> None:
    code, out, _ = run_cli(["rules"], capsys)
    assert code == 0 and CODE in out
    code, out, _ = run_cli(["explain", "test-marker"], capsys)
    assert code == 0 and "## How to fix" in out


def test_console_script_runs_as_installed() -> None:
    proc = subprocess.run([sys.executable, "-m", "nodeward", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "nodeward" in proc.stdout


def test_inline_suppressions_are_looked_up_once_per_file_not_per_finding(tmp_path: Path, monkeypatch, capsys) -> None:
    # A one-line package-lock.json with one NW0203 finding per package (each from git): searching that
    # (megabytes long) line for `nodeward-ignore` once per finding was quadratic; 400,000 entries never finished.
    from nodeward.collect.discover import Project

    n = 300
    packages = ",".join(
        f'"node_modules/p{i}":{{"version":"1.0.{i}","resolved":"git+ssh://git@git.invalid/o/p{i}.git#a{i}"}}'
        for i in range(n)
    )
    root = write_tree(
        tmp_path,
        {
            "package.json": '{"name": "app"}',
            "package-lock.json": '{"lockfileVersion":3,"packages":{' + packages + "}}",
        },
    )
    reads: list[str] = []
    original = Project.lines

    def counting_lines(self: Project, rel: str) -> list[str]:
        reads.append(rel)
        return original(self, rel)

    monkeypatch.setattr(Project, "lines", counting_lines)
    with pytest.raises(SystemExit):
        main(["scan", str(root), "--select", "NW0203", "--format", "json", "--offline", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)
    assert len([f for f in report["findings"] if f["code"] == "NW0203"]) == n
    assert reads.count("package-lock.json") <= 3
