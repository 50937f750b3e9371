"""Run nodeward as a user does (a real subprocess) with a bound on time, and measure the child's peak memory.

The bound is on "finishes at all" (hang tests), never on speed: it is generous, and the figures are printed.
Peak memory is the child's own maximum resident set (getrusage of the children of a small wrapper process, so that
other tests' processes never count).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

FINISH_BOUND = 60.0  # seconds: every attack here finishes in a few; a hang is stopped at this bound and fails
_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stdout.write(json.dumps({'rc': p.returncode, 'out': p.stdout.decode('utf-8', 'replace'),"
    " 'err': p.stderr.decode('utf-8', 'replace'), 'peak_kb': peak}))\n"
)


@dataclass(frozen=True)
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def __str__(self) -> str:
        return f"exit {self.rc} in {self.seconds:.1f} s, peak {self.peak_mb:.0f} MB; stderr: {self.stderr[-400:]!r}"


def run_nodeward(*args: str | Path, timeout: float = FINISH_BOUND, env: dict[str, str] | None = None) -> Run:
    """`nodeward ARGS` in a subprocess; fails the test (TimeoutExpired) when it does not finish within `timeout`."""
    command = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "nodeward", *map(str, args)]
    started = time.monotonic()
    # Its own session, so that a hang is stopped whole (the wrapper and nodeward under it), never left running.
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        start_new_session=True,
    )
    try:
        stdout, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    seconds = time.monotonic() - started
    result = json.loads(stdout.decode("utf-8"))
    return Run(result["rc"], result["out"], result["err"], seconds, result["peak_kb"] / 1024)


def one_line_error(run: Run) -> bool:
    """A traceback or an "internal error" is a crash, whatever the exit status."""
    return "Traceback" not in run.stderr and "internal error" not in run.stderr


T = TypeVar("T")


def finishes(call: Callable[[], T], bound: float = FINISH_BOUND) -> T:
    """`call()` in a daemon thread: its result, or the test fails when it has not finished within `bound` (an
    in-process hang, a blocking open() of a FIFO say, fails the test instead of stopping the suite)."""
    out: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(call())
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(bound)
    if worker.is_alive():
        raise AssertionError(f"did not finish within {bound:g} s")
    if errors:
        raise errors[0]
    return out[0]
