"""Shared test helpers: run nodeward in-process on a folder or on a few files written to a temporary project."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from nodeward.report import Report
from nodeward.scan import scan_project
from nodeward.settings import Settings

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
TEST_DATA = REPO / "tests" / "data"  # copies of outside files the tests need (tests/data/README.md says whence)
SARIF_SCHEMA = TEST_DATA / "sarif-schema-2.1.0.json"


def missing_tools_fail() -> bool:
    """Under CI=true a missing tool is a missing install step: the test that needs it fails instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_tool(*names: str, why: str) -> str:
    """The path of the first of `names` on PATH. Else the test skips on a developer's machine and fails in CI.

    Every test that needs node, npm, chromium or openssl asks through here (one place decides)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' or '.join(names)} is needed {why} (.ci/run installs it)"
    if missing_tools_fail():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Caches (the JS/TS fact cache, the advisory store default) and the user-level config go to temporary folders,
    never the real home; subprocesses started by tests inherit them."""
    cache = tmp_path_factory.mktemp("xdg-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(cache))
    # The user-level config (~/.config/nodeward/config.toml) of whoever runs the suite never changes a test.
    mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    mp.delenv("NODEWARD_TRUST_CONFIG", raising=False)
    yield cache
    mp.undo()


@pytest.fixture(autouse=True)
def _no_inherited_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-xdist workers run with COLUMNS=80, and a piped nodeward honours $COLUMNS: tests see what a plain pipe
    gets unless they set a width themselves."""
    monkeypatch.delenv("COLUMNS", raising=False)


def scan(root: Path, **settings: object) -> Report:
    base = Settings(root=root, profile="audit")
    return scan_project(dataclasses.replace(base, **settings), str(root))


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Iterator[callable]:
    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "project", files)

    yield make
