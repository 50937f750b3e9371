"""Practice 9: HTTPS only, Secure and HttpOnly cookies (rules NW09nn): code checks NW0901-NW0949, live probe NW0950+."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import tree_sitter as ts

from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix.context import FixContext
from nodeward.js.extract import tree_of
from nodeward.js.values import UNDEFINED, Func, Obj, Prop, Ref, Value, iter_values
from nodeward.knowledge.cookies import HAPI_KEYS
from nodeward.knowledge.headers import HELMET_CALLS, HELMET_PLUGINS, HSTS_OPTIONS
from nodeward.knowledge.sessions import SESSION_LIBRARIES
from nodeward.practices._evidence import evidence_capped, fails_at
from nodeward.probe.grade import parse_hsts, redirection_test
from nodeward.probe.record import ProbeRecord, rate_limited
from nodeward.probe.target import LOOPBACK_NOTE, is_loopback
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.js_project_target import JsProjectTarget, arg, calls_to_any, js_of, resolved, where
from nodeward.rules.targets import ProbeTarget, ProjectTarget

if TYPE_CHECKING:
    from nodeward.facts import Facts
    from nodeward.js.extract import Call, JsProject


def _is_false(value: Value | None) -> bool:
    return value is False


@rule(
    "NW0901",
    "cookie-without-secure",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=614,
)
@evidence_capped
def cookie_without_secure(facts: Facts) -> Iterator[Hit]:
    """A cookie is set without the Secure attribute.

    ## What it checks
    Cookie options that leave `secure` out or set it to `false`: Express `res.cookie`, Fastify `reply.setCookie`,
    `express-session` (`cookie.secure`), `@fastify/secure-session` (`cookie.secure`), and explicit
    `secure: false` for `cookie-session`, Koa `ctx.cookies.set`/`koa-session` (the `cookies` module beneath them
    marks cookies Secure by itself on HTTPS requests) and `@fastify/session` (Secure by default), and
    `isSecure: false` for Hapi
    (`server.state`, `h.state`, `@hapi/yar`, whose default is Secure). A value computed at run time
    (`secure: process.env.NODE_ENV === 'production'`, `'auto'`) counts as set.

    ## Why it matters
    Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the network path reads it:
    one `http://` request (a link, an image, a downgrade by an attacker) is enough to steal a session.

    ## How to fix
    Set `secure: true` (or `'auto'` for express-session behind a proxy with `trust proxy`) and serve the site
    only over HTTPS with HSTS.

    ## Example
    ```js
    app.get('/login', (req, res) => {
      res.cookie('token', token, { httpOnly: true, sameSite: 'lax' });
    });
    ```

    ## Use instead
    ```js
    app.get('/login', (req, res) => {
      res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'lax' });
    });
    ```

    ## References
    - OWASP Session Management Cheat Sheet, Secure attribute: https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#secure-attribute
    - express-session `cookie.secure`: https://github.com/expressjs/session#cookiesecure
    - CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute
    """
    for site in facts.cookie_sites:
        p = site.prop(0)
        severity = Severity.HIGH if site.session else Severity.MEDIUM
        if p is not None and _is_false(p.value):
            yield fails(where(p, site.at), f"{site.what} sets secure: false", severity=severity)
        elif site.missing(0) and site.secure_default is False:
            yield fails(
                site.at, f"{site.what} without secure: the cookie is also sent over plain HTTP", severity=severity
            )
        elif p is not None and p.value is True:
            yield holds(where(p, site.at), f"{site.what} sets Secure cookies")


# The attribute each cookie rule's fix sets, and the value it sets.
COOKIE_FLAGS = {"NW0901": ("secure", "true"), "NW0902": ("httpOnly", "true"), "NW0903": ("sameSite", "'lax'")}
PLAIN_HTTP = (
    "Secure cookies are not sent over plain HTTP: on http://localhost in development, or behind a TLS proxy the app "
    "does not trust (`trust proxy`), the browser or express-session drops the cookie and logins stop working"
)
# Session libraries whose cookie attributes sit under `cookie` in their options (knowledge/sessions.py).
_SESSION_CALLS = tuple(lib.package for lib in SESSION_LIBRARIES if lib.cookie and lib.cookie.options[0] == "cookie")


def _cookie_patch(finding: Finding, ctx: FixContext) -> Patch | None:
    """One edit for all the cookie findings at this place (so the three fixes write the same bytes): the missing
    attributes added to the options object, or an options object added to the call; a value the code turned off
    (`secure: false`) is set on, as an unsafe fix."""
    path, node = finding.location.path, ctx.node_at(finding.location)
    data, tree = ctx.source(path), ctx.tree(path)
    if node is None or data is None or tree is None:
        return None
    if finding.message.startswith(("hapi", "@hapi", "yar")):
        return _hapi_patch(finding, ctx, node, data)
    here = [f for f in ctx.findings if f.code in COOKIE_FLAGS and f.location == finding.location]
    wanted = [COOKIE_FLAGS[f.code] for f in sorted(here, key=lambda f: f.code) if f.code != "NW0901" or ctx.unsafe]
    if finding.code == "NW0901" and not ctx.unsafe:
        wanted.insert(0, COOKIE_FLAGS["NW0901"])
    key, value = COOKIE_FLAGS[finding.code]
    quote = js_edit.quote_style(data)
    wanted = [(k, v.replace("'", quote)) for k, v in wanted]
    title = f"set {', '.join(f'{k}: {v}' for k, v in wanted)}"
    unsafe = PLAIN_HTTP if any(k == "secure" for k, _ in wanted) else None
    pair = js_edit.enclosing(node, "pair", stop=("object", *js_edit.STATEMENT_PARENTS))
    if pair is not None and js_edit.property_key(pair) == key:  # `secure: false`: switched off on purpose
        target = pair.child_by_field_name("value")
        if target is None:
            return None
        why = unsafe or f"the code sets {key}: false on purpose: whatever relies on it stops working"
        replaced = js_edit.replace_node(path, target, value.replace("'", quote))
        return Patch(f"set {key}: {value}", (replaced,), unsafe=why)
    props = [f"{k}: {v}" for k, v in wanted]
    obj = node if node.type == "object" else None
    if obj is not None:
        existing = {js_edit.property_key(p) for p in js_edit.properties(obj)}
        props = [p for p in props if p.split(":")[0] not in existing]
        call = js_edit.enclosing(obj.parent, *js_edit.CALLS)
        callee = call.child_by_field_name("function") if call is not None else None
        module = js_edit.imported_modules(tree).get(js_edit.text_of(callee), ("", None))[0] if callee else ""
        if (
            module in _SESSION_CALLS
            and "cookie" not in existing
            and obj.parent is not None
            and obj.parent.type == "arguments"
        ):
            edit = js_edit.add_properties(path, data, obj, [f"cookie: {{ {', '.join(props)} }}"])
        else:
            edit = js_edit.add_properties(path, data, obj, props)
        return Patch(title, (edit,), unsafe=unsafe) if edit else None
    call = js_edit.enclosing(node, *js_edit.CALLS)
    if call is None or len(js_edit.argument_list(call)) != 2:
        return None
    edit = js_edit.add_argument(path, data, call, f"{{ {', '.join(props)} }}")
    return Patch(title, (edit,), unsafe=unsafe) if edit else None


# Hapi's names for the attributes (@hapi/statehood 8: `isSecure`, `isHttpOnly`, `isSameSite: 'Strict' | 'Lax' |
# 'None' | false`, defaults true, true, 'Strict'): only a value the code weakened is a finding; the fix puts it back.
HAPI_COOKIE_FLAGS = dict(zip(COOKIE_FLAGS, zip(HAPI_KEYS, ("true", "true", "'Lax'"), strict=True), strict=True))


def _hapi_patch(finding: Finding, ctx: FixContext, node: ts.Node, data: bytes) -> Patch | None:
    """`isSecure: false` / `isHttpOnly: false` set to true, `isSameSite: false` (or 'None' without Secure) set to
    'Lax', in the `server.state` / `h.state` / yar options where the finding is."""
    key, value = HAPI_COOKIE_FLAGS[finding.code]
    pair = js_edit.enclosing(node, "pair", stop=("object", *js_edit.STATEMENT_PARENTS))
    target = pair.child_by_field_name("value") if pair is not None else None
    if pair is None or target is None or js_edit.property_key(pair) != key:
        return None
    value = value.replace("'", js_edit.quote_style(data))
    old = js_edit.text_of(target)
    why = (
        PLAIN_HTTP
        if key == "isSecure"
        else f"the code sets {key}: {old} on purpose: whatever relies on it stops working"
    )
    return Patch(f"set {key}: {value}", (js_edit.replace_node(finding.location.path, target, value),), unsafe=why)


@fix("NW0901", safe=False, why_unsafe=PLAIN_HTTP)
def fix_cookie_without_secure(finding: Finding, ctx: FixContext) -> Patch | None:
    """`secure: true` on the cookie (unsafe: the app is usually also served over plain HTTP in development)."""
    return _cookie_patch(finding, ctx)


@rule(
    "NW0902",
    "session-cookie-without-httponly",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=1004,
)
def session_cookie_without_httponly(facts: Facts) -> Iterator[Hit]:
    """A session or authentication cookie can be read by JavaScript (HttpOnly missing or off).

    ## What it checks
    Session middleware with `httpOnly: false` (express-session, cookie-session, koa-session, @fastify/session and
    @fastify/secure-session default to HttpOnly; Hapi's `isHttpOnly: false`), and cookies set by `res.cookie` or
    `reply.setCookie` whose name says they carry a session or credential (`sid`, `session`, `auth`, `token`,
    `jwt`, `login`) without `httpOnly: true`. CSRF cookies (`XSRF-TOKEN`) are meant to be read by scripts and
    stay quiet.

    ## Why it matters
    Any cross-site scripting bug, or a compromised third-party script, can read a cookie without HttpOnly from
    `document.cookie` and send the session to an attacker.

    ## How to fix
    Set `httpOnly: true` on every cookie that authenticates a user; give scripts what they need through an API.

    ## Example
    ```js
    app.post('/login', (req, res) => {
      res.cookie('auth_token', token, { secure: true, sameSite: 'strict' });
    });
    ```

    ## Use instead
    ```js
    app.post('/login', (req, res) => {
      res.cookie('auth_token', token, { secure: true, httpOnly: true, sameSite: 'strict' });
    });
    ```

    ## References
    - OWASP Session Management Cheat Sheet, HttpOnly attribute: https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#httponly-attribute
    - CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag
    """
    for site in facts.cookie_sites:
        if not site.session:
            continue
        p = site.prop(1)
        if p is not None and _is_false(p.value):
            yield fails(where(p, site.at), f"{site.what} sets httpOnly: false: scripts can read the session")
        elif site.missing(1) and not site.httponly_default:
            yield fails(site.at, f"{site.what} without httpOnly: scripts can read this credential cookie")


@fix("NW0902", safe=True)
def fix_session_cookie_without_httponly(finding: Finding, ctx: FixContext) -> Patch | None:
    """`httpOnly: true` on the session cookie (browser scripts have no business reading it)."""
    return _cookie_patch(finding, ctx)


@rule(
    "NW0903",
    "cookie-without-samesite",
    on=JsProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1275,
)
def cookie_without_samesite(facts: Facts) -> Iterator[Hit]:
    """A cookie is set without a SameSite attribute, or with SameSite=None but not Secure.

    ## What it checks
    Express `res.cookie` and session middleware (express-session `cookie.sameSite`, cookie-session `sameSite`)
    without `sameSite`, and any `sameSite: 'none'` without `secure: true`. `@fastify/cookie` defaults to `lax`
    and Hapi to `Strict`, so only explicit weak values are flagged there.

    ## Why it matters
    SameSite is the browser's defence against cross-site request forgery. Browsers that default to Lax still send
    a fresh cookie on cross-site POSTs for two minutes, and older ones send it always. `SameSite=None` without
    `Secure` is rejected by current browsers, so the cookie silently disappears.

    ## How to fix
    Set `sameSite: 'lax'` (or `'strict'` for cookies that never need to follow a cross-site link); use `'none'`
    only with `secure: true` for cookies that must work in third-party contexts.

    ## Example
    ```js
    res.cookie('token', token, { secure: true, httpOnly: true });
    ```

    ## Use instead
    ```js
    res.cookie('token', token, { secure: true, httpOnly: true, sameSite: 'lax' });
    ```

    ## References
    - OWASP Cross-Site Request Forgery Prevention Cheat Sheet, SameSite: https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#samesite-cookie-attribute
    - RFC 6265bis, the SameSite attribute
    - CWE-1275: Sensitive Cookie with Improper SameSite Attribute
    """
    for site in facts.cookie_sites:
        p = site.prop(2)
        value = p.value if p is not None else None
        if isinstance(value, str) and value.lower() == "none":
            secure = site.prop(0)
            if secure is None or secure.value is not True:
                yield fails(
                    where(p, site.at),
                    f"{site.what} uses SameSite=None without secure: true: browsers reject the cookie",
                    severity=Severity.MEDIUM,
                )
        elif p is not None and _is_false(value):
            yield fails(where(p, site.at), f"{site.what} turns SameSite off")
        elif site.missing(2) and site.samesite_default is None:
            yield fails(site.at, f"{site.what} without sameSite: no cross-site request protection from the browser")


@fix("NW0903", safe=True)
def fix_cookie_without_samesite(finding: Finding, ctx: FixContext) -> Patch | None:
    """`sameSite: 'lax'` on the cookie: top-level navigation keeps working, cross-site POSTs no longer carry it."""
    return _cookie_patch(finding, ctx)


@rule(
    "NW0904",
    "secure-cookie-without-trust-proxy",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=614,
)
def secure_cookie_without_trust_proxy(facts: Facts) -> Iterator[Hit]:
    """Secure session cookies behind a TLS-terminating proxy, but the app does not trust the proxy.

    ## What it checks
    When the project shows a reverse proxy (an nginx, Caddy, Traefik or HAProxy configuration, a proxy service in
    a compose file, or code reading `X-Forwarded-Proto`), session middleware with `cookie.secure: true` on an
    Express app without `app.set('trust proxy', ...)` or the session's `proxy: true`; the same for Koa
    (`app.proxy = true`) and Fastify (`trustProxy` option).

    ## Why it matters
    Behind the proxy, the app sees plain HTTP. express-session then silently does not set a `secure` cookie (and
    koa's cookies throw), so logins "do not work", and the usual fix people reach for is `secure: false`, which
    sends the session over HTTP.

    ## How to fix
    Tell the framework to trust the proxy (the number of proxy hops in front of it), and keep `secure: true`.

    - Express: `app.set('trust proxy', 1)`.
    - Koa: `app.proxy = true`.
    - Fastify: `Fastify({ trustProxy: true })`.

    ## Example
    ```js
    const session = require('express-session');
    const app = express();
    app.use(session({ secret: process.env.S, cookie: { secure: true } }));
    const proto = (req) => req.headers['x-forwarded-proto'];
    ```

    ## Use instead
    ```js
    const session = require('express-session');
    const app = express();
    app.set('trust proxy', 1);
    app.use(session({ secret: process.env.S, cookie: { secure: true } }));
    const proto = (req) => req.headers['x-forwarded-proto'];
    ```

    ## References
    - express-session, `cookie.secure` and `proxy`: https://github.com/expressjs/session#cookiesecure
    - Express behind proxies: https://expressjs.com/en/guide/behind-proxies.html
    - CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute
    """
    js = js_of(facts)
    if not len(js):
        return
    secure_sessions = []
    for site in facts.cookie_sites:
        if not site.session or site.what not in _PROXY_SENSITIVE_SESSIONS:
            continue
        p = site.prop(0)
        secure = p.value if p is not None else (site.secure_default if site.missing(0) else None)
        if secure is True or secure == "auto":
            secure_sessions.append((site, where(p, site.at) if p is not None else site.location))
    # Cheapest question first: the proxy evidence reads files, the trust settings walk every call.
    if not secure_sessions:
        return
    proxies = facts.reverse_proxies
    if not proxies or _trusts_proxy(js):
        return
    for site, at in secure_sessions:
        yield fails(
            at,
            f"{site.what} sets secure cookies behind a reverse proxy ({proxies[0]}), but the app does not trust "
            "the proxy: the session cookie is never set over the proxied HTTP connection",
        )


# Session middleware that refuses to set (or throws on) a Secure cookie on a request it believes is plain HTTP.
_PROXY_SENSITIVE_SESSIONS = frozenset(lib.package for lib in SESSION_LIBRARIES if lib.cookie and lib.cookie.plain_http)


def _trusts_proxy(js: JsProject) -> bool:
    """`app.set('trust proxy', ...)`/`app.enable('trust proxy')`, a session's `proxy: true`, Koa's `app.proxy = true`
    or `new Koa({ proxy: true })`, Fastify's `trustProxy` option."""
    for member in ("set", "enable"):
        for call in js.method_calls(member):
            if arg(js, call, 0) == "trust proxy" and arg(js, call, 1) is not False:
                return True
    for call in js.calls_to("express-session") + js.calls_to("koa"):
        options = arg(js, call, 0)
        if isinstance(options, Obj) and options.get("proxy") not in (None, False, UNDEFINED):
            return True
    for module in js.modules:
        for a in module.assignments:
            if a.target_text.endswith(".proxy") and a.value is not False:
                return True
        for call in module.calls:
            if any(
                isinstance(argument, Obj) and argument.get("trustProxy") not in (None, False, UNDEFINED)
                for argument in call.args
            ):
                return True
    return False


@rule(
    "NW0905",
    "tls-verification-disabled",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=295,
)
def tls_verification_disabled(facts: Facts) -> Iterator[Hit]:
    """TLS certificate verification is turned off in code.

    ## What it checks
    `rejectUnauthorized: false` in any options object (https agents, `tls.connect`, database `ssl` options,
    axios and got agents), `strictSSL: false` (request), a `checkServerIdentity` that returns nothing, and
    assignments of `'0'` to `process.env.NODE_TLS_REJECT_UNAUTHORIZED`.

    ## Why it matters
    Without verification any machine on the network path can present its own certificate and read or change the
    traffic: API keys, database passwords and user data sent to the "HTTPS" endpoint.

    ## How to fix
    Keep verification on; for a private CA pass `ca: fs.readFileSync('ca.pem')` or set `NODE_EXTRA_CA_CERTS`.

    ## Example
    ```js
    const https = require('https');
    const agent = new https.Agent({ rejectUnauthorized: false });
    ```

    ## Use instead
    ```js
    const https = require('https');
    const agent = new https.Agent({ ca: fs.readFileSync('ca.pem') });
    ```

    ## References
    - Node.js `tls.connect` options: https://nodejs.org/api/tls.html#tlsconnectoptions-callback
    - CWE-295: Improper Certificate Validation
    """
    js = js_of(facts)
    for module in js.modules:
        for a in module.assignments:
            target = a.target
            if (
                isinstance(target, Ref)
                and target.kind == "global"
                and target.name == "process"
                and target.path == ("env", "NODE_TLS_REJECT_UNAUTHORIZED")
                and a.value in ("0", 0)
            ):
                yield fails(
                    a.location, "NODE_TLS_REJECT_UNAUTHORIZED set to 0: every TLS connection skips verification"
                )
        seen: set[tuple[int, int]] = set()
        for call in module.calls:
            for argument in call.args:
                for value in iter_values(argument):
                    if not isinstance(value, Obj):
                        continue
                    for p in value.props:
                        message = _insecure_tls_option(p, module)
                        loc = where(p, call.location)
                        if message and (loc.line, loc.column) not in seen:
                            seen.add((loc.line, loc.column))
                            yield fails(loc, message)


# Options that switch certificate verification off: (key, the value that disables it).
_INSECURE_TLS_OPTIONS = {
    "rejectUnauthorized": False,
    "strictSSL": False,
    "sslValidate": False,
    "tlsAllowInvalidCertificates": True,
    "tlsAllowInvalidHostnames": True,
    "tlsInsecure": True,
}
_NOOP_FUNCTION = re.compile(
    r"^(?:async\s+)?(?:function\s*\w*\s*)?\([^)]*\)\s*(?:=>\s*)?"
    r"(?:undefined|null|void 0|\{\s*(?:return\s*(?:undefined|null)?\s*;?)?\s*\})$"
)


def _insecure_tls_option(p: Prop, module: object) -> str | None:
    if p.key in _INSECURE_TLS_OPTIONS and p.value is _INSECURE_TLS_OPTIONS[p.key]:
        return f"{p.key}: {str(p.value).lower()} turns TLS certificate verification off"
    if p.key == "checkServerIdentity" and isinstance(p.value, Func):
        parsed = tree_of(module)  # type: ignore[arg-type]
        if parsed is not None:
            text = parsed[1][p.value.start_byte : p.value.end_byte].decode("utf-8", errors="replace").strip()
            if _NOOP_FUNCTION.match(" ".join(text.split())):
                return "checkServerIdentity accepts every certificate: host name verification is off"
    return None


@rule(
    "NW0906",
    "tls-verification-disabled-in-config",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=295,
)
def tls_verification_disabled_in_config(facts: Facts) -> Iterator[Hit]:
    """NODE_TLS_REJECT_UNAUTHORIZED=0 is set in a configuration file.

    ## What it checks
    `NODE_TLS_REJECT_UNAUTHORIZED` set to `0` in `.env` files, Dockerfile `ENV`, compose `environment`
    (mapping or list form), Kubernetes `env` entries, and `package.json` scripts.

    ## Why it matters
    The variable turns off certificate verification for every HTTPS and TLS connection the process makes, in
    every library, and Node only prints a warning once.

    ## How to fix
    Remove it; trust a private CA with `NODE_EXTRA_CA_CERTS=/path/ca.pem` instead.

    ## Example
    ```sh
    # .env
    NODE_TLS_REJECT_UNAUTHORIZED=0
    ```

    ## Use instead
    ```sh
    # .env
    NODE_EXTRA_CA_CERTS=/etc/ssl/private-ca.pem
    ```

    ## References
    - Node.js, NODE_TLS_REJECT_UNAUTHORIZED: https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue
    - CWE-295: Improper Certificate Validation
    """
    for setting in facts.env_settings:
        if setting.name == "NODE_TLS_REJECT_UNAUTHORIZED" and setting.value == "0":
            yield fails(
                setting.location,
                f"NODE_TLS_REJECT_UNAUTHORIZED=0 in {setting.source}: every TLS connection skips verification",
            )


@rule(
    "NW0907",
    "hsts-disabled",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=319,
)
@evidence_capped
def hsts_disabled(facts: Facts) -> Iterator[Hit]:
    """HSTS is turned off in helmet, or its max-age is shorter than six months.

    ## What it checks
    `helmet`, `@fastify/helmet` and `koa-helmet` with `hsts: false` or `strictTransportSecurity: false`, Hapi's
    `security: { hsts: false }` route or server option, and an HSTS `maxAge` below 15,552,000 seconds (the
    Observatory's six months) in those options or in `helmet.hsts()` / `helmet.strictTransportSecurity()`.

    ## Why it matters
    Without Strict-Transport-Security a user who types the bare domain, or follows an `http://` link, makes one
    plain-HTTP request that an attacker can intercept and keep on HTTP (SSL stripping).

    ## How to fix
    Leave helmet's HSTS on (its default is one year with `includeSubDomains`); if TLS ends at a proxy that sets
    HSTS, document that and suppress this finding with a reason.

    ## Example
    ```js
    const helmet = require('helmet');
    app.use(helmet({ hsts: false }));
    ```

    ## Use instead
    ```js
    const helmet = require('helmet');
    app.use(helmet({ hsts: { maxAge: 31536000, includeSubDomains: true } }));
    ```

    ## References
    - OWASP HTTP Strict Transport Security Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html
    - helmet `strictTransportSecurity`: https://helmetjs.github.io/
    - CWE-319: Cleartext Transmission of Sensitive Information
    """
    js = js_of(facts)
    for module in HELMET_CALLS:
        for call in calls_to_any(js, module, "", "default"):
            yield from _judge_helmet_options(arg(js, call, 0), call.location, module)
        for member in HSTS_OPTIONS:  # helmet exports the HSTS middleware under each option name
            for call in js.calls_to(module, member):
                options = arg(js, call, 0)
                if isinstance(options, Obj):
                    yield from _judge_max_age(options, call.location, f"{module}.{member}()")
    for call in js.method_calls("register"):
        plugin = arg(js, call, 0)
        if isinstance(plugin, Ref) and plugin.kind == "module" and plugin.name in HELMET_PLUGINS:
            yield from _judge_helmet_options(arg(js, call, 1), call.location, plugin.name)
    for module in ("@hapi/hapi", "hapi"):  # Hapi: route or server `security: { hsts: ... }` (off by default)
        for call in js.calls_under(module):
            for argument in call.args:
                for value in iter_values(resolved(js, argument)):
                    security = value.get("security") if isinstance(value, Obj) else None
                    if isinstance(security, Obj) and security.has("hsts"):
                        yield from _judge_helmet_options(security, call.location, "hapi security")


_SIX_MONTHS = 15_552_000  # the Observatory's HSTS threshold, in seconds


def _judge_helmet_options(options: Value | None, at: Location, what: str) -> Iterator[Hit]:
    if options is None:
        yield holds(at, f"{what} sends Strict-Transport-Security (one year by default)")
    if not isinstance(options, Obj):
        return
    if not options.open and not any(options.has(key) for key in HSTS_OPTIONS):
        yield holds(at, f"{what} sends Strict-Transport-Security (one year by default)")
    for key in HSTS_OPTIONS:
        p = options.prop(key)
        if p is None:
            continue
        if p.value is False:
            yield fails(where(p, at), f"{what} with {key}: false: no Strict-Transport-Security header")
        elif isinstance(p.value, Obj):
            yield from _judge_max_age(p.value, where(p, at), what)


def _judge_max_age(options: Obj, at: Location, what: str) -> Iterator[Hit]:
    p = options.prop("maxAge")
    if p is None:
        return
    value = p.value
    if isinstance(value, int | float) and not isinstance(value, bool) and value < _SIX_MONTHS:
        yield fails(
            where(p, at),
            f"{what} HSTS maxAge {value:,.0f} s is shorter than six months ({_SIX_MONTHS:,} s)",
            severity=Severity.LOW,
        )
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield holds(where(p, at), f"{what} sends Strict-Transport-Security for {value:,.0f} s")


@rule(
    "NW0908",
    "hardcoded-http-url",
    on=JsProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=319,
    profile="audit",
)
def hardcoded_http_url(facts: Facts) -> Iterator[Hit]:
    """An outgoing request goes to a hard-coded plain-HTTP URL.

    ## What it checks
    `fetch`, `axios` (and its methods), `got`, `node-fetch`, `undici`, `superagent`, `request` and
    `http.get`/`http.request` called with a literal (or constant) `http://` URL. Loopback hosts, `.local` /
    `.internal` / `.localhost` names and single-label hosts (container service names) are left out. Audit profile.

    ## Why it matters
    Data sent over plain HTTP (tokens, personal data, payment details) can be read and changed on the way, and
    the answer can be forged.

    ## How to fix
    Use `https://`, and read service URLs from configuration so each environment can point at a TLS endpoint.

    ## Example
    ```js
    const axios = require('axios');
    axios.post('http://payments.example.com/charge', order);
    ```

    ## Use instead
    ```js
    const axios = require('axios');
    axios.post('https://payments.example.com/charge', order);
    ```

    ## References
    - OWASP Transport Layer Security Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html
    - CWE-319: Cleartext Transmission of Sensitive Information
    """
    js = js_of(facts)
    calls: list[Call] = js.calls_to("global:fetch")
    for module, members in _HTTP_CLIENTS:
        calls += calls_to_any(js, module, *members)
    for call in sorted(calls, key=lambda c: (c.file, c.start_byte)):
        target = arg(js, call, 0)
        at = call.arg_locations[0] if call.arg_locations else call.location
        if isinstance(target, Obj):
            for key in ("url", "baseURL", "prefixUrl", "uri"):
                p = target.prop(key)
                if p is not None and isinstance(p.value, str):
                    target, at = p.value, where(p, at)
                    break
        if isinstance(target, str) and _is_remote_http(target):
            yield fails(at, f"request to a plain-HTTP URL: {target[:100]!r}")


_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
_HTTP_CLIENTS = (
    ("axios", ("", "create", *_METHODS)),
    ("node-fetch", ("", "default")),
    ("undici", ("fetch", "request")),
    ("got", ("", *_METHODS)),
    ("superagent", ("", *_METHODS)),
    ("request", ("", *_METHODS)),
    ("needle", ("", *_METHODS)),
    ("http", ("get", "request")),
)


def _is_remote_http(url: str) -> bool:
    """An http:// URL to a host on another machine: not loopback, not a private or single-label (service) name."""
    if not url.lower().startswith("http://"):
        return False
    host = (urlsplit(url).hostname or "").lower()
    if not host or "." not in host or host.endswith((".local", ".localhost", ".internal", ".lan")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return not (address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local)


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0950-NW0999): HTTP→HTTPS redirect, certificate, and cookie flags as the browser receives them.
# ---------------------------------------------------------------------------------------------------------------------


def _live_where(record: ProbeRecord, url: str) -> Location:
    return Location(path="", url=url or record.target)


def _live_hsts_ok(record: ProbeRecord) -> bool:
    page = record.https_page
    if page is None:
        return False
    result = parse_hsts(page.response_headers, https=True, cert_valid=True).result
    return result == "hsts-implemented-max-age-at-least-six-months"


@rule("NW0950", "live-http-not-redirected-to-https", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=319)
def live_http_not_redirected_to_https(record: ProbeRecord) -> Iterator[Hit]:
    """Plain HTTP is served instead of being redirected to HTTPS on the same host.

    ## What it checks
    `GET http://host[:http-port]/` without following redirects (hops are followed by hand, at most 10, never off
    the host). Passes when the first hop is a 301/302/303/307/308 to `https://` on the same host and the route
    ends on https. Fails (medium) when HTTP answers 200, the route ends on http, or the first hop goes to another
    http URL; an https hop to another host is low (HSTS is then never set for this origin). Use `--http-port`
    and `--https-port` when the two listen on non-default ports. A target on loopback (`localhost`, `127.0.0.1`,
    `::1`) is never failed: that is a developer's own machine, with no network path to protect. A `429` answer is
    the app's rate limiter speaking for the page: could not check, never "served over plain HTTP".

    ## Why it matters
    Whatever is served over plain HTTP can be read and changed by anyone on the network path, cookies included.

    ## How to fix
    Redirect every HTTP request with a 301/308 to the same URL on https (at the proxy, or a tiny redirector), and
    send HSTS from the HTTPS side.

    ## Example
    ```http
    GET http://shop.example/ HTTP/1.1

    HTTP/1.1 200 OK
    ```

    ## Use instead
    ```http
    GET http://shop.example/ HTTP/1.1

    HTTP/1.1 301 Moved Permanently
    Location: https://shop.example/
    ```

    ## References
    - https://github.com/mdn/mdn-http-observatory/blob/main/src/analyzer/tests/redirection.js
    """
    hits = list(_http_redirect_hits(record))
    if is_loopback(record.target) and any(h.kind == "fail" for h in hits):
        # A developer probing their own machine: plain HTTP there is the norm, not a finding (a redirect that is
        # there still counts as evidence).
        yield not_applicable(LOOPBACK_NOTE)
        return
    yield from hits


def _http_redirect_hits(record: ProbeRecord) -> Iterator[Hit]:
    route = record.http_route
    if route is None:
        http = record.chain("http-redirect")
        if http and not any(e.ok for e in http):
            yield holds(http[0], "no plain-HTTP listener answered (nothing served over HTTP)")
        return
    first = next(e for e in record.exchanges if e.url == route[0])
    if rate_limited(first):
        return  # the app's limiter answered instead of the page: could not check, never "not redirected"
    result = redirection_test(route, cert_valid=True).result
    hops = " → ".join(route)
    if result == "redirection-missing":
        yield fails_at(
            first, f"{route[0]} is served over plain HTTP with {first.status}, no redirect to HTTPS", snippet=hops
        )
    elif result == "redirection-not-to-https":
        yield fails_at(first, f"the HTTP route never reaches HTTPS: {hops}", snippet=hops)
    elif result == "redirection-not-to-https-on-initial-redirection":
        yield fails_at(first, f"the first redirect goes to another http URL: {hops}", snippet=hops)
    elif result == "redirection-off-host-from-http":
        yield fails_at(first, f"HTTP redirects to HTTPS on another host ({hops})", severity=Severity.LOW, snippet=hops)
    else:
        status = first.status
        note = "" if status in (301, 308) else f" (with {status}; prefer 301 or 308)"
        yield holds(first, f"HTTP redirects to HTTPS on the same host: {hops}{note}")


@rule("NW0951", "live-invalid-tls-certificate", on=ProbeTarget(), severity=Severity.HIGH, cwe=295)
def live_invalid_tls_certificate(record: ProbeRecord) -> Iterator[Hit]:
    """The HTTPS certificate does not verify.

    ## What it checks
    The first HTTPS request is made with verification on (system trust store, or `--cacert`). A failure is high;
    the probe then goes on without verification (as the Observatory does) unless credentials were given. With
    `--insecure` nothing was verified, which is reported as info.

    ## Why it matters
    Users either get a browser error or learn to click through certificate warnings, which is all an attacker in
    the middle needs.

    ## How to fix
    Serve a certificate from a trusted CA (for example Let's Encrypt) that names the host, with its chain.

    ## Example
    ```http
    GET https://127.0.0.1:8443/  → TLS certificate verification failed: self-signed certificate
    ```

    ## Use instead
    ```http
    GET https://shop.example/  → HTTP/1.1 200 OK (certificate verified)
    ```

    ## References
    - https://www.rfc-editor.org/rfc/rfc6125
    """
    error = record.cert_error
    if error is not None:
        failed = next(e for e in record.exchanges if e.error == error)
        yield fails_at(failed, error, snippet=error[:160])
        return
    page = record.https_page
    if page is None:
        return
    if record.insecure or page.tls_verified is False:
        yield fails_at(page, "the certificate was not verified (--insecure)", severity=Severity.INFO)
    else:
        yield holds(page, "the TLS certificate verifies")


@rule("NW0952", "live-cookie-without-secure", on=ProbeTarget(), severity=Severity.HIGH, cwe=614)
def live_cookie_without_secure(record: ProbeRecord) -> Iterator[Hit]:
    """A cookie is set without the Secure flag.

    ## What it checks
    Cookies from the base page, its redirects, `/robots.txt`, the 404 and `--path` pages. When the site has HTTPS:
    a session cookie without `Secure` is high, another cookie medium, one level less when HSTS is in place. Over
    plain HTTP only it is info: express-session silently drops a `secure: true` cookie on non-TLS requests, so the
    missing flag is itself a clue the app has no HTTPS in front.

    ## Why it matters
    Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the path can steal the
    session.

    ## How to fix
    `cookie: { secure: true }` (with `app.set('trust proxy', 1)` behind a TLS-terminating proxy).

    ## Example
    ```http
    Set-Cookie: connect.sid=s%3AwYhh...; Path=/; HttpOnly
    ```

    ## Use instead
    ```http
    Set-Cookie: id=s%3AwYhh...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies
    """
    cookies = record.cookies
    if not cookies:
        return
    https = record.has_https
    hsts = _live_hsts_ok(record)
    for cookie in cookies:
        if cookie.secure:
            continue
        kind = "session cookie" if cookie.is_session else "cookie"
        if not https:
            severity = Severity.INFO
            message = f"{kind} `{cookie.name}` has no Secure flag (the site answered over plain HTTP only)"
        else:
            severity = Severity.HIGH if cookie.is_session else Severity.MEDIUM
            if hsts:
                severity = Severity(severity - 1)
            message = f"{kind} `{cookie.name}` has no Secure flag" + (" (HSTS limits the damage)" if hsts else "")
        yield fails_at(
            _live_where(record, cookie.url), message, severity=severity, snippet=f"Set-Cookie: {cookie.raw[:120]}"
        )
    if all(c.secure for c in cookies):
        yield holds(_live_where(record, cookies[0].url), f"all {len(cookies)} cookie(s) are Secure")


@rule("NW0953", "live-session-cookie-without-httponly", on=ProbeTarget(), severity=Severity.HIGH, cwe=1004)
def live_session_cookie_without_httponly(record: ProbeRecord) -> Iterator[Hit]:
    """A session cookie is readable from JavaScript (no HttpOnly).

    ## What it checks
    Session cookies among the collected cookies: a framework default name, a name containing `sess`, `sid`,
    `login`, `auth` or `token`, or a value in express-session's ID format. Broader than the Observatory, which
    only looks at names with `login` or `sess` and so never checks `connect.sid`.

    ## Why it matters
    Any cross-site scripting bug can then read the session ID and hijack the account from elsewhere.

    ## How to fix
    `cookie: { httpOnly: true }` (the express-session default: do not turn it off).

    ## Example
    ```http
    Set-Cookie: sid=8f2c...; Path=/
    ```

    ## Use instead
    ```http
    Set-Cookie: sid=8f2c...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://owasp.org/www-community/HttpOnly
    """
    sessions = [c for c in record.cookies if c.is_session]
    for cookie in sessions:
        if not cookie.httponly:
            yield fails_at(
                _live_where(record, cookie.url),
                f"session cookie `{cookie.name}` has no HttpOnly flag: scripts can read it",
                snippet=f"Set-Cookie: {cookie.raw[:120]}",
            )
    if sessions and all(c.httponly for c in sessions):
        names = ", ".join(f"`{c.name}`" for c in sessions)
        yield holds(_live_where(record, sessions[0].url), f"session cookie(s) {names} are HttpOnly")


@rule(
    "NW0954",
    "live-cookie-samesite",
    on=ProbeTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=1275,
)
def live_cookie_samesite(record: ProbeRecord) -> Iterator[Hit]:
    """A cookie has no SameSite attribute, or an invalid one.

    ## What it checks
    The raw `SameSite` attribute of each collected cookie: `Lax` or `Strict` passes; a missing attribute is low
    (browsers mostly default to Lax, but not all, and not for the first two minutes in Chrome); `SameSite=None`
    without `Secure`, or an empty or unknown value, is medium (browsers reject or ignore it).

    ## Why it matters
    SameSite is the browser's built-in defence against cross-site request forgery for cookie-authenticated
    requests.

    ## How to fix
    `cookie: { sameSite: 'lax' }` (or `'strict'`); `'none'` only together with `secure: true`.

    ## Example
    ```http
    Set-Cookie: connect.sid=s%3AwYhh...; Path=/; HttpOnly
    ```

    ## Use instead
    ```http
    Set-Cookie: id=s%3AwYhh...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.4.7
    """
    cookies = [c for c in record.cookies if not c.is_signature]
    good = 0
    for cookie in cookies:
        value = cookie.samesite
        snippet = f"Set-Cookie: {cookie.raw[:120]}"
        where = _live_where(record, cookie.url)
        if value is None:
            yield fails_at(
                where, f"cookie `{cookie.name}` has no SameSite attribute", severity=Severity.LOW, snippet=snippet
            )
        elif value.lower() not in ("lax", "strict", "none"):
            yield fails_at(where, f"cookie `{cookie.name}` has an invalid SameSite value {value!r}", snippet=snippet)
        elif value.lower() == "none" and not cookie.secure:
            yield fails_at(where, f"cookie `{cookie.name}` is SameSite=None without Secure (rejected)", snippet=snippet)
        elif value.lower() == "none":
            good += 0
        else:
            good += 1
    if cookies and good == len(cookies):
        yield holds(_live_where(record, cookies[0].url), "every cookie is SameSite=Lax or Strict")
