"""Practices 8, 11, 14 and 15 end to end on small trees: evidence, verdicts, and the cases fixtures cannot show."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from nodeward.collect.manifests import expand_scripts, parse_package_json, script_commands

from conftest import scan, write_tree

EXPRESS = '{"name": "shop", "dependencies": {"express": "^4.21.0", "dd-trace": "^5.0.0", "newrelic": "^12.0.0"}}'


def codes(report, *wanted):
    return sorted((f.code, f.location.path, f.location.line) for f in report.findings if f.code in wanted)


def test_monitoring_started_by_preload_in_dockerfile_and_by_init_import(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "package.json": EXPRESS,
            "Dockerfile": 'FROM node:20\nENV NODE_OPTIONS="--require newrelic"\nCMD ["node", "server.js"]\n',
            "server.js": "import 'dd-trace/init';\nimport express from 'express';\nexpress().listen(3000);\n",
        },
    )
    report = scan(root, select=("NW0801", "NW0802"))
    assert codes(report, "NW0801", "NW0802") == []
    evidence = sorted((e.location.path, e.location.line, e.message) for e in report.evidence)
    assert evidence == [
        ("Dockerfile", 2, "New Relic initialised (preloaded with newrelic)"),
        ("server.js", 1, "Datadog APM initialised (import of dd-trace/init)"),
    ]
    assert report.scorecard.verdict(8).status == "holds"


def test_monitoring_absent_is_low_and_not_applicable_without_package_json(tmp_path: Path) -> None:
    report = scan(write_tree(tmp_path / "a", {"package.json": '{"dependencies": {"koa": "^2"}}'}), select=("NW08",))
    assert [(f.code, f.severity.label) for f in report.findings] == [("NW0802", "low")]
    report = scan(write_tree(tmp_path / "lib", {"package.json": '{"name": "a-library"}'}), select=("NW08",))
    assert report.findings == ()
    assert report.scorecard.verdict(8).status == "not-applicable"
    # A web framework scanned as published (koa 3, express 5) calls http.createServer for its users: a library.
    framework = {"package.json": '{"name": "koa", "dependencies": {"debug": "^4"}}'}
    framework["lib/application.js"] = "const http = require('http');\nmodule.exports = () => http.createServer();\n"
    report = scan(write_tree(tmp_path / "koa", framework), select=("NW08", "NW15"))
    assert report.findings == ()
    assert report.scorecard.verdict(8).status == "not-applicable"
    report = scan(write_tree(tmp_path / "b", {"README.md": "# not node\n"}), select=("NW08",))
    assert report.findings == ()
    assert report.scorecard.verdict(8).status == "not-applicable"


def test_logging_libraries_are_monitoring_evidence_console_and_debug_are_not(tmp_path: Path) -> None:
    deps = '"express": "^4", "pino": "^9", "pino-http": "^10", "winston": "^3", "express-winston": "^4"'
    files = {
        "package.json": '{"name": "shop", "dependencies": {' + deps + ', "bunyan": "^1", "fastify": "^5"}}',
        "a.js": "const logger = require('pino')();\nmodule.exports = logger;\n",
        "b.mjs": "import pinoHttp from 'pino-http';\nexport const http = pinoHttp();\n",
        # Babel's interop (parse-server's build): `_winston.default.createLogger()`
        "c.js": (
            '"use strict";\nvar _winston = _interopRequireWildcard(require("winston"));\n'
            "function _interopRequireWildcard(e) { return e && e.__esModule ? e : { default: e }; }\n"
            "exports.logger = _winston.default.createLogger();\n"
        ),
        "d.ts": "import * as expressWinston from 'express-winston';\nexport const log = expressWinston.logger({});\n",
        "e.js": "const bunyan = require('bunyan');\nmodule.exports = bunyan.createLogger({ name: 'shop' });\n",
        "f.js": "const Fastify = require('fastify');\nconst a = Fastify({ logger: true });\nconst b = Fastify({});\n",
    }
    report = scan(write_tree(tmp_path / "logged", files), select=("NW08",))
    assert report.findings == ()
    evidence = sorted((e.location.path, e.location.line, e.message) for e in report.evidence)
    assert evidence == [
        ("a.js", 1, "levelled, timestamped logs with pino (require('pino')(...))"),
        ("b.mjs", 2, "levelled, timestamped logs with pino-http (pinoHttp(...))"),
        ("c.js", 4, "levelled, timestamped logs with winston (_winston.default.createLogger(...))"),
        ("d.ts", 2, "levelled, timestamped logs with express-winston (expressWinston.logger(...))"),
        ("e.js", 2, "levelled, timestamped logs with bunyan (bunyan.createLogger(...))"),
        ("f.js", 2, "levelled, timestamped logs with Fastify's pino logger (created with a `logger` option)"),
    ]
    assert report.scorecard.verdict(8).status == "holds"
    # console.log and debug only: nothing records the app's activity with a level and a time
    quiet = {
        "package.json": '{"name": "shop", "dependencies": {"express": "^4", "debug": "^4", "fastify": "^5"}}',
        "a.js": "const debug = require('debug')('shop');\nconsole.log('up');\ndebug('x');\n",
        "f.js": "const Fastify = require('fastify');\nFastify({ logger: false });\n",
    }
    report = scan(write_tree(tmp_path / "quiet", quiet), select=("NW08",))
    assert [(f.code, f.location.path, f.location.line) for f in report.findings] == [("NW0802", "package.json", 1)]
    assert report.scorecard.verdict(8).status == "fails"


def test_ci_scan_evidence_names_tool_job_file_and_line(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "package.json": '{"name": "x", "scripts": {"ci:audit": "npm audit --audit-level=high"}}',
            ".github/workflows/ci.yml": (
                "on: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: npm run ci:audit\n      - uses: github/codeql-action/analyze@v3\n"
            ),
            ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n",
        },
    )
    report = scan(root, select=("NW14",))
    assert report.findings == ()
    messages = sorted((e.code, e.location.line, e.message) for e in report.evidence)
    assert messages == [
        (
            "NW1401",
            6,
            "dependency audit with npm audit (through script `ci:audit`): npm run ci:audit"
            " in GitHub Actions job `check`",
        ),
        ("NW1401", 7, "SAST with CodeQL: github/codeql-action/analyze@v3 in GitHub Actions job `check`"),
        ("NW1404", 3, "dependabot keeps npm dependencies updated (.github/dependabot.yml)"),
    ]
    assert report.scorecard.verdict(14).status == "holds"


def test_hostile_ci_and_manifest_files_are_reported_and_the_scan_finishes(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    root = write_tree(
        tmp_path,
        {
            "package.json": '{"name": "x", "dependencies": {"express": "^4.21.0"}}',
            ".github/workflows/bomb.yml": bomb,
            ".gitlab-ci.yml": "x: " + "[" * 3000 + "]" * 3000 + "\n",
            ".eslintrc.json": "[" * 10_000 + "]" * 10_000,
            "public/.well-known/security.txt": "\x1b[31mContact: evil\x1b[0m\n",
        },
    )
    report = scan(root, select=("NW11", "NW14", "NW15"))
    assert not report.rule_errors
    assert sorted(p.path for p in report.problems) == [".eslintrc.json", ".github/workflows/bomb.yml", ".gitlab-ci.yml"]
    # The control characters in security.txt are reported as an invalid line, never echoed raw.
    [invalid] = [f for f in report.findings if f.code == "NW1502" and f.location.line == 1 and "control" in f.message]
    assert "\x1b" not in invalid.message


def test_expand_scripts_follows_runners_and_hooks():
    pkg = parse_package_json(
        "package.json",
        '{"scripts": {"ci": "npm run lint && yarn test", "lint": "eslint .", "pretest": "npm audit", "test": "x"}}',
    )
    assert expand_scripts("pnpm run ci", script_commands([pkg])) == [
        ("", "pnpm run ci"),
        ("ci", "npm run lint && yarn test"),
        ("lint", "eslint ."),
        ("pretest", "npm audit"),
        ("test", "x"),
    ]


def test_security_txt_collector_uses_the_scan_time(tmp_path: Path) -> None:
    next_year = datetime.now(timezone.utc).year + 1
    text = f"Contact: mailto:s@example.com\nExpires: {next_year}-01-01T00:00:00Z\n"
    report = scan(write_tree(tmp_path, {"security.txt": text}), select=("NW1502", "NW1504"))
    assert codes(report, "NW1502", "NW1504") == []


def test_scripts_run_by_understands_run_all_globs_and_concurrently():
    from nodeward.collect.manifests import scripts_run_by

    names = {"lint", "lint:js", "lint:docs", "lint:js:fix", "test", "build"}
    assert scripts_run_by('npm-run-all "lint:*"', names) == {"lint:js", "lint:docs"}
    assert scripts_run_by("run-s build 'lint:**'", names) == {"build", "lint:js", "lint:docs", "lint:js:fix"}
    assert scripts_run_by('concurrently "npm:lint:js" "npm:test"', names) == {"lint:js", "test"}
    assert scripts_run_by("npm t && yarn build", names) == {"test", "build"}
    assert scripts_run_by("eslint .", names) == set()


def test_lint_through_npm_run_all_counts_as_linting_in_ci(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "package.json": '{"scripts": {"lint": "npm-run-all \\"lint:*\\"", "lint:js": "eslint ."},'
            ' "devDependencies": {"eslint-plugin-security": "^3"},'
            ' "eslintConfig": {"extends": ["plugin:security/recommended-legacy"]}}',
            ".github/workflows/ci.yml": "on: push\njobs:\n  lint:\n    steps:\n      - run: npm run lint\n",
        },
    )
    report = scan(root, select=("NW11",))
    assert report.findings == ()
    assert report.scorecard.verdict(11).status == "holds"
