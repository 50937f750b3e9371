"""Misbehaving HTTP servers on 127.0.0.1, written at the socket level (a trickle needs control of every byte)."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

Behaviour = Callable[[socket.socket, bytes], None]


def _read_request(sock: socket.socket) -> bytes:
    sock.settimeout(5)
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


def _drip(sock: socket.socket, data: bytes, every: float, stop: threading.Event) -> None:
    for i in range(len(data)):
        if stop.is_set():
            return
        sock.sendall(data[i : i + 1])
        time.sleep(every)


def trickle_headers(stop: threading.Event) -> Behaviour:
    """A status line, then one header byte every 0.1 s, forever (each read gets a byte well within any timeout)."""

    def behave(sock: socket.socket, _request: bytes) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\n")
        _drip(sock, b"X-Slow: " + b"a" * 100_000, 0.1, stop)

    return behave


def trickle_body(stop: threading.Event) -> Behaviour:
    """Proper headers at once, then a body of one byte every 0.1 s (Content-Length: 1 GB)."""

    def behave(sock: socket.socket, _request: bytes) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000000\r\n\r\n")
        _drip(sock, b"<" * 100_000, 0.1, stop)

    return behave


def newline_500(_stop: threading.Event) -> Behaviour:
    """A 500 page of 10 MB of newlines, sent at once (took the probe 15 minutes: backtracking on the body)."""

    def behave(sock: socket.socket, _request: bytes) -> None:
        body = b"\n" * 10_000_000
        head = f"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
        with suppress(OSError):  # the probe reads its cap and closes
            sock.sendall(head.encode() + body)

    return behave


def slow_answers(delay: float) -> Callable[[threading.Event], Behaviour]:
    """A correct small page, each after `delay` seconds: every request within --timeout, the sum over --max-time."""

    def make(stop: threading.Event) -> Behaviour:
        def behave(sock: socket.socket, _request: bytes) -> None:
            stop.wait(delay)
            body = b"<!doctype html><title>slow</title>"
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )

        return behave

    return make


def huge_numbers(_stop: threading.Event) -> Behaviour:
    """429s whose Retry-After and RateLimit headers are 5,000-digit integers, HSTS and cookies too; a redirect to a
    host name that cannot be IDNA-decoded."""

    def behave(sock: socket.socket, request: bytes) -> None:
        big = "9" * 5000
        if request.startswith(b"GET / "):
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nStrict-Transport-Security: max-age={big}\r\n"
                f"Set-Cookie: sid=x; Max-Age=-{big}\r\nRateLimit-Limit: {big}\r\nRateLimit-Remaining: {big}\r\n"
                f"X-RateLimit-Reset: {big}\r\nRateLimit-Policy: {big};w=60\r\nContent-Length: 2\r\n\r\nok"
            )
        elif b"security.txt" in request:
            head = "HTTP/1.1 302 Found\r\nLocation: http://xn--ls8h.xn--a-ecp.invalid./x\r\nContent-Length: 0\r\n\r\n"
        else:
            head = f"HTTP/1.1 429 Too Many Requests\r\nRetry-After: {big}\r\nContent-Length: 0\r\n\r\n"
        sock.sendall(head.encode())

    return behave


@contextmanager
def misbehaving(make: Callable[[threading.Event], Behaviour]) -> Iterator[int]:
    """Serve the behaviour on a free loopback port until the block ends; yields the port."""
    stop = threading.Event()
    behave = make(stop)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            request = _read_request(self.request)
            with suppress(OSError):
                behave(self.request, request)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
