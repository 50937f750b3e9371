"""From findings to file changes: build each finding's patch, merge them per file, drop overlapping ones, and
render the result as unified diffs."""

from __future__ import annotations

import difflib
import traceback
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from nodeward.findings import Finding
from nodeward.fix.context import FixContext
from nodeward.fix.jsonedit import add_members
from nodeward.fix.registry import Edit, Patch, fix_for


@dataclass(frozen=True)
class PlannedFix:
    """A finding with the patch its fix built, and whether that patch is safe."""

    finding: Finding
    patch: Patch
    safe: bool
    why_unsafe: str = ""

    @property
    def label(self) -> str:
        where = f"{self.finding.location.path}:{self.finding.location.line}"
        mark = "safe" if self.safe else "unsafe"
        return f"{self.finding.code} {where} {self.patch.title} [{mark}]"


@dataclass
class FileChange:
    path: str
    before: str  # "" for a file the fixes create
    after: str
    created: bool
    fixes: list[PlannedFix] = field(default_factory=list)

    def diff(self) -> str:
        old = "/dev/null" if self.created else f"a/{self.path}"
        lines = difflib.unified_diff(self.before.splitlines(True), self.after.splitlines(True), old, f"b/{self.path}")
        out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        return out


@dataclass
class FixPlan:
    changes: list[FileChange] = field(default_factory=list)
    applied: list[PlannedFix] = field(default_factory=list)
    skipped_unsafe: list[PlannedFix] = field(default_factory=list)
    conflicts: list[PlannedFix] = field(default_factory=list)
    unfixable: list[tuple[Finding, str]] = field(default_factory=list)  # a fix exists, not for this code: why
    errors: list[str] = field(default_factory=list)

    def notes_for(self, written: set[str]) -> list[str]:
        """The notes of the fixes whose files were all written (once each)."""
        seen: dict[str, None] = {}
        for change in self.changes:
            for p in change.fixes:
                touched = {e.path for e in p.patch.edits} | {d.manifest for d in p.patch.dependencies}
                if touched <= written:
                    seen.update(dict.fromkeys(p.patch.notes))
        return list(seen)


NO_SHAPE = "the code's shape is not one the fix rewrites: see the finding's advice"


def planned_fix(finding: Finding, ctx: FixContext) -> PlannedFix | str:
    """The fix of one finding, or why there is none for this code."""
    spec = fix_for(finding.code)
    if spec is None or finding.suppressed or not finding.location.path:
        return "no fix for this rule"
    patch = spec.build(finding, ctx)
    if isinstance(patch, str):
        return patch
    if patch is None or (not patch.edits and not patch.dependencies):
        return NO_SHAPE
    unsafe = patch.unsafe or ("" if spec.safe else spec.why_unsafe)
    return PlannedFix(finding, patch, not unsafe, unsafe or "")


def _overlaps(a: Edit, b: Edit) -> bool:
    """Two edits collide when their ranges overlap; equal edits and pure insertions (which compose in the order the
    fixes came) do not, nor does an insertion at either end of a replaced range."""
    if a == b or (a.start == a.end and b.start == b.end):
        return False
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _apply(data: bytes, edits: Iterable[Edit]) -> bytes:
    unique = list(dict.fromkeys(edits))
    # Stable sort on start: insertions at one offset stay in the order the fixes came.
    unique.sort(key=lambda e: (e.start, e.end))
    out, pos = [], 0
    for e in unique:
        out.append(data[pos : e.start])
        out.append(e.text.encode("utf-8"))
        pos = max(pos, e.end)
    out.append(data[pos:])
    return b"".join(out)


def build_plan(findings: Iterable[Finding], ctx: FixContext, *, unsafe: bool) -> FixPlan:
    plan = FixPlan()
    candidates: list[PlannedFix] = []
    findings = list(findings)
    ctx.findings, ctx.unsafe = findings, unsafe
    for finding in findings:
        if fix_for(finding.code) is None or finding.suppressed:
            continue
        try:
            planned = planned_fix(finding, ctx)
        except Exception as exc:  # a broken fix must not stop the others
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
            plan.errors.append(f"{finding.code} at {finding.location}: {type(exc).__name__}: {exc} (at {where})")
            continue
        if isinstance(planned, str):
            plan.unfixable.append((finding, planned))
        elif not planned.safe and not unsafe:
            plan.skipped_unsafe.append(planned)
        else:
            candidates.append(planned)
    accepted: dict[str, list[Edit]] = defaultdict(list)
    owners: dict[str, list[PlannedFix]] = defaultdict(list)
    for planned in candidates:
        edits = list(planned.patch.edits)
        if any(_overlaps(e, other) for e in edits for other in accepted[e.path]):
            plan.conflicts.append(planned)
            continue
        for e in edits:
            accepted[e.path].append(e)
            if planned not in owners[e.path]:
                owners[e.path].append(planned)
        plan.applied.append(planned)
    _add_dependencies(plan, ctx, accepted, owners)
    for path in sorted(accepted):
        edits = accepted[path]
        created = any(e.create for e in edits)
        before = b"" if created else (ctx.source(path) or b"")
        after = _apply(before, edits)
        if after == before:
            continue
        plan.changes.append(
            FileChange(path, before.decode("utf-8", "replace"), after.decode("utf-8"), created, owners[path])
        )
    return plan


def _add_dependencies(
    plan: FixPlan, ctx: FixContext, accepted: dict[str, list[Edit]], owners: dict[str, list[PlannedFix]]
) -> None:
    """All fixes' dependencies, merged into one set of edits per package.json (so they never collide)."""
    wanted: dict[tuple[str, bool], dict[str, str]] = defaultdict(dict)
    needs: dict[str, list[PlannedFix]] = defaultdict(list)
    for planned in plan.applied:
        for dep in planned.patch.dependencies:
            wanted[(dep.manifest, dep.dev)].setdefault(dep.name, dep.version)
            if planned not in needs[dep.manifest]:
                needs[dep.manifest].append(planned)
    for (manifest, dev), entries in sorted(wanted.items()):
        text = ctx.text(manifest)
        if text is None:
            plan.errors.append(f"{manifest}: cannot read it to add {', '.join(sorted(entries))}")
            continue
        try:
            edits = add_members(manifest, text, "devDependencies" if dev else "dependencies", entries)
        except (ValueError, IndexError) as exc:
            plan.errors.append(f"{manifest}: cannot add {', '.join(sorted(entries))}: {exc}")
            continue
        accepted[manifest].extend(edits)
        for planned in needs[manifest]:
            if planned not in owners[manifest]:
                owners[manifest].append(planned)
