"""Practice 3: session middleware must not keep its default cookie name (rules NW03nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.analysis.cookie_sites import cookie_sites, session_registrations
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Edit, Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix.context import FixContext
from nodeward.js.extract import JsProject
from nodeward.js.values import UNDEFINED, Obj, Unknown, Value
from nodeward.knowledge.sessions import SESSION_LIBRARIES, SessionLibrary, default_cookie_owner
from nodeward.practices._evidence import fails_at
from nodeward.probe.cookies import SENSITIVE_KEYS, decode_client_session
from nodeward.probe.record import ProbeRecord
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.targets import JsFiles, ProbeTarget


def _cookie_name(opts: Value, lib: SessionLibrary) -> tuple[Value, Location | None]:
    """The configured name (UNDEFINED if none set) and where it is set; Unknown when it cannot be known."""
    if opts is UNDEFINED or opts is None:
        return UNDEFINED, None
    if not isinstance(opts, Obj):
        return Unknown("options"), None
    for key in lib.options:
        prop = opts.prop(key)
        if prop is not None and prop.value not in ("", None, UNDEFINED):
            return prop.value, prop.location
        if prop is not None and prop.value in ("", None, UNDEFINED):
            return UNDEFINED, prop.location  # `name: ''` falls back to the default (`opts.name || ...`)
    if opts.open:
        return Unknown("options"), None
    return UNDEFINED, None


@rule(
    "NW0301",
    "default-session-cookie-name",
    on=JsFiles(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=200,
)
def default_session_cookie_name(js: JsProject) -> Iterator[Hit]:
    """Session middleware keeps its default cookie name (connect.sid, koa.sess, sessionId, session...).

    ## What it checks
    Every use of express-session, cookie-session, koa-session, koa-generic-session, @fastify/session,
    @fastify/secure-session and Hapi's yar (also when a NestJS app registers them) whose cookie name is not set, is
    set to an empty string, or is set to a well-known default. The name is read through constants, object spreads and
    option objects built elsewhere in the file; the old `key` alias of express-session's `name` counts. A name that
    cannot be known statically (an environment variable) is not reported. With no session middleware at all the
    practice is not applicable (tokens in headers, or no sessions: there is no session cookie to name).

    ## Why it matters
    A default cookie name tells an attacker which framework and session library the application runs, and so which
    known weaknesses to try first. It also makes automated scanning for that stack trivial. A neutral name costs
    nothing.

    ## How to fix
    Set a neutral, application-specific cookie name.

    - Express: `name` for express-session and cookie-session (`session({ name: 'id', ... })`).
    - Koa: `key` for koa-session (`session({ key: 'id' }, app)`).
    - Fastify: `cookieName` for @fastify/session and @fastify/secure-session.
    - Hapi: `name` for yar.

    ## Example
    ```js
    const express = require('express');
    const session = require('express-session');
    const app = express();
    app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
    ```

    ## Use instead
    ```js
    const express = require('express');
    const session = require('express-session');
    const app = express();
    app.use(session({ name: 'app.sid', secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#dont-use-the-default-session-cookie-name
    - https://github.com/expressjs/session#name
    - https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-id-name-fingerprinting
    - CWE-200
    """
    registered = False
    for lib in SESSION_LIBRARIES:
        for where, opts in session_registrations(js, lib):
            registered = True
            name, name_at = _cookie_name(opts, lib)
            option = lib.options[0]
            if name is UNDEFINED:
                yield fails(
                    name_at or where,
                    f"{lib.package} uses its default cookie name '{lib.default}': set `{option}` to a neutral name",
                    data={"package": lib.package, "cookie": lib.default},
                )
            # another library's or framework's default name fingerprints the stack just as well
            elif isinstance(name, str) and (name == lib.default or default_cookie_owner(name)):
                yield fails(
                    name_at or where,
                    f"{lib.package} cookie name '{name}' is a well-known default: choose a neutral name",
                    data={"package": lib.package, "cookie": name},
                )
            elif isinstance(name, str):
                yield holds(name_at or where, f"{lib.package} cookie renamed to '{name}'")
    if registered:
        return
    # No session middleware, but the app may set its own session or auth-token cookie (a JWT in
    # res.cookie('JAUTHENTICATION', token, ...)): its name is judged the same way.
    by_hand = [(c, c.name) for c in cookie_sites(js) if c.session and c.name]
    for site, name in by_hand:
        if default_cookie_owner(name):
            yield fails(site.location, f"session cookie '{name}' has a well-known default name: choose a neutral name")
        else:
            yield holds(site.location, f"the app names its own session cookie '{name}'")
    if not by_hand:
        yield not_applicable("no session middleware: there is no session cookie to name")


NEUTRAL_COOKIE_NAME = "sid"


@fix("NW0301", safe=True)
def fix_default_session_cookie_name(finding: Finding, ctx: FixContext) -> Patch | None:
    """Set the cookie name option to a neutral `sid`: the value of an existing `name`/`key`/`cookieName` entry, or
    a new entry in the options object literal (one is added when the call has none)."""
    lib = next((lib for lib in SESSION_LIBRARIES if lib.package == finding.data.get("package")), None)
    node = ctx.node_at(finding.location)
    data = ctx.source(finding.location.path)
    if lib is None or node is None or data is None:
        return None
    path = finding.location.path
    name = js_edit.string_literal(data, NEUTRAL_COOKIE_NAME)
    title = f"name the {lib.package} cookie '{NEUTRAL_COOKIE_NAME}'"
    pair = js_edit.enclosing(node, "pair", stop=("object", *js_edit.STATEMENT_PARENTS))
    if pair is not None and js_edit.property_key(pair) in lib.options:
        value = pair.child_by_field_name("value")
        return Patch(title, (js_edit.replace_node(path, value, name),)) if value is not None else None
    call = js_edit.enclosing(node, *js_edit.CALLS)
    if call is None:
        return None
    args = js_edit.argument_list(call)
    objects = [a for a in args if a.type == "object"]
    if lib.how == "plugin":
        objects = [a for a in args[1:2] if a.type == "object"]
        if len(args) == 1:
            edit = js_edit.add_argument(path, data, call, f"{{ {lib.options[0]}: {name} }}")
            return Patch(title, (edit,)) if edit else None
    if lib.package.startswith("koa") and len(args) == 1 and args[0].type == "identifier":  # session(app)
        # New options are judged by the cookie rules too: sameSite 'lax' (what browsers assume) keeps NW0903 quiet.
        lax = js_edit.string_literal(data, "lax")
        edit = Edit(path, args[0].start_byte, args[0].start_byte, f"{{ {lib.options[0]}: {name}, sameSite: {lax} }}, ")
        return Patch(title + f" (with sameSite: {lax})", (edit,))
    if len(objects) == 1:
        edit = js_edit.add_properties(path, data, objects[0], [f"{lib.options[0]}: {name}"])
    elif not args and lib.how == "call":
        edit = js_edit.add_argument(path, data, call, f"{{ {lib.options[0]}: {name} }}")
    else:
        return None  # options built elsewhere: the finding keeps its advice
    return Patch(title, (edit,)) if edit else None


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0350-NW0399): judged on the probe's recorded exchanges (nodeward probe URL).
# ---------------------------------------------------------------------------------------------------------------------


@rule(
    "NW0350",
    "live-default-session-cookie-name",
    on=ProbeTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=200,
)
def live_default_session_cookie_name(record: ProbeRecord) -> Iterator[Hit]:
    """The running app sets a session cookie under its framework's default name.

    ## What it checks
    The `Set-Cookie` headers of the base page, `/robots.txt` and a 404 page. A cookie named `connect.sid`
    (express-session), `koa.sess` (koa-session), `sails.sid` (Sails), `express:sess` (cookie-session 1.x),
    `sessionId` (@fastify/session), or `session` together with `session.sig` (cookie-session 2.x) fails.
    A renamed express-session cookie is still recognised by its value format and reported as evidence only.

    ## Why it matters
    A default name tells an attacker which framework and session library run behind the site, and so which
    known weaknesses and default secrets to try first.

    ## How to fix
    Give the session cookie a neutral name of your own (`name: 'id'` in express-session, `key` in koa-session).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Set-Cookie: connect.sid=s%3AwYhh...; Path=/; HttpOnly
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Set-Cookie: id=s%3AwYhh...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#dont-use-the-default-session-cookie-name
    - https://github.com/expressjs/session#name
    """
    cookies = record.cookies
    names = {c.name.lower() for c in cookies}
    found = False
    for cookie in cookies:
        framework = cookie.default_name_framework
        if cookie.name.lower() == "session" and "session.sig" not in names:
            framework = None  # a bare `session` is too common a name to pin on cookie-session
        if framework:
            found = True
            yield fails_at(
                _live_location(record, cookie.url),
                f"cookie `{cookie.name}` is the default session cookie name of {framework}",
                snippet=f"Set-Cookie: {cookie.raw[:120]}",
            )
    if not found and cookies:
        sessions = [c for c in cookies if c.is_session]
        for cookie in sessions:
            origin = f" (an {cookie.value_framework} session ID)" if cookie.value_framework else ""
            yield holds(_live_location(record, cookie.url), f"session cookie `{cookie.name}` has a custom name{origin}")


@rule(
    "NW0351",
    "client-side-session-readable",
    on=ProbeTarget(),
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
    cwe=315,
)
def client_side_session_readable(record: ProbeRecord) -> Iterator[Hit]:
    """Session data is kept in a signed but readable cookie.

    ## What it checks
    A cookie pair `X` + `X.sig` (cookie-session, koa-session) whose value `X` decodes as base64 JSON. Reported as
    info; as low when the decoded data has keys such as `role`, `isAdmin`, `user` or `email`.

    ## Why it matters
    Signing stops tampering but not reading: anyone holding the cookie (a shared computer, a log, a proxy) reads
    the session data. Authorisation facts kept there are also replayed until the cookie expires.

    ## How to fix
    Keep only an opaque session ID in the cookie and the data on the server (express-session with a store,
    koa-session with `store`), or encrypt the cookie.

    ## Example
    ```http
    Set-Cookie: koa.sess=eyJ2aWV3cyI6MSwicm9sZSI6Imd1ZXN0In0=; path=/; httponly
    Set-Cookie: koa.sess.sig=cRwx8fKMERzwAuPnRs33SycD5GQ; path=/; httponly
    ```

    ## Use instead
    ```http
    Set-Cookie: id=s%3AIdyp1m0RokmY8WOeZj9vCvAG62jV5Zcf.RFJg3zu8...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://github.com/expressjs/cookie-session#cookie-options
    - https://cwe.mitre.org/data/definitions/315.html
    """
    names = {c.name for c in record.cookies}
    for cookie in record.cookies:
        if cookie.is_signature or f"{cookie.name}.sig" not in names:
            continue
        data = decode_client_session(cookie.value)
        if data is None:
            continue
        keys = sorted(str(k) for k in data)
        sensitive = sorted(k for k in keys if k.lower() in SENSITIVE_KEYS)
        message = f"cookie `{cookie.name}` carries the session data itself, readable by anyone: keys {', '.join(keys)}"
        if sensitive:
            message += f" (authorisation data: {', '.join(sensitive)})"
        yield fails_at(
            _live_location(record, cookie.url),
            message,
            severity=Severity.LOW if sensitive else Severity.INFO,
            snippet=f"Set-Cookie: {cookie.raw[:120]}",
        )


def _live_location(record: ProbeRecord, url: str) -> Location:
    return Location(path="", url=url or record.target)
