"""The probe's bounded HTTP client: one request at a time, timeout, byte cap, no automatic redirects, one host only."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from nodeward import __version__
from nodeward.probe.exchange import Exchange, Headers

USER_AGENT = f"nodeward-probe/{__version__}"
DEFAULT_TIMEOUT = 9.0  # seconds per request, as the Observatory's client (mdn/mdn-http-observatory src/config.js)
DEFAULT_MAX_BODY = 64 * 1024  # bytes of a response body kept; the rest is never read


DEFAULT_MAX_TIME = 40.0  # seconds for the whole probe (--max-time): about 60 requests take a few seconds on a live app


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


class _Deadline:
    """When the request being sent must be over (time.monotonic()); every socket operation is bounded by it.

    httpx's timeouts are per operation: a server that trickles one byte per second restarts the read timeout at
    every byte and keeps a request alive forever. Each connect, read and write here gets at most the time left, and
    a watchdog shuts the socket down at the deadline (for what one operation cannot bound, a trickled TLS handshake).
    """

    def __init__(self) -> None:
        self.at: float | None = None
        self.hit = False
        self.sockets: list[socket.socket] = []

    def bound(self, timeout: float | None, error: type[Exception]) -> float:
        if self.at is None:
            return timeout if timeout is not None else DEFAULT_TIMEOUT
        left = self.at - time.monotonic()
        if left <= 0:
            self.hit = True
            raise error("the request's total deadline passed")
        return left if timeout is None else min(timeout, left)

    def passed(self) -> bool:
        """Did the deadline cut the request (a read timed out on the time left, or the watchdog fired)?"""
        return self.hit or (self.at is not None and time.monotonic() >= self.at - 0.05)

    def expire(self) -> None:
        self.hit = True
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline
        sock = inner.get_extra_info("socket")
        self._sock = sock if isinstance(sock, socket.socket) else None
        if self._sock is not None:
            deadline.sockets.append(self._sock)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        if self._sock is not None and self._sock in self._deadline.sockets:
            self._deadline.sockets.remove(self._sock)
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: _Deadline) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise httpcore.ConnectError("the probe only speaks TCP")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _transport(tls: ssl.SSLContext | bool, deadline: _Deadline) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(verify=tls, trust_env=False)
    # The pool with the deadline-bound backend (httpx builds the same pool, without a way to pass a backend).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(verify=tls, trust_env=False), network_backend=_DeadlineBackend(deadline)
    )
    return transport


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
        max_time: float = DEFAULT_MAX_TIME,
    ) -> None:
        self.host = host.lower()
        self.max_time = max_time
        self.ends_at = time.monotonic() + max_time  # the whole probe's wall-clock budget
        self._deadline = _Deadline()
        self.timeout = timeout
        self.max_body_bytes = max_body_bytes
        self.max_requests = max_requests
        self.verify = verify
        self.ca_file = ca_file
        self.extra_headers = extra_headers
        self.sent = 0
        self.exchanges: list[Exchange] = []
        self._last: httpx.Response | None = None
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
            # The answer as it came, before httpx reads its Location: kept for the record when that read fails.
            event_hooks={"response": [self._arrived]},
            transport=_transport(tls, self._deadline),
            timeout=httpx.Timeout(self.timeout),
            trust_env=False,
            # identity: the byte cap then bounds what the server sends us, and no decompression can blow it up.
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        )

    def _arrived(self, response: httpx.Response) -> None:
        self._last = response

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
        now = time.monotonic()
        if now >= self.ends_at - 0.05:
            raise BudgetExhausted(f"wall-clock budget of {self.max_time:g} s spent (--max-time)")
        # The whole request (connect, headers, body) within --timeout, and the whole probe within --max-time.
        total = min(self.timeout, self.ends_at - now)
        self._deadline.at = now + total
        self._deadline.hit = False
        watchdog = threading.Timer(total + 0.5, self._deadline.expire)
        watchdog.daemon = True
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

        def failed(error: str, deadline_hit: bool = False, answer: httpx.Response | None = None) -> Exchange:
            """The record of a request that got no usable answer (with the status and headers of the `answer` that
            came, when one did)."""
            return Exchange(
                step=step,
                method=method,
                url=url,
                request_headers=self._redact(tuple((k, v) for k, v in sent_headers)),
                request_body_size=len(body or b""),
                status=answer.status_code if answer is not None else None,
                response_headers=_decode(answer.headers.raw) if answer is not None else (),
                http_version=answer.http_version if answer is not None else "",
                error=error,
                elapsed_ms=(time.perf_counter() - started) * 1000,
                tls_verified=tls_verified,
                deadline_hit=deadline_hit,
            )

        self._last = None
        watchdog.start()
        try:
            request = client.build_request(method, url, headers=sent_headers, content=body)
            response = client.send(request, stream=True)
            try:
                chunks: list[bytes] = []
                size = 0
                truncated = False
                late: str | None = None
                try:
                    for chunk in response.iter_raw():
                        room = self.max_body_bytes - size
                        if len(chunk) >= room:
                            chunks.append(chunk[:room])
                            size += room
                            truncated = True
                            break
                        chunks.append(chunk)
                        size += len(chunk)
                except httpx.HTTPError:
                    if not self._deadline.passed():
                        raise
                    # Status and headers came; the body was still trickling at the deadline: keep what came.
                    truncated = True
                    late = self._deadline_message(total, "the body was still arriving")
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
                    error=late,
                    deadline_hit=late is not None,
                )
            finally:
                response.close()
        except (UnicodeError, httpx.InvalidURL) as exc:
            # httpx decodes a redirect's Location even when it does not follow it; an IDNA host that cannot be
            # decoded (xn--ls8h) raises there. The answer is recorded with its status and headers, as an error (the
            # redirect cannot be followed), and the probe goes on.
            why = " ".join(str(exc).split())[:200]
            if self._last is None:  # no answer came: the URL asked for is the one that cannot be encoded
                exchange = failed(f"the URL's host cannot be IDNA-encoded: {why}")
            else:
                exchange = failed(f"the answer redirects to a URL that cannot be decoded: {why}", answer=self._last)
        except httpx.HTTPError as exc:
            cert = _tls_error(exc)
            message = f"TLS certificate verification failed: {cert}" if cert else f"{type(exc).__name__}: {exc}"
            late_error = self._deadline.passed() and not cert
            if late_error:
                message = self._deadline_message(total, "no complete answer")
            exchange = failed(message.splitlines()[0][:300] if message else type(exc).__name__, late_error)
        finally:
            watchdog.cancel()
            self._deadline.at = None
            # The app's cookies are judged per response, never replayed: every request looks like a new visitor.
            client.cookies.clear()
        self.exchanges.append(exchange)
        return exchange

    def _deadline_message(self, total: float, what: str) -> str:
        if total < self.timeout:
            return f"deadline: {what} when the probe's --max-time of {self.max_time:g} s ran out"
        return f"deadline: {what} within {total:g} s (--timeout bounds the whole request, not each read)"


def _decode(raw: list[tuple[bytes, bytes]]) -> Headers:
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw)
