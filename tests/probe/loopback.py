"""A tiny loopback HTTP server that records every request it receives (for client safety and CLI tests)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from http_loopback import serving

Route = Callable[[BaseHTTPRequestHandler], tuple[int, list[tuple[str, str]], bytes]]


@dataclass
class Loopback:
    port: int
    received: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def default_routes(path: str) -> tuple[int, list[tuple[str, str]], bytes] | None:
    if path == "/":
        return 200, [("Content-Type", "text/html"), ("Set-Cookie", "sid=abc; Path=/")], b"<!DOCTYPE html><p>hi</p>"
    if path == "/big":
        return 200, [("Content-Type", "text/plain")], b"x" * 1_000_000
    if path == "/off-host":
        return 302, [("Location", "http://elsewhere.invalid/")], b""
    if path == "/slow":
        time.sleep(1.5)
        return 200, [], b"late"
    return 404, [("Content-Type", "text/plain")], b"Not Found"


@contextmanager
def loopback_server(
    routes: Callable[[str], tuple[int, list[tuple[str, str]], bytes] | None] = default_routes,
) -> Iterator[Loopback]:
    state = Loopback(port=0)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes: no delayed-ACK stalls

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            state.received.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
            status, headers, body = routes(self.path) or (404, [], b"")
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading: fine
                self.wfile.write(body)

        do_GET = do_POST = do_OPTIONS = do_HEAD = handle_any

    with serving(Handler) as port:
        state.port = port
        yield state
