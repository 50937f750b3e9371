"""The Koa, Fastify and Hapi fixes run: the before and after files of tests/fixtures/fix/p05-koa-fastify and
p09-hapi-cookies started with `node` on 127.0.0.1, their packages installed from a committed lockfile
(tests/fix/fixture-run, `npm ci --ignore-scripts`). After the fix an authentication route answers 429 from the 11th
attempt (10 per 15 minutes), other routes are not limited, and the Hapi session cookie is Secure, HttpOnly and
SameSite=Lax; before it, none of that."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from .live import installed, running
from conftest import REPO

RUNNER = REPO / "tests" / "fix" / "fixture-run"
FIXTURES = REPO / "tests" / "fixtures" / "fix"
LIMITED = [200] * 10 + [429]
FREE = [200] * 11


@pytest.fixture(scope="module")
def node_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return installed(RUNNER, tmp_path_factory.mktemp("fixture-run"))


def _project(case: str, side: str, node_modules: Path, tmp_path: Path) -> Path:
    work = tmp_path / f"{case}-{side}"
    shutil.copytree(FIXTURES / case / side, work)
    (work / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return work


def _posts(base: str, path: str, body: dict | None = None, n: int = 11) -> list[int]:
    with httpx.Client(base_url=base, timeout=10) as client:
        return [client.post(path, json=body if body is not None else {}).status_code for _ in range(n)]


# (entry file, route, what it answers after the fix, before it): koa-ratelimit on a @koa/router route, the
# @fastify/rate-limit plugin awaited inside an async plugin (prefix /api) and at the top of an ES module.
ROUTES = [
    ("koa.js", "/login", LIMITED, FREE),
    ("koa.js", "/avatar", [204] * 11, [204] * 11),
    ("top.js", "/api/login", LIMITED, FREE),
    ("top.js", "/api/token", LIMITED, FREE),
    ("top.js", "/signin", FREE, FREE),  # top-level CommonJS: the fix leaves it, and says why
    ("server.mjs", "/password/reset", LIMITED, FREE),
]


@pytest.mark.parametrize(("entry", "route", "after", "before"), ROUTES, ids=[f"{e}{r}" for e, r, _, _ in ROUTES])
def test_koa_and_fastify_login_routes_are_limited_after_the_fix(
    entry: str, route: str, after: list[int], before: list[int], node_modules: Path, tmp_path: Path
) -> None:
    for side, expected in (("before", before), ("after", after)):
        work = _project("p05-koa-fastify", side, node_modules, tmp_path)
        with running(work, entry, env={"NWPORT0": "1"}) as base:
            assert _posts(base, route) == expected, side


def test_the_hapi_session_cookie_gets_its_flags_back(node_modules: Path, tmp_path: Path) -> None:
    cookies = {}
    for side in ("before", "after"):
        work = _project("p09-hapi-cookies", side, node_modules, tmp_path)
        with running(work, "server.js", env={"NWPORT0": "1"}) as base:
            response = httpx.get(base + "/", timeout=10)
            assert response.status_code == 200
            cookies[side] = {part.strip() for part in response.headers["set-cookie"].split(";")}
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= cookies["after"]
    assert not {"Secure", "HttpOnly"} & cookies["before"] and not any(
        c.startswith("SameSite") for c in cookies["before"]
    )
