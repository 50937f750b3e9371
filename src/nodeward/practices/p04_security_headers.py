"""Practice 4: checks (rules NW04nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.findings import Severity
from nodeward.probe.grade import REFERRER_BAD, REFERRER_GOOD, csp_test, parse_hsts, scan_html, xfo_test
from nodeward.probe.record import ProbeRecord
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.rules import Hit, holds, rule

# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0450-NW0499): judged on the base page the probe fetched, never on error pages (Express's
# finalhandler adds a CSP and nosniff to its own error pages, spec probe.md §1).
# ---------------------------------------------------------------------------------------------------------------------

# helmet 8 defaults (spec probe.md §5): header → value helmet() sends.
HELMET_DEFAULTS = {
    "content-security-policy": "default-src 'self';...",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "origin-agent-cluster": "?1",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-dns-prefetch-control": "off",
    "x-download-options": "noopen",
    "x-frame-options": "SAMEORIGIN",
    "x-permitted-cross-domain-policies": "none",
    "x-xss-protection": "0",
}
CSP_SEVERITY = {
    "csp-not-implemented": (Severity.MEDIUM, "no Content-Security-Policy header"),
    "csp-not-implemented-but-reporting-enabled": (Severity.MEDIUM, "only Content-Security-Policy-Report-Only is sent"),
    "csp-header-invalid": (Severity.MEDIUM, "the Content-Security-Policy header cannot be parsed"),
    "csp-implemented-with-unsafe-inline": (
        Severity.HIGH,
        "the CSP lets scripts run inline (`'unsafe-inline'` without nonce or hash, `data:` or a broad source), "
        "or leaves object-src unrestricted",
    ),
    "csp-implemented-with-insecure-scheme": (Severity.HIGH, "the CSP loads scripts or styles over plain http:"),
    "csp-implemented-with-unsafe-eval": (Severity.LOW, "the CSP allows `'unsafe-eval'`"),
    "csp-implemented-with-insecure-scheme-in-passive-content-only": (
        Severity.LOW,
        "the CSP loads images or media over plain http:",
    ),
}


@rule("NW0450", "live-missing-content-security-policy", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=1021)
def live_missing_content_security_policy(record: ProbeRecord) -> Iterator[Hit]:
    """The base page has no Content-Security-Policy, or one that still allows inline script.

    ## What it checks
    The `Content-Security-Policy` header (and `<meta http-equiv>`) of the base page, with the MDN HTTP
    Observatory's algorithm: missing, report-only or unparsable fails (medium); `'unsafe-inline'` without a nonce
    or hash, `data:` or a scheme-wide source in `script-src`, or an unrestricted `object-src` fails (high);
    `'unsafe-eval'` is low. `'unsafe-inline'` only in `style-src` (helmet's default) passes.

    ## Why it matters
    A CSP is the second line of defence against cross-site scripting: injected markup cannot run script the
    policy does not allow.

    ## How to fix
    Send a policy: `app.use(helmet())` gives a strict default; allow inline scripts only by nonce or hash.

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Content-Security-Policy: default-src 'self';object-src 'none';script-src 'self';base-uri 'self'
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP
    - https://github.com/mdn/mdn-http-observatory/blob/main/src/analyzer/tests/csp.js
    """
    page = record.page
    if page is None:
        return
    result = csp_test(page.response_headers, scan_html(page.text) if "html" in page.media_type else None).result
    if result in CSP_SEVERITY:
        severity, message = CSP_SEVERITY[result]
        csp = page.header("content-security-policy")
        yield fails_at(page, message, severity=severity, snippet=f"Content-Security-Policy: {csp}" if csp else "")
    else:
        note = " ('unsafe-inline' only in style-src, as helmet's default)" if "style-src-only" in result else ""
        yield holds(page, f"Content-Security-Policy sent ({result}){note}")


def _html(text: str):
    from nodeward.probe.grade import _scan_html

    return _scan_html(text)


@rule("NW0451", "live-missing-nosniff", on=ProbeTarget(), severity=Severity.LOW, cwe=693)
def live_missing_nosniff(record: ProbeRecord) -> Iterator[Hit]:
    """The base page does not turn MIME sniffing off.

    ## What it checks
    `X-Content-Type-Options` on the base page: it passes only when it is exactly `nosniff` (any case).

    ## Why it matters
    Without it a browser may guess a response's type and run an uploaded text file as script or style.

    ## How to fix
    Send `X-Content-Type-Options: nosniff` on every response (`helmet()` does).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    X-Content-Type-Options: nosniff
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options
    """
    page = record.page
    if page is None:
        return
    value = page.header("x-content-type-options")
    if value is None:
        yield fails_at(page, "no X-Content-Type-Options header")
    elif value.strip().lower() != "nosniff":
        yield fails_at(
            page, f"X-Content-Type-Options is {value!r}, not nosniff", snippet=f"X-Content-Type-Options: {value}"
        )
    else:
        yield holds(page, "X-Content-Type-Options: nosniff")


@rule("NW0452", "live-missing-frame-protection", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=1021)
def live_missing_frame_protection(record: ProbeRecord) -> Iterator[Hit]:
    """The base page can be framed by any site (clickjacking).

    ## What it checks
    `X-Frame-Options` `DENY`/`SAMEORIGIN`, or a CSP header with a `frame-ancestors` directive that is not
    scheme-wide. Neither, or an invalid X-Frame-Options, fails; the obsolete `ALLOW-FROM` is low.

    ## Why it matters
    A page that any site can frame can be overlaid with a decoy so that users click buttons they cannot see.

    ## How to fix
    Send `Content-Security-Policy: frame-ancestors 'self'` and `X-Frame-Options: SAMEORIGIN` (`helmet()` does both).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    X-Frame-Options: SAMEORIGIN
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors
    """
    page = record.page
    if page is None:
        return
    result = xfo_test(page.response_headers)
    value = page.header("x-frame-options")
    if result.result == "x-frame-options-not-implemented":
        yield fails_at(page, "neither X-Frame-Options nor a CSP frame-ancestors directive")
    elif result.result == "x-frame-options-header-invalid":
        yield fails_at(
            page, f"X-Frame-Options {value!r} is not DENY or SAMEORIGIN", snippet=f"X-Frame-Options: {value}"
        )
    elif result.result == "x-frame-options-allow-from-origin":
        yield fails_at(
            page, "X-Frame-Options ALLOW-FROM is obsolete and ignored by browsers", severity=Severity.LOW,
            snippet=f"X-Frame-Options: {value}",
        )  # fmt: skip
    else:
        via = "CSP frame-ancestors" if result.result.endswith("via-csp") else f"X-Frame-Options: {value}"
        yield holds(page, f"framing restricted ({via})")


@rule("NW0453", "live-unsafe-referrer-policy", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_unsafe_referrer_policy(record: ProbeRecord) -> Iterator[Hit]:
    """The base page's Referrer-Policy leaks full URLs to other sites.

    ## What it checks
    `Referrer-Policy` on the base page, the last valid token winning: `origin`, `origin-when-cross-origin`,
    `unsafe-url` and `no-referrer-when-downgrade` fail (low), as does an invalid value. No header passes (the
    browser default `strict-origin-when-cross-origin` applies).

    ## Why it matters
    URLs carry tokens, search terms and IDs; a loose policy hands them to every third party a page links to.

    ## How to fix
    Send `Referrer-Policy: no-referrer` or `strict-origin-when-cross-origin` (`helmet()` sends `no-referrer`).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Referrer-Policy: unsafe-url
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Referrer-Policy: no-referrer
    ```

    ## References
    - https://www.w3.org/TR/referrer-policy/
    """
    page = record.page
    if page is None:
        return
    values = page.headers("referrer-policy")
    if not values:
        yield holds(page, "no Referrer-Policy: the browser default strict-origin-when-cross-origin applies")
        return
    tokens = [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
    valid = [t for t in tokens if t in REFERRER_GOOD or t in REFERRER_BAD]
    snippet = f"Referrer-Policy: {', '.join(values)}"
    if not valid:
        yield fails_at(page, f"Referrer-Policy {', '.join(values)!r} is not a valid policy", snippet=snippet)
    elif valid[-1] in REFERRER_BAD:
        yield fails_at(page, f"Referrer-Policy {valid[-1]} sends full URLs or origins to other sites", snippet=snippet)
    else:
        yield holds(page, f"Referrer-Policy: {valid[-1]}")


@rule("NW0454", "live-missing-hsts", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=319)
def live_missing_hsts(record: ProbeRecord) -> Iterator[Hit]:
    """The HTTPS site does not send a valid Strict-Transport-Security header.

    ## What it checks
    On the HTTPS base page only (browsers ignore HSTS over plain HTTP, RFC 6797 §8.1): a single
    `Strict-Transport-Security` header with `max-age` of at least six months (15552000 s). Missing, without
    `max-age`, or sent twice fails (medium); a shorter max-age is low. Without HTTPS, NW0950 decides instead.

    ## Why it matters
    Without HSTS the first request of a visit can go over plain HTTP, where an attacker on the network can strip
    TLS and read or change everything.

    ## How to fix
    Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` (`helmet()` does).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    ```

    ## References
    - https://www.rfc-editor.org/rfc/rfc6797
    """
    page = record.https_page
    if page is None:
        return
    facts = parse_hsts(page.response_headers, https=True, cert_valid=True)
    snippet = f"Strict-Transport-Security: {', '.join(page.headers('strict-transport-security'))}"
    if facts.result == "hsts-not-implemented":
        yield fails_at(page, "no Strict-Transport-Security header on the HTTPS page", snippet="")
    elif facts.result == "hsts-header-invalid":
        yield fails_at(
            page, "Strict-Transport-Security is invalid (no max-age, or sent more than once)", snippet=snippet
        )
    elif facts.result == "hsts-implemented-max-age-less-than-six-months":
        yield fails_at(
            page, f"HSTS max-age {facts.max_age} s is under six months (15552000 s)", severity=Severity.LOW,
            snippet=snippet,
        )  # fmt: skip
    else:
        yield holds(
            page, f"HSTS max-age {facts.max_age} s" + ("; includeSubDomains" if facts.include_subdomains else "")
        )


@rule("NW0455", "live-invalid-cross-origin-policy", on=ProbeTarget(), severity=Severity.LOW, cwe=693)
def live_invalid_cross_origin_policy(record: ProbeRecord) -> Iterator[Hit]:
    """A cross-origin isolation header (COOP, CORP, COEP) has a value browsers ignore.

    ## What it checks
    `Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy` and `Cross-Origin-Embedder-Policy` on the base
    page. A valid protective value is evidence; an invalid value fails (low). A missing header is not a finding:
    the Observatory scores it 0, and COEP is off in helmet by default.

    ## Why it matters
    A misspelt value gives no isolation at all, while the code looks as if it did.

    ## How to fix
    Use the exact values: COOP `same-origin`, CORP `same-origin` or `same-site`, COEP `require-corp` or
    `credentialless` (helmet sets COOP and CORP).

    ## Example
    ```http
    HTTP/1.1 200 OK
    Cross-Origin-Opener-Policy: same_origin
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Cross-Origin-Opener-Policy: same-origin
    Cross-Origin-Resource-Policy: same-origin
    ```

    ## References
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Cross-Origin_Resource_Policy
    - https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Opener-Policy
    """
    page = record.page
    if page is None:
        return
    valid = {
        "cross-origin-opener-policy": (
            "same-origin",
            "same-origin-allow-popups",
            "noopener-allow-popups",
            "unsafe-none",
        ),
        "cross-origin-resource-policy": ("same-origin", "same-site", "cross-origin"),
        "cross-origin-embedder-policy": ("require-corp", "credentialless", "unsafe-none"),
    }
    protective = ("same-origin", "same-site", "require-corp", "credentialless", "same-origin-allow-popups",
                  "noopener-allow-popups")  # fmt: skip
    for header, allowed in valid.items():
        value = page.header(header)
        if value is None:
            continue
        token = value.strip().lower().split(";")[0].strip()
        if token not in allowed:
            yield fails_at(page, f"{header} {value!r} is not a valid value", snippet=f"{header}: {value}")
        elif token in protective:
            yield holds(page, f"{header}: {token}")


@rule("NW0456", "live-helmet-baseline-incomplete", on=ProbeTarget(), severity=Severity.INFO, cwe=693)
def live_helmet_baseline_incomplete(record: ProbeRecord) -> Iterator[Hit]:
    """The base page lacks some of the headers helmet sends by default.

    ## What it checks
    Which of helmet 8's default headers the base page is missing: CSP, COOP, CORP, Origin-Agent-Cluster,
    Referrer-Policy, HSTS (on HTTPS), X-Content-Type-Options, X-DNS-Prefetch-Control, X-Download-Options,
    X-Frame-Options, X-Permitted-Cross-Domain-Policies and X-XSS-Protection. Info: the other rules judge the
    headers that matter most.

    ## Why it matters
    The helmet baseline is cheap and closes many small gaps at once; a list of what is missing shows whether
    helmet runs at all (its fingerprint is `Origin-Agent-Cluster: ?1` with `X-DNS-Prefetch-Control: off`).

    ## How to fix
    `app.use(helmet())` early in the middleware chain, before routes and static files.

    ## Example
    ```http
    HTTP/1.1 200 OK
    X-Powered-By: Express
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Origin-Agent-Cluster: ?1
    X-DNS-Prefetch-Control: off
    X-Download-Options: noopen
    X-XSS-Protection: 0
    ```

    ## References
    - https://helmetjs.github.io/
    """
    page = record.page
    if page is None:
        return
    missing = [
        h
        for h in HELMET_DEFAULTS
        if not page.has_header(h) and not (h == "strict-transport-security" and page.scheme != "https")
    ]
    if missing:
        yield fails_at(page, f"{len(missing)} helmet default header(s) missing: {', '.join(missing)}")
    else:
        yield holds(page, "every helmet default header is present")


@rule("NW0457", "live-cors-reflects-origin", on=ProbeTarget(), severity=Severity.HIGH, cwe=942)
def live_cors_reflects_origin(record: ProbeRecord) -> Iterator[Hit]:
    """CORS reflects any Origin, with credentials: any site can read logged-in users' data.

    ## What it checks
    Four requests to the base page: a random `Origin`, its preflight, `Origin: null`, and an origin that only
    ends with the target's host name. High when `Access-Control-Allow-Origin` echoes the sent origin (or `null`)
    together with `Access-Control-Allow-Credentials: true`; medium when it echoes it without credentials. The
    MDN Observatory misses this case in live scans (spec probe.md §4.5).

    ## Why it matters
    With a reflected origin and credentials, a page on any site can call the API with the visitor's cookies and
    read the answers: account data, CSRF tokens, everything the user can see.

    ## How to fix
    Give `cors()` an explicit allow-list (`origin: ['https://app.example.com']`), never `origin: true` or a
    function that returns true for every origin, and never allow `null`.

    ## Example
    ```http
    GET / HTTP/1.1
    Origin: https://nodeward-1a2b.invalid

    HTTP/1.1 200 OK
    Access-Control-Allow-Origin: https://nodeward-1a2b.invalid
    Access-Control-Allow-Credentials: true
    ```

    ## Use instead
    ```http
    GET / HTTP/1.1
    Origin: https://nodeward-1a2b.invalid

    HTTP/1.1 200 OK
    Vary: Origin
    ```

    ## References
    - https://portswigger.net/web-security/cors
    - https://github.com/expressjs/cors#configuration-options
    """
    reflected, reflected_plain, wildcard_credentials = [], [], []
    probes = [e for e in (record.step(s) for s in ("cors-origin", "cors-preflight", "cors-null", "cors-suffix")) if e]
    for exchange in probes:
        if not exchange.ok:
            continue
        sent = (exchange.request_header("origin") or "").strip()
        acao = (exchange.header("access-control-allow-origin") or "").strip()
        credentials = (exchange.header("access-control-allow-credentials") or "").strip().lower() == "true"
        if acao and sent and acao == sent:
            (reflected if credentials else reflected_plain).append(exchange)
        elif acao == "*" and credentials:
            wildcard_credentials.append(exchange)
    if reflected:
        sent = ", ".join(sorted({e.request_header("origin") or "" for e in reflected}))
        yield fails_at(
            reflected[0],
            f"Access-Control-Allow-Origin reflects the request's Origin ({sent}) with "
            f"Access-Control-Allow-Credentials: true ({len(reflected)} of {len(probes)} CORS requests)",
            snippet=f"Access-Control-Allow-Origin: {reflected[0].header('access-control-allow-origin')}",
            data={"requests": [e.step for e in reflected]},
        )
    elif reflected_plain:
        yield fails_at(
            reflected_plain[0],
            "Access-Control-Allow-Origin reflects any Origin (without credentials)",
            severity=Severity.MEDIUM,
            snippet=f"Access-Control-Allow-Origin: {reflected_plain[0].header('access-control-allow-origin')}",
        )
    elif wildcard_credentials:
        yield fails_at(
            wildcard_credentials[0],
            "`Access-Control-Allow-Origin: *` with credentials: browsers refuse the pair, so it is a mistake",
            severity=Severity.INFO,
        )
    elif probes:
        yield holds(probes[0], "CORS does not reflect foreign or null origins")
