"""One recorded HTTP exchange of the probe: what was sent and what came back, frozen so rules can judge it offline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from nodeward.findings import Location

Headers = tuple[tuple[str, str], ...]


def header_values(headers: Headers, name: str) -> list[str]:
    """Every value of a header, in order; names compare case-insensitively (RFC 9110 §5.1)."""
    key = name.lower()
    return [value for header, value in headers if header.lower() == key]


@dataclass(frozen=True)
class Exchange:
    """A request the probe sent and the response it got (or the error instead of one).

    Response headers are kept raw and in order, so a multi-valued `Set-Cookie` or a duplicated
    `Strict-Transport-Security` stays visible. `body` holds at most the client's byte cap.
    """

    step: str  # the plan step that sent it, e.g. "base", "cors-preflight", "burst-7"
    method: str
    url: str
    request_headers: Headers = ()
    request_body_size: int = 0
    status: int | None = None
    response_headers: Headers = ()
    body: bytes = b""
    body_truncated: bool = False
    elapsed_ms: float = 0.0
    error: str | None = None
    tls_verified: bool | None = None  # None for plain HTTP; False when sent without certificate verification
    http_version: str = ""
    deadline_hit: bool = False  # the request's total deadline (or the probe's --max-time) cut it short

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None

    @property
    def location(self) -> Location:
        return Location(path="", url=self.url)

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def header(self, name: str) -> str | None:
        values = header_values(self.response_headers, name)
        return values[0] if values else None

    def headers(self, name: str) -> list[str]:
        return header_values(self.response_headers, name)

    def has_header(self, name: str) -> bool:
        return bool(header_values(self.response_headers, name))

    def request_header(self, name: str) -> str | None:
        values = header_values(self.request_headers, name)
        return values[0] if values else None

    @property
    def set_cookies(self) -> list[str]:
        return header_values(self.response_headers, "set-cookie")

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").strip()

    @property
    def media_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def text(self) -> str:
        """The body prefix as text; undecodable bytes are replaced, never raised."""
        charset = "utf-8"
        for param in self.content_type.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    @property
    def is_redirect(self) -> bool:
        return self.status in (301, 302, 303, 307, 308) and self.header("location") is not None

    def summary(self) -> str:
        """One line for reports: `GET https://host/ → 200 (12 ms)`."""
        outcome = str(self.status) if self.status is not None else f"error: {self.error}"
        return f"{self.method} {self.url} → {outcome} ({self.elapsed_ms:.0f} ms)"

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "method": self.method,
            "url": self.url,
            "request_headers": [list(h) for h in self.request_headers],
            "request_body_size": self.request_body_size,
            "status": self.status,
            "response_headers": [list(h) for h in self.response_headers],
            "body_prefix": self.text[:2048],
            "body_truncated": self.body_truncated,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "error": self.error,
            "tls_verified": self.tls_verified,
            "deadline_hit": self.deadline_hit,
        }
