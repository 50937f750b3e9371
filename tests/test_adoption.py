"""Adoption: baselines, `nodeward init`, the GitHub Action and the pre-commit hook, run as a user would."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from nodeward.cli import main
from nodeward.findings import Location, Severity
from nodeward.rules import fails, rule
from nodeward.rules.registry import unregister
from nodeward.rules.targets import ProjectTarget

from conftest import REPO, write_tree

CODE = "NW1597"


def _todo_rule(facts) -> Iterator:
    """Test rule: TODO-SECURITY lines."""
    for f in facts.project.of_kind("js"):
        for number, text in enumerate(facts.project.lines(f.path), 1):
            if "TODO-SECURITY" in text:
                yield fails(Location(f.path, number), "security TODO left in code")


@pytest.fixture
def todo_rule() -> Iterator[None]:
    rule(CODE, "test-todo", on=ProjectTarget(), severity=Severity.HIGH)(_todo_rule)
    yield
    unregister(CODE)


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_baseline_hides_known_findings_and_counts_matched_and_disappeared(todo_rule, tmp_path, capsys) -> None:
    root = write_tree(
        tmp_path / "app", {"package.json": "{}", "a.js": "x(); // TODO-SECURITY one\ny(); // TODO-SECURITY two\n"}
    )
    baseline = tmp_path / "baseline.json"
    code, _, err = run(["scan", str(root), "--select", CODE, "--write-baseline", str(baseline)], capsys)
    assert code == 1 and "wrote baseline with 2 finding(s)" in err
    # Edit elsewhere (lines shift), fix one, add a new one.
    (root / "a.js").write_text("\n\n// header\ny(); // TODO-SECURITY two\nz(); // TODO-SECURITY three\n")
    code, out, _ = run(["scan", str(root), "--select", CODE, "--baseline", str(baseline), "--format", "json"], capsys)
    data = json.loads(out)
    active = [f for f in data["findings"] if f["suppression"] is None]
    assert [f["location"]["line"] for f in active] == [5]
    assert [f["suppression"]["kind"] for f in data["findings"] if f["suppression"]] == ["baseline"]
    base = data["sections"]["baseline"]
    assert (base["matched"], base["disappeared"], base["new"]) == (1, 1, 1)
    assert code == 1


def test_bad_baseline_file_is_a_usage_error(tmp_path, capsys) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json")
    (tmp_path / "package.json").write_text("{}")
    code, _, err = run(["scan", str(tmp_path), "--baseline", str(bad)], capsys)
    assert code == 2 and "not valid JSON" in err


def test_init_writes_files_and_never_overwrites_silently(tmp_path, capsys) -> None:
    root = write_tree(tmp_path / "app", {"package.json": "{}", ".eslintrc.json": "{}"})
    code, out, _ = run(["init", str(root)], capsys)
    assert code == 0
    for rel in (
        "nodeward.toml",
        ".github/workflows/nodeward.yml",
        ".github/dependabot.yml",
        "public/.well-known/security.txt",
    ):
        assert (root / rel).is_file(), rel
        assert f"wrote      {rel}" in out
    assert "plugin:security/recommended-legacy" in out  # legacy config style detected
    yaml.safe_load((root / ".github/workflows/nodeward.yml").read_text())
    # The generated nodeward.toml is valid configuration.
    code, _, err = run(["scan", str(root), "--fail-on", "never"], capsys)
    assert code == 0, err
    # Second run: nothing changes.
    code, out, _ = run(["init", str(root)], capsys)
    assert code == 0 and out.count("unchanged") == 4
    # A file the user edited is kept without a terminal to ask on, and the diff is shown.
    (root / "nodeward.toml").write_text('fail-on = "high"\n')
    code, out, err = run(["init", str(root)], capsys)
    assert code == 2
    assert '-fail-on = "high"' in out and "kept       nodeward.toml" in out
    assert (root / "nodeward.toml").read_text() == 'fail-on = "high"\n'
    assert "re-run with --yes" in err


def test_files_init_writes_satisfy_practices_14_and_15(tmp_path, capsys) -> None:
    """nodeward checks its own templates: the workflow is CI scanning, the security.txt is valid and served."""
    root = write_tree(
        tmp_path / "app",
        {
            "package.json": json.dumps({"name": "shop", "dependencies": {"express": "^4.21.0"}}),
            "app.js": "const express = require('express');\nconst app = express();\n"
            "app.use(express.static('public'));\napp.listen(3000);\n",
        },
    )
    assert run(["init", str(root), "--contact", "mailto:security@acme-shop.io"], capsys)[0] == 0
    code, out, _ = run(["scan", str(root), "--no-deps", "--select", "NW14,NW15", "--format", "json"], capsys)
    data = json.loads(out)
    verdicts = {p["practice"]: p for p in data["scorecard"]}
    assert verdicts[14]["status"] == "holds", data["findings"]
    assert verdicts[15]["status"] == "holds", data["findings"]
    tools = {e["message"].split(":")[0] for e in verdicts[14]["evidence"]}
    assert {"dependency audit with nodeward", "SAST with nodeward"} <= tools
    assert verdicts[15]["evidence"][0]["location"]["path"] == "public/.well-known/security.txt"
    assert code == 0


def test_init_placeholder_contact_fails_practice_15_until_replaced(tmp_path, capsys) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "package.json": json.dumps({"name": "shop", "dependencies": {"express": "^4.21.0"}}),
            "app.js": "const express = require('express');\nconst app = express();\n"
            "app.use(express.static('public'));\napp.listen(3000);\n",
        },
    )
    code, out, _ = run(["init", str(root)], capsys)
    assert code == 0 and "replace mailto:security@example.com (or re-run with --contact)" in out
    _, out, _ = run(["scan", str(root), "--no-deps", "--select", "NW15", "--format", "json"], capsys)
    data = json.loads(out)
    assert data["scorecard"][14]["status"] == "fails"
    assert [(f["code"], f["location"]["path"], f["location"]["line"]) for f in data["findings"]] == [
        ("NW1505", "public/.well-known/security.txt", 2)
    ]


def test_init_workflow_uses_this_repositorys_action_with_inputs_it_declares(tmp_path, capsys) -> None:
    """The workflow installs nodeward the one way that works for someone who has this repository: its action.yml,
    pinned to a ref the user names; without --action the placeholder is left in plain sight and said so."""
    action = yaml.safe_load((REPO / "action.yml").read_text())
    root = write_tree(tmp_path / "app", {"package.json": "{}"})
    code, out, _ = run(["init", str(root)], capsys)
    assert code == 0 and "replace OWNER/nodeward@REF (or re-run with --action)" in out
    text = (root / ".github/workflows/nodeward.yml").read_text()
    assert "pip install" not in text and "nodeward==" not in text
    [step] = [s for s in yaml.safe_load(text)["jobs"]["nodeward"]["steps"] if "nodeward" in s.get("uses", "")]
    assert step["uses"] == "OWNER/nodeward@REF"
    assert set(step["with"]) <= set(action["inputs"])
    code, out, _ = run(["init", str(root), "--yes", "--action", "acme/nodeward@v0.1.0"], capsys)
    assert code == 0 and "--action" not in out
    [step] = [
        s
        for s in yaml.safe_load((root / ".github/workflows/nodeward.yml").read_text())["jobs"]["nodeward"]["steps"]
        if "nodeward" in s.get("uses", "")
    ]
    assert step["uses"] == "acme/nodeward@v0.1.0"
    code, _, err = run(["init", str(root), "--action", "acme/nodeward@v1\n  run: curl evil"], capsys)
    assert code == 2 and "is not <owner>/<repo>@<ref>" in err


def test_init_prints_and_writes_no_url_that_does_not_exist(tmp_path, capsys) -> None:
    root = write_tree(tmp_path / "app", {"package.json": "{}"})
    _, out, _ = run(["init", str(root)], capsys)
    written = "".join(p.read_text() for p in root.rglob("*") if p.is_file())
    # nodeward has no public home page: no URL may point at one.
    assert "github.com/nodeward" not in out + written


def _scan_step(action: dict) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("id") == "scan")


def test_action_runs_its_declared_command_on_the_example(tmp_path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"path", "format", "fail-on", "upload-sarif"}
    step = _scan_step(action)
    # Inputs go through env, never through ${{ }} inside the script (template injection).
    assert "${{" not in step["run"]
    env = {k: v for k, v in step["env"].items()}
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    resolved = {k: inputs[v.split("inputs.")[1].rstrip(" }")] for k, v in env.items()}
    resolved["NW_PATH"] = str(REPO / "examples" / "express-app")
    resolved["NW_OUTPUT"] = str(tmp_path / "nodeward.sarif")
    outputs, summary = tmp_path / "out.txt", tmp_path / "summary.md"
    bindir = str(Path(sys.executable).parent)
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env={
            **os.environ,
            **resolved,
            "GITHUB_OUTPUT": str(outputs),
            "GITHUB_STEP_SUMMARY": str(summary),
            "PATH": bindir + os.pathsep + os.environ["PATH"],
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert outputs.read_text().startswith("exit-code=")
    sarif = json.loads((tmp_path / "nodeward.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert summary.read_text().startswith("## nodeward scan")


def test_pre_commit_hook_runs_its_declared_entry() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "nodeward" and hook["language"] == "python" and hook["pass_filenames"] is False
    bindir = Path(sys.executable).parent
    cmd = shlex.split(hook["entry"]) + hook["args"]
    proc = subprocess.run(
        [str(bindir / cmd[0]), *cmd[1:]],
        cwd=REPO / "examples" / "express-app",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Scorecard: 15 practices" in proc.stdout
