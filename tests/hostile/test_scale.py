"""Class: scale. The limits, stated: 200,000 files per scan (discovery stops with a notice), 200,000 packages per
lockfile (refused as "not audited" with a notice, NODEWARD_MAX_LOCKFILE_PACKAGES raises it), 64 MiB per lockfile,
2 MiB per source file (--max-file-size), 5,000 .gitignore rules per tree. Linear below them.

Before: a lockfile with 1M entries took 102 s and 1.35 GB here; now it is refused in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.deps.lockfiles import LockfileError, parse_lockfile

from .generate import huge_lockfile, write
from .harness import one_line_error, run_nodeward

MEMORY_CAP_MB = 400


def test_a_lockfile_over_the_package_limit_is_refused_with_a_notice(tmp_path: Path) -> None:
    root = huge_lockfile(tmp_path / "p", 250_000)
    run = run_nodeward("deps", root, "--offline", "--format", "json")
    assert run.rc in (1, 3) and one_line_error(run) and run.peak_mb < MEMORY_CAP_MB, run
    [problem] = [p for p in json.loads(run.stdout)["sections"]["deps"]["problems"] if p["path"] == "package-lock.json"]
    assert "over the 200000 one audit reads: not audited" in problem["message"], problem


def test_the_package_limit_counts_parsed_packages_too(monkeypatch) -> None:
    monkeypatch.setenv("NODEWARD_MAX_LOCKFILE_PACKAGES", "3")
    text = "# yarn lockfile v1\n\n" + "".join(f'p{i}@^1.0.0:\n  version "1.0.0"\n\n' for i in range(5))
    try:
        parse_lockfile("yarn.lock", text)
    except LockfileError as exc:
        assert "over the 3 one audit reads" in exc.reason
    else:
        raise AssertionError("a lockfile over the limit was parsed")


def test_the_file_limit_stops_discovery_with_a_notice(tmp_path: Path, monkeypatch) -> None:
    from nodeward.collect import discover

    monkeypatch.setattr(discover, "MAX_FILES", 50)
    for i in range(80):
        write(tmp_path, f"src/f{i}.js", "module.exports = 1;\n")
    project = discover.discover_project(tmp_path)
    assert len(project.files) == 50
    assert any("file limit of 50 reached" in s.reason for s in project.skipped)
