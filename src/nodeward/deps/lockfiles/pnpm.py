"""pnpm-lock.yaml, lockfile versions 5.x, 6.0 and 9.0."""

from __future__ import annotations

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.packages import Lockfile


def parse_pnpm_lock(path: str, text: str) -> Lockfile:
    raise LockfileError(path, "pnpm lockfiles are not supported yet")
