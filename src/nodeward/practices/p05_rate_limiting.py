"""Practice 5: rate limiting, everywhere and above all on authentication routes (rules NW05nn)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter as ts

from nodeward.analysis.appmodel import App, AppModel, Middleware, Route, calls_within, module_identity
from nodeward.analysis.env_guards import ENV_GUARD, enclosing_env_condition, function_text, true_in_production
from nodeward.findings import Confidence, Finding, Severity
from nodeward.fix import Dependency, Edit, Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix.context import FixContext
from nodeward.fix.versions import CURRENT, install_note, manifest_for
from nodeward.js.extract import Call
from nodeward.js.values import Func, Obj, Ref, Unknown, Value
from nodeward.practices._evidence import fails_at
from nodeward.probe.record import ProbeRecord
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.targets import AppModelTarget, ProbeTarget

LIMITER_PACKAGES = frozenset(
    {
        "express-rate-limit",
        "rate-limiter-flexible",
        "express-slow-down",
        "express-brute",
        "express-limiter",
        "@fastify/rate-limit",
        "fastify-rate-limit",
        "koa-ratelimit",
        "koa2-ratelimit",
        "koa-better-ratelimit",
        "@nestjs/throttler",
        "nestjs-throttler",
        "hapi-rate-limit",
        "hapi-rate-limitor",
        "hapi-ratelimit",
        "limiter",
        "bottleneck",
    }
)
# A middleware we cannot see into but whose name says what it does (`authLimiter`, `throttle`, `bruteforce`).
LIMITER_NAME = re.compile(r"limit|throttl|brute|slowdown|slow_down", re.IGNORECASE)
AUTH_PATH = re.compile(
    r"(?:^|[/_.-])(?:log-?in|sign-?in|signin|logon|auth(?:enticate)?|tokens?|oauth|sessions?|password|passwd|"
    r"reset|forgot|otp|mfa|2fa|totp|verify|verification|register|sign-?up|signup)(?:$|[/_.:-])",
    re.IGNORECASE,
)
AUTH_METHODS = frozenset({"POST", "PUT", "PATCH", "ALL", "?"})
# Routes that end a session take no credential to guess (keystone's POST /api/session/signout), and payment
# "sessions" are not logins (ghost's POST /api/create-stripe-checkout-session): both were reported on real code.
LOGOUT_LAST_SEGMENT = re.compile(r"/(?:log-?out|sign-?out|log-?off)/?$", re.IGNORECASE)
NOT_AUTH_SEGMENT = re.compile(r"checkout|stripe|billing|payment|invoice|subscription", re.IGNORECASE)


def is_auth_path(path: str) -> bool:
    """Whether a route's full path names an authentication step (login, token, reset, OTP, register...)."""
    if LOGOUT_LAST_SEGMENT.search(path):
        return False
    kept = "/".join(seg for seg in path.split("/") if not NOT_AUTH_SEGMENT.search(seg))
    return AUTH_PATH.search(kept) is not None


def _is_limiter(value: Value, model: AppModel, depth: int = 0) -> bool:
    ident = module_identity(value)
    if ident is not None:
        pkg, path = ident
        if pkg in LIMITER_PACKAGES:
            return not path or path[-1] not in ("SkipThrottle",)
        if pkg.startswith("file:"):  # an unresolved export of a project file: judge by its name
            return bool(path) and bool(LIMITER_NAME.search(path[-1]))
    if isinstance(value, Ref):
        return bool(LIMITER_NAME.search(value.qualname))
    if isinstance(value, Unknown):
        return bool(LIMITER_NAME.search(value.text))
    if isinstance(value, Func):
        if value.name and LIMITER_NAME.search(value.name):
            return True
        # A hand-written middleware around rate-limiter-flexible & co: `limiter.consume(req.ip)` inside.
        if depth < 2:
            for call in calls_within(model.js, value):
                callee = call.callee
                if isinstance(callee, Ref) and callee.kind == "module" and callee.name in LIMITER_PACKAGES:
                    return True
    return False


def _limiters(model: AppModel) -> list[Middleware]:
    return [m for app in model.apps for m in app.middleware if _is_limiter(m.value, model)]


