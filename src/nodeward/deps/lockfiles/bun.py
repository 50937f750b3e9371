"""bun.lock, bun's text lockfile (JSONC)."""

from __future__ import annotations

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.packages import Lockfile


def parse_bun_lock(path: str, text: str) -> Lockfile:
    raise LockfileError(path, "bun lockfiles are not supported yet")
