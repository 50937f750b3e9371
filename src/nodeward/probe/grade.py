"""The header grade: MDN HTTP Observatory scoring (algorithm v6, or v4 of npm 1.4.8), so grades line up with theirs.

Follows mdn/mdn-http-observatory@94042bb (src/analyzer/tests/*.js, src/grader/charts.js, src/scanner/index.js) as
summarised in the spec (probe.md §4). Two deliberate mirrors of the live Observatory: session cookies are only those
named `*sess*`/`*login*`, and credentialed CORS reflection is never "universal access" (§4.5). nodeward's own rules
judge those properly; this module only reproduces the Observatory's number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from nodeward.knowledge.observatory import GRADE_CHART, GRADE_ORDER
from nodeward.probe.cookies import parse_set_cookie
from nodeward.probe.exchange import Headers, header_values
from nodeward.probe.numbers import header_int, is_ascii_digits

SIX_MONTHS = 15_552_000
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90

SCORE_TABLE: Mapping[str, int] = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "redirection-invalid-cert": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "hsts-invalid-cert": -20,
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 5,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
    "coop-implemented-with-same-origin": 10,
    "coop-implemented-with-same-origin-allow-popups": 10,
    "coop-implemented-with-noopener-allow-popups": 10,
    "coop-not-implemented": 0,
    "coop-implemented-with-unsafe-none": 0,
    "coop-header-invalid": -5,
    "coep-implemented-with-require-corp": 10,
    "coep-implemented-with-credentialless": 10,
    "coep-implemented-with-unsafe-none": 0,
    "coep-not-implemented": 0,
    "coep-header-invalid": -5,
}
# Algorithm v4 (npm 1.4.8, the Python original): X-Frame-Options SAMEORIGIN/DENY earned 0, not +5.
V4_OVERRIDES: Mapping[str, int] = {"x-frame-options-sameorigin-or-deny": 0}


def grade_for(score: int) -> str:
    key = min(score - score % 5, 100)
    return GRADE_CHART.get(key, "F")


def grade_at_least(grade: str, minimum: str) -> bool:
    return GRADE_ORDER.index(grade) >= GRADE_ORDER.index(minimum)


@dataclass(frozen=True)
class GradeInput:
    """What the Observatory looks at, taken from the probe's exchanges."""

    headers: Headers  # the judged page's response headers
    page_url: str
    body: str = ""
    https: bool = False  # an HTTPS response was obtained for the page
    cert_valid: bool = True
    http_route: tuple[str, ...] | None = None  # the http:// redirect route, None when there is no HTTP listener
    cors_headers: Headers | None = None  # the preflight (or Origin) response
    cookies: tuple[str, ...] = ()  # raw Set-Cookie headers from the page, its redirects and /robots.txt


@dataclass(frozen=True)
class TestResult:
    name: str
    result: str
    modifier: int
    data: str = ""


@dataclass(frozen=True)
class Grade:
    algorithm: int
    score: int
    grade: str
    tests: tuple[TestResult, ...] = field(default_factory=tuple)

    def result(self, name: str) -> TestResult | None:
        return next((t for t in self.tests if t.name == name), None)


# ---------------------------------------------------------------------------------------------------------------------
# Content-Security-Policy


DANGEROUSLY_BROAD = frozenset({"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"})
UNSAFE_INLINE = frozenset({"'unsafe-inline'", "data:"})
NONCE_OR_HASH = ("'nonce-", "'sha256-", "'sha384-", "'sha512-")
PASSIVE_DIRECTIVES = ("img-src", "media-src")
ACTIVE_DIRECTIVES = ("script-src", "style-src", "object-src", "connect-src", "font-src", "frame-src", "child-src")


class CspInvalid(ValueError):
    pass


