"""Practice 7: checks (rules NW07nn)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nodeward.findings import Severity
from nodeward.probe.exchange import Exchange
from nodeward.probe.record import ProbeRecord
from nodeward.probe.signatures import EXPOSED_ENDPOINTS, find_stack_trace, framework_error_page
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.rules import Hit, holds, rule

# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0750-NW0799): stack traces, framework fingerprints and exposed endpoints in live responses.
# ---------------------------------------------------------------------------------------------------------------------

LIVE_SEVERITY_BY_LABEL = {"high": Severity.HIGH, "medium": Severity.MEDIUM, "low": Severity.LOW}
LIVE_SERVER_VERSION = re.compile(r"\d+\.\d+")


def _live_stack_hit(exchange: Exchange, what: str) -> Hit | None:
    trace = find_stack_trace(exchange)
    if trace is None:
        return None
    return fails_at(
        exchange,
        f"{what} answered {exchange.status} with a stack trace: {trace.headline or trace.frame}",
        snippet=(trace.headline + " " + trace.frame).strip(),
        data={"frames": trace.frames},
    )


@rule("NW0750", "live-stack-trace-on-malformed-json", on=ProbeTarget(), severity=Severity.HIGH, cwe=209)
def live_stack_trace_on_malformed_json(record: ProbeRecord) -> Iterator[Hit]:
    """A malformed JSON body makes the app answer with a stack trace (Express not in production mode).

    ## What it checks
    `POST` of the 5 bytes `{"a":` with `Content-Type: application/json` to the base page (and to the first
    `--path`). A global `express.json()` parses before routing, so no route is needed. A stack-trace signature in
    the answer (V8 frames, `at JSON.parse (<anonymous>)`, `node_modules` paths, after undoing finalhandler's HTML
    escaping) fails. A `400` with a generic message passes; a `404`/`405` proves nothing.

    ## Why it matters
    Express shows `err.stack` whenever `NODE_ENV` is not exactly `production`: file paths, library versions and
    code structure go to anyone who sends a broken body.

    ## How to fix
    Run with `NODE_ENV=production` and add an error handler that answers with a generic message.

    ## Example
    ```http
    HTTP/1.1 400 Bad Request
    Content-Type: text/html; charset=utf-8

    <pre>SyntaxError: Unexpected end of JSON input<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)...
    ```

    ## Use instead
    ```http
    HTTP/1.1 400 Bad Request
    Content-Type: application/json; charset=utf-8

    {"error":"Bad Request"}
    ```

    ## References
    - https://expressjs.com/en/guide/error-handling.html
    - https://cwe.mitre.org/data/definitions/209.html
    """
    for exchange in [record.step("err-json"), *record.steps("err-json:")]:
        if exchange is None or not exchange.ok:
            continue
        hit = _live_stack_hit(exchange, f"malformed JSON to {exchange.path}")
        if hit is not None:
            yield hit
        elif exchange.status == 400:
            yield holds(exchange, f"malformed JSON to {exchange.path} gets a 400 without a stack trace")


@rule("NW0751", "live-stack-trace-in-error-response", on=ProbeTarget(), severity=Severity.HIGH, cwe=209)
def live_stack_trace_in_error_response(record: ProbeRecord) -> Iterator[Hit]:
    """An error response other than the malformed-JSON one carries a stack trace.

    ## What it checks
    Every other error response the probe received: the unsupported-charset trigger (`Content-Type:
    application/json; charset=foo`, body-parser's 415), the oversized body (413), the 404 page and the exposed
    endpoint probes. Each one with a stack-trace signature is a finding.

    ## Why it matters
    As for NW0750: each stack trace discloses paths, versions and code structure, and shows the app runs in
    development mode.

    ## How to fix
    `NODE_ENV=production`, and a final error handler that logs the error and answers with a generic message.

    ## Example
    ```http
    HTTP/1.1 415 Unsupported Media Type

    <pre>UnsupportedMediaTypeError: unsupported charset &quot;FOO&quot;<br> &nbsp; &nbsp;at read (/app/...
    ```

    ## Use instead
    ```http
    HTTP/1.1 415 Unsupported Media Type

    <pre>Unsupported Media Type</pre>
    ```

    ## References
    - https://github.com/pillarjs/finalhandler#env
    """
    for exchange in record.exchanges:
        if exchange.step == "err-json" or exchange.step.startswith("err-json:"):
            continue
        if not exchange.ok or (exchange.status or 0) < 400:
            continue
        hit = _live_stack_hit(exchange, f"{exchange.method} {exchange.path}")
        if hit is not None:
            yield hit


@rule("NW0752", "live-framework-advertised-in-headers", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_framework_advertised_in_headers(record: ProbeRecord) -> Iterator[Hit]:
    """Responses advertise the framework (`X-Powered-By`) or the server's version (`Server`).

    ## What it checks
    `X-Powered-By` on the base page, the 404 and the malformed-JSON answer (Express sends `X-Powered-By:
    Express` unless disabled), and a `Server` header that carries a version number.

    ## Why it matters
    Free reconnaissance: the attacker learns which exploits and default configurations to try.

    ## How to fix
    `app.disable('x-powered-by')` (or `helmet()`), and strip versions from `Server` at the proxy.

    ## Example
    ```http
    HTTP/1.1 200 OK
    X-Powered-By: Express
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#reduce-fingerprinting
    """
    seen: set[str] = set()
    checked = [e for e in (record.page, record.step("not-found"), record.step("err-json")) if e is not None and e.ok]
    for exchange in checked:
        for name in ("x-powered-by", "server"):
            value = exchange.header(name)
            if value is None or (name == "server" and not LIVE_SERVER_VERSION.search(value)):
                continue
            key = f"{name}: {value}"
            if key in seen:
                continue
            seen.add(key)
            label = "X-Powered-By" if name == "x-powered-by" else "Server"
            yield fails_at(exchange, f"{label}: {value} advertises the software stack", snippet=f"{label}: {value}")
    if checked and not seen:
        yield holds(checked[0], "no X-Powered-By, no versioned Server header")


@rule("NW0753", "live-default-error-page", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_default_error_page(record: ProbeRecord) -> Iterator[Hit]:
    """Errors are answered by the framework's default error page: no custom error handler.

    ## What it checks
    The 404 page and the malformed-JSON answer: Express's finalhandler template (`<title>Error</title>` …
    `<pre>Cannot GET /x</pre>`, or `<pre>Bad Request</pre>` in production) fails as low. It is a framework
    fingerprint even in production, and a sign that errors are not handled by the app.

    ## Why it matters
    The default page names the framework, and an app without its own error handler usually also leaks stack
    traces the day `NODE_ENV` is wrong.

    ## How to fix
    Add a catch-all 404 handler and a four-argument error handler that answer in the app's own format.

    ## Example
    ```http
    HTTP/1.1 404 Not Found

    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
    <body><pre>Cannot GET /nodeward-probe-1a2b</pre></body></html>
    ```

    ## Use instead
    ```http
    HTTP/1.1 404 Not Found
    Content-Type: application/json; charset=utf-8

    {"error":"Not Found"}
    ```

    ## References
    - https://expressjs.com/en/starter/faq.html#how-do-i-handle-404-responses
    """
    checked = [e for e in (record.step("not-found"), record.step("err-json")) if e is not None and e.ok]
    pages = [(e, framework_error_page(e)) for e in checked]
    found = [(e, what) for e, what in pages if what]
    if found:
        exchange, what = found[0]
        also = f" (also on {', '.join(e.method + ' ' + e.path for e, _ in found[1:])})" if len(found) > 1 else ""
        yield fails_at(exchange, f"{exchange.status} answered by the {what}{also}", snippet=what)
    elif checked:
        yield holds(checked[0], "error responses come from the app's own handler")


@rule("NW0754", "live-exposed-endpoint", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=200)
def live_exposed_endpoint(record: ProbeRecord) -> Iterator[Hit]:
    """A debug, metrics or source-file endpoint is publicly reachable.

    ## What it checks
    One request each to `/metrics`, `/status`, `/api-docs`, `/swagger.json`, `/documentation/json`, `/.env`,
    `/.git/config`, `/package.json`, `/graphql` (introspection), `/debug` and `/__coverage__`. A finding needs the
    content signature (Prometheus `# HELP`, `<title>Express Status</title>`, `KEY=value` lines, `[core]`,
    `"dependencies"`, `"openapi"`, `__schema`...), never status 200 alone, and is dropped when the soft-404
    baseline page matches too. High for `.env` and `.git`, medium for metrics, status, package.json and
    introspection, low for API docs.

    ## Why it matters
    These pages hand out secrets, internal topology, dependency versions or the full API schema.

    ## How to fix
    Serve only a dedicated `public/` folder, and put metrics, status and docs behind authentication or on an
    internal port.

    ## Example
    ```http
    GET /metrics HTTP/1.1

    HTTP/1.1 200 OK
    Content-Type: text/plain; version=0.0.4

    # HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
    ```

    ## Use instead
    ```http
    GET /metrics HTTP/1.1

    HTTP/1.1 404 Not Found
    ```

    ## References
    - https://owasp.org/www-project-top-ten/2017/A6_2017-Security_Misconfiguration
    """
    baseline = record.step("not-found")
    for endpoint in EXPOSED_ENDPOINTS:
        exchange = record.step(f"exposed:{endpoint.path}")
        if exchange is None or not exchange.ok or exchange.status is None or exchange.status >= 400:
            continue
        if not endpoint.matches(exchange):  # type: ignore[operator]
            continue
        if baseline is not None and baseline.ok and baseline.status == 200 and endpoint.matches(baseline):  # type: ignore[operator]
            continue  # a soft-404 page that happens to match everything proves nothing
        yield fails_at(
            exchange,
            f"{endpoint.path} exposes {endpoint.what}",
            severity=LIVE_SEVERITY_BY_LABEL[endpoint.severity],
            snippet=exchange.text.strip().splitlines()[0][:120] if exchange.text.strip() else "",
        )
