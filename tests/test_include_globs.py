"""--include/--exclude globs: `dir/**`, deeper globs into excluded folders, and an include that matches nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.cli import main
from nodeward.collect.discover import discover_project

from conftest import write_tree

TREE = {
    "package.json": "{}",
    "src/app.js": "x\n",
    "examples/shop/src/server.js": "x\n",
    "examples/shop/README.js": "x\n",
    "node_modules/lib/index.js": "x\n",
    "scripts/build.js": "x\n",
}


@pytest.mark.parametrize(
    ("include", "added"),
    [
        ("examples/**", {"examples/shop/src/server.js", "examples/shop/README.js"}),
        ("examples", {"examples/shop/src/server.js", "examples/shop/README.js"}),
        ("examples/*/src/*.js", {"examples/shop/src/server.js"}),
        ("**/src/server.js", {"examples/shop/src/server.js"}),
        ("node_modules/lib/**", {"node_modules/lib/index.js"}),
    ],
)
def test_include_globs_reach_into_excluded_folders(tmp_path: Path, include: str, added: set[str]) -> None:
    root = write_tree(tmp_path, TREE)
    base = {"package.json", "src/app.js", "scripts/build.js"}
    project = discover_project(root, includes=(include,))
    assert {f.path for f in project.files} == base | added
    assert project.notices == []


def test_exclude_dir_glob_excludes_the_folder(tmp_path: Path) -> None:
    root = write_tree(tmp_path, TREE)
    project = discover_project(root, excludes=("scripts/**",))
    assert {f.path for f in project.files} == {"package.json", "src/app.js"}


def test_an_include_that_matches_nothing_is_reported(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path, TREE)
    with pytest.raises(SystemExit):
        main(["scan", str(root), "--no-deps", "--include", "exampels/**", "--format", "json", "--exit-zero"])
    report = json.loads(capsys.readouterr().out)
    assert "--include 'exampels/**' matched no file nodeward reads" in report["notices"]
