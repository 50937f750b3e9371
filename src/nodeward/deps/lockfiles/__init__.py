"""Lockfile parsers, one module per format, behind `parse_lockfile` and `find_lockfiles`."""

from __future__ import annotations

import fnmatch
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from nodeward.collect.discover import TEST_LIKE_DIRS
from nodeward.deps.lockfiles.errors import MAX_LOCKFILE_BYTES, LockfileError, check_size, max_packages, too_many
from nodeward.deps.lockfiles.manifests import declared_dependencies, declared_from_manifest
from nodeward.deps.packages import Lockfile
from nodeward.safe_files import UnsafeFile, decode, read_bytes_in, read_text_or_none

LOCKFILE_NAMES = ("npm-shrinkwrap.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb")
# bun.lock packages are tuples whose first item is "name@spec"; npm lockfiles have no such arrays.
_BUN_TUPLE = re.compile(r'\[\s*"(?:[^"@/]+|@[^"@/]+/[^"@/]+)@')
_PRUNED_DIRS = frozenset({"node_modules", ".git", ".hg", ".svn", ".yarn", ".pnpm-store"})


def parse_lockfile(path: str, text: str, manifests: Mapping[str, str] | None = None) -> Lockfile:
    """Parse one lockfile; the format comes from its file name, else from its contents.

    `path` is the lockfile's path relative to the scanned root (it becomes each package's location).
    `manifests` maps workspace folders (relative to the lockfile's folder, "" = its own) to package.json texts; the
    formats that do not record the root's declared dependencies (package-lock v1, yarn) use it for direct
    dependencies and dev/optional flags. Raises LockfileError, with a one-line message, when it cannot be parsed.
    """
    check_size(path, text)
    text = text.removeprefix("\ufeff")
    lockfile = _parse(path, text, manifests)
    if len(lockfile.packages) > max_packages():
        raise too_many(path, len(lockfile.packages), max_packages())
    return lockfile


def _parse(path: str, text: str, manifests: Mapping[str, str] | None) -> Lockfile:
    # Imported here so that one broken parser module cannot break the others' import.
    from nodeward.deps.lockfiles import bun, package_lock, pnpm, yarn_berry, yarn_classic

    name = PurePosixPath(path).name
    try:
        if name.endswith(("package-lock.json", "npm-shrinkwrap.json")):
            return package_lock.parse_package_lock(path, text, manifests)
        if name == "pnpm-lock.yaml" or name.endswith(".pnpm-lock.yaml"):
            return pnpm.parse_pnpm_lock(path, text)
        if name == "bun.lockb":
            raise LockfileError(path, "binary bun.lockb is not supported; run `bun install --save-text-lockfile`")
        if name == "bun.lock" or name.endswith(".bun.lock"):
            return bun.parse_bun_lock(path, text)
        if name == "yarn.lock" or name.endswith(".yarn.lock"):
            if yarn_berry.looks_like_berry(text):
                return yarn_berry.parse_yarn_berry(path, text, manifests)
            return yarn_classic.parse_yarn_classic(path, text, manifests)
        head = text[:8192].lstrip()
        if head.startswith("{"):
            if _BUN_TUPLE.search(text[:200_000]):
                return bun.parse_bun_lock(path, text)
            return package_lock.parse_package_lock(path, text, manifests)
        if yarn_berry.looks_like_berry(text):
            return yarn_berry.parse_yarn_berry(path, text, manifests)
        if "# yarn lockfile v1" in head:
            return yarn_classic.parse_yarn_classic(path, text, manifests)
        if head.startswith("lockfileVersion:") or "\nlockfileVersion:" in head:
            return pnpm.parse_pnpm_lock(path, text)
    except LockfileError:
        raise
    except RecursionError:
        raise LockfileError(path, "nested too deeply") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # A structurally surprising file: report it like any unparsable lockfile, never with a traceback.
        raise LockfileError(path, f"unexpected lockfile structure ({type(exc).__name__}: {exc})") from None
    raise LockfileError(path, "not a lockfile of a known format")


