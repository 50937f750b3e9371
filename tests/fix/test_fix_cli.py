"""`nodeward fix` as a user runs it: diff or --apply, uncommitted work left alone, usage errors, what every file got;
and the reports saying which findings have a fix (JSON fix_available, terminal, SARIF fixes with artifactChanges)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from nodeward.cli import main
from nodeward.collect.security_txt import parse_security_txt

from .test_fix_fixtures import files, run
from conftest import REPO

EXAMPLE = REPO / "examples" / "express-app"
HELMET_CASE = REPO / "tests" / "fixtures" / "fix" / "p04-x-powered-by" / "before"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is needed")
    work = tmp_path / "app"
    shutil.copytree(EXAMPLE, work)
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "start")
    return work


def test_uncommitted_changes_are_never_overwritten_without_force(repo: Path, capsys) -> None:
    app = repo / "src" / "app.js"
    app.write_text(app.read_text() + "\n// work in progress\n")
    before = files(repo)
    code, out, _err = run(["fix", str(repo), "--apply"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert "refused  src/app.js: has uncommitted changes: 4 fixes (NW0301, NW0401, NW0403, NW0903) not applied " \
        "(use --force)" in lines  # fmt: skip
    # helmet() goes into app.js and helmet into package.json: a fix is written whole or not at all.
    assert "refused  package.json: not changed: its fixes also edit src/app.js, which has uncommitted changes" in lines
    # ... and so is the login rate limiter, whose express-rate-limit goes into that package.json.
    assert "refused  src/routes/auth.js: not changed: its fixes also edit package.json, which is left alone" in lines
    assert "fixed    src/routes/uploads.js: 1 fix (NW1302)" in lines
    assert not any("helmet" in line or "express-rate-limit" in line for line in lines if line.startswith("note:"))
    after = files(repo)
    for path in ("src/app.js", "package.json", "src/routes/auth.js"):
        assert after[path] == before[path], path
    assert after["src/routes/uploads.js"] != before["src/routes/uploads.js"]

    code, out, _err = run(["fix", str(repo), "--apply", "--force"], capsys)
    assert code == 0
    assert "fixed    src/app.js: 4 fixes (NW0301, NW0401, NW0403, NW0903)" in out.splitlines()
    assert "// work in progress" in (repo / "src" / "app.js").read_text()


def test_an_untracked_file_counts_as_uncommitted(repo: Path, capsys) -> None:
    (repo / "src" / "extra.js").write_text("const express = require('express');\nconst app = express();\n")
    code, out, _err = run(["fix", str(repo), "--apply", "--select", "NW0403"], capsys)
    assert code == 1
    assert "refused  src/extra.js: has uncommitted changes: 1 fix (NW0403) not applied (use --force)" in out
    assert "fixed    src/app.js: 1 fix (NW0403)" in out  # committed, so fixed: app.disable('x-powered-by')
    assert "app.disable('x-powered-by');" in (repo / "src" / "app.js").read_text()


def test_the_diff_writes_nothing_and_apply_then_says_nothing_to_fix(repo: Path, capsys) -> None:
    before = files(repo)
    code, out, err = run(["fix", str(repo), "--practice", "3"], capsys)
    assert code == 1 and files(repo) == before
    assert out.startswith("--- a/src/app.js\n+++ b/src/app.js\n")
    assert "+    name: 'sid',\n" in out
    assert err == "fix   NW0301 src/app.js:15 name the express-session cookie 'sid' [safe]\n"
    code, out, _err = run(["fix", str(repo), "--practice", "3", "--apply"], capsys)
    assert (code, out) == (0, "fixed    src/app.js: 1 fix (NW0301)\n")
    assert run(["fix", str(repo), "--practice", "3"], capsys)[:2] == (0, "")


def test_unsafe_fixes_are_left_out_unless_asked_and_say_why(repo: Path, capsys) -> None:
    _code, _out, err = run(["fix", str(repo), "--select", "NW0901"], capsys)
    assert "skip  NW0901 src/routes/auth.js:22 set secure: true [unsafe]: add --unsafe to include it" in err
    assert "unsafe NW0901: Secure cookies are not sent over plain HTTP" in err
    code, _out, _err = run(["fix", str(repo), "--select", "NW0901", "--unsafe", "--apply"], capsys)
    assert code == 0
    assert "res.cookie('token', token, { secure: true });" in (repo / "src" / "routes" / "auth.js").read_text()


def test_security_txt_needs_a_contact_and_is_valid_for_a_year(repo: Path, capsys) -> None:
    _code, _out, err = run(["fix", str(repo), "--select", "NW1501"], capsys)
    assert "keep  NW1501 src/app.js:23: give `--contact mailto:...`" in err
    code, out, _err = run(
        ["fix", str(repo), "--select", "NW1501", "--contact", "mailto:sec@acme-orders.io", "--apply"], capsys
    )
    assert (code, out) == (0, "created  public/.well-known/security.txt: 1 fix (NW1501)\n")
    text = (repo / "public" / ".well-known" / "security.txt").read_text()
    parsed = parse_security_txt(text)
    assert [p for p in parsed.problems if p.level == "error"] == []
    expires = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    assert f"Expires: {expires}T00:00:00Z" in text and "Contact: mailto:sec@acme-orders.io" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--contact", "security@acme.test"], "--contact 'security@acme.test': give a mailto:, https: or tel: URI"),
        (["--select", "NW9999"], "--select NW9999: no rule has this code, prefix or name"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: list[str], message: str, capsys) -> None:
    code, out, err = run(["fix", str(EXAMPLE), *args], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_a_file_is_not_a_project(tmp_path: Path, capsys) -> None:
    (tmp_path / "app.js").write_text("")
    code, _out, err = run(["fix", str(tmp_path / "app.js")], capsys)
    assert code == 2 and "is not a folder" in err


def test_terminal_escapes_in_code_do_not_reach_the_terminal(tmp_path: Path, capsys) -> None:
    work = tmp_path / "p"
    shutil.copytree(HELMET_CASE, work)
    app = work / "app.js"
    app.write_text(app.read_text().replace("const app = express();", "const app = express(); // \x1b[2J\x1b]0;x\x07"))
    code, out, err = run(["fix", str(work), "--select", "NW0403"], capsys)
    assert code == 1 and "app.disable('x-powered-by');" in out
    assert "\x1b" not in out + err and "\x07" not in out + err


def test_json_terminal_and_sarif_say_which_findings_have_a_fix(tmp_path: Path, capsys) -> None:
    work = tmp_path / "p"
    shutil.copytree(HELMET_CASE, work)
    _code, out, _err = run(["scan", str(work), "--no-deps", "--format", "json"], capsys)
    data = json.loads(out)
    by_code = {f["code"]: f for f in data["findings"]}
    assert by_code["NW0403"]["fix_available"] == {
        "title": "register helmet (it removes X-Powered-By)",  # NW0401's fix is there too
        "safety": "safe",
        "why_unsafe": None,
    }
    assert by_code["NW0501"]["fix_available"]["safety"] == "unsafe"  # a global limiter changes what clients get
    assert "fix_available" not in by_code["NW1404"]  # Dependabot config: no fix for it
    _code, out, _err = run(["scan", str(work), "--no-deps", "--format", "terminal", "--select", "NW0403"], capsys)
    assert "autofix: disable the X-Powered-By header (nodeward fix)" in out

    _code, out, _err = run(["scan", str(work), "--no-deps", "--format", "sarif", "--select", "NW0403"], capsys)
    (result,) = json.loads(out)["runs"][0]["results"]
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "app.js", "uriBaseId": "%SRCROOT%"}
    # Applying the SARIF replacement by its line/column region gives what `fix --apply` writes.
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    lines = (work / "app.js").read_text().splitlines(True)
    offset = sum(len(line) for line in lines[: region["startLine"] - 1]) + region["startColumn"] - 1
    end = sum(len(line) for line in lines[: region["endLine"] - 1]) + region["endColumn"] - 1
    text = "".join(lines)
    patched = text[:offset] + replacement["insertedContent"]["text"] + text[end:]
    run(["fix", str(work), "--select", "NW0403", "--apply"], capsys)
    assert (work / "app.js").read_text() == patched


def test_main_is_importable_without_side_effects() -> None:
    assert callable(main)


def test_deps_fix_writes_the_upgrades_into_package_json_and_never_runs_npm(tmp_path: Path, capsys) -> None:
    store = tmp_path / "advisories.sqlite3"
    run(["db", "import", str(REPO / "tests/fixtures/deps/osv-npm"), "--advisory-db", str(store)], capsys)
    work = tmp_path / "app"
    shutil.copytree(EXAMPLE, work)
    lock = (work / "package-lock.json").read_text()
    code, _out, err = run(["deps", str(work), "--offline", "--advisory-db", str(store), "--fix"], capsys)
    assert code == 1  # the report is about the audit as it was
    lines = err.splitlines()
    assert "fixed    package.json: body-parser 1.19.0 -> 1.20.3, express 4.17.1 -> 4.20.0, jsonwebtoken 8.5.1 -> " \
        "9.0.0 (major), lodash 4.17.15 -> 4.17.21" in lines  # fmt: skip
    assert "note: re-lock and install: `npm install` in . (nodeward never runs npm)" in lines
    assert any(line.startswith('keep     qs@6.7.0: add "overrides"') for line in lines)
    manifest = json.loads((work / "package.json").read_text())
    assert manifest["dependencies"]["express"] == "4.20.0" and manifest["dependencies"]["multer"] == "1.4.2"
    assert (work / "package-lock.json").read_text() == lock and not (work / "node_modules").exists()


def test_a_placeholder_contact_is_refused(capsys) -> None:
    """A security.txt naming example.com would be written only for NW1505 to report it."""
    code, out, err = run(["fix", str(EXAMPLE), "--contact", "mailto:security@example.com"], capsys)
    assert (code, out) == (2, "")
    assert "example.com is reserved for examples" in err and err.count("\n") == 1


def test_docs_list_every_registered_fix_and_its_safety() -> None:
    import re

    from nodeward.fix import all_fixes

    rows = re.findall(r"^\| (NW\d{4}) \| .*? \| (safe|unsafe)", (REPO / "docs" / "fix.md").read_text(), re.MULTILINE)
    assert rows == [(f.code, "safe" if f.safe else "unsafe") for f in all_fixes()]


def test_sarif_fixes_of_a_yaml_manifest_give_what_apply_writes(tmp_path: Path, capsys) -> None:
    """A Kubernetes manifest's runAsNonRoot fixes in SARIF: applying every replacement by its region (from the end of
    the file) gives the file `fix --apply` writes, comments and layout included."""
    case = REPO / "tests" / "fixtures" / "fix" / "p01-p07-kubernetes"
    work = tmp_path / "p"
    shutil.copytree(case / "before", work)
    _code, out, _err = run(["scan", str(work), "--no-deps", "--format", "sarif", "--select", "NW0104"], capsys)
    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["NW0104"] * 2  # the worker's runAsUser: 1001 holds on its own
    text = (work / "k8s" / "deployment.yaml").read_text()
    lines = text.splitlines(True)

    def offset(line: int, column: int) -> int:
        return sum(len(x) for x in lines[: line - 1]) + column - 1

    replacements = []
    for result in results:
        (fix,) = result["fixes"]
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"] == {"uri": "k8s/deployment.yaml", "uriBaseId": "%SRCROOT%"}
        for r in change["replacements"]:
            region = r["deletedRegion"]
            start = offset(region["startLine"], region["startColumn"])
            end = offset(region.get("endLine", region["startLine"]), region.get("endColumn", region["startColumn"]))
            replacements.append((start, end, r["insertedContent"]["text"]))
    for start, end, inserted in sorted(replacements, reverse=True):
        text = text[:start] + inserted + text[end:]
    assert text == (case / "after" / "k8s" / "deployment.yaml").read_text()
