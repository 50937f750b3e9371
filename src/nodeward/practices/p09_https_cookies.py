"""Practice 9: checks (rules NW09nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.findings import Confidence, Location, Severity
from nodeward.probe.grade import parse_hsts, redirection_test
from nodeward.probe.record import ProbeRecord
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.rules import Hit, holds, rule

# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0950-NW0999): HTTP→HTTPS redirect, certificate, and cookie flags as the browser receives them.
# ---------------------------------------------------------------------------------------------------------------------


def _live_where(record: ProbeRecord, url: str) -> Location:
    return Location(path="", url=url or record.target)


def _live_hsts_ok(record: ProbeRecord) -> bool:
    page = record.https_page
    if page is None:
        return False
    result = parse_hsts(page.response_headers, https=True, cert_valid=True).result
    return result == "hsts-implemented-max-age-at-least-six-months"


@rule("NW0950", "live-http-not-redirected-to-https", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=319)
def live_http_not_redirected_to_https(record: ProbeRecord) -> Iterator[Hit]:
    """Plain HTTP is served instead of being redirected to HTTPS on the same host.

    ## What it checks
    `GET http://host[:http-port]/` without following redirects (hops are followed by hand, at most 10, never off
    the host). Passes when the first hop is a 301/302/303/307/308 to `https://` on the same host and the route
    ends on https. Fails (medium) when HTTP answers 200, the route ends on http, or the first hop goes to another
    http URL; an https hop to another host is low (HSTS is then never set for this origin). Use `--http-port`
    and `--https-port` when the two listen on non-default ports.

    ## Why it matters
    Whatever is served over plain HTTP can be read and changed by anyone on the network path, cookies included.

    ## How to fix
    Redirect every HTTP request with a 301/308 to the same URL on https (at the proxy, or a tiny redirector), and
    send HSTS from the HTTPS side.

    ## Example
    ```http
    GET http://shop.example/ HTTP/1.1

    HTTP/1.1 200 OK
    ```

    ## Use instead
    ```http
    GET http://shop.example/ HTTP/1.1

    HTTP/1.1 301 Moved Permanently
    Location: https://shop.example/
    ```

    ## References
    - https://github.com/mdn/mdn-http-observatory/blob/main/src/analyzer/tests/redirection.js
    """
    route = record.http_route
    if route is None:
        http = record.chain("http-redirect")
        if http and not any(e.ok for e in http):
            yield holds(http[0], "no plain-HTTP listener answered (nothing served over HTTP)")
        return
    result = redirection_test(route, cert_valid=True).result
    first = next(e for e in record.exchanges if e.url == route[0])
    hops = " → ".join(route)
    if result == "redirection-missing":
        yield fails_at(
            first, f"{route[0]} is served over plain HTTP with {first.status}, no redirect to HTTPS", snippet=hops
        )
    elif result == "redirection-not-to-https":
        yield fails_at(first, f"the HTTP route never reaches HTTPS: {hops}", snippet=hops)
    elif result == "redirection-not-to-https-on-initial-redirection":
        yield fails_at(first, f"the first redirect goes to another http URL: {hops}", snippet=hops)
    elif result == "redirection-off-host-from-http":
        yield fails_at(first, f"HTTP redirects to HTTPS on another host ({hops})", severity=Severity.LOW, snippet=hops)
    else:
        status = first.status
        note = "" if status in (301, 308) else f" (with {status}; prefer 301 or 308)"
        yield holds(first, f"HTTP redirects to HTTPS on the same host: {hops}{note}")


@rule("NW0951", "live-invalid-tls-certificate", on=ProbeTarget(), severity=Severity.HIGH, cwe=295)
def live_invalid_tls_certificate(record: ProbeRecord) -> Iterator[Hit]:
    """The HTTPS certificate does not verify.

    ## What it checks
    The first HTTPS request is made with verification on (system trust store, or `--cacert`). A failure is high;
    the probe then goes on without verification (as the Observatory does) unless credentials were given. With
    `--insecure` nothing was verified, which is reported as info.

    ## Why it matters
    Users either get a browser error or learn to click through certificate warnings, which is all an attacker in
    the middle needs.

    ## How to fix
    Serve a certificate from a trusted CA (for example Let's Encrypt) that names the host, with its chain.

    ## Example
    ```http
    GET https://127.0.0.1:8443/  → TLS certificate verification failed: self-signed certificate
    ```

    ## Use instead
    ```http
    GET https://shop.example/  → HTTP/1.1 200 OK (certificate verified)
    ```

    ## References
    - https://www.rfc-editor.org/rfc/rfc6125
    """
    error = record.cert_error
    if error is not None:
        failed = next(e for e in record.exchanges if e.error == error)
        yield fails_at(failed, error, snippet=error[:160])
        return
    page = record.https_page
    if page is None:
        return
    if record.insecure or page.tls_verified is False:
        yield fails_at(page, "the certificate was not verified (--insecure)", severity=Severity.INFO)
    else:
        yield holds(page, "the TLS certificate verifies")


@rule("NW0952", "live-cookie-without-secure", on=ProbeTarget(), severity=Severity.HIGH, cwe=614)
def live_cookie_without_secure(record: ProbeRecord) -> Iterator[Hit]:
    """A cookie is set without the Secure flag.

    ## What it checks
    Cookies from the base page, its redirects, `/robots.txt`, the 404 and `--path` pages. When the site has HTTPS:
    a session cookie without `Secure` is high, another cookie medium, one level less when HSTS is in place. Over
    plain HTTP only it is info: express-session silently drops a `secure: true` cookie on non-TLS requests, so the
    missing flag is itself a clue the app has no HTTPS in front.

    ## Why it matters
    Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the path can steal the
    session.

    ## How to fix
    `cookie: { secure: true }` (with `app.set('trust proxy', 1)` behind a TLS-terminating proxy).

    ## Example
    ```http
    Set-Cookie: connect.sid=s%3AwYhh...; Path=/; HttpOnly
    ```

    ## Use instead
    ```http
    Set-Cookie: id=s%3AwYhh...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies
    """
    cookies = record.cookies
    if not cookies:
        return
    https = record.has_https
    hsts = _live_hsts_ok(record)
    for cookie in cookies:
        if cookie.secure:
            continue
        kind = "session cookie" if cookie.is_session else "cookie"
        if not https:
            severity = Severity.INFO
            message = f"{kind} `{cookie.name}` has no Secure flag (the site answered over plain HTTP only)"
        else:
            severity = Severity.HIGH if cookie.is_session else Severity.MEDIUM
            if hsts:
                severity = Severity(severity - 1)
            message = f"{kind} `{cookie.name}` has no Secure flag" + (" (HSTS limits the damage)" if hsts else "")
        yield fails_at(
            _live_where(record, cookie.url), message, severity=severity, snippet=f"Set-Cookie: {cookie.raw[:120]}"
        )
    if all(c.secure for c in cookies):
        yield holds(_live_where(record, cookies[0].url), f"all {len(cookies)} cookie(s) are Secure")


@rule("NW0953", "live-session-cookie-without-httponly", on=ProbeTarget(), severity=Severity.HIGH, cwe=1004)
def live_session_cookie_without_httponly(record: ProbeRecord) -> Iterator[Hit]:
    """A session cookie is readable from JavaScript (no HttpOnly).

    ## What it checks
    Session cookies among the collected cookies: a framework default name, a name containing `sess`, `sid`,
    `login`, `auth` or `token`, or a value in express-session's ID format. Broader than the Observatory, which
    only looks at names with `login` or `sess` and so never checks `connect.sid`.

    ## Why it matters
    Any cross-site scripting bug can then read the session ID and hijack the account from elsewhere.

    ## How to fix
    `cookie: { httpOnly: true }` (the express-session default: do not turn it off).

    ## Example
    ```http
    Set-Cookie: sid=8f2c...; Path=/
    ```

    ## Use instead
    ```http
    Set-Cookie: sid=8f2c...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://owasp.org/www-community/HttpOnly
    """
    sessions = [c for c in record.cookies if c.is_session]
    for cookie in sessions:
        if not cookie.httponly:
            yield fails_at(
                _live_where(record, cookie.url),
                f"session cookie `{cookie.name}` has no HttpOnly flag: scripts can read it",
                snippet=f"Set-Cookie: {cookie.raw[:120]}",
            )
    if sessions and all(c.httponly for c in sessions):
        names = ", ".join(f"`{c.name}`" for c in sessions)
        yield holds(_live_where(record, sessions[0].url), f"session cookie(s) {names} are HttpOnly")


@rule(
    "NW0954",
    "live-cookie-samesite",
    on=ProbeTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=1275,
)
def live_cookie_samesite(record: ProbeRecord) -> Iterator[Hit]:
    """A cookie has no SameSite attribute, or an invalid one.

    ## What it checks
    The raw `SameSite` attribute of each collected cookie: `Lax` or `Strict` passes; a missing attribute is low
    (browsers mostly default to Lax, but not all, and not for the first two minutes in Chrome); `SameSite=None`
    without `Secure`, or an empty or unknown value, is medium (browsers reject or ignore it).

    ## Why it matters
    SameSite is the browser's built-in defence against cross-site request forgery for cookie-authenticated
    requests.

    ## How to fix
    `cookie: { sameSite: 'lax' }` (or `'strict'`); `'none'` only together with `secure: true`.

    ## Example
    ```http
    Set-Cookie: connect.sid=s%3AwYhh...; Path=/; HttpOnly
    ```

    ## Use instead
    ```http
    Set-Cookie: id=s%3AwYhh...; Path=/; HttpOnly; Secure; SameSite=Lax
    ```

    ## References
    - https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.4.7
    """
    cookies = [c for c in record.cookies if not c.is_signature]
    good = 0
    for cookie in cookies:
        value = cookie.samesite
        snippet = f"Set-Cookie: {cookie.raw[:120]}"
        where = _live_where(record, cookie.url)
        if value is None:
            yield fails_at(
                where, f"cookie `{cookie.name}` has no SameSite attribute", severity=Severity.LOW, snippet=snippet
            )
        elif value.lower() not in ("lax", "strict", "none"):
            yield fails_at(where, f"cookie `{cookie.name}` has an invalid SameSite value {value!r}", snippet=snippet)
        elif value.lower() == "none" and not cookie.secure:
            yield fails_at(where, f"cookie `{cookie.name}` is SameSite=None without Secure (rejected)", snippet=snippet)
        elif value.lower() == "none":
            good += 0
        else:
            good += 1
    if cookies and good == len(cookies):
        yield holds(_live_where(record, cookies[0].url), "every cookie is SameSite=Lax or Strict")
