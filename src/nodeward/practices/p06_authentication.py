"""Practice 6: strong authentication, code side (rules NW0601-NW0649)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from nodeward.collect.manifests import all_dependencies
from nodeward.deps.audit import lowest_admitted
from nodeward.findings import Confidence, Location, Severity
from nodeward.js.extract import captures, node_location, source_of, tree_of
from nodeward.js.values import CALL, UNDEFINED, Arr, Func, Obj, Prop, Ref, Unknown, Value
from nodeward.knowledge import crypto as crypto_rows
from nodeward.knowledge import secrets
from nodeward.knowledge.auth import auth_library
from nodeward.practices._evidence import evidence_capped
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.js_project_target import (
    JsProjectTarget,
    arg,
    calls_in_function,
    calls_to_any,
    js_of,
    known_number,
    lookup,
    value_names,
    where,
)
from nodeward.rules.names import (
    is_password_function_name,
    is_password_name,
    is_password_param,
    is_secret_name,
    names_a_quantity,
    words,
)

if TYPE_CHECKING:
    from tree_sitter import Node as ts_node

    from nodeward.facts import Facts
    from nodeward.js.extract import Call, JsProject


def _enclosing_function(js: JsProject, call: Call) -> Func | None:
    if call.function is None:
        return None
    return js.function((call.file, call.function))


def _promisified(js: JsProject, member: str) -> list[Call]:
    """Calls of `util.promisify(crypto.<member>)`: `const pbkdf2 = promisify(crypto.pbkdf2); await pbkdf2(...)`."""
    out = []
    for call in js.calls_under("util"):
        callee = call.callee
        if not (isinstance(callee, Ref) and callee.path == ("promisify", CALL)):
            continue
        maker = js.call_at(callee.origin)
        wrapped = maker.arg(0) if maker is not None else None
        if isinstance(wrapped, Ref) and wrapped.is_module("crypto", member):
            out.append(call)
    return out


def _hashes_a_password(js: JsProject, call: Call, value: Value | None) -> bool:
    """The hashed value is named like a password, or it is a `plain`/`pwd` parameter of a password helper."""
    if value is None:
        return False
    names = value_names(js, value)
    if any(is_password_name(n) for n in names):
        return True
    func = _enclosing_function(js, call)
    return bool(
        func and func.name and is_password_function_name(func.name) and any(is_password_param(n) for n in names)
    )


@rule(
    "NW0601",
    "password-fast-hash",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=916,
)
@evidence_capped
def password_fast_hash(facts: Facts) -> Iterator[Hit]:
    """A password is hashed with a fast hash (MD5, SHA-1, SHA-2) instead of a password hashing function.

    ## What it checks
    Calls that hash a value whose name says it is a password (`password`, `userPassword`, `req.body.password`,
    the `plain`/`pwd` parameter of a hashing helper): `crypto.createHash(alg).update(password)`, `createHmac`,
    and the `md5`, `sha1` and `crypto-js` packages. It looks at *what* is hashed, so checksums, ETags, Gravatar
    hashes of e-mail addresses and hashes of random tokens stay quiet.

    ## Why it matters
    MD5 and the SHA families are built to be fast: one GPU computes billions of SHA-256 hashes per second, so a
    leaked table of fast password hashes (salted or not) is cracked in hours. Password hashing functions (Argon2id,
    scrypt, bcrypt, PBKDF2 with a high iteration count) are slow on purpose.

    ## How to fix
    Hash passwords with Argon2id (`argon2`), bcrypt (`bcrypt`/`bcryptjs`, cost 10 or more) or `crypto.scrypt`
    with OWASP parameters, and verify with the library's compare function. Rehash old fast hashes at next login.

    ## Example
    ```js
    const crypto = require('crypto');
    function register(password) {
      return crypto.createHash('sha256').update(password).digest('hex');
    }
    ```

    ## Use instead
    ```js
    const bcrypt = require('bcrypt');
    function register(password) {
      return bcrypt.hash(password, 12);
    }
    ```

    ## References
    - OWASP Password Storage Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
    - CWE-916: Use of Password Hash With Insufficient Computational Effort
    """
    js = js_of(facts)
    for call in js.calls_under("crypto"):
        callee = call.callee
        if not isinstance(callee, Ref) or len(callee.path) < 3 or callee.path[-1] != "update":
            continue
        if callee.path[0] not in ("createHash", "createHmac") or callee.path[1] != CALL:
            continue
        if not _hashes_a_password(js, call, arg(js, call, 0)):
            continue
        maker = js.call_at(callee.origin) if callee.origin else None
        algorithm = maker.arg(0) if maker is not None and maker.is_to("crypto", callee.path[0]) else None
        alg = algorithm if isinstance(algorithm, str) else "a fast hash"
        yield fails(call, f"password hashed with {callee.path[0]}({alg!r}): a fast hash, crackable at GPU speed")
    for module, members in _HASH_PACKAGES:
        for call in calls_to_any(js, module, *members):
            if _hashes_a_password(js, call, arg(js, call, 0)):
                name = f"{module}.{call.member}" if call.member else module
                yield fails(call, f"password hashed with {name}: a fast hash, crackable at GPU speed")
    for module in ("argon2", "@node-rs/argon2"):
        for call in js.calls_to(module, "hash"):
            yield holds(call, f"passwords hashed with {module}")


_HASH_PACKAGES = (
    ("md5", ("",)),
    ("sha1", ("",)),
    ("js-md5", ("", "md5")),
    ("js-sha1", ("", "sha1")),
    ("js-sha256", ("", "sha256", "sha224")),
    ("js-sha512", ("", "sha512", "sha384")),
    ("crypto-js", ("MD5", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SHA3", "HmacMD5", "HmacSHA1", "HmacSHA256")),
    ("crypto-js/md5", ("",)),
    ("crypto-js/sha1", ("",)),
    ("crypto-js/sha256", ("",)),
    ("crypto-js/sha512", ("",)),
)


@rule(
    "NW0602",
    "bcrypt-low-cost",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=916,
)
@evidence_capped
def bcrypt_low_cost(facts: Facts) -> Iterator[Hit]:
    """bcrypt or bcryptjs is used with a cost factor below 10.

    ## What it checks
    `hash`, `hashSync`, `genSalt` and `genSaltSync` of `bcrypt` and `bcryptjs` whose rounds argument is a number
    (a literal or a constant) below 10. Both libraries default to 10 when the argument is left out.

    ## Why it matters
    The cost is a power of two: cost 8 is four times faster to brute-force than 10, cost 4 (the minimum) 64 times.
    OWASP asks for at least 10, and more where the login latency allows it.

    ## How to fix
    Use a cost of at least 10 (12 is common); measure that one hash takes a few hundred milliseconds on your server.

    ## Example
    ```js
    const bcrypt = require('bcrypt');
    const hashed = bcrypt.hashSync(password, 8);
    ```

    ## Use instead
    ```js
    const bcrypt = require('bcrypt');
    const hashed = bcrypt.hashSync(password, 12);
    ```

    ## References
    - OWASP Password Storage Cheat Sheet, bcrypt: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#bcrypt
    - Both default to 10 rounds: bcrypt 6.0.0 `bcrypt.js`, bcryptjs 3.0.3 `GENSALT_DEFAULT_LOG2_ROUNDS`
    - CWE-916: Use of Password Hash With Insufficient Computational Effort
    """
    js = js_of(facts)
    for module in ("bcrypt", "bcryptjs", "bcrypt-nodejs"):
        for member, index in (("hash", 1), ("hashSync", 1), ("genSalt", 0), ("genSaltSync", 0)):
            for call in js.calls_to(module, member):
                rounds = known_number(arg(js, call, index))
                # Both libraries treat a missing or 0 cost as 10, and bcryptjs raises anything below 4 to 4.
                at = call.arg_locations[index] if index < len(call.arg_locations) else call.location
                if rounds is not None and 0 < rounds < 10:
                    yield fails(at, f"{module}.{member} with cost {rounds:g} (below 10)")
                elif rounds is not None and rounds >= 10 and member.startswith("hash"):
                    yield holds(at, f"passwords hashed with {module}, cost {rounds:g}")


@rule(
    "NW0603",
    "pbkdf2-low-iterations",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=916,
)
def pbkdf2_low_iterations(facts: Facts) -> Iterator[Hit]:
    """PBKDF2 runs fewer iterations than OWASP recommends for its digest.

    ## What it checks
    `crypto.pbkdf2` and `crypto.pbkdf2Sync` whose iteration count is a known number, and Web Crypto
    `{ name: 'PBKDF2', iterations, hash }` parameters. The minimum depends on the digest: 600,000 for SHA-256,
    210,000 for SHA-512 and 1,300,000 for SHA-1 (OWASP, 2023); other digests are held to the SHA-256 figure.

    ## Why it matters
    PBKDF2 is only as slow as its iteration count. The old "10,000 iterations" advice is cracked on a GPU about
    sixty times faster than the current minimum.

    ## How to fix
    Raise the iteration count to the minimum for the digest (or switch to Argon2id or scrypt) and rehash stored
    passwords at next login; store the iteration count with each hash so it can be raised again later.

    ## Example
    ```js
    const crypto = require('crypto');
    const key = crypto.pbkdf2Sync(password, salt, 100000, 64, 'sha512');
    ```

    ## Use instead
    ```js
    const crypto = require('crypto');
    const key = crypto.pbkdf2Sync(password, salt, 210000, 64, 'sha512');
    ```

    ## References
    - OWASP Password Storage Cheat Sheet, PBKDF2: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2
    - CWE-916: Use of Password Hash With Insufficient Computational Effort
    """
    js = js_of(facts)
    calls = calls_to_any(js, "crypto", "pbkdf2", "pbkdf2Sync") + calls_to_any(js, "pbkdf2", "pbkdf2", "pbkdf2Sync")
    for call in calls + _promisified(js, "pbkdf2"):
        iterations = known_number(arg(js, call, 2))
        digest = arg(js, call, 4)
        if iterations is None:
            continue
        minimum = _pbkdf2_minimum(digest)
        if iterations < minimum:
            at = call.arg_locations[2] if len(call.arg_locations) > 2 else call.location
            yield fails(at, _pbkdf2_message(iterations, digest, minimum))
    for member in ("deriveKey", "deriveBits"):  # Web Crypto: crypto.subtle.deriveKey({ name: 'PBKDF2', ... })
        for call in js.method_calls(member):
            params = arg(js, call, 0)
            if not isinstance(params, Obj) or not isinstance(params.get("name"), str):
                continue
            if str(params.get("name")).upper() != "PBKDF2":
                continue
            p = params.prop("iterations")
            iterations = known_number(p.value) if p is not None else None
            if p is None or iterations is None:
                continue
            digest = params.get("hash")
            if isinstance(digest, Obj):
                digest = digest.get("name")
            minimum = _pbkdf2_minimum(digest)
            if iterations < minimum:
                yield fails(where(p, call.location), _pbkdf2_message(iterations, digest, minimum))


# OWASP Password Storage Cheat Sheet (2023): PBKDF2-HMAC iterations per digest.
_PBKDF2_MINIMUM = {"sha1": 1_300_000, "sha256": 600_000, "sha512": 210_000}


def _pbkdf2_minimum(digest: Value | None) -> int:
    if not isinstance(digest, str):
        return min(_PBKDF2_MINIMUM.values())  # unknown digest: the most lenient figure, to stay precise
    key = digest.lower().replace("-", "")
    return _PBKDF2_MINIMUM.get(key, _PBKDF2_MINIMUM["sha256"])


def _pbkdf2_message(iterations: float, digest: Value | None, minimum: int) -> str:
    name = digest if isinstance(digest, str) else "an unknown digest"
    return f"PBKDF2 with {iterations:,.0f} iterations of {name} (OWASP minimum: {minimum:,})"


@rule(
    "NW0604",
    "scrypt-weak-parameters",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=916,
)
def scrypt_weak_parameters(facts: Facts) -> Iterator[Hit]:
    """scrypt hashes passwords with parameters below OWASP's minimum.

    ## What it checks
    `crypto.scrypt` and `crypto.scryptSync` with a cost `N` (`cost`), block size `r` (`blockSize`) and
    parallelization `p` (`parallelization`) below OWASP's trade-off table: r at least 8 and N x p at least
    81,920 (N=2^17 p=1, N=2^16 p=2, N=2^15 p=3, N=2^14 p=5 or N=2^13 p=10). Node's defaults (N=16384, r=8, p=1)
    are below it, so a call without options is flagged when it hashes a password.

    ## Why it matters
    scrypt's strength is its memory cost; with a small N an attacker's GPU runs many guesses in parallel.

    ## How to fix
    Pass `{ N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }` (Node's default `maxmem` of 32 MiB is too small
    for N=2^17) or an equivalent row of the OWASP table, or use Argon2id.

    ## Example
    ```js
    const crypto = require('crypto');
    const hash = crypto.scryptSync(password, salt, 64, { N: 1024 });
    ```

    ## Use instead
    ```js
    const crypto = require('crypto');
    const hash = crypto.scryptSync(password, salt, 64, { N: 131072, r: 8, p: 1, maxmem: 268435456 });
    ```

    ## References
    - OWASP Password Storage Cheat Sheet, scrypt: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt
    - Node.js `crypto.scrypt` defaults: https://nodejs.org/api/crypto.html#cryptoscryptpassword-salt-keylen-options-callback
    - CWE-916: Use of Password Hash With Insufficient Computational Effort
    """
    js = js_of(facts)
    for call in calls_to_any(js, "crypto", "scrypt", "scryptSync") + _promisified(js, "scrypt"):
        if not _hashes_a_password(js, call, arg(js, call, 0)):
            continue
        options = arg(js, call, 3)
        if isinstance(options, Func) or options is None or options is UNDEFINED:
            options = Obj(())
        if not isinstance(options, Obj):
            continue
        n = _scrypt_param(options, "N", "cost", 16384)
        r = _scrypt_param(options, "r", "blockSize", 8)
        p = _scrypt_param(options, "p", "parallelization", 1)
        if n is None or r is None or p is None:
            continue
        if r < 8 or n * p < 81920:
            at = options.location or call.location
            yield fails(at, f"scrypt with N={n:g}, r={r:g}, p={p:g}: below OWASP's minimum (N=2^17, r=8, p=1)")


def _scrypt_param(options: Obj, short: str, long: str, default: int) -> float | None:
    """The value of one scrypt parameter (Node accepts both spellings), its default, or None if computed."""
    for key in (short, long):
        p = options.prop(key)
        if p is not None:
            return known_number(p.value)
    return None if options.open else default


@rule(
    "NW0605",
    "hardcoded-session-secret",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=798,
)
def hardcoded_session_secret(facts: Facts) -> Iterator[Hit]:
    """A session, cookie-signing or JWT secret is written in the source code.

    ## What it checks
    Literal strings (directly, through a constant, or in an array) passed as the secret of `express-session`
    (`secret`), `cookie-session` (`keys`, `secret`), `cookie-parser`, `jsonwebtoken`'s `sign`/`verify`,
    `express-jwt`, `koa-jwt` and `passport-jwt` (also through NestJS `PassportStrategy` `super({ secretOrKey })`),
    NestJS `JwtModule.register`, `@fastify/cookie`, `@fastify/session`, `@fastify/secure-session`, `@fastify/jwt`,
    Hapi `@hapi/yar` (`cookieOptions.password`), `@hapi/cookie` and `@hapi/jwt` strategies, and Koa's `app.keys`
    (which sign koa-session cookies), and the keys of `jwt-simple` `encode`/`decode`, `jose` `SignJWT...sign` and
    `jwtVerify` (also through `new TextEncoder().encode('...')`) and `fast-jwt` `createSigner`/`createVerifier`
    (rows of `knowledge/secrets.py`). A `process.env.X || 'literal'` fallback counts as hard-coded.
    A constant used at several call sites of one file (`jwt.sign` and `jwt.verify` with the same `JWT_SECRET`) is
    reported once, at its first use; a literal written at each call site is reported at each.

    ## Why it matters
    Anyone who reads the repository (or a leaked copy, or the built image) can forge session cookies and JWTs and
    log in as any user. A secret in Git also cannot be rotated without a commit and stays in the history.

    ## How to fix
    Read secrets from the environment or a secret manager at start-up, fail to start when they are missing, and
    rotate the secret that was committed.

    ## Example
    ```js
    const session = require('express-session');
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
    ```

    ## Use instead
    ```js
    const session = require('express-session');
    app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
    ```

    ## References
    - OWASP Secrets Management Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
    - CWE-798: Use of Hard-coded Credentials
    """
    yield from _once_per_constant(facts, _session_secret_hits(facts))


_CONSTANT_RE = re.compile(r"[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*")


def _located_text(facts: Facts, at: Location) -> str:
    """The source text at a location (one line or several), '' when it cannot be read."""
    if facts.project is None:
        return ""
    try:
        lines = facts.project.lines(at.path)
    except (OSError, ValueError):
        return ""
    end_line = at.end_line or at.line
    if not (1 <= at.line <= end_line <= len(lines)) or end_line - at.line > 20:
        return ""
    chunk = lines[at.line - 1 : end_line]
    if at.end_column:
        chunk[-1] = chunk[-1][: at.end_column - 1]
    if at.column:
        chunk[0] = chunk[0][at.column - 1 :]
    return "\n".join(chunk).strip()


def _once_per_constant(facts: Facts, hits: Iterator[Hit]) -> Iterator[Hit]:
    """One finding per hard-coded constant and file: `const JWT_SECRET = '...'` used by `jwt.sign` and
    `jwt.verify` is one secret to move out of the code, reported at its first use. A literal written at the call
    site itself stays its own finding (each one is a separate place to fix)."""
    firsts: dict[tuple[str, str], int] = {}
    kept: list[Hit] = []
    more: dict[int, list[int]] = {}
    for hit in hits:
        at = hit.location
        text = _located_text(facts, at) if at is not None and at.line else ""
        if ":" in text:  # an option `secret: SESSION_SECRET`: the value after the key
            text = text.split(":", 1)[1].strip().rstrip(",").strip()
        if at is None or not _CONSTANT_RE.fullmatch(text):
            kept.append(hit)
            continue
        key = (at.path, re.sub(r"\s+", "", text))
        if key in firsts:
            more.setdefault(firsts[key], []).append(at.line)
            continue
        firsts[key] = len(kept)
        kept.append(hit)
    for i, hit in enumerate(kept):
        lines = more.get(i)
        if lines:
            also = ", ".join(str(n) for n in sorted(set(lines)))
            hit = replace(
                hit,
                message=f"{hit.message}; the same constant is also used at line {also}",
                data={**hit.data, "also_used_at_lines": sorted(set(lines))},
            )
        yield hit


def _session_secret_hits(facts: Facts) -> Iterator[Hit]:
    js = js_of(facts)
    for call in js.calls_to("express-session"):
        yield from _secret_props(call, arg(js, call, 0), ("secret",), "express-session secret")
    for call in js.calls_to("cookie-session"):
        yield from _secret_props(call, arg(js, call, 0), ("secret", "keys"), "cookie-session keys")
    for call in js.calls_to("cookie-parser"):
        yield from _secret_value(call, arg(js, call, 0), 0, "cookie-parser secret")
    for member in ("sign", "verify"):
        for call in js.calls_to("jsonwebtoken", member):
            yield from _secret_value(call, arg(js, call, 1), 1, f"jsonwebtoken {member} key")
    for call in calls_to_any(js, "express-jwt", "", "expressjwt"):
        yield from _secret_props(call, arg(js, call, 0), ("secret",), "express-jwt secret")
    for call in js.calls_to("passport-jwt", "Strategy"):
        yield from _secret_props(call, arg(js, call, 0), ("secretOrKey",), "passport-jwt secretOrKey")
    for call in calls_to_any(js, "@nestjs/jwt", "JwtModule.register"):
        yield from _secret_props(call, arg(js, call, 0), ("secret", "privateKey"), "JwtModule secret")
    for call in calls_to_any(js, "koa-jwt", "", "default"):
        yield from _secret_props(call, arg(js, call, 0), ("secret",), "koa-jwt secret")
    for module in js.modules:
        for call in module.calls:
            # NestJS: `class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({ ... }) } }`
            if call.callee_text == "super" and module.imports_module("passport-jwt"):
                yield from _secret_props(call, arg(js, call, 0), ("secretOrKey",), "passport-jwt secretOrKey")
            # Hapi: server.auth.strategy('jwt', 'jwt', { keys: '...' }) with @hapi/jwt
            elif call.member == "strategy" and arg(js, call, 1) == "jwt" and module.imports_module("@hapi/jwt"):
                yield from _secret_props(call, arg(js, call, 2), ("keys",), "@hapi/jwt keys")
    yield from _plugin_secrets(js)
    yield from credential_hits(facts, "NW0605")  # jwt-simple, jose, fast-jwt: rows of knowledge/secrets.py
    for module in js.modules:  # Koa: app.keys = ['...'] signs koa-session and ctx.cookies
        for a in module.assignments:
            target = a.target
            if (
                isinstance(target, Ref)
                and target.kind == "module"
                and target.name == "koa"
                and target.path[-1:] == ("keys",)
            ):
                secret = _literal_secret(a.value)
                if secret:
                    yield fails(a.location, f"Koa app.keys {secret}")


# Fastify plugins registered with `fastify.register(plugin, options)` and the option that holds their secret.
_FASTIFY_SECRET_PLUGINS = {
    "@fastify/cookie": ("secret",),
    "fastify-cookie": ("secret",),
    "@fastify/session": ("secret",),
    "fastify-session": ("secret",),
    "@fastify/secure-session": ("secret", "key"),
    "@fastify/jwt": ("secret",),
    "fastify-jwt": ("secret",),
}


def _plugin_secrets(js: JsProject) -> Iterator[Hit]:
    for call in js.method_calls("register"):
        plugin = arg(js, call, 0)
        if isinstance(plugin, Ref) and plugin.kind == "module" and not plugin.path:
            keys = _FASTIFY_SECRET_PLUGINS.get(plugin.name)
            if keys:
                yield from _secret_props(call, arg(js, call, 1), keys, f"{plugin.name} {keys[0]}")
        for entry in call.args:  # Hapi: server.register({ plugin: require('@hapi/yar'), options: {...} })
            if not isinstance(entry, Obj):
                continue
            plugin = entry.get("plugin")
            if isinstance(plugin, Ref) and plugin.is_module("@hapi/yar"):
                cookie = entry.lookup("options.cookieOptions")
                yield from _secret_props(call, cookie, ("password",), "@hapi/yar cookieOptions.password")
    for call in js.method_calls("strategy"):  # Hapi: server.auth.strategy('session', 'cookie', { cookie: {...} })
        if arg(js, call, 1) == "cookie":
            options = arg(js, call, 2)
            yield from _secret_props(
                call,
                options.get("cookie") if isinstance(options, Obj) else None,
                ("password",),
                "@hapi/cookie password",
            )


_FALLBACK_RE = re.compile(r"^process\.env(?:\.\w+|\[[^\]]+\])\s*(?:\|\||\?\?)\s*(['\"`])(.*)\1$", re.DOTALL)


def _literal_secret(value: Value | None) -> str | None:
    """How a secret value is hard-coded ("is the literal 'k…'"), or None when it is not a literal."""
    if isinstance(value, str):
        if "-----BEGIN PUBLIC KEY-----" in value or "-----BEGIN CERTIFICATE-----" in value:
            return None  # public keys are not secrets
        return f"is a hard-coded string ({_redact(value)})"
    if isinstance(value, Arr) and any(isinstance(item, str) for item in value.items):
        first = next(item for item in value.items if isinstance(item, str))
        return f"is a list of hard-coded strings ({_redact(str(first))}, ...)"
    if isinstance(value, Unknown):
        m = _FALLBACK_RE.match(value.text)
        if m:
            return f"falls back to a hard-coded string ({_redact(m.group(2))}) when the variable is unset"
    return None


def _redact(secret: str) -> str:
    """Never print a whole secret into a report: the first two characters and the length."""
    if len(secret) <= 2:
        return f"{len(secret)} characters"
    # repr() escapes control characters, so a hostile literal cannot drive the terminal.
    return f"{secret[:2]!r}…, {len(secret)} characters"


def _secret_props(call: Call, options: Value | None, keys: tuple[str, ...], what: str) -> Iterator[Hit]:
    if not isinstance(options, Obj):
        return
    for key in keys:
        p = options.prop(key)
        if p is None:
            continue
        how = _literal_secret(p.value)
        if how:
            yield fails(where(p, call.location), f"{what} {how}")


def _secret_value(call: Call, value: Value | None, index: int, what: str) -> Iterator[Hit]:
    how = _literal_secret(value)
    if how:
        at = call.arg_locations[index] if index < len(call.arg_locations) else call.location
        yield fails(at, f"{what} {how}")


@rule(
    "NW0606",
    "jwt-verify-without-algorithms",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=347,
)
@evidence_capped
def jwt_verify_without_algorithms(facts: Facts) -> Iterator[Hit]:
    """jwt.verify accepts whatever algorithm the token names, or allows unsigned tokens.

    ## What it checks
    `jsonwebtoken`'s `verify` called without an options object that contains `algorithms`, any `algorithms`
    list that contains `'none'`, and lists that mix HMAC (`HS*`) with public-key (`RS*`, `PS*`, `ES*`) algorithms.
    When package.json declares jsonwebtoken at 9 or later (every version the range admits), an omitted list is
    evidence instead: 9.x takes the algorithm family from the key's type and refuses `'none'`.

    ## Why it matters
    The token's header chooses the algorithm. Before jsonwebtoken 9, a verifier given an RSA public key without an
    `algorithms` list accepted HS256 tokens signed with that public key as the HMAC secret (algorithm confusion,
    CVE-2022-23540/23541); 9.x infers a family from the key type, which still trusts the token to pick within it
    and depends on the installed version. Allowing `'none'` accepts tokens with no signature at all.

    ## How to fix
    Pin the exact algorithms you issue: `jwt.verify(token, key, { algorithms: ['RS256'] })`, never `'none'`.

    ## Example
    ```js
    const jwt = require('jsonwebtoken');
    const claims = jwt.verify(token, publicKey);
    ```

    ## Use instead
    ```js
    const jwt = require('jsonwebtoken');
    const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'] });
    ```

    ## References
    - OWASP JSON Web Token Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html
    - jsonwebtoken 9.0.3 `verify.js` (algorithms default by key type): https://github.com/auth0/node-jsonwebtoken
    - CWE-347: Improper Verification of Cryptographic Signature
    """
    js = js_of(facts)
    key_typed = _jsonwebtoken_infers_family(facts)
    for call in js.calls_to("jsonwebtoken", "verify"):
        if any(isinstance(a, Unknown) and a.text.startswith("...") for a in call.args):
            continue  # spread arguments: the options may be in there
        options = arg(js, call, 2)
        missing = isinstance(options, Func) or options is None or options is UNDEFINED
        if not missing and not isinstance(options, Obj):
            continue
        p = options.prop("algorithms") if isinstance(options, Obj) else None
        if p is None and key_typed is not None:
            yield holds(call, f"jsonwebtoken {key_typed}: the key's type fixes the algorithm family, 'none' refused")
            continue
        if missing:
            yield fails(call, "jwt.verify without an algorithms list: the token's header picks the algorithm")
            continue
        assert isinstance(options, Obj)
        if p is None:
            if not options.open:
                yield fails(call, "jwt.verify options without algorithms: the token's header picks the algorithm")
            continue
        names = [a.upper() for a in p.value.items if isinstance(a, str)] if isinstance(p.value, Arr) else []
        if any(n.startswith("HS") for n in names) and any(n[:2] in ("RS", "PS", "ES") for n in names):
            yield fails(
                where(p, call.location),
                "jwt.verify allows both HMAC and public-key algorithms: with a public key as the verification key, "
                "a token signed with HS256 and that public key as secret is the classic algorithm-confusion attack",
            )
        elif (
            isinstance(p.value, Arr)
            and p.value.items
            and all(isinstance(a, str) and a.lower() != "none" for a in p.value.items)
        ):
            yield holds(where(p, call.location), "jwt.verify pins its algorithms")
        if isinstance(p.value, Arr) and any(isinstance(a, str) and a.lower() == "none" for a in p.value.items):
            yield fails(
                where(p, call.location),
                "jwt.verify allows the 'none' algorithm: unsigned tokens are accepted",
                severity=Severity.CRITICAL,
            )


def _jsonwebtoken_infers_family(facts: Facts) -> str | None:
    """The declared jsonwebtoken range when every version it admits is 9 or later (`^9.0.2` → "^9.0.2"): 9.0.0
    derives the allowed algorithms from the key (HS* for a secret, RS/PS* for an RSA key, ES* for an EC key) and
    refuses 'none', so an omitted `algorithms` no longer opens algorithm confusion (CVE-2022-23540/23541)."""
    dep = all_dependencies(facts).get("jsonwebtoken")
    low = lowest_admitted(dep.spec) if dep is not None else None
    if low is None:
        return None
    major = low.split(".", 1)[0]
    return dep.spec if major.isdigit() and int(major) >= 9 else None  # type: ignore[union-attr]


@rule(
    "NW0607",
    "jwt-decode-without-verify",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=345,
)
def jwt_decode_without_verify(facts: Facts) -> Iterator[Hit]:
    """A JWT is decoded without verification where a verified token is needed.

    ## What it checks
    `jsonwebtoken`'s `decode`, `jwt-decode` and NestJS `JwtService.decode` in a function that handles a request
    (`req`, `request`, `ctx`, `context` parameters, or a token read from headers or cookies) and never calls
    `verify` in the same function. Decoding the header to pick a key (`{ complete: true }`
    followed by `verify`) stays quiet.

    ## Why it matters
    `decode` does not check the signature: anyone can write `{"role": "admin"}` into a token and be trusted.

    ## How to fix
    Use `jwt.verify(token, key, { algorithms: [...] })` (or your framework's JWT middleware) and read the claims
    from its result.

    ## Example
    ```js
    const jwt = require('jsonwebtoken');
    function requireAdmin(req, res, next) {
      const payload = jwt.decode(req.headers.authorization.slice(7));
      if (payload.role !== 'admin') return res.sendStatus(403);
      next();
    }
    ```

    ## Use instead
    ```js
    const jwt = require('jsonwebtoken');
    function requireAdmin(req, res, next) {
      const payload = jwt.verify(req.headers.authorization.slice(7), publicKey, { algorithms: ['RS256'] });
      if (payload.role !== 'admin') return res.sendStatus(403);
      next();
    }
    ```

    ## References
    - jsonwebtoken README, `jwt.decode`: "Warning: This will not verify whether the signature is valid."
    - CWE-345: Insufficient Verification of Data Authenticity
    """
    js = js_of(facts)
    decodes = js.calls_to("jsonwebtoken", "decode") + calls_to_any(js, "jwt-decode", "", "jwtDecode", "default")
    # NestJS: an injected JwtService (`this.jwtService.decode(token)`) decodes without verifying too.
    decodes += [c for c in js.method_calls("decode") if c.callee_text.lower().endswith("jwtservice.decode")]
    for call in decodes:
        if call.function is None:
            continue
        siblings = list(calls_in_function(js, call))
        if any(
            c.is_to("jsonwebtoken", "verify") or c.member in ("verify", "verifyAsync", "jwtVerify") for c in siblings
        ):
            continue  # decoded to pick a key (kid) or read claims, and verified in the same function
        func = _enclosing_function(js, call)
        params = {p.strip("{} ").split(":")[0] for p in func.params} if func else set()
        names = set(value_names(js, arg(js, call, 0))) if arg(js, call, 0) is not None else set()
        from_request = bool(params & _REQUEST_PARAMS) or bool(names & _REQUEST_NAMES)
        if from_request:
            yield fails(call, "JWT decoded without verifying its signature in a request handler")


_REQUEST_PARAMS = frozenset({"req", "request", "ctx", "context"})
_REQUEST_NAMES = frozenset({"req", "request", "ctx", "headers", "cookies", "authorization"})


@rule(
    "NW0608",
    "insecure-random-secret",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=338,
)
def insecure_random_secret(facts: Facts) -> Iterator[Hit]:
    """Math.random() produces a token, session id, OTP or reset code.

    ## What it checks
    `Math.random()` whose result is stored in, returned from or assigned to something named like a secret:
    `token`, `sessionId`, `otp`, `resetCode`, `apiKey`, `nonce`, `salt`, or a function such as
    `generateResetToken`. Random numbers for jitter, sampling or UI stay quiet.

    ## Why it matters
    V8's Math.random (xorshift128+) is not a cryptographic generator: after a few outputs its state can be
    recovered and every later "random" token predicted.

    ## How to fix
    Use `crypto.randomBytes(32).toString('hex')`, `crypto.randomUUID()` or `crypto.randomInt(min, max)`.

    ## Example
    ```js
    function generateResetToken() {
      return Math.random().toString(36).slice(2);
    }
    ```

    ## Use instead
    ```js
    const crypto = require('crypto');
    function generateResetToken() {
      return crypto.randomBytes(32).toString('hex');
    }
    ```

    ## References
    - OWASP Cryptographic Storage Cheat Sheet, secure random: https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html#secure-random-number-generation
    - CWE-338: Use of Cryptographically Weak Pseudo-Random Number Generator (PRNG)
    """
    js = js_of(facts)
    for call in js.calls_to("global:Math", "random"):
        module = js.by_path.get(call.file)
        parsed = tree_of(module) if module is not None else None
        if parsed is None:
            continue
        tree, data = parsed
        node = tree.root_node.descendant_for_byte_range(call.start_byte, call.end_byte)
        name = _destination_name(node, data) if node is not None else None
        if not name or names_a_quantity(name):
            continue
        if is_secret_name(name):
            yield fails(call, f"Math.random() used for `{name}`: predictable, use crypto.randomBytes/randomInt")
        elif name.lower() in _GENERIC_NAMES:
            context = _secret_context(node, data)
            if context:
                yield fails(
                    call,
                    f"Math.random() used for `{name}` in {context}: predictable, use crypto.randomBytes/randomInt",
                )


# Names that say nothing by themselves: `const code = Math.random()...` is a secret in a password-reset handler.
_GENERIC_NAMES = frozenset({"code", "value", "id", "key", "str", "result", "random", "rand", "pin", "num", "digits"})


def _secret_context(node: Any, data: bytes) -> str | None:
    """The enclosing function's name, or the route path it handles, when it names a secret (reset, OTP, token)."""
    cur = node.parent
    while cur is not None:
        if cur.type in ("function_declaration", "function_expression", "arrow_function", "method_definition"):
            name = _function_name(cur, data)
            if name and is_secret_name(name):
                return f"`{name}`"
            parent = cur.parent
            if parent is not None and parent.type == "arguments":
                for sibling in parent.named_children:
                    if sibling.type == "string" and is_secret_name(_text(sibling, data) or ""):
                        return f"the handler of {_text(sibling, data)!r}"
            return None
        cur = cur.parent
    return None


# Expressions a random value flows through on its way to a name (Math.random().toString(36).slice(2), x * 9e5...).
_FLOW_TYPES = frozenset(
    {
        "call_expression",
        "member_expression",
        "binary_expression",
        "parenthesized_expression",
        "arguments",
        "template_substitution",
        "template_string",
        "ternary_expression",
        "unary_expression",
        "await_expression",
        "array",
        "new_expression",
        "subscript_expression",
    }
)


def _destination_name(node: Any, data: bytes) -> str | None:
    """Where the value of an expression ends up: the variable, property or assignment target it is stored in, or the
    name of the function that returns it."""
    cur = node
    for _ in range(30):
        parent = cur.parent
        if parent is None:
            return None
        t = parent.type
        if t in _FLOW_TYPES:
            cur = parent
            continue
        if t == "variable_declarator":
            return _text(parent.child_by_field_name("name"), data)
        if t in ("assignment_expression", "augmented_assignment_expression"):
            return _text(parent.child_by_field_name("left"), data)
        if t == "pair":
            return _text(parent.child_by_field_name("key"), data)
        if t == "return_statement" or t == "arrow_function":
            return _function_name(parent, data)
        return None
    return None


def _function_name(node: Any, data: bytes) -> str | None:
    cur = node
    while cur is not None and cur.type not in (
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "function",
    ):
        cur = cur.parent
    if cur is None:
        return None
    name = cur.child_by_field_name("name")
    if name is not None:
        return _text(name, data)
    parent = cur.parent
    if parent is not None and parent.type == "variable_declarator":
        return _text(parent.child_by_field_name("name"), data)
    if parent is not None and parent.type == "pair":
        return _text(parent.child_by_field_name("key"), data)
    return None


def _text(node: Any, data: bytes) -> str | None:
    if node is None:
        return None
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace").strip("'\"`")


@rule(
    "NW0609",
    "password-login-without-mfa",
    on=JsProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    cwe=308,
)
@evidence_capped
def password_login_without_mfa(facts: Facts) -> Iterator[Hit]:
    """The app checks passwords itself, and no multi-factor, WebAuthn or OpenID Connect library is in use.

    ## What it checks
    Imports of TOTP/HOTP libraries (`otplib`, `speakeasy`, `node-2fa`, `otpauth`), WebAuthn servers
    (`@simplewebauthn/server`, `fido2-lib`, `@passwordless-id/webauthn`) and OpenID Connect, SAML or identity
    provider clients (`openid-client`, `express-openid-connect`, `passport-openidconnect`, `@auth/express`,
    `next-auth`, `keycloak-connect`, `@okta/oidc-middleware`, `passport-azure-ad`, `@node-saml/passport-saml`) are
    reported as positive evidence for practice 6. When there is none but the app verifies passwords itself
    (`bcrypt.compare`, `argon2.verify`, `passport-local`), the first such check is reported (low severity).

    ## Why it matters
    Passwords alone fall to phishing, reuse and credential stuffing; a second factor, a passkey or a delegated,
    MFA-capable identity provider is what practice 6 asks for.

    ## How to fix
    Offer TOTP (`otplib`) or WebAuthn passkeys (`@simplewebauthn/server`) for accounts, at least for
    administrators, or delegate login to an OpenID Connect provider that enforces MFA.

    ## Example
    ```js
    const bcrypt = require('bcrypt');
    async function login(user, password) {
      return bcrypt.compare(password, user.passwordHash);
    }
    ```

    ## Use instead
    ```js
    const bcrypt = require('bcrypt');
    const { authenticator } = require('otplib');
    async function login(user, password, code) {
      return (await bcrypt.compare(password, user.passwordHash)) && authenticator.check(code, user.totpSecret);
    }
    ```

    ## References
    - OWASP Multifactor Authentication Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Multifactor_Authentication_Cheat_Sheet.html
    - NIST SP 800-63B, authenticator assurance levels
    - CWE-308: Use of Single-factor Authentication
    """
    js = js_of(facts)
    found = False
    for module in js.modules:
        for imp in module.imports:
            if imp.module in _STRONG_AUTH_LIBRARIES:
                found = True
                yield holds(imp.location, f"{_STRONG_AUTH_LIBRARIES[imp.module]} in use: {imp.module}")
    if found:
        return
    logins = [c for m, member in _PASSWORD_CHECKS for c in js.calls_to(m, member)]
    if logins:
        first = min(logins, key=lambda c: (c.file, c.start_byte))
        yield fails(
            first,
            "passwords are checked here, but no multi-factor, WebAuthn or OpenID Connect library is in use",
        )
    elif not _authenticates_anyone(facts, js):
        yield not_applicable("the app authenticates no one: no login route, password check, token or session")


def _authenticates_anyone(facts: Facts, js: JsProject) -> bool:
    """Any sign of authentication: an auth package imported, or a route whose path names a login step."""
    from nodeward.practices.p05_rate_limiting import is_auth_path

    for module in js.modules:
        for imp in module.imports:
            name = imp.module or ""
            if auth_library(name) is not None:  # knowledge/auth.py
                return True
    model = facts.app_model
    return any(
        full is not None and is_auth_path(full)
        for app, route in model.all_routes()
        for full, _ in model.reach(app, route)
    )


_STRONG_AUTH_LIBRARIES = {
    "otplib": "TOTP/HOTP",
    "@otplib/core": "TOTP/HOTP",
    "speakeasy": "TOTP/HOTP",
    "@levminer/speakeasy": "TOTP/HOTP",
    "node-2fa": "TOTP/HOTP",
    "otpauth": "TOTP/HOTP",
    "@simplewebauthn/server": "WebAuthn",
    "fido2-lib": "WebAuthn",
    "@passwordless-id/webauthn": "WebAuthn",
    "openid-client": "OpenID Connect",
    "express-openid-connect": "OpenID Connect",
    "passport-openidconnect": "OpenID Connect",
    "@auth/express": "OpenID Connect (Auth.js)",
    "@auth/core": "OpenID Connect (Auth.js)",
    "next-auth": "OpenID Connect (Auth.js)",
    "keycloak-connect": "OpenID Connect (Keycloak)",
    "@okta/oidc-middleware": "OpenID Connect (Okta)",
    "passport-azure-ad": "OpenID Connect (Entra ID)",
    "@azure/msal-node": "OpenID Connect (Entra ID)",
    "@node-saml/passport-saml": "SAML",
    "passport-saml": "SAML",
}
# Calls that check a user's password: evidence that the app runs its own password login.
_PASSWORD_CHECKS = (
    ("bcrypt", "compare"),
    ("bcrypt", "compareSync"),
    ("bcryptjs", "compare"),
    ("bcryptjs", "compareSync"),
    ("argon2", "verify"),
    ("@node-rs/argon2", "verify"),
    ("@node-rs/bcrypt", "verify"),
    ("passport-local", "Strategy"),
    ("passport-local", ""),
)


# Calls that write a document or row: the object they get is what the database keeps.
_WRITE_METHODS = frozenset(
    {"insertOne", "insertMany", "insert", "create", "save", "bulkCreate", "replaceOne", "updateOne", "findOneAndUpdate"}
)
# Calls whose result is a password hash (or a KDF output): a password field holding one is not plain text.
_HASHING_CALLS = (
    ("bcrypt", ("hash", "hashSync")),
    ("bcryptjs", ("hash", "hashSync")),
    ("bcrypt-nodejs", ("hash", "hashSync")),
    ("argon2", ("hash",)),
    ("@node-rs/argon2", ("hash", "hashSync")),
    ("@node-rs/bcrypt", ("hash", "hashSync")),
    ("crypto", ("scrypt", "scryptSync", "pbkdf2", "pbkdf2Sync")),
)
_PASSWORD_KEYS = frozenset({"password", "passwd", "pwd", "pass", "userPassword", "user_password"})
_PASSWORD_WORD = re.compile(rb"\b(?:" + b"|".join(k.encode() for k in sorted(_PASSWORD_KEYS)) + rb")\b")
# Every key of _PASSWORD_KEYS has one of these in it: a byte search (fast) before the word regex (slow on big files).
_PASSWORD_PARTS = (b"pass", b"Pass", b"pwd")
_EQUALITY = frozenset({"===", "==", "!==", "!="})
# A helper whose whole body compares its two parameters: `(a, b) => a === b`, `function (a, b) { return a === b; }`.
# Matched on the declaration's text with whitespace collapsed (` ?`, not `\s*`: runs of adjacent `\s*` backtracked
# polynomially on a declaration full of spaces), and only on short declarations: such a helper is one line.
_EQUALITY_HELPER = re.compile(r"\( ?\w+ ?, ?\w+ ?\) ?(?:=>)? ?\{? ?(?:return )?\w+ ?===? ?\w+ ?;? ?\}? ?$")
_EQUALITY_HELPER_MAX = 400  # bytes of a declaration worth looking at
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_CONFIRMATION = re.compile(r"confirm|repeat|again|retype|verify|new|old|current|previous", re.I)


def _hashes_passwords_somewhere(js: JsProject) -> bool:
    """A password hashing call anywhere (a mongoose pre-save hook hashes what `User.create` is given)."""
    return any(js.calls_to(module, member) for module, members in _HASHING_CALLS for member in members)


def _stored_plain(js: JsProject, call: Call) -> Location | None:
    """The `password` property of the object a write call stores, when its value is the caller's input as given
    (a parameter, a request field) rather than the result of a call."""
    for value in call.args[:2]:
        obj = js.resolve(value) if isinstance(value, Ref) else value
        if isinstance(obj, Obj) and isinstance(obj.get("$set"), Obj):
            obj = obj.get("$set")
        if not isinstance(obj, Obj):
            continue
        for p in obj.props:
            if p.key not in _PASSWORD_KEYS:
                continue
            v = p.value
            if isinstance(v, Ref) and CALL not in v.path and v.kind in ("param", "global"):
                return where(p, call.location)
    return None


def _plain_comparisons(js: JsProject) -> Iterator[tuple[str, int]]:
    """(file, line) of `user.password === password`, and of calls like `comparePassword(password, user.password)`
    to a local helper whose body is `return a === b` (NodeGoat's user DAO)."""
    for module in js.modules:
        # Both shapes need a member `x.password` (a key of _PASSWORD_KEYS): a file whose text has none of those
        # words (nor a unicode escape that could spell one) has neither, and is not parsed again (~4% of a real app's
        # files have one; re-parsing them all was a quarter of a cold scan).
        source = source_of(module)
        if source is None or not (b"\\u" in source or _mentions_password_key(source)):
            continue
        parsed = tree_of(module)
        if parsed is None:
            continue
        tree, data = parsed
        # Only the nodes the checks below can accept, found by tree-sitter: comparisons with a member on either
        # side, calls with a member argument (and, only if there are some, the declarations of helpers).
        found = captures(module.lang, _CANDIDATES, tree.root_node)
        comparisons = _unique(found.get("cmp", ()))
        calls = _unique(found.get("call", ()))
        helpers: set[str] = set()
        if calls:
            for node in _unique(captures(module.lang, _DECLARATIONS, tree.root_node).get("decl", ())):
                name = node.child_by_field_name("name")
                body = node.child_by_field_name("value") if node.type == "variable_declarator" else node
                short = body is not None and body.end_byte - body.start_byte <= _EQUALITY_HELPER_MAX
                text = " ".join(_COMMENTS.sub("", _node_text(body, data)).split()) if short and body is not None else ""
                if name is not None and _EQUALITY_HELPER.search(text):
                    helpers.add(_node_text(name, data))
        for node in comparisons:
            op = node.child_by_field_name("operator")
            if op is None or _node_text(op, data) not in _EQUALITY:
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                continue
            sides = [left, right]
            texts = [_node_text(s, data) for s in sides]
            stored = [i for i, s in enumerate(sides) if s.type == "member_expression" and _is_password_member(s, data)]
            if not stored:
                continue
            other = sides[1 - stored[0]]
            if other.type not in ("identifier", "member_expression") or _CONFIRMATION.search(texts[1 - stored[0]]):
                continue
            if not any(is_password_name(w) for w in re.findall(r"\w+", texts[1 - stored[0]])):
                continue
            yield module.path, node.start_point[0] + 1
        for node in calls:
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is None or args is None or _node_text(fn, data) not in helpers:
                continue
            if any(a.type == "member_expression" and _is_password_member(a, data) for a in args.named_children):
                yield module.path, node.start_point[0] + 1


_CANDIDATES = """
(binary_expression left: (member_expression)) @cmp
(binary_expression right: (member_expression)) @cmp
(call_expression arguments: (arguments (member_expression))) @call
"""
_DECLARATIONS = "(variable_declarator) @decl (function_declaration) @decl"


def _unique(nodes: Iterable[ts_node]) -> list[ts_node]:
    """Nodes captured by more than one pattern, once each."""
    out: dict[int, ts_node] = {}
    for n in nodes:
        out.setdefault(n.id, n)
    return list(out.values())


def _mentions_password_key(source: bytes) -> bool:
    return any(part in source for part in _PASSWORD_PARTS) and _PASSWORD_WORD.search(source) is not None


def _node_text(node: ts_node, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def _is_password_member(node: ts_node, data: bytes) -> bool:
    prop_node = node.child_by_field_name("property")
    return prop_node is not None and _node_text(prop_node, data) in _PASSWORD_KEYS


@rule(
    "NW0610",
    "password-stored-in-plain-text",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=256,
)
def password_stored_in_plain_text(facts: Facts) -> Iterator[Hit]:
    """Passwords are stored or compared as plain text.

    ## What it checks
    A write to the database (`insertOne`, `insertMany`, `insert`, `create`, `save`, `updateOne` with `$set`...)
    of an object whose `password` field is the caller's value as given (a function parameter, a request field),
    in a project that hashes no password anywhere (a bcrypt/argon2/scrypt/pbkdf2 call, which a mongoose pre-save
    hook would make, keeps this quiet); and a login that compares a stored password with `===`
    (`user.password === password`), directly or through a helper that only returns `a === b`.

    ## Why it matters
    Whoever reads the database (a backup, an injection, an insider) gets every password at once, and users reuse
    passwords. Comparing with `===` also means the stored value is the password itself.

    ## How to fix
    Store `await bcrypt.hash(password, 12)` (or argon2id) and check logins with `bcrypt.compare(password,
    user.password)`.

    ## Example
    ```js
    async function addUser(db, userName, password) {
      await db.collection('users').insertOne({ userName, password });
    }
    ```

    ## Use instead
    ```js
    const bcrypt = require('bcrypt');
    async function addUser(db, userName, password) {
      await db.collection('users').insertOne({ userName, password: await bcrypt.hash(password, 12) });
    }
    ```

    ## References
    - OWASP Password Storage Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
    - CWE-256: Plaintext Storage of a Password
    """
    js = js_of(facts)
    if not _hashes_passwords_somewhere(js):
        for module in js.modules:
            for call in module.calls:
                if call.member in _WRITE_METHODS:
                    at = _stored_plain(js, call)
                    if at is not None:
                        yield fails(at, "the password is stored as given: no hash is computed before the write")
    for path, line in _plain_comparisons(js):
        yield fails(Location(path, line), "the stored password is compared with ===: it is kept in plain text")


# `getEnv('PASSWORD') || 'pass'`, `process.env.ADMIN_PASSWORD ?? 'changeme'`: a default when nothing is configured.
_LITERAL_FALLBACK = re.compile(r"(?:\|\||\?\?)\s*(['\"`])([^'\"`]+)\1\s*$")


def _password_props(value: Value, depth: int = 0) -> Iterator[tuple[str, Value, Location | None]]:
    if depth > 6:
        return
    if isinstance(value, Obj):
        for p in value.props:
            if p.key and is_password_name(p.key):
                yield p.key, p.value, p.location
            yield from _password_props(p.value, depth + 1)
    elif isinstance(value, Arr):
        for item in value.items:
            yield from _password_props(item, depth + 1)


@rule(
    "NW0611",
    "hardcoded-default-password",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=1392,
)
def hardcoded_default_password(facts: Facts) -> Iterator[Hit]:
    """A password falls back to a value written in the code when none is configured (default credentials).

    ## What it checks
    Object properties named like a password (`password`, `adminPassword`, `pass`...) in exported configuration
    and in call arguments whose value is a configured one with a literal fallback: `getEnv('PASSWORD') || 'pass'`,
    `process.env.ADMIN_PASSWORD ?? 'changeme'`; and the credentials given to `basic-auth-connect`
    (`basicAuth('admin', 'pass')`) and `express-basic-auth` (`users: { admin: 'supersecret' }`) as literals.

    ## Why it matters
    An installation that forgets the setting runs with a password everyone can read in the source (mongo-express
    shipped `admin:pass`): the first thing an attacker tries.

    ## How to fix
    Refuse to start without the setting (`if (!process.env.ADMIN_PASSWORD) throw new Error(...)`), or generate a
    random password at first start and print it once.

    ## Example
    ```js
    module.exports = {
      basicAuth: { username: process.env.ME_USER || 'admin', password: process.env.ME_PASS || 'pass' },
    };
    ```

    ## Use instead
    ```js
    const password = process.env.ME_PASS;
    if (!password) throw new Error('ME_PASS must be set');
    module.exports = { basicAuth: { username: process.env.ME_USER || 'admin', password } };
    ```

    ## References
    - CWE-1392: Use of Default Credentials
    - OWASP ASVS V2.5.4: no default or shared accounts
    """
    js = js_of(facts)
    values: list[tuple[Value, Location]] = []
    for module in js.modules:
        values += [(v, Location(module.path, 1)) for v in module.exports.values()]
        values += [(a, call.location) for call in module.calls for a in call.args if isinstance(a, Obj | Arr)]
    seen: set[tuple[str, int]] = set()
    for value, fallback_at in values:
        for key, v, at in _password_props(value):
            match = _LITERAL_FALLBACK.search(v.text) if isinstance(v, Unknown) else None
            where_ = at or fallback_at
            if match and (where_.path, where_.line) not in seen:
                seen.add((where_.path, where_.line))
                yield fails(where_, f"`{key}` falls back to the hard-coded password '{match.group(2)[:20]}'")
    for call in js.calls_to("basic-auth-connect"):
        if len(call.args) >= 2 and isinstance(call.args[1], str) and call.args[1]:
            yield fails(call, "basic-auth-connect is given a hard-coded password")
    for call in js.calls_to("express-basic-auth"):
        options = call.arg(0)
        users = options.get("users") if isinstance(options, Obj) else None
        if isinstance(users, Obj) and any(isinstance(p.value, str) and p.value for p in users.props):
            yield fails(where(users, call.location), "express-basic-auth users have hard-coded passwords")


# --- hard-coded credentials, token formats and weak encryption (tables in knowledge/secrets.py, knowledge/crypto.py)


def _hardcoded(js: JsProject, value: Value | None) -> str | None:
    """How a credential value is hard-coded, or None: `_literal_secret` plus the wrappers a key goes through
    (`new TextEncoder().encode('k')`, `Buffer.from('k')`, `crypto.createSecretKey(Buffer.from('k'))`), with
    placeholders ('changeme', 'your-api-key', '<secret>') left out."""
    for _ in range(3):
        if not (isinstance(value, Ref) and value.origin is not None and value.path[-1:] == (CALL,)):
            break
        inner = js.call_at(value.origin)
        wraps = value.path[-2:] in (("from", CALL), ("encode", CALL)) or value.path[-2:-1] == ("createSecretKey",)
        if inner is None or not wraps or not inner.args:
            break
        value = inner.args[0]
    literal = value if isinstance(value, str) else None
    if isinstance(value, Unknown):
        m = _FALLBACK_RE.match(value.text)
        literal = m.group(2) if m else None
    if literal is not None and secrets.is_placeholder(literal):
        return None
    return _literal_secret(value)


def _is_token(text: str) -> bool:
    return any(f.regex.search(text) for f in secrets.TOKEN_FORMATS[:-1])


def _matching_calls(js: JsProject, row: secrets.CredentialRow) -> list[Call]:
    """Calls of a row's callee; a `*` step stands for any chain of members and calls in between."""
    if "*" not in row.steps:
        return js.calls_to(row.package, row.steps)
    head, tail = row.steps[: row.steps.index("*")], row.steps[row.steps.index("*") + 1 :]
    out = []
    for call in js.calls_under(row.package):
        path = tuple(p for p in call.callee.path if p != CALL) if isinstance(call.callee, Ref) else ()
        if len(path) >= len(head) + len(tail) and path[: len(head)] == head and path[len(path) - len(tail) :] == tail:
            out.append(call)
    return out


def _option_prop(value: Value | None, dotted: str) -> Prop | None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        value = value.get(key) if isinstance(value, Obj) else None
    return value.prop(keys[-1]) if isinstance(value, Obj) else None


def credential_hits(facts: Facts, rule: str) -> Iterator[Hit]:
    """Hard-coded values at the credential options of `knowledge.secrets.CREDENTIALS` rows of one rule code."""
    for hit, _literal in _credential_hits(facts, rule):
        yield hit


def _credential_hits(facts: Facts, rule: str) -> Iterator[tuple[Hit, str | None]]:
    """Each hit with the literal it found (a constant's value is reported where it is used, once)."""
    js = js_of(facts)
    for row in secrets.CREDENTIALS:
        if row.rule != rule:
            continue
        for call in _matching_calls(js, row):
            if secrets.TEST_OR_EXAMPLE_FILE.search(call.file):
                continue
            value = arg(js, call, row.argument)
            if row.option:
                p = _option_prop(value, row.option)
                value = p.value if p is not None else None
                at = where(p, call.location) if p is not None else call.location
            else:
                at = call.arg_locations[row.argument] if row.argument < len(call.arg_locations) else call.location
            how = _hardcoded(js, value)
            if how and not (rule == "NW0612" and isinstance(value, str) and _is_token(value)):
                yield fails(at, f"{row.what} {how}", data={"row": row.id}), _literal_text(value)


def _literal_text(value: Value | None) -> str | None:
    if isinstance(value, str):
        return value
    m = _FALLBACK_RE.match(value.text) if isinstance(value, Unknown) else None
    return m.group(2) if m else None


def _named_credentials(js: JsProject, seen: set[tuple[str, int]]) -> Iterator[tuple[Hit, str | None]]:
    """Options named like a secret in any call (`clientSecret` of any passport strategy, AWS `secretAccessKey`)."""
    for module in js.modules:
        if secrets.TEST_OR_EXAMPLE_FILE.search(module.path):
            continue
        for call in module.calls:
            todo = [a for a in call.args if isinstance(a, Obj)]
            while todo:
                obj = todo.pop()
                for p in obj.props:
                    if isinstance(p.value, Obj) and len(todo) < 20:
                        todo.append(p.value)
                    if p.key not in secrets.CREDENTIAL_KEYS:
                        continue
                    how = _hardcoded(js, p.value)
                    at = where(p, call.location)
                    if how and (at.path, at.line) not in seen and not (isinstance(p.value, str) and _is_token(p.value)):
                        seen.add((at.path, at.line))
                        yield fails(at, f"`{p.key}` {how}"), _literal_text(p.value)


_SECRET_NAME_HINT = re.compile(
    rb"(?i)(?:secret|passw|passphrase|pwd|api_?key|access_?key|private_?key|token|signing_?key)\w*['\"]?\s*[:=]\s*"
    rb"(?:process\.env[\w.\[\]'\"]*\s*(?:\|\||\?\?)\s*)?['\"`]"
)


def _credential_name(name: str) -> str | None:
    """'password' or 'key' for a name that holds a credential (`dbPassword`, `JWT_SECRET`, `stripeApiKey`)."""
    parts = words(name)
    if not parts or any(w in secrets.NOT_A_SECRET_WORDS for w in parts) or names_a_quantity(name):
        return None
    if is_password_name(name):
        return "password"
    if any(w in secrets.SECRET_NAME_WORDS for w in parts) or any(
        a in parts and b in parts for a, b in secrets.SECRET_NAME_PAIRS
    ):
        return "key"
    return None


def _credential_literal(kind: str, value: str) -> bool:
    if secrets.is_placeholder(value) or secrets.ENV_NAME.match(value) or secrets.PATH_LIKE.search(value):
        return False
    if kind == "password":
        return len(value) >= secrets.MIN_PASSWORD_LENGTH
    return len(value) >= secrets.MIN_KEY_LENGTH and secrets.entropy(value) >= secrets.MIN_KEY_ENTROPY


def _literal_of(node: ts_node | None, data: bytes) -> tuple[str, bool] | None:
    """(text, is a fallback) of `'literal'`, a template without substitutions, or `process.env.X || 'literal'`."""
    while node is not None and node.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        node = node.named_children[0] if node.named_children else None
    if node is None:
        return None
    if node.type == "binary_expression" and _text(node.child_by_field_name("operator"), data) in ("||", "??"):
        left = _text(node.child_by_field_name("left"), data) or ""
        right = _literal_of(node.child_by_field_name("right"), data)
        return (right[0], True) if right and left.replace(" ", "").startswith("process.env") else None
    if node.type == "string" or (node.type == "template_string" and not node.named_children):
        raw = data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", "replace")
        return raw, False
    if node.type == "template_string" and all(c.type == "string_fragment" for c in node.named_children):
        return data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", "replace"), False
    return None


def _session_secret_constants(facts: Facts) -> set[tuple[str, str]]:
    """(file, constant) of the constants NW0605 reports where a session or JWT library takes them."""
    out = set()
    for hit in _session_secret_hits(facts):
        at = hit.location
        text = _located_text(facts, at) if at is not None and at.line else ""
        text = text.split(":", 1)[1].strip().rstrip(",").strip() if ":" in text else text
        if at is not None and _CONSTANT_RE.fullmatch(text):
            out.add((at.path, re.sub(r"\s+", "", text).split(".")[-1]))
    return out


def _named_literals(
    js: JsProject, seen: set[tuple[str, int]], used: set[tuple[str, str]], nw0605: set[tuple[str, str]]
) -> Iterator[Hit]:
    """Declarations, assignments and object properties named like a credential with a literal value
    (`const STRIPE_API_KEY = '...'`, `module.exports = { db: { password: '...' } }`), outside call arguments (the
    library rows of NW0605 and NW0612 judge those)."""
    for module in js.modules:
        if secrets.TEST_OR_EXAMPLE_FILE.search(module.path):
            continue
        got = tree_of(module) if _SECRET_NAME_HINT.search(source_of(module) or b"") else None
        if got is None:
            continue
        tree, data = got
        stack = [tree.root_node]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if node.type == "pair":
                key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
                if _in_call_argument(node):
                    continue
            elif node.type == "variable_declarator":
                key, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            elif node.type == "assignment_expression":
                key, value = node.child_by_field_name("left"), node.child_by_field_name("right")
                if key is not None and key.type == "member_expression":
                    key = key.child_by_field_name("property")
            elif node.type in ("public_field_definition", "field_definition"):
                key = node.child_by_field_name("name") or node.child_by_field_name("property")
                value = node.child_by_field_name("value")
            else:
                continue
            if key is None or key.type not in _KEY_TYPES:
                continue
            name = (_text(key, data) or "").strip("'\"")
            kind = _credential_name(name)
            literal = _literal_of(value, data) if kind else None
            if value is None or kind is None or literal is None or not _credential_literal(kind, literal[0]):
                continue
            if _is_token(literal[0]):
                continue
            if kind == "password" and literal[1]:
                continue  # a password fallback is NW0611's (default credentials)
            at = node_location(module.path, value)
            if (at.path, at.line) in seen or (at.path, literal[0]) in used or (at.path, name) in nw0605:
                continue  # reported where a library takes it
            seen.add((at.path, at.line))
            how = "falls back to a hard-coded string" if literal[1] else "is a hard-coded string"
            yield fails(at, f"`{name}` {how} ({_redact(literal[0])})")


_KEY_TYPES = frozenset({"identifier", "property_identifier", "string", "shorthand_property_identifier_pattern"})


def _in_call_argument(pair: ts_node) -> bool:
    """Is this property in an object literal passed straight to a call (`session({ secret: ... })`)?"""
    obj = pair.parent
    while obj is not None and obj.type == "object":
        parent = obj.parent
        if parent is not None and parent.type == "arguments":
            return True
        if parent is not None and parent.type == "pair":
            obj = parent.parent
            continue
        return False
    return False


@rule(
    "NW0612",
    "hardcoded-credential",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=798,
)
def hardcoded_credential(facts: Facts) -> Iterator[Hit]:
    """A credential for another system (OAuth client secret, database password, API key) is written in the code.

    ## What it checks
    The secret options of the libraries in `knowledge/secrets.py` (`CREDENTIALS`): the `clientSecret` of passport
    OAuth strategies (Google, GitHub, Facebook, OAuth2) and `consumerSecret` of passport-twitter; the `password` of
    mysql/mysql2, pg, Sequelize (also its third argument), knex, ioredis, redis, mssql, mongoose `pass` and
    nodemailer `auth.pass`; the API keys given to Stripe, OpenAI, SendGrid and Twilio. Any call's options named
    `clientSecret`, `consumerSecret`, `secretAccessKey`, `apiSecret` or `appSecret` count too, whatever the library.
    Outside call arguments, declarations, assignments and object properties named like a credential
    (`const STRIPE_API_KEY = '...'`, `module.exports = { db: { password: '...' }, jwtSecret: '...' }`) count when
    the literal looks like one: a password of 6 characters or more; a key, secret or token of 12 or more with
    random-looking text (3 bits of entropy per character), not an environment variable's name, a path or a URL.
    Names about a secret rather than the secret stay quiet (`secretName`, `passwordPolicy`, `apiKeyHeader`).
    A value counts when it is a string literal (directly or through a constant) or the literal of a
    `process.env.X || '...'` fallback. Placeholders ('changeme', 'your-client-secret', 'xxxx', '<secret>'), values
    under 4 characters, and files named as tests, examples or docs (`*.test.js`, `examples/`, `docs/`) stay
    quiet; a value in a documented token format is reported by NW0613 instead.

    ## Why it matters
    Whoever reads the repository, a leaked copy or the built image can log in to the database, impersonate the
    OAuth client or spend on the API account. A committed secret stays in the Git history after it is removed.

    ## How to fix
    Read the credential from the environment or a secret manager at start-up, fail to start without it, and rotate
    the one that was committed.

    ## Example
    ```js
    const { Pool } = require('pg');
    const pool = new Pool({ host: 'db.internal', user: 'app', password: 'Pr0d-db-pass!' });
    ```

    ## Use instead
    ```js
    const { Pool } = require('pg');
    const pool = new Pool({ host: 'db.internal', user: 'app', password: process.env.PGPASSWORD });
    ```

    ## References
    - OWASP Secrets Management Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
    - CWE-798: Use of Hard-coded Credentials
    """
    js = js_of(facts)
    found = list(_credential_hits(facts, "NW0612"))
    seen = {(h.location.path, h.location.line) for h, _ in found if h.location is not None}
    found += list(_named_credentials(js, seen))
    used = {(h.location.path, literal) for h, literal in found if h.location is not None and literal}
    yield from (h for h, _ in found)
    yield from _named_literals(js, seen, used, _session_secret_constants(facts))


@rule(
    "NW0613",
    "hardcoded-token",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=798,
)
def hardcoded_token(facts: Facts) -> Iterator[Hit]:
    """A token in a documented format (AWS, GitHub, Stripe, Slack, Google, npm...) or a private key is in the code.

    ## What it checks
    The text of every JS/TS file against the token formats of `knowledge/secrets.py` (`TOKEN_FORMATS`): AWS access
    key ids (`AKIA…`), GitHub (`ghp_…`, `github_pat_…`), Stripe secret keys (`sk_live_…`, `sk_test_…`), Slack tokens
    (`xoxb-…`) and webhook URLs, Google API keys (`AIza…`), npm (`npm_…`), SendGrid, OpenAI, Anthropic, GitLab,
    Shopify, Mailgun and Twilio keys, PEM private key blocks, and database/broker URLs with a password
    (`mongodb://user:pass@host`). Placeholders are left out (AWS's documented `…EXAMPLE` keys, `xxxx`, `<password>`,
    `${DB_PASS}`, a password equal to the user name as in `postgres:postgres`), and so are files named as tests,
    examples or docs (`*.test.ts`, `*.example.js`, `fixtures/`, `docs/`), and a Google API key in a Firebase web
    config (a file with `authDomain:`), which is public by design.

    ## Why it matters
    These formats are what credential scanners (and attackers watching public pushes) look for first: a token that
    reached a repository is used within minutes, and it stays in the history after the line is removed.

    ## How to fix
    Revoke and rotate the token now, then read it from the environment or a secret manager; keep private keys in
    files outside the repository or in a key management service.

    ## Example
    ```js
    const stripe = require('stripe')('sk_live_51HxQyB2eZvKYlo2C8fT9x2mQ7vLw8ZpR');
    ```

    ## Use instead
    ```js
    const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);
    ```

    ## References
    - OWASP Secrets Management Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
    - GitHub Docs, supported secret scanning patterns: https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns
    - CWE-798: Use of Hard-coded Credentials
    """
    js = js_of(facts)
    for module in js.modules:
        if secrets.TEST_OR_EXAMPLE_FILE.search(module.path):
            continue
        if facts.project is None:
            return
        try:
            lines = facts.project.lines(module.path)
        except (OSError, ValueError):
            continue
        whole = "\n".join(lines)
        public = {f.name for f in secrets.TOKEN_FORMATS if f.unless_re is not None and f.unless_re.search(whole)}
        for number, text in enumerate(lines, 1):
            if len(text) > 4000:
                continue
            for fmt in secrets.TOKEN_FORMATS:
                m = fmt.regex.search(text)
                if m is None or fmt.name in public or _placeholder_token(fmt, m):
                    continue
                at = Location(module.path, number, m.start() + 1, number, m.end() + 1)
                yield fails(at, f"{fmt.name} written in the code ({_redact(m.group(0))})", data={"format": fmt.name})
                break


def _placeholder_token(fmt: secrets.TokenFormat, m: re.Match[str]) -> bool:
    if "password" in fmt.regex.groupindex:
        user, password = m.group("user"), m.group("password")
        return password == user or secrets.is_placeholder(password)
    return secrets.is_placeholder(m.group(0))


def _static_iv(js: JsProject, value: Value | None) -> str | None:
    """How an IV argument is constant: a literal, `Buffer.from(<literal>)`, `Buffer.alloc(n)`, `new Uint8Array(n)`."""
    if isinstance(value, str):
        return "a string literal"
    if isinstance(value, Arr):
        return "a literal array"
    if isinstance(value, Ref) and value.kind == "global" and value.origin is not None:
        made = js.call_at(value.origin)
        if value.name == "Buffer" and value.path == ("alloc", CALL):
            return "a zero-filled Buffer.alloc()"
        if made is not None and value.name == "Buffer" and value.path == ("from", CALL):
            first = made.arg(0)
            if isinstance(first, str | Arr):
                return "Buffer.from() of a literal"
        if made is not None and value.name in ("Uint8Array", "Int8Array") and isinstance(made.arg(0), int):
            return f"a zero-filled {value.name}"
    return None


@rule(
    "NW0614",
    "weak-encryption",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=327,
)
def weak_encryption(facts: Facts) -> Iterator[Hit]:
    """Data is encrypted without an IV, in ECB mode, with a static IV, or with a broken cipher.

    ## What it checks
    The cipher calls of `knowledge/crypto.py` (`CIPHERS`): `crypto.createCipher`/`createDecipher` (a key and IV
    derived from a password by one MD5 round: deprecated since Node.js 10, removed in 22); `createCipheriv` and
    `createDecipheriv` with an ECB algorithm (`aes-256-ecb`, `des-ede3`) or a broken cipher (DES, RC2, RC4,
    Blowfish); `createCipheriv` whose IV is a string literal, `Buffer.from(<literal>)`, `Buffer.alloc(n)` or a
    constant holding one; a key written in the code (`createCipheriv(alg, 'literal', iv)`, `Buffer.from('...')`,
    through a constant, placeholders aside); crypto-js `AES.encrypt(..., { mode: CryptoJS.mode.ECB })`,
    `DES.encrypt` and `RC4.encrypt`. Algorithm names are read through constants; a name the analysis cannot see
    stays quiet.

    ## Why it matters
    ECB encrypts equal blocks to equal ciphertext (the pattern of the data shows through), and a fixed IV does the
    same for equal message prefixes; with CTR or GCM a repeated IV hands out the keystream and, for GCM, the
    authentication key. DES and RC4 are broken outright.

    ## How to fix
    Use an authenticated mode with a fresh random IV per message: `crypto.createCipheriv('aes-256-gcm', key,
    crypto.randomBytes(12))`, store the IV and the auth tag next to the ciphertext, and derive keys with scrypt
    or HKDF, never with `createCipher`.

    ## Example
    ```js
    const crypto = require('crypto');
    const IV = Buffer.alloc(16, 0);
    const cipher = crypto.createCipheriv('aes-256-cbc', key, IV);
    ```

    ## Use instead
    ```js
    const crypto = require('crypto');
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    ```

    ## References
    - OWASP Cryptographic Storage Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html
    - Node.js `crypto.createCipher` (deprecated, DEP0106): https://nodejs.org/api/deprecations.html#DEP0106
    - CWE-327: Use of a Broken or Risky Cryptographic Algorithm; CWE-329: Generation of Predictable IV
    """
    js = js_of(facts)
    for row in crypto_rows.CIPHERS:
        data = {"row": row.id}
        for call in js.calls_to(row.package, row.callee):
            if row.problem == "no-iv" or row.weak:
                yield fails(
                    call, f"{row.what}: use createCipheriv with a random IV and an authenticated mode", data=data
                )
                continue
            if row.algorithm >= 0:
                algorithm = arg(js, call, row.algorithm)
                if isinstance(algorithm, str) and crypto_rows.ECB_CIPHERS.search(algorithm):
                    yield fails(
                        call, f"{row.what} in ECB mode ('{algorithm[:30]}'): equal blocks encrypt alike", data=data
                    )
                    continue
                if isinstance(algorithm, str) and crypto_rows.WEAK_CIPHERS.match(algorithm):
                    yield fails(call, f"{row.what} with the broken cipher '{algorithm[:30]}'", data=data)
                    continue
            if row.iv >= 0:
                how = _static_iv(js, arg(js, call, row.iv))
                if how:
                    yield fails(
                        call, f"{row.what} with a static IV ({how}): every message is encrypted alike", data=data
                    )
                    continue
            if row.key >= 0:
                secret = _hardcoded(js, arg(js, call, row.key))
                if secret:
                    yield fails(call, f"{row.what} with a hard-coded key: anyone with the code decrypts", data=data)
                    continue
            index, key = row.mode_option
            if index >= 0:
                mode = lookup(arg(js, call, index), key)
                if isinstance(mode, Ref) and tuple(mode.path[-2:]) == crypto_rows.ECB_MODE_MEMBER:
                    yield fails(call, f"{row.what} in ECB mode: equal blocks encrypt alike", data=data)
