"""Size values parsed the way the `bytes` npm package does, as body-parser, raw-body and co-body read `limit`."""

from __future__ import annotations

import math
import re

# bytes@3.1.2 index.js: 1 << 10 per step, units kb..pb (no "b" in the regex: "100b" goes through parseInt).
_UNITS = {"b": 1, "kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1024**4, "pb": 1024**5}
_SIZE_RE = re.compile(r"^((-|\+)?(\d+(?:\.\d+)?)) *(kb|mb|gb|tb|pb)$", re.IGNORECASE)
# JavaScript parseInt(val, 10): optional whitespace and sign, then the longest run of digits.
_PARSE_INT_RE = re.compile(r"^[\s\ufeff\xa0]*([+-]?\d+)")


def parse_bytes(value: object) -> float | None:
    """`bytes.parse(value)`: a number of bytes, `math.inf` for Infinity, or None when bytes gives null.

    Quirks kept on purpose because they are what the server does: "100 megabytes" is 100 bytes (parseInt of the
    leading digits), "1.5mb" is 1572864, a negative size stays negative, and a non-string non-number is null.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return value
    if not isinstance(value, str):
        return None
    match = _SIZE_RE.match(value)
    if match:
        return math.floor(_UNITS[match.group(4).lower()] * float(match.group(1)))
    int_match = _PARSE_INT_RE.match(value)
    if not int_match:
        return None
    return int(int_match.group(1))


def format_bytes(size: float) -> str:
    """A short human form of a byte count for messages: 52428800 -> '50 MiB'."""
    if size == math.inf:
        return "unlimited"
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if abs(size) >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{int(size)} bytes"
