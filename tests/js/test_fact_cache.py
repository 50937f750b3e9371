"""The content-addressed JS/TS fact cache: cached facts equal fresh ones, broken or planted entries are ignored, the
cache is off with --no-cache / NODEWARD_NO_CACHE / `cache = false`, and it stays bounded and private."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from nodeward.cli import main
from nodeward.collect.discover import discover_project
from nodeward.js import extract as javascript
from nodeward.js.extract import JsModule, extract_all
from nodeward.js.fact_cache import FactCache, cache_root, wait_for_writers

from conftest import FIXTURES, REPO, write_tree

REALISTIC = REPO / "tests" / "apps" / "realistic"


def _js_files(root: Path) -> list[tuple[str, int]]:
    project = discover_project(root, use_gitignore=False)
    return [(f.path, f.size) for f in project.files if f.kind == "js"]


def _facts(items: list) -> dict[str, str]:
    """Every fact of every module, as text (the dataclasses' reprs hold all fields, nested values included)."""
    out = {}
    for m in items:
        assert isinstance(m, JsModule), m
        out[m.path] = repr(m)
    return out


def _db(directory: Path) -> sqlite3.Connection:
    return sqlite3.connect(directory / "facts.sqlite3", isolation_level=None)


def _entries(directory: Path) -> list[str]:
    """Keys stored, oldest use first (once the background writers a scan forked are done)."""
    wait_for_writers()
    if not (directory / "facts.sqlite3").exists():
        return []
    with closing(_db(directory)) as db:
        return [k for (k,) in db.execute("SELECT key FROM facts ORDER BY used, key")]


def _set_blob(directory: Path, key: str, blob: bytes) -> None:
    with closing(_db(directory)) as db:
        db.execute("UPDATE facts SET blob = ? WHERE key = ?", (blob, key))


@pytest.mark.parametrize("root", [FIXTURES, REALISTIC], ids=["fixtures", "realistic-app"])
def test_cached_facts_equal_fresh_facts(root: Path, tmp_path: Path) -> None:
    files = _js_files(root)
    assert len(files) >= 7
    fresh = _facts(extract_all(root, files, workers=1))
    cache = FactCache.open(tmp_path / "facts")
    assert cache is not None
    first = _facts(extract_all(root, files, workers=1, cache=cache))
    assert (cache.hits, cache.misses, cache.written) == (0, len(files), len(files))
    again = FactCache.open(tmp_path / "facts")
    assert again is not None
    cached = _facts(extract_all(root, files, workers=1, cache=again))
    assert (again.hits, again.misses, again.written) == (len(files), 0, 0)
    assert first == fresh
    assert cached == fresh


def test_pool_workers_fill_and_read_the_cache(tmp_path: Path) -> None:
    files = _js_files(FIXTURES)
    fresh = _facts(extract_all(FIXTURES, files, workers=1))
    cache = FactCache.open(tmp_path / "facts")
    assert _facts(extract_all(FIXTURES, files, workers=2, cache=cache)) == fresh
    assert len(_entries(tmp_path / "facts")) == len(files)
    again = FactCache.open(tmp_path / "facts")
    assert _facts(extract_all(FIXTURES, files, workers=1, cache=again)) == fresh
    assert again.hits == len(files)


def test_corrupt_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"a.js": "const x = require('express')();\nx.use(y);\n", "b.js": "f(1);\n"})
    files = _js_files(root)
    fresh = _facts(extract_all(root, files, workers=1))
    extract_all(root, files, workers=1, cache=FactCache.open(tmp_path / "facts"))
    keys = _entries(tmp_path / "facts")
    assert len(keys) == 2
    with closing(_db(tmp_path / "facts")) as db:
        blob = db.execute("SELECT blob FROM facts WHERE key = ?", (keys[0],)).fetchone()[0]
    _set_blob(tmp_path / "facts", keys[0], blob[:40])  # truncated
    _set_blob(tmp_path / "facts", keys[1], b"\x80\x05garbage")
    cache = FactCache.open(tmp_path / "facts")
    assert _facts(extract_all(root, files, workers=1, cache=cache)) == fresh
    assert (cache.hits, cache.misses, cache.written) == (0, 2, 2)
    again = FactCache.open(tmp_path / "facts")
    assert _facts(extract_all(root, files, workers=1, cache=again)) == fresh
    assert again.hits == 2


