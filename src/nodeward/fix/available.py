"""Which findings of a scan report `nodeward fix` can fix, with the exact edits: what the JSON, terminal and SARIF
reports show (SARIF `fixes` with artifactChanges, so code-scanning UIs can offer them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nodeward.fix.context import FixContext
from nodeward.fix.jsonedit import add_members
from nodeward.fix.plan import PlannedFix, planned_fix
from nodeward.fix.registry import Edit, fix_for


@dataclass(frozen=True)
class Replacement:
    """An edit as 1-based line/column positions (columns in UTF-16 code units, SARIF's default)."""

    path: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str
    created: bool


@dataclass(frozen=True)
class AvailableFix:
    title: str
    safe: bool
    why_unsafe: str
    replacements: tuple[Replacement, ...]

    @property
    def safety(self) -> str:
        return "safe" if self.safe else "unsafe"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace").encode("utf-16-le")) // 2 + 1
    return line, column


def _replacement(edit: Edit, ctx: FixContext) -> Replacement:
    data = b"" if edit.create else (ctx.source(edit.path) or b"")
    (l1, c1), (l2, c2) = _position(data, edit.start), _position(data, edit.end)
    return Replacement(edit.path, l1, c1, l2, c2, edit.text, edit.create)


def _edits(planned: PlannedFix, ctx: FixContext) -> list[Edit]:
    edits = list(planned.patch.edits)
    for dep in planned.patch.dependencies:
        text = ctx.text(dep.manifest)
        if text is not None:
            section = "devDependencies" if dep.dev else "dependencies"
            edits += add_members(dep.manifest, text, section, {dep.name: dep.version})
    return edits


_CACHE: dict[int, tuple[Any, dict[str, AvailableFix]]] = {}


def available_fixes(report: Any) -> dict[str, AvailableFix]:
    """fingerprint -> the fix `nodeward fix` builds (unsafe ones too, marked as such), for a scan of a folder."""
    cached = _CACHE.get(id(report))
    if cached is not None and cached[0] is report:
        return cached[1]
    out: dict[str, AvailableFix] = {}
    root = Path(report.target)
    if report.command == "scan" and root.is_dir():
        ctx = FixContext(root, findings=list(report.active))  # as `nodeward fix` builds them without --unsafe
        for finding in report.active:
            if fix_for(finding.code) is None:
                continue
            try:
                planned = planned_fix(finding, ctx)
                if isinstance(planned, str):
                    continue
                replacements = tuple(_replacement(e, ctx) for e in _edits(planned, ctx))
            except Exception:  # a report is never lost to a broken fix: the finding just shows no fix
                continue
            out[finding.fingerprint] = AvailableFix(planned.patch.title, planned.safe, planned.why_unsafe, replacements)
    _CACHE.clear()
    _CACHE[id(report)] = (report, out)
    return out


def sarif_fix(fix: AvailableFix) -> dict[str, Any]:
    """A SARIF 2.1.0 `fix` object: one artifactChange per file, one replacement per edit."""
    changes: dict[str, list[dict[str, Any]]] = {}
    for r in fix.replacements:
        region = {"startLine": r.start_line, "startColumn": r.start_column}
        region |= {"endLine": r.end_line, "endColumn": r.end_column}
        changes.setdefault(r.path, []).append({"deletedRegion": region, "insertedContent": {"text": r.text}})
    mark = "" if fix.safe else f" (unsafe: {fix.why_unsafe})"
    return {
        "description": {"text": f"nodeward fix: {fix.title}{mark}"},
        "artifactChanges": [
            {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "replacements": replacements}
            for path, replacements in changes.items()
        ],
    }
