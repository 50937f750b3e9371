"""Library mode: a package that starts no server is scanned through its public API."""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.findings import Confidence

from conftest import scan, write_tree

LIB = """const { exec } = require('child_process');
function run(cmd) { exec('git ' + cmd); }
module.exports = { run };
"""
SERVER = """const express = require('express');
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(3000);
"""


def _manifest(**fields: object) -> str:
    return json.dumps({"name": "pkg", "version": "1.0.0", **fields})


def _nw1001(root: Path, **settings: object) -> list:
    report = scan(root, select=("NW1001",), **settings)
    return [f for f in report.findings if f.code == "NW1001"]


def test_a_package_with_main_and_no_server_is_scanned_as_a_library(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"package.json": _manifest(main="index.js"), "index.js": LIB})
    [finding] = _nw1001(root)
    assert (finding.location.path, finding.location.line) == ("index.js", 2)
    assert "library mode: reachable from the public API" in finding.message
    assert finding.confidence == Confidence.LOW


def test_a_package_that_starts_a_server_is_not_a_library(tmp_path: Path) -> None:
    files = {"package.json": _manifest(main="index.js"), "index.js": LIB, "server.js": SERVER}
    assert _nw1001(write_tree(tmp_path, files)) == []


def test_a_private_app_is_not_a_library_unless_the_profile_says_so(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"package.json": _manifest(main="index.js", private=True), "index.js": LIB})
    assert _nw1001(root) == []
    [finding] = _nw1001(root, profile="library")
    assert "library mode" in finding.message


def test_unexported_functions_are_not_the_api(tmp_path: Path) -> None:
    code = (
        "const { exec } = require('child_process');\nfunction run(cmd) { exec('git ' + cmd); }\nmodule.exports = {};\n"
    )
    root = write_tree(tmp_path, {"package.json": _manifest(main="index.js"), "index.js": code})
    assert _nw1001(root) == []


def test_index_js_is_the_entry_when_package_json_names_none(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"package.json": _manifest(), "index.js": LIB})
    [finding] = _nw1001(root)
    assert finding.location.line == 2
    app = {"package.json": _manifest(scripts={"start": "node index.js"}), "index.js": LIB}
    assert _nw1001(write_tree(tmp_path / "app", app)) == []
