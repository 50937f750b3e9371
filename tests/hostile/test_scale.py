"""Class: scale. The limits, stated: 200,000 files per scan (discovery stops with a notice), 200,000 packages per
lockfile (refused as "not audited" with a notice, NODEWARD_MAX_LOCKFILE_PACKAGES raises it), 64 MiB per lockfile,
2 MiB per source file (--max-file-size), 500,000 syntax nodes per JS/TS file (the top-level statements that fit are
analysed, with a notice; NODEWARD_MAX_JS_NODES), 5,000 .gitignore rules per tree. Linear below them.

Before: a lockfile with 1M entries took 102 s and 1.35 GB here; now it is refused in seconds. A 5,000-line file of
calls took 45 s and 930 MB; now a few seconds and under 300 MB, and a file past the node limit costs no more.
"""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.deps.lockfiles import LockfileError, parse_lockfile
from nodeward.js.extract import MAX_NODES_PER_FILE

from .generate import calls_file, huge_lockfile, many_files, write
from .harness import FINISH_BOUND, one_line_error, run_nodeward

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


CALLS_MEMORY_CAP_MB = 700  # measured: 155 MB for the 5,000-line file, 523 MB for the 2.36-million-node one


def _scan_json(root: Path, out: Path) -> tuple[object, dict]:
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--no-deps", "--format", "json", "-o", out)
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    return run, json.loads(out.read_text())


def test_a_5000_line_file_of_calls_is_analysed_whole_in_bounded_memory(tmp_path: Path) -> None:
    run, report = _scan_json(calls_file(tmp_path / "p", 5_000), tmp_path / "r.json")
    assert run.peak_mb < CALLS_MEMORY_CAP_MB, run
    assert not [p for p in report["problems"] if "syntax nodes" in p["message"]], report["problems"]
    assert any(f["location"]["path"] == "src/calls.js" for f in report["findings"]), report["findings"][:3]


def test_a_file_past_the_node_limit_is_cut_with_a_notice_in_bounded_memory(tmp_path: Path) -> None:
    run, report = _scan_json(calls_file(tmp_path / "p", 40_000, nested=True), tmp_path / "r.json")
    assert run.peak_mb < CALLS_MEMORY_CAP_MB, run
    [problem] = [p for p in report["problems"] if p["path"] == "src/calls.js"]
    assert f"syntax nodes, over the {MAX_NODES_PER_FILE:,} analysed per file: the first " in problem["message"]
    assert "top-level statements (to line " in problem["message"], problem


def test_the_node_limit_keeps_locations_and_is_configurable(tmp_path: Path, monkeypatch) -> None:
    from nodeward.js.extract import extract_module

    data = "".join(f"f{i}(a, b);\n" for i in range(100)).encode()
    whole = extract_module("a.js", str(tmp_path / "a.js"), data)
    monkeypatch.setenv("NODEWARD_MAX_JS_NODES", "60")
    cut = extract_module("a.js", str(tmp_path / "a.js"), data)
    assert whole.limited is None and len(whole.calls) == 100
    assert cut.limited is not None and "over the 60 analysed per file" in cut.limited
    assert 0 < len(cut.calls) < 100
    assert [c.location.line for c in cut.calls] == [c.location.line for c in whole.calls[: len(cut.calls)]]


def test_100k_tiny_files_finish_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """100k tiny files took 79 s; the bound here is on finishing at all (FINISH_BOUND x 3 for the generation load)."""
    root = many_files(tmp_path / "p", 100_000)
    run = run_nodeward(
        "scan", root, "--offline", "--no-cache", "--no-deps", "--format", "json", "-o", tmp_path / "r.json",
        timeout=FINISH_BOUND * 5,
    )  # fmt: skip
    assert run.rc in (0, 1, 3) and one_line_error(run) and run.peak_mb < 1500, run
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["files_scanned"] >= 100_000
