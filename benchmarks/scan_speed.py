"""Scan speed on a large tree: raw tree-sitter parse vs nodeward's fact extraction (1 process and a pool), the
application model, and the full static scan. Prints files/s, MB/s and peak memory per stage.

The tree is assembled from npm packages' sources installed into a temporary folder (`npm install --ignore-scripts`;
nothing is executed). Usage:
    python benchmarks/scan_speed.py                      # default package mix, temporary folder
    python benchmarks/scan_speed.py --dir /tmp/bench     # reuse (or create) an install folder
    python benchmarks/scan_speed.py --packages express lodash
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nodeward.project.appmodel import build_app_model
from nodeward.project.discover import discover_project
from nodeward.project.javascript import JsProject, extract_all, lang_for, no_cyclic_gc, parse_bytes

DEFAULT_PACKAGES = [
    "express",
    "lodash",
    "fastify",
    "koa",
    "@koa/router",
    "@hapi/hapi",
    "@nestjs/core",
    "@nestjs/common",
    "rxjs",
    "axios",
    "mongoose",
    "sequelize",
    "eslint",
    "moment",
    "ajv",
    "yargs",
    "helmet",
    "express-session",
    "express-rate-limit",
    "jsonwebtoken",
]


def install(folder: Path, packages: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "node_modules").is_dir():
        return
    (folder / "package.json").write_text(json.dumps({"name": "bench-tree", "version": "1.0.0", "private": True}))
    cmd = ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", *packages]
    print("installing:", " ".join(packages), file=sys.stderr)
    subprocess.run(cmd, cwd=folder, check=True)


def peak_mb() -> tuple[float, float]:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return self_kb / 1024, child_kb / 1024


_CPU = [0.0]


def cpu_now() -> float:
    """CPU seconds of this process and its finished children: steadier than wall time on a busy machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def start() -> float:
    _CPU[0] = cpu_now()
    return time.perf_counter()


def line(stage: str, seconds: float, files: int, size: int) -> None:
    cpu = cpu_now() - _CPU[0]
    rate = files / seconds if seconds else float("inf")
    mbs = size / 1e6 / seconds if seconds else float("inf")
    me, kids = peak_mb()
    print(
        f"{stage:<34} wall {seconds:7.2f} s  cpu {cpu:7.2f} s  {rate:7.0f} files/s  {mbs:6.2f} MB/s  "
        f"peak RSS {me:5.0f} MB (largest child {kids:4.0f} MB)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, help="install folder (kept); default: a temporary folder")
    ap.add_argument("--packages", nargs="*", default=DEFAULT_PACKAGES)
    args = ap.parse_args()
    tmp = None
    if args.dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="nodeward-bench-")
        folder = Path(tmp.name)
    else:
        folder = args.dir
    install(folder, args.packages)
    root = folder / "node_modules"
    _CPU[0] = cpu_now()  # the npm install child does not count

    t = start()
    project = discover_project(root, use_gitignore=False)
    files = [(f.path, f.size) for f in project.files if f.kind == "js"]
    size = sum(s for _, s in files)
    line("discovery", time.perf_counter() - t, len(files), size)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"tree: {len(files)} JS/TS files, {size / 1e6:.1f} MB ({len(project.skipped)} skipped: minified, large...)")

    datas = [(rel, (root / rel).read_bytes()) for rel, _ in files]
    t = start()
    for rel, data in datas:
        parse_bytes(data, lang_for(rel))
    line("tree-sitter parse only (1 proc)", time.perf_counter() - t, len(files), size)
    del datas

    t = start()
    mods = extract_all(root, files, workers=1)
    line("parse + facts (1 process)", time.perf_counter() - t, len(files), size)

    del mods  # the pool run starts from the same state as a real scan
    gc.collect()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    t = start()
    mods = extract_all(root, files, workers=cpus)
    line(f"parse + facts ({cpus} processes)", time.perf_counter() - t, len(files), size)

    t = start()
    with no_cyclic_gc():
        js = JsProject(m for m in mods if not isinstance(m, tuple))
    model = build_app_model(js)
    line("index + application model", time.perf_counter() - t, len(files), size)
    calls = sum(len(m.calls) for m in js)
    print(
        f"facts: {calls} call sites, {len(model.apps)} app/router instances, {sum(len(a.routes) for a in model)} routes"
    )

    from nodeward.engine import run_rules, select_rules  # the static scan as `nodeward scan` runs it, by stage
    from nodeward.facts import Facts
    from nodeward.settings import Settings

    settings = Settings(root=root, profile="audit")
    facts = Facts(settings, project)
    t = start()
    facts.collected("js")
    line("scan: js facts (auto jobs)", time.perf_counter() - t, len(files), size)
    t = start()
    facts.collected("app")
    line("scan: application model", time.perf_counter() - t, len(files), size)
    rules = select_rules(settings, ("static",))
    t = start()
    result = run_rules(facts, rules)
    line(f"scan: {len(rules)} static rules", time.perf_counter() - t, len(files), size)
    print(f"findings: {len(result.findings)}, rule errors: {len(result.errors)}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
