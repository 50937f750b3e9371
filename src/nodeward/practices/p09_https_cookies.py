"""Practice 9: HTTPS only, Secure and HttpOnly cookies, code side (rules NW0901-NW0949)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.rules import Hit


def cookie_without_secure(subject: object) -> Iterator[Hit]:
    """A cookie is set without the Secure attribute.

    ## What it checks
    Cookie options that leave `secure` out or set it to `false`: Express `res.cookie`, Fastify `reply.setCookie`,
    `express-session` (`cookie.secure`), `cookie-session` (`secure`), `@fastify/secure-session`
    (`cookie.secure`), and explicit `secure: false` for Koa `ctx.cookies.set`/`koa-session` and
    `@fastify/session` (which follow the connection or default to Secure), and `isSecure: false` for Hapi
    (`server.state`, `h.state`, `@hapi/yar`, whose default is Secure). A value computed at run time
    (`secure: process.env.NODE_ENV === 'production'`, `'auto'`) counts as set.

    ## Why it matters
    Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the network path reads it:
    one `http://` request (a link, an image, a downgrade by an attacker) is enough to steal a session.

    ## How to fix
    Set `secure: true` (or `'auto'` for express-session behind a proxy with `trust proxy`) and serve the site
    only over HTTPS with HSTS.

    ## Example
    ```js
    app.get('/login', (req, res) => {
      res.cookie('token', token, { httpOnly: true, sameSite: 'lax' });
    });
    ```

    ## Use instead
    ```js
    app.get('/login', (req, res) => {
      res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'lax' });
    });
    ```

    ## References
    - OWASP Session Management Cheat Sheet, Secure attribute: https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#secure-attribute
    - express-session `cookie.secure`: https://github.com/expressjs/session#cookiesecure
    - CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute
    """
    yield from ()


def session_cookie_without_httponly(subject: object) -> Iterator[Hit]:
    """A session or authentication cookie can be read by JavaScript (HttpOnly missing or off).

    ## What it checks
    Session middleware with `httpOnly: false` (express-session, cookie-session, koa-session, @fastify/session and
    @fastify/secure-session default to HttpOnly; Hapi's `isHttpOnly: false`), and cookies set by `res.cookie` or
    `reply.setCookie` whose name says they carry a session or credential (`sid`, `session`, `auth`, `token`,
    `jwt`, `login`) without `httpOnly: true`. CSRF cookies (`XSRF-TOKEN`) are meant to be read by scripts and
    stay quiet.

    ## Why it matters
    Any cross-site scripting bug, or a compromised third-party script, can read a cookie without HttpOnly from
    `document.cookie` and send the session to an attacker.

    ## How to fix
    Set `httpOnly: true` on every cookie that authenticates a user; give scripts what they need through an API.

    ## Example
    ```js
    app.post('/login', (req, res) => {
      res.cookie('auth_token', token, { secure: true, sameSite: 'strict' });
    });
    ```

    ## Use instead
    ```js
    app.post('/login', (req, res) => {
      res.cookie('auth_token', token, { secure: true, httpOnly: true, sameSite: 'strict' });
    });
    ```

    ## References
    - OWASP Session Management Cheat Sheet, HttpOnly attribute: https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#httponly-attribute
    - CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag
    """
    yield from ()


def cookie_without_samesite(subject: object) -> Iterator[Hit]:
    """A cookie is set without a SameSite attribute, or with SameSite=None but not Secure.

    ## What it checks
    Express `res.cookie` and session middleware (express-session `cookie.sameSite`, cookie-session `sameSite`)
    without `sameSite`, and any `sameSite: 'none'` without `secure: true`. `@fastify/cookie` defaults to `lax`
    and Hapi to `Strict`, so only explicit weak values are flagged there.

    ## Why it matters
    SameSite is the browser's defence against cross-site request forgery. Browsers that default to Lax still send
    a fresh cookie on cross-site POSTs for two minutes, and older ones send it always. `SameSite=None` without
    `Secure` is rejected by current browsers, so the cookie silently disappears.

    ## How to fix
    Set `sameSite: 'lax'` (or `'strict'` for cookies that never need to follow a cross-site link); use `'none'`
    only with `secure: true` for cookies that must work in third-party contexts.

    ## Example
    ```js
    res.cookie('token', token, { secure: true, httpOnly: true });
    ```

    ## Use instead
    ```js
    res.cookie('token', token, { secure: true, httpOnly: true, sameSite: 'lax' });
    ```

    ## References
    - OWASP Cross-Site Request Forgery Prevention Cheat Sheet, SameSite: https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#samesite-cookie-attribute
    - RFC 6265bis, the SameSite attribute
    - CWE-1275: Sensitive Cookie with Improper SameSite Attribute
    """
    yield from ()


def secure_cookie_without_trust_proxy(subject: object) -> Iterator[Hit]:
    """Secure session cookies behind a TLS-terminating proxy, but the app does not trust the proxy.

    ## What it checks
    When the project shows a reverse proxy (an nginx, Caddy, Traefik or HAProxy configuration, a proxy service in
    a compose file, or code reading `X-Forwarded-Proto`), session middleware with `cookie.secure: true` on an
    Express app without `app.set('trust proxy', ...)` or the session's `proxy: true`; the same for Koa
    (`app.proxy = true`) and Fastify (`trustProxy` option).

    ## Why it matters
    Behind the proxy, the app sees plain HTTP. express-session then silently does not set a `secure` cookie (and
    koa's cookies throw), so logins "do not work", and the usual fix people reach for is `secure: false`, which
    sends the session over HTTP.

    ## How to fix
    Tell the framework to trust the proxy: `app.set('trust proxy', 1)` (the number of proxy hops) in Express,
    `app.proxy = true` in Koa, `trustProxy: true` in Fastify, and keep `secure: true`.

    ## Example
    ```js
    const session = require('express-session');
    const app = express();
    app.use(session({ secret: process.env.S, cookie: { secure: true } }));
    const proto = (req) => req.headers['x-forwarded-proto'];
    ```

    ## Use instead
    ```js
    const session = require('express-session');
    const app = express();
    app.set('trust proxy', 1);
    app.use(session({ secret: process.env.S, cookie: { secure: true } }));
    const proto = (req) => req.headers['x-forwarded-proto'];
    ```

    ## References
    - express-session, `cookie.secure` and `proxy`: https://github.com/expressjs/session#cookiesecure
    - Express behind proxies: https://expressjs.com/en/guide/behind-proxies.html
    - CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute
    """
    yield from ()


def tls_verification_disabled(subject: object) -> Iterator[Hit]:
    """TLS certificate verification is turned off in code.

    ## What it checks
    `rejectUnauthorized: false` in any options object (https agents, `tls.connect`, database `ssl` options,
    axios and got agents), `strictSSL: false` (request), a `checkServerIdentity` that returns nothing, and
    assignments of `'0'` to `process.env.NODE_TLS_REJECT_UNAUTHORIZED`.

    ## Why it matters
    Without verification any machine on the network path can present its own certificate and read or change the
    traffic: API keys, database passwords and user data sent to the "HTTPS" endpoint.

    ## How to fix
    Keep verification on; for a private CA pass `ca: fs.readFileSync('ca.pem')` or set `NODE_EXTRA_CA_CERTS`.

    ## Example
    ```js
    const https = require('https');
    const agent = new https.Agent({ rejectUnauthorized: false });
    ```

    ## Use instead
    ```js
    const https = require('https');
    const agent = new https.Agent({ ca: fs.readFileSync('ca.pem') });
    ```

    ## References
    - Node.js `tls.connect` options: https://nodejs.org/api/tls.html#tlsconnectoptions-callback
    - CWE-295: Improper Certificate Validation
    """
    yield from ()


def tls_verification_disabled_in_config(subject: object) -> Iterator[Hit]:
    """NODE_TLS_REJECT_UNAUTHORIZED=0 is set in a configuration file.

    ## What it checks
    `NODE_TLS_REJECT_UNAUTHORIZED` set to `0` in `.env` files, Dockerfile `ENV`, compose `environment`
    (mapping or list form), Kubernetes `env` entries, and `package.json` scripts.

    ## Why it matters
    The variable turns off certificate verification for every HTTPS and TLS connection the process makes, in
    every library, and Node only prints a warning once.

    ## How to fix
    Remove it; trust a private CA with `NODE_EXTRA_CA_CERTS=/path/ca.pem` instead.

    ## Example
    ```sh
    # .env
    NODE_TLS_REJECT_UNAUTHORIZED=0
    ```

    ## Use instead
    ```sh
    # .env
    NODE_EXTRA_CA_CERTS=/etc/ssl/private-ca.pem
    ```

    ## References
    - Node.js, NODE_TLS_REJECT_UNAUTHORIZED: https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue
    - CWE-295: Improper Certificate Validation
    """
    yield from ()


def hsts_disabled(subject: object) -> Iterator[Hit]:
    """HSTS is turned off in helmet, or its max-age is shorter than six months.

    ## What it checks
    `helmet`, `@fastify/helmet` and `koa-helmet` with `hsts: false` or `strictTransportSecurity: false`, and an
    HSTS `maxAge` below 15,552,000 seconds (the Observatory's six months) in those options or in
    `helmet.hsts()` / `helmet.strictTransportSecurity()`.

    ## Why it matters
    Without Strict-Transport-Security a user who types the bare domain, or follows an `http://` link, makes one
    plain-HTTP request that an attacker can intercept and keep on HTTP (SSL stripping).

    ## How to fix
    Leave helmet's HSTS on (its default is one year with `includeSubDomains`); if TLS ends at a proxy that sets
    HSTS, document that and suppress this finding with a reason.

    ## Example
    ```js
    const helmet = require('helmet');
    app.use(helmet({ hsts: false }));
    ```

    ## Use instead
    ```js
    const helmet = require('helmet');
    app.use(helmet({ hsts: { maxAge: 31536000, includeSubDomains: true } }));
    ```

    ## References
    - OWASP HTTP Strict Transport Security Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html
    - helmet `strictTransportSecurity`: https://helmetjs.github.io/
    - CWE-319: Cleartext Transmission of Sensitive Information
    """
    yield from ()


def hardcoded_http_url(subject: object) -> Iterator[Hit]:
    """An outgoing request goes to a hard-coded plain-HTTP URL.

    ## What it checks
    `fetch`, `axios` (and its methods), `got`, `node-fetch`, `undici`, `superagent`, `request` and
    `http.get`/`http.request` called with a literal (or constant) `http://` URL. Loopback hosts, `.local` /
    `.internal` / `.localhost` names and single-label hosts (container service names) are left out. Audit profile.

    ## Why it matters
    Data sent over plain HTTP (tokens, personal data, payment details) can be read and changed on the way, and
    the answer can be forged.

    ## How to fix
    Use `https://`, and read service URLs from configuration so each environment can point at a TLS endpoint.

    ## Example
    ```js
    const axios = require('axios');
    axios.post('http://payments.example.com/charge', order);
    ```

    ## Use instead
    ```js
    const axios = require('axios');
    axios.post('https://payments.example.com/charge', order);
    ```

    ## References
    - OWASP Transport Layer Security Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html
    - CWE-319: Cleartext Transmission of Sensitive Information
    """
    yield from ()
