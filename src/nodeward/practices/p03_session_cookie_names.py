"""Practice 3: session middleware must not keep its default cookie name (rules NW03nn)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nodeward.findings import Confidence, Location, Severity
from nodeward.project.javascript import JsFiles, JsProject
from nodeward.project.jsvalues import UNDEFINED, Arr, Obj, Ref, Unknown, Value
from nodeward.rules import Hit, fails, holds, rule


@dataclass(frozen=True)
class SessionLibrary:
    """Where a session library takes its cookie name and what it falls back to. Read from each library's source:
    express-session 1.19 `opts.name || opts.key || 'connect.sid'`; cookie-session 2.1 `opts.name || 'session'` (1.x
    used `express:sess`); koa-session 7 `key` defaults to `koa.sess`; @fastify/session 11 `cookieName ||
    'sessionId'`; @fastify/secure-session 8 `cookieName || sessionName || 'session'`; @hapi/yar 11 `name: 'session'`."""

    package: str
    options: tuple[str, ...]  # option keys that set the name, first match wins
    default: str
    how: str  # "call" (middleware factory) or "plugin" (Fastify/Hapi registration)


LIBRARIES = (
    SessionLibrary("express-session", ("name", "key"), "connect.sid", "call"),
    SessionLibrary("cookie-session", ("name",), "session", "call"),
    SessionLibrary("koa-session", ("key",), "koa.sess", "call"),
    SessionLibrary("koa-generic-session", ("key",), "koa.sid", "call"),
    SessionLibrary("@fastify/session", ("cookieName",), "sessionId", "plugin"),
    SessionLibrary("fastify-session", ("cookieName",), "sessionId", "plugin"),
    SessionLibrary("@fastify/secure-session", ("cookieName", "sessionName"), "session", "plugin"),
    SessionLibrary("fastify-secure-session", ("cookieName", "sessionName"), "session", "plugin"),
    SessionLibrary("@hapi/yar", ("name",), "session", "plugin"),
    SessionLibrary("yar", ("name",), "session", "plugin"),
)
# Names every scanner knows: a renamed cookie that uses another library's default is just as telling.
WELL_KNOWN = frozenset({"connect.sid", "session", "express:sess", "koa.sess", "koa.sid", "sessionid", "sessionId"})


def _registrations(js: JsProject, lib: SessionLibrary) -> Iterator[tuple[Location, Value]]:
    """(where, options) for each use of the library: factory calls, and Fastify/Hapi plugin registrations."""
    if lib.how == "call":
        for call in js.calls_to(lib.package):
            opts: Value = UNDEFINED
            for arg in call.args:  # koa-session takes (opts, app) or, in old versions, (app, opts)
                arg = js.resolve(arg)  # options built in another file
                unknown_opts = isinstance(arg, Unknown | Ref) and not _is_koa_app(arg) and opts is UNDEFINED
                if isinstance(arg, Obj) or unknown_opts:
                    opts = arg
            yield call.location, opts
        return
    for call in js.method_calls("register"):
        first = call.arg(0)
        items = first.items if isinstance(first, Arr) else (first,)
        for item in items:
            plugin, opts = js.resolve(item), js.resolve(call.arg(1))
            if isinstance(plugin, Obj):  # Hapi: register({ plugin, options })
                plugin, opts = js.resolve(plugin.get("plugin")), js.resolve(plugin.get("options"))
            if isinstance(plugin, Ref) and plugin.is_module(lib.package):
                yield call.location, UNDEFINED if opts is None else opts


def _is_koa_app(value: Value) -> bool:
    return isinstance(value, Ref) and value.kind == "module" and value.name == "koa"


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
    cannot be known statically (an environment variable) is not reported.

    ## Why it matters
    A default cookie name tells an attacker which framework and session library the application runs, and so which
    known weaknesses to try first. It also makes automated scanning for that stack trivial. A neutral name costs
    nothing.

    ## How to fix
    Set a neutral, application-specific cookie name: `name` for express-session and cookie-session, `key` for
    koa-session, `cookieName` for @fastify/session and @fastify/secure-session, `name` for yar.

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
    for lib in LIBRARIES:
        for where, opts in _registrations(js, lib):
            name, name_at = _cookie_name(opts, lib)
            option = lib.options[0]
            if name is UNDEFINED:
                yield fails(
                    name_at or where,
                    f"{lib.package} uses its default cookie name '{lib.default}': set `{option}` to a neutral name",
                    data={"package": lib.package, "cookie": lib.default},
                )
            elif isinstance(name, str) and (name == lib.default or name in WELL_KNOWN):
                yield fails(
                    name_at or where,
                    f"{lib.package} cookie name '{name}' is a well-known default: choose a neutral name",
                    data={"package": lib.package, "cookie": name},
                )
            elif isinstance(name, str):
                yield holds(name_at or where, f"{lib.package} cookie renamed to '{name}'")
