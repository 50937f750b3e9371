"""Parse time and peak memory of each lockfile parser on synthetic lockfiles of N packages (default 3,000)."""

from __future__ import annotations

import json
import sys
import time
import tracemalloc

from nodeward.deps.lockfiles import parse_lockfile


def names(count: int) -> list[tuple[str, str, list[str]]]:
    """A layered graph: package i depends on up to 3 packages of higher index."""
    out = []
    for i in range(count):
        deps = [f"pkg-{j}" for j in (i * 2 + 1, i * 2 + 2, i + 7) if j < count]
        out.append((f"pkg-{i}" if i % 10 else f"@scope/pkg-{i}", f"1.{i % 50}.{i % 7}", deps))
    return out


def fix(name: str) -> str:
    return name if not name.startswith("pkg-") or int(name[4:]) % 10 else f"@scope/{name}"


def package_lock(pkgs) -> str:
    packages = {"": {"name": "bench", "dependencies": {fix(n): v for n, v, _ in [pkgs[0]]}}}
    for name, version, deps in pkgs:
        packages[f"node_modules/{name}"] = {
            "version": version,
            "resolved": f"https://npm.registry.invalid/{name}/-/{name.split('/')[-1]}-{version}.tgz",
            "integrity": "sha512-x",
            "dependencies": {fix(d): "*" for d in deps},
        }
    packages[""]["dependencies"] = {pkgs[i][0]: pkgs[i][1] for i in range(0, len(pkgs), 50)}
    return json.dumps({"name": "bench", "lockfileVersion": 3, "packages": packages}, indent=2)


def pnpm_lock(pkgs) -> str:
    versions = {n: v for n, v, _ in pkgs}
    lines = ["lockfileVersion: '9.0'", "", "importers:", "", "  .:", "    dependencies:"]
    for i in range(0, len(pkgs), 50):
        lines += [f"      '{pkgs[i][0]}':", f"        specifier: {pkgs[i][1]}", f"        version: {pkgs[i][1]}"]
    lines += ["", "packages:", ""]
    for name, version, _ in pkgs:
        lines += [f"  '{name}@{version}':", "    resolution: {integrity: sha512-x}", ""]
    lines += ["snapshots:", ""]
    for name, version, deps in pkgs:
        lines.append(f"  '{name}@{version}':" + ("" if deps else " {}"))
        if deps:
            lines.append("    dependencies:")
            lines += [f"      '{fix(d)}': {versions[fix(d)]}" for d in deps]
        lines.append("")
    return "\n".join(lines)


def yarn_lock(pkgs) -> str:
    versions = {n: v for n, v, _ in pkgs}
    lines = ["# yarn lockfile v1", ""]
    for name, version, deps in pkgs:
        lines += [f'"{name}@{version}":', f'  version "{version}"', "  integrity sha512-x"]
        if deps:
            lines.append("  dependencies:")
            lines += [f'    "{fix(d)}" "{versions[fix(d)]}"' for d in deps]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 3000
    pkgs = names(count)
    pkgs = [(fix(n), v, d) for n, v, d in pkgs]
    for file_name, text in (
        ("package-lock.json", package_lock(pkgs)),
        ("pnpm-lock.yaml", pnpm_lock(pkgs)),
        ("yarn.lock", yarn_lock(pkgs)),
    ):
        started = time.perf_counter()
        lockfile = parse_lockfile(file_name, text)
        elapsed = time.perf_counter() - started
        tracemalloc.start()  # a second run for memory: tracing slows parsing down several times
        parse_lockfile(file_name, text)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{file_name:18} {len(text) / 1e6:6.2f} MB  {len(lockfile.packages):5d} packages  "
            f"{elapsed * 1000:7.1f} ms  peak {peak / 1e6:6.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
