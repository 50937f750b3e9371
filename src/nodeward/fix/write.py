"""Writing a fix plan: never over uncommitted work (git status of each file) unless forced, and say what happened
to every file."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from nodeward.fix.plan import FileChange


@dataclass(frozen=True)
class FileOutcome:
    path: str
    action: str  # "fixed", "created", "refused", "failed"
    detail: str


def _git_root(root: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def uncommitted(root: Path, paths: list[str]) -> set[str]:
    """The files among `paths` (relative to root) with changes git has not committed: modified, staged, or
    untracked. Empty when the project is not in a git repository."""
    if not paths or _git_root(root) is None:
        return set()
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set(paths)  # cannot tell: treat every file as dirty rather than risk someone's work
    if out.returncode != 0:
        return set(paths)
    git_root = _git_root(root)
    assert git_root is not None
    dirty = set()
    entries = out.stdout.decode("utf-8", "surrogateescape").split("\0")
    for entry in entries:
        if len(entry) < 4:
            continue
        name = entry[3:]
        absolute = (git_root / name).resolve()
        try:
            dirty.add(absolute.relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return dirty & set(paths)


def write_changes(root: Path, changes: list[FileChange], *, force: bool) -> list[FileOutcome]:
    outcomes = []
    existing = [c.path for c in changes if not c.created]
    dirty = set() if force else uncommitted(root, existing)
    blocked = _blocked(changes, dirty)
    for change in changes:
        codes = ", ".join(sorted({p.finding.code for p in change.fixes}))
        n = len(change.fixes)
        what = f"{n} fix{'es' if n != 1 else ''} ({codes})"
        if change.path in dirty:
            outcomes.append(
                FileOutcome(change.path, "refused", f"has uncommitted changes: {what} not applied (use --force)")
            )
            continue
        if change.path in blocked:
            outcomes.append(FileOutcome(change.path, "refused", f"not changed: {blocked[change.path]}"))
            continue
        target = root / change.path
        try:
            if change.created:
                if target.exists():
                    outcomes.append(FileOutcome(change.path, "refused", "exists now: not overwritten"))
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
            elif target.read_bytes().decode("utf-8", "replace") != change.before:
                outcomes.append(FileOutcome(change.path, "refused", "changed while fixing: not overwritten"))
                continue
            target.write_bytes(change.after.encode("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            outcomes.append(FileOutcome(change.path, "failed", f"cannot write: {exc}"))
            continue
        outcomes.append(FileOutcome(change.path, "created" if change.created else "fixed", what))
    return outcomes


def _blocked(changes: list[FileChange], dirty: set[str]) -> dict[str, str]:
    """Files left alone because a fix that also edits them has to change a dirty file: a fix is applied whole or
    not at all (helmet() in app.js without helmet in package.json would not start)."""
    blocked: dict[str, str] = {}
    refused = set(dirty)
    grew = True
    while grew:
        grew = False
        for change in changes:
            if change.path in refused:
                continue
            for other in changes:
                if other.path in refused and any(p in other.fixes for p in change.fixes):
                    why = "has uncommitted changes" if other.path in dirty else "is left alone"
                    blocked[change.path] = f"its fixes also edit {other.path}, which {why}"
                    refused.add(change.path)
                    grew = True
                    break
    return blocked
