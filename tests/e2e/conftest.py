"""Fixtures of the end-to-end tests: a running Node.js app to probe, and a project big enough to interrupt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require_tool, write_tree
from node_tools import npm_ci
from probe.conftest import APPS, start_app


@pytest.fixture(scope="module")
def probe_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The insecure Express test app, installed from its lockfile and started with node on 127.0.0.1."""
    require_tool("node", why="to run the app the probe audits")
    require_tool("npm", why="to install the app the probe audits")
    npm_ci(APPS / "express-insecure")
    app = start_app(APPS, "express-insecure", "production", tmp_path_factory.mktemp("e2e-app"))
    try:
        yield f"http://127.0.0.1:{app.port}/"
    finally:
        app.stop()


@pytest.fixture(scope="session")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough JavaScript that a scan without the fact cache runs for seconds: time to press Ctrl-C."""
    handler = "const express = require('express');\nconst r = express.Router();\n" + "".join(
        f"r.get('/p{i}', (req, res) => {{ res.send(String(req.query.q{i}).trim()); }});\n" for i in range(60)
    )
    files = {"package.json": '{"name": "big", "dependencies": {"express": "^4.21.0"}}'}
    files.update({f"src/m{i:04d}.js": handler + f"module.exports = r; // {i}\n" for i in range(1500)})
    return write_tree(tmp_path_factory.mktemp("big"), files)
