"""Four real apps from npm (tests/apps/fix-real: express-generator's app, koa-generator's, fastify-cli's,
json-server), fixed and run as the example is: every safe fix applied, re-locked, installed with `npm ci
--ignore-scripts`, started with `node` on 127.0.0.1 and probed. The recorded requests get the same status codes, the
fixed practices hold live, a re-scan has no new finding, and a second `fix` changes nothing."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from .live import Request, live_codes, need_node, nodeward, npm, probe, running, statuses
from conftest import REPO

APPS = REPO / "tests" / "apps" / "fix-real"


@dataclass(frozen=True)
class RealApp:
    name: str
    entry: list[str]
    requests: list[Request]
    fixed: set[str]  # static findings the safe fixes remove
    fixed_live: set[str]  # live findings they remove
    adds: str = "helmet@^8."  # the package (and major) the fixes add, as the note names it


REAL_APPS = [
    RealApp(
        "express-generator",
        ["bin/www"],
        [("GET", "/", None), ("GET", "/users", None), ("GET", "/stylesheets/style.css", None), ("GET", "/nope", None),
         ("POST", "/users", {"a": 1})],
        {"NW0401", "NW0403", "NW1501"},
        {"NW0450", "NW0451", "NW0452", "NW0456", "NW0752"},
    ),
    RealApp(
        "json-server",
        ["lib/cli/bin.js", "db.json"],
        [("GET", "/", None), ("GET", "/posts", None), ("GET", "/posts/1", None), ("GET", "/posts/9", None),
         ("GET", "/profile", None), ("GET", "/nope", None)],
        {"NW0401", "NW0403"},
        {"NW0450", "NW0451", "NW0452", "NW0456", "NW0752"},
    ),
    # A Koa app: koa-generator@1.1.17's output (`koa2 -e`); the helmet fix is koa-helmet, added before the app is
    # created because the app is created above the other requires.
    RealApp(
        "koa-generator",
        ["bin/www"],
        [("GET", "/", None), ("GET", "/string", None), ("GET", "/json", None), ("GET", "/users", None),
         ("GET", "/users/bar", None), ("GET", "/stylesheets/style.css", None), ("GET", "/nope", None),
         ("POST", "/users", {"a": 1})],
        {"NW0401"},
        {"NW0450", "NW0451", "NW0452", "NW0456"},
        "koa-helmet@^9.",
    ),
    # fastify-cli builds the server itself (app.js is a plugin): nodeward sees no app, so nothing is fixed; the test
    # still proves that `fix` leaves such an app working and says so.
    RealApp(
        "fastify-cli",
        ["node_modules/fastify-cli/cli.js", "start", "app.js"],
        [("GET", "/", None), ("GET", "/example", None), ("GET", "/nope", None), ("POST", "/", {"a": 1})],
        set(),
        set(),
    ),
]  # fmt: skip


def _scan(folder: Path) -> Counter[tuple[str, str]]:
    done = nodeward("scan", str(folder), "--no-deps", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return Counter((f["code"], f["location"]["path"]) for f in json.loads(done.stdout)["findings"])


@pytest.mark.parametrize("app", REAL_APPS, ids=lambda a: a.name)
def test_real_app_fixed_still_answers_and_the_fixed_practices_hold_live(app: RealApp, tmp_path: Path) -> None:
    need_node()
    folder = tmp_path / app.name
    shutil.copytree(APPS / app.name, folder, ignore=shutil.ignore_patterns("node_modules"))
    npm(folder, "ci")
    with running(folder, app.entry) as base:
        before, probe_before = statuses(base, app.requests), probe(base, tmp_path)
    scan_before = _scan(folder)

    done = nodeward("fix", str(folder), "--apply", "--contact", "mailto:security@acme-orders.io")
    assert done.returncode == 0, done.stderr
    said = f"note: package.json: added {app.adds}" in done.stdout
    assert done.stdout == "nothing to fix\n" if not app.fixed else said
    npm(folder, "install", "--package-lock-only")
    npm(folder, "ci")
    with running(folder, app.entry) as base:
        after, probe_after = statuses(base, app.requests), probe(base, tmp_path)
    scan_after = _scan(folder)

    assert after == before
    removed = scan_before - scan_after
    assert {code for code, _ in removed} == app.fixed
    assert scan_after - scan_before == Counter()
    live_before, live_after = live_codes(probe_before), live_codes(probe_after)
    assert live_before - live_after == app.fixed_live
    assert live_after <= live_before
    again = nodeward("fix", str(folder), "--contact", "mailto:security@acme-orders.io")
    assert (again.returncode, again.stdout) == (0, "")