def parse_csp(value: str) -> tuple[list[dict[str, set[str]]], bool]:
    """Policies (a header may carry several, comma-joined) → directive → sources; and whether a directive repeats."""
    policies: list[dict[str, set[str]]] = []
    duplicate = False
    for policy_text in value.split(","):
        policy: dict[str, set[str]] = {}
        for directive in policy_text.split(";"):
            tokens = directive.strip().split()
            if not tokens:
                continue
            name = tokens[0].lower()
            if not re.fullmatch(r"[a-z0-9-]+", name):
                raise CspInvalid(f"invalid directive name {tokens[0]!r}")
            if name in policy:
                duplicate = True  # browsers ignore the repeat (CSP3 §2.2.1)
                continue
            sources = {t if t.lower().startswith("'nonce-") else t.lower() for t in tokens[1:]}
            policy[name] = sources or {"'none'"}
        if policy:
            policies.append(policy)
    if not policies:
        raise CspInvalid("no directives")
    return policies, duplicate


def _merge(policies: list[dict[str, set[str]]]) -> dict[str, set[str]]:
    """Several policies all apply: keep, per directive, the sources every policy that sets it allows."""
    merged: dict[str, set[str]] = {}
    for policy in policies:
        for name, sources in policy.items():
            merged[name] = merged[name] & sources if name in merged else set(sources)
    return merged


class _MetaScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): v for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("http-equiv") or attributes.get("name") or "").lower()
            if key and attributes.get("content") is not None:
                self.meta.setdefault(key, []).append(attributes["content"] or "")
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes)


def scan_html(body: str) -> _MetaScan:
    scan = _MetaScan()
    try:
        scan.feed(body)
        scan.close()
    except Exception:
        pass
    return scan


def csp_test(headers: Headers, html: _MetaScan | None) -> TestResult:
    header = ", ".join(header_values(headers, "content-security-policy"))
    meta = html.meta.get("content-security-policy", []) if html else []
    if not header.strip() and not meta:
        if header_values(headers, "content-security-policy-report-only"):
            return _res("content-security-policy", "csp-not-implemented-but-reporting-enabled")
        return _res("content-security-policy", "csp-not-implemented")
    try:
        policies, duplicate = parse_csp(header) if header.strip() else ([], False)
        for text in meta:
            meta_policies, _ = parse_csp(text)
            # frame-ancestors, report-uri and sandbox are ignored in <meta> (CSP3 §6.1)
            for policy in meta_policies:
                for name in ("frame-ancestors", "report-uri", "sandbox"):
                    policy.pop(name, None)
            policies.extend(meta_policies)
    except CspInvalid:
        return _res("content-security-policy", "csp-header-invalid")
    csp = _merge(policies)
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    object_src = set(csp.get("object-src") or default or {"*"})

    # 'unsafe-inline' is ignored by browsers when a nonce or hash is present (CSP3 §6.7.3.3)
    if any(s.startswith(NONCE_OR_HASH) for s in script_src):
        script_src.discard("'unsafe-inline'")
        if "'strict-dynamic'" in script_src:  # host sources and schemes are then ignored too
            script_src = {s for s in script_src if s.startswith("'")}
    if any(s.startswith(NONCE_OR_HASH) for s in style_src):
        style_src.discard("'unsafe-inline'")

    def insecure_scheme(sources: Iterable[str]) -> bool:
        return any(s in ("http:", "ftp:") or s.startswith(("http://", "ftp://")) for s in sources)

    active = [script_src, style_src, object_src] + [
        set(csp.get(d) or default or set())
        for d in ACTIVE_DIRECTIVES
        if d not in ("script-src", "style-src", "object-src")
    ]
    passive = [set(csp.get(d) or default or set()) for d in PASSIVE_DIRECTIVES]
    unsafe_inline = bool(script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE))
    unsafe_objects = bool(object_src & DANGEROUSLY_BROAD)
    unsafe_eval = "'unsafe-eval'" in script_src
    unsafe_inline_style = bool(style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE))
    if unsafe_inline or unsafe_objects:
        result = "csp-implemented-with-unsafe-inline"
    elif any(insecure_scheme(s) for s in active):
        result = "csp-implemented-with-insecure-scheme"
    elif unsafe_eval:
        result = "csp-implemented-with-unsafe-eval"
    elif any(insecure_scheme(s) for s in passive):
        result = "csp-implemented-with-insecure-scheme-in-passive-content-only"
    elif unsafe_inline_style:
        result = "csp-implemented-with-unsafe-inline-in-style-src-only"
    elif duplicate:
        result = "csp-implemented-but-duplicate-directives"
    elif default == {"'none'"}:
        result = "csp-implemented-with-no-unsafe-default-src-none"
    else:
        result = "csp-implemented-with-no-unsafe"
    return _res("content-security-policy", result, header or "; ".join(meta))


