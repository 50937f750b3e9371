"""Scan speed on a large tree: raw tree-sitter parse vs nodeward's fact extraction, cold (no fact cache) and warm
(fact cache filled), in one process and over a process pool; then the application model and the full static scan,
cold and warm. Prints files/s, MB/s (per wall second, and per CPU second: steadier on a busy machine), CPU time and
peak memory per stage.

Each stage runs in its own fresh Python process, so "peak RSS" is that stage's own high-water mark (interpreter and
imports included, about 30 MB). The fact cache lives in a temporary XDG_CACHE_HOME: your own cache is never read
or written, and "cold" really starts empty.

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


def cpu_now() -> float:
    """CPU seconds of this process and its finished children: steadier than wall time on a busy machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def peak_rss_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# --- one stage, in a child process ------------------------------------------------------------------------------


def run_stage(stage: str, root: Path) -> dict[str, object]:
    from nodeward.project.discover import discover_project
    from nodeward.project.fact_cache import FactCache, cache_root
    from nodeward.project.javascript import JsProject, extract_all, lang_for, no_cyclic_gc, parse_bytes

    project = discover_project(root, use_gitignore=False)
    files = [(f.path, f.size) for f in project.files if f.kind == "js"]
    info: dict[str, object] = {"files": len(files), "bytes": sum(s for _, s in files), "skipped": len(project.skipped)}
    name, _, mode = stage.partition(":")
    datas = [(rel, (root / rel).read_bytes()) for rel, _ in files] if name == "parse" else []
    gc.collect()
    cpu0, t0 = cpu_now(), time.perf_counter()
    if name == "parse":
        for rel, data in datas:
            parse_bytes(data, lang_for(rel))
    elif name == "facts":  # mode: "<workers>:<cache|none>"
        workers, _, use = mode.partition(":")
        cache = FactCache.open(cache_root()) if use == "cache" else None
        mods = extract_all(root, files, workers=int(workers), cache=cache)
        if cache is not None:
            cache.close()
            import sqlite3

            with sqlite3.connect(cache.path) as db:  # pool workers write their own entries: count them all
                entries = db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
            info["cache"] = {"hits": cache.hits, "misses": cache.misses, "entries": entries}
        info["modules"] = sum(1 for m in mods if not isinstance(m, tuple))
    elif name == "model":
        from nodeward.project.appmodel import build_app_model

        mods = extract_all(root, files, workers=1, cache=FactCache.open(cache_root()))
        cpu0, t0 = cpu_now(), time.perf_counter()
        with no_cyclic_gc():
            js = JsProject(m for m in mods if not isinstance(m, tuple))
        model = build_app_model(js)
        info["calls"] = sum(len(m.calls) for m in js)
        info["apps"] = len(model.apps)
        info["routes"] = sum(len(a.routes) for a in model)
    elif name == "scan":  # the static scan as `nodeward scan` runs it (auto jobs, the fact cache unless "nocache")
        from nodeward.engine import run_rules, select_rules
        from nodeward.facts import Facts
        from nodeward.settings import Settings

        settings = Settings(root=root, profile="audit", cache=mode != "nocache")
        facts = Facts(settings, project)
        stages = {}
        t = time.perf_counter()
        facts.collected("js")
        stages["js facts"] = time.perf_counter() - t
        t = time.perf_counter()
        facts.collected("app")
        stages["application model"] = time.perf_counter() - t
        t = time.perf_counter()
        result = run_rules(facts, select_rules(settings, ("static",)))
        stages["rules"] = time.perf_counter() - t
        info["stages"] = stages
        info["findings"] = len(result.findings)
        info["rule_errors"] = len(result.errors)
    else:
        raise SystemExit(f"unknown stage {stage}")
    info["wall"] = time.perf_counter() - t0
    info["cpu"] = cpu_now() - cpu0
    me, kids = peak_rss_mb()
    info["peak_mb"] = me
    info["peak_child_mb"] = kids
    return info


def stage(name: str, root: Path, env: dict[str, str]) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, __file__, "--stage", name, "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def line(label: str, info: dict[str, object]) -> None:
    files, size = int(info["files"]), int(info["bytes"])  # type: ignore[call-overload]
    wall, cpu = float(info["wall"]), float(info["cpu"])  # type: ignore[arg-type]
    rate = files / wall if wall else float("inf")
    mbs = size / 1e6 / wall if wall else float("inf")
    peak = f"peak RSS {float(info['peak_mb']):5.0f} MB"  # type: ignore[arg-type]
    if float(info["peak_child_mb"]) > 1:  # type: ignore[arg-type]
        peak += f" (largest worker {float(info['peak_child_mb']):4.0f} MB)"  # type: ignore[arg-type]
    cache = info.get("cache")
    extra = f"  [cache hits {cache['hits']}, entries {cache['entries']}]" if isinstance(cache, dict) else ""
    cpu_mbs = size / 1e6 / cpu if cpu else float("inf")
    print(
        f"{label:<40} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {rate:6.0f} files/s  {mbs:6.2f} MB/s "
        f"({cpu_mbs:5.2f} MB per CPU s)  {peak}{extra}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, help="install folder (kept); default: a temporary folder")
    ap.add_argument("--packages", nargs="*", default=DEFAULT_PACKAGES)
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.root)))
        return
    tmp = None
    if args.dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="nodeward-bench-")
        folder = Path(tmp.name)
    else:
        folder = args.dir
    install(folder, args.packages)
    root = folder / "node_modules"
    n = cpus()
    with tempfile.TemporaryDirectory(prefix="nodeward-bench-cache-") as cache_home:
        env = {**os.environ, "XDG_CACHE_HOME": cache_home}
        env.pop("NODEWARD_NO_CACHE", None)
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores ({n} usable)")
        info = stage("parse", root, env)
        print(
            f"tree: {info['files']} JS/TS files, {int(info['bytes']) / 1e6:.1f} MB "  # type: ignore[call-overload]
            f"({info['skipped']} skipped: minified, large...)"
        )
        line("tree-sitter parse only (1 process)", info)
        line("facts, no cache (1 process)", stage("facts:1:none", root, env))
        line(f"facts, no cache ({n} processes)", stage(f"facts:{n}:none", root, env))
        line("facts, cold cache: fill it (1 process)", stage("facts:1:cache", root, env))
        line("facts, warm cache (1 process)", stage("facts:1:cache", root, env))
        line(f"facts, warm cache ({n} processes)", stage(f"facts:{n}:cache", root, env))
        shutil_rmtree(Path(cache_home) / "nodeward")
        line(f"facts, cold cache: fill it ({n} processes)", stage(f"facts:{n}:cache", root, env))
        info = stage("model", root, env)
        line("index + application model", info)
        print(f"facts: {info['calls']} call sites, {info['apps']} app/router instances, {info['routes']} routes")
        shutil_rmtree(Path(cache_home) / "nodeward")
        for label, mode in (("no cache", "nocache"), ("cold cache", "cache"), ("warm cache", "cache")):
            info = stage(f"scan:{mode}", root, env)
            line(f"scan (static, {label})", info)
            stages = info["stages"]
            assert isinstance(stages, dict)
            print("    " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
        print(f"findings: {info['findings']}, rule errors: {info['rule_errors']}")
    if tmp is not None:
        tmp.cleanup()


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
