"""Score nodeward's injection rules against the labeled corpus: precision, recall and F1 per category.

Labels are trailing comments on the sink line: `// vuln: <category>` (a finding of that category must be reported on
that line) and `// safe: <category>` (the safe twin: nothing of that category may be reported there). A finding of a
category on any line not labeled `vuln: <category>` counts as a false positive.

The "validation" category (missing input validation, NW1010) is scored only inside `corpus/validation/`: nearly every
handler elsewhere in the corpus also skips validation on purpose, to exercise one injection at a time.

`--set blind2` scores the second blind set (issue 13): more categories (xxe, deserialization, header, cors, csp,
cookie, secret, crypto, exposure; a category no rule maps to yet still counts, with recall 0), labels in template
comment syntax (`<%# vuln: xss %>`, `//- vuln: xss` on the line before a Pug line, `{{!-- vuln: xss --}}`,
`{{! vuln: xss }}`, `{# vuln: xss #}`), a rule that may credit more than one category (NW1002 code injection also
credits a line labelled `deserialization`), and one scan per project folder (each folder of blind2 with its own
package.json, so that library packages under `library/<pkg>/` are scanned, and their mode decided, one by one).

Usage: python benchmarks/injection/score.py [--set corpus|holdout|blind|blind2] [--profile default|audit]
                                            [--nodeward CMD] [--json REPORT.json] [-v]
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

# blind2 only (the other sets keep the table above, so their figures do not move). Rule code -> the categories it
# may credit, first = the category a finding on an unlabelled line counts against. Chosen from `nodeward rules` and
# `nodeward explain CODE` (what a user sees), not from the analysis code.
BLIND2_CATEGORIES_OF: dict[str, tuple[str, ...]] = {
    **{code: (cat,) for code, cat in CATEGORY_OF.items()},
    "NW1002": ("code", "deserialization"),  # code injection: eval/vm/Function, what unsafe deserializers end in
    "NW1008": ("redos", "nosql"),  # regex injection, documented to cover MongoDB $regex
    "NW1011": ("redos",),  # catastrophic regex literal (audit profile)
    "NW1013": ("header",),  # request data in a response header
    "NW1014": ("xxe",),  # XML parsed with external entities substituted
    "NW1015": ("deserialization",),  # node-serialize/funcster/js-yaml 3 load of request data
    "NW1016": ("cors",),  # request Origin reflected in Access-Control-Allow-Origin with credentials
    "NW0404": ("cors",),  # any origin with credentials
    "NW0405": ("cors",),  # wide-open CORS on an authenticated API (audit profile)
    "NW0402": ("csp",),  # helmet protection switched off (the nearest CSP rule)
    "NW0406": ("csp",),  # hand-written (or helmet) CSP with unsafe-inline / unsafe-eval / wildcard script sources
    "NW0901": ("cookie",),
    "NW0902": ("cookie",),
    "NW0903": ("cookie",),
    "NW0605": ("secret",),  # hard-coded session/cookie/JWT secret
    "NW0611": ("secret",),  # hard-coded default password (a literal fallback)
    "NW0612": ("secret",),  # hard-coded credential of another system (OAuth client secret, DB password, API key)
    "NW0613": ("secret",),  # token in a documented format (AWS, GitHub, Stripe...) or a private key in the code
    "NW0614": ("crypto",),  # createCipher without IV, ECB, static IV, broken cipher
    "NW0724": ("exposure",),  # process.env or the whole configuration sent to the client
    "NW0601": ("crypto",),  # fast hash of a password
    "NW0608": ("crypto",),  # Math.random secret
    "NW0720": ("exposure",),  # error handler leaks details
    "NW0723": ("exposure",),  # response includes password hash (audit profile)
}
BLIND2_CATEGORIES = list(
    dict.fromkeys(
        [*CATEGORIES, "xxe", "deserialization", "header", "cors", "csp", "cookie", "secret", "crypto", "exposure"]
    )
)
# JS comments, Pug `//-`, EJS `<%# %>`, Handlebars `{{!-- --}}` / `{{! }}`, Mustache `{{! }}`, Nunjucks `{# #}`.
BLIND2_LABEL = re.compile(r"(?://-?|<%#|\{\{!(?:--)?|\{#)\s*(vuln|safe):\s*([a-z, ]+)")
BLIND2_SUFFIXES = SUFFIXES | {".mts", ".cts", ".pug", ".hbs", ".handlebars", ".njk", ".mustache", ".html"}
NEXT_LINE_SUFFIXES = {".pug"}  # a comment cannot share a line with markup: a label alone on a line marks the next


def read_labels(
    label: re.Pattern[str] = LABEL, suffixes: set[str] = SUFFIXES, categories: list[str] = CATEGORIES
) -> tuple[dict[tuple[str, int], set[str]], dict[str, int], dict[str, int]]:
    vulnerable: dict[tuple[str, int], set[str]] = defaultdict(set)
    n_vuln: dict[str, int] = defaultdict(int)
    n_safe: dict[str, int] = defaultdict(int)
    for file in sorted(CORPUS.rglob("*")):
        if file.suffix not in suffixes or "node_modules" in file.parts:
            continue
        rel = file.relative_to(CORPUS).as_posix()
        lines = file.read_text(encoding="utf-8").splitlines()
        for lineno, text in enumerate(lines, 1):
            for kind, cats in label.findall(text):
                target = lineno
                if file.suffix in NEXT_LINE_SUFFIXES and label.match(text.strip()):
                    target = next((n for n in range(lineno + 1, len(lines) + 1) if lines[n - 1].strip()), lineno)
                for cat in (c.strip() for c in cats.split(",")):
                    if cat not in categories:
                        sys.exit(f"{rel}:{lineno}: unknown category {cat!r}")
                    if kind == "vuln":
                        vulnerable[(rel, target)].add(cat)
                        n_vuln[cat] += 1
                    else:
                        n_safe[cat] += 1
    return vulnerable, n_vuln, n_safe


def run_nodeward(
    command: str, root: Path | None = None, profile: str = "default", extra: tuple[str, ...] = ()
) -> tuple[dict, float]:
    argv = [
        *shlex.split(command),
        "scan",
        str(root or CORPUS),
        "--profile",
        profile,
        "--format",
        "json",
        "--fail-on",
        "critical",
        *extra,
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


def project_roots(base: Path) -> list[Path]:
    """Folders under base with their own package.json and no such folder above them (below base)."""
    roots: list[Path] = []
    for manifest in sorted(base.rglob("package.json")):
        folder = manifest.parent
        if "node_modules" in folder.parts or folder == base:
            continue
        if not any(folder.is_relative_to(r) for r in roots):
            roots.append(folder)
    return roots


def run_projects(command: str, profile: str) -> tuple[dict, float]:
    """Scan each project folder of the set on its own and merge the reports, paths made relative to the set."""
    merged: dict = {"findings": [], "rule_errors": [], "notices": {}}
    total = 0.0
    for root in project_roots(CORPUS):
        report, elapsed = run_nodeward(command, root, profile, ("--offline", "--no-deps"))
        total += elapsed
        prefix = root.relative_to(CORPUS).as_posix()
        for f in report.get("findings", []):
            loc = f.get("location") or {}
            if loc.get("path"):
                loc["path"] = f"{prefix}/{loc['path']}"
            merged["findings"].append(f)
        merged["rule_errors"] += report.get("rule_errors") or []
        merged["notices"][prefix] = report.get("notices") or []
    return merged, total


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
    ap.add_argument(
        "--set",
        dest="case_set",
        choices=["corpus", "holdout", "blind", "blind2"],
        help="which labeled set to score (its folder)",
    )
    ap.add_argument("--profile", choices=["default", "audit"], default="default", help="nodeward profile to scan with")
    args = ap.parse_args()
    global CORPUS
    if args.holdout:
        CORPUS = HERE / "holdout"
    if args.case_set:
        CORPUS = HERE / args.case_set
    per_project = args.case_set == "blind2"

    if per_project:
        categories = BLIND2_CATEGORIES
        categories_of = BLIND2_CATEGORIES_OF
        vulnerable, n_vuln, n_safe = read_labels(BLIND2_LABEL, BLIND2_SUFFIXES, BLIND2_CATEGORIES)
    else:
        categories = CATEGORIES
        categories_of = {code: (cat,) for code, cat in CATEGORY_OF.items()}
        vulnerable, n_vuln, n_safe = read_labels()
    if args.json:
        report, elapsed = json.loads(args.json.read_text()), None
    elif per_project:
        report, elapsed = run_projects(args.nodeward, args.profile)
    else:
        report, elapsed = run_nodeward(args.nodeward, profile=args.profile)

    reported: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for code, path, line in findings_of(report):
        cats = categories_of.get(code)
        if cats is None:
            continue
        labelled = vulnerable.get((path, line), set())
        cat = next((c for c in cats if c in labelled), cats[0])
        if cat in SCOPED and not path.startswith(SCOPED[cat]):
            continue
        reported[cat].add((path, line))

    rows = []
    tp_all = fp_all = fn_all = 0
    misses: list[str] = []
    for cat in categories:
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

    w = max(12, max(len(c) for c in categories) + 1)
    print(f"{'category':{w}} {'vuln':>5} {'safe':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6} {'F1':>6}")
    for cat, nv, ns, tp, fp, fn in rows:
        p, r, f = prf(tp, fp, fn)
        print(f"{cat:{w}} {nv:5} {ns:5} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f:6.2f}")
    p, r, f = prf(tp_all, fp_all, fn_all)
    total_v, total_s = sum(n_vuln.values()), sum(n_safe.values())
    print(f"{'overall':{w}} {total_v:5} {total_s:5} {tp_all:4} {fp_all:4} {fn_all:4} {p:6.2f} {r:6.2f} {f:6.2f}")
    print(f"cases: {total_v + total_s} ({total_v} vulnerable, {total_s} safe twins)")
    print(f"profile: {args.profile}")
    if elapsed is not None:
        print(f"scan time: {elapsed:.2f} s (whole corpus, including interpreter start-up)")
    if per_project:
        print_by_folder(vulnerable, reported)
    if args.verbose:
        print("\n".join(misses))
        for project, notices in (report.get("notices") or {}).items() if per_project else ():
            for notice in notices:
                print(f"notice {project}: {notice}")
    return 0


def print_by_folder(vulnerable: dict[tuple[str, int], set[str]], reported: dict[str, set[tuple[str, int]]]) -> None:
    """Recall and false positives per project folder (library packages one by one): where the misses are."""
    folders: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # vulnerable sinks, found, false positives
    for (path, _line), cats in vulnerable.items():
        for cat in cats:
            folders[folder_of(path)][0] += 1
            folders[folder_of(path)][1] += (path, _line) in reported[cat]
    for cat, got in reported.items():
        for path, line in got:
            if cat not in vulnerable.get((path, line), set()):
                folders[folder_of(path)][2] += 1
    print(f"\n{'project folder':32} {'vuln':>5} {'found':>5} {'FP':>4} {'recall':>6}")
    for name in sorted(folders):
        nv, found, fp = folders[name]
        print(f"{name:32} {nv:5} {found:5} {fp:4} {found / nv if nv else 1.0:6.2f}")


def folder_of(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "library" else parts[0]


if __name__ == "__main__":
    raise SystemExit(main())
