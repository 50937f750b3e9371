"""The bundled example app, fixed and run: `nodeward fix --apply` on a scratch copy, the lockfile updated for the
added dependency, dependencies installed with `npm ci --ignore-scripts`, the app started with `node` on 127.0.0.1 and
probed. The fixed practices hold live, and every recorded request gets the status code it got before the fix."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from .live import Request, live_codes, need_node, nodeward, npm, probe, running, scorecard, statuses
from conftest import REPO

EXAMPLE = REPO / "examples" / "express-app"
CONTACT = "mailto:security@acme-orders.io"
# What the app answers without a database (the mysql2 pool fails to connect: its routes answer 500 through the
# error handler; POST /auth/reset-password is left out: its query has no callback, so the refused connection is an
# unhandled 'error' event that ends the process). The same list is sent before and after the fix.
REQUESTS: list[Request] = [
    ("GET", "/", None),
    ("GET", "/index.html", None),
    ("GET", "/orders", None),
    ("GET", "/orders/1", None),
    ("GET", "/auth/me", None),
    ("GET", "/uploads/missing.pdf", None),
    ("POST", "/auth/login", {"email": "a@example.com", "password": "x"}),
    ("POST", "/uploads", None),
    ("GET", "/no-such-page", None),
]
# Live findings the safe fixes remove: default session cookie name, the helmet headers, X-Powered-By, SameSite on
# the session cookie. NW1550 stays, for another reason: the security.txt is now served, but over plain HTTP (§3).
FIXED_LIVE = {"NW0350", "NW0450", "NW0451", "NW0452", "NW0456", "NW0752", "NW0954"}


@dataclass
class Run:
    folder: Path
    fix_out: str
    fix_err: str
    fix_code: int
    before: dict[str, int]
    after: dict[str, int]
    probe_before: dict
    probe_after: dict
    scan_before: dict
    scan_after: dict
    security_txt: int
    logins_before: list[int]
    logins_after: list[int]


def _scan(folder: Path) -> dict:
    done = nodeward("scan", str(folder), "--no-deps", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def _logins(base: str) -> list[int]:
    """Eleven more login attempts (after the recorded list's one): the status of each."""
    login = ("POST", "/auth/login", {"email": "a@example.com", "password": "guess"})
    with httpx.Client(base_url=base, timeout=10) as client:
        return [client.request(login[0], login[1], json=login[2]).status_code for _ in range(11)]


@pytest.fixture(scope="module")
def fixed_example(tmp_path_factory: pytest.TempPathFactory) -> Run:
    need_node()
    folder = tmp_path_factory.mktemp("example") / "express-app"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("node_modules"))
    npm(folder, "ci")
    with running(folder, "src/server.js") as base:
        before = statuses(base, REQUESTS)
        probe_before = probe(base, folder.parent)
        logins_before = _logins(base)
    scan_before = _scan(folder)
    done = nodeward("fix", str(folder), "--apply", "--contact", CONTACT)
    # helmet was added to package.json: re-lock (no scripts, the registry from npm's config), then install from it.
    npm(folder, "install", "--package-lock-only")
    npm(folder, "ci")
    with running(folder, "src/server.js") as base:
        after = statuses(base, REQUESTS)
        probe_after = probe(base, folder.parent)
        security_txt = statuses(base, [("GET", "/.well-known/security.txt", None)])["GET /.well-known/security.txt"]
        logins_after = _logins(base)
    return Run(
        folder,
        done.stdout,
        done.stderr,
        done.returncode,
        before,
        after,
        probe_before,
        probe_after,
        scan_before,
        _scan(folder),
        security_txt,
        logins_before,
        logins_after,
    )


