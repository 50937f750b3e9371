"""Fetch a published npm package's tarball (`npm pack`, the registry npm is configured with) and unpack it: a real
application tree to benchmark on, never installed nor executed. Shared by scan_speed.py and findings_identity.py.

Default app: ghost 5.130.6 (the blogging platform's published server, JavaScript), minus `core/built/` (the admin
client's browser bundles, not server code): 1,536 JS files, 122k lines, 5.7 MB as nodeward discovers them.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

DEFAULT_APP = "ghost@5.130.6"
DROP = {"ghost": ("core/built",)}  # folders removed after unpacking (see above)


def registry() -> str:
    return subprocess.run(
        ["npm", "config", "get", "registry"], capture_output=True, text=True, check=True
    ).stdout.strip()


def fetch(spec: str, folder: Path) -> Path:
    """The unpacked tree of `spec` ("name@version") under `folder` (reused when already there)."""
    name = spec.rsplit("@", 1)[0] if spec.count("@") > (1 if spec.startswith("@") else 0) else spec
    dest = folder / spec.replace("/", "__")
    tree = dest / "package"
    if tree.is_dir():
        return tree
    dest.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--registry", registry()],
        cwd=dest,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    tarball = dest / out[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(dest, filter="data")
    tarball.unlink()
    for rel in DROP.get(name, ()):
        shutil.rmtree(tree / rel, ignore_errors=True)
    return tree
