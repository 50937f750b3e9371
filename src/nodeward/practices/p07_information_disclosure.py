"""Practice 7: send no unnecessary information (rules NW07nn): code checks NW0720-NW0749, live probe NW0750+."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nodeward.findings import Confidence, Location, Severity
from nodeward.practices._evidence import evidence_capped
from nodeward.probe.exchange import Exchange
from nodeward.probe.record import ProbeRecord
from nodeward.probe.signatures import EXPOSED_ENDPOINTS, find_stack_trace, framework_error_page
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.project.javascript import node_location, tree_of
from nodeward.project.jsvalues import CALL, Func, Obj, Ref, Value
from nodeward.rules import Hit, fails, holds, rule
from nodeward.rules.js_project_target import JsProjectTarget, arg, js_of, where
from nodeward.rules.names import words

if TYPE_CHECKING:
    import tree_sitter as ts

    from nodeward.facts import Facts
    from nodeward.project.javascript import JsModule, JsProject

# A condition that switches on the environment: what is inside is a development-only branch.
_ENV_GUARD = re.compile(
    r"NODE_ENV|get\(\s*['\"]env['\"]\s*\)|\bis(?:Dev|Development|Prod|Production)\b|\bdebug\b|\b__DEV__\b", re.I
)
# A condition that tells expected errors from unexpected ones: sending their message is then deliberate.
_EXPECTED_ERROR_GUARD = re.compile(
    r"\bexpose\b|status|\binstanceof\b|\bisOperational\b|\bisBoom\b|\bcode\b|\bname\b|Http(?:Error|Exception)"
    r"|ValidationError|\bknown\b|< ?500|>= ?500|\bswitch\b",
    re.I,
)
_ERR_PARAMS = frozenset({"err", "error", "e", "ex", "exc", "exception", "er"})
_BOUNDARY = frozenset(
    {"function_declaration", "function_expression", "arrow_function", "method_definition", "function", "program"}
)


@dataclass(frozen=True)
class ErrorHandler:
    """A function that answers errors: where it is, the name of its error variable, its response object (None:
    any receiver), and the node to search (the function body, or the catch clause in Koa)."""

    module: JsModule
    node: ts.Node
    data: bytes
    error: str
    response: str | None
    koa: bool = False
    sink_methods: frozenset[str] = frozenset({"json", "send", "jsonp", "end", "write", "render"})


def _node_of(module: JsModule, func: Func) -> tuple[ts.Node, bytes] | None:
    parsed = tree_of(module)
    if parsed is None:
        return None
    tree, data = parsed
    node = tree.root_node.descendant_for_byte_range(func.start_byte, func.end_byte)
    return (node, data) if node is not None else None


def _text(node: ts.Node | None, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace") if node is not None else ""


def _walk(node: ts.Node, depth: int = 0) -> Iterator[ts.Node]:
    yield node
    if depth > 200:
        return
    for child in node.named_children:
        yield from _walk(child, depth + 1)


def _bare(param: str) -> str:
    return param.split(":", 1)[0].split("=", 1)[0].strip()


def error_handlers(js: JsProject) -> Iterator[ErrorHandler]:
    """Express (4-parameter middleware), Fastify (setErrorHandler), NestJS (@Catch filters' catch method), Koa
    (middleware that catches `await next()`) and Hapi (`onPreResponse` extensions) error handlers."""
    hapi = {
        (h.file, h.start_byte)
        for call in js.method_calls("ext")
        if arg(js, call, 0) == "onPreResponse"
        for h in call.args[1:2]
        if isinstance(h, Func)
    }
    handlers = [arg(js, call, 0) for call in js.method_calls("setErrorHandler")]
    fastify = {(h.file, h.start_byte) for h in handlers if isinstance(h, Func)}
    nest = {
        (m.func.file, m.func.start_byte)
        for module in js.modules
        for cls in module.classes
        if any(d.text.split(".")[-1] == "Catch" for d in cls.decorators)
        for m in cls.methods
        if m.name == "catch"
    }
    for module in js.modules:
        for fact in module.functions:
            func = fact.func
            params = [_bare(p) for p in func.params]
            key = (func.file, func.start_byte)
            if (
                len(params) == 4
                and params[0].lstrip("_") in _ERR_PARAMS
                and params[1].lstrip("_") in ("req", "request")
                and params[2].lstrip("_") in ("res", "response", "resp")
            ):
                kind = ("express", params[0], params[2])
            elif key in fastify and len(params) >= 3:
                kind = ("fastify", params[0], params[2])
            elif key in nest and params:
                kind = ("nest", params[0], None)
            elif len(params) == 2 and params[0] in ("ctx", "context") and params[1] == "next":
                kind = ("koa", "", params[0])
            elif key in hapi and len(params) >= 2:
                kind = ("hapi", params[0], params[1])
            else:
                continue
            found = _node_of(module, func)
            if found is None:
                continue
            node, data = found
            if kind[0] == "hapi":
                # `const response = request.response` / `const { response } = request`: the Boom error, if any.
                error = _hapi_response_alias(node, data, kind[1])
                if error:
                    yield ErrorHandler(module, node, data, error, kind[2], sink_methods=frozenset({"response"}))
                continue
            if kind[0] != "koa":
                yield ErrorHandler(module, node, data, kind[1], kind[2])
                continue
            for clause in _walk(node):  # try { await next() } catch (err) { ... }
                if clause.type != "try_statement":
                    continue
                body = clause.child_by_field_name("body")
                handler = clause.child_by_field_name("handler")
                param = handler.child_by_field_name("parameter") if handler is not None else None
                if body is None or param is None or "next(" not in _text(body, data):
                    continue
                yield ErrorHandler(module, handler, data, _text(param, data).strip(), kind[2], koa=True)


def _hapi_response_alias(node: ts.Node, data: bytes, request: str) -> str | None:
    for n in _walk(node):
        if n.type != "variable_declarator":
            continue
        name = n.child_by_field_name("name")
        value = _text(n.child_by_field_name("value"), data).replace(" ", "")
        if name is not None and name.type == "identifier" and value == f"{request}.response":
            return _text(name, data)
        if (
            name is not None
            and name.type == "object_pattern"
            and value == request
            and re.search(r"\bresponse\b", _text(name, data))
        ):
            return "response"
    return None


def _root_identifier(node: ts.Node, data: bytes) -> str | None:
    """`res` for `res.status(500).json`, `ctx` for `ctx.body`."""
    cur: ts.Node | None = node
    for _ in range(20):
        if cur is None:
            return None
        if cur.type == "identifier":
            return _text(cur, data)
        if cur.type == "member_expression":
            cur = cur.child_by_field_name("object")
        elif cur.type == "call_expression":
            cur = cur.child_by_field_name("function")
        elif cur.type in ("parenthesized_expression", "await_expression", "non_null_expression"):
            cur = cur.named_children[0] if cur.named_children else None
        else:
            return None
    return None


def _sinks(handler: ErrorHandler) -> Iterator[ts.Node]:
    """The expressions a handler sends to the client: arguments of res.json/send/end, the value of ctx.body = ..."""
    data = handler.data
    for node in _walk(handler.node):
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None or fn.type != "member_expression":
                continue
            prop = fn.child_by_field_name("property")
            if _text(prop, data) not in handler.sink_methods:
                continue
            root = _root_identifier(fn, data)
            if handler.response is not None and root != handler.response:
                continue
            args = node.child_by_field_name("arguments")
            if args is not None:
                yield from (a for a in args.named_children if a.type != "comment")
        elif node.type == "assignment_expression" and handler.koa:
            left = node.child_by_field_name("left")
            if _text(left, data).replace(" ", "") == f"{handler.response}.body":
                right = node.child_by_field_name("right")
                if right is not None:
                    yield right


def _guarded(node: ts.Node, stop: ts.Node, data: bytes, pattern: re.Pattern[str]) -> bool:
    """Inside an if / ternary / && whose condition matches `pattern`, below `stop`."""
    cur = node.parent
    child = node
    while cur is not None and cur != stop and cur.type not in _BOUNDARY:
        if cur.type == "if_statement":
            if pattern.search(_text(cur.child_by_field_name("condition"), data)):
                return True
        elif cur.type == "ternary_expression":
            cond = cur.child_by_field_name("condition")
            if cond is not None and cond != child and pattern.search(_text(cond, data)):
                return True
        elif cur.type == "binary_expression" and _text(cur.child_by_field_name("operator"), data) == "&&":
            left = cur.child_by_field_name("left")
            if left is not None and left != child and pattern.search(_text(left, data)):
                return True
        elif cur.type == "switch_case":
            return True  # a status or error-type switch: the handler tells errors apart
        child, cur = cur, cur.parent
    return False


def _leaks(expr: ts.Node, handler: ErrorHandler, aliases: dict[str, str]) -> Iterator[tuple[str, ts.Node]]:
    """("stack" | "message" | "object", node) for each way the error reaches this sent expression."""
    data = handler.data
    err = handler.error
    for node in _walk(expr):
        if node.type == "member_expression":
            obj = node.child_by_field_name("object")
            prop = _text(node.child_by_field_name("property"), data)
            if obj is not None and obj.type == "identifier" and _text(obj, data) == err:
                if prop == "stack":
                    yield "stack", node
                elif prop in ("message", "sqlMessage", "detail", "sql", "toString"):
                    yield "message", node
        elif node.type == "identifier":
            name = _text(node, data)
            parent = node.parent
            if name == err and parent is not None:
                if (
                    parent.type in ("arguments", "pair", "spread_element", "shorthand_property")
                    or parent == expr.parent
                ):
                    yield "object", node
                elif parent.type == "template_substitution":
                    yield "message", node
            elif name in aliases and (parent is None or parent.type != "member_expression"):
                yield aliases[name], node
        elif node.type == "shorthand_property_identifier":
            name = _text(node, data)
            if name == err:
                yield "object", node
            elif name in aliases:
                yield aliases[name], node
    if expr.type == "identifier" and _text(expr, data) == err:
        yield "object", expr


def _aliases(handler: ErrorHandler) -> dict[str, str]:
    """`const message = err.message || '...'` / `const { stack } = err`: one level of local aliases."""
    data = handler.data
    out: dict[str, str] = {}
    for node in _walk(handler.node):
        if node.type != "variable_declarator":
            continue
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            continue
        value_text = _text(value, data)
        if name.type == "identifier" and not _guarded(value, handler.node, data, _ENV_GUARD):
            if re.search(rf"\b{re.escape(handler.error)}\.stack\b", value_text):
                out[_text(name, data)] = "stack"
            elif (
                re.search(rf"\b{re.escape(handler.error)}\.message\b", value_text)
                and not _guarded(value, handler.node, data, _EXPECTED_ERROR_GUARD)
                # `status < 500 ? err.message : 'Internal'` decides in the value itself
                and not _EXPECTED_ERROR_GUARD.search(value_text.split("?")[0] if "?" in value_text else "")
            ):
                out[_text(name, data)] = "message"
        elif name.type == "object_pattern" and value_text.strip() == handler.error:
            for key in ("stack", "message"):
                if re.search(rf"\b{key}\b", _text(name, data)):
                    out[key] = key
    return out


@rule(
    "NW0720",
    "error-handler-leaks-details",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=209,
)
@evidence_capped
def error_handler_leaks_details(facts: Facts) -> Iterator[Hit]:
    """An error handler sends the stack trace, the whole error object or the raw error message to the client.

    ## What it checks
    Express error middleware (four parameters: `err, req, res, next`), Fastify `setErrorHandler`, NestJS
    exception filters (`catch(exception, host)`), Koa middleware that catches `await next()` and Hapi
    `onPreResponse` extensions, when the response (`res.json/send/end`, `reply.send`, `ctx.body =`,
    `h.response()`) contains `err.stack`, the error object itself, or
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
    js = js_of(facts)
    rank = {"stack": 0, "object": 1, "message": 2}
    for handler in error_handlers(js):
        aliases = _aliases(handler)
        leaked = False
        sinks = list(_sinks(handler))
        for sink in sinks:
            if _guarded(sink, handler.node, handler.data, _ENV_GUARD):
                continue
            leaks = []
            for kind, node in _leaks(sink, handler, aliases):
                if _guarded(node, handler.node, handler.data, _ENV_GUARD):
                    continue
                if kind == "message" and _guarded(node, handler.node, handler.data, _EXPECTED_ERROR_GUARD):
                    continue
                leaks.append((rank[kind], kind, node))
            if not leaks:
                continue
            leaked = True
            _, kind, node = min(leaks, key=lambda x: (x[0], x[2].start_byte))
            at = node_location(handler.module.path, node)
            if kind == "stack":
                yield fails(at, "error handler sends the stack trace to the client", severity=Severity.HIGH)
            elif kind == "object":
                yield fails(at, "error handler sends the whole error object to the client")
            else:
                yield fails(at, "error handler sends the message of unexpected errors to the client")
        if sinks and not leaked:
            yield holds(node_location(handler.module.path, handler.node), "error handler sends no error details")


@rule(
    "NW0721",
    "errorhandler-without-production-guard",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=209,
)
def errorhandler_without_production_guard(facts: Facts) -> Iterator[Hit]:
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
    js = js_of(facts)
    for call in js.calls_to("errorhandler"):
        module = js.by_path.get(call.file)
        parsed = tree_of(module) if module is not None else None
        if parsed is None:
            continue
        tree, data = parsed
        node = tree.root_node.descendant_for_byte_range(call.start_byte, call.end_byte)
        if node is not None and _guarded(node, tree.root_node, data, _ENV_GUARD):
            continue
        if node is not None and _in_env_function(node, data):
            continue
        yield fails(call, "errorhandler() registered without a development-only guard: stack traces in production")


def _in_env_function(node: ts.Node, data: bytes) -> bool:
    """Inside a function that is itself only called in development (`function setupDev(app) {...}`)."""
    cur = node.parent
    while cur is not None:
        if cur.type in _BOUNDARY and cur.type != "program":
            name = cur.child_by_field_name("name")
            return bool(name is not None and re.search(r"dev|development|local", _text(name, data), re.I))
        cur = cur.parent
    return False


@rule(
    "NW0722",
    "hardcoded-development-env",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=489,
)
def hardcoded_development_env(facts: Facts) -> Iterator[Hit]:
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
    js = js_of(facts)
    for call in js.method_calls("set"):
        value = arg(js, call, 1)
        if arg(js, call, 0) == "env" and isinstance(value, str) and value not in ("production", "test"):
            yield fails(call, f"app.set('env', {value!r}): stack traces in every error response")
    for module in js.modules:
        for a in module.assignments:
            target = a.target
            if (
                isinstance(target, Ref)
                and target.kind == "global"
                and target.name == "process"
                and target.path == ("env", "NODE_ENV")
                and isinstance(a.value, str)
                and a.value not in ("production", "test")  # test runners' setup files set "test"
            ):
                yield fails(a.location, f"process.env.NODE_ENV hard-coded to {a.value!r}")


@rule(
    "NW0723",
    "response-includes-password-hash",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    cwe=200,
    profile="audit",
)
def response_includes_password_hash(facts: Facts) -> Iterator[Hit]:
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
    js = js_of(facts)
    sinks: list[tuple[Value, Location]] = []
    for member in ("json", "send", "jsonp"):
        for call in js.method_calls(member):
            if call.function is not None and call.args:
                sinks.append((arg(js, call, 0), call.arg_locations[0] if call.arg_locations else call.location))
    for module in js.modules:
        for a in module.assignments:
            if a.function is not None and a.target_text.replace(" ", "").endswith("ctx.body"):
                sinks.append((a.value, a.location))
    for value, at in sinks:
        if isinstance(value, Obj):
            for p in value.props:
                if p.key and _is_password_field(p.key) and not isinstance(p.value, str | int | float | bool):
                    yield fails(where(p, at), f"response includes the user's {p.key}")
        elif isinstance(value, Ref) and _is_unfiltered_user_query(js, value):
            yield fails(at, f"response sends a whole user record ({value.qualname}), password hash included")


_PASSWORD_FIELDS = frozenset({"password", "passwordhash", "password_hash", "hashedpassword", "hashed_password", "salt"})
_QUERY_METHODS = frozenset(
    {
        "findById",
        "findOne",
        "findAll",
        "find",
        "findByPk",
        "findUnique",
        "findFirst",
        "findMany",
        "findOneBy",
        "findBy",
        "findOneOrFail",
        "findUniqueOrThrow",
        "findFirstOrThrow",
    }
)
_USER_WORDS = frozenset({"user", "users", "account", "accounts", "member", "members", "admin", "admins", "customer"})
_FILTER_OPTIONS = frozenset({"select", "attributes", "projection", "omit", "exclude", "fields"})


def _is_password_field(key: str) -> bool:
    return key.lower() in _PASSWORD_FIELDS


def _is_unfiltered_user_query(js: JsProject, value: Ref) -> bool:
    """`User.findById(id)` (the last call of the chain is the query) on a user-like model, with no field filter."""
    path = value.path
    if len(path) < 2 or path[-1] != CALL or path[-2] not in _QUERY_METHODS:
        return False
    model_parts = [value.name.rsplit("/", 1)[-1], *path[:-2]]
    if not any(w in _USER_WORDS for part in model_parts for w in words(part)):
        return False
    query = js.call_at(value.origin)
    if query is not None:
        for argument in query.args:
            if isinstance(argument, Obj) and (set(argument.keys()) & _FILTER_OPTIONS or argument.open):
                return False
            if isinstance(argument, str) and "password" in argument:  # Mongoose: findById(id, '-password')
                return False
    return True


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0750-NW0799): stack traces, framework fingerprints and exposed endpoints in live responses.
# ---------------------------------------------------------------------------------------------------------------------

