"""yarn.lock written by yarn 2+ (berry): YAML with `__metadata`."""

from __future__ import annotations

from collections.abc import Mapping

from nodeward.deps.lockfiles.errors import LockfileError
from nodeward.deps.packages import Lockfile


def looks_like_berry(text: str) -> bool:
    return "\n__metadata:" in f"\n{text[:4096]}"


def parse_yarn_berry(path: str, text: str, manifests: Mapping[str, str] | None = None) -> Lockfile:
    raise LockfileError(path, "yarn berry lockfiles are not supported yet")
