"""Class: `db import` killed midway (kill -9). The import builds a temporary file beside the store and renames it
over the old one at the end, so a killed import leaves the old store intact and usable. Tested with a real
subprocess killed while it is writing the temporary store.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import OSV_RECORDS
from .harness import run_nodeward

COPIES = 30_000  # records in the new import: enough that it is still running when it is killed


def _big_osv_folder(folder: Path) -> Path:
    folder.mkdir()
    template = json.loads(next(iter(sorted(OSV_RECORDS.glob("GHSA-*.json")))).read_text())
    for i in range(COPIES):
        record = dict(template, id=f"GHSA-kill-{i:04x}-{i:04x}", aliases=[])
        (folder / f"{record['id']}.json").write_text(json.dumps(record))
    return folder


def test_a_killed_import_leaves_the_old_store_usable(tmp_path: Path, osv_store_path: Path) -> None:
    store = tmp_path / "store" / "advisories.sqlite3"
    store.parent.mkdir()
    store.write_bytes(osv_store_path.read_bytes())
    before = run_nodeward("db", "status", "--advisory-db", store)
    assert before.rc == 0 and "45" in before.stdout + before.stderr, before
    source = _big_osv_folder(tmp_path / "osv")
    proc = subprocess.Popen(
        [sys.executable, "-m", "nodeward", "db", "import", str(source), "--advisory-db", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(store.parent.glob(".advisories-*.tmp")):
        time.sleep(0.01)
    time.sleep(0.3)  # well inside the import: the temporary store is being written
    assert proc.poll() is None, "the import finished before it could be killed: raise COPIES"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    after = run_nodeward("db", "status", "--advisory-db", store)
    assert after.rc == 0 and after.stdout + after.stderr == before.stdout + before.stderr, (before, after)
    again = run_nodeward("db", "import", OSV_RECORDS, "--advisory-db", store)
    assert again.rc == 0, again  # a later import works, the leftover temporary file in the way of nothing
