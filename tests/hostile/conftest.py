"""Fixtures of the hostile suite: a real offline advisory store built from the repository's recorded OSV records."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodeward.deps.advisories.store import import_osv

OSV_RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "deps" / "osv-npm"


@pytest.fixture(scope="session")
def osv_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("hostile-store") / "advisories.sqlite3"
    import_osv(OSV_RECORDS, store)
    return store
