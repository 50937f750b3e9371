"""The dependency audit reads the discovered project: a lockfile or package.json that --exclude, .gitignore or the
test-folder rule keeps out of the scan is not audited either (before, deps walked the disk on its own)."""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.deps.audit import DepsOptions
from nodeward.scan import run_deps
from nodeward.settings import Settings

LOCK = {
    "name": "x",
    "lockfileVersion": 3,
    "requires": True,
    "packages": {"": {"name": "x", "dependencies": {"ms": "2.1.3"}}, "node_modules/ms": {"version": "2.1.3"}},
}


def project(root: Path) -> Path:
    for folder in ("", "services/api", "vendored/copy", "old-build"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "package.json").write_text(json.dumps({"name": "x", "dependencies": {"ms": "2.1.3"}}))
        (root / folder / "package-lock.json").write_text(json.dumps(LOCK))
    (root / ".gitignore").write_text("vendored/\n")
    return root


def test_excludes_and_gitignore_apply_to_the_dependency_audit(osv_store: Path, tmp_path: Path) -> None:
    root = project(tmp_path)
    settings = Settings(root=root, exclude=("old-build/**",))
    _report, audit = run_deps(settings, str(root), DepsOptions(offline=True, advisory_db=osv_store))
    assert [lf.path for lf in audit.lockfiles] == ["package-lock.json", "services/api/package-lock.json"]


def test_without_gitignore_the_ignored_lockfile_counts(osv_store: Path, tmp_path: Path) -> None:
    root = project(tmp_path)
    settings = Settings(root=root, use_gitignore=False)
    _report, audit = run_deps(settings, str(root), DepsOptions(offline=True, advisory_db=osv_store))
    assert sorted(lf.path for lf in audit.lockfiles) == [
        "old-build/package-lock.json",
        "package-lock.json",
        "services/api/package-lock.json",
        "vendored/copy/package-lock.json",
    ]
