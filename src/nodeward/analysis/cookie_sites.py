"""Where the code sets cookies, across frameworks, with each attribute's value or the library default it falls back on.

Express `res.cookie`, Fastify `reply.setCookie`, Koa `ctx.cookies.set`, Hapi `server.state`/`h.state`, and every
session library in knowledge/sessions.py that has cookie flags (its rows say where the cookie options are and what
each flag defaults to). Defaults come from the libraries' sources (cookies 0.9, @fastify/cookie 11, statehood 8).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from nodeward.facts import collector
from nodeward.findings import Location
from nodeward.js.readers import arg, calls_to_any, where
from nodeward.js.values import UNDEFINED, Arr, Obj, Prop, Ref, Unknown, Value
from nodeward.knowledge.cookies import COOKIE_SETTERS, FOLLOWS_CONNECTION, STANDARD_KEYS, CookieFlags
from nodeward.knowledge.names import is_session_cookie_name
from nodeward.knowledge.sessions import SESSION_LIBRARIES, SessionLibrary

if TYPE_CHECKING:
    from nodeward.facts import Facts
    from nodeward.js.extract import JsProject

AUTO = FOLLOWS_CONNECTION  # Secure set by the library itself on encrypted requests (knowledge/cookies.py)


@dataclass(frozen=True)
class CookieSite:
    """One place that sets a cookie, with what each attribute is when the code leaves it out."""

    what: str  # "res.cookie('token')", "express-session"
    session: bool  # a session middleware, or a cookie whose name says it authenticates
    options: Obj | None  # the cookie options (None: none given)
    location: Location  # the call
    secure_default: bool | str  # False, True or AUTO
    httponly_default: bool
    samesite_default: str | None
    keys: tuple[str, str, str] = STANDARD_KEYS  # the option names of Secure, HttpOnly and SameSite
    name: str | None = None  # the cookie's name when the code sets it by hand with a literal name

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


def _opts(value: Value | None) -> Obj | Literal[False] | None:
    """Options as an Obj, None when absent, or False when computed (nothing to judge)."""
    if value is None or value is UNDEFINED:
        return None
    return value if isinstance(value, Obj) else False


_BROWSER_DRIVERS = frozenset({"cy", "browser", "driver", "page", "context"})


def session_registrations(js: JsProject, lib: SessionLibrary) -> Iterator[tuple[Location, Value]]:
    """(where, options) for each use of a session library: factory calls, and Fastify/Hapi plugin registrations.
    The options are UNDEFINED when none are passed, an Obj, or what they are when they cannot be known."""
    if lib.how == "call":
        for call in calls_to_any(js, lib.package, "", "default"):
            opts: Value = UNDEFINED
            for argument in call.args:  # koa-session takes (opts, app) or, in old versions, (app, opts)
                argument = js.resolve(argument)  # options built in another file
                unknown_opts = isinstance(argument, Unknown | Ref) and not _is_koa_app(argument) and opts is UNDEFINED
                if isinstance(argument, Obj) or unknown_opts:
                    opts = argument
            yield call.location, opts
        return
    for call in js.method_calls("register"):
        first = call.arg(0)
        items = first.items if isinstance(first, Arr) else (first,)
        for item in items:
            plugin, options = js.resolve(item), js.resolve(call.arg(1))
            if isinstance(plugin, Obj):  # Hapi: register({ plugin, options })
                entry = plugin
                plugin, options = js.resolve(entry.get("plugin")), js.resolve(entry.get("options"))
            if isinstance(plugin, Ref) and plugin.is_module(lib.package):
                yield call.location, UNDEFINED if options is None else options


def _is_koa_app(value: Value) -> bool:
    return isinstance(value, Ref) and value.kind == "module" and value.name == "koa"


def _session_site(lib: SessionLibrary, flags: CookieFlags, options: Value, location: Location) -> CookieSite | None:
    """The cookie a session library sets, with its flags where the app leaves them out; None when the cookie
    options cannot be known (computed, or hidden behind a spread)."""
    cookie: Value | None = None
    if isinstance(options, Obj):
        found = [options if key == "" else options.get(key) for key in flags.options]
        cookie = next((c for c in found if c is not None), None)
        if cookie is None and options.open:
            return None
    elif options is not UNDEFINED:
        return None
    opts = _opts(cookie)
    if opts is False:
        return None
    if lib.how == "call" and isinstance(options, Obj):
        location = where(options, location)  # the options object: where a fix adds the missing attributes
    return _site(lib.package, True, opts, location, flags)


def _site(
    what: str, session: bool, options: Obj | None, location: Location, flags: CookieFlags, name: object = None
) -> CookieSite:
    named = name if isinstance(name, str) else None
    return CookieSite(
        what, session, options, location, flags.secure, flags.http_only, flags.same_site, flags.keys, named
    )


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
        session = isinstance(name, str) and is_session_cookie_name(name)
        flags = COOKIE_SETTERS["fastify" if fastify else "express"].flags
        yield _site(label, session, opts, call.location, flags, name)
    for call in js.method_calls("set"):  # Koa: ctx.cookies.set(name, value, options)
        callee = call.callee
        if not (isinstance(callee, Ref) and callee.path[-2:] == ("cookies", "set")) or len(call.args) < 2:
            continue
        opts = _opts(arg(js, call, 2))
        if opts is False:
            continue
        name = arg(js, call, 0)
        session = isinstance(name, str) and is_session_cookie_name(name)
        yield _site(f"ctx.cookies.set({name!r})", session, opts, call.location, COOKIE_SETTERS["koa"].flags, name)
    for lib in SESSION_LIBRARIES:
        if lib.cookie is not None:
            for location, options in session_registrations(js, lib):
                site = _session_site(lib, lib.cookie, options, location)
                if site is not None:
                    yield site
    for call in js.method_calls("state"):  # Hapi: server.state(name, options), h.state(name, value, options)
        name = arg(js, call, 0)
        if not isinstance(name, str):
            continue
        for argument in call.args[1:]:
            hapi = COOKIE_SETTERS["hapi"].flags
            if isinstance(argument, Obj) and any(argument.has(k) for k in hapi.keys):
                yield _site(f"hapi state({name!r})", is_session_cookie_name(name), argument, call.location, hapi)


@collector("cookie_sites")
def collect_cookie_sites(facts: Facts) -> list[CookieSite]:
    return list(cookie_sites(facts.js))
