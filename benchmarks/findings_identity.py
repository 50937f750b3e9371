"""Findings must not change when the scanner gets faster: scan the rule fixtures, the injection benchmark (corpus and
holdout, with score.py's own figures) and real application trees from npm, and diff (code, path, line) of every
finding (plus its message and the parse problems) against a baseline.

The baseline is either a saved JSON file, or computed by the code of a git ref on the same inputs (`--ref main`:
that commit's src/ is checked out into a temporary worktree and put first on PYTHONPATH), so the comparison is
always old code vs new code on today's fixtures. Every scan is cold (`--no-cache`), all rules, audit profile.
Usage:
    python benchmarks/findings_identity.py --ref main                  # old code vs this checkout
    python benchmarks/findings_identity.py --save benchmarks/x.json    # record this checkout's findings
    python benchmarks/findings_identity.py --against benchmarks/x.json # compare with a recording
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RULES = REPO / "tests" / "fixtures" / "rules"
INJECTION = HERE / "injection"
APPS = ("ghost@5.130.6", "@directus/api@23.3.2", "node-red@4.1.15")
INCLUDE = {"@directus/api@23.3.2": ("dist",)}  # its code ships only compiled, in dist/ (skipped by default)


def collect(apps_dir: Path) -> dict[str, object]:
    """Findings of every target, with whatever nodeward is importable (run in a child process)."""
    import dataclasses

    from nodeward.scan import scan_project
    from nodeward.settings import Settings

    sys.path.insert(0, str(HERE))
    from npm_app import fetch

    def scan(root: Path, include: tuple[str, ...] = ()) -> list[list[object]]:
        settings = dataclasses.replace(
            Settings(root=root, profile="audit"), cache=False, include=include, use_gitignore=False
        )
        report = scan_project(settings, str(root))
        rows: list[list[object]] = [
            [f.code, f.location.path if f.location else "", f.location.line if f.location else 0, f.message]
            for f in report.findings
            if f.code != "NW0201"  # the dependency audit is not the scanner's; it depends on the advisory store
        ]
        rows += [["problem", p.path, 0, p.message] for p in getattr(report, "problems", ())]
        rows += [["rule-error", str(e), 0, ""] for e in report.rule_errors]
        return sorted(rows, key=lambda r: (str(r[0]), str(r[1]), int(r[2]), str(r[3])))  # type: ignore[call-overload]

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="nodeward-identity-") as tmp:
        for fixture in sorted(RULES.iterdir()):
            if fixture.is_dir():
                for side in ("vulnerable", "safe"):
                    if (fixture / side).is_dir():
                        out[f"rules/{fixture.name}/{side}"] = scan(fixture / side)
            else:
                root = Path(tmp) / fixture.name
                root.mkdir()
                shutil.copy(fixture, root / _target_name(fixture))
                out[f"rules/{fixture.name}"] = scan(root)
    for part in ("corpus", "holdout"):
        out[f"injection/{part}"] = scan(INJECTION / part)
    for spec in APPS:
        out[f"app/{spec}"] = scan(fetch(spec, apps_dir), INCLUDE.get(spec, ()))
    return out


def _target_name(fixture: Path) -> str:
    """As tests/test_rule_fixtures.py names a line fixture in its project (`NW0101.Dockerfile` → `Dockerfile`)."""
    rest = fixture.name[len("NW0000") :]
    if rest.startswith(".") and rest[1:].lower() in {"dockerfile", "procfile", "jenkinsfile"}:
        return rest[1:]
    if rest.startswith(".") and "." in rest[1:] and rest[1:].split(".")[0] and not rest[1:].startswith("."):
        return rest[1:]
    return fixture.name


def scores(pythonpath: str | None) -> dict[str, str]:
    """score.py's printed table for the corpus and the holdout (timing lines left out)."""
    env = {**os.environ, "NODEWARD_NO_CACHE": "1"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    out = {}
    for flag in ([], ["--set", "holdout"]):
        proc = subprocess.run(
            [sys.executable, str(INJECTION / "score.py"), *flag], capture_output=True, text=True, env=env, check=False
        )
        lines = [x for x in proc.stdout.splitlines() if " s" not in x and "second" not in x]
        out["score " + (" ".join(flag) or "corpus")] = "\n".join(lines)
    return out


def run(pythonpath: str | None, apps_dir: Path) -> dict[str, object]:
    env = {**os.environ}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    proc = subprocess.run(
        [sys.executable, __file__, "--collect", "--apps", str(apps_dir)], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        raise SystemExit(f"collecting findings failed:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout)
    data.update(scores(pythonpath))
    return data


def diff(old: dict[str, object], new: dict[str, object]) -> int:
    bad = 0
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        bad += 1
        print(f"DIFFERENT: {key}")
        if isinstance(a, list) and isinstance(b, list):
            sa, sb = {json.dumps(x) for x in a}, {json.dumps(x) for x in b}
            for x in sorted(sa - sb)[:20]:
                print("  - " + x)
            for x in sorted(sb - sa)[:20]:
                print("  + " + x)
        else:
            print(f"  before: {a!r}\n  after:  {b!r}")
    n = sum(len(v) for v in new.values() if isinstance(v, list))
    print(f"{len(new)} targets, {n} findings/problems: " + ("IDENTICAL" if not bad else f"{bad} targets differ"))
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", help="compare with the code of this git ref")
    ap.add_argument("--against", type=Path, help="compare with a saved recording")
    ap.add_argument("--save", type=Path, help="record this checkout's findings here")
    ap.add_argument("--apps", type=Path, default=Path(tempfile.gettempdir()) / "nodeward-bench-apps")
    ap.add_argument("--collect", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.collect:
        json.dump(collect(args.apps), sys.stdout)
        return 0
    new = run(None, args.apps)
    if args.save:
        args.save.write_text(json.dumps(new, indent=0, sort_keys=True) + "\n")
        print(f"saved {args.save}")
    old = None
    if args.against:
        old = json.loads(args.against.read_text())
    elif args.ref:
        with tempfile.TemporaryDirectory(prefix="nodeward-ref-") as tmp:
            wt = Path(tmp) / "ref"
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "--detach", str(wt), args.ref],
                check=True,
                capture_output=True,
            )
            try:
                old = run(str(wt / "src"), args.apps)
            finally:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(wt)], check=False)
    return diff(old, new) if old is not None else 0


if __name__ == "__main__":
    raise SystemExit(main())
