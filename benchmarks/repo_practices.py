"""Time the manifest/CI collectors and practices 8, 11, 14, 15 on a generated monorepo; prints figures.

Usage: python benchmarks/repo_practices.py [PACKAGES] [WORKFLOWS]
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from nodeward.collect.discover import discover_project
from nodeward.facts import Facts
from nodeward.scan import scan_project
from nodeward.settings import Settings


def generate(root: Path, packages: int, workflows: int) -> None:
    (root / "package.json").write_text(
        json.dumps({"name": "mono", "workspaces": ["packages/*"], "devDependencies": {"eslint-plugin-security": "^3"}})
    )
    for i in range(packages):
        d = root / f"packages/p{i}"
        (d / "src").mkdir(parents=True)
        deps = {"express": "^4", "@sentry/node": "^8"}
        (d / "package.json").write_text(
            json.dumps({"name": f"p{i}", "scripts": {"lint": "eslint ."}, "dependencies": deps}, indent=2)
        )
        (d / ".eslintrc.json").write_text('{ "extends": ["plugin:security/recommended-legacy"] }\n')
        (d / "src/index.js").write_text(
            "const Sentry = require('@sentry/node');\nSentry.init({});\n"
            "const express = require('express');\nconst app = express();\napp.use(express.static('public'));\n"
        )
    wf = root / ".github/workflows"
    wf.mkdir(parents=True)
    job = (
        "  j{j}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: |\n          npm ci\n          npm run lint\n          npm audit --audit-level=high\n"
    )
    for i in range(workflows):
        (wf / f"w{i}.yml").write_text("on: [push]\njobs:\n" + "".join(job.format(j=j) for j in range(20)))


def main() -> None:
    packages = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    workflows = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, packages, workflows)
        project = discover_project(root)
        size = sum(f.size for f in project.files)
        facts = Facts(Settings(root=root), project)
        for kind in ("package-json", "eslint-configs", "ci-workflows", "dependency-update-configs"):
            started = time.perf_counter()
            items = facts.collected(kind)
            print(f"collect {kind:<28} {len(items):>6} items  {time.perf_counter() - started:6.3f} s")
        started = time.perf_counter()
        settings = Settings(root=root, select=("NW08", "NW11", "NW14", "NW15"))
        report = scan_project(settings, str(root))
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"scan NW08/NW11/NW14/NW15: {len(project.files)} files, {size / 1e6:.2f} MB, {elapsed:.2f} s "
            f"(includes JS extraction), {len(report.findings)} findings, {len(report.evidence)} evidence, "
            f"peak RSS {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
