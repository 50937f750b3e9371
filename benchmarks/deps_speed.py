"""Dependency audit speed: a package-lock.json of >= 2,000 packages against a store of >= 10,000 advisories.

Usage: python benchmarks/deps_speed.py [--packages 2000] [--advisories 10000] [--seed 7]

The store holds the 45 real GitHub advisories of tests/fixtures/deps/osv-npm plus synthetic records in OSV shape
(several affected entries, introduced/fixed/last_affected events, aliases, prereleases). Prints the build time of the
store, then parse time, match time (store query + OSV matching + fix plans, i.e. the whole `run_deps_audit`), and
peak memory. Target: parse + match under one second on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from nodeward.deps.advisories.store import OfflineStore, import_osv  # noqa: E402
from nodeward.deps.audit import DepsOptions, run_deps_audit  # noqa: E402
from nodeward.deps.lockfiles import parse_lockfile  # noqa: E402

REAL = REPO / "tests" / "fixtures" / "deps" / "osv-npm"
REAL_PACKAGES = {"lodash": "4.17.4", "minimist": "0.0.8", "qs": "6.5.1", "express": "4.17.1", "moment": "2.29.1"}


def version(rng: random.Random) -> str:
    v = f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"
    return v + (f"-beta.{rng.randint(0, 5)}" if rng.random() < 0.03 else "")


def synthetic_lockfile(n: int, rng: random.Random) -> str:
    packages: dict[str, dict] = {"": {"name": "bench-app", "version": "1.0.0", "dependencies": {}}}
    names = [f"bench-pkg-{i:05d}" for i in range(n - len(REAL_PACKAGES))]
    for name, ver in REAL_PACKAGES.items():
        packages[""]["dependencies"][name] = ver
        packages[f"node_modules/{name}"] = {"version": ver, "integrity": "sha512-x", "license": "MIT"}
    for i, name in enumerate(names):
        entry: dict = {"version": version(rng), "integrity": "sha512-x", "license": "MIT"}
        if i < 300:
            packages[""]["dependencies"][name] = "^" + entry["version"]
        else:
            parent = names[rng.randrange(0, 300)]
            packages.setdefault(f"node_modules/{parent}", {}).setdefault("dependencies", {})[name] = entry["version"]
        if rng.random() < 0.2:
            entry["dev"] = True
        packages[f"node_modules/{name}"] = {**packages.get(f"node_modules/{name}", {}), **entry}
    doc = {"name": "bench-app", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": packages}
    return json.dumps(doc, indent=2)


def synthetic_records(n: int, package_count: int, rng: random.Random) -> list[dict]:
    records = []
    for i in range(n):
        name = f"bench-pkg-{rng.randrange(0, package_count * 3):05d}"  # a third of them name installed packages
        affected = []
        for _ in range(rng.randint(1, 3)):
            lo, hi = sorted([version(rng), version(rng)], key=lambda v: [int(x) for x in v.split("-")[0].split(".")])
            closing = {"fixed": hi} if rng.random() < 0.85 else {"last_affected": hi}
            events = [{"introduced": "0" if rng.random() < 0.3 else lo}, closing]
            ranges = [{"type": "ECOSYSTEM", "events": events}]
            affected.append({"package": {"ecosystem": "npm", "name": name}, "ranges": ranges})
        records.append(
            {
                "schema_version": "1.4.0",
                "id": f"GHSA-bnch-{i:04x}-{rng.randrange(0, 0xFFFF):04x}",
                "modified": "2025-01-01T00:00:00Z",
                "aliases": [f"CVE-2099-{i:05d}"] + ([f"CVE-2099-{i - 1:05d}"] if i and rng.random() < 0.02 else []),
                "summary": "synthetic advisory for the benchmark",
                "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
                "affected": affected,
                "database_specific": {"severity": rng.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"])},
            }
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=2000)
    parser.add_argument("--advisories", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        osv = work / "osv"
        osv.mkdir()
        for real in REAL.glob("*.json"):
            (osv / real.name).write_bytes(real.read_bytes())
        for record in synthetic_records(args.advisories, args.packages, rng):
            (osv / f"{record['id']}.json").write_text(json.dumps(record))
        store = work / "advisories.sqlite3"
        t0 = time.perf_counter()
        stats = import_osv(osv, store)
        build_s = time.perf_counter() - t0
        project = work / "project"
        project.mkdir()
        text = synthetic_lockfile(args.packages, rng)
        (project / "package-lock.json").write_text(text)
        (project / "package.json").write_text(json.dumps({"name": "bench-app", "dependencies": {}}))

        options = DepsOptions(offline=True, advisory_db=store)
        # Timed pass (no tracing: tracemalloc slows Python code several times over).
        t0, c0 = time.perf_counter(), time.process_time()
        lockfile = parse_lockfile("package-lock.json", text)
        parse_s, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
        t1, c1 = time.perf_counter(), time.process_time()
        audit = run_deps_audit(project, options, lockfiles=[lockfile])
        match_s, match_cpu = time.perf_counter() - t1, time.process_time() - c1
        # Memory pass: the same work again under tracemalloc, with cold caches.
        from nodeward.deps import semver

        semver.sort_key.cache_clear()
        semver.parse.cache_clear()
        tracemalloc.start()
        run_deps_audit(project, options, lockfiles=[parse_lockfile("package-lock.json", text)])
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert audit.unavailable is None and audit.answer is not None
        records = OfflineStore(store).status().records

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"store: {records} advisories ({stats.records} imported, {stats.skipped} skipped), built in {build_s:.2f} s")
    print(f"lockfile: {len(lockfile.packages)} packages ({len(text) / 1e6:.1f} MB package-lock.json v3)")
    print(f"parse time: {parse_s * 1000:.0f} ms wall, {parse_cpu * 1000:.0f} ms CPU")
    found = f"{len(audit.answer.advisories)} advisories read for {audit.packages_checked} name@version"
    print(
        f"match time: {match_s * 1000:.0f} ms wall, {match_cpu * 1000:.0f} ms CPU ({found}, "
        f"{len(audit.vulnerabilities)} vulnerable copies)"
    )
    total_cpu = (parse_cpu + match_cpu) * 1000
    print(f"total (parse + match): {(parse_s + match_s) * 1000:.0f} ms wall, {total_cpu:.0f} ms CPU (target < 1000 ms)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak memory: {peak / 1e6:.1f} MB traced (Python allocations), {rss_mb:.0f} MB max RSS (whole process)")


if __name__ == "__main__":
    main()
