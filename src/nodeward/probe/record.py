"""The ProbeRecord fact: every exchange of one probe run, plus the facts rules derive from them (page, cookies, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from nodeward.findings import Location
from nodeward.probe.cookies import SetCookie, parse_set_cookie
from nodeward.probe.exchange import Exchange, Headers
from nodeward.probe.grade import Grade, GradeInput, grade_headers
from nodeward.probe.ratelimit import RateLimitInfo, rate_limit_info
from nodeward.settings import DEFAULT_BODY_LIMIT_MAX


def judgeable(exchange: Exchange) -> bool:
    """A page whose headers say something about the app: 2xx/3xx/401/403, as the Observatory requires.

    Error pages are never judged: Express's finalhandler adds a CSP and nosniff to its own error pages (spec §1).
    """
    status = exchange.status or 0
    return 200 <= status < 400 or status in (401, 403)


def rate_limited(exchange: Exchange) -> bool:
    """The app's rate limiter answered (429) instead of the page the check asked for: that check could not be
    judged, and it is never read as a missing control."""
    return exchange.ok and exchange.status == 429


@dataclass(frozen=True)
class ProbeOptions:
    """What the user asked the probe to do (CLI flags)."""

    url: str
    paths: tuple[str, ...] = ()
    headers: Headers = ()  # --header / --cookie, sent with every request to the target
    http_port: int | None = None
    https_port: int | None = None
    burst: int = 30  # 0 turns the rate-limit burst off
    insecure: bool = False
    ca_file: str | None = None
    timeout: float = 9.0  # the whole request: connect, headers and body (a trickling server cannot extend it)
    max_body_bytes: int = 64 * 1024
    max_time: float = 40.0  # the whole probe, wall clock (--max-time)
    body_paths: tuple[str, ...] = ()  # routes the static scan knows take a body (scan --url): body-limit targets
    body_limit_max: int = (
        DEFAULT_BODY_LIMIT_MAX  # the body-limit-max setting: stage 3 of the body-limit test sends it + 1
    )


@dataclass(frozen=True)
class ProbeRecord:
    """All a probe run saw. Rules judge it through ProbeTarget; they never send anything themselves."""

    target: str
    exchanges: tuple[Exchange, ...]
    budget: int = 60
    burst_size: int = 30
    insecure: bool = False
    notes: tuple[str, ...] = ()
    elapsed_ms: float = 0.0
    grade_algorithm: int = 6
    aborted: str | None = None  # why the plan stopped early (the target stopped answering); None when it ran to the end

    @property
    def location(self) -> Location:
        return Location(path="", url=self.target)

    # -- lookups ----------------------------------------------------------------------------------------------------

    def step(self, name: str) -> Exchange | None:
        """The last exchange of a step (a step is sent twice only when TLS verification failed and it was retried)."""
        return next((e for e in reversed(self.exchanges) if e.step == name), None)

    def chain(self, name: str) -> list[Exchange]:
        """A step and the redirect hops followed from it (`name`, `name+1`, `name+2`...)."""
        return [e for e in self.exchanges if e.step == name or e.step.startswith(f"{name}+")]

    def steps(self, prefix: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.step.startswith(prefix)]

    @property
    def unchecked(self) -> dict[int, str]:
        """Practices the live answers could not decide, and why: a security.txt answered 429 is the app's rate
        limiter at work, a 5xx or no answer says nothing about the file."""
        out: dict[int, str] = {}
        txt = next(iter(self.chain("security-txt")[::-1]), None)
        if txt is not None and (txt.status == 429 or not txt.ok or (txt.status or 0) >= 500):
            why = "rate limited (429)" if txt.status == 429 else (f"answered {txt.status}" if txt.ok else txt.error)
            out[15] = f"live security.txt at {txt.url}: {why}; could not check it"
        return out

    @property
    def requests_sent(self) -> int:
        return len(self.exchanges)

    # -- the judged page ---------------------------------------------------------------------------------------------

    @cached_property
    def page(self) -> Exchange | None:
        """The base page whose headers are judged: the HTTPS one when there is one, after same-host redirects."""
        for name in ("https-base", "base"):
            chain = [e for e in self.chain(name) if e.ok]
            if chain and not chain[-1].is_redirect and judgeable(chain[-1]):
                return chain[-1]
        return None

    @property
    def https_page(self) -> Exchange | None:
        page = self.page
        return page if page is not None and page.scheme == "https" else None

    @property
    def cert_error(self) -> str | None:
        for exchange in self.exchanges:
            if exchange.error and exchange.error.startswith("TLS certificate verification failed"):
                return exchange.error
        return None

    @property
    def cert_valid(self) -> bool:
        """The certificate was verified (False when it failed, or was never checked because of --insecure)."""
        page = self.https_page
        return self.cert_error is None and (page is None or page.tls_verified is True)

    @cached_property
    def http_route(self) -> tuple[str, ...] | None:
        """The route from the plain-HTTP URL (the Observatory's redirection test); None without an HTTP listener."""
        chain = self.chain("http-redirect")
        if not chain:
            base = self.chain("base")
            if not base or base[0].scheme != "http":
                return None
            chain = base
        chain = [e for e in chain if e.ok]
        if not chain:
            return None
        route = [e.url for e in chain]
        if chain[-1].is_redirect:  # a hop we did not follow (https reached, or off-host)
            route.append(urljoin(chain[-1].url, chain[-1].header("location") or ""))
        return tuple(route)

    # -- derived facts -----------------------------------------------------------------------------------------------

    @cached_property
    def cookie_exchanges(self) -> list[Exchange]:
        """Where cookies are collected: the page and its redirects, /robots.txt and the 404 (spec CK-NAME)."""
        out = [e for e in self.chain("base") + self.chain("https-base") if e.ok]
        out += [e for e in (self.step("robots"), self.step("not-found")) if e is not None and e.ok]
        out += [e for e in self.steps("path:") if e.ok]
        return out

    @cached_property
    def cookies(self) -> list[SetCookie]:
        """Distinct cookies by name (the first one seen), deletions left out."""
        seen: dict[str, SetCookie] = {}
        for exchange in self.cookie_exchanges:
            for raw in exchange.set_cookies:
                cookie = parse_set_cookie(raw, exchange.url)
                if cookie is not None and not cookie.is_deletion and cookie.name not in seen:
                    seen[cookie.name] = cookie
        return list(seen.values())

    @cached_property
    def rate_limit(self) -> tuple[Exchange, RateLimitInfo] | None:
        for exchange in self.exchanges:
            if exchange.ok:
                info = rate_limit_info(exchange)
                if info is not None:
                    return exchange, info
        return None

    @property
    def burst(self) -> list[Exchange]:
        return self.steps("burst-")

    @property
    def has_https(self) -> bool:
        return self.https_page is not None

    @cached_property
    def grade(self) -> Grade | None:
        page = self.page
        if page is None:
            return None  # the Observatory refuses to grade such a page (src/scanner/index.js:31)
        cookies = [raw for e in self.chain("base") + self.chain("https-base") if e.ok for raw in e.set_cookies]
        robots = self.step("robots")
        if robots is not None and robots.ok:
            cookies += robots.set_cookies
        preflight = self.step("cors-preflight")
        return grade_headers(
            GradeInput(
                headers=page.response_headers,
                page_url=page.url,
                body=page.text,
                https=page.scheme == "https",
                cert_valid=self.cert_valid,
                http_route=self.http_route,
                cors_headers=preflight.response_headers if preflight is not None and preflight.ok else None,
                cookies=tuple(cookies),
            ),
            algorithm=self.grade_algorithm,
        )

    def origin_of(self, exchange: Exchange) -> str:
        parts = urlsplit(exchange.url)
        return f"{parts.scheme}://{parts.netloc}"

    def as_dict(self) -> dict[str, Any]:
        grade = self.grade
        return {
            "target": self.target,
            "requests_sent": self.requests_sent,
            "budget": self.budget,
            "insecure": self.insecure,
            "notes": list(self.notes),
            "aborted": self.aborted,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "grade": None
            if grade is None
            else {
                "algorithm": grade.algorithm,
                "score": grade.score,
                "grade": grade.grade,
                "tests": [{"name": t.name, "result": t.result, "modifier": t.modifier} for t in grade.tests],
            },
            "exchanges": [e.as_dict() for e in self.exchanges],
        }
