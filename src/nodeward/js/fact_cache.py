"""Content-addressed cache of per-file JS/TS facts, so a re-scan of an unchanged tree skips parsing and extraction.

An entry is keyed by sha256 of: the file's bytes, its path in the project (facts hold the path in every location),
the nodeward version, a hash of the extractor's own source, the tree-sitter and grammar versions, the Python
version and FACTS_FORMAT. Facts also depend on which project files exist (a relative import resolves to `./x.js`
or `./x/index.ts`): each entry keeps the resolutions it made and is used only if they resolve the same way now.

Storage: `$XDG_CACHE_HOME/nodeward/facts/facts.sqlite3` (else under `~/.cache`), one row per file holding a pickle
of its facts. Pickle is fast and the facts are plain dataclasses, but loading a pickle can run code if someone else
wrote it. Trade-off taken: entries are read only from a directory nodeward created with mode 0700, owned by the
current user and not writable by others, and from a database file with the same properties (checked at open;
otherwise the cache is off for the run); the unpickler accepts only the fact classes (a whitelist, so even a
planted entry cannot name os.system); an entry that fails to load or does not look right is ignored, re-extracted
and rewritten; a database SQLite cannot read is deleted and started afresh. Writes are batched in one transaction
(SQLite's locking makes concurrent scans safe). The total size is bounded: beyond `max_bytes` (500 MB) the least
recently used entries go. A scan that extracts in one process defers its writes (`defer`, then `write_behind`):
pickling the facts costs about a fifth of extracting them, so they are pickled and written after the scan's report
is out, when the process exits (or before a later `FactCache.open` in the same process).
Turn it off with `scan --no-cache`, `NODEWARD_NO_CACHE=1` or `cache = false` in nodeward.toml.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import os
import pickle
import sqlite3
import stat
import sys
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

FACTS_FORMAT = 3  # bump when the shape or meaning of JsModule facts changes without a code change in the extractor
MAX_BYTES = 500 * 1024 * 1024
DB_NAME = "facts.sqlite3"
_TOUCH_AFTER = 24 * 3600  # an entry read is marked recently used at most once a day (one write per entry per day)

# The only globals an entry may name: the fact classes and the UNDEFINED singleton.
_ALLOWED = {
    "nodeward.js.extract": {
        "JsModule",
        "Import",
        "Call",
        "Decorator",
        "Method",
        "ClassFact",
        "Assignment",
        "FunctionFact",
    },
    "nodeward.js.values": {"Unknown", "Ref", "Prop", "Obj", "Arr", "Func", "UNDEFINED", "_Undefined"},
    "nodeward.findings": {"Location"},
}


class _FactsUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a fact class")


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "nodeward" / "facts"


def cache_disabled_by_env(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("NODEWARD_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


@cache
def _salt() -> bytes:
    """What, besides the file, decides its facts: our version and extractor code, the parser and grammars."""
    from importlib import metadata

    from nodeward import __version__

    parts = [f"format={FACTS_FORMAT}", f"nodeward={__version__}", f"python={sys.version_info[:2]}"]
    for dist in ("tree-sitter", "tree-sitter-javascript", "tree-sitter-typescript"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    # An editable install keeps its version while the extractor changes: hash the code that makes the facts.
    code = hashlib.sha256()
    for src in code_files():
        try:
            code.update(src.read_bytes())
        except OSError:
            code.update(b"?")
    parts.append("code=" + code.hexdigest())
    return "\n".join(parts).encode()


def code_files() -> tuple[Path, ...]:
    """The sources whose text decides the facts (hashed into every key): the extractor, its values, the Location
    class and this module. (After a move they must be named again here, or edits to them stop invalidating.)"""
    here = Path(__file__).resolve().parent
    return (here / "extract.py", here / "values.py", here.parent / "findings.py", Path(__file__))


def _private_file(path: Path) -> bool:
    """An existing cache file is used only if it is a regular file of ours that others cannot write."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o022:
        return False
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _private_dir(path: Path) -> bool:
    """Create `path` (mode 0700) if needed; True if it is a real directory of ours that others cannot write."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o077:
        return False
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


# Deferred writes not yet done: (cache, entries, evict), written when the process exits (after the report is out)
# or when a cache is opened again in this process, whichever comes first.
_PENDING: list[tuple[FactCache, list[tuple[str, Any, tuple[tuple[str, str], ...]]], bool]] = []


def wait_for_writers() -> None:
    """Write the facts this process deferred (`write_behind`): after it they are in the database."""
    if _PENDING:  # at exit: let whatever the scan printed out first
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
    while _PENDING:
        cache, entries, evict = _PENDING.pop(0)
        with contextlib.suppress(Exception):  # a cache that cannot be written only means extracting again
            cache._write(entries, evict)


atexit.register(wait_for_writers)


class FactCache:
    """Fact entries in one SQLite file (`facts.sqlite3`) in a private directory. Writes are batched (one
    transaction per `flush`): one file per entry cost about a millisecond each to create. Picklable (the connection
    is reopened where it is used), so pool workers can store what they extract."""

    def __init__(self, directory: Path, max_bytes: int = MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self.written = 0
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes, int, float]] = []
        self._touch: list[tuple[float, str]] = []
        self._deferred: list[tuple[str, Any, tuple[tuple[str, str], ...]]] | None = None

    @classmethod
    def open(cls, directory: Path | None = None, *, max_bytes: int = MAX_BYTES) -> FactCache | None:
        """The cache in `directory` (default: the user cache dir), or None when it cannot be used safely."""
        directory = cache_root() if directory is None else Path(directory)
        wait_for_writers()
        if not _private_dir(directory):
            return None
        cache = cls(directory, max_bytes)
        return cache if cache._connect() is not None else None

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory, "max_bytes": self.max_bytes}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["directory"], state["max_bytes"])  # type: ignore[misc]

    @property
    def path(self) -> Path:
        return self.directory / DB_NAME

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        for attempt in range(2):
            try:
                if self.path.exists() and not _private_file(self.path):
                    return None
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # effective on a new file: eviction frees disk space
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, blob BLOB NOT NULL, "
                    "size INTEGER NOT NULL, used REAL NOT NULL)"
                )
                db.execute("CREATE INDEX IF NOT EXISTS facts_used ON facts (used)")
                os.chmod(self.path, 0o600)
                self._db = db
                return db
            except (sqlite3.Error, OSError):
                # A damaged or foreign file: start a fresh cache once (it only holds what we can recompute).
                if attempt == 0:
                    for suffix in ("", "-wal", "-shm"):
                        with contextlib.suppress(OSError):
                            os.unlink(str(self.path) + suffix)
        return None

    def key(self, rel: str, data: bytes) -> str:
        h = hashlib.sha256(_salt())
        h.update(b"\0")
        h.update(rel.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        h.update(data)
        return h.hexdigest()

    def get(self, key: str, rel: str) -> tuple[Any, tuple[tuple[str, str], ...]] | None:
        """(module, resolutions) stored under key, or None (missing, unreadable, or not a well-formed entry)."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT blob, used FROM facts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[0], bytes):
            return None
        try:
            entry = _FactsUnpickler(io.BytesIO(row[0])).load()
        except Exception:  # any broken entry is a miss (truncated, hostile, written by another build)
            return None
        if not _well_formed(entry, key, rel):
            return None
        now = time.time()
        if not isinstance(row[1], int | float) or now - row[1] > _TOUCH_AFTER:
            self._touch.append((now, key))
        return entry[2], entry[1]

    def put(self, key: str, module: Any, resolutions: tuple[tuple[str, str], ...]) -> None:
        """Queue an entry; `flush` writes the queue in one transaction (`write_behind` when deferred)."""
        if self._deferred is not None:
            self._deferred.append((key, module, resolutions))
            return
        try:
            blob = pickle.dumps((key, resolutions, module), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError):
            return
        self._pending.append((key, blob, len(blob), time.time()))
        if len(self._pending) >= 2000:
            self.flush()

    def flush(self) -> None:
        """Write queued entries (and mark entries read as recently used); a failure (disk full, locked for too
        long, read-only) only means those files are extracted again next time."""
        pending, touch = self._pending, self._touch
        self._pending, self._touch = [], []
        db = self._connect() if pending or touch else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO facts (key, blob, size, used) VALUES (?, ?, ?, ?)", pending)
                db.executemany("UPDATE facts SET used = ? WHERE key = ?", touch)
        except sqlite3.Error:
            return
        self.written += len(pending)

    def defer(self) -> None:
        """Keep the entries `put` from now on (unpickled) for `write_behind`."""
        if self._deferred is None:
            self._deferred = []

    def write_behind(self, *, evict: bool = False) -> None:
        """Write the deferred entries (then evict, if asked) once the scan's results are out: when the process
        exits, or before this process opens a cache again. The facts are plain data nothing changes after
        extraction. (A forked writer overlapped the rules on a second core, but cost more CPU: its copy-on-write
        page faults on every fact it pickled, measured +0.15 s on a 120k-line app.)"""
        entries, self._deferred = self._deferred or [], None
        self.close()
        if entries or evict:
            _PENDING.append((self, entries, evict))

    def _write(self, entries: list[tuple[str, Any, tuple[tuple[str, str], ...]]], evict: bool) -> None:
        for key, module, resolutions in entries:
            self.put(key, module, resolutions)
        self.flush()
        if evict:
            self.evict()
        self.close()

    def evict(self) -> int:
        """Remove least recently used entries until the cache is under 90% of max_bytes; returns how many went."""
        db = self._connect()
        if db is None:
            return 0
        try:
            total = db.execute("SELECT COALESCE(SUM(size), 0) FROM facts").fetchone()[0]
            if total <= self.max_bytes:
                return 0
            removed = 0
            target = self.max_bytes * 9 // 10
            doomed = []
            for key, size in db.execute("SELECT key, size FROM facts ORDER BY used"):
                if total <= target:
                    break
                doomed.append((key,))
                total -= size
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM facts WHERE key = ?", doomed)
            removed = len(doomed)
            # Give the space back to the disk (without rewriting the whole file as VACUUM would).
            db.executescript("PRAGMA incremental_vacuum;")  # (execute() would free one page only)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return removed
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


def _well_formed(entry: object, key: str, rel: str) -> bool:
    from nodeward.js.extract import JsModule

    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == key):
        return False
    resolutions, module = entry[1], entry[2]
    if not isinstance(module, JsModule) or module.path != rel or not isinstance(resolutions, tuple):
        return False
    return all(
        isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], str) and isinstance(r[1], str) for r in resolutions
    )
