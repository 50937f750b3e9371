"""Authentication libraries: packages whose presence says the application authenticates its users (keeps sessions,
verifies tokens, checks passwords or delegates to an identity provider). Read by practice 4 (wide-open CORS on an
authenticated API, NW0405) and practice 6 (is there anyone to authenticate at all).

Session libraries are not listed here: every row of knowledge/sessions.py counts, first. To add a library: add a
row with its kind; a package name ending in "/" or "-" is a prefix (a scope such as `@clerk/`, a family such as
`passport-`), matched against the imported module name.
"""

from __future__ import annotations

from dataclasses import dataclass

from nodeward.knowledge.sessions import SESSION_LIBRARIES

# session: keeps a login in a cookie · token: signs or verifies tokens · strategy: authenticates a request
# (middleware, login strategies) · password: hashes passwords · identity: an identity provider's SDK or an auth
# framework
AUTH_KINDS = frozenset({"session", "token", "strategy", "password", "identity"})


@dataclass(frozen=True)
class AuthLibrary:
    package: str  # an npm name, or a prefix ending in "/" or "-"
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in AUTH_KINDS:
            raise ValueError(f"{self.package}: unknown authentication kind {self.kind!r}")

    @property
    def prefix(self) -> bool:
        return self.package.endswith(("/", "-"))

    def matches(self, module: str) -> bool:
        return module == self.package or (self.prefix and module.startswith(self.package))


AUTH_LIBRARIES: tuple[AuthLibrary, ...] = (
    *(AuthLibrary(library.package, "session") for library in SESSION_LIBRARIES),
    AuthLibrary("passport", "strategy"),
    AuthLibrary("jsonwebtoken", "token"),
    AuthLibrary("express-jwt", "token"),
    AuthLibrary("@nestjs/passport", "strategy"),
    AuthLibrary("@nestjs/jwt", "token"),
    AuthLibrary("@fastify/jwt", "token"),
    AuthLibrary("koa-jwt", "token"),
    AuthLibrary("koa-passport", "strategy"),
    AuthLibrary("@hapi/jwt", "token"),
    AuthLibrary("hapi-auth-jwt2", "token"),
    AuthLibrary("@hapi/cookie", "strategy"),
    AuthLibrary("jose", "token"),
    AuthLibrary("basic-auth", "strategy"),
    AuthLibrary("express-basic-auth", "strategy"),
    AuthLibrary("basic-auth-connect", "strategy"),
    AuthLibrary("bcrypt", "password"),
    AuthLibrary("bcryptjs", "password"),
    AuthLibrary("argon2", "password"),
    AuthLibrary("keycloak-connect", "identity"),
    AuthLibrary("openid-client", "identity"),
    AuthLibrary("express-openid-connect", "identity"),
    AuthLibrary("next-auth", "identity"),
    AuthLibrary("firebase-admin", "identity"),
    AuthLibrary("supertokens-node", "identity"),
    AuthLibrary("lucia", "identity"),
    AuthLibrary("better-auth", "identity"),
    AuthLibrary("@fastify/auth", "strategy"),
    AuthLibrary("@fastify/basic-auth", "strategy"),
    AuthLibrary("@hapi/basic", "strategy"),
    AuthLibrary("@node-rs/", "password"),
    AuthLibrary("@auth/", "identity"),
    AuthLibrary("@clerk/", "identity"),
    AuthLibrary("passport-", "strategy"),
)


def auth_library(module: str) -> AuthLibrary | None:
    """The row an imported module name belongs to, or None."""
    return next((row for row in AUTH_LIBRARIES if row.matches(module)), None)
