"""ProbeTarget: how live rules ask for the probe's record (requires="probe", findings tagged origin="live")."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from nodeward.findings import Location
from nodeward.probe.exchange import Exchange
from nodeward.rules.hits import Hit, fails
from nodeward.rules.targets import Target

if TYPE_CHECKING:
    from nodeward.facts import Facts


@dataclass(frozen=True)
class ProbeTarget(Target):
    """The ProbeRecord of this run, once. Rules are pure: they judge recorded exchanges and never send anything."""

    requires: str = "probe"
    origin: str = "live"

    def subjects(self, facts: Facts) -> Iterable[Any]:
        record = facts.source("probe")
        if record is not None:
            yield record

    def describe(self) -> str:
        return "ProbeTarget"


LOOPBACK_NOTE = "HTTPS redirect not judged on loopback (localhost is your own machine; probe the deployed URL)"


def is_loopback(url: str) -> bool:
    """A URL on the developer's own machine (localhost, 127.0.0.0/8, ::1): no network path to protect with HTTPS."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fails_at(at: Exchange | Location, message: str, **kwargs: Any) -> Hit:
    """`fails` for live rules: a finding on an exchange carries its request/response evidence in `data`."""
    if isinstance(at, Exchange):
        evidence = {
            "request": f"{at.method} {at.url}",
            "step": at.step,
            "status": at.status,
            "response_headers": [f"{k}: {v}" for k, v in at.response_headers][:40],
        }
        kwargs["data"] = {**evidence, **(kwargs.get("data") or {})}
    return fails(at, message, **kwargs)