def header_csp(headers: Headers) -> dict[str, set[str]] | None:
    header = ", ".join(header_values(headers, "content-security-policy"))
    if not header.strip():
        return None
    try:
        return _merge(parse_csp(header)[0])
    except CspInvalid:
        return None


# ---------------------------------------------------------------------------------------------------------------------
# The other tests


def _res(name: str, result: str, data: str = "") -> TestResult:
    return TestResult(name, result, SCORE_TABLE[result], data)


def cookies_test(cookies: Iterable[str], hsts_ok: bool) -> TestResult:
    parsed = [c for c in (parse_set_cookie(raw) for raw in cookies) if c is not None]
    if not parsed:
        return _res("cookies", "cookies-not-found")
    worst = "cookies-secure-with-httponly-sessions-and-samesite"
    for cookie in parsed:
        name = cookie.name.lower()
        session = "login" in name or "sess" in name  # the Observatory's test (cookies.js:105), see §4.5
        anticsrf = "csrf" in name
        samesite = cookie.samesite
        candidates = []
        if samesite is not None and (samesite.lower() not in ("strict", "lax", "none") or
                                     (samesite.lower() == "none" and not cookie.secure)):  # fmt: skip
            candidates.append("cookies-samesite-flag-invalid")
        if samesite is None:
            candidates.append("cookies-secure-with-httponly-sessions")
            if anticsrf:
                candidates.append("cookies-anticsrf-without-samesite-flag")
        if not cookie.secure:
            if hsts_ok:
                candidates.append(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if session
                    else "cookies-without-secure-flag-but-protected-by-hsts"
                )
            else:
                candidates.append("cookies-session-without-secure-flag" if session else "cookies-without-secure-flag")
        if session and not cookie.httponly:
            candidates.append("cookies-session-without-httponly-flag")
        for candidate in candidates:
            if SCORE_TABLE[candidate] < SCORE_TABLE[worst]:
                worst = candidate
    return _res("cookies", worst)


def cors_test(cors_headers: Headers | None) -> TestResult:
    if not cors_headers:
        return _res("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented")
    acao = ", ".join(header_values(cors_headers, "access-control-allow-origin")).strip().lower()
    if not acao:
        return _res("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented")
    if acao == "*":
        return _res(
            "cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-public-access", acao
        )
    # The live Observatory never sees the Origin it sent (cors.js reads response.request.headers, undefined with
    # axios; spec §4.5), so a reflected origin always lands here. nodeward's NW0457 judges the reflection itself.
    return _res(
        "cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-restricted-access", acao
    )


def redirection_test(route: tuple[str, ...] | None, cert_valid: bool) -> TestResult:
    name = "redirection"
    if route is None:
        return _res(name, "redirection-not-needed-no-http")
    if len(route) <= 1:
        return _res(name, "redirection-missing", route[0] if route else "")
    final = urlsplit(route[-1])
    if final.scheme != "https":
        return _res(name, "redirection-not-to-https", route[-1])
    if urlsplit(route[1]).scheme != "https":
        return _res(name, "redirection-not-to-https-on-initial-redirection", route[-1])
    if (urlsplit(route[0]).hostname or "") != (urlsplit(route[1]).hostname or ""):
        return _res(name, "redirection-off-host-from-http", route[-1])
    if not cert_valid:
        return _res(name, "redirection-invalid-cert", route[-1])
    return _res(name, "redirection-to-https", route[-1])


@dataclass(frozen=True)
class HstsFacts:
    result: str
    max_age: int | None = None
    include_subdomains: bool = False
    preload: bool = False