def _global_nest_throttler(model: AppModel) -> bool:
    if any(_is_limiter(guard, model) for guard, _ in model.nest_global_guards):
        return True
    return any(_is_limiter(m.value, model) for app in model.apps if app.framework == "nest" for m in app.middleware)


@rule("NW0501", "no-rate-limiting", on=AppModelTarget(), severity=Severity.MEDIUM, cwe=770)
def no_rate_limiting(model: AppModel) -> Iterator[Hit]:
    """The application has no rate limiter at all.

    ## What it checks
    A project that serves HTTP (Express, Fastify, Koa, NestJS or Hapi) and uses none of the usual limiters:
    express-rate-limit, rate-limiter-flexible (in a middleware of your own), express-slow-down, express-brute,
    @fastify/rate-limit, koa-ratelimit, @nestjs/throttler, hapi-rate-limit. Code that answers 429 Too Many
    Requests itself (`res.status(429)`, `reply.code(429)`, `new HttpException(msg, 429)`,
    `HttpStatus.TOO_MANY_REQUESTS`, `TooManyRequestsException`: a lockout after failed logins) is a limiter of its
    own. When a gateway or reverse proxy does the rate limiting, say so in `nodeward.toml` (`[rules] rate-limiting =
    "proxy"`) and the rule stands down.

    ## Why it matters
    Without a limit, a single client can guess passwords and one-time codes at full speed, enumerate accounts, scrape
    everything, and exhaust the server (CPU-heavy hashing on login makes this cheap for the attacker).

    ## How to fix
    Add a limiter in front of the application with a global budget, and a stricter one on the authentication
    routes. Use a shared store (Redis) when the app runs on more than one instance.

    - Express: express-rate-limit (`app.use(rateLimit({ windowMs: 60_000, limit: 100 }))`).
    - Fastify: `await fastify.register(require('@fastify/rate-limit'), { max: 100, timeWindow: '1 minute' })`.
    - Koa: koa-ratelimit.
    - Hapi: hapi-rate-limit.
    - NestJS: `ThrottlerModule.forRoot(...)` from @nestjs/throttler with the `ThrottlerGuard`.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.post('/login', (req, res) => res.send('ok'));
    ```

    ## Use instead
    ```js
    const express = require('express');
    const rateLimit = require('express-rate-limit');
    const app = express();
    app.use(rateLimit({ windowMs: 15 * 60 * 1000, limit: 300 }));
    app.post('/login', (req, res) => res.send('ok'));
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#prevent-brute-force-attacks-against-authorization
    - https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html#rate-limiting
    - CWE-770
    """
    servers = [a for a in model.servers if a.creation is not None or a.routes or a.mounts]
    if not servers:
        return
    if model.rate_limiting == "proxy":
        yield not_applicable("rate limiting is done by a proxy in front of the app (config rate-limiting = 'proxy')")
        return
    limiters = _limiters(model)
    if limiters:
        yield holds(limiters[0], "rate limiter registered" + _production_note(model, limiters[0]))
        return
    used = next((p for p in sorted(LIMITER_PACKAGES) if model.js.uses_module(p)), None)
    if used is not None:
        where = model.js.importers_of(used)[0].imports
        yield holds(next(i for i in where if i.module == used), f"{used} is used")
        return
    if model.nest_global_guards and _global_nest_throttler(model):
        return
    answered = _answers_too_many_requests(model)
    if answered is not None:
        yield holds(answered, "the application answers 429 Too Many Requests itself (a limiter or lockout of its own)")
        return
    for app in servers:
        yield fails(app, f"no rate limiter on this {app.framework} app (nor anywhere in the project)")


