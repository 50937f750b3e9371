"""Practice 6: strong authentication, code side (rules NW0601-NW0649)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.rules import Hit


def password_fast_hash(subject: object) -> Iterator[Hit]:
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
    yield from ()


def bcrypt_low_cost(subject: object) -> Iterator[Hit]:
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
    - bcrypt `genSaltSync` defaults to 10 rounds (bcrypt 6.0.0 `bcrypt.js`; bcryptjs 3.0.3 `GENSALT_DEFAULT_LOG2_ROUNDS`)
    - CWE-916: Use of Password Hash With Insufficient Computational Effort
    """
    yield from ()


def pbkdf2_low_iterations(subject: object) -> Iterator[Hit]:
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
    yield from ()


def scrypt_weak_parameters(subject: object) -> Iterator[Hit]:
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
    yield from ()


def hardcoded_session_secret(subject: object) -> Iterator[Hit]:
    """A session, cookie-signing or JWT secret is written in the source code.

    ## What it checks
    Literal strings (directly, through a constant, or in an array) passed as the secret of `express-session`
    (`secret`), `cookie-session` (`keys`, `secret`), `cookie-parser`, `jsonwebtoken`'s `sign`/`verify`,
    `express-jwt` and `passport-jwt`, `@fastify/cookie`, `@fastify/session`, `@fastify/secure-session`,
    `@fastify/jwt`, Hapi `@hapi/yar` (`cookieOptions.password`), `koa-session` and Koa's `app.keys`.

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
    yield from ()


def jwt_verify_without_algorithms(subject: object) -> Iterator[Hit]:
    """jwt.verify accepts whatever algorithm the token names, or allows unsigned tokens.

    ## What it checks
    `jsonwebtoken`'s `verify` called without an options object that contains `algorithms`, and any
    `algorithms` list that contains `'none'`.

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
    yield from ()


def jwt_decode_without_verify(subject: object) -> Iterator[Hit]:
    """A JWT is decoded without verification where a verified token is needed.

    ## What it checks
    `jsonwebtoken`'s `decode` in a function that reads the token from the request (`req`, `ctx`, `request`
    headers or cookies) and never calls `verify` on it. Decoding the header to pick a key (`{ complete: true }`
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
    yield from ()


def insecure_random_secret(subject: object) -> Iterator[Hit]:
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
    yield from ()


def strong_authentication_library(subject: object) -> Iterator[Hit]:
    """Evidence: a multi-factor, WebAuthn or OpenID Connect library is in use.

    ## What it checks
    Imports of TOTP/HOTP libraries (`otplib`, `speakeasy`, `node-2fa`, `@levminer/speakeasy`, `otpauth`),
    WebAuthn servers (`@simplewebauthn/server`, `fido2-lib`, `@passwordless-id/webauthn`) and OpenID Connect or
    identity-provider clients (`openid-client`, `express-openid-connect`, `passport-openidconnect`,
    `@auth/express`, `next-auth`, `keycloak-connect`, `@okta/oidc-middleware`, `passport-azure-ad`,
    `@node-saml/passport-saml`). Each import is reported as positive evidence for practice 6, not as a problem.

    ## Why it matters
    Passwords alone fall to phishing and credential stuffing; a second factor or a delegated, MFA-capable
    identity provider is what practice 6 asks for.

    ## How to fix
    Nothing to fix. If no such library shows up, consider TOTP or WebAuthn for accounts, or delegate login to an
    OpenID Connect provider that enforces MFA.

    ## Example
    ```js
    const { authenticator } = require('otplib');
    ```

    ## Use instead
    ```js
    const passport = require('passport');
    ```

    ## References
    - OWASP Multifactor Authentication Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Multifactor_Authentication_Cheat_Sheet.html
    - NIST SP 800-63B, authenticator assurance levels
    """
    yield from ()
