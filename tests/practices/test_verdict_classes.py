"""Verdict classes from the verdict corpus (benchmarks/verdicts, issue 14): what a careful team's code shows as
evidence, and when a missing deployment file leaves a practice unknown instead of not applicable."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, scan, write_tree

EXPRESS_PKG = '{"name": "api", "dependencies": {"express": "^4.21.0", "express-rate-limit": "^7.4.0"}}'


def evidence(report, practice: int) -> list[str]:
    return [e.message for e in report.scorecard.verdict(practice).evidence]


def test_limiter_registered_only_in_production_is_evidence_for_the_routes_beneath_its_prefix(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(FIXTURES / "rules" / "NW0502-prefix-mount" / "safe", root)
    report = scan(root, select=("NW05",))
    assert report.scorecard.verdict(5).status == "holds"
    note = "(only when config.env === 'production': production is protected)"
    assert evidence(report, 5) == [
        f"rate limiter registered {note}",
        f"POST /v1/auth/register is rate limited {note}",
        f"POST /v1/auth/login is rate limited {note}",
        f"POST /v1/auth/forgot-password is rate limited {note}",
    ]


def test_limiter_skipped_outside_production_covers_routers_mounted_through_an_opaque_list(tmp_path: Path) -> None:
    # typescript-express-starter: routers mounted by `this.app.use(prefix + route.path, route.router)` over a list
    # the constructor receives; the one Express app has a global limiter that skips requests outside production.
    root = write_tree(
        tmp_path / "app",
        {
            "package.json": EXPRESS_PKG,
            "src/app.js": (
                "const express = require('express');\nconst rateLimit = require('express-rate-limit');\n"
                "class App {\n  constructor(routes) {\n    this.app = express();\n"
                "    this.env = process.env.NODE_ENV;\n"
                "    this.app.use(rateLimit({ limit: 100, skip: () => this.env !== 'production' }));\n"
                "    routes.forEach((route) => this.app.use('/api' + route.path, route.router));\n  }\n}\n"
                "module.exports = App;\n"
            ),
            "src/routes/auth.js": (
                "const { Router } = require('express');\nclass AuthRoute {\n  constructor() {\n"
                "    this.path = '/auth';\n    this.router = Router();\n"
                "    this.router.post('/login', (req, res) => res.json({}));\n  }\n}\nmodule.exports = AuthRoute;\n"
            ),
        },
    )
    report = scan(root, select=("NW05",))
    assert [f.code for f in report.findings] == []
    assert evidence(report, 5) == [
        "rate limiter registered (skipped outside production: production is protected)",
        "POST /login is rate limited (skipped outside production: production is protected)",
    ]
    # the look-alike without the global limiter: the adopted router's login is reported
    (root / "src/app.js").write_text(
        (root / "src/app.js").read_text().replace("this.app.use(rateLimit(", "void (rateLimit(")
    )
    report = scan(root, select=("NW05",))
    assert [(f.code, f.location.path, f.location.line) for f in report.findings] == [
        ("NW0502", "src/routes/auth.js", 6)
    ]


def test_missing_deployment_files_leave_a_web_app_unknown_and_a_library_not_applicable(tmp_path: Path) -> None:
    web = write_tree(
        tmp_path / "web",
        {"package.json": EXPRESS_PKG, "app.js": "const app = require('express')();\napp.listen(3000);\n"},
    )
    report = scan(web, select=("NW01", "NW0701", "NW0702", "NW0703", "NW0704", "NW0705", "NW0706", "NW0707"))
    assert report.scorecard.verdict(1).status == "unknown"
    assert report.scorecard.verdict(7).status == "unknown"
    lib = write_tree(tmp_path / "lib", {"package.json": '{"name": "left-pad", "main": "index.js"}', "index.js": ""})
    report = scan(lib, select=("NW01", "NW0701"))
    assert report.scorecard.verdict(1).status == "not-applicable"
    assert report.scorecard.verdict(7).status == "not-applicable"


def test_framework_default_error_handlers_are_evidence_when_the_app_has_none(tmp_path: Path) -> None:
    fastify = write_tree(
        tmp_path / "fastify",
        {
            "package.json": '{"name": "f", "dependencies": {"fastify": "^5.0.0"}}',
            "server.js": "const app = require('fastify')();\napp.get('/', async () => ({}));\napp.listen({});\n",
        },
    )
    report = scan(fastify, select=("NW0720",))
    assert evidence(report, 7) == ["no error handler of its own: Fastify's default sends no stack trace"]
    express = write_tree(
        tmp_path / "express",
        {"package.json": EXPRESS_PKG, "app.js": "const app = require('express')();\napp.listen(3000);\n"},
    )
    assert scan(express, select=("NW0720",)).scorecard.verdict(7).status == "unknown"  # finalhandler: NODE_ENV decides
    (express / "app.js").write_text(
        "const app = require('express')();\napp.set('env', process.env.NODE_ENV || 'production');\napp.listen(3000);\n"
    )
    report = scan(express, select=("NW0720",))
    assert evidence(report, 7) == ["the app's env defaults to production: Express's error handler sends no stack trace"]
    assert [str(e.location) for e in report.scorecard.verdict(7).evidence] == ["app.js:2"]


def test_practice_6_does_not_apply_to_an_app_that_authenticates_no_one(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "package.json": EXPRESS_PKG,
            "app.js": "const app = require('express')();\napp.get('/', (req, res) => res.send('hi'));\n",
        },
    )
    verdict = scan(root, select=("NW06",)).scorecard.verdict(6)
    assert (verdict.status, verdict.notes) == (
        "not-applicable",
        ("the app authenticates no one: no login route, password check, token or session",),
    )
    # a login route, even with no auth library, is authentication nodeward cannot judge: unknown, not n/a
    (root / "app.js").write_text(
        "const app = require('express')();\napp.post('/login', (req, res) => res.send('hi'));\napp.listen(3000);\n"
    )
    assert scan(root, select=("NW06",)).scorecard.verdict(6).status == "unknown"


def test_practice_3_does_not_apply_without_session_middleware(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "app", {"package.json": EXPRESS_PKG, "app.js": "require('express')().listen(3000);\n"})
    assert scan(root, select=("NW0301",)).scorecard.verdict(3).status == "not-applicable"
    (root / "app.js").write_text(
        "const session = require('express-session');\nrequire('express')().use(session({}));\n"
    )
    report = scan(root, select=("NW0301",))
    assert [(f.code, f.location.line) for f in report.findings] == [("NW0301", 2)]
