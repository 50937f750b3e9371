"""Integers in response headers (Retry-After, RateLimit-*, HSTS max-age, cookie Max-Age), read without trusting them.

A server can send 5,000 digits (over Python's int() digit limit: ValueError) or Unicode digits ("²" passes
str.isdigit() and fails int()). Only ASCII digits count, and a number longer than MAX_DIGITS is read as CAP: for
every use here (seconds, request counts) that is "more than anything meaningful", which is what the header says.
"""

from __future__ import annotations

MAX_DIGITS = 15
CAP = 10**MAX_DIGITS


def is_ascii_digits(text: str) -> bool:
    return bool(text) and text.isascii() and text.isdigit()


def header_int(text: str | None) -> int | None:
    """The leading ASCII integer of a header value (after spaces), capped; None when it starts with no digit."""
    if text is None:
        return None
    text = text.lstrip()
    end = 0
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
        if end > MAX_DIGITS:
            return CAP
    return int(text[:end]) if end else None