def test_damaged_database_is_started_afresh(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"a.js": "f(1);\n"})
    files = _js_files(root)
    fresh = _facts(extract_all(root, files, workers=1))
    (tmp_path / "facts").mkdir(mode=0o700)
    (tmp_path / "facts" / "facts.sqlite3").write_bytes(b"not a database" * 100)
    (tmp_path / "facts" / "facts.sqlite3").chmod(0o600)
    cache = FactCache.open(tmp_path / "facts")
    assert cache is not None
    assert _facts(extract_all(root, files, workers=1, cache=cache)) == fresh
    assert cache.written == 1
    assert len(_entries(tmp_path / "facts")) == 1


class _Planted:
    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self) -> tuple:
        return (os.mkdir, (self.target,))


def test_planted_entry_cannot_run_code(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"a.js": "f(1);\n"})
    files = _js_files(root)
    fresh = _facts(extract_all(root, files, workers=1))
    cache = FactCache.open(tmp_path / "facts")
    assert cache is not None
    key = cache.key("a.js", (root / "a.js").read_bytes())
    marker = tmp_path / "pwned"
    planted = pickle.dumps((key, (), _Planted(str(marker))))
    with closing(_db(tmp_path / "facts")) as db:
        db.execute("INSERT INTO facts VALUES (?, ?, ?, ?)", (key, planted, len(planted), 0.0))
    assert _facts(extract_all(root, files, workers=1, cache=cache)) == fresh
    assert not marker.exists()
    assert (cache.hits, cache.misses) == (0, 1)
    # A well-formed entry for another path under this key is not taken either.
    other = FactCache.open(tmp_path / "facts")
    _set_blob(tmp_path / "facts", key, pickle.dumps((key, (), JsModule("b.js", "/x/b.js", "js", 0, ""))))
    assert _facts(extract_all(root, files, workers=1, cache=other)) == fresh
    assert other.hits == 0


def test_new_file_changes_how_an_import_resolves(tmp_path: Path) -> None:
    """`require('./lib')` meant lib/index.js; once lib.js exists it means lib.js: the cached facts are not reused."""
    root = write_tree(tmp_path / "p", {"a.js": "const lib = require('./lib');\nlib.go();\n", "lib/index.js": "g();\n"})
    cache = FactCache.open(tmp_path / "facts")
    before = {m.path: m for m in extract_all(root, _js_files(root), workers=1, cache=cache)}
    assert before["a.js"].imports[0].module == "file:lib/index.js"
    (root / "lib.js").write_text("h();\n")
    files = _js_files(root)
    again = FactCache.open(tmp_path / "facts")
    after = {m.path: m for m in extract_all(root, files, workers=1, cache=again)}
    assert after["a.js"].imports[0].module == "file:lib.js"
    assert _facts(after.values()) == _facts(extract_all(root, files, workers=1))
    assert (again.hits, again.misses) == (1, 2)  # lib/index.js reused; a.js and the new lib.js extracted


def test_moved_project_reuses_facts_with_the_new_absolute_path(tmp_path: Path) -> None:
    write_tree(tmp_path / "one", {"a.js": "f(1);\n"})
    extract_all(tmp_path / "one", [("a.js", 5)], workers=1, cache=FactCache.open(tmp_path / "facts"))
    (tmp_path / "one").rename(tmp_path / "two")
    cache = FactCache.open(tmp_path / "facts")
    (module,) = extract_all(tmp_path / "two", [("a.js", 5)], workers=1, cache=cache)
    assert cache.hits == 1
    assert module.abspath == str(tmp_path / "two" / "a.js")


