"""The offline SQLite store: built from real OSV records (zip or folder), atomic, safe against hostile archives."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from nodeward.deps.advisories import SourceUnavailable
from nodeward.deps.advisories.store import (
    ImportLimits,
    OfflineStore,
    StoreError,
    default_store_path,
    import_osv,
    store_status,
)

from .conftest import OSV_RECORDS, nodeward_main
from .loopback import build_zip, load_records, loopback_server


def test_folder_import_keeps_every_real_record(tmp_path: Path) -> None:
    stats = import_osv(OSV_RECORDS, tmp_path / "db.sqlite3")
    assert (stats.records, stats.withdrawn, stats.skipped) == (45, 1, 0)
    st = store_status(tmp_path / "db.sqlite3")
    assert (st.records, st.origin, st.error) == (45, str(OSV_RECORDS), None)


def test_zip_import_equals_folder_import(tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    archive.write_bytes(build_zip(load_records()))
    stats = import_osv(archive, tmp_path / "db.sqlite3")
    assert stats.records == 45
    answer = OfflineStore(tmp_path / "db.sqlite3").fetch({"lodash": frozenset({"4.17.4"})})
    assert sorted(a.id for a in answer.advisories) == [
        "GHSA-29mw-wpgm-hmr9",
        "GHSA-35jh-r3h4-6jhm",
        "GHSA-4xc9-xhrj-v574",
        "GHSA-fvqr-27wr-82fm",
        "GHSA-jf85-cpcp-j695",
        "GHSA-p6mc-m468-83gw",
    ]


def test_hostile_archive_members_are_skipped_and_counted(tmp_path: Path) -> None:
    record = json.dumps(load_records()["GHSA-3fx5-fwvr-xrjg"])
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ok/GHSA-3fx5-fwvr-xrjg.json", record)
        zf.writestr("../../etc/evil.json", record)
        zf.writestr("/abs/evil.json", record)
        zf.writestr("bad.json", b"{not json")
        zf.writestr("shape.json", b'{"id": 7, "affected": "nope"}')
        zf.writestr("maven.json", json.dumps({"id": "GHSA-x", "affected": [{"package": {"ecosystem": "Maven"}}]}))
        zf.writestr("bomb.json", b"[" * 10 + b"0" * 5_000_000 + b"]" * 10)  # compresses to a few KB
        zf.writestr("README.txt", b"not a record")
    limits = ImportLimits(max_member_bytes=1_000_000)
    stats = import_osv(archive, tmp_path / "db.sqlite3", limits=limits)
    assert stats.records == 1
    assert (stats.skipped_unsafe, stats.skipped_bad_json, stats.skipped_invalid, stats.skipped_not_npm) == (3, 1, 1, 1)
    assert not (tmp_path.parent / "etc").exists()


def test_folder_import_ignores_symlinks_out_of_the_tree(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "GHSA-3fx5-fwvr-xrjg.json").write_text(json.dumps(load_records()["GHSA-3fx5-fwvr-xrjg"]))
    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps(load_records()["GHSA-w9mr-4mfr-499f"]))
    os.symlink(outside, src / "link.json")
    stats = import_osv(src, tmp_path / "db.sqlite3")
    assert (stats.records, stats.skipped_unsafe) == (1, 1)


def test_failed_import_leaves_the_previous_store(tmp_path: Path) -> None:
    dest = tmp_path / "db.sqlite3"
    import_osv(OSV_RECORDS, dest)
    before = dest.read_bytes()
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "x.json").write_text("{broken")
    with pytest.raises(StoreError, match="no usable npm advisory records"):
        import_osv(junk, dest)
    with pytest.raises(StoreError, match="not a readable zip"):
        (tmp_path / "fake.zip").write_bytes(b"PK\x03\x04 truncated")
        import_osv(tmp_path / "fake.zip", dest)
    assert dest.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".advisories-")] == []


def test_member_count_limit_refuses_the_archive(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    archive.write_bytes(build_zip(load_records()))
    with pytest.raises(StoreError, match="over the limit"):
        import_osv(archive, tmp_path / "db.sqlite3", limits=ImportLimits(max_members=10))


def test_missing_or_foreign_store_is_unavailable_not_clean(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="no offline advisory store"):
        OfflineStore(tmp_path / "none.sqlite3").fetch({"lodash": frozenset({"4.17.4"})})
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(SourceUnavailable, match="not a nodeward advisory store"):
        OfflineStore(foreign).fetch({"lodash": frozenset({"4.17.4"})})


def test_stale_store_warns(tmp_path: Path) -> None:
    built = datetime(2026, 1, 1, tzinfo=timezone.utc)
    import_osv(OSV_RECORDS, tmp_path / "db.sqlite3", now=built)
    answer = OfflineStore(tmp_path / "db.sqlite3", now=built + timedelta(days=9)).fetch({"ms": frozenset({"0.7.0"})})
    assert answer.age_days == pytest.approx(9.0)
    assert answer.warnings and "9 days old" in answer.warnings[0]
    fresh = OfflineStore(tmp_path / "db.sqlite3", now=built + timedelta(days=2)).fetch({"ms": frozenset({"0.7.0"})})
    assert fresh.warnings == ()


def test_store_location_follows_env_and_xdg() -> None:
    assert default_store_path({"NODEWARD_ADVISORY_DB": "/x/db.sqlite3"}) == Path("/x/db.sqlite3")
    assert default_store_path({"XDG_CACHE_HOME": "/c"}) == Path("/c/nodeward/advisories.sqlite3")
    assert default_store_path({}) == Path("~/.cache/nodeward/advisories.sqlite3").expanduser()


def test_db_update_downloads_from_a_mirror_and_status_reports_it(tmp_path: Path) -> None:
    dest = tmp_path / "db.sqlite3"
    with loopback_server() as server:
        url = f"{server.base_url}/npm/all.zip"
        result = CliRunner().invoke(nodeward_main, ["db", "update", "--advisory-db", str(dest), "--url", url])
        assert result.exit_code == 0, result.output
        assert server.paths() == ["/npm/all.zip"]
    assert "45 advisories (1 withdrawn)" in result.output
    status = CliRunner().invoke(nodeward_main, ["db", "status", "--advisory-db", str(dest)])
    assert status.exit_code == 0
    assert f"from {url}" in status.output and "records: 45" in status.output


def test_db_update_failure_keeps_old_store_and_exits_3(tmp_path: Path) -> None:
    dest = tmp_path / "db.sqlite3"
    import_osv(OSV_RECORDS, dest)
    before = dest.read_bytes()
    with loopback_server() as server:
        result = CliRunner().invoke(
            nodeward_main, ["db", "update", "--advisory-db", str(dest), "--url", f"{server.base_url}/missing.zip"]
        )
    assert result.exit_code == 3
    assert "HTTP 404" in result.output and "unchanged" in result.output
    assert dest.read_bytes() == before


def test_db_import_and_status_without_store(tmp_path: Path) -> None:
    dest = tmp_path / "db.sqlite3"
    missing = CliRunner().invoke(nodeward_main, ["db", "status", "--advisory-db", str(dest)])
    assert missing.exit_code == 3 and "no advisory store" in missing.output
    result = CliRunner().invoke(nodeward_main, ["db", "import", str(OSV_RECORDS), "--advisory-db", str(dest)])
    assert result.exit_code == 0 and "45 advisories" in result.output
    bad = CliRunner().invoke(nodeward_main, ["db", "import", str(tmp_path / "nope"), "--advisory-db", str(dest)])
    assert bad.exit_code == 2
