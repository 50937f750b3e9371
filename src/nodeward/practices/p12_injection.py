"""Practice 12: request data must not reach SQL text or NoSQL query operators (rules NW12nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.findings import Confidence, Severity
from nodeward.project import taint_specs as S
from nodeward.project.taint import TaintEvidence, TaintFlow, TaintFlows, report_flow
from nodeward.rules import Hit, rule


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