LIVE_SEVERITY_BY_LABEL = {"high": Severity.HIGH, "medium": Severity.MEDIUM, "low": Severity.LOW}
LIVE_SERVER_VERSION = re.compile(r"\d+\.\d+")


def _live_stack_hit(exchange: Exchange, what: str) -> Hit | None:
    trace = find_stack_trace(exchange)
    if trace is None:
        return None
    return fails_at(
        exchange,
        f"{what} answered {exchange.status} with a stack trace: {trace.headline or trace.frame}",
        snippet=(trace.headline + " " + trace.frame).strip(),
        data={"frames": trace.frames},
    )


@rule("NW0750", "live-stack-trace-on-malformed-json", on=ProbeTarget(), severity=Severity.HIGH, cwe=209)
def live_stack_trace_on_malformed_json(record: ProbeRecord) -> Iterator[Hit]:
    """A malformed JSON body makes the app answer with a stack trace (Express not in production mode).

    ## What it checks
    `POST` of the 5 bytes `{"a":` with `Content-Type: application/json` to the base page (and to the first
    `--path`). A global `express.json()` parses before routing, so no route is needed. A stack-trace signature in
    the answer (V8 frames, `at JSON.parse (<anonymous>)`, `node_modules` paths, after undoing finalhandler's HTML
    escaping) fails. A `400` with a generic message passes; a `404`/`405` proves nothing.

    ## Why it matters
    Express shows `err.stack` whenever `NODE_ENV` is not exactly `production`: file paths, library versions and
    code structure go to anyone who sends a broken body.

    ## How to fix
    Run with `NODE_ENV=production` and add an error handler that answers with a generic message.

    ## Example
    ```http
    HTTP/1.1 400 Bad Request
    Content-Type: text/html; charset=utf-8

    <pre>SyntaxError: Unexpected end of JSON input<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)...
    ```

    ## Use instead
    ```http
    HTTP/1.1 400 Bad Request
    Content-Type: application/json; charset=utf-8

    {"error":"Bad Request"}
    ```

    ## References
    - https://expressjs.com/en/guide/error-handling.html
    - https://cwe.mitre.org/data/definitions/209.html
    """
    for exchange in [record.step("err-json"), *record.steps("err-json:")]:
        if exchange is None or not exchange.ok:
            continue
        hit = _live_stack_hit(exchange, f"malformed JSON to {exchange.path}")
        if hit is not None:
            yield hit
        elif exchange.status == 400:
            yield holds(exchange, f"malformed JSON to {exchange.path} gets a 400 without a stack trace")


