"""`nodeward fix`: patches built by fix functions that live beside their rules (see registry.fix)."""

from nodeward.fix.registry import Dependency, Edit, FixSpec, Patch, all_fixes, fix, fix_for

__all__ = ["Dependency", "Edit", "FixSpec", "Patch", "all_fixes", "fix", "fix_for"]
