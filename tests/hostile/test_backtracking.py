"""Class: regular-expression backtracking on scanned content, and `**`/`*`-heavy .gitignore globs.

Before: 100k spaces in a GitHub workflow took 3 min 40 s, .eslintrc 2 min 42 s, renovate.json 2 min 44 s, bun.lock
1 min 30 s, Kubernetes YAML 42 s; `deps` on a lockfile with a 40k-space version 79 s and with a 1 MB version did not
finish in 10 minutes; `**`-heavy .gitignore lines hung discovery for over 3 minutes. Now each finishes in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.collect.discover import discover_project, matches_glob
from nodeward.collect.globs import GlobError, compile_glob

from . import regex_audit
from .generate import gitignore_bomb, pumped_project, restart_project, spaced_version_lockfile
from .harness import FINISH_BOUND, finishes, one_line_error, run_nodeward

MEMORY_CAP_MB = 600  # the pumped project is 38 MB of text; the scan peaks near 150 MB


def test_every_pattern_in_the_source_is_linear_on_its_attack_strings() -> None:
    """Each pattern given to `re` in src/nodeward, on attack strings of 50,000 characters built for its
    repetitions: a linear pattern takes milliseconds, a quadratic one (like the old ones) minutes."""
    seconds, where, pattern = regex_audit.slowest(50_000)
    assert seconds < 3.0, f"{where}: {pattern!r} took {seconds:.1f} s on a 50k-character attack"


def test_a_project_of_long_space_and_digit_runs_scans_in_bounded_time(tmp_path: Path) -> None:
    root = pumped_project(tmp_path / "pumped", 100_000)
    out = tmp_path / "report.json"
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--format", "json", "-o", out)
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    assert run.seconds < FINISH_BOUND and run.peak_mb < MEMORY_CAP_MB, run
    report = json.loads(out.read_text())
    assert report["summary"]["files_scanned"] >= 40


def test_openers_without_closers_in_every_json_and_yaml_file_finish(tmp_path: Path, osv_store_path: Path) -> None:
    """`"\\` and `/* ` repeated a million characters long in lockfiles (bun, pnpm, npm), ESLint configs and
    renovate.json, and 100,000-space runs in a bun.lock: the restart attack the audit above now builds too."""
    root = restart_project(tmp_path / "restart", 1_000_000)
    out = tmp_path / "r.json"
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--advisory-db", osv_store_path, "--format", "json",
                       "-o", out)  # fmt: skip
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    assert run.seconds < FINISH_BOUND and run.peak_mb < MEMORY_CAP_MB, run
    deps = run_nodeward("deps", root, "--offline", "--advisory-db", osv_store_path, "--format", "json")
    assert deps.rc in (1, 3) and one_line_error(deps) and deps.peak_mb < MEMORY_CAP_MB, deps
    problems = {p["path"] for p in json.loads(deps.stdout)["sections"]["deps"]["problems"]}
    assert {"bun.lock", "pnpm-lock.yaml", "package-lock.json", "pkg0/bun.lock", "pkg1/pnpm-lock.yaml"} <= problems


@pytest.mark.parametrize(("n", "pump"), [(40_000, " "), (1_000_000, " "), (1_000_000, "0")])
def test_deps_on_hostile_versions_finishes_with_one_line(tmp_path: Path, osv_store_path: Path, n: int, pump: str):
    root = spaced_version_lockfile(tmp_path / "lock", n, pump)
    run = run_nodeward("deps", root, "--offline", "--advisory-db", osv_store_path, "--format", "json")
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    assert run.peak_mb < MEMORY_CAP_MB, run


def test_gitignore_bomb_and_bad_range_are_linear_and_reported(tmp_path: Path) -> None:
    root = gitignore_bomb(tmp_path / "gi")
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--format", "json", "-o", tmp_path / "r.json")
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    skipped = json.loads((tmp_path / "r.json").read_text())["skipped"]
    assert any(s["path"] == ".gitignore" and "bad character range z-a" in s["reason"] for s in skipped), skipped
    assert any(s["path"] == ".gitignore" and "longer than 1024" in s["reason"] for s in skipped), skipped
    project = finishes(lambda: discover_project(root))
    assert "app.js" in {f.path for f in project.files}


def test_glob_semantics_survive_the_rewrite() -> None:
    assert compile_glob("**/foo").match("a/b/foo") and compile_glob("**/foo").match("foo")
    assert compile_glob("a/**/b").match("a/b") and compile_glob("a/**/b").match("a/x/y/b")
    assert not compile_glob("*.js").match("src/a.js") and compile_glob("src/*.js").match("src/a.js")
    assert compile_glob("[!a]?c").match("bbc") and not compile_glob("[!a]?c").match("abc")
    assert compile_glob("*a*a*a*a*a*a*a*b").match("a" * 60 + "b")
    # the backtracking case (exponential for a regex translation): linear here, bounded by the harness
    assert not finishes(lambda: compile_glob("*a*a*a*a*a*a*a*b").match("a" * 5000), 10)
    assert matches_glob("packages/api/src/x.js", ["packages/api"]) and matches_glob("x/y.min.js", ["*.min.js"])
    with pytest.raises(GlobError, match="bad character range z-a"):
        compile_glob("[z-a]")


def test_gitignore_rules_past_the_limit_are_unused_with_a_notice(tmp_path: Path) -> None:
    from nodeward.collect.discover import MAX_IGNORE_RULES

    root = gitignore_bomb(tmp_path / "gi", lines=MAX_IGNORE_RULES, width=2)  # 2 rules per line: twice the limit
    project = discover_project(root)
    assert any(f"more than {MAX_IGNORE_RULES} ignore rules" in s.reason for s in project.skipped), project.skipped