@rule("NW0751", "live-stack-trace-in-error-response", on=ProbeTarget(), severity=Severity.HIGH, cwe=209)
def live_stack_trace_in_error_response(record: ProbeRecord) -> Iterator[Hit]:
    """An error response other than the malformed-JSON one carries a stack trace.

    ## What it checks
    Every other error response the probe received: the unsupported-charset trigger (`Content-Type:
    application/json; charset=foo`, body-parser's 415), the oversized body (413), the 404 page and the exposed
    endpoint probes. Each one with a stack-trace signature is a finding.

    ## Why it matters
    As for NW0750: each stack trace discloses paths, versions and code structure, and shows the app runs in
    development mode.

    ## How to fix
    `NODE_ENV=production`, and a final error handler that logs the error and answers with a generic message.

    ## Example
    ```http
    HTTP/1.1 415 Unsupported Media Type

    <pre>UnsupportedMediaTypeError: unsupported charset &quot;FOO&quot;<br> &nbsp; &nbsp;at read (/app/...
    ```

    ## Use instead
    ```http
    HTTP/1.1 415 Unsupported Media Type

    <pre>Unsupported Media Type</pre>
    ```

    ## References
    - https://github.com/pillarjs/finalhandler#env
    """
    for exchange in record.exchanges:
        if exchange.step == "err-json" or exchange.step.startswith("err-json:"):
            continue
        if not exchange.ok or (exchange.status or 0) < 400:
            continue
        hit = _live_stack_hit(exchange, f"{exchange.method} {exchange.path}")
        if hit is not None:
            yield hit


