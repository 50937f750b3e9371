"""Issue 14's live evidence that misread, on a real Express app (express-rate-limit, express.json) started with node.

- security.txt answered 429 by the app's own rate limiter is "could not check", never "missing": the plan asks for
  it right after the base page (before ~30 other requests use the limiter up), retries once politely after
  Retry-After, and practice 15 is unknown with the reason when the limiter still says 429.
- The body-limit check: `/` has no body parser (404 before any parser ran). `scan --url` sends the bodies to a route
  the static scan knows takes one; `probe` alone says which paths were tried and why the result is unknown.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import APPS, start_app
from node_tools import npm_ci

APP = "express-ratelimited"


@pytest.fixture(scope="module")
def ratelimited_app() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the live probe tests (.ci/run installs them)")
    npm_ci(APPS / APP)
    return APPS


def _nodeward(*args: str) -> tuple[int, dict, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "nodeward", *args, "--format", "json"], capture_output=True, text=True, timeout=120
    )
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.startswith("{") else {}, proc.stderr


def _practice(report: dict, number: int) -> dict:
    return next(p for p in report["scorecard"] if p["practice"] == number)


def test_security_txt_is_read_before_the_limiter_is_used_up(ratelimited_app: Path, tmp_path: Path) -> None:
    app = start_app(ratelimited_app, APP, "production", tmp_path, {"RL_LIMIT": "5"})
    try:
        _rc, report, err = _nodeward("probe", f"http://127.0.0.1:{app.port}/", "--no-burst")
    finally:
        app.stop()
    steps = [r["step"] for r in report["sections"]["probe"]["requests"]]
    assert steps[:2] == ["base", "security-txt"], steps
    assert not [f for f in report["findings"] if f["code"] == "NW1550" and "no security.txt" in f["message"]], err
    assert app.requests_received()[1] == "GET /.well-known/security.txt"


def test_a_429_security_txt_is_could_not_check_not_missing(ratelimited_app: Path, tmp_path: Path) -> None:
    app = start_app(ratelimited_app, APP, "production", tmp_path, {"RL_LIMIT": "1"})
    try:
        _rc, report, _err = _nodeward("probe", f"http://127.0.0.1:{app.port}/", "--no-burst")
    finally:
        app.stop()
    txt = [r for r in report["sections"]["probe"]["requests"] if r["step"].startswith("security-txt")]
    assert [r["status"] for r in txt] == [429, 429], txt  # asked, then once more after Retry-After (capped)
    assert not [f for f in report["findings"] if f["code"] == "NW1550"], report["findings"]
    p15 = _practice(report, 15)
    assert p15["status"] == "unknown" and any("rate limited (429)" in n for n in p15["notes"]), p15
    assert _practice(report, 5)["status"] == "holds"  # the same 429s are the rate limiter's evidence
    # every later check was answered 429 too: none of them reads as a missing control, and the probe says so
    live = sorted({f["code"] for f in report["findings"] if f["code"][4] == "5"})
    assert live == ["NW0450", "NW0451", "NW0452", "NW0456", "NW0752"], (
        live
    )  # headers of the one 200 base page: real gaps
    notes = report["sections"]["probe"]["notes"]
    assert any(
        "answered 429 (rate limited) before the burst, so could not be judged: robots, not-found" in n for n in notes
    )


def test_body_limit_uses_the_static_scans_body_route(ratelimited_app: Path, tmp_path: Path) -> None:
    app = start_app(ratelimited_app, APP, "production", tmp_path, {"RL_LIMIT": "1000"})
    try:
        _rc, alone, _ = _nodeward("probe", f"http://127.0.0.1:{app.port}/", "--no-burst")
        _rc, scanned, err = _nodeward(
            "scan", str(APPS / APP), "--url", f"http://127.0.0.1:{app.port}/", "--no-burst", "--offline", "--no-cache"
        )
    finally:
        app.stop()
    notes = alone["sections"]["probe"]["notes"]
    assert any(n.startswith("body limit unknown: POST / with 150 kB answered 404") for n in notes), notes
    assert _practice(alone, 13)["status"] == "unknown"
    # the live finding confirms the static one (express.json({ limit: '50mb' }): one finding per mistake)
    live = [c for f in scanned["findings"] for c in [f, *f.get("confirmed_by", [])] if c["code"] == "NW1350"]
    assert [c["message"] for c in live] == [
        "a 33 554 433-byte JSON body was accepted (201): body limit above 32 MiB or missing"
    ], err
    body_steps = [r for r in scanned["sections"]["probe"]["requests"] if r["step"].startswith("body-")]
    assert {r["url"].rsplit(str(app.port), 1)[1] for r in body_steps} == {"/api/items"}, body_steps
