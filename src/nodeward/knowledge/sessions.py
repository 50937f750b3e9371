"""Session middleware and their cookie names: one row per library, read by practice 3, the probe and cookie rules.

To add a session library: add a `SessionLibrary` row (verified against the installed package) and a line in
tests/fixtures/rules/NW0301.js that uses it with its default name (`// expect: NW0301`) and renamed (`// ok: NW0301`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionLibrary:
    """Where a session library takes its cookie name and what it falls back to."""

    package: str
    options: tuple[str, ...]  # option keys that set the name, first match wins
    default: str  # the cookie name when none is set
    how: str  # "call" (middleware factory) or "plugin" (Fastify/Hapi registration)
    verified: str  # package@version and the source line the default was read from


SESSION_LIBRARIES: tuple[SessionLibrary, ...] = (
    SessionLibrary(
        "express-session",
        ("name", "key"),
        "connect.sid",
        "call",
        "express-session@1.19.0 index.js:97 `opts.name || opts.key || 'connect.sid'`",
    ),
    SessionLibrary(
        "cookie-session", ("name",), "session", "call", "cookie-session@2.1.1 index.js:45 `opts.name || 'session'`"
    ),
    SessionLibrary(
        "koa-session", ("key",), "koa.sess", "call", "koa-session@7.0.2 dist/esm/index.js:16 `default('koa.sess')`"
    ),
    SessionLibrary(
        "koa-generic-session",
        ("key",),
        "koa.sid",
        "call",
        "koa-generic-session@2.3.1 lib/session.js:428 `options.key || 'koa.sid'`",
    ),
    SessionLibrary(
        "@fastify/session",
        ("cookieName",),
        "sessionId",
        "plugin",
        "@fastify/session@11.1.3 index.js:218 `options.cookieName || 'sessionId'`",
    ),
    SessionLibrary(
        "fastify-session",
        ("cookieName",),
        "sessionId",
        "plugin",
        "fastify-session@5.2.1 lib/fastifySession.js:157 `options.cookieName || 'sessionId'`",
    ),
    SessionLibrary(
        "@fastify/secure-session",
        ("cookieName", "sessionName"),
        "session",
        "plugin",
        "@fastify/secure-session@8.4.0 index.js:51-52 `cookieName || sessionName || 'session'`",
    ),
    SessionLibrary(
        "fastify-secure-session",
        ("cookieName", "sessionName"),
        "session",
        "plugin",
        "same code as @fastify/secure-session (its former name)",
    ),
    SessionLibrary("@hapi/yar", ("name",), "session", "plugin", "@hapi/yar@11.0.3 lib/index.js:22 `name: 'session'`"),
    SessionLibrary("yar", ("name",), "session", "plugin", "the former name of @hapi/yar"),
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
