"""Cookie-setting APIs and what each cookie attribute is when the code leaves it out: read by
analysis/cookie_sites.py for practice 9.
Session libraries carry the same `CookieFlags` in their rows (knowledge/sessions.py).

To add a cookie API: add a `CookieSetter` row (verified against the installed package) and teach
analysis/cookie_sites.py how the call looks; add an NW0901/NW0902/NW0903 fixture line that a wrong default would change.
"""

from __future__ import annotations

from dataclasses import dataclass

# A Secure default that follows the connection: the `cookies` module (under Koa, koa-session, koa-generic-session and
# cookie-session) marks a cookie Secure by itself when the request is encrypted (cookies@0.9.2 index.js:139-151
# `req.protocol === 'https' || isRequestEncrypted(req)`), so only an explicit weak value is a finding.
FOLLOWS_CONNECTION = "auto"
STANDARD_KEYS = ("secure", "httpOnly", "sameSite")
HAPI_KEYS = ("isSecure", "isHttpOnly", "isSameSite")  # hapi server.state() / statehood option names


@dataclass(frozen=True)
class CookieFlags:
    """What a cookie's attributes are when the code leaves them out, and where the library reads them from."""

    options: tuple[str, ...]  # option keys holding the cookie attributes, first present wins; "" = the options itself
    secure: bool | str  # True, False or FOLLOWS_CONNECTION
    http_only: bool
    same_site: str | None  # None: no SameSite attribute (the browser's own default applies)
    verified: str
    keys: tuple[str, str, str] = STANDARD_KEYS  # the Secure, HttpOnly and SameSite option names
    # A Secure cookie on a request the library sees as plain HTTP (behind a TLS proxy it does not trust): where it
    # refuses to set it or throws; "" when it sends it anyway or reads X-Forwarded-Proto itself.
    plain_http: str = ""


@dataclass(frozen=True)
class CookieSetter:
    """A framework's own cookie-setting call."""

    api: str  # how the call reads in code
    package: str
    flags: CookieFlags


COOKIE_SETTERS: dict[str, CookieSetter] = {
    "express": CookieSetter(
        "res.cookie(name, value, options)",
        "express",
        CookieFlags(("",), False, False, None, "express@4.22.2 lib/response.js:862-893: only `path` defaults ('/')"),
    ),
    "fastify": CookieSetter(
        "reply.setCookie(name, value, options)",
        "@fastify/cookie",
        CookieFlags(
            ("",),
            False,
            False,
            "lax",
            "@fastify/cookie@11.1.5 index.js:30 `Object.assign({ sameSite: 'lax' }, options)`",
        ),
    ),
    "koa": CookieSetter(
        "ctx.cookies.set(name, value, options)",
        "cookies",
        CookieFlags(
            ("",),
            FOLLOWS_CONNECTION,
            True,
            None,
            "cookies@0.9.2 index.js:139-151 (secure), 217 `Cookie.prototype.httpOnly = true`, 220 sameSite false",
        ),
    ),
    "hapi": CookieSetter(
        "server.state(name, options) / h.state(name, value, options)",
        "@hapi/statehood",
        CookieFlags(
            ("",),
            True,
            True,
            "Strict",
            "@hapi/statehood@8.2.1 lib/index.js:49-52 `isSecure: true, isHttpOnly: true, isSameSite: 'Strict'`",
            HAPI_KEYS,
        ),
    ),
}
