"""The probe's fixed, bounded request plan (spec probe.md §1-§2): about 60 sequential requests by default.

| step                    | requests | what for                                                    |
|-------------------------|----------|-------------------------------------------------------------|
| base (+ same-host hops) | 1        | the page whose headers are judged; cookies                  |
| https-base / http-redirect | 0-1   | HTTPS page for an http URL; HTTP→HTTPS redirect for https   |
| robots, not-found       | 2        | cookies (as the Observatory), 404 shape, soft-404 baseline  |
| path:P                  | 1 each   | extra pages the user named (--path)                         |
| cors-*                  | 4        | random Origin, preflight, `null`, suffix-match bypass       |
| err-json, err-charset   | 2 (+1)   | stack traces from the body parser, with no route needed     |
| body-150k, -1m, -max    | 1-3      | body limit: each stage only when the one before was accepted |
| exposed:P               | 11       | metrics, status, docs, .env, .git/config, package.json...   |
| security-txt(-legacy)   | 1-2      | RFC 9116 file                                               |
| burst-N                 | ≤30      | only when no rate-limit header was seen; stops at first 429 |

Methods are GET, OPTIONS and the small POSTs above. Nothing leaves the target host.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import urljoin, urlsplit, urlunsplit

from nodeward.probe.client import BudgetExhausted, ProbeClient, ProbeError
from nodeward.probe.exchange import Exchange
from nodeward.probe.numbers import header_int
from nodeward.probe.ratelimit import rate_limit_info
from nodeward.probe.record import ProbeOptions, ProbeRecord, judgeable, rate_limited
from nodeward.probe.signatures import EXPOSED_ENDPOINTS, GRAPHQL_INTROSPECTION

MAX_HOPS = 10  # redirects followed by hand, as the Observatory does
MAX_BURST = 100
DEFAULT_BURST = 30
FIXED_BUDGET = 41  # every non-burst step above, with room for a few redirect hops, a 429 retry, body routes
STAGE1_BYTES = 150_000  # just over body-parser's 100 kb default (spec §3.4)
STAGE2_BYTES = 1_048_577  # 1 MiB + 1
# stage 3 is body-limit-max + 1 (32 MiB + 1 by default): only after 1 MiB + 1 was accepted, one request
SECURITY_TXT_CAP = 32 * 1024  # RFC 9116 §5.4: researchers may refuse larger files
RETRY_WAIT_MAX = 5  # seconds: a politely rate-limited security.txt is asked once more after at most this
MAX_BODY_CANDIDATES = 3  # routes tried for the body-limit test (each costs one small malformed-JSON POST)


MAX_CONSECUTIVE_ERRORS = 3  # then the target is taken to have stopped answering, and the plan ends early


class ProbeUnreachable(ProbeError):
    """The target did not answer at all: the run is incomplete (exit 3), never "clean"."""


class TargetStoppedAnswering(ProbeError):
    """Several requests in a row failed (timeouts, resets): the plan stops rather than wait out every timeout."""


def json_body(size: int) -> bytes:
    """A valid JSON object of exactly `size` bytes."""
    head, tail = b'{"nodeward":"', b'"}'
    return head + b"a" * (size - len(head) - len(tail)) + tail


def budget_for(options: ProbeOptions) -> int:
    return FIXED_BUDGET + 2 * len(options.paths) + min(max(options.burst, 0), MAX_BURST)


class _Runner:
    def __init__(self, options: ProbeOptions, client: ProbeClient) -> None:
        self.options = options
        self.client = client
        parts = urlsplit(options.url)
        self.host = parts.hostname or ""
        self.scheme = parts.scheme
        self.port = parts.port
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.notes: list[str] = []
        self.token = secrets.token_hex(6)
        self.unverified = False  # set when the certificate failed and the run went on without verification
        self.errors_in_a_row = 0
        self.aborted: str | None = None

    # -- helpers -----------------------------------------------------------------------------------------------------

    def origin(self, scheme: str, port: int | None) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = {"http": 80, "https": 443}[scheme]
        return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")

    def https_origin(self) -> str | None:
        if self.scheme == "https":
            return self.origin("https", self.port)
        if self.options.https_port:
            return self.origin("https", self.options.https_port)
        return self.origin("https", None) if self.port is None else None

    def http_origin(self) -> str | None:
        if self.scheme == "http":
            return self.origin("http", self.port)
        if self.options.http_port:
            return self.origin("http", self.options.http_port)
        return self.origin("http", None) if self.port is None else None

    def send(self, step: str, method: str, url: str, **kwargs: object) -> Exchange:
        exchange = self._send(step, method, url, **kwargs)
        self.errors_in_a_row = self.errors_in_a_row + 1 if exchange.error else 0
        if self.errors_in_a_row >= MAX_CONSECUTIVE_ERRORS:
            raise TargetStoppedAnswering(
                f"the target stopped answering ({self.errors_in_a_row} requests in a row failed, last: "
                f"{exchange.error}): the plan stopped at step {step}"
            )
        return exchange

    def _send(self, step: str, method: str, url: str, **kwargs: object) -> Exchange:
        exchange = self.client.send(step, method, url, verify=not self.unverified, **kwargs)  # type: ignore[arg-type]
        if exchange.error and exchange.error.startswith("TLS certificate verification failed") and not self.unverified:
            if self.options.headers:
                # Never hand the user's credentials to a server whose identity we could not verify: the failure is
                # recorded (NW0951); if it was the target itself, there is nothing left to probe.
                if not step.startswith("base"):
                    return exchange
                raise ProbeUnreachable(
                    f"{exchange.error} (not retrying without verification: --header/--cookie credentials given; "
                    "use --insecure to probe anyway)"
                )
            self.unverified = True
            self.notes.append(
                "the TLS certificate failed verification; the remaining requests were sent without verification, "
                "as the Observatory does"
            )
            exchange = self.client.send(step, method, url, verify=False, **kwargs)  # type: ignore[arg-type]
        return exchange

    def follow(self, step: str, url: str, *, only_http: bool = False) -> list[Exchange]:
        """GET url and follow same-host redirects by hand; an off-host hop is recorded, never followed."""
        chain = [self.send(step, "GET", url)]
        for hop in range(1, MAX_HOPS + 1):
            last = chain[-1]
            if not last.ok or not last.is_redirect:
                break
            target = urljoin(last.url, last.header("location") or "")
            parts = urlsplit(target)
            if (parts.hostname or "").lower() != self.host.lower():
                self.notes.append(f"{last.url} redirects off the target host to {target}: recorded, not followed")
                break
            if only_http and parts.scheme == "https":
                break  # the HTTP→HTTPS hop is what we wanted to see
            chain.append(self.send(f"{step}+{hop}", "GET", target))
        return chain

    # -- the plan ----------------------------------------------------------------------------------------------------

    def run(self) -> None:
        base = self.follow("base", self.options.url)
        final = next((e for e in reversed(base) if e.ok), None)
        if final is None:
            raise ProbeUnreachable(f"cannot reach {self.options.url}: {base[0].error}")
        page = final
        if final.scheme == "http" and (https := self.https_origin()):
            chain = self.follow("https-base", https + self.path)
            if chain[-1].ok and not chain[-1].is_redirect:
                page = chain[-1]
        elif final.scheme == "https" and self.scheme == "https" and (http := self.http_origin()):
            self.follow("http-redirect", http + self.path, only_http=True)

        if not judgeable(page):
            self.notes.append(
                f"the base page {page.url} answered {page.status}: its headers are not judged (error pages carry the "
                "framework's own headers); point the probe at a page that answers 200, or add --path"
            )
        parts = urlsplit(page.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        page_url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        # security.txt first, while an app's own rate limiter has seen only the base page: asked after ~30 other
        # requests it was answered 429 and read as "missing" (RFC 9116 §3: on HTTPS when there is one; the page
        # origin is the HTTPS one whenever HTTPS answered), then the legacy top-level path.
        self.security_txt(origin)
        self.send("robots", "GET", origin + "/robots.txt")
        self.send("not-found", "GET", f"{origin}/nodeward-probe-{self.token}")
        for path in self.options.paths:
            self.send(f"path:{path}", "GET", urljoin(origin + "/", path.lstrip("/")))

        # CORS: a random origin, its preflight, the `null` origin, and a suffix-match bypass (spec CORS-REFLECT).
        evil = f"https://nodeward-{self.token}.invalid"
        self.send("cors-origin", "GET", page_url, headers=(("Origin", evil),))
        self.send(
            "cors-preflight", "OPTIONS", page_url, headers=(("Origin", evil), ("Access-Control-Request-Method", "GET"))
        )
        self.send("cors-null", "GET", page_url, headers=(("Origin", "null"),))
        self.send(
            "cors-suffix", "GET", page_url, headers=(("Origin", f"https://{self.host}.nodeward-{self.token}.invalid"),)
        )

        # Error disclosure: route-independent triggers of the body parser (spec ERR-JSON, ERR-ALT).
        json_type = (("Content-Type", "application/json"),)
        err = self.send("err-json", "POST", page_url, headers=json_type, body=b'{"a":')
        self.send(
            "err-charset", "POST", page_url, headers=(("Content-Type", "application/json; charset=foo"),), body=b"{}"
        )
        if self.options.paths:
            path = self.options.paths[0]
            self.send(
                f"err-json:{path}", "POST", urljoin(origin + "/", path.lstrip("/")), headers=json_type, body=b'{"a":'
            )

        # Body limit, two stages (spec §3.4), on a route that takes a body when one is known (scan --url passes the
        # static scan's POST/PUT/PATCH routes; --path adds the user's). A 404/405 counts as "accepted" only when the
        # parser evidently ran (a 400 to malformed JSON).
        target, parser_seen, tried = self.body_target(page_url, origin, err, json_type)
        stage1 = self.send("body-150k", "POST", target, headers=json_type, body=json_body(STAGE1_BYTES))
        accepted = stage1.ok and (200 <= (stage1.status or 0) < 300 or (stage1.status in (404, 405) and parser_seen))
        if accepted:
            stage2 = self.send("body-1m", "POST", target, headers=json_type, body=json_body(STAGE2_BYTES))
            if stage2.ok and (200 <= (stage2.status or 0) < 300 or (stage2.status in (404, 405) and parser_seen)):
                size = max(self.options.body_limit_max, STAGE2_BYTES) + 1
                self.send("body-max", "POST", target, headers=json_type, body=json_body(size))
        elif stage1.ok and stage1.status != 413:
            self.notes.append(
                f"body limit unknown: POST {urlsplit(target).path or '/'} with 150 kB answered {stage1.status} and "
                f"no path tried showed the JSON parser running ({'; '.join(tried)}); name a route that takes a "
                "JSON body with --path (scan --url uses the routes the static scan found)"
            )

        # Exposed endpoints, recognised by content signature only.
        for endpoint in EXPOSED_ENDPOINTS:
            url = origin + endpoint.path
            if endpoint.method == "POST":
                self.send(f"exposed:{endpoint.path}", "POST", url, headers=json_type, body=GRAPHQL_INTROSPECTION)
            else:
                self.send(f"exposed:{endpoint.path}", "GET", url)

        limited = [e.step for e in self.client.exchanges if rate_limited(e) and not e.step.startswith("security-txt")]
        if limited:
            self.notes.append(
                f"{len(limited)} check(s) answered 429 (rate limited) before the burst, so could not be judged: "
                f"{', '.join(limited[:8])}{' ...' if len(limited) > 8 else ''} (the app's limiter at work, not a "
                "missing control; --no-burst and a higher limit for the probe's address give a full reading)"
            )
        self.burst(page_url, origin)

    def security_txt(self, origin: str) -> None:
        txt = self.polite("security-txt", origin + "/.well-known/security.txt")
        if txt.status == 429:
            return  # still rate limited: the legacy path would be too; "could not check", never "missing"
        if not (txt.ok and txt.status == 200):
            self.polite("security-txt-legacy", origin + "/security.txt")

    def polite(self, step: str, url: str) -> Exchange:
        """follow_small, and on a 429 one retry after the server's Retry-After (at most RETRY_WAIT_MAX seconds)."""
        exchange = self.follow_small(step, url)
        if exchange.status != 429:
            return exchange
        wait = min(header_int(exchange.header("retry-after")) or 1, RETRY_WAIT_MAX)
        if time.monotonic() + wait + 1 >= self.client.ends_at:
            self.notes.append(f"{exchange.url} answered 429 (rate limited); no time left in --max-time to retry")
            return exchange
        time.sleep(wait)
        exchange = self.follow_small(step, url)
        if exchange.status == 429:
            self.notes.append(
                f"{exchange.url} answered 429 (rate limited) twice, {wait} s apart: could not check it (the app's "
                "rate limiter is working; it is not a missing file)"
            )
        return exchange

    def body_target(
        self, page_url: str, origin: str, err: Exchange, json_type: tuple[tuple[str, str], ...]
    ) -> tuple[str, bool, list[str]]:
        """The URL to send the body-limit bodies to, whether the JSON parser was seen there, and what was tried."""
        tried = [f"POST {urlsplit(page_url).path or '/'} malformed JSON: {err.status or err.error}"]
        if err.status == 400:
            return page_url, True, tried
        candidates = [p for p in (*self.options.body_paths, *self.options.paths[:1]) if p]
        for path in list(dict.fromkeys(candidates))[:MAX_BODY_CANDIDATES]:
            url = urljoin(origin + "/", path.lstrip("/"))
            probe = next((e for e in self.client.exchanges if e.step == f"err-json:{path}"), None) or self.send(
                f"err-json:{path}", "POST", url, headers=json_type, body=b'{"a":'
            )
            tried.append(f"POST {path} malformed JSON: {probe.status or probe.error}")
            if probe.status == 400:
                return url, True, tried
        return page_url, False, tried

    def follow_small(self, step: str, url: str) -> Exchange:
        """security.txt: at most 3 same-host redirects, recorded (RFC 9116 §5.2)."""
        exchange = self.send(step, "GET", url)
        for hop in range(1, 4):
            if not (exchange.ok and exchange.is_redirect):
                break
            target = urljoin(exchange.url, exchange.header("location") or "")
            if (urlsplit(target).hostname or "").lower() != self.host.lower():
                self.notes.append(f"{exchange.url} redirects off the target host to {target}: recorded, not followed")
                break
            exchange = self.send(f"{step}+{hop}", "GET", target)
        return exchange

    def burst(self, page_url: str, origin: str) -> None:
        size = min(max(self.options.burst, 0), MAX_BURST)
        if self.options.burst > MAX_BURST:
            self.notes.append(f"--burst {self.options.burst} capped at {MAX_BURST} requests")
        if size == 0:
            self.notes.append("rate-limit burst turned off (--no-burst)")
            return
        if any(e.ok and rate_limit_info(e) for e in self.client.exchanges):
            return  # the headers already show a limit: no need to hammer the app (spec RL-PRESENT (a))
        url = urljoin(origin + "/", self.options.paths[0].lstrip("/")) if self.options.paths else page_url
        for n in range(1, size + 1):
            exchange = self.send(f"burst-{n}", "GET", url)
            if exchange.status == 429 or rate_limit_info(exchange) is not None or not exchange.ok:
                break


