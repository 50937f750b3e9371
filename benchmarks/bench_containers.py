"""Figures for the container parsers: files/s on a generated deployment tree, and time to reject hostile YAML.

Run: .venv/bin/python benchmarks/bench_containers.py [N]   (N services, default 500)
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from nodeward.collect import safe_yaml
from nodeward.scan import scan_project
from nodeward.settings import Settings

DOCKERFILE = """# syntax=docker/dockerfile:1
ARG NODE_VERSION=20
FROM node:${{NODE_VERSION}}-alpine AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci && \\
    npm cache clean --force
COPY . .
RUN <<EOF
npm run build
EOF

FROM node:${{NODE_VERSION}}-alpine
ENV NODE_ENV=production PORT={port}
WORKDIR /app
COPY --from=build --chown=node:node /app/dist ./dist
USER {user}
CMD ["node", "dist/server.js"]
"""

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
spec:
  replicas: 2
  template:
    spec:
      securityContext:
        runAsNonRoot: {non_root}
      containers:
        - name: svc-{i}
          image: registry.invalid/acme/svc-{i}:1.0.0
          env:
            - name: NODE_ENV
              value: production
            - name: PORT
              value: "{port}"
---
apiVersion: v1
kind: Service
metadata:
  name: svc-{i}
spec:
  ports: [{{port: 80, targetPort: {port}}}]
"""


def build_tree(root: Path, n: int) -> int:
    compose = ["services:"]
    for i in range(n):
        d = root / "services" / f"svc-{i}"
        d.mkdir(parents=True)
        (d / "Dockerfile").write_text(DOCKERFILE.format(port=3000 + i, user="node" if i % 3 else "root"))
        (root / "k8s").mkdir(exist_ok=True)
        (root / "k8s" / f"svc-{i}.yaml").write_text(
            MANIFEST.format(i=i, port=3000 + i, non_root="true" if i % 2 else "false")
        )
        compose += [f"  svc-{i}:", f"    build: ./services/svc-{i}", "    environment:", "      NODE_ENV: production"]
    (root / "docker-compose.yml").write_text("\n".join(compose) + "\n")
    return sum(1 for p in root.rglob("*") if p.is_file())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build_tree(root, n)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        settings = dataclasses.replace(Settings(root=root), select=("NW01", "NW07"))
        started = time.perf_counter()
        report = scan_project(settings, str(root))
        elapsed = time.perf_counter() - started
        tracemalloc.start()  # a second run for memory: tracemalloc slows the first one's timing down several times
        scan_project(settings, str(root))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"deployment tree: {files} files, {size / 1e6:.2f} MB, {elapsed:.2f} s "
            f"({files / elapsed:.0f} files/s), {len(report.findings)} findings, peak {peak / 1e6:.1f} MB (tracemalloc)"
        )

    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    for name, text in (
        ("billion laughs", bomb),
        ("10,000-deep flow nesting", "[" * 10_000 + "]" * 10_000),
        ("10,000-deep block nesting", "".join(" " * i + f"k{i}:\n" for i in range(10_000))),
    ):
        started = time.perf_counter()
        try:
            safe_yaml.compose_documents(text)
            outcome = "accepted (!)"
        except safe_yaml.YamlProblem as exc:
            outcome = f"rejected: {exc}"
        print(f"{name}: {(time.perf_counter() - started) * 1000:.1f} ms, {outcome}")


if __name__ == "__main__":
    main()
