"""Taint analysis speed: discovery, fact extraction (the JS engine) and the taint stage timed separately.

Usage:
    python benchmarks/injection/taint_speed.py PATH [PATH...]
    python benchmarks/injection/taint_speed.py benchmarks/injection/corpus /tmp/bench/node_modules

For each tree it prints files, MB, the seconds of each stage, files/s of the taint stage, how many functions the
taint walker entered (files whose text shows no request source are never walked), flows found and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from nodeward.analysis.taint import TaintAnalysis
from nodeward.collect.discover import discover_project
from nodeward.facts import Facts
from nodeward.js.values import Func
from nodeward.settings import Settings


def measure(root: Path) -> None:
    t0 = time.perf_counter()
    project = discover_project(root)
    t1 = time.perf_counter()
    facts = Facts(Settings(root=root), project)
    js = facts.js
    t2 = time.perf_counter()
    app = facts.app_model
    handlers = {r.handler.key for a in app.apps for r in a.routes if isinstance(r.handler, Func)}
    t2b = time.perf_counter()
    templates = [f.path for f in project.files if f.kind == "template"]
    analysis = TaintAnalysis(js, project.read_text, templates, handlers)
    flows = analysis.run()
    t3 = time.perf_counter()
    files = [f for f in project.files if f.kind == "js"]
    mb = sum(f.size for f in files) / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{root}")
    print(f"  js files         {len(files):8d}   {mb:8.2f} MB")
    print(f"  discover         {t1 - t0:8.2f} s")
    print(f"  parse + facts    {t2 - t1:8.2f} s   ({mb / max(t2 - t1, 1e-9):.1f} MB/s)")
    print(f"  app model        {t2b - t2:8.2f} s   ({len(handlers)} route handlers)")
    print(f"  taint            {t3 - t2b:8.2f} s   ({len(files) / max(t3 - t2b, 1e-9):.0f} files/s)")
    print(f"  functions walked {analysis.functions_walked:8d}   summaries {len(analysis._summaries)}")
    print(f"  flows            {len(flows):8d}")
    print(f"  peak RSS         {peak:8.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    args = ap.parse_args()
    for path in args.paths:
        if not path.is_dir():
            print(f"{path}: not a directory", file=sys.stderr)
            return 2
        measure(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
