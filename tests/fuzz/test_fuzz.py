"""Short fuzzing of every untrusted-input parser in the normal suite (tests/fuzz/run_long.py runs them longer).

hypothesis (a test extra): it shrinks a failing input to a minimal one, which is what makes a parser crash
fixable; a hand-written random loop would report a 200 kB blob.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from hypothesis import HealthCheck, given, settings

from .targets import TARGETS, Target

EXAMPLES = int(os.environ.get("NODEWARD_FUZZ_EXAMPLES", "25"))


def check(target: Target, value: object) -> None:
    with contextlib.suppress(target.allowed):
        target.run(value)


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_parser_refuses_only_with_its_own_error(target: Target) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(target.strategy)
    def run(value: object) -> None:
        check(target, value)

    run()
