"""The probe's bounded HTTP client: one request at a time, timeout, byte cap, no automatic redirects, one host only."""

from __future__ import annotations

import ssl
import time
from urllib.parse import urlsplit

import httpx

from nodeward import __version__
from nodeward.probe.exchange import Exchange, Headers

USER_AGENT = f"nodeward-probe/{__version__}"
DEFAULT_TIMEOUT = 9.0  # seconds per request, as the Observatory's client (mdn/mdn-http-observatory src/config.js)
DEFAULT_MAX_BODY = 64 * 1024  # bytes of a response body kept; the rest is never read


class ProbeError(Exception):
    """The probe cannot go on (target unreachable, request refused by a safety rule)."""


class BudgetExhausted(ProbeError):
    """The request budget is spent: the plan stops here rather than send one request more."""


class OffTargetRequest(ProbeError):
    """A request to a host other than the target was attempted; it is refused, never sent."""


def _tls_error(exc: BaseException) -> str | None:
    """The certificate problem behind a connection error, if that is what it was."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        text = str(cur)
        if isinstance(cur, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in text:
            return text or "certificate verify failed"
        cur = cur.__cause__ or cur.__context__
    return None


class ProbeClient:
    """Sends the plan's requests and records each as an Exchange. Counts every request it sends.

    Safety: redirects are never followed here (the plan follows same-host ones by hand), a request to any host but
    the target's is refused before it is sent, cookies set by the app are not replayed between requests, and
    environment proxies are ignored (trust_env=False) so nothing goes anywhere but the target.
    """

    def __init__(
        self,
        host: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY,
        max_requests: int = 60,
        verify: bool = True,
        ca_file: str | None = None,
        extra_headers: Headers = (),
    ) -> None:
        self.host = host.lower()
        self.timeout = timeout
        self.max_body_bytes = max_body_bytes
        self.max_requests = max_requests
        self.verify = verify
        self.ca_file = ca_file
        self.extra_headers = extra_headers
        self.sent = 0
        self.exchanges: list[Exchange] = []
        self._verified = self._make_client(verify=verify)
        self._unverified: httpx.Client | None = None

    def _make_client(self, *, verify: bool) -> httpx.Client:
        tls: ssl.SSLContext | bool
        if not verify:
            tls = False
        elif self.ca_file:
            tls = ssl.create_default_context(cafile=self.ca_file)
        else:
            tls = True
        return httpx.Client(
            follow_redirects=False,
            verify=tls,
            timeout=httpx.Timeout(self.timeout),
            trust_env=False,
            # identity: the byte cap then bounds what the server sends us, and no decompression can blow it up.
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        )

    def close(self) -> None:
        self._verified.close()
        if self._unverified is not None:
            self._unverified.close()

    def __enter__(self) -> ProbeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _redact(self, headers: Headers) -> Headers:
        """The user's --header/--cookie values never reach a report (reports end up in CI artifacts and PRs)."""
        secret = {name.lower() for name, _ in self.extra_headers} | {"authorization", "proxy-authorization", "cookie"}
        return tuple((k, "<redacted>" if k.lower() in secret else v) for k, v in headers)

    @property
    def remaining(self) -> int:
        return self.max_requests - self.sent

    def send(
        self,
        step: str,
        method: str,
        url: str,
        *,
        headers: Headers = (),
        body: bytes | None = None,
        verify: bool = True,
        with_credentials: bool = True,
    ) -> Exchange:
        """Send one request and record it. Never raises for HTTP or network errors: they land in Exchange.error."""
        parts = urlsplit(url)
        if (parts.hostname or "").lower() != self.host or parts.scheme not in ("http", "https"):
            raise OffTargetRequest(f"refusing a request off the target host: {url}")
        if self.sent >= self.max_requests:
            raise BudgetExhausted(f"request budget of {self.max_requests} spent")
        use_verified = verify and self.verify
        if use_verified:
            client = self._verified
        else:
            if self._unverified is None:
                self._unverified = self._make_client(verify=False)
            client = self._unverified
        sent_headers = list(headers)
        if with_credentials:
            sent_headers.extend(self.extra_headers)
        self.sent += 1
        started = time.perf_counter()
        tls_verified = use_verified if parts.scheme == "https" else None
        try:
            request = client.build_request(method, url, headers=sent_headers, content=body)
            response = client.send(request, stream=True)
            try:
                chunks: list[bytes] = []
                size = 0
                truncated = False
                for chunk in response.iter_raw():
                    room = self.max_body_bytes - size
                    if len(chunk) >= room:
                        chunks.append(chunk[:room])
                        size += room
                        truncated = True
                        break
                    chunks.append(chunk)
                    size += len(chunk)
                exchange = Exchange(
                    step=step,
                    method=method,
                    url=url,
                    request_headers=self._redact(_decode(request.headers.raw)),
                    request_body_size=len(body or b""),
                    status=response.status_code,
                    response_headers=_decode(response.headers.raw),
                    body=b"".join(chunks),
                    body_truncated=truncated,
                    elapsed_ms=(time.perf_counter() - started) * 1000,
                    tls_verified=tls_verified,
                    http_version=response.http_version,
                )
            finally:
                response.close()
        except httpx.HTTPError as exc:
            cert = _tls_error(exc)
            message = f"TLS certificate verification failed: {cert}" if cert else f"{type(exc).__name__}: {exc}"
            exchange = Exchange(
                step=step,
                method=method,
                url=url,
                request_headers=self._redact(tuple((k, v) for k, v in sent_headers)),
                request_body_size=len(body or b""),
                error=message.splitlines()[0][:300] if message else type(exc).__name__,
                elapsed_ms=(time.perf_counter() - started) * 1000,
                tls_verified=tls_verified,
            )
        finally:
            # The app's cookies are judged per response, never replayed: every request looks like a new visitor.
            client.cookies.clear()
        self.exchanges.append(exchange)
        return exchange


def _decode(raw: list[tuple[bytes, bytes]]) -> Headers:
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw)
