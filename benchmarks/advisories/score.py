"""Score nodeward on published npm advisories: is the flaw reported in the last vulnerable version, at the right
place, and is it gone from the first fixed version?

Each row of advisories.tsv names a package, its last vulnerable and first fixed version, and the vulnerable
lines (`file:line,line;file:line`, found by diffing the two tarballs). A row is *found* when an injection finding
(practices 10 and 12: NW10xx, NW12xx) is reported in the vulnerable tree in the same file within ±3 lines of one of
those lines; it is *still flagged* when such a finding is reported in the fixed tree within ±3 lines of where those
lines went (mapped through the diff of the two files). Trees come from fetch.py (`npm pack`, never installed,
never executed); nodeward runs with `--offline --no-deps` in the default and the audit profile.

Usage: python benchmarks/advisories/score.py [--cache DIR] [--profile default|audit|both] [--nodeward CMD] [-v]
                                             [--only PACKAGE ...]
"""

from __future__ import annotations

import argparse
import difflib
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fetch  # sibling script

NEAR = 3


def locations(spec: str) -> list[tuple[str, list[int]]]:
    out = []
    for part in spec.split(";"):
        file, lines = part.rsplit(":", 1)
        out.append((file, [int(n) for n in lines.split(",")]))
    return out


def scan(command: str, tree: Path, profile: str) -> tuple[list[tuple[str, str, int]], float]:
    argv = [*shlex.split(command), "scan", str(tree), "--profile", profile, "--format", "json"]
    argv += ["--fail-on", "never", "--offline", "--no-deps"]
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        print(f"nodeward failed on {tree} ({proc.returncode}): {proc.stderr.strip()[:300]}", file=sys.stderr)
        return [], elapsed
    report = json.loads(proc.stdout)
    found = []
    for f in report.get("findings", []):
        code = f.get("code") or ""
        if f.get("suppressed") or f.get("suppression") or not code.startswith(("NW10", "NW12")):
            continue
        loc = f.get("location") or {}
        found.append((code, loc.get("path", ""), int(loc.get("line") or 0)))
    return found, elapsed


def mapped_lines(old: Path, new: Path, lines: list[int]) -> list[int]:
    """Where each line of old went in new: the same line in an unchanged block, the start of the replacement."""
    if not old.is_file() or not new.is_file():
        return []
    a = old.read_text(encoding="utf-8", errors="replace").splitlines()
    b = new.read_text(encoding="utf-8", errors="replace").splitlines()
    out = []
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for n in lines:
            if i1 < n <= i2:
                out.append(j1 + (n - 1 - i1) + 1 if tag == "equal" else j1 + 1)
    return sorted(set(out))


def hits(found: list[tuple[str, str, int]], file: str, lines: list[int]) -> list[str]:
    return [
        f"{code}@{line}" for code, path, line in found if path == file and any(abs(line - n) <= NEAR for n in lines)
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=fetch.DEFAULT_CACHE)
    ap.add_argument("--profile", choices=["default", "audit", "both"], default="both")
    ap.add_argument("--nodeward", default=f"{shlex.quote(sys.executable)} -m nodeward")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the findings at each place")
    ap.add_argument("--only", nargs="+", metavar="PACKAGE", help="score only the rows of these packages")
    args = ap.parse_args()
    profiles = ["default", "audit"] if args.profile == "both" else [args.profile]
    reg = None
    reports: dict[tuple[Path, str], list[tuple[str, str, int]]] = {}
    total_time = 0.0

    def report_of(tree: Path, profile: str) -> list[tuple[str, str, int]]:
        nonlocal total_time
        if (tree, profile) not in reports:
            reports[(tree, profile)], elapsed = scan(args.nodeward, tree, profile)
            total_time += elapsed
        return reports[(tree, profile)]

    rows = [r for r in fetch.rows() if not args.only or r["package"] in args.only]
    header = f"{'advisory':22} {'package':22} {'category':10}"
    for p in profiles:
        header += f" {p + ':found':>14} {'fixed-flagged':>13} {'any-in-tree':>11}"
    print(header)
    totals = {
        p: [0, 0, 0] for p in profiles
    }  # found, still flagged in fixed (of all rows), vuln trees with any finding
    details: list[str] = []
    for row in rows:
        trees = []
        for version in (row["vulnerable"], row["fixed"]):
            tree = fetch.tree_dir(args.cache, row["package"], version)
            if not (tree / "package.json").is_file():
                reg = reg or fetch.registry()
                tree = fetch.fetch(row["package"], version, args.cache, reg)
            trees.append(tree)
        vuln_tree, fixed_tree = trees
        line = f"{row['id']:22} {row['package'][:22]:22} {row['category']:10}"
        for p in profiles:
            in_vuln, in_fixed = report_of(vuln_tree, p), report_of(fixed_tree, p)
            found_at, fixed_at = [], []
            for file, lines in locations(row["locations"]):
                found_at += hits(in_vuln, file, lines)
                fixed_at += hits(in_fixed, file, mapped_lines(vuln_tree / file, fixed_tree / file, lines))
            totals[p][0] += bool(found_at)
            totals[p][1] += bool(fixed_at)
            totals[p][2] += bool(in_vuln)
            line += f" {'yes' if found_at else 'no':>14} {'yes' if fixed_at else 'no':>13} {len(in_vuln):11}"
            if found_at or fixed_at:
                details.append(
                    f"{p:7} {row['id']} vulnerable: {' '.join(found_at) or '-'}  fixed: {' '.join(fixed_at) or '-'}"
                )
        print(line)
    n = len(rows)
    print()
    for p in profiles:
        found, flagged, anywhere = totals[p]
        print(
            f"{p}: found in vulnerable at the right place {found}/{n} ({found / n:.0%}); "
            f"still flagged in fixed {flagged}/{n} ({flagged / n:.0%}); "
            f"vulnerable trees with any injection finding {anywhere}/{n}"
        )
    print(f"scan time: {total_time:.1f} s for {len(reports)} scans")
    if args.verbose:
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
