"""The one error a lockfile parser raises, with a one-line message, and the limits that guard against hostile files."""

from __future__ import annotations

import os

# Real lockfiles of large monorepos stay well below this; anything bigger is refused rather than parsed slowly.
MAX_LOCKFILE_BYTES = 64 * 1024 * 1024
MAX_NESTING = 200
# Packages in one lockfile. The largest real monorepo lockfiles hold tens of thousands; past this a lockfile is
# reported as not audited (a notice, practice 2 "could not check") instead of costing minutes and gigabytes (1M
# entries took 102 s and 1.35 GB). Linear below. NODEWARD_MAX_LOCKFILE_PACKAGES raises it.
MAX_PACKAGES = 200_000
# What each format writes once per package (npm v2 writes "version" twice: counted half), counted before parsing
# (str.count is fast) to refuse early; the parsed count is checked after.
_PER_PACKAGE_MARKS = (('"node_modules/', 1), ('"version":', 2), ("\n  version", 1), ("resolution:", 1), ('": ["', 1))


class LockfileError(Exception):
    """A lockfile that cannot be parsed. The message is one line, safe to print."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = " ".join(str(reason).split())[:300]
        super().__init__(f"{path}: {self.reason}")


def max_packages() -> int:
    try:
        return max(1, int(os.environ.get("NODEWARD_MAX_LOCKFILE_PACKAGES", MAX_PACKAGES)))
    except ValueError:
        return MAX_PACKAGES


def check_size(path: str, text: str) -> None:
    if len(text) > MAX_LOCKFILE_BYTES:
        raise LockfileError(path, f"lockfile larger than {MAX_LOCKFILE_BYTES // (1024 * 1024)} MiB, not parsed")
    limit = max_packages()
    if len(text) // 16 > limit:  # no package entry is shorter than this: below it, nothing to count
        estimate = max(text.count(mark) // per for mark, per in _PER_PACKAGE_MARKS)
        if estimate > limit:
            raise too_many(path, estimate, limit)


def too_many(path: str, count: int, limit: int) -> LockfileError:
    return LockfileError(
        path,
        f"about {count} packages, over the {limit} one audit reads: not audited (NODEWARD_MAX_LOCKFILE_PACKAGES "
        "raises the limit)",
    )
