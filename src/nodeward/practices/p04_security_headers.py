"""Practice 4: security HTTP headers — helmet or an equivalent, no disabled protections, no X-Powered-By, sane CORS
(rules NW04nn)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nodeward.analysis.appmodel import App, AppModel, Middleware, calls_within, module_identity
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Dependency, Edit, Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix.context import FixContext
from nodeward.fix.versions import CURRENT, install_note, manifest_for
from nodeward.js.extract import JsProject
from nodeward.js.values import UNDEFINED, Arr, Func, Obj, Ref, Value
from nodeward.knowledge.auth import AUTH_LIBRARIES
from nodeward.knowledge.headers import (
    HEADER_MIDDLEWARE_PACKAGES,
    HEADER_SETTERS,
    HELMET_CALLS,
    HELMET_DEFAULTS,
    HELMET_HEADERS,
    HELMET_PLUGINS,
)
from nodeward.practices._evidence import fails_at
from nodeward.probe.exchange import Exchange
from nodeward.probe.grade import REFERRER_BAD, REFERRER_GOOD, csp_test, parse_hsts, scan_html, xfo_test
from nodeward.probe.record import ProbeRecord
from nodeward.rules import Hit, fails, holds, rule
from nodeward.rules.targets import AppModelTarget, JsFiles, ProbeTarget

# Packages that set the protective headers (the first element of a middleware's module identity).
HEADER_MIDDLEWARE = HEADER_MIDDLEWARE_PACKAGES
KEY_HEADERS = frozenset(
    {"content-security-policy", "strict-transport-security", "x-frame-options", "x-content-type-options"}
)


def _header_middleware(app: App, model: AppModel, depth: int = 0) -> list[Location]:
    """Where helmet (or an equivalent) is registered on the app or on a router mounted below it."""
    found = [m.location for m in app.middleware if (m.module or ("", ()))[0] in HEADER_MIDDLEWARE or _named_so(m)]
    if app.framework == "hapi":
        security = app.options.lookup("routes.security") if isinstance(app.options, Obj) else None
        if security is True or isinstance(security, Obj):
            found.append(app.location)
    if depth < 6:
        for mount in app.mounts:
            child = model.app(mount.child)
            if child is not None:
                found += _header_middleware(child, model, depth + 1)
    return found


# A middleware we cannot see into whose name says it sets the security headers (verdaccio's
# `setSecurityWebHeaders` from @verdaccio/middleware, a project's `securityHeaders`), as limiters are judged by name.
HEADERS_NAME = re.compile(r"security_?(?:web_?)?headers|secure_?headers|helmet", re.IGNORECASE)


def _named_so(m: Middleware) -> bool:
    ident = m.module
    if ident is not None and ident[1]:
        return bool(HEADERS_NAME.search(ident[1][-1]))
    value = m.value
    return isinstance(value, Ref | Func) and bool(
        HEADERS_NAME.search(value.qualname if isinstance(value, Ref) else value.name or "")
    )


def _manual_headers(js: JsProject) -> list[Location]:
    """`res.set('Strict-Transport-Security', ...)`, `ctx.set({...})`, `reply.header(...)` of a key header."""
    out = []
    for setter in HEADER_SETTERS:  # knowledge/headers.py
        for call in js.method_calls(setter.method):
            first = call.arg(0)
            names: list[str] = []
            if isinstance(first, str):
                names = [first]
            elif isinstance(first, Obj):
                names = first.keys()
            elif setter.takes == "status-object" and isinstance(call.arg(1), Obj):
                names = call.arg(1).keys()  # type: ignore[union-attr]
            if any(n.lower() in KEY_HEADERS for n in names):
                out.append(call.location)
    return out


@rule("NW0401", "no-security-headers-middleware", on=AppModelTarget(), severity=Severity.MEDIUM, cwe=693)
def no_security_headers_middleware(model: AppModel) -> Iterator[Hit]:
    """An application serves responses without helmet or an equivalent setting the security headers.

    ## What it checks
    Every application instance that serves responses (an Express app, a Fastify instance, a Koa app, a NestJS app,
    a Hapi server; routers and sub-apps mounted elsewhere are judged through their parent) must register helmet or
    an equivalent: `helmet` (Express, NestJS), `koa-helmet`, `@fastify/helmet`, `lusca`, Hapi's `routes.security`
    server option. Setting the key headers by hand (`res.set('Content-Security-Policy', ...)`,
    `Strict-Transport-Security`, `X-Frame-Options`, `X-Content-Type-Options`) also counts. The middleware may be
    registered in another file, on a router mounted below the app, or inside a setup function the app is passed to;
    Fastify plugins loaded by `@fastify/autoload` from a folder count, and so does the app fastify-cli makes from the
    file a `fastify start app.js` script names.

    ## Why it matters
    Without Content-Security-Policy, Strict-Transport-Security, X-Frame-Options and X-Content-Type-Options, browsers
    apply none of their defenses against cross-site scripting, clickjacking, protocol downgrade and MIME sniffing.
    None of the frameworks sets them by default.

    ## How to fix
    Register helmet (or the framework's helmet plugin) before the routes.

    - Express: `app.use(helmet())` right after `express()`.
    - Fastify: `await fastify.register(require('@fastify/helmet'))`.
    - Koa: `app.use(helmet())` with koa-helmet.
    - Hapi: `routes: { security: true }` in the server options, or the `blankie` plugin for a CSP.
    - NestJS: `app.use(helmet())` in `main.ts` before `app.listen()`.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.get('/', (req, res) => res.send('hello'));
    app.listen(3000);
    ```

    ## Use instead
    ```js
    const express = require('express');
    const helmet = require('helmet');
    const app = express();
    app.use(helmet());
    app.get('/', (req, res) => res.send('hello'));
    app.listen(3000);
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#use-helmet
    - https://helmetjs.github.io/
    - https://owasp.org/www-project-secure-headers/
    - CWE-693
    """
    manual = _manual_headers(model.js)
    for app in model.servers:
        if app.creation is None and app.made_by is None:
            continue
        found = _header_middleware(app, model)
        if found:
            yield holds(found[0], f"security headers middleware registered on the {app.framework} app")
        elif manual:
            yield holds(manual[0], "security headers set by hand")
        else:
            yield fails(
                app,
                f"this {_label(app)} app registers no helmet or equivalent: responses carry no security headers",
            )


# The helmet package of each framework's app, and how it is registered (`app.use(helmet())`, `app.register(helmet)`).
HELMET_OF = {
    "express": ("helmet", "{app}.use({helmet}())"),
    "koa": ("koa-helmet", "{app}.use({helmet}())"),
    "fastify": ("@fastify/helmet", "{app}.register({helmet})"),
}


def _created_app(finding: Finding, ctx: FixContext) -> tuple[str, str | None, object] | None:
    """(framework module, app variable, statement creating it) for an app found at the finding's location; for an
    Express app used without a variable (`create: () => express().set(...)`), (module, None, the creation call)."""
    tree = ctx.tree(finding.location.path)
    call = js_edit.enclosing(ctx.node_at(finding.location), *js_edit.CALLS)
    if tree is None or call is None:
        return None
    callee = call.child_by_field_name("function") or call.child_by_field_name("constructor")
    if callee is None:
        return None
    text = js_edit.text_of(callee)
    module = js_edit.imported_modules(tree).get(text, ("", None))[0]
    required = js_edit.required_module(text)
    module = required or module
    name = js_edit.declared_name(call)
    statement = js_edit.statement_of(call)
    if module == "express" and name is None:
        return module, None, call  # Express's use/disable return the app: `express().use(helmet())` chains
    if (
        module not in HELMET_OF
        or name is None
        or statement is None
        or statement.parent is None
        or statement.parent.type != "program"
    ):
        return None
    return module, name, statement


def _helmet_patch(finding: Finding, ctx: FixContext, title: str) -> Patch | None:
    created = _created_app(finding, ctx)
    data, tree = ctx.source(finding.location.path), ctx.tree(finding.location.path)
    manifest = manifest_for(ctx, finding.location.path)
    if created is None or data is None or tree is None or manifest is None:
        return None
    module, app, statement = created
    package, register = HELMET_OF[module]
    path = finding.location.path
    local, import_edit = js_edit.ensure_import(path, data, tree, "helmet", package, before=statement)  # type: ignore[arg-type]
    edits = [import_edit] if import_edit else []
    if app is None:
        end = statement.end_byte  # type: ignore[attr-defined]
        edits.append(Edit(path, end, end, f".use({local}())"))
    else:
        code = register.format(app=app, helmet=local) + js_edit.semicolon(data, tree)
        edits.append(js_edit.insert_after_statement(path, data, statement, code))  # type: ignore[arg-type]
    return Patch(
        title,
        tuple(edits),
        dependencies=(Dependency(manifest, package, CURRENT[package]),),
        notes=(install_note(manifest, [package]),),
    )


@fix("NW0401", safe=True)
def fix_no_security_headers_middleware(finding: Finding, ctx: FixContext) -> Patch | None:
    """Register helmet (koa-helmet, @fastify/helmet) right after the app is created, and add it to package.json."""
    return _helmet_patch(finding, ctx, "register helmet right after the app is created")


def _label(app: App) -> str:
    return {"express": "Express", "fastify": "Fastify", "koa": "Koa", "nest": "NestJS", "hapi": "Hapi"}.get(
        app.framework, app.framework
    )


@dataclass(frozen=True)
class _Feature:
    header: str
    severity: Severity


# The headers whose helmet options (knowledge/headers.py) NW0402 judges when set to false. The cross-origin isolation
# trio (COEP, COOP, CORP) and xssFilter are left out on purpose: turning COEP/COOP/CORP off is routine for apps that
# embed third-party content, open OAuth popups or serve assets to other origins (homebridge-config-ui-x), and
# X-XSS-Protection is deprecated (helmet sets 0). HSTS is left to NW0907 (practice 9, HTTPS only), which also judges
# a too-short max-age: one finding per mistake.
_FEATURE_SEVERITY = {
    "Content-Security-Policy": Severity.MEDIUM,
    "X-Frame-Options": Severity.MEDIUM,
    "X-Content-Type-Options": Severity.MEDIUM,
    "Referrer-Policy": Severity.LOW,
    "X-Powered-By": Severity.LOW,
    "X-DNS-Prefetch-Control": Severity.LOW,
    "X-Permitted-Cross-Domain-Policies": Severity.LOW,
}
HELMET_FEATURES = {
    key: _Feature(f"{h.header} removal" if h.header == "X-Powered-By" else h.header, _FEATURE_SEVERITY[h.header])
    for h in HELMET_HEADERS
    if h.header in _FEATURE_SEVERITY
    for key in h.options
}


def _plugin_registrations(js: JsProject, packages: tuple[str, ...]) -> Iterator[tuple[str, Value, Location]]:
    """(package, options, where) for `x.register(plugin, options)` of the given Fastify plugins."""
    for call in js.method_calls("register"):
        plugin = call.arg(0)
        plugin = js.resolve(plugin) if isinstance(plugin, Ref) else plugin
        ident = module_identity(plugin) if plugin is not None else None
        if ident is not None and ident[0] in packages and not ident[1]:
            yield ident[0], js.resolve(call.arg(1)), call.location


@rule("NW0402", "helmet-protection-disabled", on=JsFiles(), severity=Severity.MEDIUM, cwe=693)
def helmet_protection_disabled(js: JsProject) -> Iterator[Hit]:
    """helmet is used but one of its protections is switched off (`contentSecurityPolicy: false`, `hsts: false`...).

    ## What it checks
    Options passed to `helmet()` (Express, NestJS), `koa-helmet` and the `@fastify/helmet` plugin that turn a
    header off with `false`: Content-Security-Policy, X-Frame-Options and X-Content-Type-Options (medium),
    Referrer-Policy, X-Powered-By removal and the smaller ones (low). `frameguard: false` is not reported when the
    CSP sets `frameAncestors`, which supersedes X-Frame-Options in every current browser. `crossOriginEmbedderPolicy`,
    `crossOriginOpenerPolicy`, `crossOriginResourcePolicy: false` and `xssFilter: false` are not reported: the
    cross-origin isolation headers are compatibility choices (embedding third-party content, OAuth popups, assets
    served to other origins), the last turns off a deprecated header. `hsts: false` is reported by NW0907 (practice
    9), not twice.

    ## Why it matters
    Disabling a protection is often done once to silence a development problem (an inline script blocked by the
    CSP, HSTS on localhost) and then shipped. The application then lacks exactly the defense helmet was added for.

    ## How to fix
    Configure the protection instead of disabling it: give the CSP the sources the page needs
    (`contentSecurityPolicy: { directives: { ... } }`), enable HSTS in production only, use
    `frameguard: { action: 'sameorigin' }` when the app frames itself.

    ## Example
    ```js
    const express = require('express');
    const helmet = require('helmet');
    const app = express();
    app.use(helmet({ contentSecurityPolicy: false, frameguard: false }));
    ```

    ## Use instead
    ```js
    const express = require('express');
    const helmet = require('helmet');
    const app = express();
    app.use(helmet({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", 'cdn.example.com'] } } }));
    ```

    ## References
    - https://helmetjs.github.io/#reference
    - https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html
    - CWE-693
    """
    uses: list[tuple[str, Value, Location]] = []
    for package in HELMET_CALLS:
        uses += [(package, js.resolve(call.arg(0)), call.location) for call in js.calls_to(package)]
    uses += list(_plugin_registrations(js, HELMET_PLUGINS))
    for package, opts, where in uses:
        if not isinstance(opts, Obj):
            continue
        disabled = False
        framed_by_csp = isinstance(opts.lookup("contentSecurityPolicy.directives"), Obj) and any(
            opts.lookup(f"contentSecurityPolicy.directives.{key}") is not None
            for key in ("frameAncestors", "frame-ancestors")
        )
        for prop in opts.props:
            feature = HELMET_FEATURES.get(prop.key or "")
            if feature is not None and feature.header == "X-Frame-Options" and framed_by_csp:
                continue  # CSP frame-ancestors replaces X-Frame-Options
            if feature is not None and prop.value is False:
                disabled = True
                yield fails(
                    prop.location or where,
                    f"{package} option `{prop.key}: false` turns off {feature.header}",
                    severity=feature.severity,
                )
        if not disabled:
            yield holds(where, f"{package} used without disabling its protections")


_HEADER_SETTERS = ("setHeader", "set", "header", "append", "writeHead")
_CSP_HEADERS = frozenset({"content-security-policy", "content-security-policy-report-only"})


def _csp_weakness(directives: dict[str, list[str]]) -> str | None:
    """What lets an injected script run under this policy: the sources of `script-src` (else `default-src`)."""
    sources = directives.get("script-src", directives.get("default-src"))
    if sources is None:
        return None
    lowered = [x.lower() for x in sources]
    nonce_or_hash = any(x.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for x in lowered)
    if "'unsafe-inline'" in lowered and not nonce_or_hash:  # a nonce or hash makes browsers ignore unsafe-inline
        return "'unsafe-inline' lets any injected inline script run"
    if "'unsafe-eval'" in lowered:
        return "'unsafe-eval' lets injected text run through eval()"
    if any(x in ("*", "http:", "https:", "data:") for x in lowered):
        return f"{next(x for x in lowered if x in ('*', 'http:', 'https:', 'data:'))} allows scripts from any host"
    return None


def _csp_directives(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in text.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def _helmet_directives(opts: Obj) -> dict[str, list[str]] | None:
    directives = opts.lookup("directives")
    directives = directives if isinstance(directives, Obj) else opts.lookup("contentSecurityPolicy.directives")
    if not isinstance(directives, Obj):
        return None
    out: dict[str, list[str]] = {}
    for prop in directives.props:
        name = re.sub(r"(?<!^)([A-Z])", r"-\1", prop.key or "").lower()
        values = prop.value.items if isinstance(prop.value, Arr) else (prop.value,)
        out[name] = [v for v in values if isinstance(v, str)]
    return out


@rule("NW0406", "weak-content-security-policy", on=JsFiles(), severity=Severity.MEDIUM, cwe=693)
def weak_content_security_policy(js: JsProject) -> Iterator[Hit]:
    """A Content-Security-Policy written by hand (or given to helmet) lets injected scripts run.

    ## What it checks
    A `Content-Security-Policy` header set with `res.setHeader`/`res.set`/`res.header`/`res.append`/`res.writeHead`
    (Express, Node.js), `reply.header` (Fastify), `ctx.set` (Koa) or `h.response().header` (Hapi), and the
    `directives` given to helmet (`helmet({ contentSecurityPolicy: { directives } })`,
    `helmet.contentSecurityPolicy({ directives })`), whose `script-src` (or, without one, `default-src`) contains
    `'unsafe-inline'` without a nonce or hash, `'unsafe-eval'`, or a source that matches any host (`*`, `https:`,
    `data:`).

    ## Why it matters
    The CSP is the last line against XSS: with `'unsafe-inline'` an injected `<script>` or `onerror=` runs as if the
    policy were absent; `'unsafe-eval'` lets injected strings reach `eval`; a wildcard source loads the attacker's
    script from anywhere.

    ## How to fix
    Move inline scripts to files, or allow them with a per-response nonce (`'nonce-<random>'`) or a hash; drop
    `'unsafe-eval'`; list the hosts scripts come from.

    ## Example
    ```js
    app.use((req, res, next) => {
      res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'");
      next();
    });
    ```

    ## Use instead
    ```js
    app.use((req, res, next) => {
      res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'");
      next();
    });
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP
    - https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html
    - CWE-693
    """
    policies: list[tuple[dict[str, list[str]], Location]] = []
    for member in _HEADER_SETTERS:
        for call in js.method_calls(member):
            name, value = js.resolve(call.arg(0)), js.resolve(call.arg(1))
            pairs: list[tuple[object, object]] = [(name, value)]
            for candidate in (name, value):  # `res.set({ ... })`, `res.writeHead(200, { ... })`
                if isinstance(candidate, Obj):
                    pairs += [(prop.key, prop.value) for prop in candidate.props]
            for key, text in pairs:
                if isinstance(key, str) and key.lower() in _CSP_HEADERS and isinstance(text, str):
                    policies.append((_csp_directives(text), call.location))
    for package in HELMET_CALLS:
        for call in (*js.calls_to(package), *js.calls_to(package, "contentSecurityPolicy")):
            opts = js.resolve(call.arg(0))
            directives = _helmet_directives(opts) if isinstance(opts, Obj) else None
            if directives is not None:
                policies.append((directives, call.location))
    for directives, where in policies:
        weakness = _csp_weakness(directives)
        if weakness is not None:
            yield fails(where, f"Content-Security-Policy: {weakness}")
        else:
            yield holds(where, "Content-Security-Policy set without unsafe script sources")


@rule("NW0403", "x-powered-by-not-disabled", on=AppModelTarget(), severity=Severity.LOW, cwe=200)
def x_powered_by_not_disabled(model: AppModel) -> Iterator[Hit]:
    """An Express (or NestJS on Express) app announces `X-Powered-By: Express` and helmet is not there to remove it.

    ## What it checks
    Express apps, and NestJS apps on the default Express platform, that neither register helmet (which removes the
    header) nor call `app.disable('x-powered-by')` / `app.set('x-powered-by', false)`. Fastify, Koa and Hapi do not
    send the header.

    ## Why it matters
    `X-Powered-By: Express` tells every client, and every scanner, which framework serves the site, and so which
    published vulnerabilities to try first.

    ## How to fix
    Call `app.disable('x-powered-by')` right after creating the app, or register helmet.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.get('/', (req, res) => res.send('ok'));
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.disable('x-powered-by');
    app.get('/', (req, res) => res.send('ok'));
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#reduce-fingerprinting
    - CWE-200
    """
    for app in model.servers:
        if app.framework not in ("express", "nest") or app.creation is None:
            continue
        if app.framework == "nest" and _nest_on_fastify(app):
            continue
        if _header_middleware(app, model):
            continue
        disabled = [
            c
            for c in app.method_calls("disable")
            if isinstance(c.arg(0), str) and c.arg(0).lower() == "x-powered-by"  # type: ignore[union-attr]
        ]
        disabled += [
            c
            for c in app.method_calls("set")
            if isinstance(c.arg(0), str) and c.arg(0).lower() == "x-powered-by" and c.arg(1) is False  # type: ignore[union-attr]
        ]
        if disabled:
            yield holds(disabled[0], "X-Powered-By disabled")
        else:
            yield fails(app, "X-Powered-By is sent: call app.disable('x-powered-by') or register helmet")


@fix("NW0403", safe=True)
def fix_x_powered_by_not_disabled(finding: Finding, ctx: FixContext) -> Patch | None:
    """The helmet fix when NW0401 is being fixed on the same app (helmet removes the header); else
    `app.disable('x-powered-by')` right after the app is created."""
    if any(f.code == "NW0401" and f.location == finding.location for f in ctx.findings):
        return _helmet_patch(finding, ctx, "register helmet (it removes X-Powered-By)")
    created = _created_app(finding, ctx)
    data, tree = ctx.source(finding.location.path), ctx.tree(finding.location.path)
    if created is None or data is None or tree is None:
        return None
    _module, app, statement = created
    off = js_edit.string_literal(data, "x-powered-by")
    if app is None:
        end = statement.end_byte  # type: ignore[attr-defined]
        edit = Edit(finding.location.path, end, end, f".disable({off})")
    else:
        code = f"{app}.disable({off}){js_edit.semicolon(data, tree)}"
        edit = js_edit.insert_after_statement(finding.location.path, data, statement, code)  # type: ignore[arg-type]
    return Patch("disable the X-Powered-By header", (edit,))


def _nest_on_fastify(app: App) -> bool:
    adapter = app.creation.arg(1) if app.creation is not None else None
    return isinstance(adapter, Ref) and adapter.kind == "module" and adapter.name == "@nestjs/platform-fastify"


# --- CORS -----------------------------------------------------------------------------------------------------------

CORS_CALLS = ("cors", "@koa/cors", "koa2-cors", "kcors")
CORS_PLUGINS = ("@fastify/cors", "fastify-cors")
# Libraries that answer `origin: '*'` + credentials by reflecting the request's Origin (read in @koa/cors 5).
REFLECT_STAR_WITH_CREDENTIALS = frozenset({"@koa/cors", "koa2-cors", "kcors", "hapi"})


@dataclass(frozen=True)
class CorsConfig:
    package: str
    options: Value
    location: Location


def _cors_configs(js: JsProject, model: AppModel) -> Iterator[CorsConfig]:
    for package in CORS_CALLS:
        for call in js.calls_to(package):
            yield CorsConfig(package, js.resolve(call.arg(0)) if call.args else UNDEFINED, call.location)
    for package, opts, where in _plugin_registrations(js, CORS_PLUGINS):
        yield CorsConfig(package, UNDEFINED if opts is None else opts, where)
    for app in model.apps:
        if app.framework == "nest":
            for call in app.method_calls("enableCors"):
                opts = js.resolve(call.arg(0)) if call.args else UNDEFINED
                yield CorsConfig("NestJS enableCors", opts, call.location)
            opts = app.options
            if isinstance(opts, Obj) and opts.has("cors"):
                cors = opts.get("cors")
                where = opts.prop("cors").location or app.location  # type: ignore[union-attr]
                yield CorsConfig("NestJS cors option", UNDEFINED if cors is True else cors, where)
        elif app.framework == "hapi":
            opts = app.options
            cors = opts.lookup("routes.cors") if isinstance(opts, Obj) else None
            if cors is not None and cors is not False:
                yield CorsConfig("hapi", UNDEFINED if cors is True else cors, app.location)
            for route in app.routes:
                cors = route.options.get("cors") if route.options is not None else None
                if cors is not None and cors is not False:
                    yield CorsConfig("hapi", UNDEFINED if cors is True else cors, route.location)


def _always_allows(js: JsProject, func: Func) -> bool:
    """An origin callback `(origin, cb) => cb(null, true)` (or `cb(null, origin)`) that never refuses."""
    if len(func.params) < 2:
        return False
    cb = f"{func.file}:{func.start_byte}:1"
    origin = f"{func.file}:{func.start_byte}:0"
    answers = [c for c in calls_within(js, func) if isinstance(c.callee, Ref) and c.callee.name == cb]
    if not answers:
        return False
    for c in answers:
        allowed = c.arg(1)
        reflects = isinstance(allowed, Ref) and allowed.kind == "param" and allowed.name == origin and not allowed.path
        if c.arg(0) is not None or not (allowed is True or reflects):
            return False
    return True


@rule("NW0404", "cors-any-origin-with-credentials", on=AppModelTarget(), severity=Severity.HIGH, cwe=942)
def cors_any_origin_with_credentials(model: AppModel) -> Iterator[Hit]:
    """CORS lets any origin make credentialed requests (reflected origin, always-allow callback, `*` + credentials).

    ## What it checks
    CORS configurations with `credentials: true` whose origin accepts every site: `origin: true` (the request's
    Origin is reflected), an origin callback that always answers `callback(null, true)` or echoes the origin, and
    `origin: '*'` (or no origin) — which @koa/cors and Hapi turn into a reflected origin when credentials are on,
    and which the other libraries send as an invalid header. Covers `cors` (Express, NestJS), `app.enableCors()`
    and the `cors` option of `NestFactory.create`, `@koa/cors`, `@fastify/cors`, and Hapi's `cors` route option.

    ## Why it matters
    With a reflected origin and credentials, any web page a logged-in user visits can call the API with the user's
    cookies and read the answers: account data, CSRF tokens, everything the user can see.

    ## How to fix
    List the origins that may call the API (`origin: ['https://app.example.com']`), or check the origin against
    such a list in the callback and refuse the others.

    ## Example
    ```js
    const express = require('express');
    const cors = require('cors');
    const app = express();
    app.use(cors({ origin: true, credentials: true }));
    ```

    ## Use instead
    ```js
    const express = require('express');
    const cors = require('cors');
    const app = express();
    app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
    ```

    ## References
    - https://portswigger.net/web-security/cors
    - https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing
    - https://github.com/expressjs/cors#configuration-options
    - CWE-942
    """
    js = model.js
    for cfg in _cors_configs(js, model):
        opts = cfg.options
        if not isinstance(opts, Obj):
            continue
        credentials = opts.get("credentials")
        if credentials is not True:
            continue
        origin_prop = opts.prop("origin")
        origin = origin_prop.value if origin_prop is not None else UNDEFINED
        if isinstance(origin, Arr) and origin.items == ("*",):
            origin = "*"
        where = origin_prop.location if origin_prop is not None and origin_prop.location else cfg.location
        if origin is True:
            yield fails(where, f"{cfg.package}: `origin: true` reflects any origin while credentials are allowed")
        elif isinstance(origin, Func) and _always_allows(js, origin):
            yield fails(where, f"{cfg.package}: the origin callback allows every origin while credentials are allowed")
        elif origin in ("*", UNDEFINED):
            if cfg.package in REFLECT_STAR_WITH_CREDENTIALS:
                yield fails(
                    where, f"{cfg.package}: origin '*' with credentials reflects the request's origin to any site"
                )
            else:
                yield fails(
                    where,
                    f"{cfg.package}: origin '*' with credentials: browsers refuse it, and the usual 'fix' (reflecting"
                    " the origin) opens the API to every site; list the allowed origins",
                    severity=Severity.MEDIUM,
                )


@rule(
    "NW0405",
    "cors-wide-open-on-authenticated-api",
    on=AppModelTarget(),
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    cwe=942,
    profile="audit",
)
def cors_wide_open_on_authenticated_api(model: AppModel) -> Iterator[Hit]:
    """CORS allows every origin (`cors()` defaults, `origin: '*'`) on an API that authenticates its users.

    ## What it checks
    A CORS configuration without an origin list (`cors()`, `origin: '*'`, `enableCors()` with no options,
    `@fastify/cors` and `@koa/cors` defaults) in a project that uses an authentication or session library
    (passport, express-session, cookie-session, jsonwebtoken, express-jwt, @nestjs/passport, @fastify/jwt,
    koa-jwt, @hapi/jwt...). Credentialed wildcards are NW0404's concern; this is the audit-profile reminder that an
    authenticated API rarely needs to be callable from every site.

    ## Why it matters
    Browsers do not send cookies with wildcard CORS, so the direct risk is limited; but tokens kept in JavaScript
    are sent by any page that gets hold of them, and a wildcard is usually the first step towards the reflected
    origin that NW0404 reports. It also removes a layer of defense for anything reachable without credentials
    (intranet addresses, IP-based allow lists).

    ## How to fix
    Give CORS the list of front-end origins that call the API: `cors({ origin: ['https://app.example.com'] })`.

    ## Example
    ```js
    const express = require('express');
    const cors = require('cors');
    const passport = require('passport');
    const app = express();
    app.use(cors());
    app.use(passport.initialize());
    ```

    ## Use instead
    ```js
    const express = require('express');
    const cors = require('cors');
    const passport = require('passport');
    const app = express();
    app.use(cors({ origin: ['https://app.example.com'] }));
    app.use(passport.initialize());
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS
    - https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing
    - CWE-942
    """
    js = model.js
    imported = sorted({i.module for m in js.modules for i in m.imports if i.module})
    auth = next((name for row in AUTH_LIBRARIES for name in imported if row.matches(name)), None)
    if auth is None:
        return
    for cfg in _cors_configs(js, model):
        opts = cfg.options
        if opts is UNDEFINED or opts is None:
            origin: Value = UNDEFINED
        elif isinstance(opts, Obj):
            if opts.get("credentials") is True:
                continue  # NW0404
            if opts.open and not opts.has("origin"):
                continue
            origin = opts.get("origin", UNDEFINED)  # type: ignore[assignment]
        else:
            continue
        if isinstance(origin, Arr) and origin.items == ("*",):
            origin = "*"
        if origin in ("*", UNDEFINED):
            yield fails(cfg.location, f"{cfg.package} allows every origin on an API that uses {auth}")


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0450-NW0499): judged on the base page the probe fetched, never on error pages (Express's
# finalhandler adds a CSP and nosniff to its own error pages, spec probe.md §1).
# ---------------------------------------------------------------------------------------------------------------------

# helmet 8 defaults (knowledge/headers.py): header → value helmet() sends.
LIVE_HELMET_DEFAULTS = HELMET_DEFAULTS
LIVE_CSP_SEVERITY = {
    "csp-not-implemented": (Severity.MEDIUM, "no Content-Security-Policy header"),
    "csp-not-implemented-but-reporting-enabled": (Severity.MEDIUM, "only Content-Security-Policy-Report-Only is sent"),
    "csp-header-invalid": (Severity.MEDIUM, "the Content-Security-Policy header cannot be parsed"),
    "csp-implemented-with-unsafe-inline": (
        Severity.HIGH,
        "the CSP lets scripts run inline (`'unsafe-inline'` without nonce or hash, `data:` or a broad source), "
        "or leaves object-src unrestricted",
    ),
    "csp-implemented-with-insecure-scheme": (Severity.HIGH, "the CSP loads scripts or styles over plain http:"),
    "csp-implemented-with-unsafe-eval": (Severity.LOW, "the CSP allows `'unsafe-eval'`"),
    "csp-implemented-with-insecure-scheme-in-passive-content-only": (
        Severity.LOW,
        "the CSP loads images or media over plain http:",
    ),
}


@rule("NW0450", "live-missing-content-security-policy", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=1021)
def live_missing_content_security_policy(record: ProbeRecord) -> Iterator[Hit]:
    """The base page has no Content-Security-Policy, or one that still allows inline script.

    ## What it checks
    The `Content-Security-Policy` header (and `<meta http-equiv>`) of the base page, with the MDN HTTP
    Observatory's algorithm: missing, report-only or unparsable fails (medium); `'unsafe-inline'` without a nonce
    or hash, `data:` or a scheme-wide source in `script-src`, or an unrestricted `object-src` fails (high);
    `'unsafe-eval'` is low. `'unsafe-inline'` only in `style-src` (helmet's default) passes.

    ## Why it matters
    A CSP is the second line of defence against cross-site scripting: injected markup cannot run script the
    policy does not allow.

    ## How to fix
    Send a policy: `app.use(helmet())` gives a strict default; allow inline scripts only by nonce or hash.

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Content-Security-Policy: default-src 'self';object-src 'none';script-src 'self';base-uri 'self'
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP
    - https://github.com/mdn/mdn-http-observatory/blob/main/src/analyzer/tests/csp.js
    """
    page = record.page
    if page is None:
        return
    result = csp_test(page.response_headers, scan_html(page.text) if "html" in page.media_type else None).result
    if result in LIVE_CSP_SEVERITY:
        severity, message = LIVE_CSP_SEVERITY[result]
        csp = page.header("content-security-policy")
        yield fails_at(page, message, severity=severity, snippet=f"Content-Security-Policy: {csp}" if csp else "")
    else:
        note = " ('unsafe-inline' only in style-src, as helmet's default)" if "style-src-only" in result else ""
        yield holds(page, f"Content-Security-Policy sent ({result}){note}")


@rule("NW0451", "live-missing-nosniff", on=ProbeTarget(), severity=Severity.LOW, cwe=693)
def live_missing_nosniff(record: ProbeRecord) -> Iterator[Hit]:
    """The base page does not turn MIME sniffing off.

    ## What it checks
    `X-Content-Type-Options` on the base page: it passes only when it is exactly `nosniff` (any case).

    ## Why it matters
    Without it a browser may guess a response's type and run an uploaded text file as script or style.

    ## How to fix
    Send `X-Content-Type-Options: nosniff` on every response (`helmet()` does).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    X-Content-Type-Options: nosniff
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options
    """
    page = record.page
    if page is None:
        return
    value = page.header("x-content-type-options")
    if value is None:
        yield fails_at(page, "no X-Content-Type-Options header")
    elif value.strip().lower() != "nosniff":
        yield fails_at(
            page, f"X-Content-Type-Options is {value!r}, not nosniff", snippet=f"X-Content-Type-Options: {value}"
        )
    else:
        yield holds(page, "X-Content-Type-Options: nosniff")


@rule("NW0452", "live-missing-frame-protection", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=1021)
def live_missing_frame_protection(record: ProbeRecord) -> Iterator[Hit]:
    """The base page can be framed by any site (clickjacking).

    ## What it checks
    `X-Frame-Options` `DENY`/`SAMEORIGIN`, or a CSP header with a `frame-ancestors` directive that is not
    scheme-wide. Neither, or an invalid X-Frame-Options, fails; the obsolete `ALLOW-FROM` is low.

    ## Why it matters
    A page that any site can frame can be overlaid with a decoy so that users click buttons they cannot see.

    ## How to fix
    Send `Content-Security-Policy: frame-ancestors 'self'` and `X-Frame-Options: SAMEORIGIN` (`helmet()` does both).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    X-Frame-Options: SAMEORIGIN
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors
    """
    page = record.page
    if page is None:
        return
    result = xfo_test(page.response_headers)
    value = page.header("x-frame-options")
    if result.result == "x-frame-options-not-implemented":
        yield fails_at(page, "neither X-Frame-Options nor a CSP frame-ancestors directive")
    elif result.result == "x-frame-options-header-invalid":
        yield fails_at(
            page, f"X-Frame-Options {value!r} is not DENY or SAMEORIGIN", snippet=f"X-Frame-Options: {value}"
        )
    elif result.result == "x-frame-options-allow-from-origin":
        yield fails_at(
            page, "X-Frame-Options ALLOW-FROM is obsolete and ignored by browsers", severity=Severity.LOW,
            snippet=f"X-Frame-Options: {value}",
        )  # fmt: skip
    else:
        via = "CSP frame-ancestors" if result.result.endswith("via-csp") else f"X-Frame-Options: {value}"
        yield holds(page, f"framing restricted ({via})")


@rule("NW0453", "live-unsafe-referrer-policy", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_unsafe_referrer_policy(record: ProbeRecord) -> Iterator[Hit]:
    """The base page's Referrer-Policy leaks full URLs to other sites.

    ## What it checks
    `Referrer-Policy` on the base page, the last valid token winning: `origin`, `origin-when-cross-origin`,
    `unsafe-url` and `no-referrer-when-downgrade` fail (low), as does an invalid value. No header passes (the
    browser default `strict-origin-when-cross-origin` applies).

    ## Why it matters
    URLs carry tokens, search terms and IDs; a loose policy hands them to every third party a page links to.

    ## How to fix
    Send `Referrer-Policy: no-referrer` or `strict-origin-when-cross-origin` (`helmet()` sends `no-referrer`).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Referrer-Policy: unsafe-url
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Referrer-Policy: no-referrer
    ```

    ## References
    - https://www.w3.org/TR/referrer-policy/
    """
    page = record.page
    if page is None:
        return
    values = page.headers("referrer-policy")
    if not values:
        yield holds(page, "Referrer-Policy left to the browser default, strict-origin-when-cross-origin (safe)")
        return
    tokens = [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
    valid = [t for t in tokens if t in REFERRER_GOOD or t in REFERRER_BAD]
    snippet = f"Referrer-Policy: {', '.join(values)}"
    if not valid:
        yield fails_at(page, f"Referrer-Policy {', '.join(values)!r} is not a valid policy", snippet=snippet)
    elif valid[-1] in REFERRER_BAD:
        yield fails_at(page, f"Referrer-Policy {valid[-1]} sends full URLs or origins to other sites", snippet=snippet)
    else:
        yield holds(page, f"Referrer-Policy: {valid[-1]}")


@rule("NW0454", "live-missing-hsts", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=319)
def live_missing_hsts(record: ProbeRecord) -> Iterator[Hit]:
    """The HTTPS site does not send a valid Strict-Transport-Security header.

    ## What it checks
    On the HTTPS base page only (browsers ignore HSTS over plain HTTP, RFC 6797 §8.1): a single
    `Strict-Transport-Security` header with `max-age` of at least six months (15552000 s). Missing, without
    `max-age`, or sent twice fails (medium); a shorter max-age is low. Without HTTPS, NW0950 decides instead.

    ## Why it matters
    Without HSTS the first request of a visit can go over plain HTTP, where an attacker on the network can strip
    TLS and read or change everything.

    ## How to fix
    Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` (`helmet()` does).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    ```

    ## References
    - https://www.rfc-editor.org/rfc/rfc6797
    """
    page = record.https_page
    if page is None:
        return
    facts = parse_hsts(page.response_headers, https=True, cert_valid=True)
    snippet = f"Strict-Transport-Security: {', '.join(page.headers('strict-transport-security'))}"
    if facts.result == "hsts-not-implemented":
        yield fails_at(page, "no Strict-Transport-Security header on the HTTPS page", snippet="")
    elif facts.result == "hsts-header-invalid":
        yield fails_at(
            page, "Strict-Transport-Security is invalid (no max-age, or sent more than once)", snippet=snippet
        )
    elif facts.result == "hsts-implemented-max-age-less-than-six-months":
        yield fails_at(
            page, f"HSTS max-age {facts.max_age} s is under six months (15552000 s)", severity=Severity.LOW,
            snippet=snippet,
        )  # fmt: skip
    else:
        yield holds(
            page, f"HSTS max-age {facts.max_age} s" + ("; includeSubDomains" if facts.include_subdomains else "")
        )


@rule("NW0455", "live-invalid-cross-origin-policy", on=ProbeTarget(), severity=Severity.LOW, cwe=693)
def live_invalid_cross_origin_policy(record: ProbeRecord) -> Iterator[Hit]:
    """A cross-origin isolation header (COOP, CORP, COEP) has a value browsers ignore.

    ## What it checks
    `Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy` and `Cross-Origin-Embedder-Policy` on the base
    page. A valid protective value is evidence; an invalid value fails (low). A missing header is not a finding:
    the Observatory scores it 0, and COEP is off in helmet by default.

    ## Why it matters
    A misspelt value gives no isolation at all, while the code looks as if it did.

    ## How to fix
    Use the exact values: COOP `same-origin`, CORP `same-origin` or `same-site`, COEP `require-corp` or
    `credentialless` (helmet sets COOP and CORP).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Cross-Origin-Opener-Policy: same_origin
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Cross-Origin-Opener-Policy: same-origin
    Cross-Origin-Resource-Policy: same-origin
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Cross-Origin_Resource_Policy
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Opener-Policy
    """
    page = record.page
    if page is None:
        return
    valid = {
        "cross-origin-opener-policy": (
            "same-origin",
            "same-origin-allow-popups",
            "noopener-allow-popups",
            "unsafe-none",
        ),
        "cross-origin-resource-policy": ("same-origin", "same-site", "cross-origin"),
        "cross-origin-embedder-policy": ("require-corp", "credentialless", "unsafe-none"),
    }
    protective = ("same-origin", "same-site", "require-corp", "credentialless", "same-origin-allow-popups",
                  "noopener-allow-popups")  # fmt: skip
    for header, allowed in valid.items():
        value = page.header(header)
        if value is None:
            continue
        token = value.strip().lower().split(";")[0].strip()
        if token not in allowed:
            yield fails_at(page, f"{header} {value!r} is not a valid value", snippet=f"{header}: {value}")
        elif token in protective:
            yield holds(page, f"{header}: {token}")


@rule("NW0456", "live-helmet-baseline-incomplete", on=ProbeTarget(), severity=Severity.INFO, cwe=693)
def live_helmet_baseline_incomplete(record: ProbeRecord) -> Iterator[Hit]:
    """The base page lacks some of the headers helmet sends by default.

    ## What it checks
    Which of helmet 8's default headers the base page is missing: CSP, COOP, CORP, Origin-Agent-Cluster,
    Referrer-Policy, HSTS (on HTTPS), X-Content-Type-Options, X-DNS-Prefetch-Control, X-Download-Options,
    X-Frame-Options, X-Permitted-Cross-Domain-Policies and X-XSS-Protection. Info: the other rules judge the
    headers that matter most.

    ## Why it matters
    The helmet baseline is cheap and closes many small gaps at once; a list of what is missing shows whether
    helmet runs at all (its fingerprint is `Origin-Agent-Cluster: ?1` with `X-DNS-Prefetch-Control: off`).

    ## How to fix
    `app.use(helmet())` early in the middleware chain, before routes and static files.

    ## Example
    ```http
    HTTP/1.1 200 OK
    X-Powered-By: Express
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Origin-Agent-Cluster: ?1
    X-DNS-Prefetch-Control: off
    X-Download-Options: noopen
    X-XSS-Protection: 0
    ```

    ## References
    - https://helmetjs.github.io/
    """
    page = record.page
    if page is None:
        return
    missing = [
        h
        for h in LIVE_HELMET_DEFAULTS
        if not page.has_header(h) and not (h == "strict-transport-security" and page.scheme != "https")
    ]
    if missing:
        yield fails_at(page, f"{len(missing)} helmet default header(s) missing: {', '.join(missing)}")
    else:
        yield holds(page, "every helmet default header is present")


@rule("NW0457", "live-cors-reflects-origin", on=ProbeTarget(), severity=Severity.HIGH, cwe=942)
def live_cors_reflects_origin(record: ProbeRecord) -> Iterator[Hit]:
    """CORS reflects any Origin, with credentials: any site can read logged-in users' data.

    ## What it checks
    Four requests to the base page: a random `Origin`, its preflight, `Origin: null`, and an origin that only
    ends with the target's host name. High when `Access-Control-Allow-Origin` echoes the sent origin (or `null`)
    together with `Access-Control-Allow-Credentials: true`; medium when it echoes it without credentials. The
    MDN Observatory misses this case in live scans (spec probe.md §4.5).

    ## Why it matters
    With a reflected origin and credentials, a page on any site can call the API with the visitor's cookies and
    read the answers: account data, CSRF tokens, everything the user can see.

    ## How to fix
    Give `cors()` an explicit allow-list (`origin: ['https://app.example.com']`), never `origin: true` or a
    function that returns true for every origin, and never allow `null`.

    ## Example
    ```http
    GET / HTTP/1.1
    Origin: https://nodeward-1a2b.invalid

    HTTP/1.1 200 OK
    Access-Control-Allow-Origin: https://nodeward-1a2b.invalid
    Access-Control-Allow-Credentials: true
    ```

    ## Use instead
    ```http
    GET / HTTP/1.1
    Origin: https://nodeward-1a2b.invalid

    HTTP/1.1 200 OK
    Vary: Origin
    ```

    ## References
    - https://portswigger.net/web-security/cors
    - https://github.com/expressjs/cors#configuration-options
    """
    reflected: list[Exchange] = []
    reflected_plain: list[Exchange] = []
    wildcard_credentials: list[Exchange] = []
    probes = [e for e in (record.step(s) for s in ("cors-origin", "cors-preflight", "cors-null", "cors-suffix")) if e]
    for exchange in probes:
        if not exchange.ok:
            continue
        sent = (exchange.request_header("origin") or "").strip()
        acao = (exchange.header("access-control-allow-origin") or "").strip()
        credentials = (exchange.header("access-control-allow-credentials") or "").strip().lower() == "true"
        if acao and sent and acao == sent:
            (reflected if credentials else reflected_plain).append(exchange)
        elif acao == "*" and credentials:
            wildcard_credentials.append(exchange)
    if reflected:
        sent = ", ".join(sorted({e.request_header("origin") or "" for e in reflected}))
        yield fails_at(
            reflected[0],
            f"Access-Control-Allow-Origin reflects the request's Origin ({sent}) with "
            f"Access-Control-Allow-Credentials: true ({len(reflected)} of {len(probes)} CORS requests)",
            snippet=f"Access-Control-Allow-Origin: {reflected[0].header('access-control-allow-origin')}",
            data={"requests": [e.step for e in reflected]},
        )
    elif reflected_plain:
        yield fails_at(
            reflected_plain[0],
            "Access-Control-Allow-Origin reflects any Origin (without credentials)",
            severity=Severity.MEDIUM,
            snippet=f"Access-Control-Allow-Origin: {reflected_plain[0].header('access-control-allow-origin')}",
        )
    elif wildcard_credentials:
        yield fails_at(
            wildcard_credentials[0],
            "`Access-Control-Allow-Origin: *` with credentials: browsers refuse the pair, so it is a mistake",
            severity=Severity.INFO,
        )
    elif probes:
        yield holds(probes[0], "CORS does not reflect foreign or null origins")
