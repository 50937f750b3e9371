"""Re-create the unpacked trees of the advisories benchmark: every package at its last vulnerable and first fixed
version, fetched with `npm pack` (from the registry `npm config get registry` names; never installed, no scripts,
never executed) and unpacked under the cache folder.

Usage: python benchmarks/advisories/fetch.py [--cache DIR] [--only PACKAGE ...]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLE = HERE / "advisories.tsv"
DEFAULT_CACHE = Path(os.environ.get("NODEWARD_ADVISORIES_CACHE", Path.home() / ".cache" / "nodeward-advisories"))


def rows(table: Path = TABLE) -> list[dict[str, str]]:
    with table.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["id"] and not r["id"].startswith("#")]


def tree_dir(cache: Path, package: str, version: str) -> Path:
    """Where package@version is unpacked (the tarball's `package/` folder)."""
    return cache / f"{package.replace('/', '__')}@{version}"


def registry() -> str:
    out = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def fetch(package: str, version: str, cache: Path, reg: str) -> Path:
    target = tree_dir(cache, package, version)
    if (target / "package.json").is_file():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [
                "npm",
                "pack",
                f"{package}@{version}",
                "--ignore-scripts",
                "--silent",
                "--registry",
                reg,
                "--pack-destination",
                tmp,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"npm pack {package}@{version}: {proc.stderr.strip()[-300:]}")
        tgz = next(Path(tmp).glob("*.tgz"))
        unpacked = Path(tmp) / "x"
        with tarfile.open(tgz) as tar:
            tar.extractall(unpacked, filter="data")  # no links out, no device files, no absolute paths
        root = next(p for p in unpacked.iterdir() if p.is_dir())  # usually package/, some old tarballs differ
        target.parent.mkdir(parents=True, exist_ok=True)
        root.rename(target)
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help=f"where trees are unpacked (default {DEFAULT_CACHE})"
    )
    ap.add_argument("--only", nargs="*", help="only these package names")
    args = ap.parse_args()
    reg = registry()
    failed = 0
    seen: set[tuple[str, str]] = set()
    for row in rows():
        if args.only and row["package"] not in args.only:
            continue
        for version in (row["vulnerable"], row["fixed"]):
            key = (row["package"], version)
            if key in seen:
                continue
            seen.add(key)
            try:
                print(fetch(row["package"], version, args.cache, reg))
            except (RuntimeError, StopIteration, tarfile.TarError) as err:
                failed += 1
                print(f"error: {err}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
