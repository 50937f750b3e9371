from __future__ import annotations

import math

import pytest

from nodeward.rules.byte_sizes import format_bytes, parse_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100kb", 102400),
        ("1mb", 1048576),
        ("1MB", 1048576),
        ("1 mb", 1048576),
        ("1.5mb", 1572864),
        ("50mb", 52428800),
        ("2gb", 2147483648),
        ("100b", 100),  # "b" is not in bytes' regex: parseInt reads the digits
        ("100 megabytes", 100),
        ("  42", 42),
        (1024, 1024),
        (10.5, 10.5),
        (math.inf, math.inf),
        ("unlimited", None),
        ("", None),
        ("mb", None),
        (None, None),
        (True, None),
        ([1], None),
        (math.nan, None),
    ],
)
def test_parse_bytes_matches_the_bytes_package(value: object, expected: float | None) -> None:
    assert parse_bytes(value) == expected


def test_format_bytes_is_short() -> None:
    assert format_bytes(52428800) == "50 MiB"
    assert format_bytes(1572864) == "1.5 MiB"
    assert format_bytes(100) == "100 bytes"
    assert format_bytes(math.inf) == "unlimited"
