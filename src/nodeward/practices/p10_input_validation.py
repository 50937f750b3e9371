"""Practice 10: validate user input: request data reaching dangerous sinks, and handlers with no validation (NW10nn)."""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter as ts

from nodeward.analysis import taint_specs as S
from nodeward.analysis.regex_shape import exponential
from nodeward.analysis.taint import TaintEvidence, TaintFlow, TaintNotApplicable
from nodeward.findings import Confidence, Location, Severity
from nodeward.js.extract import JsModule, language, tree_of
from nodeward.practices._evidence import report_flow
from nodeward.rules import Hit, fails, rule
from nodeward.rules.targets import JsFile, TaintFlows


@rule(
    "NW1001",
    "command-injection",
    on=TaintFlows(S.COMMAND),
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=78,
)
def command_injection(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data reaches a shell command.

    ## What it checks
    Taint flows from request data to `child_process.exec`/`execSync` (also through `util.promisify`), to the command
    of `spawn`/`execFile`/`fork`, to any argument of those when `shell: true` is set, and to shelljs `exec`.
    Arguments passed as an array to `execFile`/`spawn` without a shell are safe.

    ## Why it matters
    A shell interprets `;`, `|`, `$(...)` and backticks: one request parameter is enough to run any command on the
    server with the application's privileges.

    ## How to fix
    Run the program directly with `execFile`/`spawn` and an argument array (no shell), put `--` before user values,
    and check values against an allow-list where possible.

    ## Example
    ```js
    const express = require('express');
    const { exec } = require('child_process');
    const app = express();
    app.get('/ping', (req, res) => {
      exec(`ping -c 1 ${req.query.host}`, (err, out) => res.type('text/plain').send(out));
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const { execFile } = require('child_process');
    const app = express();
    app.get('/ping', (req, res) => {
      execFile('ping', ['-c', '1', '--', req.query.host], (err, out) => res.type('text/plain').send(out));
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html
    - https://nodejs.org/api/child_process.html#spawning-bat-and-cmd-files-on-windows
    - CWE-78
    """
    yield report_flow(flow, "a shell command built from request data (use execFile with an argument array)")


@rule(
    "NW1002",
    "code-injection",
    on=TaintFlows(S.CODE),
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=94,
)
def code_injection(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data is evaluated as JavaScript.

    ## What it checks
    Taint flows from request data to `eval`, `Function`/`new Function`, the `vm` module (`runInNewContext`,
    `runInThisContext`, `new vm.Script`...), `setTimeout`/`setInterval` given a string, `require` of a path built
    from request data, template source given to a template compiler, and RethinkDB `r.js(source)` (JavaScript run
    by the database).

    ## Why it matters
    Evaluated code runs with the full power of the Node.js process: reading files and secrets, spawning processes.
    The `vm` module is not a security boundary.

    ## How to fix
    Do not evaluate request data. Map inputs to a fixed set of functions or modules (an object lookup), or use a
    real expression parser for formulas.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.use(express.json());
    app.post('/calc', (req, res) => {
      res.json({ result: eval(req.body.expression) });
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.use(express.json());
    const OPS = { add: (a, b) => a + b, mul: (a, b) => a * b };
    app.post('/calc', (req, res) => {
      const op = OPS[req.body.op];
      res.json({ result: op ? op(Number(req.body.a), Number(req.body.b)) : null });
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html#do-not-use-dangerous-functions
    - https://nodejs.org/api/vm.html#vm-executing-javascript
    - CWE-94
    """
    yield report_flow(flow, "request data evaluated as code")


@rule(
    "NW1003",
    "path-traversal",
    on=TaintFlows(S.PATH),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=22,
)
def path_traversal(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data chooses a file path.

    ## What it checks
    Taint flows from request data to the path of `fs`/`fs/promises`/`fs-extra` calls (read, write, stream, unlink,
    readdir, rename...) and to `res.sendFile`/`res.download` without a `root` option. `path.join` and
    `path.resolve` do not help; `path.basename`, a `startsWith(root)` check on the resolved path, or an allow-list
    do. `express.static` is not a sink, and neither is `res.sendFile` of a string that starts with a fixed folder
    (`/srv/exports/${name}`): without `root`, `send` refuses every `..` segment, so only a joined path or one the
    request supplies from its start can escape. Cloud object keys are paths too: the `Key` of S3
    `GetObjectCommand`/`PutObjectCommand`/`DeleteObjectCommand` and the name given to a GCS `bucket().file()`.

    ## Why it matters
    `../` sequences (or an absolute path) let a client read `/etc/passwd`, the application's `.env` and keys, or
    overwrite files the process can write.

    ## How to fix
    Reduce the input to a file name (`path.basename`), resolve it against a fixed directory and check that the result
    stays inside it, or pass `{ root }` to `res.sendFile`.

    ## Example
    ```js
    const express = require('express');
    const fs = require('fs');
    const path = require('path');
    const app = express();
    app.get('/files/:name', (req, res) => {
      fs.readFile(path.join(__dirname, 'uploads', req.params.name), (err, data) => res.send(data));
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const fs = require('fs');
    const path = require('path');
    const app = express();
    app.get('/files/:name', (req, res) => {
      fs.readFile(path.join(__dirname, 'uploads', path.basename(req.params.name)), (err, data) => res.send(data));
    });
    ```

    ## References
    - https://owasp.org/www-community/attacks/Path_Traversal
    - https://expressjs.com/en/api.html#res.sendFile
    - CWE-22
    """
    yield report_flow(flow, "a file path controlled by the request (reduce it to a name inside a fixed root)")


@rule(
    "NW1004",
    "server-side-request-forgery",
    on=TaintFlows(S.SSRF),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=918,
)
def server_side_request_forgery(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data chooses where the server sends an HTTP request.

    ## What it checks
    Taint flows from request data to the URL or host of `http`/`https` `request`/`get`, `fetch`, axios (and
    `axios.create()` instances), got (and `got.extend()` instances), node-fetch, cross-fetch, undici, request,
    superagent, needle, ky, phin, urllib, bent and @hapi/wreck, to HTML renderers (html-pdf, wkhtmltopdf), and to
    the page a headless browser opens (puppeteer and playwright
    `page.goto`, puppeteer `page.setContent`). The calls are rows of `nodeward/knowledge/sinks.py`. A URL whose
    scheme and host are fixed text (request data only in the path or query) is not reported, nor is a URL whose
    host was checked against an allow-list; a fixed scheme with a request-chosen host (`https://${host}`) is.

    ## Why it matters
    The server can reach what the attacker cannot: cloud metadata endpoints (credentials), internal admin services,
    databases on localhost. The response, or its timing, leaks back.

    ## How to fix
    Keep the scheme and host fixed and put request data only in the path (encoded), or parse the URL and compare its
    `hostname` with an allow-list before sending.

    ## Example
    ```js
    const express = require('express');
    const axios = require('axios');
    const app = express();
    app.get('/proxy', async (req, res) => {
      const upstream = await axios.get(req.query.url);
      res.json(upstream.data);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const axios = require('axios');
    const app = express();
    app.get('/proxy', async (req, res) => {
      const upstream = await axios.get(`https://api.partner.example/items/${encodeURIComponent(req.query.id)}`);
      res.json(upstream.data);
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
    - CWE-918
    """
    yield report_flow(flow, "an outgoing request whose URL or host the client chooses")


@rule(
    "NW1005",
    "open-redirect",
    on=TaintFlows(S.REDIRECT),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=601,
)
def open_redirect(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data chooses the target of a redirect.

    ## What it checks
    Taint flows from request data to `res.redirect`, `res.location`, `ctx.redirect`, `reply.redirect`, `h.redirect`
    and to a `Location` header (`set`, `setHeader`, `header`, `writeHead`). A target that starts with a fixed local
    path (`/account/...`), or that was checked against an allow-list or a local-path test, is not reported.

    ## Why it matters
    A link on the real domain that forwards to a look-alike login page is the classic phishing tool; in OAuth flows
    an open redirect can leak authorization codes and tokens.

    ## How to fix
    Redirect only to local paths (starting with a single `/`) or to URLs from an allow-list; otherwise fall back to
    a default page.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.get('/login/done', (req, res) => {
      res.redirect(req.query.next);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    const ALLOWED = ['/home', '/account'];
    app.get('/login/done', (req, res) => {
      res.redirect(ALLOWED.includes(req.query.next) ? req.query.next : '/home');
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html
    - CWE-601
    """
    yield report_flow(flow, "a redirect target controlled by the request (allow-list it or keep it local)")


@rule(
    "NW1006",
    "reflected-xss",
    on=TaintFlows(S.XSS),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=79,
)
def reflected_xss(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data is written into an HTML response without escaping.

    ## What it checks
    Taint flows from request data to `res.send`/`res.write`/`res.end` (unless the handler set a non-HTML content
    type such as `text/plain` or JSON), to a Koa `ctx.body` that is HTML, to `reply.send` after
    `reply.type('text/html')`, to Hapi `h.response(...).type('text/html')`, and to `res.render` locals that the
    template prints unescaped (`<%- %>`, `{{{ }}}`, `!{}`, `| safe`): reported at the render call and at the
    template line that prints the value (the trace goes through the render call). `escape-html`, `he`,
    `validator.escape`, `sanitize-html` and numeric casts make the value safe (the escapers are rows of
    `nodeward/knowledge/barriers.py`). An object sent with `res.send` (a whole `req.query`/`req.body`, or an object
    built in a variable) goes out as JSON and is not reported; neither is `res.json`.

    ## Why it matters
    Script injected into a page runs with the user's session on the application's origin: stealing tokens, acting as
    the user, rewriting the page.

    ## How to fix
    Escape values for HTML (`escape-html`), use a template engine's escaping output (`<%= %>`, `{{ }}`), or answer with
    JSON or `text/plain`.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.get('/search', (req, res) => {
      res.send(`<h1>Results for ${req.query.q}</h1>`);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const escapeHtml = require('escape-html');
    const app = express();
    app.get('/search', (req, res) => {
      res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html
    - CWE-79
    """
    yield report_flow(flow, "request data in an HTML response without escaping")


@rule(
    "NW1007",
    "prototype-pollution",
    on=TaintFlows(S.PROTOTYPE),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=1321,
)
def prototype_pollution(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data is merged deep into an object, or chooses nested keys to assign.

    ## What it checks
    Request objects (bodies, parsed query strings, `JSON.parse` results) passed to deep merges and path setters:
    lodash `merge`, `mergeWith`, `defaultsDeep`, `set`, `setWith`; Hoek `merge`; `deepmerge`, `merge-deep`,
    `mixin-deep`, `dot-prop` `set`, `set-value`, `object-path` `set`; local helpers named like `deepMerge`/`setPath`
    that assign computed keys, unless they refuse `__proto__`/`constructor`/`prototype` keys; and
    `obj[key1][key2] = value` where both keys come from the request. Keys checked against
    `__proto__`/`constructor`/`prototype`, or numbers, are safe. A library (scanned in library mode) is checked the
    same way with its exported functions' parameters as the input.

    ## Why it matters
    A key `__proto__` (or `constructor.prototype`) writes to `Object.prototype`: every object in the process gains the
    property, which flips authorization checks (`user.isAdmin`), changes options of libraries, and can end in remote
    code execution through template engines or `child_process` options.

    ## How to fix
    Copy only the fields you expect, use `Object.create(null)` or a `Map` for dictionaries keyed by user data, reject
    `__proto__`, `constructor` and `prototype` keys, and validate the body's shape with a schema.

    ## Example
    ```js
    const express = require('express');
    const _ = require('lodash');
    const app = express();
    app.use(express.json());
    app.put('/prefs', (req, res) => {
      const prefs = {};
      _.merge(prefs, req.body);
      res.json(prefs);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.use(express.json());
    app.put('/prefs', (req, res) => {
      const prefs = { theme: String(req.body.theme), density: String(req.body.density) };
      res.json(prefs);
    });
    ```

    ## References
    - https://portswigger.net/web-security/prototype-pollution
    - https://cheatsheetseries.owasp.org/cheatsheets/Prototype_Pollution_Prevention_Cheat_Sheet.html
    - CWE-1321
    """
    yield report_flow(flow, "request-shaped keys merged deep into an object (prototype pollution)")


@rule(
    "NW1008",
    "regex-injection",
    on=TaintFlows(S.REDOS),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=1333,
)
def regex_injection(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    r"""Request data is compiled as a regular expression, or matched against one that backtracks catastrophically.

    ## What it checks
    Taint flows from request data to `new RegExp(...)`/`RegExp(...)`. Escaping with `escape-string-regexp`,
    lodash `escapeRegExp` or a `replace(/[.*+?^${}()|[\]\\]/g, '\\$&')` makes the value a literal and is safe.
    Also request data (in library mode: a parameter of the public API) given to `test`/`exec` of, or to
    `match`/`replace`/`split`/`search` with, a regex literal (or a constant holding one) that backtracks
    exponentially (`(a+)+`) or polynomially (`\d+\.?\d+$`, an unanchored `\s+$`). A length check before
    (`if (s.length > 100) return`) bounds the work and clears it; bounded repetitions (`{1,64}`) are not loops.

    ## Why it matters
    A pattern such as `(a+)+$` takes exponential time on a short input: one request blocks the event loop and with
    it every other request (ReDoS). Patterns can also match more than intended.

    ## How to fix
    Escape the input before building a pattern, or search with `includes`/`startsWith` instead of a regex.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    const names = ['ada', 'grace'];
    app.get('/filter', (req, res) => {
      const re = new RegExp(req.query.pattern, 'i');
      res.json(names.filter((n) => re.test(n)));
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const escapeStringRegexp = require('escape-string-regexp');
    const app = express();
    const names = ['ada', 'grace'];
    app.get('/filter', (req, res) => {
      const re = new RegExp(escapeStringRegexp(req.query.pattern), 'i');
      res.json(names.filter((n) => re.test(n)));
    });
    ```

    ## References
    - https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
    - https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop
    - CWE-1333
    """
    yield report_flow(flow, "a regular expression compiled from request data (escape it)")


@rule(
    "NW1009",
    "mass-assignment",
    on=TaintFlows(S.MASS),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=915,
)
def mass_assignment(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """A whole request body is written to a database model.

    ## What it checks
    The entire body (`req.body`, `ctx.request.body`, `request.payload`, a NestJS `@Body()` without a key, or a spread
    of it) passed to `create`, `build`, `update`, `save`, `insert`, `upsert`, `findByIdAndUpdate`,
    `findOneAndUpdate` of a model, repository or ORM client, to `new Model(body)`, or copied with `Object.assign` onto
    a persisted object. Sequelize calls with a `fields` list, a body picked field by field, or a validated DTO are
    safe.

    ## Why it matters
    Clients can set fields the form never showed: `role: "admin"`, `isVerified: true`, another user's `ownerId`,
    a balance.

    ## How to fix
    Pick the fields a client may set (`const { name, email } = req.body`), pass Sequelize a `fields` list, or
    validate with a schema that strips unknown keys (`whitelist: true`, `stripUnknown`).

    ## Example
    ```js
    const express = require('express');
    const { User } = require('./models');
    const app = express();
    app.use(express.json());
    app.post('/register', async (req, res) => {
      const user = await User.create(req.body);
      res.status(201).json({ id: user.id });
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const { User } = require('./models');
    const app = express();
    app.use(express.json());
    app.post('/register', async (req, res) => {
      const { email, password, displayName } = req.body;
      const user = await User.create({ email, password, displayName });
      res.status(201).json({ id: user.id });
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html
    - CWE-915
    """
    yield report_flow(flow, "every field of the request body written to the model (pick allowed fields)")


@rule(
    "NW1010",
    "missing-input-validation",
    on=TaintFlows(S.VALIDATION),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=20,
)
def missing_input_validation(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data reaches a database, file, command or outgoing request without any validation.

    ## What it checks
    Route handlers whose body, query or parameter values reach a data sink (a database or ORM call, a file system
    call, a child process, an outgoing HTTP request) with no validation step on the way: no validation middleware
    before the handler (express-validator, celebrate...), no schema on the Fastify or Hapi route, no NestJS
    `ValidationPipe`/`Parse*Pipe`, no schema result (zod, joi, yup, ajv) and no check of the value (type,
    allow-list, pattern, numeric cast). A project's own middleware before the handler (`validate(schemas.register)`)
    counts when its body runs a schema and rejects what fails; one that only logs does not, whatever its name.
    Values bound as query parameters (`pool.query('... $1', [v])`, `query({ text, values })`, `whereRaw(sql, [v])`,
    TypeORM `orWhere('a = :v', { v })`) are the fix NW1201 asks for and are not reported here, except where the
    driver expands an object into SQL: mysql and mysql2 format `password = ?` bound to `{"password": 1}` as
    password = `password` = 1, so a body or query value there still needs a check. Where a proven injection is
    reported at the same place, this lower-severity finding is left out.

    Validation middleware before a route (a known validation package, a project middleware that runs a schema, a
    route schema) and a global NestJS `ValidationPipe` are positive evidence for the practice. When the app's route
    handlers read nothing from the request (express-generator's `res.render('index')`, a Nest `getHello()`), the
    practice is not applicable.

    ## Why it matters
    Unvalidated input is where injections, type confusion (`{"$gt": ""}` where a string was expected), oversized
    values and logic errors start. Validating the shape at the edge makes every later layer simpler and safer.

    ## How to fix
    Validate each route's input against a schema before using it (zod, joi or ajv work with every framework).

    - Express: express-validator or celebrate middleware on the route.
    - Fastify: a route `schema` (`body`, `querystring`, `params`).
    - Koa: a zod or joi schema checked in the handler or a middleware.
    - Hapi: `options.validate` on the route.
    - NestJS: DTO classes with class-validator and a `ValidationPipe`.

    ## Example
    ```js
    const express = require('express');
    const { Comment } = require('./models');
    const app = express();
    app.use(express.json());
    app.post('/comments', async (req, res) => {
      await Comment.create({ author: req.body.author, text: req.body.text });
      res.sendStatus(201);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const { body, validationResult } = require('express-validator');
    const { Comment } = require('./models');
    const app = express();
    app.use(express.json());
    const checks = [body('author').isLength({ max: 64 }), body('text').isLength({ max: 2000 })];
    app.post('/comments', checks, async (req, res) => {
      if (!validationResult(req).isEmpty()) return res.sendStatus(400);
      await Comment.create({ author: req.body.author, text: req.body.text });
      res.sendStatus(201);
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html
    - https://expressjs.com/en/advanced/best-practice-security.html
    - https://github.com/mysqljs/mysql#escaping-query-values
    - CWE-20
    """
    yield report_flow(flow, "request data used without validation")


def _regex_literals(module: JsModule) -> Iterator[tuple[Location, str]]:
    got = tree_of(module)
    if got is None or b"/" not in got[1]:
        return
    tree, _ = got
    query = _regex_query(module.lang)
    for node in ts.QueryCursor(query).captures(tree.root_node).get("p", []):
        (r1, c1), (r2, c2) = node.start_point, node.end_point
        yield Location(module.path, r1 + 1, c1 + 1, r2 + 1, c2 + 1), (node.text or b"").decode("utf-8", "replace")


_QUERIES: dict[str, ts.Query] = {}


def _regex_query(lang: str) -> ts.Query:
    if lang not in _QUERIES:
        _QUERIES[lang] = ts.Query(language(lang), "(regex pattern: (regex_pattern) @p)")
    return _QUERIES[lang]


@rule(
    "NW1011",
    "redos-regex-literal",
    on=JsFile(),
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    cwe=1333,
    profile="audit",
)
def redos_regex_literal(module: JsModule) -> Iterator[Hit]:
    r"""A regular expression literal has nested quantifiers (catastrophic backtracking).

    ## What it checks
    Regex literals in which a quantified group contains another quantifier, such as `(a+)+`, `(\\w*)*` or
    `([a-z0-9]{2,4})+`. This is a heuristic: many such patterns are harmless when their input is short or anchored,
    so it runs only in the audit profile.

    ## Why it matters
    On a crafted input of a few dozen characters such a pattern backtracks exponentially and blocks the event loop:
    a single request can stall the whole server (ReDoS).

    ## How to fix
    Rewrite the pattern without nested quantifiers (make the inner part unambiguous), cap the input length before
    matching, or use a validator library's tested pattern.

    ## Example
    ```js
    const EMAIL = /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,4})+$/;
    module.exports = (value) => EMAIL.test(value);
    ```

    ## Use instead
    ```js
    const EMAIL = /^[a-zA-Z0-9_.-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,24}$/;
    module.exports = (value) => value.length <= 254 && EMAIL.test(value);
    ```

    ## References
    - https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
    - CWE-1333
    """
    for where, pattern in _regex_literals(module):
        if exponential(pattern):
            yield fails(where, f"regex /{pattern[:60]}/ has nested quantifiers and can backtrack exponentially")


@rule(
    "NW1012",
    "log-injection",
    on=TaintFlows(S.LOG),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=117,
    profile="audit",
)
def log_injection(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    r"""Request data is written to a log as is.

    ## What it checks
    Taint flows from request data to `console.*` and to `info`/`warn`/`error` of an object named like a logger.
    Structured loggers that encode fields (pino, winston with JSON) make this mostly harmless, so the rule runs only
    in the audit profile (measured: 284 of 414 findings on one large real server, most of them debug lines). A
    logger's `debug`/`trace` calls are not reported at all: those levels are off where the team reads its logs. A
    structured call (an object first, `logger.info({ user }, 'login')`) is not reported either. `console.*` in
    browser code shipped with the server (files under `public/`, `static/`, `client/` or `browser/`, or using the
    `window`/`document` globals) writes to the browser's console, not a server log, and is not reported.

    ## Why it matters
    Newlines and control characters in a logged value forge log lines (a fake "login succeeded" entry) or inject
    terminal escape sequences into whoever reads the log.

    ## How to fix
    Log request values as structured fields of a JSON logger, or strip CR/LF and control characters first.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.get('/login', (req, res) => {
      console.log('login attempt for ' + req.query.user);
      res.sendStatus(204);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.get('/login', (req, res) => {
      console.log('login attempt for ' + String(req.query.user).replace(/[^\w@.-]/g, ''));
      res.sendStatus(204);
    });
    ```

    ## References
    - https://owasp.org/www-community/attacks/Log_Injection
    - CWE-117
    """
    yield report_flow(flow, "request data written to the log unencoded")


@rule(
    "NW1013",
    "header-injection",
    on=TaintFlows(S.HEADER),
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    cwe=113,
)
def header_injection(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data is written into a response header.

    ## What it checks
    Taint flows from request data (body, query, route parameters, cookies) to the value of a response header set
    with `set`, `setHeader`, `header`, `append` or the headers object of `writeHead` (Express, Node.js, Koa
    `ctx.set`, Fastify `reply.header`, Hapi `h.response().header`), other than `Location` (NW1005) and
    `Access-Control-Allow-Origin` (NW1016). A request header echoed back (`X-Request-ID`) is not reported: it holds
    no CR/LF the client could not already send. Node.js rejects CR/LF in header values since v14, so what remains
    is header values the client chooses (file names, links, cache keys), and response splitting behind older
    proxies.

    ## Why it matters
    On older runtimes or proxies, CR/LF splits the response (HTTP response splitting); on current ones a
    client-chosen header value can still poison caches or widen CORS.

    ## How to fix
    Set headers from fixed values or allow-lists; encode file names (`encodeURIComponent`) in
    `Content-Disposition`.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.get('/export', (req, res) => {
      res.setHeader('Content-Disposition', 'attachment; filename=' + req.query.name);
      res.send('id,name');
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.get('/export', (req, res) => {
      res.setHeader('Content-Disposition', 'attachment; filename=' + encodeURIComponent(req.query.name));
      res.send('id,name');
    });
    ```

    ## References
    - https://owasp.org/www-community/attacks/HTTP_Response_Splitting
    - CWE-113
    """
    yield report_flow(flow, "request data in a response header")


@rule(
    "NW1014",
    "xml-external-entities",
    on=TaintFlows(S.XXE),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=611,
)
def xml_external_entities(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data is parsed as XML with entity substitution turned on (XXE).

    ## What it checks
    Taint flows from request data to the document of libxmljs / libxmljs2 `parseXml` / `parseXmlString` called with
    `noent: true` (or libxmljs 1.x `replaceEntities: true`). Without those options libxml2 does not substitute
    entities and the call is not reported; xml2js, sax, fast-xml-parser and @xmldom/xmldom do not load external
    entities and are not sinks.

    ## Why it matters
    A document that declares `<!ENTITY x SYSTEM "file:///etc/passwd">` and uses `&x;` makes the parser read any
    file the server can read (or fetch an internal URL) and put it into the parsed document, which the application
    often echoes back.

    ## How to fix
    Remove `noent` / `replaceEntities`: entity substitution is off by default. If the documents need entities,
    refuse documents with a DOCTYPE before parsing.

    ## Example
    ```js
    const express = require('express');
    const libxmljs = require('libxmljs');
    const app = express();
    app.post('/import', express.text({ type: '*/xml' }), (req, res) => {
      const doc = libxmljs.parseXml(req.body, { noent: true });
      res.json({ root: doc.root().name() });
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const libxmljs = require('libxmljs');
    const app = express();
    app.post('/import', express.text({ type: '*/xml' }), (req, res) => {
      const doc = libxmljs.parseXml(req.body);
      res.json({ root: doc.root().name() });
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html
    - CWE-611
    """
    yield report_flow(flow, "XML parsed with external entities substituted")


@rule(
    "NW1015",
    "unsafe-deserialization",
    on=TaintFlows(S.DESERIALIZATION),
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=502,
)
def unsafe_deserialization(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """Request data is deserialized by a library that rebuilds functions (remote code execution).

    ## What it checks
    Taint flows from request data to node-serialize `unserialize` and funcster `deepDeserialize`, which turn strings
    of the serialized form back into functions (node-serialize with `eval`, funcster with `vm`), and, when the
    project declares a version that has them, js-yaml 3.x `load`/`loadAll` (the default schema builds
    `!!js/function`) and serialize-to-js 1.x `deserialize` (safer-eval). The rows are in
    `nodeward/knowledge/sinks.py`. `JSON.parse` and js-yaml 4 `load` are not sinks.

    ## Why it matters
    node-serialize evaluates any value that starts with `_$$ND_FUNC$$_`; a function expression followed by `()`
    runs during `unserialize`, before the application looks at the result: one cookie or body field is enough to
    run code on the server.

    ## How to fix
    Exchange data as JSON (`JSON.parse`) and validate it against a schema; never deserialize code from a client.

    ## Example
    ```js
    const express = require('express');
    const serialize = require('node-serialize');
    const app = express();
    app.get('/profile', (req, res) => {
      const prefs = serialize.unserialize(Buffer.from(req.query.prefs, 'base64').toString());
      res.json(prefs);
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.get('/profile', (req, res) => {
      const prefs = JSON.parse(Buffer.from(req.query.prefs, 'base64').toString());
      res.json({ theme: String(prefs.theme) });
    });
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html
    - CWE-502
    """
    yield report_flow(flow, "data deserialized into functions")


@rule(
    "NW1016",
    "cors-reflected-origin",
    on=TaintFlows(S.CORS),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=942,
)
def cors_reflected_origin(flow: TaintFlow | TaintEvidence | TaintNotApplicable) -> Iterator[Hit]:
    """The request's Origin is copied into Access-Control-Allow-Origin while credentials are allowed.

    ## What it checks
    A response header `Access-Control-Allow-Origin` set by hand (`res.setHeader`/`res.set`/`res.header`/
    `reply.header`) from the request (`req.headers.origin`, `req.get('origin')`) in a file that also sends
    `Access-Control-Allow-Credentials: true`. An origin checked against an allow-list first is not reported; the
    `cors` middleware's options are judged by the headers rules.

    ## Why it matters
    Echoing any origin with credentials allowed lets every web site a logged-in user visits read that user's
    responses from the API (the browser sends the cookies, and the reflected header tells it to share the answer).

    ## How to fix
    Compare the origin with a list of the sites that may call the API and only then echo it (and send
    `Vary: Origin`); or use the `cors` middleware with an explicit `origin` list.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.use((req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      next();
    });
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    const ALLOWED = ['https://app.example.com'];
    app.use((req, res, next) => {
      if (ALLOWED.includes(req.headers.origin)) {
        res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.setHeader('Vary', 'Origin');
      }
      next();
    });
    ```

    ## References
    - https://portswigger.net/web-security/cors
    - CWE-942
    """
    yield report_flow(flow, "any site may read credentialed responses")
