"""Rate-limit headers in the dialects seen in the wild (spec probe.md §3.5, §7.7): legacy X-RateLimit-*, IETF drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nodeward.probe.exchange import Exchange
from nodeward.probe.numbers import header_int


@dataclass(frozen=True)
class RateLimitInfo:
    dialect: str  # "x-ratelimit" | "draft-6" | "draft-7" | "draft-8"
    limit: int | None
    remaining: int | None
    reset: int | None
    raw: str  # the header lines the facts came from

    def describe(self) -> str:
        parts = [f"dialect {self.dialect}"]
        for key in ("limit", "remaining", "reset"):
            value = getattr(self, key)
            if value is not None:
                parts.append(f"{key} {value}")
        return ", ".join(parts)


def _int(text: str | None) -> int | None:
    return header_int(text)


def _param(text: str, key: str) -> str | None:
    match = re.search(rf"(?:^|[;,\s]){re.escape(key)}=([^;,\s]+)", text)
    return match.group(1) if match else None


def rate_limit_info(exchange: Exchange) -> RateLimitInfo | None:
    """The rate-limit facts one response carries, whatever the dialect; None when it carries none."""
    ratelimit = exchange.header("ratelimit")
    policy = exchange.header("ratelimit-policy")
    if ratelimit is not None:
        raw = f"RateLimit: {ratelimit}" + (f" | RateLimit-Policy: {policy}" if policy else "")
        if "limit=" in ratelimit:  # draft-7: RateLimit: limit=20, remaining=19, reset=60
            return RateLimitInfo(
                "draft-7",
                _int(_param(ratelimit, "limit")),
                _int(_param(ratelimit, "remaining")),
                _int(_param(ratelimit, "reset")),
                raw,
            )
        # draft-8+: RateLimit: "20-in-1min"; r=19; t=60 + RateLimit-Policy: "20-in-1min"; q=20; w=60
        return RateLimitInfo(
            "draft-8", _int(_param(policy or "", "q")), _int(_param(ratelimit, "r")), _int(_param(ratelimit, "t")), raw
        )
    if exchange.has_header("ratelimit-limit") or exchange.has_header("ratelimit-remaining"):
        raw = " | ".join(
            f"{h}: {exchange.header(h)}" for h in ("ratelimit-limit", "ratelimit-remaining") if exchange.header(h)
        )
        return RateLimitInfo(
            "draft-6",
            _int(exchange.header("ratelimit-limit")),
            _int(exchange.header("ratelimit-remaining")),
            _int(exchange.header("ratelimit-reset")),
            raw,
        )
    if exchange.has_header("x-ratelimit-limit") or exchange.has_header("x-ratelimit-remaining"):
        raw = " | ".join(
            f"{h}: {exchange.header(h)}" for h in ("x-ratelimit-limit", "x-ratelimit-remaining") if exchange.header(h)
        )
        return RateLimitInfo(
            "x-ratelimit",
            _int(exchange.header("x-ratelimit-limit")),
            _int(exchange.header("x-ratelimit-remaining")),
            _int(exchange.header("x-ratelimit-reset")),
            raw,
        )
    if policy is not None:
        return RateLimitInfo(
            "draft", _int(_param(policy, "q")) or _int(policy), None, None, f"RateLimit-Policy: {policy}"
        )
    return None