# What the fixes register, per framework (options checked against the installed packages on 2026-12-08):
# express-rate-limit 8 (`limit` replaced `max` in 7; standard RateLimit headers), koa-ratelimit 6 (memory driver:
# a Map; `duration` in ms, `max`), @fastify/rate-limit 11 (registered with `global: false`, then a route's
# `config.rateLimit`; the registration must be awaited before the routes are declared, or they are not limited).
AUTH_LIMITER = "authLimiter"
AUTH_LIMIT = "{rl}({{ windowMs: 15 * 60 * 1000, limit: 10, standardHeaders: 'draft-8', legacyHeaders: false }})"
APP_LIMIT = "{rl}({{ windowMs: 15 * 60 * 1000, limit: 300, standardHeaders: 'draft-8', legacyHeaders: false }})"
KOA_AUTH_LIMIT = "{rl}({{ driver: 'memory', db: new Map(), duration: 15 * 60 * 1000, max: 10 }})"
FASTIFY_AUTH_LIMIT = "{{ max: 10, timeWindow: '15 minutes' }}"
LIMITER_OF = {"express": "express-rate-limit", "koa": "koa-ratelimit", "fastify": "@fastify/rate-limit"}
LIMITER_LOCAL = {"express": "rateLimit", "koa": "ratelimit", "fastify": "rateLimit"}
# The modules that tell which framework a file's routes belong to (a router file imports only its router).
FRAMEWORK_MODULES = {
    "express": ("express",),
    "koa": ("koa", "@koa/router", "koa-router"),
    "fastify": ("fastify", "fastify-plugin"),
}
BEHIND_PROXY = {
    "express": (
        "behind a reverse proxy, set `app.set('trust proxy', 1)` (left as the app has it): otherwise every client "
        "shares the proxy's address and one limit"
    ),
    "koa": (
        "behind a reverse proxy, set `app.proxy = true` (left as the app has it): otherwise every client shares the "
        "proxy's address and one limit; the memory store counts per process (use the redis driver on several)"
    ),
    "fastify": (
        "behind a reverse proxy, create the app with `trustProxy` (left as the app has it): otherwise every client "
        "shares the proxy's address and one limit"
    ),
}


def _framework_file(ctx: FixContext, path: str) -> tuple[bytes, ts.Tree, str, str] | None:
    """(source, tree, manifest, framework) of a file whose routes belong to Express, Koa or Fastify (a Fastify
    plugin file imports nothing: its handlers take `(request, reply)`), None for other files."""
    data, tree, manifest = ctx.source(path), ctx.tree(path), manifest_for(ctx, path)
    if data is None or tree is None or manifest is None:
        return None
    modules = {m for m, _ in js_edit.imported_modules(tree).values()}
    for framework, names in FRAMEWORK_MODULES.items():
        if modules & set(names):
            return data, tree, manifest, framework
    if re.search(rb"\(\s*(?:request|req)\s*,\s*reply\s*\)", data):
        return data, tree, manifest, "fastify"
    return None


def _limiter_patch(title: str, path: str, manifest: str, edits: list, framework: str) -> Patch:
    package = LIMITER_OF[framework]
    return Patch(
        title,
        tuple(e for e in edits if e is not None),
        dependencies=(Dependency(manifest, package, CURRENT[package]),),
        notes=(install_note(manifest, [package]), f"{path}: {BEHIND_PROXY[framework]}"),
    )


