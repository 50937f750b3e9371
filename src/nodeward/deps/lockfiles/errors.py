"""The one error a lockfile parser raises, with a one-line message, and the limits that guard against hostile files."""

from __future__ import annotations

# Real lockfiles of large monorepos stay well below this; anything bigger is refused rather than parsed slowly.
MAX_LOCKFILE_BYTES = 64 * 1024 * 1024
MAX_NESTING = 200


class LockfileError(Exception):
    """A lockfile that cannot be parsed. The message is one line, safe to print."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = " ".join(str(reason).split())[:300]
        super().__init__(f"{path}: {self.reason}")


def check_size(path: str, text: str) -> None:
    if len(text) > MAX_LOCKFILE_BYTES:
        raise LockfileError(path, f"lockfile larger than {MAX_LOCKFILE_BYTES // (1024 * 1024)} MiB, not parsed")
