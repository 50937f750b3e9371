"""Content-addressed cache of per-file JS/TS facts, so a re-scan of an unchanged tree skips parsing and extraction.

An entry is keyed by sha256 of: the file's bytes, its path in the project (facts hold the path in every location),
the nodeward version, a hash of the extractor's own source, the tree-sitter and grammar versions, the Python
version and FACTS_FORMAT. Facts also depend on which project files exist (a relative import resolves to `./x.js`
or `./x/index.ts`): each entry keeps the resolutions it made and is used only if they resolve the same way now.

Storage: `$XDG_CACHE_HOME/nodeward/facts` (else `~/.cache/nodeward/facts`), one pickle per entry. Pickle is fast
and the facts are plain dataclasses, but loading a pickle can run code if someone else wrote it. Trade-off taken:
entries are read only from a directory nodeward created with mode 0700 and that is owned by the current user and
not writable by others (checked at open; otherwise the cache is off for the run); the unpickler accepts only the
fact classes (a whitelist, so even a planted entry cannot name os.system); any entry that fails to load or does
not look right is ignored, re-extracted and rewritten. Writes are atomic (temporary file + rename). The total size
is bounded: beyond `max_bytes` the least recently used entries go.
Turn it off with `scan --no-cache`, `NODEWARD_NO_CACHE=1` or `cache = false` in nodeward.toml.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

FACTS_FORMAT = 1  # bump when the shape or meaning of JsModule facts changes without a code change in the extractor
MAX_BYTES = 500 * 1024 * 1024
_TOUCH_AFTER = 24 * 3600  # an entry read is marked recently used at most once a day (one utime per entry per day)

# The only globals an entry may name: the fact classes and the UNDEFINED singleton.
_ALLOWED = {
    "nodeward.project.javascript": {
        "JsModule",
        "Import",
        "Call",
        "Decorator",
        "Method",
        "ClassFact",
        "Assignment",
        "FunctionFact",
    },
    "nodeward.project.jsvalues": {"Unknown", "Ref", "Prop", "Obj", "Arr", "Func", "UNDEFINED", "_Undefined"},
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
    here = Path(__file__).resolve().parent
    code = hashlib.sha256()
    for src in (here / "javascript.py", here / "jsvalues.py", here.parent / "findings.py", Path(__file__)):
        try:
            code.update(src.read_bytes())
        except OSError:
            code.update(b"?")
    parts.append("code=" + code.hexdigest())
    return "\n".join(parts).encode()


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


class FactCache:
    """Reads and writes fact entries in one directory. Picklable (only the path and limits), so pool workers can
    write the entries they extract."""

    def __init__(self, directory: Path, max_bytes: int = MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self.written = 0

    @classmethod
    def open(cls, directory: Path | None = None, *, max_bytes: int = MAX_BYTES) -> FactCache | None:
        """The cache in `directory` (default: the user cache dir), or None when it cannot be used safely."""
        directory = cache_root() if directory is None else Path(directory)
        if not _private_dir(directory):
            return None
        return cls(directory, max_bytes)

    def key(self, rel: str, data: bytes) -> str:
        h = hashlib.sha256(_salt())
        h.update(b"\0")
        h.update(rel.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        h.update(data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key[2:]

    def get(self, key: str, rel: str) -> tuple[Any, tuple[tuple[str, str], ...]] | None:
        """(module, resolutions) stored under key, or None (missing, unreadable, or not a well-formed entry)."""
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                blob = fh.read()
        except OSError:
            return None
        try:
            entry = _FactsUnpickler(io.BytesIO(blob)).load()
        except Exception:  # any broken entry is a miss (truncated, hostile, written by another build)
            return None
        if not _well_formed(entry, key, rel):
            return None
        if time.time() - st.st_mtime > _TOUCH_AFTER:
            with contextlib.suppress(OSError):
                os.utime(path)
        return entry[2], entry[1]

    def put(self, key: str, module: Any, resolutions: tuple[tuple[str, str], ...]) -> None:
        """Write an entry atomically; a failure (disk full, read-only) only means no cache for this file."""
        path = self._path(key)
        try:
            blob = pickle.dumps((key, resolutions, module), protocol=pickle.HIGHEST_PROTOCOL)
            path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, RecursionError):
            return
        self.written += 1

    def evict(self) -> int:
        """Remove least recently used entries until the cache is under 90% of max_bytes; returns how many went."""
        entries: list[tuple[float, int, str]] = []
        total = 0
        try:
            shards = list(os.scandir(self.directory))
        except OSError:
            return 0
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                continue
            try:
                for e in os.scandir(shard.path):
                    try:
                        st = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    entries.append((st.st_mtime, st.st_size, e.path))
                    total += st.st_size
            except OSError:
                continue
        if total <= self.max_bytes:
            return 0
        removed = 0
        target = self.max_bytes * 9 // 10
        for _mtime, size, path in sorted(entries):
            if total <= target:
                break
            try:
                os.unlink(path)
            except OSError:
                continue
            total -= size
            removed += 1
        return removed


def _well_formed(entry: object, key: str, rel: str) -> bool:
    from nodeward.project.javascript import JsModule

    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == key):
        return False
    resolutions, module = entry[1], entry[2]
    if not isinstance(module, JsModule) or module.path != rel or not isinstance(resolutions, tuple):
        return False
    return all(
        isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], str) and isinstance(r[1], str) for r in resolutions
    )
