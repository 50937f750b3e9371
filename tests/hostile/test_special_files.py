"""Class: non-regular files under the names nodeward reads (FIFOs, /dev/zero links, links out of the tree).

Before: a FIFO named package.json (or any lockfile, .npmrc, a workspace manifest) blocked the scan forever; a link
to /dev/zero grew memory to 3.8 GB and ended in MemoryError. Now every read goes through nodeward.safe_files: the
file is reported as skipped (or the lockfile as not read) and the run finishes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nodeward.safe_files import UnsafeFile, read_bytes_in, read_head, read_regular_bytes

from .generate import KNOWN_NAMES, device_links, fifos, outside_links
from .harness import finishes, run_nodeward

MEMORY_CAP_MB = 400  # a scan of this small project peaks near 100 MB; /dev/zero read whole took 3.8 GB


def _scan(root: Path, out: Path) -> tuple[object, dict]:
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--format", "json", "-o", out)
    return run, json.loads(out.read_text()) if out.exists() else {}


@pytest.mark.parametrize(
    ("make", "reason"),
    [(fifos, "not a regular file (FIFO)"), (device_links, "symlink pointing outside the scanned folder")],
    ids=["fifo", "dev-zero"],
)
def test_scan_and_deps_finish_and_report_the_special_files(tmp_path: Path, make, reason: str) -> None:
    # The root package.json stays a real file: without one the folder is refused as "not a Node.js project".
    root = make(tmp_path / "evil", tuple(n for n in KNOWN_NAMES if n != "package.json"))
    run, report = _scan(root, tmp_path / "report.json")
    assert run.rc in (0, 1, 2, 3) and "Traceback" not in run.stderr, run
    assert run.peak_mb < MEMORY_CAP_MB, run
    if run.rc == 2:  # nodeward.toml itself is the special file: a one-line config error, as for any bad config
        assert run.stderr.count("\n") <= 2 and "nodeward.toml" in run.stderr, run
        os.remove(root / "nodeward.toml")
        run, report = _scan(root, tmp_path / "report.json")
        assert run.rc in (0, 1, 3) and "Traceback" not in run.stderr, run
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    for name in ("yarn.lock", "pnpm-lock.yaml", "bun.lock", ".github/workflows/ci.yml", "Dockerfile"):
        assert skipped.get(name) == reason, (name, skipped)
    deps = run_nodeward("deps", root, "--offline", "--format", "json")
    assert deps.rc in (1, 3) and "Traceback" not in deps.stderr and deps.peak_mb < MEMORY_CAP_MB, deps
    problems = json.loads(deps.stdout)["sections"]["deps"]["problems"]
    assert {p["path"] for p in problems} >= {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"}, problems
    assert all(reason in p["message"] for p in problems), problems


def test_a_special_root_package_json_is_a_one_line_refusal(tmp_path: Path) -> None:
    root = fifos(tmp_path / "evil", ("package.json",))
    run = run_nodeward("scan", root, "--offline", "--no-cache")
    assert run.rc == 2 and "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run


def test_links_out_of_the_tree_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("registry=https://attacker.invalid/\nNODE_ENV=production\nTOKEN-7f3a\n")
    root = outside_links(tmp_path / "evil", secret, tuple(n for n in KNOWN_NAMES if n != "nodeward.toml"))
    out = tmp_path / "report.json"
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--format", "json", "-o", out)
    assert run.rc in (0, 1, 3) and "Traceback" not in run.stderr, run
    assert "TOKEN-7f3a" not in out.read_text() and "attacker.invalid" not in out.read_text()


def test_the_reader_refuses_each_kind_with_its_reason(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "big").write_bytes(b"x" * 2000)
    (tmp_path / "ok").write_bytes(b"fine")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "out").symlink_to("/etc/hostname")
    reasons = {}
    for name in ("fifo", "zero", "big", "loop", "out", "missing"):
        with pytest.raises(UnsafeFile) as caught:
            read_bytes_in(tmp_path, name, cap=1000)
        reasons[name] = caught.value.reason
    assert reasons == {
        "fifo": "not a regular file (FIFO)",
        "zero": "symlink pointing outside the scanned folder",
        "big": "larger than 1000 bytes",
        "loop": "symlink loop",
        "out": "symlink pointing outside the scanned folder",
        "missing": "not found",
    }
    with pytest.raises(UnsafeFile, match=r"not a regular file \(character device\)"):
        read_regular_bytes("/dev/zero")
    assert read_bytes_in(tmp_path, "ok") == b"fine"
    assert read_head(tmp_path / "big", 10) == b"x" * 10


def test_a_call_source_read_goes_through_the_safe_reader(tmp_path: Path) -> None:
    """analysis/taint.py reads a call's text by offset: a file swapped for a FIFO since it was parsed is refused
    (an ordinary open() of it blocks forever), a regular one gives exactly the slice asked for."""
    from nodeward.analysis.taint import call_source
    from nodeward.safe_files import read_range

    (tmp_path / "a.js").write_bytes(b"0123456789abcdef")
    assert read_range(tmp_path / "a.js", 4, 6) == b"456789" and call_source(str(tmp_path / "a.js"), 10, 13) == "abc"
    os.mkfifo(tmp_path / "swapped.js")
    # no writer is ever attached: an ordinary open() never returns; the bound fails the test instead of hanging it
    assert finishes(lambda: call_source(str(tmp_path / "swapped.js"), 0, 100), 10) == ""
    (tmp_path / "zero.js").symlink_to("/dev/zero")
    assert call_source(str(tmp_path / "zero.js"), 0, 100) == ""


def test_no_file_is_opened_outside_the_safe_reader() -> None:
    """The class, not the instances: builtin open(), io.open and os.open appear nowhere in src/nodeward but in
    safe_files.py (Path.read_text/read_bytes on scanned content go through Project, whose reads are safe_files')."""
    import ast

    src = Path(__file__).resolve().parents[2] / "src" / "nodeward"
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if path.name == "safe_files.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if (isinstance(f, ast.Name) and f.id == "open") or (
                isinstance(f, ast.Attribute) and f.attr == "open" and isinstance(f.value, ast.Name)
                and f.value.id in ("os", "io", "builtins", "codecs")
            ):  # fmt: skip
                offenders.append(f"{path.relative_to(src)}:{node.lineno}")
    assert offenders == []
