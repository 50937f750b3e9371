"""Run nodeward over a corpus of real Node.js servers and libraries from the npm registry and print, per package,
files, seconds, files/s and peak memory, then per-rule finding counts, rule errors and parse problems.

The corpus is installed into a temporary folder (or --dir) and never executed: `npm install --ignore-scripts` for the
packages whose dependencies are small, `npm pack` (the published tarball alone, unpacked) for the big applications.
Each scan runs as its own `nodeward scan PATH --format json --offline` process, so its peak RSS is measured alone.
Usage:
    python benchmarks/realworld/run.py                          # temporary folder, default profile
    python benchmarks/realworld/run.py --dir /tmp/corpus        # reuse (or create) an install folder
    python benchmarks/realworld/run.py --profile audit --only ghost nodebb
    python benchmarks/realworld/run.py --keep-reports /tmp/reports   # keep each JSON report for review
    python benchmarks/realworld/run.py --warm                   # let scans use the JS fact cache (default: cold)
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Versions pinned so figures can be compared between runs. "install": npm install --ignore-scripts into one shared
# node_modules; "pack": the tarball alone (these applications pull hundreds of MB of dependencies we do not scan).
# `include` re-includes folders that discovery skips by default (published packages often ship their code in build/).


@dataclass(frozen=True)
class CorpusPackage:
    name: str
    version: str
    how: str  # "install" or "pack"
    include: tuple[str, ...] = ()


CORPUS = (
    CorpusPackage("verdaccio", "6.8.0", "install", ("build",)),
    CorpusPackage("@verdaccio/middleware", "8.0.5", "install", ("build",)),
    CorpusPackage("@verdaccio/auth", "8.0.4", "install", ("build",)),
    CorpusPackage("node-red", "4.1.15", "install"),
    CorpusPackage("@node-red/runtime", "4.1.15", "install"),
    CorpusPackage("@node-red/editor-api", "4.1.15", "install"),
    CorpusPackage("parse-server", "9.10.0", "install"),
    CorpusPackage("json-server", "0.17.4", "install"),
    CorpusPackage("koa", "3.3.0", "install"),
    CorpusPackage("fastify", "5.12.8", "install"),
    CorpusPackage("@hapi/hapi", "21.4.10", "install"),
    CorpusPackage("express", "5.3.0", "install"),
    CorpusPackage("@nestjs/core", "12.5.1", "install"),
    CorpusPackage("nodebb", "1.4.0", "install"),
    CorpusPackage("ghost", "5.130.6", "pack"),
    CorpusPackage("ep_etherpad-lite", "1.8.14", "pack"),
    CorpusPackage("keystone", "4.2.1", "pack"),
    CorpusPackage("sails", "1.5.18", "pack"),
    CorpusPackage("loopback", "3.28.0", "pack"),
    CorpusPackage("express-generator", "4.16.1", "pack"),
)


def install(corpus: Path, packages: list[CorpusPackage]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    wanted = [p for p in packages if p.how == "install" and not (corpus / "node_modules" / p.name).is_dir()]
    if wanted:
        if not (corpus / "package.json").exists():
            (corpus / "package.json").write_text('{"name": "nodeward-realworld-corpus", "private": true}\n')
        specs = [f"{p.name}@{p.version}" for p in wanted]
        print(f"npm install --ignore-scripts {' '.join(specs)}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", *specs],
            cwd=corpus,
            check=True,
        )
    packed = corpus / "packed"
    packed.mkdir(exist_ok=True)
    for p in packages:
        if p.how != "pack" or (packed / f"{p.name}-{p.version}").is_dir():
            continue
        print(f"npm pack {p.name}@{p.version}", file=sys.stderr)
        out = subprocess.run(
            ["npm", "pack", "--silent", f"{p.name}@{p.version}"], cwd=packed, check=True, capture_output=True, text=True
        )
        tgz = packed / out.stdout.strip().splitlines()[-1]
        dest = packed / f"{p.name}-{p.version}"
        with tarfile.open(tgz) as tar:
            tar.extractall(dest, filter="data")
        tgz.unlink()


def package_dir(corpus: Path, p: CorpusPackage) -> Path:
    if p.how == "pack":
        return corpus / "packed" / f"{p.name}-{p.version}" / "package"
    return corpus / "node_modules" / p.name


def source_size(root: Path) -> tuple[int, int]:
    """JS files and MB below a package folder, its own node_modules excluded."""
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "node_modules"]
        for name in filenames:
            if name.endswith((".js", ".cjs", ".mjs", ".ts", ".jsx", ".tsx")):
                files += 1
            with contextlib.suppress(OSError):
                size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def scan(
    path: Path, profile: str, include: tuple[str, ...], timeout: float, warm: bool = False
) -> tuple[dict | None, float, int, str]:
    """One scan in its own process: (report, seconds, peak RSS in KiB, stderr tail). Cold (no fact cache) unless
    `warm`."""
    cmd = [sys.executable, "-m", "nodeward", "scan", str(path), "--profile", profile, "--format", "json"]
    cmd += ["--fail-on", "never", "--offline"]
    for glob in include:
        cmd += ["--include", glob]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        env = dict(os.environ)
        if not warm:
            env["NODEWARD_NO_CACHE"] = "1"
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        try:
            report = json.loads(out.read() or b"null")
        except json.JSONDecodeError:
            report = None
    if seconds > timeout:
        stderr = f"timed out after {timeout:.0f} s\n" + stderr
    return report, seconds, usage.ru_maxrss, stderr.strip()[-300:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, help="install folder to reuse or create (default: a temporary one)")
    ap.add_argument("--profile", default="default", choices=["default", "audit"])
    ap.add_argument("--only", nargs="*", help="package names to run (default: all)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per package scan")
    ap.add_argument("--keep-reports", type=Path, help="write each JSON report into this folder")
    ap.add_argument("--warm", action="store_true", help="use the JS fact cache (figures are cold by default)")
    args = ap.parse_args()
    packages = [p for p in CORPUS if not args.only or p.name in args.only]
    with tempfile.TemporaryDirectory(prefix="nodeward-realworld-") as tmp:
        corpus = args.dir or Path(tmp)
        install(corpus, packages)
        per_rule: collections.Counter[str] = collections.Counter()
        errors: list[str] = []
        problems: list[str] = []
        totals = [0, 0.0, 0]  # files, seconds, bytes
        print(f"{'package':<32} {'js':>5} {'MB':>6} {'scanned':>7} {'skip':>5} {'s':>6} {'files/s':>8} {'peak MB':>8}")
        for p in packages:
            root = package_dir(corpus, p)
            js_files, size = source_size(root)
            report, seconds, peak_kib, stderr = scan(root, args.profile, p.include, args.timeout, args.warm)
            label = f"{p.name}@{p.version}"
            if report is None:
                print(f"{label:<32} NO REPORT: {stderr}")
                errors.append(f"{label}: no report ({stderr.splitlines()[-1] if stderr else 'empty output'})")
                continue
            if args.keep_reports:
                args.keep_reports.mkdir(parents=True, exist_ok=True)
                name = label.replace("/", "_").replace("@", "_")
                (args.keep_reports / f"{name}.json").write_text(json.dumps(report, indent=1))
            scanned = report["summary"]["files_scanned"]
            totals[0] += scanned
            totals[1] += seconds
            totals[2] += size
            rate = scanned / seconds if seconds else 0.0
            print(
                f"{label:<32} {js_files:>5} {size / 1e6:>6.1f} {scanned:>7} {len(report['skipped']):>5} "
                f"{seconds:>6.1f} {rate:>8.0f} {peak_kib / 1024:>8.0f}"
            )
            per_rule.update(f["code"] for f in report["findings"] if f.get("suppression") is None)
            errors += [f"{label}: {e.get('code')}: {e.get('message')}" for e in report.get("rule_errors", [])]
            problems += [f"{label}: {x['path']}: {x['message']}" for x in report.get("problems", [])]
            if "Traceback" in stderr:
                errors.append(f"{label}: traceback on stderr: {stderr}")
        rate = totals[0] / totals[1] if totals[1] else 0.0
        print(f"{'TOTAL':<32} {'':>5} {totals[2] / 1e6:>6.1f} {totals[0]:>7} {'':>5} {totals[1]:>6.1f} {rate:>8.0f}")
        print(f"\nfindings per rule ({args.profile} profile):")
        for code, n in sorted(per_rule.items()):
            print(f"  {code}  {n}")
        print(f"\nrule errors ({len(errors)}):")
        for e in errors:
            print(f"  {e}")
        print(f"\nparse problems ({len(problems)}):")
        for line in problems[:50]:
            print(f"  {line}")
        if len(problems) > 50:
            print(f"  ... and {len(problems) - 50} more")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
