"""Build recorded exchanges and probe records by hand, as the probe would have recorded them (no network)."""

from __future__ import annotations

from nodeward.probe.exchange import Exchange
from nodeward.probe.record import ProbeRecord
from nodeward.rules.registry import get_rule

HTTPS = "https://shop.example"
HTTP = "http://shop.example"


def ex(
    step: str,
    path: str = "/",
    *,
    status: int | None = 200,
    headers: tuple[tuple[str, str], ...] = (),
    body: str | bytes = "",
    origin: str = HTTPS,
    method: str = "GET",
    request: tuple[tuple[str, str], ...] = (),
    error: str | None = None,
    verified: bool | None = None,
    size: int = 0,
) -> Exchange:
    url = origin + path
    return Exchange(
        step=step,
        method=method,
        url=url,
        request_headers=(("User-Agent", "nodeward-probe/test"), *request),
        request_body_size=size,
        status=None if error else status,
        response_headers=headers,
        body=body.encode() if isinstance(body, str) else body,
        error=error,
        tls_verified=(True if verified is None else verified) if url.startswith("https") else None,
    )


def rec(*exchanges: Exchange, insecure: bool = False) -> ProbeRecord:
    return ProbeRecord(target=exchanges[0].url if exchanges else HTTPS + "/", exchanges=exchanges, insecure=insecure)


def verdict(code: str, record: ProbeRecord) -> tuple[list[str], int]:
    """(severity labels of the failures, number of holds) the rule gives on the record."""
    rule = get_rule(code)
    assert rule is not None and rule.origin == "live", code
    fails, holds = [], 0
    for hit in rule.run(record):
        if hit.kind == "fail":
            fails.append((hit.severity if hit.severity is not None else rule.severity).label)
        elif hit.kind == "hold":
            holds += 1
    return sorted(fails), holds
