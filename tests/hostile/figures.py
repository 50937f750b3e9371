"""The figures of docs/hardening.md: each generated attack run through nodeward as a user does, with its wall time
and the child's peak memory. Figures are measured here, never asserted (the tests bound "finishes" and memory caps).

    python tests/hostile/figures.py             # one Markdown table row per attack
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile import generate as g
from hostile.harness import run_nodeward
from nodeward.deps.advisories.store import import_osv

OSV_RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "deps" / "osv-npm"
SPECIAL = tuple(n for n in g.KNOWN_NAMES if n != "package.json")
CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("FIFOs under every known name (scan)", lambda r: g.fifos(r, SPECIAL), "scan"),
    ("/dev/zero links under every known name (scan)", lambda r: g.device_links(r, SPECIAL), "scan"),
    ("100k-character space/digit runs, 17 file kinds (scan)", lambda r: g.pumped_project(r, 100_000), "scan"),
    ("1 MB openers without closers in JSON/YAML (scan)", lambda r: g.restart_project(r, 1_000_000), "scan"),
    ("40k-space version (deps)", lambda r: g.spaced_version_lockfile(r, 40_000, " "), "deps"),
    ("1 MB version (deps)", lambda r: g.spaced_version_lockfile(r, 1_000_000, " "), "deps"),
    ("5,000-digit versions (deps)", lambda r: g.huge_int_lockfile(r, 5000), "deps"),
    ("gitignore bomb (scan)", lambda r: g.gitignore_bomb(r), "scan"),
    ("1M-entry lockfile (deps)", lambda r: g.huge_lockfile(r, 1_000_000), "deps"),
    ("100k tiny files (scan)", lambda r: g.many_files(r, 100_000), "scan"),
    ("5,000-line file of calls (scan)", lambda r: g.calls_file(r, 5000), "scan"),
    ("2.36M-node file of nested calls (scan)", lambda r: g.calls_file(r, 40_000, True), "scan"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = work / "advisories.sqlite3"
        import_osv(OSV_RECORDS, store)
        print("| attack | time | peak memory | exit |\n|---|---|---|---|")
        for i, (name, make, command) in enumerate(CASES):
            root = make(work / f"case{i}")
            config = root / "nodeward.toml"
            if os.path.lexists(config) and not config.is_file():
                os.remove(config)  # a special nodeward.toml is a one-line error (its own test); the rest is measured
            args: list[str | Path] = [command, root, "--offline", "--advisory-db", store, "--format", "json"]
            args += ["-o", work / f"report{i}.json"] + (["--no-cache"] if command == "scan" else [])
            run = run_nodeward(*args, timeout=600)
            print(f"| {name} | {run.seconds:.1f} s | {run.peak_mb:.0f} MB | {run.rc} |", flush=True)


if __name__ == "__main__":
    main()