def find_lockfiles(project: Any) -> list[str]:
    """Relative paths of every lockfile in a project (root and workspaces), never under node_modules.

    `project` is a discovered `Project` (its file list is used) or a folder path (walked). In one folder
    npm-shrinkwrap.json wins over package-lock.json, as npm itself does.
    """
    if hasattr(project, "files"):
        candidates = [f.path for f in project.files if PurePosixPath(f.path).name in LOCKFILE_NAMES]
        # Discovery skips files over its size cap (2 MiB) and binary ones; big lockfiles are normal and bun.lockb is
        # binary, so those still count here (the parsers have their own limits). A lockfile skipped as a special file
        # (FIFO, device, a symlink out of the tree) counts too: reading it refuses, and the refusal is reported as
        # that lockfile's problem ("could not check"), never a silent "no lockfile".
        candidates += [s.path for s in getattr(project, "skipped", []) if PurePosixPath(s.path).name in LOCKFILE_NAMES]
    else:
        root = Path(project)
        candidates = []
        for folder, dirs, files in os.walk(root):
            # Lockfiles of test fixtures and examples are not the project's (discovery skips those folders too).
            dirs[:] = sorted(d for d in dirs if d not in _PRUNED_DIRS and d.lower() not in TEST_LIKE_DIRS)
            for file_name in files:
                if file_name in LOCKFILE_NAMES:
                    candidates.append((Path(folder) / file_name).relative_to(root).as_posix())
    candidates = [c for c in candidates if "node_modules" not in PurePosixPath(c).parts]
    present = set(candidates)
    chosen = []
    for rel in candidates:
        posix = PurePosixPath(rel)
        if posix.name == "package-lock.json" and str(posix.with_name("npm-shrinkwrap.json")) in present:
            continue
        if posix.name == "bun.lockb" and str(posix.with_name("bun.lock")) in present:
            continue
        chosen.append(rel)
    return sorted(chosen, key=lambda p: (len(PurePosixPath(p).parts), p))


def load_lockfile(root: str | os.PathLike[str], rel: str) -> Lockfile:
    """Read and parse the lockfile at `rel` under `root`, with the package.json files of its project and
    workspaces (needed by the formats that do not record declared dependencies)."""
    base = Path(root)
    try:
        text = decode(read_bytes_in(base, rel, cap=MAX_LOCKFILE_BYTES))
    except UnsafeFile as exc:
        raise LockfileError(rel, f"not read: {exc.reason}") from None
    return parse_lockfile(rel, text, _manifests_beside(base, PurePosixPath(rel).parent.as_posix()))


def load_all_lockfiles(root: str | os.PathLike[str]) -> tuple[list[Lockfile], list[LockfileError]]:
    """Every lockfile under `root` parsed, and one error per lockfile that could not be used.

    A lockfile that parses to no packages while its package.json declares dependencies is an error too: reporting
    it as "clean" would hide that nothing was checked.
    """
    lockfiles: list[Lockfile] = []
    errors: list[LockfileError] = []
    for rel in find_lockfiles(root):
        try:
            lockfile = load_lockfile(root, rel)
        except LockfileError as exc:
            errors.append(exc)
            continue
        if not lockfile.packages:
            manifest = read_text_or_none(Path(root), PurePosixPath(rel).parent / "package.json")
            declared = declared_from_manifest(manifest) or {}
            if declared:
                errors.append(
                    LockfileError(rel, f"lists no packages but package.json declares {len(declared)} dependencies")
                )
                continue
        lockfiles.append(lockfile)
    return lockfiles, errors


def _manifests_beside(root: Path, lock_dir: str) -> dict[str, str]:
    """package.json of the lockfile's folder and of the workspaces it declares (npm/yarn/bun `workspaces`)."""
    manifests: dict[str, str] = {}
    own = PurePosixPath(lock_dir)
    text = read_text_or_none(root, own / "package.json")
    if text is None:
        return manifests
    manifests[""] = text
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return manifests
    patterns = data.get("workspaces") if isinstance(data, dict) else None
    if isinstance(patterns, dict):
        patterns = patterns.get("packages")
    if not isinstance(patterns, list):
        return manifests
    folder = Path(root) / own
    for sub, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _PRUNED_DIRS)
        rel = Path(sub).relative_to(folder).as_posix()
        if rel == "." or "package.json" not in files or len(manifests) > 1000:
            continue
        if any(isinstance(p, str) and fnmatch.fnmatchcase(rel, p.rstrip("/")) for p in patterns):
            workspace_manifest = read_text_or_none(root, own / rel / "package.json")
            if workspace_manifest is not None:
                manifests[rel] = workspace_manifest
    return manifests


__all__ = [
    "LOCKFILE_NAMES",
    "LockfileError",
    "declared_dependencies",
    "declared_from_manifest",
    "find_lockfiles",
    "load_all_lockfiles",
    "load_lockfile",
    "parse_lockfile",
]
