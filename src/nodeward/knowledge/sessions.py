"""Session middleware and their cookie names: one row per library, read by practice 3, the probe and cookie rules.

To add a session library: add a `SessionLibrary` row (verified against the installed package) and a line in
tests/fixtures/rules/NW0301.js that uses it with its default name (`// expect: NW0301`) and renamed (`// ok: NW0301`).
Its `cookie` flags (what Secure, HttpOnly and SameSite are when the app leaves them out) are read by
analysis/cookie_sites.py for practice 9; a row with flags also needs an NW0901/NW0902/NW0903 fixture line that fires it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nodeward.knowledge.cookies import FOLLOWS_CONNECTION, HAPI_KEYS, STANDARD_KEYS, CookieFlags

__all__ = [
    "DEFAULT_SESSION_COOKIES",
    "FOLLOWS_CONNECTION",
    "HAPI_KEYS",
    "SESSION_LIBRARIES",
    "STANDARD_KEYS",
    "CookieFlags",
    "SessionLibrary",
    "default_cookie_owner",
]


@dataclass(frozen=True)
class SessionLibrary:
    """Where a session library takes its cookie name and what it falls back to."""

    package: str
    options: tuple[str, ...]  # option keys that set the name, first match wins
    default: str  # the cookie name when none is set
    how: str  # "call" (middleware factory) or "plugin" (Fastify/Hapi registration)
    verified: str  # package@version and the source line the default was read from
    cookie: CookieFlags | None = None  # None: the cookie flags are not modelled yet


_EXPRESS_SESSION_FLAGS = CookieFlags(
    ("cookie",),
    False,
    True,
    None,
    "express-session@1.19.0 session/cookie.js:28 `this.httpOnly = true`; secure and sameSite unset",
    plain_http="express-session@1.19.0 index.js:242-243 `if (req.session.cookie.secure && !issecure(req, trustProxy))`",
)
_COOKIES_MODULE = "secure from cookies@0.9.2 index.js:139-151"
_COOKIES_THROW = "cookies@0.9.2 index.js:145-147 throws 'Cannot send secure cookie over unencrypted connection'"
_FASTIFY_SESSION_FLAGS = CookieFlags(
    ("cookie",),
    True,
    True,
    None,
    "@fastify/session@11.1.3 index.js:220 `option(opts.cookie, 'secure', true)`, lib/cookie.js:10 httpOnly; "
    "fastify-session@5.2.1 lib/fastifySession.js:159, lib/cookie.js:7",
)
# fastify-session reads X-Forwarded-Proto itself (lib/fastifySession.js:184-196), @fastify/session does not.
_FASTIFY_SESSION_BEHIND_PROXY = replace(
    _FASTIFY_SESSION_FLAGS,
    plain_http="@fastify/session@11.1.3 index.js:162-164 `secure === true && request.protocol !== 'https'`: not saved",
)
_SECURE_SESSION_FLAGS = CookieFlags(
    ("cookieOptions", "cookie"),
    False,
    True,
    "lax",
    "@fastify/secure-session@8.4.0 index.js:54-57 `cookieOptions || cookie`, httpOnly true; sameSite from "
    "@fastify/cookie@11.1.5 index.js:30 `Object.assign({ sameSite: 'lax' }, options)`",
)
_YAR_FLAGS = CookieFlags(
    ("cookieOptions",),
    True,
    True,
    "Lax",
    "@hapi/yar@11.0.3 lib/index.js:13-17 `isSameSite: 'Lax', isSecure: true`; isHttpOnly from @hapi/statehood@8.2.1 "
    "lib/index.js:50",
    HAPI_KEYS,
)

SESSION_LIBRARIES: tuple[SessionLibrary, ...] = (
    SessionLibrary(
        "express-session",
        ("name", "key"),
        "connect.sid",
        "call",
        "express-session@1.19.0 index.js:97 `opts.name || opts.key || 'connect.sid'`",
        _EXPRESS_SESSION_FLAGS,
    ),
    SessionLibrary(
        "cookie-session",
        ("name",),
        "session",
        "call",
        "cookie-session@2.1.1 index.js:45 `opts.name || 'session'`",
        CookieFlags(
            ("",),
            FOLLOWS_CONNECTION,
            True,
            None,
            f"cookie-session@2.1.1 index.js:53 httpOnly; {_COOKIES_MODULE}",
            plain_http=_COOKIES_THROW,
        ),
    ),
    SessionLibrary(
        "koa-session",
        ("key",),
        "koa.sess",
        "call",
        "koa-session@7.0.2 dist/esm/index.js:16 `default('koa.sess')`",
        CookieFlags(
            ("",),
            FOLLOWS_CONNECTION,
            True,
            None,
            f"koa-session@7.0.2 dist/esm/index.js:211 httpOnly; {_COOKIES_MODULE}",
            plain_http=_COOKIES_THROW,
        ),
    ),
    SessionLibrary(
        "koa-generic-session",
        ("key",),
        "koa.sid",
        "call",
        "koa-generic-session@2.3.1 lib/session.js:428 `options.key || 'koa.sid'`",
        CookieFlags(
            ("cookie",),
            FOLLOWS_CONNECTION,
            True,
            None,
            f"koa-generic-session@2.3.1 lib/session.js:33,442 `httpOnly: true`, `this.cookies.set`; {_COOKIES_MODULE}",
            plain_http=_COOKIES_THROW,
        ),
    ),
    SessionLibrary(
        "@fastify/session",
        ("cookieName",),
        "sessionId",
        "plugin",
        "@fastify/session@11.1.3 index.js:218 `options.cookieName || 'sessionId'`",
        _FASTIFY_SESSION_BEHIND_PROXY,
    ),
    SessionLibrary(
        "fastify-session",
        ("cookieName",),
        "sessionId",
        "plugin",
        "fastify-session@5.2.1 lib/fastifySession.js:157 `options.cookieName || 'sessionId'`",
        _FASTIFY_SESSION_FLAGS,
    ),
    SessionLibrary(
        "@fastify/secure-session",
        ("cookieName", "sessionName"),
        "session",
        "plugin",
        "@fastify/secure-session@8.4.0 index.js:51-52 `cookieName || sessionName || 'session'`",
        _SECURE_SESSION_FLAGS,
    ),
    SessionLibrary(
        "fastify-secure-session",
        ("cookieName", "sessionName"),
        "session",
        "plugin",
        "same code as @fastify/secure-session (its former name)",
        _SECURE_SESSION_FLAGS,
    ),
    SessionLibrary(
        "@hapi/yar", ("name",), "session", "plugin", "@hapi/yar@11.0.3 lib/index.js:22 `name: 'session'`", _YAR_FLAGS
    ),
    SessionLibrary("yar", ("name",), "session", "plugin", "the former name of @hapi/yar", _YAR_FLAGS),
    SessionLibrary(
        "client-sessions",
        ("cookieName",),
        "session_state",
        "call",
        'client-sessions@0.8.0 lib/client-sessions.js:553 `opts.cookieName || "session_state"`',
    ),
)

# Default session cookie names that no middleware option above produces: older majors and full frameworks.
# name -> who sets it by default. Sails: sails@1.5.18 lib/hooks/session/index.js:31 `name: 'sails.sid'`.
FRAMEWORK_DEFAULT_NAMES: dict[str, str] = {
    "express:sess": "cookie-session 1.x",
    "koa:sess": "koa-session before 6.x",
    "sails.sid": "Sails",
}

# Every default session cookie name -> who sets it. Cookie names are case-sensitive (RFC 6265), so
# `sessionId` and `sessionid` are different cookies; the probe compares case-insensitively on purpose, since a
# renamed-by-case cookie fingerprints the framework just as well.
DEFAULT_SESSION_COOKIES: dict[str, str] = {
    **{lib.default: lib.package for lib in reversed(SESSION_LIBRARIES)},
    **FRAMEWORK_DEFAULT_NAMES,
}


def default_cookie_owner(name: str) -> str | None:
    """Who uses `name` as a default session cookie name (compared case-insensitively), or None."""
    lower = name.lower()
    for known, owner in DEFAULT_SESSION_COOKIES.items():
        if known.lower() == lower:
            return owner
    return None
