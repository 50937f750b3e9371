"""Each live rule on recorded exchanges (shapes taken from the lab transcripts): a vulnerable case and a look-alike."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from .recorded import HTTP, HTTPS, ex, rec, verdict

EXPRESS_SID = "s%3AwYhhn-Ps45rZjYTGRah5NszOZZ1mwdg2.eyL%2B%2FTmj7KLl%2FUfUxVqhch526JZUxQSgD8mj6dk3T1M"
HELMET_CSP = (
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';"
    "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';"
    "style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests"
)
HELMET = (
    ("Content-Security-Policy", HELMET_CSP),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Origin-Agent-Cluster", "?1"),
    ("Referrer-Policy", "no-referrer"),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-DNS-Prefetch-Control", "off"),
    ("X-Download-Options", "noopen"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("X-Permitted-Cross-Domain-Policies", "none"),
    ("X-XSS-Protection", "0"),
)
HTML = (("Content-Type", "text/html; charset=utf-8"),)
DEV_JSON_400 = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n'
    "<pre>SyntaxError: Unexpected end of JSON input<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)<br> &nbsp; "
    "&nbsp;at parse (/srv/lab/node_modules/body-parser/lib/types/json.js:93:21)<br> &nbsp; &nbsp;at "
    "process.processTicksAndRejections (node:internal/process/task_queues:82:21)</pre>\n</body>\n</html>\n"
)
PROD_400 = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n'
    "<pre>Bad Request</pre>\n</body>\n</html>\n"
)
DEV_404 = PROD_400.replace("Bad Request", "Cannot GET /nodeward-probe-1")
FINALHANDLER = (*HTML, ("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff"))


def page(*headers: tuple[str, str], origin: str = HTTPS, cookies: tuple[str, ...] = ()):
    return ex("base", headers=(*HTML, *headers, *(("Set-Cookie", c) for c in cookies)), origin=origin, body="<p>hi</p>")


def cookie_record(*cookies: str, origin: str = HTTPS, hsts: bool = False):
    extra = (("Strict-Transport-Security", "max-age=31536000"),) if hsts else ()
    return rec(page(*extra, origin=origin, cookies=cookies))


def b64(data: dict) -> str:
    return base64.b64encode(json.dumps(data).encode()).decode()


CASES = {
    # -- practice 3 ------------------------------------------------------------------------------------------------
    "NW0350 connect.sid": ("NW0350", cookie_record(f"connect.sid={EXPRESS_SID}; Path=/; HttpOnly"), ["low"], 0),
    "NW0350 renamed express-session": ("NW0350", cookie_record(f"id={EXPRESS_SID}; Path=/; HttpOnly"), [], 1),
    "NW0350 koa.sess": ("NW0350", cookie_record("koa.sess=abc; path=/", "koa.sess.sig=x; path=/"), ["low"], 0),
    "NW0350 cookie-session pair": (
        "NW0350",
        cookie_record("session=e30=; path=/", "session.sig=x; path=/"),
        ["low"],
        0,
    ),
    "NW0350 bare `session` is no proof": ("NW0350", cookie_record("session=opaque; path=/; HttpOnly"), [], 1),
    "NW0351 readable role": (
        "NW0351",
        cookie_record(f"koa.sess={b64({'role': 'admin', 'views': 1})}; path=/", "koa.sess.sig=abc; path=/"),
        ["low"],
        0,
    ),
    "NW0351 readable but harmless": (
        "NW0351",
        cookie_record("session=eyJuIjoxfQ==; path=/; httponly", "session.sig=B6Ga; path=/; httponly"),
        ["info"],
        0,
    ),
    "NW0351 unsigned preference cookie": ("NW0351", cookie_record(f"prefs={b64({'role': 'x'})}; path=/"), [], 0),
    # -- practice 4: judged on the base page, never on the error page --------------------------------------------------
    "NW0450 no CSP (error page has one)": (
        "NW0450",
        rec(page(), ex("not-found", "/x", status=404, headers=FINALHANDLER, body=DEV_404)),
        ["medium"],
        0,
    ),
    "NW0450 unsafe-inline script": (
        "NW0450",
        rec(page(("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'"))),
        ["high"],
        0,
    ),
    "NW0450 report-only": (
        "NW0450",
        rec(page(("Content-Security-Policy-Report-Only", "default-src 'self'"))),
        ["medium"],
        0,
    ),
    "NW0450 unsafe-eval": (
        "NW0450",
        rec(page(("Content-Security-Policy", "default-src 'self' 'unsafe-eval'"))),
        ["low"],
        0,
    ),
    "NW0450 helmet default": ("NW0450", rec(page(*HELMET)), [], 1),
    "NW0451 missing": ("NW0451", rec(page()), ["low"], 0),
    "NW0451 wrong value": ("NW0451", rec(page(("X-Content-Type-Options", "sniff"))), ["low"], 0),
    "NW0451 nosniff": ("NW0451", rec(page(("X-Content-Type-Options", "NoSniff"))), [], 1),
    "NW0452 none": ("NW0452", rec(page()), ["medium"], 0),
    "NW0452 allow-from": ("NW0452", rec(page(("X-Frame-Options", "ALLOW-FROM https://a.example"))), ["low"], 0),
    "NW0452 broad frame-ancestors": (
        "NW0452",
        rec(page(("Content-Security-Policy", "frame-ancestors *"))),
        ["medium"],
        0,
    ),
    "NW0452 frame-ancestors": ("NW0452", rec(page(("Content-Security-Policy", "frame-ancestors 'none'"))), [], 1),
    "NW0453 unsafe-url": ("NW0453", rec(page(("Referrer-Policy", "unsafe-url"))), ["low"], 0),
    "NW0453 last valid token wins (bad)": (
        "NW0453",
        rec(page(("Referrer-Policy", "no-referrer, unsafe-url"))),
        ["low"],
        0,
    ),
    "NW0453 last valid token wins (good)": ("NW0453", rec(page(("Referrer-Policy", "unsafe-url, no-referrer"))), [], 1),
    "NW0453 invalid": ("NW0453", rec(page(("Referrer-Policy", "nobody"))), ["low"], 0),
    "NW0453 absent is the browser default": ("NW0453", rec(page()), [], 1),
    "NW0454 missing on https": ("NW0454", rec(page()), ["medium"], 0),
    "NW0454 short max-age": ("NW0454", rec(page(("Strict-Transport-Security", "max-age=300"))), ["low"], 0),
    "NW0454 sent twice": (
        "NW0454",
        rec(page(("Strict-Transport-Security", "max-age=31536000"), ("Strict-Transport-Security", "max-age=1"))),
        ["medium"],
        0,
    ),
    "NW0454 plain http is NW0950's business": ("NW0454", rec(page(origin=HTTP)), [], 0),
    "NW0454 one year": (
        "NW0454",
        rec(page(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))),
        [],
        1,
    ),
    "NW0455 invalid COOP": ("NW0455", rec(page(("Cross-Origin-Opener-Policy", "same_origin"))), ["low"], 0),
    "NW0455 missing is not a finding": ("NW0455", rec(page()), [], 0),
    "NW0455 helmet": ("NW0455", rec(page(*HELMET)), [], 2),
    "NW0456 no helmet": ("NW0456", rec(page(("X-Powered-By", "Express"))), ["info"], 0),
    "NW0456 helmet": ("NW0456", rec(page(*HELMET)), [], 1),
}


def cors(acao: str | None, credentials: bool, sent: str = "https://nodeward-1.invalid"):
    headers = ((("Access-Control-Allow-Origin", acao),) if acao else ()) + (
        (("Access-Control-Allow-Credentials", "true"),) if credentials else ()
    )
    return rec(page(), ex("cors-origin", headers=headers, request=(("Origin", sent),)))


CASES |= {
    "NW0457 reflected with credentials": ("NW0457", cors("https://nodeward-1.invalid", True), ["high"], 0),
    "NW0457 null reflected with credentials": ("NW0457", cors("null", True, sent="null"), ["high"], 0),
    "NW0457 reflected without credentials": ("NW0457", cors("https://nodeward-1.invalid", False), ["medium"], 0),
    "NW0457 wildcard with credentials": ("NW0457", cors("*", True), ["info"], 0),
    "NW0457 allow-list (credentials header alone)": ("NW0457", cors(None, True), [], 1),
    "NW0457 public wildcard": ("NW0457", cors("*", False), [], 1),
}


def burst(path: str, statuses: list[int], headers=()):
    return [ex(f"burst-{i}", path, status=s, headers=headers) for i, s in enumerate(statuses, 1)]


CASES |= {
    "NW0550 no limit on /": ("NW0550", rec(page(), *burst("/", [200] * 30)), ["low"], 0),
    "NW0550 no limit on /login": ("NW0550", rec(page(), *burst("/login", [200] * 30)), ["medium"], 0),
    "NW0550 429 in the burst": ("NW0550", rec(page(), *burst("/login", [200] * 5 + [429])), [], 1),
    "NW0550 fractional Retry-After": (
        "NW0550",
        rec(page(), *burst("/", [200, 429], headers=(("Retry-After", "59.999"),))),
        ["low"],
        1,
    ),
    "NW0550 legacy headers, no burst": (
        "NW0550",
        rec(page(("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "4"))),
        [],
        1,
    ),
    "NW0550 draft-7 headers": ("NW0550", rec(page(("RateLimit", "limit=20, remaining=19, reset=60"))), [], 1),
    "NW0550 burst turned off proves nothing": ("NW0550", rec(page()), [], 0),
}


def err(step: str, status: int, body: str, headers=HTML, method="POST"):
    return ex(step, status=status, headers=headers, body=body, method=method)


STACK_415 = DEV_JSON_400.replace(
    "SyntaxError: Unexpected end of JSON input", "UnsupportedMediaTypeError: unsupported charset &quot;FOO&quot;"
)
JSON_STACK = json.dumps({"error": "boom", "stack": "Error: boom\n    at handler (/app/src/routes/users.js:12:9)"})
CASES |= {
    "NW0750 dev stack": ("NW0750", rec(page(), err("err-json", 400, DEV_JSON_400)), ["high"], 0),
    "NW0750 prod message": ("NW0750", rec(page(), err("err-json", 400, PROD_400)), [], 1),
    "NW0750 no parser: 404 proves nothing": ("NW0750", rec(page(), err("err-json", 404, "Not Found")), [], 0),
    "NW0751 charset 415 stack": ("NW0751", rec(page(), err("err-charset", 415, STACK_415)), ["high"], 0),
    "NW0751 JSON stack property": (
        "NW0751",
        rec(page(), err("not-found", 500, JSON_STACK, (("Content-Type", "application/json"),), "GET")),
        ["high"],
        0,
    ),
    "NW0751 prod 415": (
        "NW0751",
        rec(page(), err("err-charset", 415, PROD_400.replace("Bad Request", "Unsupported"))),
        [],
        0,
    ),
    "NW0752 X-Powered-By": ("NW0752", rec(page(("X-Powered-By", "Express"))), ["low"], 0),
    "NW0752 versioned Server": ("NW0752", rec(page(("Server", "nginx/1.25.3"))), ["low"], 0),
    "NW0752 bare Server": ("NW0752", rec(page(("Server", "nginx"))), [], 1),
    "NW0753 finalhandler 404": (
        "NW0753",
        rec(page(), ex("not-found", "/x", status=404, headers=FINALHANDLER, body=DEV_404)),
        ["low"],
        0,
    ),
    "NW0753 prod finalhandler 400": ("NW0753", rec(page(), err("err-json", 400, PROD_400)), ["low"], 0),
    # 429s are the rate limiter's answers: they say nothing about the error handler either way
    "NW0753 429 answers": (
        "NW0753",
        rec(
            page(),
            ex("not-found", "/x", status=429, body="Too many requests, please try again later."),
            ex("err-json", status=429, method="POST", body="Too many requests, please try again later."),
        ),
        [],
        0,
    ),
    "NW0753 JSON 404": (
        "NW0753",
        rec(
            page(),
            ex(
                "not-found",
                "/x",
                status=404,
                headers=(("Content-Type", "application/json"),),
                body='{"error":"Not Found"}',
            ),
        ),
        [],
        1,
    ),
}
PROM = "# HELP process_cpu_user_seconds_total Total user CPU time.\n# TYPE process_cpu_user_seconds_total counter\n"
SOFT = "<html><body>Welcome to the shop</body></html>"
CASES |= {
    "NW0754 metrics": ("NW0754", rec(page(), ex("exposed:/metrics", "/metrics", body=PROM)), ["medium"], 0),
    "NW0754 .env": (
        "NW0754",
        rec(page(), ex("exposed:/.env", "/.env", body="DB_PASSWORD=x\nJWT_SECRET=y\n")),
        ["high"],
        0,
    ),
    "NW0754 200 alone is not enough": (
        "NW0754",
        rec(page(), ex("not-found", "/x", body=SOFT, headers=HTML), ex("exposed:/metrics", "/metrics", body=SOFT)),
        [],
        0,
    ),
    "NW0754 soft-404 that matches everything": (
        "NW0754",
        rec(page(), ex("not-found", "/x", body=PROM), ex("exposed:/metrics", "/metrics", body=PROM)),
        [],
        0,
    ),
}


def hop(step: str, origin: str, status: int, location: str | None = None):
    headers = (("Location", location),) if location else ()
    return ex(step, status=status, headers=headers, origin=origin, body="")


CASES |= {
    "NW0950 http only": ("NW0950", rec(page(origin=HTTP)), ["medium"], 0),
    # the app's own limiter answered the plain-HTTP request: could not check, never "served over plain HTTP"
    "NW0950 429 on the http route": (
        "NW0950",
        rec(page(), ex("http-redirect", status=429, origin=HTTP, headers=(("Retry-After", "60"),))),
        [],
        0,
    ),
    "NW0950 429 on an http base page": ("NW0950", rec(ex("base", status=429, origin=HTTP)), [], 0),
    "NW0950 301 to https": ("NW0950", rec(page(), hop("http-redirect", HTTP, 301, HTTPS + "/")), [], 1),
    "NW0950 to another host": (
        "NW0950",
        rec(page(), hop("http-redirect", HTTP, 301, "https://www.shop.example/")),
        ["low"],
        0,
    ),
    "NW0950 first hop stays http": (
        "NW0950",
        rec(
            page(),
            hop("http-redirect", HTTP, 302, HTTP + "/home"),
            ex("http-redirect+1", "/home", status=301, headers=(("Location", HTTPS + "/home"),), origin=HTTP),
        ),
        ["medium"],
        0,
    ),
    "NW0950 loopback is the developer's machine, not judged": (
        "NW0950",
        rec(page(origin="http://127.0.0.1:3000")),
        [],
        0,
    ),
    "NW0950 localhost likewise": ("NW0950", rec(page(origin="http://localhost:3000")), [], 0),
    "NW0950 a loopback redirect to https still counts as evidence": (
        "NW0950",
        rec(
            page(origin="https://127.0.0.1:3443"),
            hop("http-redirect", "http://127.0.0.1:3000", 301, "https://127.0.0.1:3443/"),
        ),
        [],
        1,
    ),
    "NW0950 a private address is judged": ("NW0950", rec(page(origin="http://10.0.0.5:3000")), ["medium"], 0),
    "NW0950 no HTTP listener": (
        "NW0950",
        rec(page(), ex("http-redirect", origin=HTTP, error="ConnectError: refused")),
        [],
        1,
    ),
    "NW0951 certificate fails": (
        "NW0951",
        rec(
            ex("base", error="TLS certificate verification failed: self-signed certificate"),
            ex("base", headers=HTML, verified=False),
        ),
        ["high"],
        0,
    ),
    "NW0951 --insecure": ("NW0951", rec(ex("base", headers=HTML, verified=False), insecure=True), ["info"], 0),
    "NW0951 verified": ("NW0951", rec(page()), [], 1),
    "NW0952 session cookie, https": ("NW0952", cookie_record("sid=abc; Path=/; HttpOnly"), ["high"], 0),
    "NW0952 session cookie, https + HSTS": (
        "NW0952",
        cookie_record("sid=abc; Path=/; HttpOnly", hsts=True),
        ["medium"],
        0,
    ),
    "NW0952 other cookie, https": ("NW0952", cookie_record("theme=dark; Path=/"), ["medium"], 0),
    "NW0952 plain http site": ("NW0952", cookie_record(f"connect.sid={EXPRESS_SID}; Path=/", origin=HTTP), ["info"], 0),
    "NW0952 Secure": ("NW0952", cookie_record("sid=abc; Path=/; Secure; HttpOnly"), [], 1),
    "NW0953 readable session": ("NW0953", cookie_record("sid=abc; Path=/; Secure"), ["high"], 0),
    "NW0953 renamed express-session by value": (
        "NW0953",
        cookie_record(f"x={EXPRESS_SID}; Path=/; Secure"),
        ["high"],
        0,
    ),
    "NW0953 HttpOnly": ("NW0953", cookie_record("sid=abc; Path=/; Secure; HttpOnly"), [], 1),
    "NW0953 not a session cookie": ("NW0953", cookie_record("theme=dark; Path=/"), [], 0),
    "NW0954 missing": ("NW0954", cookie_record("sid=a; Secure"), ["low"], 0),
    "NW0954 None without Secure": ("NW0954", cookie_record("sid=a; SameSite=None"), ["medium"], 0),
    "NW0954 invalid": ("NW0954", cookie_record("sid=a; Secure; SameSite=foo"), ["medium"], 0),
    "NW0954 Lax": ("NW0954", cookie_record("sid=a; Secure; SameSite=Lax"), [], 1),
}
CASES |= {
    "NW1350 413 at 150 kB": ("NW1350", rec(page(), ex("body-150k", status=413, method="POST", size=150_000)), [], 1),
    "NW1350 accepted at 32 MiB + 1": (
        "NW1350",
        rec(
            page(),
            err("err-json", 400, PROD_400),
            ex("body-150k", status=200, method="POST"),
            ex("body-1m", status=200, method="POST", size=1_048_577),
            ex("body-max", status=200, method="POST", size=33_554_433),
        ),
        ["medium"],
        0,
    ),
    # an explicit 10mb limit: above the frameworks' defaults, below body-limit-max (as NW1301 judges it)
    "NW1350 413 at 32 MiB + 1": (
        "NW1350",
        rec(
            page(),
            ex("body-150k", status=200, method="POST"),
            ex("body-1m", status=200, method="POST", size=1_048_577),
            ex("body-max", status=413, method="POST", size=33_554_433),
        ),
        [],
        1,
    ),
    "NW1350 1 MiB + 1 accepted, last stage unanswered": (
        "NW1350",
        rec(
            page(),
            ex("body-150k", status=200, method="POST"),
            ex("body-1m", status=200, method="POST", size=1_048_577),
        ),
        [],
        0,
    ),
    "NW1350 413 at 1 MiB + 1": (
        "NW1350",
        rec(page(), ex("body-150k", status=200, method="POST"), ex("body-1m", status=413, method="POST")),
        [],
        1,
    ),
    "NW1350 404 without parser evidence": ("NW1350", rec(page(), ex("body-150k", status=404, method="POST")), [], 0),
}
SOON = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%SZ")
VALID_TXT = f"Contact: mailto:security@shop.example\nExpires: {SOON}\nEncryption: https://shop.example/pgp.txt\n"
SECURITY_TXT = "Contact: mailto:security@shop.example\nExpires: 2099-01-01T00:00:00Z\nPreferred-Languages: en\n"
TEXT = (("Content-Type", "text/plain; charset=utf-8"),)
CASES |= {
    "NW1550 missing": (
        "NW1550",
        rec(
            page(),
            ex("security-txt", "/.well-known/security.txt", status=404),
            ex("security-txt-legacy", "/security.txt", status=404),
        ),
        ["info"],
        0,
    ),
    "NW1550 served as html over http": (
        "NW1550",
        rec(
            page(origin=HTTP),
            ex("security-txt", "/.well-known/security.txt", origin=HTTP, headers=HTML, body=SECURITY_TXT),
        ),
        ["info", "info"],
        0,  # MUST: https, text/plain; SHOULD: Expires within a year
    ),
    "NW1550 no contact": (
        "NW1550",
        rec(
            page(),
            ex("security-txt", "/.well-known/security.txt", headers=TEXT, body="Expires: 2099-01-01T00:00:00Z\n"),
        ),
        ["info", "info"],
        0,  # MUST: Contact; SHOULD: Expires more than a year ahead
    ),
    "NW1550 legacy path only": (
        "NW1550",
        rec(
            page(),
            ex("security-txt", "/.well-known/security.txt", status=404),
            ex("security-txt-legacy", "/security.txt", headers=TEXT, body=SECURITY_TXT),
        ),
        ["info"],
        0,
    ),
    "NW1550 valid behind a same-host redirect": (
        "NW1550",
        rec(
            page(),
            ex("security-txt", "/.well-known/security.txt", status=301, headers=(("Location", "/sec.txt"),)),
            ex("security-txt+1", "/sec.txt", headers=TEXT, body=VALID_TXT),
        ),
        [],
        1,
    ),
    "NW1550 valid": (
        "NW1550",
        rec(page(), ex("security-txt", "/.well-known/security.txt", headers=TEXT, body=VALID_TXT)),
        [],
        1,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_live_rule_verdict_on_recorded_exchanges(case: str) -> None:
    code, record, expected_fails, expected_holds = CASES[case]
    assert verdict(code, record) == (expected_fails, expected_holds)


def test_every_live_rule_has_a_failing_and_a_quiet_case() -> None:
    from nodeward.rules.registry import all_rules

    live = {r.code for r in all_rules() if r.origin == "live"}
    failing = {code for code, _, fails, _ in CASES.values() if fails}
    quiet = {code for code, _, fails, _ in CASES.values() if not fails}
    assert live - failing == set()
    assert live - quiet == set()
