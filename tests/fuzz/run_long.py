"""The long fuzzing run (run by hand before a release; the normal suite runs 25 examples per target):

    python -m tests.fuzz.run_long [EXAMPLES]        # default 600 per target; prints examples run and failures

Each target's examples are counted as they run (hypothesis may stop earlier when a strategy is exhausted).
"""

from __future__ import annotations

import sys
import time
import traceback

from hypothesis import HealthCheck, given, settings

from .targets import TARGETS, Target
from .test_fuzz import check


def fuzz(target: Target, examples: int) -> tuple[int, str]:
    """Run one target; (examples run, "ok" or the failure)."""
    count = [0]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(target.strategy)
    def run(value: object) -> None:
        count[0] += 1
        check(target, value)

    try:
        run()
    except Exception as exc:  # reported, and the next target runs
        traceback.print_exc(limit=3)
        return count[0], f"FAILED: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    return count[0], "ok"


def main(examples: int) -> int:
    failures = 0
    for target in TARGETS:
        started = time.perf_counter()
        count, outcome = fuzz(target, examples)
        failures += outcome != "ok"
        print(f"{target.name:20} {count:6} examples  {time.perf_counter() - started:6.1f} s  {outcome}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 600))
