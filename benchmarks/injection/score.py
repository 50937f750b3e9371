"""Score nodeward's injection rules against the labeled corpus: precision, recall and F1 per category.

Labels are trailing comments on the sink line: `// vuln: <category>` (a finding of that category must be reported on
that line) and `// safe: <category>` (the safe twin: nothing of that category may be reported there). A finding of a
category on any line not labeled `vuln: <category>` counts as a false positive.

The "validation" category (missing input validation, NW1010) is scored only inside `corpus/validation/`: nearly every
handler elsewhere in the corpus also skips validation on purpose, to exercise one injection at a time.

Usage: python benchmarks/injection/score.py [--nodeward CMD] [--json REPORT.json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"  # --holdout scores HERE / "holdout", cases written after the analysis, never tuned on

# Rule code -> corpus category. Codes not listed here are ignored (other practices).
CATEGORY_OF = {
    "NW1201": "sql",
    "NW1202": "nosql",
    "NW1001": "command",
    "NW1002": "code",
    "NW1003": "path",
    "NW1004": "ssrf",
    "NW1005": "redirect",
    "NW1006": "xss",
    "NW1007": "prototype",
    "NW1008": "redos",
    "NW1009": "mass",
    "NW1010": "validation",
}
CATEGORIES = list(dict.fromkeys(CATEGORY_OF.values()))
SCOPED = {"validation": "validation/"}  # category -> the only corpus folder it is scored in
LABEL = re.compile(r"//\s*(vuln|safe):\s*([a-z, ]+)")
SUFFIXES = {".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".ejs"}


def read_labels() -> tuple[dict[tuple[str, int], set[str]], dict[str, int], dict[str, int]]:
    vulnerable: dict[tuple[str, int], set[str]] = defaultdict(set)
    n_vuln: dict[str, int] = defaultdict(int)
    n_safe: dict[str, int] = defaultdict(int)
    for file in sorted(CORPUS.rglob("*")):
        if file.suffix not in SUFFIXES:
            continue
        rel = file.relative_to(CORPUS).as_posix()
        for lineno, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            for kind, cats in LABEL.findall(text):
                for cat in (c.strip() for c in cats.split(",")):
                    if cat not in CATEGORIES:
                        sys.exit(f"{rel}:{lineno}: unknown category {cat!r}")
                    if kind == "vuln":
                        vulnerable[(rel, lineno)].add(cat)
                        n_vuln[cat] += 1
                    else:
                        n_safe[cat] += 1
    return vulnerable, n_vuln, n_safe


def run_nodeward(command: str) -> tuple[dict, float]:
    argv = [
        *shlex.split(command),
        "scan",
        str(CORPUS),
        "--profile",
        "default",
        "--format",
        "json",
        "--fail-on",
        "critical",
    ]
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"nodeward failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    report = json.loads(proc.stdout)
    for error in report.get("rule_errors") or []:
        print(f"rule error: {error}", file=sys.stderr)
    return report, elapsed


def findings_of(report: dict) -> list[tuple[str, str, int]]:
    out = []
    for f in report.get("findings", []):
        if f.get("suppressed") or f.get("suppression"):
            continue
        code = f.get("code") or f.get("rule", {}).get("code")
        loc = f.get("location", {})
        out.append((code, loc.get("path", ""), int(loc.get("line", 0))))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodeward", default=f"{shlex.quote(sys.executable)} -m nodeward", help="command to run")
    ap.add_argument("--json", type=Path, help="score an existing JSON report instead of running nodeward")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and false negatives")
    ap.add_argument("--holdout", action="store_true", help="score the held-out cases instead of the main corpus")
    args = ap.parse_args()
    global CORPUS
    if args.holdout:
        CORPUS = HERE / "holdout"

    vulnerable, n_vuln, n_safe = read_labels()
    if args.json:
        report, elapsed = json.loads(args.json.read_text()), None
    else:
        report, elapsed = run_nodeward(args.nodeward)

    reported: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for code, path, line in findings_of(report):
        cat = CATEGORY_OF.get(code)
        if cat is None:
            continue
        if cat in SCOPED and not path.startswith(SCOPED[cat]):
            continue
        reported[cat].add((path, line))

    rows = []
    tp_all = fp_all = fn_all = 0
    misses: list[str] = []
    for cat in CATEGORIES:
        expected = {key for key, cats in vulnerable.items() if cat in cats}
        got = reported[cat]
        tp, fp, fn = len(expected & got), len(got - expected), len(expected - got)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        misses += [f"FP {cat:10} {p}:{n}" for p, n in sorted(got - expected)]
        misses += [f"FN {cat:10} {p}:{n}" for p, n in sorted(expected - got)]
        rows.append((cat, n_vuln[cat], n_safe[cat], tp, fp, fn))

    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    print(f"{'category':12} {'vuln':>5} {'safe':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6} {'F1':>6}")
    for cat, nv, ns, tp, fp, fn in rows:
        p, r, f = prf(tp, fp, fn)
        print(f"{cat:12} {nv:5} {ns:5} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f:6.2f}")
    p, r, f = prf(tp_all, fp_all, fn_all)
    total_v, total_s = sum(n_vuln.values()), sum(n_safe.values())
    print(f"{'overall':12} {total_v:5} {total_s:5} {tp_all:4} {fp_all:4} {fn_all:4} {p:6.2f} {r:6.2f} {f:6.2f}")
    print(f"cases: {total_v + total_s} ({total_v} vulnerable, {total_s} safe twins)")
    if elapsed is not None:
        print(f"scan time: {elapsed:.2f} s (whole corpus, including interpreter start-up)")
    if args.verbose:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