def parse_hsts(headers: Headers, *, https: bool, cert_valid: bool) -> HstsFacts:
    if not https:
        return HstsFacts("hsts-not-implemented-no-https")
    if not cert_valid:
        return HstsFacts("hsts-invalid-cert")
    values = header_values(headers, "strict-transport-security")
    if not values:
        return HstsFacts("hsts-not-implemented")
    value = ", ".join(values)
    if "," in value:  # sent twice (or joined): RFC 6797 §8.1 says process only the first; the Observatory fails it
        return HstsFacts("hsts-header-invalid")
    max_age: int | None = None
    include = preload = False
    for directive in value.split(";"):
        key, _, val = directive.strip().partition("=")
        key = key.strip().lower()
        if key == "max-age":
            digits = val.strip().strip('"')
            if not is_ascii_digits(digits):
                return HstsFacts("hsts-header-invalid")
            max_age = header_int(digits)
        elif key == "includesubdomains":
            include = True
        elif key == "preload":
            preload = True
    if max_age is None:
        return HstsFacts("hsts-header-invalid")
    result = (
        "hsts-implemented-max-age-at-least-six-months"
        if max_age >= SIX_MONTHS
        else ("hsts-implemented-max-age-less-than-six-months")
    )
    return HstsFacts(result, max_age, include, preload)


REFERRER_GOOD = ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
REFERRER_BAD = ("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade")


