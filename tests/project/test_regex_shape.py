"""The regex shape checks behind ReDoS: what backtracks super-linearly, and the look-alikes that do not."""

from __future__ import annotations

import pytest

from nodeward.analysis.regex_shape import catastrophic, exponential, polynomial


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\s+|\s+$",  # lodash reTrim: an unanchored \s+ only the end of the input stops
        r"[\r\n]+$",  # trim-newlines 3.0.0
        r"^((?:\d+)?\.?\d+) *(ms|s|m|h|d)?$",  # ms 0.7.0: two digit loops with an optional dot between
        r"^(\d+)?\.?\d+$",
        r"^\w+\s*\w+!$",
    ],
)
def test_polynomial_patterns(pattern: str) -> None:
    assert polynomial(pattern)
    assert catastrophic(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\s+",
        r"\s+",
        r"^[a-z0-9]+$",
        r"^\d+\.\d+$",
        r"^[a-z0-9_.-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,24}$",
        r"\s*,\s*",
        r"^\d{1,16}(\.\d{1,8})?$",
        r"[0-9]{0,256}['a-z\u00A0-\u05FF]{1,256}",  # moment's fix: bounded repetitions
    ],
)
def test_linear_patterns(pattern: str) -> None:
    assert not catastrophic(pattern)


def test_exponential_patterns() -> None:
    assert exponential(r"^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,4})+$")
    assert exponential(r"(a+)+$")
    assert not exponential(r"(?:\.[a-z]+)*")
