"""Score nodeward's practice verdicts against the hand labels of the verdict corpus; prints the table and the share.

Each app is scanned as its own `nodeward scan PATH --offline --no-deps --format json` process (practice 2 is not
scored: see README.md). A cell is right when nodeward's verdict equals the label.

Usage:
    python benchmarks/verdicts/score.py                 # fetches what is missing into the cache, then scores
    python benchmarks/verdicts/score.py --only thelounge --show thelounge   # also list the findings behind verdicts
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from fetch import app_path, default_cache, fetch  # noqa: E402

from apps import APPS, App  # noqa: E402

SCORED = tuple(p for p in range(1, 16) if p != 2)
SHORT = {"holds": "H", "fails": "F", "unknown": "?", "n/a": "-", "not-applicable": "-"}


def labels() -> dict[tuple[str, int], tuple[str, str]]:
    with (HERE / "labels.tsv").open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {(r["app"], int(r["practice"])): (r["label"], r["reason"]) for r in rows}


def scan(app: App, path: Path) -> dict:
    command = [sys.executable, "-m", "nodeward", "scan", str(path), "--offline", "--no-deps", "--format", "json"]
    command += [arg for folder in app.include for arg in ("--include", folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"nodeward failed on {app.id} (exit {done.returncode}): {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout)


def verdict(status: str) -> str:
    return "n/a" if status == "not-applicable" else status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--show", nargs="*", default=(), help="apps whose wrong cells are explained with findings")
    options = parser.parse_args()
    expected = labels()
    right = total = 0
    careful_false_fails: list[str] = []
    wrong: list[str] = []
    header = f"{'app':<22}" + "".join(f"{p:>5}" for p in SCORED) + "   right"
    print("cells: label/nodeward (H holds, F fails, ? unknown, - n/a), ✓ right, ✗ wrong; practice 2 not scored\n")
    print(header)
    for app in APPS:
        if options.only and app.id not in options.only:
            continue
        path = app_path(app, options.cache)
        if not path.is_dir():
            path = fetch(app, options.cache)
        report = scan(app, path)
        got = {p["practice"]: verdict(p["status"]) for p in report["scorecard"]}
        cells = []
        app_right = 0
        for practice in SCORED:
            label, reason = expected[(app.id, practice)]
            mine = got.get(practice, "unknown")
            ok = mine == label
            app_right += ok
            cells.append(f"{SHORT[label]}/{SHORT[mine]}{'✓' if ok else '✗'}")
            if not ok:
                decided = next((p for p in report["scorecard"] if p["practice"] == practice), {})
                why = ", ".join(decided.get("decided_by", ())) or "; ".join(decided.get("notes", ()))[:120]
                wrong.append(f"{app.id} P{practice}: label {label}, nodeward {mine} [{why}] — label: {reason}")
                if app.careful and mine == "fails":
                    careful_false_fails.append(f"{app.id} P{practice}")
        right += app_right
        total += len(SCORED)
        print(
            f"{app.id + ('*' if app.careful else ''):<22}"
            + "".join(f"{c:>5}" for c in cells)
            + f"   {app_right}/{len(SCORED)}"
        )
        if app.id in options.show:
            for f in report["findings"]:
                loc = f.get("location") or {}
                print(f"    {f['code']} {loc.get('path', '')}:{loc.get('line', '')} {f['message'][:110]}")
    print(f"\n* careful app. Share right: {right}/{total} = {right / total:.1%}")
    print(f"Wrong 'fails' on careful apps: {len(careful_false_fails)} {' '.join(careful_false_fails)}")
    print("\nWrong cells:")
    for line in wrong:
        print("  " + line)


if __name__ == "__main__":
    main()
