"""The one way nodeward reads a file of the scanned project: regular files only, inside the root, at most a cap.

A hostile repository can name a FIFO `package.json` (an ordinary open blocks forever), link `yarn.lock` to
`/dev/zero` (an ordinary read grows until MemoryError) or link `.npmrc` to a file outside the tree (a read
leaks it into the report). Every reader of scanned content goes through `read_bytes_in` / `read_text_in` (or
`read_regular_bytes` for a path discovery already placed inside the root), so that each of those is a skipped
file with a one-line reason instead of a hang, an exhaustion or a leak.

How: the path is resolved (symlinks followed) and must stay inside the root; the resolved path is `lstat`-ed and
must be a regular file; it is opened with O_NOFOLLOW (a symlink swapped in meanwhile fails) and O_NONBLOCK (a FIFO
swapped in meanwhile does not block the open); `fstat` on the open descriptor must still be a regular file (the
same one that was checked); then at most `cap` bytes are read, and a file larger than the cap is refused whole.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path

# Scanned files nodeward reads whole are small (manifests, configs) or are capped by their own readers (lockfiles,
# sources). This default keeps an unclassified read bounded.
DEFAULT_CAP = 4 * 1024 * 1024
# For a file discovery already listed (and size-checked): the cap only bounds what a file swapped in since can cost.
LISTED_CAP = 64 * 1024 * 1024
_O_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class UnsafeFile(OSError):
    """A file nodeward refuses to read. `reason` is one line, safe to print ("not a regular file (FIFO)")."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(reason)
        self.path = os.fspath(path)
        self.reason = reason
        self.strerror = reason

    def __str__(self) -> str:
        return self.reason


def file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISLNK, "symlink"),
    ):
        if test(mode):
            return name
    return "special file"


def _size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


@lru_cache(maxsize=8192)
def _real_dir(path: str) -> str:
    """realpath of a folder, cached: files share folders, and realpath costs one lstat per path component (60,000
    uncached calls took 9 s of a 20,000-file scan). A folder swapped for a link during one run is not re-checked
    here; the open (O_NOFOLLOW) and fstat below still are."""
    return os.path.realpath(path)


def resolve_inside(root: Path, rel: str | os.PathLike[str]) -> Path:
    """`root / rel` with symlinks resolved; UnsafeFile when it leaves the root, loops or does not exist."""
    real_root = Path(_real_dir(os.fspath(root)))
    candidate = Path(rel)
    joined = candidate if candidate.is_absolute() else real_root / candidate
    parent = Path(_real_dir(os.fspath(joined.parent)))
    fast = parent / joined.name
    try:
        if not stat.S_ISLNK(os.lstat(fast).st_mode):  # the common case: no link at the last step
            if not fast.is_relative_to(real_root):
                raise UnsafeFile(rel, "symlink pointing outside the scanned folder")
            return fast
    except FileNotFoundError:
        raise UnsafeFile(rel, "not found") from None
    except OSError as exc:
        raise UnsafeFile(rel, f"unreadable ({exc.strerror or exc})") from None
    try:
        target = joined.resolve(strict=True)
    except FileNotFoundError:
        raise UnsafeFile(rel, "not found") from None
    except RuntimeError:
        raise UnsafeFile(rel, "symlink loop") from None
    except OSError as exc:
        raise UnsafeFile(rel, f"unreadable ({exc.strerror or exc})") from None
    if not target.is_relative_to(real_root):
        raise UnsafeFile(rel, "symlink pointing outside the scanned folder")
    return target


def read_regular_bytes(path: str | os.PathLike[str], *, cap: int = DEFAULT_CAP) -> bytes:
    """The bytes of `path` (symlinks resolved) if it is a regular file of at most `cap` bytes. No containment test:
    for a path discovery already placed inside the root; `read_bytes_in` for any other."""
    return _read(path, cap, whole=True)


def read_head(path: str | os.PathLike[str], limit: int) -> bytes:
    """The first `limit` bytes of the regular file at `path` (symlinks resolved), however large it is."""
    return _read(path, limit, whole=False)


def read_range(path: str | os.PathLike[str], start: int, length: int) -> bytes:
    """At most `length` bytes of the regular file at `path` from byte `start` (a call's source text, say)."""
    return _read(path, max(length, 0), whole=False, start=max(start, 0))


def _read(path: str | os.PathLike[str], cap: int, *, whole: bool, start: int = 0) -> bytes:
    try:
        before = os.lstat(path)
        if stat.S_ISLNK(before.st_mode):  # follow the link (containment is the caller's: resolve_inside)
            path = os.path.realpath(path)
            before = os.lstat(path)
    except FileNotFoundError:
        raise UnsafeFile(path, "not found") from None
    except OSError as exc:
        raise UnsafeFile(path, f"unreadable ({exc.strerror or exc})") from None
    if not stat.S_ISREG(before.st_mode):
        raise UnsafeFile(path, f"not a regular file ({file_kind(before.st_mode)})")
    if whole and before.st_size > cap:
        raise UnsafeFile(path, f"larger than {_size_text(cap)}")
    try:
        fd = os.open(path, _O_FLAGS)
    except OSError as exc:
        raise UnsafeFile(path, f"unreadable ({exc.strerror or exc})") from None
    chunks: list[bytes] = []
    try:
        after = os.fstat(fd)
        if not stat.S_ISREG(after.st_mode) or (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            raise UnsafeFile(path, "changed while being read")
        if start:
            os.lseek(fd, start, os.SEEK_SET)
        # One byte more than allowed tells a file that grew past the cap after the size test.
        remaining = cap + 1 if whole else cap
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except BlockingIOError:
        raise UnsafeFile(path, "not a regular file") from None
    except UnsafeFile:
        raise
    except OSError as exc:
        raise UnsafeFile(path, f"unreadable ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if whole and len(data) > cap:
        raise UnsafeFile(path, f"larger than {_size_text(cap)}")
    return data


def read_bytes_in(root: Path, rel: str | os.PathLike[str], *, cap: int = DEFAULT_CAP) -> bytes:
    """The bytes of `root / rel`: a regular file inside `root` (after symlinks) of at most `cap` bytes."""
    return read_regular_bytes(resolve_inside(root, rel), cap=cap)


def decode(data: bytes) -> str:
    """Scanned text: invalid UTF-8 replaced, never fatal; a byte-order mark dropped."""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def read_text_in(root: Path, rel: str | os.PathLike[str], *, cap: int = DEFAULT_CAP) -> str:
    return decode(read_bytes_in(root, rel, cap=cap))


def read_text_or_none(root: Path, rel: str | os.PathLike[str], *, cap: int = DEFAULT_CAP) -> str | None:
    """For optional files (a .npmrc, a workspace's package.json): None when absent or refused."""
    try:
        return read_text_in(root, rel, cap=cap)
    except UnsafeFile:
        return None


def is_regular_file_in(root: Path, rel: str | os.PathLike[str]) -> bool:
    """True when `root / rel` resolves to a regular file inside `root` (a cheap test before a walk lists it)."""
    try:
        return stat.S_ISREG(os.stat(resolve_inside(root, rel)).st_mode)
    except OSError:
        return False
