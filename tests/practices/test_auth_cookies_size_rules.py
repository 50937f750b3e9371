"""Practices 6, 7, 9 and 13 beyond the line fixtures: evidence, settings, config collectors, odd code."""

from __future__ import annotations

from pathlib import Path

from nodeward.collect.discover import discover_project
from nodeward.collect.runtime_config import env_settings_in, reverse_proxies_in
from nodeward.findings import Location

from conftest import scan, write_tree

CODES = ("NW0601", "NW0602", "NW0603", "NW0604", "NW0605", "NW0606", "NW0607", "NW0608", "NW0609")
ALL_CODES = (
    *CODES,
    "NW0720",
    "NW0721",
    "NW0722",
    "NW0723",
    *(f"NW090{i}" for i in range(1, 9)),
    *(f"NW130{i}" for i in range(1, 5)),
)


def test_mfa_library_is_reported_as_evidence_not_as_a_finding(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "src/login.js": "const bcrypt = require('bcrypt');\n"
            "const { verifyAuthenticationResponse } = require('@simplewebauthn/server');\n"
            "exports.login = (u, p) => bcrypt.compare(p, u.hash);\n"
        },
    )
    report = scan(root, select=("NW0609",))
    assert [f.code for f in report.findings] == []
    assert [(e.code, e.location.path, e.location.line, e.message) for e in report.evidence] == [
        ("NW0609", "src/login.js", 2, "WebAuthn in use: @simplewebauthn/server")
    ]


def test_password_login_without_mfa_is_a_low_finding(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "app", {"src/login.js": "const bcrypt = require('bcrypt');\nbcrypt.compare(p, h);\n"})
    report = scan(root, select=("NW0609",))
    assert [(f.code, f.location.line, f.severity.label) for f in report.findings] == [("NW0609", 2, "low")]
    assert report.evidence == ()


def test_body_limit_threshold_comes_from_settings(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "app.js": "const express = require('express');\nconst app = express();\n"
            "app.use(express.json({ limit: '50mb' }));\n"
        },
    )
    assert [f.location.line for f in scan(root, select=("NW1301",)).findings] == [3]
    assert scan(root, select=("NW1301",), body_limit_max=64 * 1024 * 1024).findings == ()


def test_env_settings_forms() -> None:
    dockerfile = ["FROM node:20", "ENV NODE_TLS_REJECT_UNAUTHORIZED 0", "# ENV NODE_TLS_REJECT_UNAUTHORIZED=0"]
    assert [(s.name, s.value, s.location) for s in env_settings_in("Dockerfile", "dockerfile", dockerfile)] == [
        ("NODE_TLS_REJECT_UNAUTHORIZED", "0", Location("Dockerfile", 2, 5))
    ]
    k8s = [
        "containers:",
        "  - name: api",
        "    env:",
        "      - name: NODE_TLS_REJECT_UNAUTHORIZED",
        '        value: "0"',
        "      - name: PORT",
        '        value: "3000"',
    ]
    found = [(s.name, s.value, s.location.line) for s in env_settings_in("deploy.yaml", "yaml", k8s)]
    assert found == [("NODE_TLS_REJECT_UNAUTHORIZED", "0", 5), ("PORT", "3000", 7)]
    dotenv = ["export NODE_ENV=production", "SECRET='a b'", "NODE_TLS_REJECT_UNAUTHORIZED=1"]
    assert [(s.name, s.value) for s in env_settings_in(".env", "config", dotenv)] == [
        ("NODE_ENV", "production"),
        ("SECRET", "a b"),
        ("NODE_TLS_REJECT_UNAUTHORIZED", "1"),
    ]


def test_tls_off_in_kubernetes_env_and_env_production(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "k8s/deployment.yaml": "env:\n  - name: NODE_TLS_REJECT_UNAUTHORIZED\n    value: '0'\n",
            ".env.production": "NODE_TLS_REJECT_UNAUTHORIZED=0\n",
            ".env.example": "NODE_TLS_REJECT_UNAUTHORIZED=0\n",
        },
    )
    found = sorted((f.location.path, f.location.line) for f in scan(root, select=("NW0906",)).findings)
    assert found == [(".env.production", 1), ("k8s/deployment.yaml", 3)]


def test_reverse_proxy_evidence(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27-alpine\n  api:\n    build: .\n",
            "src/proto.js": "module.exports = (req) => req.get('X-Forwarded-Proto');\n",
            "src/app.js": "module.exports = 1;\n",
        },
    )
    project = discover_project(root)
    assert reverse_proxies_in(project) == [
        "nginx service (docker-compose.yml)",
        "code reading X-Forwarded-Proto (src/proto.js)",
    ]
    plain = write_tree(tmp_path / "plain", {"src/app.js": "module.exports = 1;\n"})
    assert reverse_proxies_in(discover_project(plain)) == []