@fix("NW0501", safe=False, why_unsafe="every client gets at most 300 requests per 15 minutes on every route")
def fix_no_rate_limiting(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """A global express-rate-limit on the app right after it is created (unsafe: a busy client gets 429s). When
    authentication routes are being fixed, their limiter makes the project use a limiter and this one is not needed."""
    if any(f.code == "NW0502" for f in ctx.findings) and not ctx.unsafe:
        return "answered by the limiter on the authentication routes (NW0502); --unsafe adds a global one too"
    path = finding.location.path
    found = _framework_file(ctx, path)
    call = js_edit.enclosing(ctx.node_at(finding.location), *js_edit.CALLS)
    if found is None or call is None or found[3] != "express":
        return None
    data, tree, manifest, framework = found
    name, statement = js_edit.declared_name(call), js_edit.statement_of(call)
    if name is None or statement is None:
        return None
    local, import_edit = js_edit.ensure_import(path, data, tree, "rateLimit", "express-rate-limit", before=statement)
    code = f"{name}.use({_quoted(data, APP_LIMIT.format(rl=local))}){js_edit.semicolon(data, tree)}"
    use = js_edit.insert_after_statement(path, data, statement, code)
    return _limiter_patch("rate-limit every route of the app", path, manifest, [import_edit, use], framework)


@fix("NW0502", safe=True)
def fix_auth_route_without_rate_limit(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """Express and Koa: an `authLimiter` (express-rate-limit or koa-ratelimit, 10 attempts per 15 minutes per
    client) defined once per file after its imports and passed as the first middleware of each authentication
    route. Fastify: @fastify/rate-limit registered (awaited, `global: false`) and `config.rateLimit` on the route."""
    path = finding.location.path
    found = _framework_file(ctx, path)
    call = js_edit.enclosing(ctx.node_at(finding.location), "call_expression")
    if found is None or call is None:
        return None
    data, tree, manifest, framework = found
    if framework == "fastify":
        return _fastify_route_limit(ctx, path, call, data, tree, manifest)
    args = js_edit.argument_list(call)
    if len(args) < 2 or args[0].type not in ("string", "template_string"):
        return None
    package = LIMITER_OF[framework]
    local, import_edit = js_edit.ensure_import(path, data, tree, LIMITER_LOCAL[framework], package)
    anchor = js_edit.last_import(tree, packages_first=False)
    if anchor is None:
        return None
    semi = js_edit.semicolon(data, tree)
    limit = (AUTH_LIMIT if framework == "express" else KOA_AUTH_LIMIT).format(rl=local)
    define: Edit | None = js_edit.insert_after_statement(
        path, data, anchor, f"const {AUTH_LIMITER} = {_quoted(data, limit)}{semi}"
    )
    if b"const " + AUTH_LIMITER.encode() in data:
        define = None  # an earlier run (or the developer) defined it
    use = js_edit.Edit(path, args[1].start_byte, args[1].start_byte, f"{AUTH_LIMITER}, ")
    title = "10 attempts per 15 minutes per client on this authentication route"
    return _limiter_patch(title, path, manifest, [import_edit, define, use], framework)


def _quoted(data: bytes, code: str) -> str:
    """The fix's code with its string literals in the file's quotes."""
    return code.replace("'", '"') if js_edit.quote_style(data) == '"' else code


_FASTIFY_TOP_LEVEL_CJS = (
    "the route is declared at the top of a CommonJS file: @fastify/rate-limit only limits routes declared after its "
    "registration has been awaited (`await fastify.register(rateLimit, ...)` in an async plugin or an ES module)"
)


def _fastify_route_limit(
    ctx: FixContext, path: str, call: ts.Node, data: bytes, tree: ts.Tree, manifest: str
) -> Patch | str | None:
    """`await app.register(rateLimit, { global: false })` once per scope (after the app is created there, else first
    in the async plugin function), and `config: { rateLimit: {...} }` in the route's options."""
    callee = call.child_by_field_name("function")
    owner = callee.child_by_field_name("object") if callee is not None and callee.type == "member_expression" else None
    statement = js_edit.statement_of(call)
    if owner is None or owner.type != "identifier" or statement is None or statement.parent is None:
        return None
    app, scope = js_edit.text_of(owner), statement.parent
    function = scope.parent if scope.type == "statement_block" else None
    is_async = function is not None and any(c.type == "async" for c in function.children)
    esm = any(s.type in ("import_statement", "export_statement") for s in tree.root_node.named_children)
    if not (is_async or (scope.type == "program" and esm)):
        return _FASTIFY_TOP_LEVEL_CJS
    options = _fastify_route_options(path, data, call)
    if options is None:
        return None
    local, import_edit = js_edit.ensure_import(path, data, tree, "rateLimit", "@fastify/rate-limit")
    edits: list[Edit | None] = [import_edit, options]
    semi = js_edit.semicolon(data, tree)
    if f".register({local}".encode() not in data:
        register = f"await {app}.register({local}, {{ global: false }}){semi}"
        created = next((s for s in scope.named_children if _declares(s, app)), None)
        if created is not None:
            edits.append(js_edit.insert_after_statement(path, data, created, register))
        elif function is not None:
            first = next((s for s in scope.named_children if s.type != "comment"), statement)
            indent = js_edit.line_indent(data, first.start_byte)
            edits.append(Edit(path, first.start_byte, first.start_byte, f"{register}\n{indent}"))
        else:
            return None
    title = "10 attempts per 15 minutes per client on this authentication route (@fastify/rate-limit)"
    return _limiter_patch(title, path, manifest, edits, "fastify")


def _declares(statement: ts.Node, name: str) -> bool:
    if statement.type not in ("lexical_declaration", "variable_declaration"):
        return False
    return any(
        d.type == "variable_declarator" and js_edit.text_of(d.child_by_field_name("name") or d) == name
        for d in statement.named_children
    )


def _fastify_route_options(path: str, data: bytes, call: ts.Node) -> Edit | None:
    """The edit that puts `config: { rateLimit: {...} }` into a Fastify route's options: a new options argument
    before the handler (`app.post('/login', handler)`), a new key of the options object (`app.post('/login',
    { schema }, handler)`, `app.route({ method, url, handler })`), or a key of its `config` object."""
    limit = _quoted(data, FASTIFY_AUTH_LIMIT.format())
    args = js_edit.argument_list(call)
    if len(args) == 2 and args[0].type in ("string", "template_string") and args[1].type != "object":
        return Edit(path, args[1].start_byte, args[1].start_byte, f"{{ config: {{ rateLimit: {limit} }} }}, ")
    options = next((a for a in args if a.type == "object"), None)
    if options is None:
        return None
    config = js_edit.find_property(options, "config")
    if config is None:
        return js_edit.add_properties(path, data, options, [f"config: {{ rateLimit: {limit} }}"])
    value = config.child_by_field_name("value")
    if value is None or value.type != "object" or js_edit.find_property(value, "rateLimit") is not None:
        return None
    return js_edit.add_properties(path, data, value, [f"rateLimit: {limit}"])


_STATUS_METHODS = frozenset({"status", "code", "sendStatus", "writeHead"})
_TOO_MANY = re.compile(r"TOO_MANY_REQUESTS|TooManyRequests")
_TEST_FILE = re.compile(r"\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|/)(?:test|tests|__tests__)/")


def _answers_too_many_requests(model: AppModel) -> Call | None:
    """A call that answers 429: `res.status(429)`, `reply.code(429)`, `new HttpException(msg, 429)`,
    `HttpStatus.TOO_MANY_REQUESTS`, `new TooManyRequestsException()`, `createError(429)`."""
    for module in model.js.modules:
        if _TEST_FILE.search(module.path):
            continue  # a test asserting a 429 is not the app answering one
        for call in module.calls:
            if call.member in _STATUS_METHODS and call.arg(0) == 429:
                return call
            if call.is_new and (429 in call.args or _TOO_MANY.search(call.callee_text)):
                return call
            if any(isinstance(a, Ref) and a.path and _TOO_MANY.search(a.path[-1]) for a in call.args):
                return call
            if isinstance(call.callee, Ref) and call.callee.is_module("http-errors") and call.arg(0) == 429:
                return call
    return None


def _route_limited(model: AppModel, app: App, route: Route) -> bool | None:
    """True when every way to reach the route passes a limiter; None when we cannot know (proxy mode)."""
    if app.framework == "nest":
        if any(_is_limiter(g, model) for g in route.chain if not _skips(g)):
            return True
        if any(_skips(g) for g in route.chain):
            return False
        return _global_nest_throttler(model)
    if app.framework == "hapi":
        plugins = route.options.get("plugins") if route.options is not None else None
        setting = plugins.get("hapi-rate-limit") if isinstance(plugins, Obj) else None
        if setting is not None:
            return not (isinstance(setting, Obj) and setting.get("enabled") is False) and setting is not False
        return any(_is_limiter(m.value, model) for m in app.middleware)
    if any(_is_limiter(v, model) for v in route.chain):
        return True
    fastify_cfg = route.options.lookup("config.rateLimit") if route.options is not None else None
    if app.framework == "fastify" and fastify_cfg is False:
        return False
    if app.framework == "fastify" and isinstance(fastify_cfg, Obj):
        return True
    for _path, middleware in model.reach(app, route):
        limiters = [m for m in middleware if _is_limiter(m.value, model)]
        if app.framework == "fastify":
            limiters = [m for m in limiters if not (isinstance(m.options, Obj) and m.options.get("global") is False)]
        if not limiters:
            return False
    return True


def _production_note(model: AppModel, limiter: Middleware) -> str:
    """A limiter registered only in production (`if (config.env === 'production') app.use('/v1/auth', limiter)`)
    or skipped outside it (`skip: () => env !== 'production'`) protects production: say so with the evidence."""
    condition = enclosing_env_condition(model.js, limiter.call)
    if condition is not None and true_in_production(condition):
        return f" (only when {condition}: production is protected)"
    value = limiter.value
    made = model.js.call_at(value.origin) if isinstance(value, Ref) and value.origin else None
    options = made.arg(0) if made is not None else None
    skip = options.get("skip") if isinstance(options, Obj) else None
    if isinstance(skip, Func) and ENV_GUARD.search(function_text(model.js, skip)):
        return " (skipped outside production: production is protected)"
    return ""


def _skips(value: Value) -> bool:
    ident = module_identity(value)
    return ident is not None and ident[1][-1:] == ("SkipThrottle",)


@rule("NW0502", "auth-route-without-rate-limit", on=AppModelTarget(), severity=Severity.HIGH, cwe=307)
def auth_route_without_rate_limit(model: AppModel) -> Iterator[Hit]:
    """An authentication route (login, token, password reset, OTP, register) is reachable without a rate limiter.

    ## What it checks
    Routes whose full path (mount prefixes included, across files) names an authentication step: login, signin,
    logon, auth, token, oauth, session, password, reset, forgot, otp, mfa, 2fa, totp, verify, register, signup;
    registered for POST/PUT/PATCH/ALL. The route is reported when at least one way to reach it passes no limiter: a
    global limiter (`app.use(limiter)`, a limiter on a parent router mounted over it, a Fastify `@fastify/rate-limit`
    registered globally, a NestJS `APP_GUARD` ThrottlerGuard) counts, as does one in the route's own middleware, a
    Fastify `config.rateLimit`, `@UseGuards(ThrottlerGuard)` / `@Throttle()` on the controller or method, or Hapi's
    `hapi-rate-limit` plugin. Middleware registered after the route does not count. `@SkipThrottle()` and
    `config: { rateLimit: false }` make a route unprotected. Skipped when `rate-limiting = "proxy"` is configured.

    ## Why it matters
    Authentication endpoints are where guessing pays: passwords, one-time codes, reset tokens and registration
    abuse all depend on the number of attempts an attacker gets.

    ## How to fix
    Put a strict limiter on these routes (for example 5-10 attempts per 15 minutes per IP and per account), in
    addition to any global one: `router.post('/login', authLimiter, login)`, `@Throttle({ default: { limit: 5,
    ttl: 60000 } })`, `config: { rateLimit: { max: 5, timeWindow: '1 minute' } }`.

    ## Example
    ```js file=src/app.js
    const express = require('express');
    const rateLimit = require('express-rate-limit');
    const auth = require('./routes/auth');
    const app = express();
    app.use('/auth', auth);
    app.use('/api', rateLimit({ limit: 100 }));
    ```
    ```js file=src/routes/auth.js
    const router = require('express').Router();
    router.post('/login', (req, res) => res.send('ok'));
    module.exports = router;
    ```

    ## Use instead
    ```js file=src/app.js
    const express = require('express');
    const rateLimit = require('express-rate-limit');
    const auth = require('./routes/auth');
    const app = express();
    app.use('/auth', rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 }), auth);
    ```
    ```js file=src/routes/auth.js
    const router = require('express').Router();
    router.post('/login', (req, res) => res.send('ok'));
    module.exports = router;
    ```

    ## References
    - https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
    - https://expressjs.com/en/advanced/best-practice-security.html#prevent-brute-force-attacks-against-authorization
    - CWE-307
    """
    if model.rate_limiting == "proxy":
        return
    for app, route in model.all_routes():
        if route.method not in AUTH_METHODS:
            continue
        paths = [p for p, _ in model.reach(app, route)] if app.framework != "nest" else [route.path]
        full = next((p for p in paths if p is not None and is_auth_path(p)), None)
        if full is None:
            continue
        limited = _route_limited(model, app, route)
        if limited:
            through = next(
                (m for _, chain in model.reach(app, route) for m in chain if _is_limiter(m.value, model)), None
            )
            note = _production_note(model, through) if through is not None else ""
            yield holds(route, f"{route.method} {full} is rate limited{note}")
        elif limited is False:
            yield fails(
                route,
                f"{route.method} {full} is an authentication route reachable without a rate limiter",
                confidence=Confidence.HIGH,
            )


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0550-NW0599): rate-limit headers in any dialect, then a capped burst that stops at the first 429.
# ---------------------------------------------------------------------------------------------------------------------

LIVE_AUTH_PATH = re.compile(r"log-?in|sign-?in|auth|token|password|session", re.IGNORECASE)


@rule(
    "NW0550",
    "live-rate-limiting-not-observed",
    on=ProbeTarget(),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=770,
)
def live_rate_limiting_not_observed(record: ProbeRecord) -> Iterator[Hit]:
    """No rate limit showed: no rate-limit headers, and no 429 within the probe's burst.

    ## What it checks
    First, rate-limit headers on any response the probe received, in any dialect: `X-RateLimit-*`
    (express-rate-limit's default), IETF draft-6 `RateLimit-Limit`, draft-7 `RateLimit: limit=…`, draft-8
    `RateLimit: "…"; r=…; t=…`. If there are none, a burst of sequential GETs (30 by default, at most 100) to the
    base page or the first `--path`, stopping at the first `429`. No 429 and no headers fails: low, medium when
    the burst path looks like a login. A 429 with a fractional `Retry-After` is reported as low (RFC 9110 §10.2.3
    wants whole seconds). With `--no-burst` and no headers nothing is concluded.

    ## Why it matters
    Without a limit, passwords can be guessed and expensive endpoints exhausted at the attacker's pace.

    ## How to fix
    Add express-rate-limit (or a limit at the proxy) with `standardHeaders: 'draft-8'`, and a stricter one on
    login and password-reset routes.

    ## Example
    ```http
    GET /login  (30 times)
    HTTP/1.1 200 OK  (30 times, no RateLimit headers)
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    RateLimit: "20-in-1min"; r=19; t=60
    RateLimit-Policy: "20-in-1min"; q=20; w=60
    ```

    ## References
    - https://express-rate-limit.mintlify.app/reference/configuration
    - https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
    """
    limited = next((e for e in record.burst if e.status == 429), None)
    if limited is None:
        limited = next((e for e in record.exchanges if e.status == 429), None)
    if limited is not None:
        retry = limited.header("retry-after")
        if retry is not None and re.fullmatch(r"\d+\.\d+", retry.strip()):
            yield fails_at(
                limited,
                f"429 with a non-integer Retry-After ({retry.strip()}): delay-seconds must be whole seconds",
                snippet=f"Retry-After: {retry}",
            )
        burst_n = f" after {len(record.burst)} burst requests" if limited in record.burst else ""
        yield holds(limited, f"rate limiting answered 429{burst_n}" + (f" (Retry-After: {retry})" if retry else ""))
        return
    if record.rate_limit is not None:
        exchange, info = record.rate_limit
        yield holds(exchange, f"rate-limit headers present ({info.describe()})")
        return
    burst = record.burst
    if not burst:
        return  # the burst was turned off: absence is not shown either way
    path = burst[0].path
    severity = Severity.MEDIUM if LIVE_AUTH_PATH.search(path) else Severity.LOW
    yield fails_at(
        burst[-1],
        f"rate limiting not observed within {len(burst)} requests to {path} (no 429, no rate-limit headers)",
        severity=severity,
        snippet=f"{len(burst)} × GET {path} → " + ", ".join(sorted({str(e.status) for e in burst})),
    )