def test_cache_refuses_a_directory_or_file_others_can_write(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert FactCache.open(shared) is None
    created = tmp_path / "new" / "facts"
    assert FactCache.open(created) is not None
    assert created.stat().st_mode & 0o777 == 0o700
    assert (created / "facts.sqlite3").stat().st_mode & 0o777 == 0o600
    (created / "facts.sqlite3").chmod(0o666)
    assert FactCache.open(created) is None
    (tmp_path / "a-file").write_text("")
    assert FactCache.open(tmp_path / "a-file" / "facts") is None  # cannot be created: no cache, no error
    (tmp_path / "link").symlink_to(created)
    assert FactCache.open(tmp_path / "link") is None


def test_eviction_keeps_the_cache_bounded(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {f"f{i}.js": f"call{i}(" + "1,\n" * 3000 + ");\n" for i in range(6)})
    files = _js_files(root)
    extract_all(root, files, workers=1, cache=FactCache.open(tmp_path / "facts"))
    with closing(_db(tmp_path / "facts")) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM facts ORDER BY key")]
        for age, key in enumerate(keys):  # keys[0] is the least recently used
            db.execute("UPDATE facts SET used = ? WHERE key = ?", (1_000_000 + age, key))
        sizes = dict(db.execute("SELECT key, size FROM facts"))
    total = sum(sizes.values())
    small = FactCache.open(tmp_path / "facts", max_bytes=total // 2)
    assert small is not None
    removed = small.evict()
    left = _entries(tmp_path / "facts")
    assert removed == len(keys) - len(left) > 0
    assert sum(sizes[k] for k in left) <= total // 2 * 9 // 10
    assert left == keys[removed:]  # the least recently used went first
    assert (tmp_path / "facts" / "facts.sqlite3").stat().st_size < total * 3 // 4  # space given back to the disk
    assert FactCache.open(tmp_path / "facts").evict() == 0


def _scan(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list, list, list]:
    with pytest.raises(SystemExit) as exc:
        main(["scan", *args, "--no-deps", "--offline", "--select", "NW03,NW04,NW05,NW12", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return int(exc.value.code), report["findings"], report["problems"], report["scorecard"]


def test_scan_uses_the_user_cache_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NODEWARD_NO_CACHE", raising=False)
    facts_dir = cache_root()
    assert facts_dir == tmp_path / "xdg" / "nodeward" / "facts"
    root = tmp_path / "app"
    shutil.copytree(REALISTIC, root)
    (root / "src" / "broken.js").write_text("const x = require('express')(;\nx.use(y);\n")  # a problem is reported
    first = _scan([str(root), "--no-cache"], capsys)
    assert first[0] == 1 and len(first[1]) >= 6 and first[2]
    assert not facts_dir.exists()
    monkeypatch.setenv("NODEWARD_NO_CACHE", "1")
    assert _scan([str(root)], capsys) == first
    assert not facts_dir.exists()
    monkeypatch.delenv("NODEWARD_NO_CACHE")
    (root / "nodeward.toml").write_text("cache = false\n")
    assert _scan([str(root)], capsys) == first
    assert not facts_dir.exists()
    (root / "nodeward.toml").unlink()
    assert _scan([str(root)], capsys) == first  # cold: fills the cache
    files = len(_js_files(root))
    assert len(_entries(facts_dir)) == files

    def no_extraction(*args: object) -> None:
        raise AssertionError("a warm scan extracted facts")

    monkeypatch.setattr(javascript, "_extract", no_extraction)
    assert _scan([str(root)], capsys) == first  # warm: the same report from cached facts alone
    assert len(_entries(facts_dir)) == files


def test_keys_hash_the_extractor_code_that_exists() -> None:
    """Every source the key hashes is a real file (a stale name after a move would stop edits to the extractor from
    invalidating the cache), and the extractor itself is among them."""
    from nodeward.js import fact_cache

    files = fact_cache.code_files()
    assert all(f.is_file() for f in files), [str(f) for f in files if not f.is_file()]
    assert Path(javascript.__file__).resolve() in files
