"""Probe the bundled test apps (tests/apps) in both modes and print grade, findings, request counts and wall time.

Usage: .venv/bin/python benchmarks/probe_apps.py   (needs node, npm and openssl; installs with npm ci --ignore-scripts)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from nodeward.probe.plan import execute_plan
from nodeward.probe.record import ProbeOptions
from nodeward.scan import RunInputs, evaluate
from nodeward.settings import Settings

APPS = Path(__file__).resolve().parent.parent / "tests" / "apps"


def make_certs(d: Path) -> tuple[Path, Path, Path]:
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ca_ext = ("-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
        "-subj", "/CN=bench CA", *ca_ext)  # fmt: skip
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=127.0.0.1")
    (d / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem",
        "-days", "1", "-extfile", "ext.cnf")  # fmt: skip
    return d / "ca.pem", d / "leaf.key", d / "leaf.pem"


def start(app: str, mode: str, d: Path, env: dict[str, str]) -> tuple[subprocess.Popen, Path, list[int]]:
    log = d / f"{app}-{mode}.log"
    full = {"PATH": os.environ["PATH"], "PORT": "0", **env}
    if mode == "production":
        full["NODE_ENV"] = "production"
    with log.open("wb") as out:
        proc = subprocess.Popen(["node", "app.js"], cwd=APPS / app, env=full, stdout=out, stderr=subprocess.DEVNULL)
    for _ in range(400):
        for line in log.read_text().splitlines():
            if line.startswith("NWREADY"):
                return proc, log, [int(p) for p in line.split()[1:]]
        time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{app} did not start")


def main() -> None:
    for app in ("express-insecure", "express-hardened", "koa-basic"):
        if not (APPS / app / "node_modules").is_dir():
            subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=APPS / app, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        ca, key, cert = make_certs(d)
        print(f"{'app':<17} {'mode':<11} {'grade':<10} {'sent':>4} {'recv':>4} {'budget':>6} {'wall':>7}  findings")
        for app in ("express-insecure", "express-hardened", "koa-basic"):
            for mode in ("development", "production"):
                env = {"TLS_KEY": str(key), "TLS_CERT": str(cert)} if app == "express-hardened" else {}
                proc, log, ports = start(app, mode, d, env)
                try:
                    if app == "express-hardened":
                        options = ProbeOptions(f"https://127.0.0.1:{ports[0]}/", http_port=ports[1], ca_file=str(ca))
                    else:
                        paths = ("/login",) if app == "koa-basic" else ()
                        options = ProbeOptions(f"http://127.0.0.1:{ports[0]}/", paths=paths)
                    started = time.perf_counter()
                    record = execute_plan(options)
                    report = evaluate("probe", options.url, Settings(root=d), None,
                                      RunInputs(sources={"probe": record}), origins=("live",))  # fmt: skip
                    wall = time.perf_counter() - started
                    received = sum(1 for line in log.read_text().splitlines() if line.startswith("NWREQ "))
                finally:
                    proc.terminate()
                    proc.wait(timeout=5)
                findings = Counter(f"{f.code}:{f.severity.label}" for f in report.findings)
                listed = ", ".join(f"{k}×{n}" if n > 1 else k for k, n in sorted(findings.items())) or "none"
                grade = f"{record.grade.grade} ({record.grade.score})" if record.grade else "-"
                print(
                    f"{app:<17} {mode:<11} {grade:<10} {record.requests_sent:>4} {received:>4} {record.budget:>6} "
                    f"{wall:>6.2f}s  {listed}"
                )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
