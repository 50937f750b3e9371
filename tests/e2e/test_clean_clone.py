"""The README's first two commands in a clean copy of the repository, with no shared/ reference folder beside it.

The copy holds exactly what a clone would (`git ls-files` tracked and untracked-but-not-ignored files, so work not
yet committed is tested too). Installing into a fresh venv would re-download every dependency; instead the copy's
own `src/` is put first on the path of this interpreter (whose dependencies pip installed) and checked to be the
code that runs. Bounded: the example scan, and the tests that once read files from outside the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, require_tool

# Tests that once needed a file from outside the repository (the SARIF schema), run from the copy.
SELF_CONTAINED_TESTS = [
    "tests/test_engine_and_cli.py::test_sarif_validates_and_has_what_code_scanning_needs",
    "tests/test_reporters.py",
    "tests/deps/test_expected_matches.py::test_deps_sarif_validates_against_the_schema",
]


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("git", why="to list the files a clone holds")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    dest = tmp_path_factory.mktemp("clone") / "nodeward"
    for rel in filter(None, (name.decode() for name in listed)):
        source = REPO / rel
        if source.is_file():  # a file deleted but not yet committed is listed too
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    assert not dest.parent.joinpath("shared").exists()
    return dest


def run_in(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_copy_runs_its_own_code(clean_copy: Path) -> None:
    proc = run_in(clean_copy, "-c", "import nodeward; print(nodeward.__file__)")
    assert Path(proc.stdout.strip()).is_relative_to(clean_copy), proc.stdout + proc.stderr


def test_readme_first_command_scans_the_example(clean_copy: Path) -> None:
    readme = (clean_copy / "README.md").read_text()
    assert "nodeward scan examples/express-app" in readme
    proc = run_in(clean_copy, "-m", "nodeward", "scan", "examples/express-app", "--no-deps")
    assert proc.returncode == 1, proc.stderr  # it fails several practices on purpose
    assert "Scorecard: 15 practices" in proc.stdout and proc.stderr == ""


def test_readme_second_command_needs_nothing_outside_the_repository(clean_copy: Path) -> None:
    proc = run_in(clean_copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *SELF_CONTAINED_TESTS)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " skipped" not in proc.stdout.splitlines()[-1]


def test_no_test_points_outside_the_repository() -> None:
    """Cheap guard beside the copy: no test names the team's reference folder or climbs above the repository."""
    outside = re.compile(r"""REPO\.parent|\.\./shared|/work/|parents\[[3-9]\]|parent\.parent\.parent""")
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "tests").rglob("*.py")
        if "fixtures" not in path.parts and path.name != Path(__file__).name and outside.search(path.read_text())
    ]
    assert offenders == []
