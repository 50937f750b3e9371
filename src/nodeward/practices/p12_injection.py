"""Practice 12: request data must not reach SQL text or NoSQL query operators (rules NW12nn)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import tree_sitter as ts

from nodeward.analysis import taint_specs as S
from nodeward.analysis.taint import TaintEvidence, TaintFlow
from nodeward.findings import Confidence, Finding, Severity
from nodeward.fix import Edit, Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix.context import FixContext
from nodeward.fix.versions import manifest_for
from nodeward.practices._evidence import report_flow
from nodeward.rules import Hit, rule
from nodeward.rules.targets import TaintFlows


@rule(
    "NW1201",
    "sql-injection",
    on=TaintFlows(S.SQL),
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=89,
)
def sql_injection(flow: TaintFlow | TaintEvidence) -> Iterator[Hit]:
    """Request data is concatenated into SQL text.

    ## What it checks
    Taint flows from request data (Express/Koa/Fastify/Hapi request properties, NestJS `@Body() @Query() @Param()`
    parameters) to the SQL text of a query: `query`/`execute` of mysql, mysql2, pg, pg-promise, mssql, oracledb,
    sqlite3 and better-sqlite3 (`run`, `all`, `exec`, `prepare`), Sequelize `query` and `literal`, knex `raw`,
    `whereRaw`, `joinRaw`, `orderByRaw`..., TypeORM `query` and string conditions of a query builder, Prisma
    `$queryRawUnsafe`/`$executeRawUnsafe`, Cassandra `client.execute` (CQL) and Neo4j `session.run`/
    `driver.executeQuery` (Cypher), Couchbase `cluster.query` (SQL++) and DynamoDB `ExecuteStatementCommand`
    `Statement` (PartiQL). Sources include GraphQL resolver arguments (Apollo-style resolver maps, NestJS
    and type-graphql `@Args()`/`@Arg()`), AWS Lambda events and Next.js/SvelteKit/Astro/Remix route handlers. A whole
    request object under `query:` is a filter, not SQL text. The flow is followed through assignments,
    destructuring, template literals, concatenation, string methods and helper functions in the same file or in
    modules imported by relative path. A query with placeholders whose values travel in a separate array is safe;
    so is a value passed through `parseInt`/`Number`, an escaping function (`connection.escape`, `pg-format`), or
    checked against an allow-list.
    A query that receives request data only as parameters counts as positive evidence for the practice.

    ## Why it matters
    Whoever controls part of the SQL text controls the query: reading other users' rows, bypassing a login,
    modifying or dropping tables, and on some databases running commands on the server.

    ## How to fix
    Pass values as parameters (`?`, `$1`, `:name`, `@name`) and keep the SQL text constant; for identifiers such as
    a sort column, choose from a fixed list.

    ## Example
    ```js
    const express = require('express');
    const mysql = require('mysql2');
    const db = mysql.createConnection({ host: 'db', user: 'app', database: 'shop' });
    const app = express();
    app.get('/users', (req, res) => {
      const name = req.query.name;
      db.query(`SELECT * FROM users WHERE name = '${name}'`, (err, rows) => res.json(rows));
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const mysql = require('mysql2');
    const db = mysql.createConnection({ host: 'db', user: 'app', database: 'shop' });
    const app = express();
    app.get('/users', (req, res) => {
      const name = req.query.name;
      db.query('SELECT * FROM users WHERE name = ?', [name], (err, rows) => res.json(rows));
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html
    - https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html
    - CWE-89
    """
    yield report_flow(flow, "SQL text built from request data (use placeholders and a values array)")


# Placeholders of the drivers whose queries the fix rewrites: `?` numbered by position, or pg's `$1, $2`.
PLACEHOLDERS = {"mysql": "?", "mysql2": "?", "sqlite3": "?", "better-sqlite3": "?", "pg": "$"}
# knex 3's methods taking (sql, bindings): `?` values by position whatever the driver (knex renumbers them for pg),
# `??` identifiers (lib/formatter/rawFormatter.js), so SQL holding `??` or `\?` is left alone.
KNEX_BINDING_METHODS = frozenset(
    {
        "raw",
        "whereRaw",
        "orWhereRaw",
        "andWhereRaw",
        "havingRaw",
        "orHavingRaw",
        "joinRaw",
        "orderByRaw",
        "groupByRaw",
        "fromRaw",
    }
)
_BEFORE_VALUE = re.compile(r"(?:=|<>|!=|<=|>=|<|>|\bLIKE)\s*('?)$", re.IGNORECASE)
REBINDS = (
    "each value concatenated into the SQL becomes a bound parameter: a query that relied on SQL inside the value, "
    "or on how the value was quoted, behaves differently"
)


def _sql_pieces(node, data: bytes) -> list[tuple[str, str]] | None:
    """("text", sql) and ("value", expression source) pieces of `'a' + x + 'b'` or `` `a${x}b` ``; None otherwise."""
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _sql_pieces(node.named_children[0], data)
    if node.type == "binary_expression" and js_edit.text_of(node.child_by_field_name("operator")) == "+":
        left = _sql_pieces(node.child_by_field_name("left"), data)
        right = _sql_pieces(node.child_by_field_name("right"), data)
        return left + right if left is not None and right is not None else None
    if node.type == "string":
        raw = js_edit.text_of(node)[1:-1]
        return None if "\\" in raw else [("text", raw)]
    if node.type == "template_string":
        out: list[tuple[str, str]] = []
        for part in node.named_children:
            if part.type == "string_fragment":
                out.append(("text", js_edit.text_of(part)))
            elif part.type == "template_substitution" and part.named_child_count == 1:
                out.append(("value", js_edit.text_of(part.named_children[0])))
            else:
                return None
        return out
    if node.type in ("identifier", "member_expression", "subscript_expression", "call_expression"):
        return [("value", js_edit.text_of(node))]
    return None


def _parameterized(pieces: list[tuple[str, str]], marker: str) -> tuple[str, list[tuple[int, str]]] | None:
    """The SQL with a placeholder for each value (which must follow a comparison, quotes around it dropped) and
    (index in the values array, expression) for each."""
    sql, close_quote = "", False
    values: list[tuple[int, str]] = []
    for kind, text in pieces:
        if kind == "text":
            if close_quote:
                if not text.startswith("'"):
                    return None
                text, close_quote = text[1:], False
            sql += text
            continue
        match = _BEFORE_VALUE.search(sql)
        if match is None:
            return None  # an identifier, a keyword, a list: not something a placeholder can stand for
        if match.group(1):
            sql, close_quote = sql[:-1], True
        index = sql.count("?") if marker == "?" else len(values)
        sql += "?" if marker == "?" else f"${len(values) + 1}"
        values.append((index, text))
    if close_quote or not values or "'" in sql or "??" in sql or "\\?" in sql:
        return None  # unbalanced quotes, nothing to bind, or quoted text left: not the simple shape
    return sql, values


def _driver(ctx: FixContext, path: str, call: ts.Node | None) -> str | None:
    """The placeholder the query's driver takes: knex's `?` for its binding methods, else the one kind of driver
    the package.json lists."""
    manifest = manifest_for(ctx, path)
    try:
        pkg = json.loads(ctx.text(manifest) or "{}") if manifest else {}
    except ValueError:
        return None
    deps = set(pkg.get("dependencies") or {}) if isinstance(pkg, dict) else set()
    callee = call.child_by_field_name("function") if call is not None else None
    method = (
        callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
    )
    if "knex" in deps and method is not None and js_edit.text_of(method) in KNEX_BINDING_METHODS:
        return "?"
    found = {PLACEHOLDERS[d] for d in deps & set(PLACEHOLDERS)}
    return found.pop() if len(found) == 1 else None  # two kinds of driver: which one runs this query?


@fix("NW1201", safe=False, why_unsafe=REBINDS)
def fix_sql_injection(finding: Finding, ctx: FixContext) -> Patch | None:
    """A query whose SQL is a literal plus values compared in it (`"... WHERE email = '" + email + "'"`) rewritten
    with placeholders (`?` for mysql, mysql2, sqlite and knex's raw methods; `$1` for pg) and the values in the
    values array, merged with the values it already has. Identifiers (ORDER BY, table names) and any other shape
    stay a finding."""
    path, node = finding.location.path, ctx.node_at(finding.location)
    while node is not None and node.parent is not None and node.parent.type != "arguments":
        node = node.parent
    call = node.parent.parent if node is not None and node.parent is not None else None
    data, marker = ctx.source(path), _driver(ctx, path, call)
    if data is None or marker is None or node is None or call is None or call.type != "call_expression":
        return None
    args = js_edit.argument_list(call)
    pieces = _sql_pieces(node, data) if args and args[0] == node else None
    built = _parameterized(pieces, marker) if pieces else None
    if built is None:
        return None
    sql, new_values = built
    literal = js_edit.string_literal(data, sql)
    values_arg = args[1] if len(args) > 1 else None
    if values_arg is not None and values_arg.type == "array":
        if marker != "?" and js_edit.properties(values_arg):
            return None  # renumbering pg's $n around existing values: left to the user
        merged = [js_edit.text_of(v) for v in js_edit.properties(values_arg)]
        for index, expr in new_values:
            merged.insert(index, expr)
        edits: tuple[Edit, ...] = (
            js_edit.replace_node(path, node, literal),
            js_edit.replace_node(path, values_arg, "[" + ", ".join(merged) + "]"),
        )
    elif values_arg is None or values_arg.type in ("arrow_function", "function_expression", "function"):
        array = "[" + ", ".join(expr for _, expr in new_values) + "]"
        edits = (js_edit.replace_node(path, node, f"{literal}, {array}"),)
    else:
        return None  # values built elsewhere
    note = f"{path}: the bound values are still unvalidated request data: validate them (practice 10, NW1010)"
    return Patch(f"bind {len(new_values)} value(s) as query parameters", edits, notes=(note,))


@rule(
    "NW1202",
    "nosql-injection",
    on=TaintFlows(S.NOSQL),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=943,
)
def nosql_injection(flow: TaintFlow | TaintEvidence) -> Iterator[Hit]:
    """Request data can inject MongoDB query operators or server-side JavaScript.

    ## What it checks
    Taint flows from request data into a MongoDB/Mongoose query filter (`find`, `findOne`, `update*`, `delete*`,
    `findOneAnd*`, `countDocuments`...) where the value can be an object, as JSON bodies and `qs`-parsed query strings
    allow (`{"password": {"$ne": null}}`); request data inside `$where`, `$function` or `mapReduce` code; and a whole
    request object used as a filter or as an update document of `updateOne`/`updateMany`. `String()` casts, a
    `typeof` check, `mongo-sanitize`, the `express-mongo-sanitize` middleware, or a route schema (Fastify `schema`,
    Hapi `validate`) make the value safe.

    ## Why it matters
    An operator such as `$ne`, `$gt` or `$regex` turns an equality test into "anything": login checks pass without a
    password, filters return other tenants' documents. `$where` runs JavaScript on the database server.

    ## How to fix
    Cast the values you compare to the type you expect (`String(req.body.email)`), validate the request shape with a
    schema, or strip keys starting with `$` (`mongo-sanitize`); never pass request data to `$where`.

    ## Example
    ```js
    const express = require('express');
    const mongoose = require('mongoose');
    const User = mongoose.model('User');
    const app = express();
    app.use(express.json());
    app.post('/login', async (req, res) => {
      const user = await User.findOne({ email: req.body.email, password: req.body.password });
      res.json({ ok: Boolean(user) });
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const mongoose = require('mongoose');
    const User = mongoose.model('User');
    const app = express();
    app.use(express.json());
    app.post('/login', async (req, res) => {
      const user = await User.findOne({ email: String(req.body.email), password: String(req.body.password) });
      res.json({ ok: Boolean(user) });
    });
    ```

    ## References
    - https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection
    - https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html
    - CWE-943
    """
    yield report_flow(flow, "a query filter or operator controlled by the request (cast or validate it)")
