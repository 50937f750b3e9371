"""Practices 10 and 12 on the verdict corpus's classes (issue 14): when they have no object (no database, routes that
read nothing from the request), what counts as evidence that they hold, and what still fails."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, scan, write_tree

EXPRESS = '{"name": "api", "dependencies": {"express": "^4.21.0"}}'
NO_DATABASE = "no database: no SQL, document-store or other database client is declared or imported"


def verdict(report, practice: int) -> tuple[str, tuple[str, ...]]:
    v = report.scorecard.verdict(practice)
    return v.status, v.notes


def test_practice_12_does_not_apply_without_a_database(tmp_path: Path) -> None:
    app = (
        "const express = require('express');\nconst app = express();\napp.use(express.json());\n"
        "app.post('/echo', (req, res) => res.json({ name: req.body.name }));\napp.listen(3000);\n"
    )
    root = write_tree(tmp_path / "plain", {"package.json": EXPRESS, "app.js": app})
    assert verdict(scan(root, select=("NW12",)), 12) == ("not-applicable", (NO_DATABASE,))

    # the look-alikes: a database declared (even one no rule queries), or imported without a declaration
    redis = '{"name": "api", "dependencies": {"express": "^4.21.0", "ioredis": "^5.4.0"}}'
    root = write_tree(tmp_path / "redis", {"package.json": redis, "app.js": app})
    assert verdict(scan(root, select=("NW12",)), 12) == ("unknown", ("nothing found either way",))
    imported = "const { Pool } = require('pg');\nconst pool = new Pool();\n" + app
    root = write_tree(tmp_path / "pg", {"package.json": EXPRESS, "app.js": imported})
    assert verdict(scan(root, select=("NW12",)), 12) == ("unknown", ("nothing found either way",))
    # and a finding wins over everything
    injected = imported.replace(
        "res.json({ name: req.body.name })",
        "pool.query(`SELECT * FROM t WHERE name = '${req.body.name}'`).then((r) => res.json(r.rows))",
    )
    root = write_tree(tmp_path / "sqli", {"package.json": EXPRESS, "app.js": injected})
    report = scan(root, select=("NW12",))
    assert [(f.code, f.location.line) for f in report.findings] == [("NW1201", 6)]
    assert report.scorecard.verdict(12).status == "fails"


def _no_input(routes: int) -> str:
    return (
        f"the {routes} route handler(s) read nothing from the request (no body, query, parameters, headers or "
        "cookies): no input to validate"
    )


def test_practice_10_does_not_apply_when_no_route_handler_reads_the_request(tmp_path: Path) -> None:
    # express-generator's routes: render a view, send a string; the error handler reads only req.app
    root = write_tree(
        tmp_path / "gen",
        {
            "package.json": EXPRESS,
            "app.js": (
                "const express = require('express');\nconst app = express();\n"
                "app.get('/', (req, res) => res.render('index', { title: 'Express' }));\n"
                "app.get('/users', function (req, res, next) { res.send('respond with a resource'); });\n"
                "app.get('/env', ({ app: server }, res) => res.send(server.get('env')));\n"
                "app.use((err, req, res, next) => { res.locals.error = req.app.get('env') === 'development' ? err : {};"
                " res.status(500).render('error'); });\napp.listen(3000);\n"
            ),
        },
    )
    assert verdict(scan(root, select=("NW10",)), 10) == ("not-applicable", (_no_input(3),))


def test_a_handler_that_hands_the_request_to_a_helper_takes_input(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "helper",
        {
            "package.json": EXPRESS,
            "app.js": (
                "const express = require('express');\nconst app = express();\n"
                "function pick(r) { return r.query; }\n"
                "app.get('/', (req, res) => res.json(pick(req)));\napp.listen(3000);\n"
            ),
        },
    )
    assert verdict(scan(root, select=("NW10",)), 10) == ("unknown", ("nothing found either way",))


NEST = '{"name": "api", "dependencies": {"@nestjs/common": "^11.0.0", "@nestjs/core": "^11.0.0"}}'
NEST_CONTROLLER = (
    "import { Body, Controller, Get, Post, Res } from '@nestjs/common';\n\n@Controller()\n"
    "export class AppController {\n  @Get()\n  getHello(@Res() res: any): string {\n    return 'Hello World!';\n  }\n"
    "%s}\n"
)


def test_nest_handlers_take_input_through_their_decorated_parameters(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "hello", {"package.json": NEST, "src/app.controller.ts": NEST_CONTROLLER % ""})
    assert verdict(scan(root, select=("NW10",)), 10) == ("not-applicable", (_no_input(1),))
    create = "  @Post('items')\n  create(@Body() dto: any) {\n    return dto;\n  }\n"
    root = write_tree(tmp_path / "body", {"package.json": NEST, "src/app.controller.ts": NEST_CONTROLLER % create})
    assert verdict(scan(root, select=("NW10",)), 10) == ("unknown", ("nothing found either way",))


def test_validation_before_the_handler_is_evidence_and_a_helper_that_only_logs_is_not(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(FIXTURES / "rules" / "NW1009-validate-helper" / "safe", root)
    report = scan(root, select=("NW10",))
    assert [f.code for f in report.findings] == []
    assert report.scorecard.verdict(10).status == "holds"
    assert [e.message for e in report.scorecard.verdict(10).evidence] == [
        "route input validated by the project's validation middleware: validate(schemas.register)"
    ]
    root = tmp_path / "logs"
    shutil.copytree(FIXTURES / "rules" / "NW1009-validate-helper" / "vulnerable", root)
    report = scan(root, select=("NW10",))
    assert sorted((f.code, f.location.path, f.location.line) for f in report.findings) == [
        ("NW1009", "src/controllers/user.js", 12),
        ("NW1012", "src/middlewares/validate.js", 5),  # audit profile: console.debug of the body's keys
    ]
    assert report.scorecard.verdict(10).evidence == ()


def test_a_middleware_named_like_validation_clears_but_is_no_evidence(tmp_path: Path) -> None:
    app = (
        "const express = require('express');\nconst { validateBody } = require('some-checks');\n"
        "const { Note } = require('./models');\nconst app = express();\napp.use(express.json());\n"
        "app.post('/notes', %s async (req, res) => {\n"
        "  await Note.create({ text: req.body.text });\n  res.sendStatus(201);\n});\n"
    )
    root = write_tree(tmp_path / "named", {"package.json": EXPRESS, "app.js": app % "validateBody('note'),"})
    report = scan(root, select=("NW10",))
    assert ([f.code for f in report.findings], verdict(report, 10)) == ([], ("unknown", ("nothing found either way",)))
    root = write_tree(tmp_path / "bare", {"package.json": EXPRESS, "app.js": app % ""})
    assert [(f.code, f.location.line) for f in scan(root, select=("NW10",)).findings] == [("NW1010", 7)]
    # a validation package's middleware is evidence
    checked = app.replace(
        "const { validateBody } = require('some-checks');", "const { body } = require('express-validator');"
    )
    root = write_tree(
        tmp_path / "ev", {"package.json": EXPRESS, "app.js": checked % "body('text').isLength({ max: 200 }),"}
    )
    report = scan(root, select=("NW10",))
    assert report.scorecard.verdict(10).status == "holds"
    assert [e.message for e in report.scorecard.verdict(10).evidence] == [
        "route input validated by express-validator middleware: body('text').isLength({ max: 200 })"
    ]


def test_a_global_validation_pipe_is_evidence_for_a_nest_app(tmp_path: Path) -> None:
    create = "  @Post('items')\n  create(@Body() dto: any) {\n    return dto;\n  }\n"
    main = (
        "import { NestFactory } from '@nestjs/core';\nimport { ValidationPipe } from '@nestjs/common';\n"
        "import { AppModule } from './app.module';\n\nasync function bootstrap() {\n"
        "  const app = await NestFactory.create(AppModule);\n"
        "  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));\n  await app.listen(3000);\n}\nbootstrap();\n"
    )
    files = {"package.json": NEST, "src/app.controller.ts": NEST_CONTROLLER % create, "src/main.ts": main}
    report = scan(write_tree(tmp_path / "nest", files), select=("NW10",))
    v = report.scorecard.verdict(10)
    assert (v.status, [(e.location.path, e.location.line, e.message) for e in v.evidence]) == (
        "holds",
        [("src/main.ts", 7, "route input validated by a global ValidationPipe")],
    )


def test_nosql_injection_in_a_data_access_class_fails_practice_12(tmp_path: Path) -> None:
    for tree, status, codes in (("vulnerable", "fails", [("NW1202", 8)]), ("safe", "unknown", [])):
        root = tmp_path / tree
        shutil.copytree(FIXTURES / "rules" / "NW1202-dao-class" / tree, root)
        report = scan(root, select=("NW12",))
        assert [(f.code, f.location.line) for f in report.findings] == codes
        assert report.scorecard.verdict(12).status == status


SQLITE = '{"name": "api", "dependencies": {"express": "^4.21.0", "better-sqlite3": "^11.0.0"}}'
DB_JS = (
    "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\n"
    "function first(sql, params = []) { return db.prepare(sql).get(...params); }\n"
    "function byName(name) { return first('SELECT id FROM users WHERE name = ?', [name]); }\n"
    "function remove(ids) {\n"
    "  const sql = `DELETE FROM users WHERE id IN (${ids.map(() => '?').join(',')})`;\n"
    "  return db.prepare(sql).run(...ids);\n}\n"
    "%s"
    "module.exports = { byName, remove };\n"
)


def test_constant_sql_text_everywhere_is_evidence_for_practice_12(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "const", {"package.json": SQLITE, "db.js": DB_JS % ""})
    v = scan(root, select=("NW12",)).scorecard.verdict(12)
    assert (v.status, [(e.location.line, e.message) for e in v.evidence]) == (
        "holds",
        [
            (4, "all 2 SQL statements are constant text (values bound as parameters)"),
            (7, "all 2 SQL statements are constant text (values bound as parameters)"),
        ],
    )
    # one statement built from a value, even with no request data in sight: the census proves nothing
    built = "function sorted(column) { return db.prepare(`SELECT * FROM users ORDER BY ${column}`).all(); }\n"
    root = write_tree(tmp_path / "built", {"package.json": SQLITE, "db.js": DB_JS % built})
    assert verdict(scan(root, select=("NW12",)), 12) == ("unknown", ("nothing found either way",))