def referrer_test(headers: Headers, html: _MetaScan | None) -> TestResult:
    values = header_values(headers, "referrer-policy") + (html.meta.get("referrer", []) if html else [])
    if not values:
        return _res("referrer-policy", "referrer-policy-not-implemented")
    tokens = [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
    valid = [t for t in tokens if t in REFERRER_GOOD or t in REFERRER_BAD]
    if not valid:
        return _res("referrer-policy", "referrer-policy-header-invalid", ", ".join(values))
    last = valid[-1]  # the last valid token wins (W3C Referrer Policy §8.1)
    return _res(
        "referrer-policy", "referrer-policy-private" if last in REFERRER_GOOD else "referrer-policy-unsafe", last
    )


def xcto_test(headers: Headers) -> TestResult:
    values = header_values(headers, "x-content-type-options")
    if not values:
        return _res("x-content-type-options", "x-content-type-options-not-implemented")
    if values[0].strip().lower() == "nosniff":
        return _res("x-content-type-options", "x-content-type-options-nosniff", values[0])
    return _res("x-content-type-options", "x-content-type-options-header-invalid", values[0])


def xfo_test(headers: Headers) -> TestResult:
    csp = header_csp(headers)
    if csp and "frame-ancestors" in csp and not (csp["frame-ancestors"] & DANGEROUSLY_BROAD):
        return _res("x-frame-options", "x-frame-options-implemented-via-csp", " ".join(sorted(csp["frame-ancestors"])))
    values = header_values(headers, "x-frame-options")
    if not values:
        return _res("x-frame-options", "x-frame-options-not-implemented")
    value = values[0].strip().lower()
    if value in ("deny", "sameorigin"):
        return _res("x-frame-options", "x-frame-options-sameorigin-or-deny", values[0])
    if value.startswith("allow-from "):
        return _res("x-frame-options", "x-frame-options-allow-from-origin", values[0])
    return _res("x-frame-options", "x-frame-options-header-invalid", values[0])


def _policy_test(
    headers: Headers, header: str, name: str, prefix: str, good: tuple[str, ...], neutral: str
) -> TestResult:
    values = header_values(headers, header)
    if not values:
        return _res(name, f"{prefix}-not-implemented")
    value = values[0].strip().lower().split(";")[0].strip()
    if value in good:
        return _res(name, f"{prefix}-implemented-with-{value}", value)
    if value == neutral:
        return _res(name, f"{prefix}-implemented-with-{value}", value)
    return _res(name, f"{prefix}-header-invalid", values[0])


def corp_test(headers: Headers) -> TestResult:
    return _policy_test(
        headers, "cross-origin-resource-policy", "cross-origin-resource-policy", "corp",
        ("same-origin", "same-site"), "cross-origin",
    )  # fmt: skip


def coop_test(headers: Headers) -> TestResult:
    return _policy_test(
        headers, "cross-origin-opener-policy", "cross-origin-opener-policy", "coop",
        ("same-origin", "same-origin-allow-popups", "noopener-allow-popups"), "unsafe-none",
    )  # fmt: skip


def coep_test(headers: Headers) -> TestResult:
    return _policy_test(
        headers, "cross-origin-embedder-policy", "cross-origin-embedder-policy", "coep",
        ("require-corp", "credentialless"), "unsafe-none",
    )  # fmt: skip


def sri_test(headers: Headers, body: str, page_url: str, html: _MetaScan | None) -> TestResult:
    """Subresource integrity on <script src>; an approximation of the Observatory's test (same-host = local)."""
    name = "subresource-integrity"
    media = (header_values(headers, "content-type") or [""])[0].split(";")[0].strip().lower()
    if media not in ("text/html", "application/xhtml+xml") and not body.lstrip().lower().startswith("<!doctype html"):
        return _res(name, "sri-not-implemented-response-not-html")
    scripts = html.scripts if html else []
    if not scripts:
        return _res(name, "sri-not-implemented-but-no-scripts-loaded")
    page = urlsplit(page_url)
    external_secure = external_insecure = external_with_sri = local_with_sri = 0
    external_insecure_with_sri = 0
    for script in scripts:
        src = urlsplit(urljoin(page_url, script.get("src") or ""))
        has_sri = bool(script.get("integrity"))
        if src.hostname == page.hostname:
            local_with_sri += has_sri
            continue
        secure = src.scheme == "https"
        if secure:
            external_secure += 1
            external_with_sri += has_sri
        else:
            external_insecure += 1
            external_insecure_with_sri += has_sri
    externals = external_secure + external_insecure
    if external_insecure:
        if external_insecure_with_sri:
            return _res(name, "sri-implemented-but-external-scripts-not-loaded-securely")
        return _res(name, "sri-not-implemented-and-external-scripts-not-loaded-securely")
    if externals:
        if external_with_sri == externals:
            return _res(name, "sri-implemented-and-external-scripts-loaded-securely")
        return _res(name, "sri-not-implemented-but-external-scripts-loaded-securely")
    if local_with_sri == len(scripts):
        return _res(name, "sri-implemented-and-all-scripts-loaded-securely")
    return _res(name, "sri-not-implemented-but-all-scripts-loaded-from-secure-origin")


def grade_headers(data: GradeInput, *, algorithm: int = 6) -> Grade:
    """Run the Observatory's tests on what the probe saw and fold them into its score and grade."""
    html = scan_html(data.body) if data.body else None
    hsts = parse_hsts(data.headers, https=data.https, cert_valid=data.cert_valid)
    hsts_ok = hsts.result in ("hsts-implemented-max-age-at-least-six-months", "hsts-preloaded")
    tests = [
        csp_test(data.headers, html),
        cookies_test(data.cookies, hsts_ok),
        cors_test(data.cors_headers),
        redirection_test(data.http_route, data.cert_valid),
        referrer_test(data.headers, html),
        _res("strict-transport-security", hsts.result),
        sri_test(data.headers, data.body, data.page_url, html),
        xcto_test(data.headers),
        xfo_test(data.headers),
        corp_test(data.headers),
    ]
    if algorithm >= 6:
        tests += [coop_test(data.headers), coep_test(data.headers)]
    if algorithm < 5:
        tests = [TestResult(t.name, t.result, V4_OVERRIDES.get(t.result, t.modifier), t.data) for t in tests]
    with_extra = uncurved = 100
    for test in tests:
        with_extra += test.modifier
        if test.modifier < 0:
            uncurved += test.modifier
    score = with_extra if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    score = max(score, 0)
    return Grade(algorithm=algorithm, score=score, grade=grade_for(score), tests=tuple(tests))
