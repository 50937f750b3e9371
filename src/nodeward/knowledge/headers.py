"""Security-header middleware and the headers helmet sends: read by practice 4 (static and live) and practice 9 (HSTS).

To add a header middleware: add a `HeaderMiddleware` row (verified against the installed package) and a line in a
tests/fixtures/rules/NW0401*.js fixture that registers it on an app (`// ok: NW0401`). A package that takes helmet's
options (`helmet_options=True`) also needs an `// expect: NW0402` line that turns one protection off with it.
To add a helmet option: add its key to the `HelmetHeader` row of the header it controls.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeaderMiddleware:
    """A package that sets the protective response headers when registered on an app."""

    package: str
    how: str  # "call" (`app.use(pkg(opts))`) or "plugin" (`fastify.register(pkg, opts)`, Hapi `register`)
    framework: str  # where it is registered: express, koa, fastify, hapi
    helmet_options: bool  # takes helmet's option object, so `HelmetHeader.options` keys turn headers off
    defaults: str  # what it sends when registered without options
    verified: str  # package@version and the source line


HEADER_MIDDLEWARE: tuple[HeaderMiddleware, ...] = (
    HeaderMiddleware("helmet", "call", "express", True, "HELMET_DEFAULTS", "helmet@8.3.0 index.cjs:340-536"),
    HeaderMiddleware(
        "koa-helmet",
        "call",
        "koa",
        True,
        "helmet's",
        "koa-helmet@9.0.0 dist/index.cjs:34 `promisify(helmet.default(...args))`",
    ),
    HeaderMiddleware(
        "@fastify/helmet",
        "plugin",
        "fastify",
        True,
        "helmet's",
        "@fastify/helmet@13.2.0 index.js:10,95 `helmet(helmetConfiguration)` from the plugin options",
    ),
    HeaderMiddleware(
        "fastify-helmet", "plugin", "fastify", True, "helmet's", "fastify-helmet@7.1.0 (former name of @fastify/helmet)"
    ),
    # lusca() sets only the headers named in its options (lusca@1.7.0 index.js:30-40 `if (options) ...`); practice 4
    # still counts its registration, since apps pass their header choices to it.
    HeaderMiddleware("lusca", "call", "express", False, "none: only the options given", "lusca@1.7.0 index.js:26-40"),
    HeaderMiddleware(
        "helmet-csp",
        "call",
        "express",
        False,
        "Content-Security-Policy",
        "helmet-csp@4.1.0 index.cjs:135-141 `res.setHeader(headerName, ...)`, default directives",
    ),
    HeaderMiddleware(
        "blankie", "plugin", "hapi", False, "Content-Security-Policy", "blankie@5.0.0 lib/index.js:63,384 (hapi CSP)"
    ),
)


@dataclass(frozen=True)
class HelmetHeader:
    """A header helmet() sends, the option keys that control it (current name first, then the alias)."""

    header: str  # as helmet writes it
    options: tuple[str, ...]
    default: str  # the value helmet() sends; "" when it is off by default
    verified: str


HELMET_HEADERS: tuple[HelmetHeader, ...] = (
    HelmetHeader(
        "Content-Security-Policy", ("contentSecurityPolicy",), "default-src 'self';...", "helmet@8.3.0 index.cjs:344"
    ),
    HelmetHeader(
        "Cross-Origin-Embedder-Policy",
        ("crossOriginEmbedderPolicy",),
        "",
        "helmet@8.3.0 index.cjs:355 (off unless set)",
    ),
    HelmetHeader(
        "Cross-Origin-Opener-Policy", ("crossOriginOpenerPolicy",), "same-origin", "helmet@8.3.0 index.cjs:175"
    ),
    HelmetHeader(
        "Cross-Origin-Resource-Policy", ("crossOriginResourcePolicy",), "same-origin", "helmet@8.3.0 index.cjs:191"
    ),
    HelmetHeader("Origin-Agent-Cluster", ("originAgentCluster",), "?1", "helmet@8.3.0 index.cjs:208"),
    HelmetHeader("Referrer-Policy", ("referrerPolicy",), "no-referrer", "helmet@8.3.0 index.cjs:214"),
    HelmetHeader(
        "Strict-Transport-Security",
        ("strictTransportSecurity", "hsts"),
        "max-age=31536000; includeSubDomains",
        "helmet@8.3.0 index.cjs:238,414 `options.strictTransportSecurity ?? options.hsts`",
    ),
    HelmetHeader(
        "X-Content-Type-Options", ("xContentTypeOptions", "noSniff"), "nosniff", "helmet@8.3.0 index.cjs:272,429"
    ),
    HelmetHeader(
        "X-DNS-Prefetch-Control", ("xDnsPrefetchControl", "dnsPrefetchControl"), "off", "helmet@8.3.0 index.cjs:445"
    ),
    HelmetHeader("X-Download-Options", ("xDownloadOptions", "ieNoOpen"), "noopen", "helmet@8.3.0 index.cjs:460"),
    HelmetHeader("X-Frame-Options", ("xFrameOptions", "frameguard"), "SAMEORIGIN", "helmet@8.3.0 index.cjs:296,476"),
    HelmetHeader(
        "X-Permitted-Cross-Domain-Policies",
        ("xPermittedCrossDomainPolicies", "permittedCrossDomainPolicies"),
        "none",
        "helmet@8.3.0 index.cjs:313,491",
    ),
    # Not a header helmet sends but one it removes: `X-Powered-By`, turned back on by `xPoweredBy: false`.
    HelmetHeader("X-Powered-By", ("xPoweredBy", "hidePoweredBy"), "", "helmet@8.3.0 index.cjs:506"),
    HelmetHeader("X-XSS-Protection", ("xXssProtection", "xssFilter"), "0", "helmet@8.3.0 index.cjs:337,522"),
)

HEADER_MIDDLEWARE_PACKAGES = frozenset(m.package for m in HEADER_MIDDLEWARE)
HELMET_CALLS = tuple(m.package for m in HEADER_MIDDLEWARE if m.helmet_options and m.how == "call")
HELMET_PLUGINS = tuple(m.package for m in HEADER_MIDDLEWARE if m.helmet_options and m.how == "plugin")
# lower-case header -> the value helmet() sends by default, for the headers it sends.
HELMET_DEFAULTS: dict[str, str] = {h.header.lower(): h.default for h in HELMET_HEADERS if h.default}


def helmet_header(header: str) -> HelmetHeader:
    """The row of a header helmet controls (KeyError for another header)."""
    for row in HELMET_HEADERS:
        if row.header.lower() == header.lower():
            return row
    raise KeyError(header)


# helmet's HSTS options, current name first; helmet also exports the middleware under both names (`helmet.hsts()`).
HSTS_OPTIONS = helmet_header("Strict-Transport-Security").options


@dataclass(frozen=True)
class HeaderSetter:
    """A response method that sets headers by hand: read by practice 4 (a key header set without middleware) and by
    the taint engine (request data in a header value, a `Location` or `Access-Control-Allow-Origin`)."""

    method: str
    takes: str  # "name-value": (name, value) or an object of them; "object": an object; "status-object": writeHead
    where: str
    verified: str


HEADER_SETTERS: tuple[HeaderSetter, ...] = (
    HeaderSetter(
        "set",
        "name-value",
        "Express res.set(field, val | {..}), Koa ctx.set",
        "express@4.22.3 lib/response.js:776; koa@2.16.4 lib/response.js:480, lib/context.js:205",
    ),
    HeaderSetter("setHeader", "name-value", "node:http ServerResponse.setHeader(name, value)", "node@20"),
    HeaderSetter(
        "header",
        "name-value",
        "Express res.header (res.set), Fastify reply.header(key, value), Hapi response.header(key, value)",
        "express@4.22.3 lib/response.js:777; fastify@5.12.8 lib/reply.js:273; @hapi/hapi@21.4.13 lib/response.js:142",
    ),
    HeaderSetter("headers", "object", "Fastify reply.headers({...})", "fastify@5.12.8 lib/reply.js:298"),
    HeaderSetter("writeHead", "status-object", "node:http writeHead(status[, message][, headers])", "node@20"),
    HeaderSetter(
        "append",
        "name-value",
        "Express res.append(field, val), Koa ctx.append",
        "express@4.22.3 lib/response.js:744; koa@2.16.4 lib/response.js:510, lib/context.js:206",
    ),
)
HEADER_SETTER_METHODS: frozenset[str] = frozenset(s.method for s in HEADER_SETTERS)
