"""Hostile inputs, generated (no committed blobs): each function writes one attack into a folder.

Used by tests/hostile/ and runnable by hand to reproduce an attack:

    python tests/hostile/generate.py pumped-workflow /tmp/evil 100000
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

# Names every scan or dependency audit opens by name, not only by discovery.
KNOWN_NAMES = (
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    ".npmrc",
    "nodeward.toml",
    ".gitignore",
    "Dockerfile",
    ".nvmrc",
    ".well-known/security.txt",
    ".eslintrc.json",
    ".github/workflows/ci.yml",
    "renovate.json",
    "packages/app/package.json",  # a workspace's manifest
)

BASE_MANIFEST = {
    "name": "hostile",
    "version": "1.0.0",
    "workspaces": ["packages/*"],
    "dependencies": {"express": "^4.18.2"},
}


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def base_project(root: Path) -> Path:
    """A small ordinary project the attacks are added to (so that the rest of a scan has something to do)."""
    write(root, "package.json", json.dumps(BASE_MANIFEST, indent=2))
    write(root, "app.js", "const express = require('express');\nconst app = express();\napp.listen(3000);\n")
    return root


def _replace_with(root: Path, rel: str, make: Callable[[Path], None]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    make(path)


def fifos(root: Path, names: tuple[str, ...] = KNOWN_NAMES) -> Path:
    """A FIFO under every known name: an ordinary open() of any of them blocks forever."""
    base_project(root)
    for rel in names:
        _replace_with(root, rel, lambda p: os.mkfifo(p))
    return root


def device_links(root: Path, names: tuple[str, ...] = KNOWN_NAMES, device: str = "/dev/zero") -> Path:
    """Every known name a symlink to /dev/zero: an ordinary read() grows memory until MemoryError."""
    base_project(root)
    for rel in names:
        _replace_with(root, rel, lambda p: p.symlink_to(device))
    return root


def outside_links(root: Path, secret: Path, names: tuple[str, ...] = KNOWN_NAMES) -> Path:
    """Every known name a symlink to a file outside the scanned folder (which must not be read)."""
    base_project(root)
    for rel in names:
        _replace_with(root, rel, lambda p: p.symlink_to(secret))
    return root


# --- backtracking: long runs of spaces and digits behind the words each reader looks for -------------------------

# Per file, the prefixes a reader's patterns look for; each line is `prefix + pump * n + tail`.
PUMPED_FILES: dict[str, tuple[str, ...]] = {
    ".github/workflows/ci.yml": ("", "- ", "  - run: npm", "node-version:", "  - uses: ", "    run: npx", "name:"),
    ".gitlab-ci.yml": ("", "script:", "  - npm"),
    ".travis.yml": ("", "node_js:", "script: npm"),
    ".eslintrc": ("", '{"plugins": ["', '{"extends": "', "plugin:", "security/"),
    ".eslintrc.json": ("", '{"plugins": ["', "eslint-plugin-"),
    "renovate.json": ("", '{"extends": ["', "config:", '"vulnerabilityAlerts":'),
    ".github/dependabot.yml": ("", "package-ecosystem:", "  - "),
    "k8s/deployment.yaml": ("", "- name:", "  - name: NODE_ENV", "runAsUser:", "image:", "value:"),
    "docker-compose.yml": ("", "NODE_ENV:", "user:", "- NODE_ENV="),
    "Dockerfile": ("", "FROM node:", "USER", "ENV NODE_ENV", "CMD node", "RUN npm", "HEALTHCHECK"),
    ".npmrc": ("", "registry=", "audit=", "//host/:_authToken="),
    ".nvmrc": ("",),
    ".well-known/security.txt": ("", "Contact:", "Expires:", "Encryption:"),
    "Procfile": ("", "web:", "web: node"),
    "nginx.conf": ("", "listen", "ssl_protocols"),
    ".env": ("", "NODE_ENV=", "SESSION_SECRET="),
    "config/default.json": ("", '{"port":', '"env":'),
}
PUMPS = (" ", "0", "\t", "a", "-", "0.")


def pumped_lines(prefixes: tuple[str, ...], n: int, pumps: tuple[str, ...] = PUMPS) -> str:
    lines = []
    for prefix in prefixes:
        for pump in pumps:
            lines.append(prefix + pump * (n // len(pump)) + "!")
    return "\n".join(lines) + "\n"


def pumped_project(root: Path, n: int = 100_000, only: str | None = None) -> Path:
    """Every config reader's file with long runs of spaces and digits behind its keywords."""
    base_project(root)
    for rel, prefixes in PUMPED_FILES.items():
        if only and rel != only:
            continue
        # One file per prefix keeps each under the size cap, so the patterns (not the cap) are what is tested.
        for i, prefix in enumerate(prefixes):
            target = rel if i == 0 else _numbered(rel, i)
            write(root, target, pumped_lines((prefix,), n))
    return root


def _numbered(rel: str, i: int) -> str:
    head, dot, ext = rel.rpartition(".")
    if "/" in rel and rel.startswith((".github/", "k8s/")):
        return f"{head}{i}.{ext}" if dot else f"{rel}{i}"
    # Files read by exact name: the numbered copies go into sub-folders with the same name (a monorepo's packages).
    return f"pkg{i}/{rel}"


