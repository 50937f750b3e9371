"""Real Node.js test apps for the probe: installed once (npm ci --ignore-scripts), started with `node` on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import require_tool
from node_tools import npm_ci

APPS = Path(__file__).resolve().parent.parent / "apps"
READY_TIMEOUT = 20.0


@pytest.fixture(scope="session")
def node_apps() -> Path:
    require_tool("node", why="for the live probe tests")
    require_tool("npm", why="for the live probe tests")
    for app in ("express-insecure", "express-hardened", "koa-basic"):
        npm_ci(APPS / app)
    return APPS


@dataclass
class RunningApp:
    name: str
    mode: str
    process: subprocess.Popen
    log: Path
    port: int
    http_port: int | None = None

    def requests_received(self) -> list[str]:
        """What the app saw, one `METHOD URL` per request (logged by its first middleware)."""
        lines = self.log.read_text("utf-8", errors="replace").splitlines()
        return [line[len("NWREQ ") :] for line in lines if line.startswith("NWREQ ")]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_app(apps: Path, name: str, mode: str, workdir: Path, env: dict[str, str] | None = None) -> RunningApp:
    log = workdir / f"{name}-{mode}.log"
    child_env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "PORT": "0"}
    if mode == "production":
        child_env["NODE_ENV"] = "production"  # development = NODE_ENV unset, Express's default
    child_env.update(env or {})
    with log.open("wb") as out, (workdir / f"{name}-{mode}.err").open("wb") as err:
        process = subprocess.Popen(["node", "app.js"], cwd=apps / name, env=child_env, stdout=out, stderr=err)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        for line in log.read_text("utf-8", errors="replace").splitlines():
            if line.startswith("NWREADY "):
                ports = [int(p) for p in line.split()[1:]]
                return RunningApp(name, mode, process, log, ports[0], ports[1] if len(ports) > 1 else None)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    stderr = (workdir / f"{name}-{mode}.err").read_text("utf-8", errors="replace")
    raise RuntimeError(f"{name} ({mode}) did not start: {stderr[-500:]}")


@dataclass(frozen=True)
class TestCerts:
    ca: Path
    key: Path
    cert: Path


@pytest.fixture(scope="session")
def test_certs(tmp_path_factory: pytest.TempPathFactory) -> TestCerts:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it, made with the openssl CLI."""
    require_tool("openssl", why="to make the test certificate")
    d = tmp_path_factory.mktemp("certs")
    run = lambda *args: subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=nodeward test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign")  # fmt: skip
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=127.0.0.1")
    (d / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf")  # fmt: skip
    return TestCerts(d / "ca.pem", d / "leaf.key", d / "leaf.pem")


@pytest.fixture
def app_runner(node_apps: Path, tmp_path: Path) -> Iterator:
    started: list[RunningApp] = []

    def run(name: str, mode: str, env: dict[str, str] | None = None) -> RunningApp:
        app = start_app(node_apps, name, mode, tmp_path, env)
        started.append(app)
        return app

    yield run
    for app in started:
        app.stop()
