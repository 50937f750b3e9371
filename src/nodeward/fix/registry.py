"""The fix registry: `@fix("NW0301", safe=True)` attaches a patch builder to a rule, beside the rule's function.

A fix function takes the finding and a FixContext and returns a Patch (edits over byte ranges of the parsed files,
dependencies to add, notes for the user) or None when the code's shape is not one it can rewrite safely; the finding
then stays, with its advice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nodeward.findings import Finding
    from nodeward.fix.context import FixContext


@dataclass(frozen=True)
class Edit:
    """Replace bytes [start, end) of a file (relative to the project root) with `text`; start == end inserts.
    `create` marks a file that does not exist yet (start = end = 0)."""

    path: str
    start: int
    end: int
    text: str
    create: bool = False


@dataclass(frozen=True)
class Dependency:
    """A package the fixed code needs, added to the package.json at `manifest` (relative to the root)."""

    manifest: str
    name: str
    version: str
    dev: bool = False


@dataclass(frozen=True)
class Patch:
    """What one fix changes. `unsafe` (a reason) overrides the registered safety: the same fix can be safe in one
    app and change behaviour in another (Secure cookies in an app that is also served over plain HTTP)."""

    title: str
    edits: tuple[Edit, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    notes: tuple[str, ...] = ()
    unsafe: str | None = None


# A fix returns its Patch, or None (this code's shape is not one it rewrites), or a str saying what it lacks.
FixFunc = Callable[["Finding", "FixContext"], "Patch | str | None"]


@dataclass(frozen=True)
class FixSpec:
    code: str
    func: FixFunc
    safe: bool
    why_unsafe: str = ""  # shown next to an unsafe fix: what behaviour the user must review

    def build(self, finding: Finding, ctx: FixContext) -> Patch | str | None:
        return self.func(finding, ctx)


_FIXES: dict[str, FixSpec] = {}


def fix(code: str, *, safe: bool, why_unsafe: str = "") -> Callable[[FixFunc], FixFunc]:
    """Register the fix of rule `code`; it lives in the rule's practice module, right after the rule."""
    if not safe and not why_unsafe:
        raise ValueError(f"fix {code}: an unsafe fix says what behaviour it changes (why_unsafe)")

    def register(func: FixFunc) -> FixFunc:
        module = func.__module__.rsplit(".", 1)[-1]
        if module.startswith("p") and module[1:3].isdigit() and int(module[1:3]) != int(code[2:4]):
            raise ValueError(f"fix {code} lives in {module}, not beside its rule")
        if code in _FIXES and _FIXES[code].func.__qualname__ != func.__qualname__:
            raise ValueError(f"fix {code} registered twice")
        _FIXES[code] = FixSpec(code, func, safe, why_unsafe)
        return func

    return register


def fix_for(code: str) -> FixSpec | None:
    from nodeward.rules.registry import load_rules

    load_rules()
    return _FIXES.get(code)


def all_fixes() -> list[FixSpec]:
    from nodeward.rules.registry import load_rules

    load_rules()
    return sorted(_FIXES.values(), key=lambda f: f.code)


@dataclass
class FixOptions:
    """What the user gave `nodeward fix` that fixes may read."""

    contact: str | None = None
    today: str = ""  # ISO date; security.txt Expires is one year after it
    extra: dict[str, str] = field(default_factory=dict)
