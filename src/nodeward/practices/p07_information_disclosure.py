"""Practice 7: send no unnecessary information, code side (rules NW0720-NW0749)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.rules import Hit


def error_handler_leaks_details(subject: object) -> Iterator[Hit]:
    """An error handler sends the stack trace, the whole error object or the raw error message to the client.

    ## What it checks
    Express error middleware (four parameters: `err, req, res, next`), Fastify `setErrorHandler`, NestJS
    exception filters (`catch(exception, host)`) and Koa middleware that catches `await next()`, when the
    response (`res.json/send/end`, `reply.send`, `ctx.body =`) contains `err.stack`, the error object itself, or
    `err.message` with no check that the error is an expected one (`err.expose`, `err.status < 500`, an
    `instanceof` test, a status switch). Sending details only when `NODE_ENV` is not `production` stays quiet.

    ## Why it matters
    Stack traces give away file paths, library versions and code structure; the messages of unexpected errors
    carry SQL fragments, host names and internal identifiers (a database driver's error names the table and
    constraint). An error object sent as JSON includes every enumerable property, such as `sql` or `config`.

    ## How to fix
    Log the error server-side with a request id; send a generic message and the id for 5xx errors, and the
    message only for errors you created for the client (`http-errors` sets `expose` for 4xx).

    ## Example
    ```js
    app.use((err, req, res, next) => {
      res.status(500).json({ message: err.message, stack: err.stack });
    });
    ```

    ## Use instead
    ```js
    app.use((err, req, res, next) => {
      req.log.error(err);
      res.status(500).json({ error: 'Internal Server Error' });
    });
    ```

    ## References
    - OWASP Error Handling Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html
    - Express, error handling: https://expressjs.com/en/guide/error-handling.html
    - CWE-209: Generation of Error Message Containing Sensitive Information
    """
    yield from ()


def errorhandler_without_production_guard(subject: object) -> Iterator[Hit]:
    """The `errorhandler` development middleware is registered without a development-only guard.

    ## What it checks
    `app.use(errorhandler())` that is not inside an `if` on `process.env.NODE_ENV` or `app.get('env')`.

    ## Why it matters
    `errorhandler` exists to show full stack traces and error objects as HTML, JSON or text. Its README says it
    is for development only; it does not look at `NODE_ENV` itself, so registered unconditionally it sends stack
    traces to every visitor in production.

    ## How to fix
    Register it only in development: `if (process.env.NODE_ENV === 'development') app.use(errorhandler())`, and
    keep a generic error handler for production.

    ## Example
    ```js
    const errorhandler = require('errorhandler');
    app.use(errorhandler());
    ```

    ## Use instead
    ```js
    const errorhandler = require('errorhandler');
    if (process.env.NODE_ENV === 'development') {
      app.use(errorhandler());
    }
    ```

    ## References
    - errorhandler README: https://github.com/expressjs/errorhandler
    - CWE-209: Generation of Error Message Containing Sensitive Information
    """
    yield from ()


def hardcoded_development_env(subject: object) -> Iterator[Hit]:
    """The environment is hard-coded to something other than production in the code.

    ## What it checks
    `app.set('env', '<literal>')` and `process.env.NODE_ENV = '<literal>'` with a value other than
    `production`.

    ## Why it matters
    Express hands `env` to finalhandler, which sends the full stack trace of every error whenever env is not
    exactly `production`; many libraries switch on verbose errors and off caches the same way. A hard-coded
    `development` wins over the `NODE_ENV=production` the deployment sets.

    ## How to fix
    Remove the assignment and set `NODE_ENV=production` in the deployment (Dockerfile `ENV`, unit file, platform
    settings).

    ## Example
    ```js
    app.set('env', 'development');
    ```

    ## Use instead
    ```js
    app.set('env', process.env.NODE_ENV);
    ```

    ## References
    - Express `env` setting and finalhandler: https://expressjs.com/en/4x/api.html#app.settings.table
    - CWE-489: Active Debug Code
    """
    yield from ()


def response_includes_password_hash(subject: object) -> Iterator[Hit]:
    """A response sends a user record that still contains its password hash.

    ## What it checks
    In route handlers, `res.json/send`, `reply.send` or `ctx.body =` of (a) an object literal with a password
    property (`password`, `passwordHash`, `hashedPassword`, `salt`) whose value is not a literal, or (b) a
    variable loaded from a user-like model (`User.findById`, `db.users.findOne`, `Account.findAll`...) in the
    same handler, with no visible exclusion (`.select('-password')`, `attributes: { exclude }`, destructuring the
    password away, `delete user.password`, `toJSON`/`omit`). Audit profile: a model may hide the field itself.

    ## Why it matters
    Password hashes in API responses end up in browser caches, logs and proxies, and give an attacker material for
    offline cracking.

    ## How to fix
    Select only the fields the client needs, exclude the hash in the model (`select: false`, `toJSON`,
    `defaultScope`), or map the record to a response type.

    ## Example
    ```js
    router.get('/me', async (req, res) => {
      const user = await User.findById(req.user.id);
      res.json(user);
    });
    ```

    ## Use instead
    ```js
    router.get('/me', async (req, res) => {
      const user = await User.findById(req.user.id).select('-password');
      res.json(user);
    });
    ```

    ## References
    - OWASP API Security Top 10, API3:2023 Broken Object Property Level Authorization: https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/
    - CWE-200: Exposure of Sensitive Information to an Unauthorized Actor
    """
    yield from ()
