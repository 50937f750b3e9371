"""Running a scratch copy of a Node.js app for the fix tests: dependencies from its lockfile (npm ci, no scripts),
started with `node` on 127.0.0.1 (loopback_listen.cjs), probed with `nodeward probe`, answered requests recorded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

PRELOAD = Path(__file__).resolve().parent / "loopback_listen.cjs"
NPM = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]


def need_node() -> None:
    """Node.js and npm, or a skip; under CI=true a missing tool fails the test instead."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} needed to run the fixed app"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def npm(folder: Path, *args: str) -> None:
    done = subprocess.run(["npm", *args, *NPM], cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"npm {' '.join(args)} failed in {folder}: {done.stderr[-2000:]}")


def nodeward(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nodeward", *args], capture_output=True, text=True, timeout=600, check=False, cwd=cwd
    )


@contextmanager
def running(folder: Path, entry: str | list[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """The app started with `node -r loopback_listen.cjs ENTRY [ARGS]` and PORT=0; yields its base URL."""
    child_env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "PORT": "0"}
    child_env.update(env or {})
    out, err = folder / ".nodeward-app.out", folder / ".nodeward-app.err"
    with out.open("wb") as o, err.open("wb") as e:
        argv = [entry] if isinstance(entry, str) else entry
        process = subprocess.Popen(["node", "-r", str(PRELOAD), *argv], cwd=folder, env=child_env, stdout=o, stderr=e)
    try:
        deadline = time.monotonic() + 30
        port = None
        while port is None and time.monotonic() < deadline and process.poll() is None:
            for line in out.read_text("utf-8", "replace").splitlines():
                if line.startswith("NWREADY "):
                    port = int(line.split()[1])
            time.sleep(0.05)
        if port is None:
            raise RuntimeError(f"{folder.name} did not start: {err.read_text('utf-8', 'replace')[-800:]}")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


Request = tuple[str, str, dict | None]


def statuses(base: str, requests: list[Request]) -> dict[str, int]:
    """`METHOD path` -> status code, one request each (timeouts bounded)."""
    out = {}
    with httpx.Client(base_url=base, timeout=10, follow_redirects=False) as client:
        for method, path, body in requests:
            response = client.request(method, path, json=body)
            out[f"{method} {path}"] = response.status_code
    return out


def probe(base: str, workdir: Path) -> dict:
    """`nodeward probe URL --format json`, parsed."""
    done = nodeward("probe", base + "/", "--format", "json", cwd=workdir)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"probe failed ({done.returncode}): {done.stderr[-800:]}")
    return json.loads(done.stdout)


def live_codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"] if not f.get("suppression")}


def scorecard(report: dict) -> dict[int, str]:
    return {p["practice"]: p["status"] for p in report["scorecard"]}


def installed(runner: Path, scratch: Path) -> Path:
    """The node_modules of a committed runner folder (package.json + package-lock.json), installed with
    `npm ci --ignore-scripts` in `scratch`."""
    need_node()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(runner / name, scratch / name)
    npm(scratch, "ci")
    return scratch / "node_modules"