def test_fix_apply_says_what_it_did_per_file(fixed_example: Run) -> None:
    assert fixed_example.fix_code == 0, fixed_example.fix_err
    lines = fixed_example.fix_out.splitlines()
    assert "fixed    src/app.js: 4 fixes (NW0301, NW0401, NW0403, NW0903)" in lines
    assert "fixed    src/routes/auth.js: 4 fixes (NW0502, NW0902, NW0903)" in lines
    assert "fixed    package.json: 5 fixes (NW0401, NW0403, NW0502, NW1101)" in lines
    assert "fixed    .eslintrc.json: 1 fix (NW1101)" in lines
    assert "fixed    .github/workflows/ci.yml: 1 fix (NW1401)" in lines
    assert "created  public/.well-known/security.txt: 1 fix (NW1501)" in lines
    assert "fixed    Dockerfile: 2 fixes (NW0101, NW0701)" in lines
    assert any(line.startswith("note: package.json: added helmet@^8.") and "npm install" in line for line in lines)
    manifest = json.loads((fixed_example.folder / "package.json").read_text())
    assert manifest["dependencies"]["helmet"].startswith("^8.")
    assert manifest["dependencies"]["express-rate-limit"].startswith("^8.")
    assert manifest["devDependencies"]["eslint-plugin-security"].startswith("^4.")
    lock = json.loads((fixed_example.folder / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/helmet"]["version"].startswith("8.")
    assert lock["packages"]["node_modules/express-rate-limit"]["version"].startswith("8.")


def test_the_fixed_app_answers_every_recorded_request_as_before(fixed_example: Run) -> None:
    assert fixed_example.before == fixed_example.after
    assert fixed_example.before["GET /"] == 200 and fixed_example.before["GET /orders"] == 500


def test_the_fixed_practices_hold_live(fixed_example: Run) -> None:
    before, after = live_codes(fixed_example.probe_before), live_codes(fixed_example.probe_after)
    assert before >= FIXED_LIVE
    assert not FIXED_LIVE & after
    assert after <= before, f"new live findings: {after - before}"
    card = scorecard(fixed_example.probe_after)
    assert (card[3], card[4]) == ("holds", "holds")
    assert (scorecard(fixed_example.probe_before)[3], scorecard(fixed_example.probe_before)[4]) == ("fails", "fails")
    assert fixed_example.security_txt == 200
    security_txt = [f["message"] for f in fixed_example.probe_after["findings"] if f["code"] == "NW1550"]
    assert security_txt == ["security.txt breaks RFC 9116: not served over HTTPS (§3)"]


def test_rescan_reports_no_fixed_finding_and_no_new_one(fixed_example: Run) -> None:
    def keys(report: dict) -> set[tuple[str, str]]:
        return {(f["code"], f["location"]["path"]) for f in report["findings"]}

    before, after = keys(fixed_example.scan_before), keys(fixed_example.scan_after)
    fixed = before - after
    assert after <= before, f"new findings after the fix: {after - before}"
    # NW0501 goes with the login limiter (the project now uses one), NW1404 with the npm audit step in CI.
    assert {code for code, _ in fixed} == {
        "NW0101", "NW0301", "NW0401", "NW0403", "NW0501", "NW0502", "NW0701", "NW0902", "NW0903", "NW1101",
        "NW1302", "NW1401", "NW1404", "NW1501",
    }  # fmt: skip
    assert ("NW0903", "src/app.js") in fixed and ("NW0903", "src/routes/auth.js") in fixed
    card = scorecard(fixed_example.scan_after)
    assert [n for n in range(1, 16) if card[n] == "holds"] == [1, 3, 4, 5, 8, 14, 15]


def test_a_second_fix_changes_nothing(fixed_example: Run) -> None:
    done = nodeward("fix", str(fixed_example.folder), "--contact", CONTACT)
    assert done.returncode == 0 and done.stdout == ""


def test_the_login_route_is_rate_limited_live(fixed_example: Run) -> None:
    """10 attempts per 15 minutes: the recorded list's login plus nine more pass (500: no database), then 429."""
    assert fixed_example.logins_before == [500] * 11
    assert fixed_example.logins_after == [500] * 9 + [429] * 2
