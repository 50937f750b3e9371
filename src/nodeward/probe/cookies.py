"""Set-Cookie headers as the probe saw them: parsed attributes, framework-default names and session-ID fingerprints."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from nodeward.knowledge.sessions import default_cookie_owner
from nodeward.probe.numbers import is_ascii_digits

# express-session (and Sails) values: "s:" + 32 chars uid-safe + "." + 43 chars HMAC, URL-encoded (spec §7.2).
EXPRESS_SESSION_VALUE = re.compile(r"^s%3A[A-Za-z0-9_-]{32}\.(?:[A-Za-z0-9]|%2B|%2F){43}$")
SESSIONISH_NAME = re.compile(r"sess|sid|login|auth|token", re.IGNORECASE)
# Keys in client-side session data that usually decide authorisation: readable (and, unsigned, forgeable).
SENSITIVE_KEYS = frozenset({"role", "roles", "isadmin", "admin", "user", "userid", "user_id", "email", "password"})


@dataclass(frozen=True)
class SetCookie:
    """One Set-Cookie header, parsed the lenient way browsers do (RFC 6265 §5.2), with the raw text kept."""

    raw: str
    name: str
    value: str
    attributes: tuple[tuple[str, str], ...]  # (lower-cased name, value) in order
    url: str = ""

    def attr(self, name: str) -> str | None:
        for key, value in reversed(self.attributes):  # the last occurrence wins (RFC 6265 §5.3)
            if key == name:
                return value
        return None

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.attributes)

    @property
    def secure(self) -> bool:
        return self.has("secure")

    @property
    def httponly(self) -> bool:
        return self.has("httponly")

    @property
    def samesite(self) -> str | None:
        """The SameSite value as sent (stripped), '' when the attribute is empty, None when absent."""
        value = self.attr("samesite")
        return None if value is None else value.strip()

    @property
    def is_deletion(self) -> bool:
        """A cookie being cleared (empty value or an expiry in the past) is not a cookie the browser keeps."""
        max_age = self.attr("max-age")
        return self.value == "" or (max_age is not None and _non_positive(max_age))

    @property
    def default_name_framework(self) -> str | None:
        return default_cookie_owner(self.name)

    @property
    def value_framework(self) -> str | None:
        """The framework whose session-ID format the value has, whatever the cookie's name."""
        if EXPRESS_SESSION_VALUE.match(self.value):
            return "express-session"
        return None

    @property
    def is_signature(self) -> bool:
        return self.name.lower().endswith(".sig")

    @property
    def is_session(self) -> bool:
        """Broader than the Observatory (which only matches 'login'/'sess'): names, frameworks and ID formats."""
        if self.is_signature:
            return False
        return bool(self.default_name_framework or self.value_framework or SESSIONISH_NAME.search(self.name))


def parse_set_cookie(raw: str, url: str = "") -> SetCookie | None:
    """Parse one Set-Cookie header; None when it has no name=value pair a browser would keep."""
    pair, *rest = raw.split(";")
    if "=" not in pair:
        return None
    name, _, value = pair.partition("=")
    name = name.strip()
    if not name:
        return None
    attributes = []
    for item in rest:
        key, _, val = item.partition("=")
        key = key.strip().lower()
        if key:
            attributes.append((key, val.strip()))
    return SetCookie(raw=raw, name=name, value=value.strip().strip('"'), attributes=tuple(attributes), url=url)


def decode_client_session(value: str) -> dict[str, Any] | None:
    """Decode cookie-session / koa-session data (base64 JSON); None when it is not that."""
    text = value.strip()
    if not text or len(text) > 8192:
        return None
    try:
        padded = text + "=" * (-len(text) % 4)
        raw = base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _non_positive(max_age: str) -> bool:
    """Max-Age=0 or negative (RFC 6265 §5.2.2); digits only, so that a hostile 5,000-digit value is not int()-ed."""
    text = max_age.strip()
    digits = text.removeprefix("-")
    return is_ascii_digits(digits) and (text.startswith("-") or digits.strip("0") == "")
