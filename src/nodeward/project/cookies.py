"""Where the code sets cookies, across frameworks, with each attribute's value or the library default it falls back on.

Express `res.cookie`, Fastify `reply.setCookie`, Koa `ctx.cookies.set`, Hapi `server.state`/`h.state` and `@hapi/yar`,
and the session middleware express-session, cookie-session, koa-session, @fastify/session and @fastify/secure-session.
Defaults come from the libraries' sources (spec probe.md §7.2-7.4; cookies 0.9, @fastify/cookie 11, statehood).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nodeward.facts import collector
from nodeward.findings import Location
from nodeward.project.jsvalues import UNDEFINED, Obj, Prop, Ref, Value
from nodeward.rules.js_project_target import arg, calls_to_any, where
from nodeward.rules.names import is_session_cookie_name

if TYPE_CHECKING:
    from nodeward.facts import Facts
    from nodeward.project.javascript import JsProject

# A default that follows the connection: the `cookies` module (under Koa, koa-session and cookie-session) marks a
# cookie Secure by itself when the request is encrypted (cookies@0.9.1 index.js:119-131), so only an explicit weak
# value is flagged; behind a proxy that needs `trust proxy` / `app.proxy`, which NW0904 checks.
AUTO = "auto"


@dataclass(frozen=True)
class CookieSite:
    """One place that sets a cookie, with what each attribute is when the code leaves it out."""

    what: str  # "res.cookie('token')", "express-session"
    session: bool  # a session middleware, or a cookie whose name says it authenticates
    options: Obj | None  # the cookie options (None: none given)
    location: Location  # the call
    secure_default: object  # False, True or AUTO
    httponly_default: bool
    samesite_default: str | None
    keys: tuple[str, str, str] = ("secure", "httpOnly", "sameSite")

    @property
    def at(self) -> Location:
        """Where a missing attribute is reported: the options object if there is one, else the call."""
        return where(self.options, self.location) if self.options is not None else self.location

    def prop(self, index: int) -> Prop | None:
        return self.options.prop(self.keys[index]) if self.options is not None else None

    def missing(self, index: int) -> bool:
        """The attribute is not given, and the options object is fully visible (no spread of unknown options)."""
        if self.options is None:
            return True
        p = self.options.prop(self.keys[index])
        return (p is None and not self.options.open) or (p is not None and p.value is UNDEFINED)


_HAPI_KEYS = ("isSecure", "isHttpOnly", "isSameSite")


def _opts(value: Value | None) -> Obj | bool | None:
    """Options as an Obj, None when absent, or False when computed (nothing to judge)."""
    if value is None or value is UNDEFINED:
        return None
    return value if isinstance(value, Obj) else False


_BROWSER_DRIVERS = frozenset({"cy", "browser", "driver", "page", "context"})


def cookie_sites(js: JsProject) -> Iterator[CookieSite]:
    """Every cookie-setting call and session middleware we can see, across frameworks."""
    for call in js.method_calls("cookie") + js.method_calls("setCookie"):
        receiver = call.receiver
        if receiver is not None and receiver.kind == "global" and receiver.name in _BROWSER_DRIVERS:
            continue  # Cypress / WebDriver / Playwright setting a cookie in a test browser
        name = arg(js, call, 0)
        if len(call.args) < 2 or (not isinstance(name, str) and not isinstance(arg(js, call, 0), Ref)):
            continue
        opts = _opts(arg(js, call, 2))
        if opts is False:
            continue
        fastify = call.member == "setCookie"
        label = (
            f"{'reply.setCookie' if fastify else 'res.cookie'}({name!r})" if isinstance(name, str) else call.callee_text
        )
        yield CookieSite(
            label,
            isinstance(name, str) and is_session_cookie_name(name),
            opts,
            call.location,
            False,
            False,
            "lax" if fastify else None,  # @fastify/cookie: Object.assign({ sameSite: 'lax' }, options)
        )
    for call in js.method_calls("set"):  # Koa: ctx.cookies.set(name, value, options)
        callee = call.callee
        if not (isinstance(callee, Ref) and callee.path[-2:] == ("cookies", "set")) or len(call.args) < 2:
            continue
        opts = _opts(arg(js, call, 2))
        if opts is False:
            continue
        name = arg(js, call, 0)
        session = isinstance(name, str) and is_session_cookie_name(name)
        yield CookieSite(f"ctx.cookies.set({name!r})", session, opts, call.location, AUTO, True, None)
    for call in js.calls_to("express-session"):
        options = arg(js, call, 0)
        if isinstance(options, Obj):
            cookie = options.get("cookie")
            if cookie is None and options.open:
                continue
            opts = _opts(cookie)
            if opts is not False:
                yield CookieSite("express-session", True, opts, where(options, call.location), False, True, None)
    for call in js.calls_to("cookie-session"):
        opts = _opts(arg(js, call, 0))
        if opts is not False:
            yield CookieSite("cookie-session", True, opts, call.location, AUTO, True, None)
    for call in calls_to_any(js, "koa-session", "", "default"):
        opts = _opts(arg(js, call, 0))
        if isinstance(opts, Obj) or opts is None:
            yield CookieSite("koa-session", True, opts, call.location, AUTO, True, None)
    for call in js.method_calls("register"):
        plugin = arg(js, call, 0)
        options = arg(js, call, 1)
        fastify_plugin = plugin.name if isinstance(plugin, Ref) and plugin.kind == "module" and not plugin.path else ""
        if fastify_plugin in (
            "@fastify/session",
            "fastify-session",
            "@fastify/secure-session",
            "fastify-secure-session",
        ):
            cookie = options.get("cookie") if isinstance(options, Obj) else None
            if isinstance(options, Obj) and cookie is None and options.open:
                continue
            opts = _opts(cookie)
            if opts is False:
                continue
            secure_session = "secure-session" in fastify_plugin
            yield CookieSite(
                fastify_plugin,
                True,
                opts,
                call.location,
                not secure_session,  # @fastify/session: cookie.secure defaults to true
                True,
                "lax" if secure_session else None,
            )
        for entry in call.args:  # Hapi yar: { plugin: require('@hapi/yar'), options: { cookieOptions } }
            if (
                isinstance(entry, Obj)
                and isinstance(entry.get("plugin"), Ref)
                and entry.get("plugin").is_module("@hapi/yar")
            ):
                opts = _opts(entry.lookup("options.cookieOptions"))
                if opts is not False:
                    yield CookieSite("@hapi/yar", True, opts, call.location, True, True, "Strict", _HAPI_KEYS)
    for call in js.method_calls("state"):  # Hapi: server.state(name, options), h.state(name, value, options)
        name = arg(js, call, 0)
        if not isinstance(name, str):
            continue
        for argument in call.args[1:]:
            if isinstance(argument, Obj) and any(argument.has(k) for k in _HAPI_KEYS):
                session = is_session_cookie_name(name)
                yield CookieSite(
                    f"hapi state({name!r})", session, argument, call.location, True, True, "Strict", _HAPI_KEYS
                )


@collector("cookie_sites")
def collect_cookie_sites(facts: Facts) -> list[CookieSite]:
    return list(cookie_sites(facts.collected("js")))
