"""Start-up time of the commands a pre-commit hook or an editor runs, beside bare Python (median of N runs).

    .venv/bin/python benchmarks/startup.py [--runs 15]

Each command is a fresh process of this interpreter (`python -m nodeward ...`, what the console script does), so
the figure is what a user waits for. The one-file scan uses --no-deps --no-cache: parse, rules and report only.
Goals (issue 11): --version and explain under 0.15 s, a one-file scan under 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONE_FILE_APP = """\
const express = require('express');
const app = express();
app.get('/', (req, res) => res.send('hello ' + req.query.name));
app.listen(3000);
"""


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall-clock seconds and CPU seconds (user + system) of each run. On a shared, loaded machine the CPU time is
    the steadier figure: it is what the command costs, whatever else waits for the same cores."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "app"
        project.mkdir()
        (project / "package.json").write_text('{"name": "app", "dependencies": {"express": "^4.21.0"}}\n')
        (project / "app.js").write_text(ONE_FILE_APP)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache"), "NO_COLOR": "1"}
        # A user's Python writes and reuses bytecode (pip compiles it at install time): measure that, not a
        # sandbox that sets PYTHONDONTWRITEBYTECODE and recompiles every module on every start (3-5x slower).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = [sys.executable]
        cases = [
            ("python -c pass (bare interpreter)", [*py, "-c", "pass"], None),
            ("nodeward --version", [*py, "-m", "nodeward", "--version"], 0.15),
            ("nodeward explain NW0301", [*py, "-m", "nodeward", "explain", "NW0301"], 0.15),
            ("nodeward --help", [*py, "-m", "nodeward", "--help"], None),
            ("nodeward scan (1 file, --no-deps --no-cache)", [*py, "-m", "nodeward", "scan", str(project),
                                                             "--no-deps", "--no-cache"], 0.4),
        ]  # fmt: skip
        print(f"median of {args.runs} runs, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        print(f"{'command':<48} {'wall median':>11} {'wall min':>9} {'CPU median':>11}  goal")
        for label, cmd, goal in cases:
            timed(cmd, 1, env)  # warm-up: bytecode written, files in the page cache
            wall, cpu = timed(cmd, args.runs, env)
            median = statistics.median(wall)
            verdict = "" if goal is None else f"< {goal:.2f} s: {'met' if median < goal else 'NOT met'} (wall)"
            print(f"{label:<48} {median:>9.3f} s {min(wall):>7.3f} s {statistics.median(cpu):>9.3f} s  {verdict}")


if __name__ == "__main__":
    main()