def restart_project(root: Path, n: int = 1_000_000) -> Path:
    """Openers with no closer, repeated: `"\\` (a string pattern needing its closing quote re-scanned the rest of
    the line from every quote: 50,000 of them took 35 s) and `/* ` (a comment pattern needing its `*/`), in every
    JSON, JSONC and YAML file nodeward parses (lockfiles, ESLint configs, renovate.json) and behind a bun.lock's
    keys; plus 100,000-space runs in a bun.lock (1 min 30 s once)."""
    base_project(root)
    quotes, comments = '"\\' * (n // 2), "/* " * (n // 3)
    bun = '{\n  "lockfileVersion": 1,' + " " * 100_000 + '\n  "workspaces": {\n    "": {' + " " * 100_000
    for rel in ("bun.lock", "pnpm-lock.yaml", "package-lock.json", ".eslintrc.json", "renovate.json", "tsconfig.json"):
        write(root, rel, f"{bun if rel == 'bun.lock' else ''}{quotes}\n{comments}\n")
    for i, rel in enumerate(("bun.lock", "pnpm-lock.yaml", ".eslintrc.json")):
        write(root, f"pkg{i}/package.json", json.dumps({"name": f"p{i}", "version": "1.0.0"}))
        write(root, f"pkg{i}/{rel}", ('a: "' + '\\"' * 1000 + "\n") * (n // 2000))
    return root


def spaced_version_lockfile(root: Path, n: int = 40_000, pump: str = " ") -> Path:
    """package-lock.json whose package version is a long run of spaces (or a 1 MB string)."""
    base_project(root)
    version = "1.0.0" + pump * n
    lock = {
        "name": "hostile",
        "version": "1.0.0",
        "lockfileVersion": 3,
        "requires": True,
        "packages": {
            "": {"name": "hostile", "version": "1.0.0", "dependencies": {"express": "^4.18.2"}},
            "node_modules/express": {"version": version},
            "node_modules/qs": {"version": pump * n + "6.5.0"},
            "node_modules/ms": {"version": "9" * n},
        },
    }
    write(root, "package-lock.json", json.dumps(lock, indent=2))
    return root


def huge_int_lockfile(root: Path, digits: int = 5000) -> Path:
    """A version whose parts are integers over Python's 4,300-digit int() limit."""
    base_project(root)
    big = "9" * digits
    lock = {
        "name": "hostile",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "hostile", "dependencies": {"express": "^4.18.2"}},
            "node_modules/express": {"version": f"{big}.{big}.{big}"},
        },
    }
    write(root, "package-lock.json", json.dumps(lock))
    write(root, "package.json", json.dumps({**BASE_MANIFEST, "dependencies": {"express": f"^{big}.0.0"}}))
    return root


def gitignore_bomb(root: Path, lines: int = 200, width: int = 60) -> Path:
    """`**`- and `*`-heavy .gitignore lines and a long file name to match them against, plus a bad range."""
    base_project(root)
    rules = []
    for i in range(lines):
        rules.append("**/" * width + f"x{i}")
        rules.append("*a" * width + f"{i}")
    rules.append("[z-a]")
    rules.append("*" * 5000)
    write(root, ".gitignore", "\n".join(rules) + "\n")
    deep = root
    for _ in range(30):
        deep = deep / ("a" * 8)
    write(deep, "a" * 150 + ".js", "module.exports = 1;\n")
    return root


def nested_toml(root: Path, depth: int = 100_000) -> Path:
    base_project(root)
    write(root, "nodeward.toml", "x = " + "[" * depth + "]" * depth + "\n")
    return root


def huge_lockfile(root: Path, entries: int = 250_000) -> Path:
    """A package-lock.json with this many packages (the 1M-entry one took 102 s and 1.35 GB)."""
    base_project(root)
    packages: dict[str, object] = {"": {"name": "hostile", "dependencies": {"p0": "1.0.0"}}}
    for i in range(entries):
        packages[f"node_modules/p{i}"] = {"version": "1.0.0"}
    write(root, "package-lock.json", json.dumps({"name": "hostile", "lockfileVersion": 3, "packages": packages}))
    return root


def many_files(root: Path, count: int = 100_000) -> Path:
    """`count` tiny JS files in folders of 1,000."""
    base_project(root)
    for i in range(count):
        write(root, f"src/d{i // 1000}/f{i % 1000}.js", "module.exports = 1;\n")
    return root


def calls_file(root: Path, lines: int = 5_000, nested: bool = False) -> Path:
    """A JS file of `lines` lines of calls (the 5,000-line one took 45 s and 930 MB): Express routes whose handlers
    pass request data through calls, or (nested) ten calls deep per line."""
    base_project(root)
    head = ["const express = require('express');", "const app = express();"]
    if nested:
        body = [f"a(b(c(d(e(f(g(h(i(j(req.query.k{i}))))))))));" for i in range(lines)]
    else:
        body = [f"app.get('/r{i}', (req, res) => res.send(f{i}(req.query.a, g(h(req.body.b)))));" for i in range(lines)]
    write(root, "src/calls.js", "\n".join(head + body) + "\napp.listen(3000);\n")
    return root


GENERATORS: dict[str, Callable[..., Path]] = {
    "fifos": fifos,
    "device-links": device_links,
    "pumped-project": pumped_project,
    "restart-project": restart_project,
    "spaced-version-lockfile": spaced_version_lockfile,
    "huge-int-lockfile": huge_int_lockfile,
    "gitignore-bomb": gitignore_bomb,
    "nested-toml": nested_toml,
    "huge-lockfile": huge_lockfile,
    "many-files": many_files,
    "calls-file": calls_file,
}

if __name__ == "__main__":
    name, target, *args = sys.argv[1:]
    GENERATORS[name](Path(target), *(int(a) for a in args))
    print(target)
