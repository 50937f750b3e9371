"""Loopback targets: a probe of the developer's own machine is not judged on HTTPS."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    pass


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
