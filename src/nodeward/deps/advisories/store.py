"""The offline advisory store: a SQLite file built from OSV's npm export (zip or folder), read without network.

Builds are atomic: the new store is written to a temporary file beside the old one and renamed over it only when
complete, so a failed or interrupted import leaves the previous store usable. Archives are read in memory, never
extracted, with caps on member count, member size and total size; unreadable records are skipped and counted.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from nodeward.deps.advisories import STALE_AFTER_DAYS, SourceAnswer, SourceUnavailable
from nodeward.deps.advisories.model import Advisory, InvalidRecord, advisory_from_osv
from nodeward.safe_files import UnsafeFile, read_bytes_in

SCHEMA_VERSION = "1"
DEFAULT_OSV_EXPORT_URL = "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip"
STORE_FILENAME = "advisories.sqlite3"
# Fields kept from each record: what matching and reporting read (details and references are large and unused).
_KEPT_FIELDS = ("id", "aliases", "summary", "modified", "published", "withdrawn", "severity", "affected")


@dataclass(frozen=True)
class ImportLimits:
    max_members: int = 500_000
    max_member_bytes: int = 8 * 1024 * 1024
    max_total_bytes: int = 4 * 1024 * 1024 * 1024
    max_download_bytes: int = 1024 * 1024 * 1024


@dataclass
class ImportStats:
    records: int = 0
    withdrawn: int = 0
    skipped_bad_json: int = 0
    skipped_invalid: int = 0
    skipped_not_npm: int = 0
    skipped_unsafe: int = 0  # members with absolute or `..` paths, symlinks, oversize files
    notes: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.skipped_bad_json + self.skipped_invalid + self.skipped_not_npm + self.skipped_unsafe


@dataclass(frozen=True)
class StoreStatus:
    path: str
    exists: bool
    built_at: str | None = None
    age_days: float | None = None
    origin: str | None = None
    records: int | None = None
    skipped: int | None = None
    error: str | None = None

    @property
    def stale(self) -> bool:
        return self.age_days is not None and self.age_days > STALE_AFTER_DAYS


class StoreError(Exception):
    """The store could not be built or read; a one-line message for the user."""


def default_store_path(env: Mapping[str, str] | None = None) -> Path:
    """$NODEWARD_ADVISORY_DB, else $XDG_CACHE_HOME/nodeward/advisories.sqlite3, else ~/.cache/nodeward/..."""
    env = os.environ if env is None else env
    if env.get("NODEWARD_ADVISORY_DB"):
        return Path(env["NODEWARD_ADVISORY_DB"]).expanduser()
    return cache_dir(env) / STORE_FILENAME


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "nodeward"


# ---- reading OSV files safely -------------------------------------------------------------------------------------


def _unsafe_member_name(name: str) -> bool:
    if "\x00" in name or "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def _iter_zip(path: Path, limits: ImportLimits, stats: ImportStats) -> Iterator[bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise StoreError(f"{path}: not a readable zip archive ({exc})") from None
    total = 0
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise StoreError(f"{path}: {len(members)} members, over the limit of {limits.max_members}")
        for info in members:
            if info.is_dir():
                continue
            if _unsafe_member_name(info.filename) or not info.filename.endswith(".json"):
                stats.skipped_unsafe += _unsafe_member_name(info.filename)
                continue
            if info.file_size > limits.max_member_bytes:
                stats.skipped_unsafe += 1
                continue
            try:
                with archive.open(info) as member:
                    # Read one byte past the cap: a member whose header lies about its size is caught here.
                    data = member.read(limits.max_member_bytes + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                stats.skipped_bad_json += 1
                stats.notes.append(f"{info.filename}: unreadable ({exc})")
                continue
            if len(data) > limits.max_member_bytes:
                stats.skipped_unsafe += 1
                continue
            total += len(data)
            if total > limits.max_total_bytes:
                raise StoreError(f"{path}: more than {limits.max_total_bytes} bytes uncompressed, refusing")
            yield data


def _iter_folder(root: Path, limits: ImportLimits, stats: ImportStats) -> Iterator[bytes]:
    total = 0
    count = 0
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".json"):
                continue
            file = Path(dirpath) / name
            count += 1
            if count > limits.max_members:
                raise StoreError(f"{root}: more than {limits.max_members} files, refusing")
            try:
                if file.is_symlink():
                    stats.skipped_unsafe += 1
                    continue
                # the one safe reader: a FIFO or device named *.json is refused, never read (or waited on)
                data = read_bytes_in(real_root, file.relative_to(root), cap=limits.max_member_bytes)
            except UnsafeFile:
                stats.skipped_unsafe += 1
                continue
            except OSError as exc:
                stats.skipped_bad_json += 1
                stats.notes.append(f"{file}: unreadable ({exc.strerror})")
                continue
            total += len(data)
            if total > limits.max_total_bytes:
                raise StoreError(f"{root}: more than {limits.max_total_bytes} bytes, refusing")
            yield data


# ---- building -----------------------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE advisories (id TEXT PRIMARY KEY, modified TEXT, withdrawn TEXT, record TEXT NOT NULL);
CREATE TABLE affected (name TEXT NOT NULL, name_lower TEXT NOT NULL, id TEXT NOT NULL);
"""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def import_osv(
    source: Path,
    dest: Path,
    *,
    origin: str | None = None,
    limits: ImportLimits | None = None,
    now: datetime | None = None,
) -> ImportStats:
    """Build the store at `dest` from a zip or a folder of OSV JSON records; atomic, the old store survives failure."""
    limits = limits or ImportLimits()
    stats = ImportStats()
    if source.is_dir():
        records: Iterator[bytes] = _iter_folder(source, limits, stats)
    elif source.is_file():
        records = _iter_zip(source, limits, stats)
    else:
        raise StoreError(f"{source}: no such file or folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".advisories-", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript(_SCHEMA)
            seen: set[str] = set()
            for data in records:
                _add_record(conn, data, stats, seen)
            if stats.records == 0:
                raise StoreError(f"{source}: no usable npm advisory records ({stats.skipped} skipped)")
            conn.execute("CREATE INDEX affected_name ON affected (name_lower)")
            built = (now or _now()).isoformat(timespec="seconds")
            meta = {
                "schema": SCHEMA_VERSION,
                "built_at": built,
                "origin": origin or str(source),
                "records": str(stats.records),
                "skipped": str(stats.skipped),
            }
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.commit()
        finally:
            conn.close()
        tmp.replace(dest)  # atomic on POSIX: readers see the old store or the new one
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return stats


def _add_record(conn: sqlite3.Connection, data: bytes, stats: ImportStats, seen: set[str]) -> None:
    try:
        record = json.loads(data)
    except (ValueError, RecursionError):
        stats.skipped_bad_json += 1
        return
    try:
        advisory = advisory_from_osv(record)
    except (InvalidRecord, RecursionError):
        stats.skipped_invalid += 1
        return
    if not advisory.affected:
        stats.skipped_not_npm += 1
        return
    if advisory.id in seen:
        stats.notes.append(f"{advisory.id}: duplicate record, kept the first")
        return
    seen.add(advisory.id)
    kept = {k: record[k] for k in _KEPT_FIELDS if k in record}
    db = record.get("database_specific")
    if isinstance(db, dict):
        kept["database_specific"] = {k: db[k] for k in ("severity", "cwe_ids") if k in db}
    conn.execute(
        "INSERT INTO advisories VALUES (?, ?, ?, ?)",
        (advisory.id, advisory.modified, advisory.withdrawn, json.dumps(kept, separators=(",", ":"))),
    )
    conn.executemany("INSERT INTO affected VALUES (?, ?, ?)", [(n, n.lower(), advisory.id) for n in advisory.names])
    stats.records += 1
    stats.withdrawn += advisory.withdrawn is not None


def download_export(
    url: str,
    target: Path,
    *,
    limits: ImportLimits | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    timeout: float = 60.0,
) -> int:
    """Stream the OSV export to `target` (size-capped); returns the byte count. Raises StoreError on failure."""
    import httpx

    limits = limits or ImportLimits()
    done = 0
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code != 200:
                raise StoreError(f"GET {url}: HTTP {response.status_code}")
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > limits.max_download_bytes:
                raise StoreError(f"GET {url}: {total} bytes, over the limit of {limits.max_download_bytes}")
            with target.open("wb") as out:
                for chunk in response.iter_bytes():
                    done += len(chunk)
                    if done > limits.max_download_bytes:
                        raise StoreError(f"GET {url}: more than {limits.max_download_bytes} bytes, stopped")
                    out.write(chunk)
                    if progress:
                        progress(done, total)
    except httpx.HTTPError as exc:
        raise StoreError(f"GET {url}: {type(exc).__name__}: {exc}") from None
    return done


def update_from_url(
    url: str,
    dest: Path,
    *,
    limits: ImportLimits | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportStats:
    """`nodeward db update`: download the export beside the store, then import it atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".osv-export-", suffix=".zip", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        download_export(url, tmp, limits=limits, progress=progress)
        return import_osv(tmp, dest, origin=url, limits=limits)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# ---- reading ------------------------------------------------------------------------------------------------------


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _age_days(built_at: str | None, now: datetime | None = None) -> float | None:
    if not built_at:
        return None
    try:
        built = datetime.fromisoformat(built_at)
    except ValueError:
        return None
    if built.tzinfo is None:
        built = built.replace(tzinfo=timezone.utc)
    return max(0.0, ((now or _now()) - built).total_seconds() / 86400)


def store_status(path: Path, now: datetime | None = None) -> StoreStatus:
    if not path.is_file():
        return StoreStatus(str(path), exists=False)
    try:
        conn = _connect_ro(path)
        try:
            meta = _meta(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return StoreStatus(str(path), exists=True, error=f"not a nodeward advisory store ({exc})")
    if meta.get("schema") != SCHEMA_VERSION:
        return StoreStatus(str(path), exists=True, error=f"store schema {meta.get('schema')!r}, expected 1")
    return StoreStatus(
        str(path),
        exists=True,
        built_at=meta.get("built_at"),
        age_days=_age_days(meta.get("built_at"), now),
        origin=meta.get("origin"),
        records=int(meta.get("records", "0")),
        skipped=int(meta.get("skipped", "0")),
    )


class OfflineStore:
    """AdvisorySource over the SQLite store: no network at all."""

    name = "offline-store"

    def __init__(self, path: Path, now: datetime | None = None) -> None:
        self.path = path
        self.now = now

    def status(self) -> StoreStatus:
        return store_status(self.path, self.now)

    def fetch(self, wanted: Mapping[str, frozenset[str]]) -> SourceAnswer:
        status = self.status()
        if not status.exists:
            raise SourceUnavailable(f"no offline advisory store at {self.path} (run `nodeward db update`)")
        if status.error:
            raise SourceUnavailable(f"{self.path}: {status.error}")
        advisories: list[Advisory] = []
        names = sorted({n.lower() for n in wanted})
        try:
            conn = _connect_ro(self.path)
            try:
                ids: set[str] = set()
                for start in range(0, len(names), 500):
                    chunk = names[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(
                        f"SELECT a.id, a.record FROM affected f JOIN advisories a ON a.id = f.id "
                        f"WHERE f.name_lower IN ({marks})",
                        chunk,
                    ).fetchall()
                    for ident, record in rows:
                        if ident in ids:
                            continue
                        ids.add(ident)
                        advisories.append(advisory_from_osv(json.loads(record)))
            finally:
                conn.close()
        except (sqlite3.Error, ValueError, InvalidRecord) as exc:
            raise SourceUnavailable(f"{self.path}: unreadable advisory store ({exc})") from None
        warnings: tuple[str, ...] = ()
        if status.stale:
            warnings = (
                f"the offline advisory store is {status.age_days:.0f} days old (built {status.built_at}); "
                "run `nodeward db update`",
            )
        return SourceAnswer(
            source=self.name,
            location=str(self.path),
            advisories=tuple(sorted(advisories, key=lambda a: a.id)),
            built_at=status.built_at,
            age_days=status.age_days,
            record_count=status.records,
            warnings=warnings,
        )