def execute_plan(options: ProbeOptions, *, grade_algorithm: int = 6) -> ProbeRecord:
    """Run the plan against one target and return everything it saw. Raises ProbeUnreachable when nothing answers."""
    scheme = urlsplit(options.url).scheme
    if scheme not in ("http", "https") or not urlsplit(options.url).hostname:
        raise ProbeError(f"not an http(s) URL: {options.url!r}")
    budget = budget_for(options)
    started = time.perf_counter()
    with ProbeClient(
        urlsplit(options.url).hostname or "",
        timeout=options.timeout,
        max_body_bytes=options.max_body_bytes,
        max_requests=budget,
        verify=not options.insecure,
        ca_file=options.ca_file,
        extra_headers=options.headers,
        max_time=options.max_time,
    ) as client:
        runner = _Runner(options, client)
        try:
            runner.run()
        except BudgetExhausted as exc:
            runner.notes.append(f"{exc}: the plan stopped early")
            if "wall-clock" in str(exc):  # steps were never sent: what they would have shown is not known
                runner.aborted = f"{exc}; the plan stopped early"
        except TargetStoppedAnswering as exc:
            if not any(e.ok for e in client.exchanges):
                raise ProbeUnreachable(f"cannot reach {options.url}: {client.exchanges[-1].error}") from None
            runner.aborted = str(exc)
            runner.notes.append(str(exc))
        late = [e.step for e in client.exchanges if e.deadline_hit]
        if late:
            runner.notes.append(
                f"{len(late)} request(s) hit the total deadline ({options.timeout:g} s per request, "
                f"{options.max_time:g} s for the probe): {', '.join(late[:10])}{' ...' if len(late) > 10 else ''}"
            )
        if options.insecure:
            runner.notes.append("TLS certificate verification was turned off (--insecure)")
        return ProbeRecord(
            target=options.url,
            exchanges=tuple(client.exchanges),
            budget=budget,
            burst_size=min(max(options.burst, 0), MAX_BURST),
            insecure=options.insecure,
            notes=tuple(runner.notes),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            grade_algorithm=grade_algorithm,
            aborted=runner.aborted,
        )