def test_trust_proxy_on_koa_and_fastify_silences_nw0904(tmp_path: Path) -> None:
    vulnerable = write_tree(
        tmp_path / "koa",
        {
            "Procfile": "web: node server.js\n",
            "server.js": "const Koa = require('koa');\nconst session = require('koa-session');\n"
            "const app = new Koa();\napp.use(session({ key: 's', secure: true }, app));\n",
        },
    )
    assert [(f.code, f.location.line) for f in scan(vulnerable, select=("NW0904",)).findings] == [("NW0904", 4)]
    safe = write_tree(
        tmp_path / "koa-safe",
        {
            "Procfile": "web: node server.js\n",
            "server.js": "const Koa = require('koa');\nconst session = require('koa-session');\n"
            "const app = new Koa();\napp.proxy = true;\napp.use(session({ key: 's', secure: true }, app));\n",
        },
    )
    assert scan(safe, select=("NW0904",)).findings == ()
    fastify = write_tree(
        tmp_path / "fastify",
        {
            "Procfile": "web: node server.js\n",
            "server.js": "const fastify = require('fastify')({ trustProxy: true });\n"
            "fastify.register(require('@fastify/session'), { secret: process.env.S, cookieName: 'x' });\n",
        },
    )
    assert scan(fastify, select=("NW0904",)).findings == ()
    fastify_untrusted = write_tree(
        tmp_path / "fastify-untrusted",
        {
            "Procfile": "web: node server.js\n",
            "server.js": "const fastify = require('fastify')();\n"
            "fastify.register(require('@fastify/session'), { secret: process.env.S, cookieName: 'x' });\n",
        },
    )
    # @fastify/session defaults to secure cookies, which are dropped on the proxied plain-HTTP request.
    assert [f.location.line for f in scan(fastify_untrusted, select=("NW0904",)).findings] == [2]


ODD_CODE = r"""
const express = require('express'), session = require('express-session'), jwt = require('jsonwebtoken');
const crypto = require('crypto'); const multer = require('multer'); const helmet = require('helmet');
const opts = { ...unknownDefaults, [computedKey()]: 1 };
app.use(session(opts));
app.use(session({ ...opts, cookie: { ...cookieDefaults } }));
app.use(session());
app.use(express.json({ limit: {} }));
app.use(express.json({ limit: true }));
app.use(helmet({ hsts: { maxAge: '1y' } }));
res.cookie();
res.cookie(...args);
jwt.verify(token);
jwt.verify(...args);
crypto.createHash().update();
crypto.pbkdf2Sync(password);
crypto.scryptSync(password, salt, 64, null);
multer(null);
multer(config.upload);
const x = Math.random;
x();
module.exports = function (err, req, res, next) { res.json(err.stack ? err : undefined); };
app.use((err, req, res, next) => res.status(500).send(`${err}`));
process.env.NODE_TLS_REJECT_UNAUTHORIZED = undefined;
new (require('busboy'))({ headers: req.headers, limits: null });
"""


def test_odd_code_does_not_break_any_rule(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "odd",
        {
            "src/odd.js": ODD_CODE,
            "src/broken.ts": "import session from 'express-session';\napp.use(session({ secret: 'x' }));\nconst = ;\n",
        },
    )
    report = scan(root, select=ALL_CODES)
    assert report.rule_errors == ()
    found = {(f.code, f.location.path, f.location.line) for f in report.findings}
    # Spread options hide what is set: nothing is claimed "missing" from them.
    assert not any(line in (5, 6) and code in ("NW0901", "NW0903") for code, _, line in found)
    assert ("NW0606", "src/odd.js", 13) in found  # no options at all
    assert ("NW0606", "src/odd.js", 14) not in found  # spread arguments: the options may be there
    assert ("NW0720", "src/odd.js", 22) in found  # err.stack ? err : ... sends the stack or the object
    assert ("NW0720", "src/odd.js", 23) in found  # `${err}` is the message
    assert ("NW0605", "src/broken.ts", 2) in found  # tree-sitter recovered the call in a file with a syntax error


def test_well_configured_app_yields_evidence_for_practices_6_7_9_13(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app",
        {
            "src/app.js": "const express = require('express');\n"
            "const helmet = require('helmet');\n"
            "const session = require('express-session');\n"
            "const bcrypt = require('bcrypt');\n"
            "const app = express();\n"
            "app.use(helmet());\n"
            "app.use(express.json());\n"
            "app.use(session({ name: 'id', secret: process.env.S, cookie: { secure: true, sameSite: 'lax' } }));\n"
            "app.post('/register', async (req, res) => res.json({ hash: await bcrypt.hash(req.body.pw, 12) }));\n"
            "app.use((err, req, res, next) => { res.status(500).json({ error: 'Internal Server Error' }); });\n"
        },
    )
    report = scan(root, select=ALL_CODES)
    assert report.findings == ()
    evidence = {(e.code, e.location.line) for e in report.evidence}
    assert {("NW0602", 9), ("NW0720", 10), ("NW0901", 8), ("NW0907", 6), ("NW1301", 7)} <= evidence
    practices = {v.number: v.status for v in report.scorecard.practices}
    assert practices[7] == "holds" and practices[9] == "holds" and practices[13] == "holds"


def test_no_body_parser_makes_practice_13_not_applicable(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "app", {"src/app.js": "const http = require('http');\nhttp.createServer().listen(3000);\n"}
    )
    report = scan(root, select=("NW1301",))
    assert report.findings == () and report.evidence == ()
    assert {v.number: v.status for v in report.scorecard.practices}[13] == "not-applicable"


def test_evidence_is_capped_but_failures_are_not(tmp_path: Path) -> None:
    lines = ["const express = require('express');"]
    lines += [f"app.use(express.json({{ limit: '{n}kb' }}));" for n in range(1, 31)]
    lines += [f"app.use(express.json({{ limit: '{n}mb' }}));" for n in range(33, 48)]
    root = write_tree(tmp_path / "app", {"app.js": "\n".join(lines) + "\n"})
    report = scan(root, select=("NW1301",))
    assert len(report.findings) == 15
    assert len(report.evidence) == 11
    assert report.evidence[-1].message == "... and 20 more like the above"
