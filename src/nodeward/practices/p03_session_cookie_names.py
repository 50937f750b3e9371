"""Practice 3: checks (rules NW03nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.findings import Confidence, Location, Severity
from nodeward.probe.cookies import SENSITIVE_KEYS, decode_client_session
from nodeward.probe.record import ProbeRecord
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.rules import Hit, holds, rule

# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0350-NW0399): judged on the probe's recorded exchanges (nodeward probe URL).
# ---------------------------------------------------------------------------------------------------------------------


@rule(
    "NW0350",
    "live-default-session-cookie-name",
    on=ProbeTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=200,
)
def live_default_session_cookie_name(record: ProbeRecord) -> Iterator[Hit]:
    """The running app sets a session cookie under its framework's default name.

    ## What it checks
    The `Set-Cookie` headers of the base page, `/robots.txt` and a 404 page. A cookie named `connect.sid`
    (express-session), `koa.sess` (koa-session), `sails.sid` (Sails), `express:sess` (cookie-session 1.x),
    `sessionId` (@fastify/session), or `session` together with `session.sig` (cookie-session 2.x) fails.
    A renamed express-session cookie is still recognised by its value format and reported as evidence only.

    ## Why it matters
    A default name tells an attacker which framework and session library run behind the site, and so which
    known weaknesses and default secrets to try first.

    ## How to fix
    Give the session cookie a neutral name of your own (`name: 'id'` in express-session, `key` in koa-session).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Set-Cookie: connect.sid=s%3AwYhh...; Path=/; HttpOnly
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Set-Cookie: id=s%3AwYhh...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#dont-use-the-default-session-cookie-name
    - https://github.com/expressjs/session#name
    """
    cookies = record.cookies
    names = {c.name.lower() for c in cookies}
    found = False
    for cookie in cookies:
        framework = cookie.default_name_framework
        if cookie.name.lower() == "session" and "session.sig" not in names:
            framework = None  # a bare `session` is too common a name to pin on cookie-session
        if framework:
            found = True
            yield fails_at(
                cookie_location(record, cookie.url),
                f"cookie `{cookie.name}` is the default session cookie name of {framework}",
                snippet=f"Set-Cookie: {cookie.raw[:120]}",
            )
    if not found and cookies:
        sessions = [c for c in cookies if c.is_session]
        for cookie in sessions:
            origin = f" (an {cookie.value_framework} session ID)" if cookie.value_framework else ""
            yield holds(
                cookie_location(record, cookie.url), f"session cookie `{cookie.name}` has a custom name{origin}"
            )


@rule(
    "NW0351",
    "client-side-session-readable",
    on=ProbeTarget(),
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
    cwe=315,
)
def client_side_session_readable(record: ProbeRecord) -> Iterator[Hit]:
    """Session data is kept in a signed but readable cookie.

    ## What it checks
    A cookie pair `X` + `X.sig` (cookie-session, koa-session) whose value `X` decodes as base64 JSON. Reported as
    info; as low when the decoded data has keys such as `role`, `isAdmin`, `user` or `email`.

    ## Why it matters
    Signing stops tampering but not reading: anyone holding the cookie (a shared computer, a log, a proxy) reads
    the session data. Authorisation facts kept there are also replayed until the cookie expires.

    ## How to fix
    Keep only an opaque session ID in the cookie and the data on the server (express-session with a store,
    koa-session with `store`), or encrypt the cookie.

    ## Example
    ```http
    Set-Cookie: koa.sess=eyJ2aWV3cyI6MSwicm9sZSI6Imd1ZXN0In0=; path=/; httponly
    Set-Cookie: koa.sess.sig=cRwx8fKMERzwAuPnRs33SycD5GQ; path=/; httponly
    ```

    ## Use instead
    ```http
    Set-Cookie: id=s%3AIdyp1m0RokmY8WOeZj9vCvAG62jV5Zcf.RFJg3zu8...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://github.com/expressjs/cookie-session#cookie-options
    - https://cwe.mitre.org/data/definitions/315.html
    """
    names = {c.name for c in record.cookies}
    for cookie in record.cookies:
        if cookie.is_signature or f"{cookie.name}.sig" not in names:
            continue
        data = decode_client_session(cookie.value)
        if data is None:
            continue
        keys = sorted(str(k) for k in data)
        sensitive = sorted(k for k in keys if k.lower() in SENSITIVE_KEYS)
        message = f"cookie `{cookie.name}` carries the session data itself, readable by anyone: keys {', '.join(keys)}"
        if sensitive:
            message += f" (authorisation data: {', '.join(sensitive)})"
        yield fails_at(
            cookie_location(record, cookie.url),
            message,
            severity=Severity.LOW if sensitive else Severity.INFO,
            snippet=f"Set-Cookie: {cookie.raw[:120]}",
        )


def cookie_location(record: ProbeRecord, url: str) -> Location:
    return Location(path="", url=url or record.target)