@rule("NW0752", "live-framework-advertised-in-headers", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_framework_advertised_in_headers(record: ProbeRecord) -> Iterator[Hit]:
    """Responses advertise the framework (`X-Powered-By`) or the server's version (`Server`).

    ## What it checks
    `X-Powered-By` on the base page, the 404 and the malformed-JSON answer (Express sends `X-Powered-By:
    Express` unless disabled), and a `Server` header that carries a version number.

    ## Why it matters
    Free reconnaissance: the attacker learns which exploits and default configurations to try.

    ## How to fix
    `app.disable('x-powered-by')` (or `helmet()`), and strip versions from `Server` at the proxy.

    ## Example
    ```http
    HTTP/1.1 200 OK
    X-Powered-By: Express
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#reduce-fingerprinting
    """
    seen: set[str] = set()
    checked = [e for e in (record.page, record.step("not-found"), record.step("err-json")) if e is not None and e.ok]
    for exchange in checked:
        for name in ("x-powered-by", "server"):
            value = exchange.header(name)
            if value is None or (name == "server" and not LIVE_SERVER_VERSION.search(value)):
                continue
            key = f"{name}: {value}"
            if key in seen:
                continue
            seen.add(key)
            label = "X-Powered-By" if name == "x-powered-by" else "Server"
            yield fails_at(exchange, f"{label}: {value} advertises the software stack", snippet=f"{label}: {value}")
    if checked and not seen:
        yield holds(checked[0], "no X-Powered-By, no versioned Server header")


@rule("NW0753", "live-default-error-page", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_default_error_page(record: ProbeRecord) -> Iterator[Hit]:
    """Errors are answered by the framework's default error page: no custom error handler.

    ## What it checks
    The 404 page and the malformed-JSON answer: Express's finalhandler template (`<title>Error</title>` …
    `<pre>Cannot GET /x</pre>`, or `<pre>Bad Request</pre>` in production) fails as low. It is a framework
    fingerprint even in production, and a sign that errors are not handled by the app.

    ## Why it matters
    The default page names the framework, and an app without its own error handler usually also leaks stack
    traces the day `NODE_ENV` is wrong.

    ## How to fix
    Add a catch-all 404 handler and a four-argument error handler that answer in the app's own format.

    ## Example
    ```http
    HTTP/1.1 404 Not Found

    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
    <body><pre>Cannot GET /nodeward-probe-1a2b</pre></body></html>
    ```

    ## Use instead
    ```http
    HTTP/1.1 404 Not Found
    Content-Type: application/json; charset=utf-8

    {"error":"Not Found"}
    ```

    ## References
    - https://expressjs.com/en/starter/faq.html#how-do-i-handle-404-responses
    """
    checked = [e for e in (record.step("not-found"), record.step("err-json")) if e is not None and e.ok]
    pages = [(e, framework_error_page(e)) for e in checked]
    found = [(e, what) for e, what in pages if what]
    if found:
        exchange, what = found[0]
        also = f" (also on {', '.join(e.method + ' ' + e.path for e, _ in found[1:])})" if len(found) > 1 else ""
        yield fails_at(exchange, f"{exchange.status} answered by the {what}{also}", snippet=what)
    elif checked:
        yield holds(checked[0], "error responses come from the app's own handler")


@rule("NW0754", "live-exposed-endpoint", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=200)
def live_exposed_endpoint(record: ProbeRecord) -> Iterator[Hit]:
    """A debug, metrics or source-file endpoint is publicly reachable.

    ## What it checks
    One request each to `/metrics`, `/status`, `/api-docs`, `/swagger.json`, `/documentation/json`, `/.env`,
    `/.git/config`, `/package.json`, `/graphql` (introspection), `/debug` and `/__coverage__`. A finding needs the
    content signature (Prometheus `# HELP`, `<title>Express Status</title>`, `KEY=value` lines, `[core]`,
    `"dependencies"`, `"openapi"`, `__schema`...), never status 200 alone, and is dropped when the soft-404
    baseline page matches too. High for `.env` and `.git`, medium for metrics, status, package.json and
    introspection, low for API docs.

    ## Why it matters
    These pages hand out secrets, internal topology, dependency versions or the full API schema.

    ## How to fix
    Serve only a dedicated `public/` folder, and put metrics, status and docs behind authentication or on an
    internal port.

    ## Example
    ```http
    GET /metrics HTTP/1.1

    HTTP/1.1 200 OK
    Content-Type: text/plain; version=0.0.4

    # HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
    ```

    ## Use instead
    ```http
    GET /metrics HTTP/1.1

    HTTP/1.1 404 Not Found
    ```

    ## References
    - https://owasp.org/www-project-top-ten/2017/A6_2017-Security_Misconfiguration
    """
    baseline = record.step("not-found")
    for endpoint in EXPOSED_ENDPOINTS:
        exchange = record.step(f"exposed:{endpoint.path}")
        if exchange is None or not exchange.ok or exchange.status is None or exchange.status >= 400:
            continue
        if not endpoint.matches(exchange):  # type: ignore[operator]
            continue
        if baseline is not None and baseline.ok and baseline.status == 200 and endpoint.matches(baseline):  # type: ignore[operator]
            continue  # a soft-404 page that happens to match everything proves nothing
        yield fails_at(
            exchange,
            f"{endpoint.path} exposes {endpoint.what}",
            severity=LIVE_SEVERITY_BY_LABEL[endpoint.severity],
            snippet=exchange.text.strip().splitlines()[0][:120] if exchange.text.strip() else "",
        )
