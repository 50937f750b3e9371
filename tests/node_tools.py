"""Installing the test suite's own Node.js helpers and apps from their committed lockfiles (npm ci, no scripts)."""

from __future__ import annotations

import fcntl
import subprocess
import tempfile
from pathlib import Path


def npm_ci(folder: Path) -> None:
    """`npm ci --ignore-scripts` in `folder`, once: node_modules stays there (git-ignored) until the lockfile changes.

    pytest-xdist workers share the folder, so the install runs under an exclusive file lock.
    """
    marker = folder / "node_modules" / ".package-lock.json"
    lock = folder / "package-lock.json"
    lock_path = Path(tempfile.gettempdir()) / f"nodeward-npm-{abs(hash(str(folder.resolve())))}.lock"
    with lock_path.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if marker.is_file() and marker.stat().st_mtime >= lock.stat().st_mtime:
            return
        done = subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm ci failed in {folder}: {done.stderr[-2000:]}")
