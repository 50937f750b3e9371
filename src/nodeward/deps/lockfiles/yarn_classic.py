"""yarn.lock written by yarn 1 (classic)."""

from __future__ import annotations

from collections.abc import Mapping

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.packages import Lockfile


def parse_yarn_classic(path: str, text: str, manifests: Mapping[str, str] | None = None) -> Lockfile:
    raise LockfileError(path, "yarn classic lockfiles are not supported yet")
