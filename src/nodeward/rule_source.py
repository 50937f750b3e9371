"""A rule's metadata and documentation read from its practice module's source, without importing it.

Importing a practice module pulls in the parsers and the probe (about 0.4 s); `nodeward explain NW0301`, run from
editors and hooks, needs only the `@rule(...)` arguments and the docstring, which `ast` reads from the one module
pNN that holds practice NN's rules. The registry stays the truth: whatever this cannot read (a rule registered
some other way) is looked up there, and a test checks that the two agree on every registered rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nodeward.findings import Confidence, Severity

PRACTICES_DIR = Path(__file__).resolve().parent / "practices"


@dataclass(frozen=True)
class RuleSource:
    """The fields of nodeward.rules.registry.Rule that `explain` prints."""

    code: str
    name: str
    practice: int
    severity: Severity
    confidence: Confidence
    cwe: int | None
    profile: str
    doc: str


def _enum(node: ast.expr | None, enum: type[Severity] | type[Confidence], default: str | None) -> Severity | Confidence:
    if node is None:
        if default is None:
            raise ValueError("required")
        return enum[default]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == enum.__name__:
        return enum[node.attr]
    raise ValueError("not a literal")


def _literal(node: ast.expr | None, default: object, constants: dict[str, object]) -> object:
    if node is None:
        return default
    if isinstance(node, ast.Name) and node.id in constants:  # cwe=CWE_UNNECESSARY_PRIVILEGES
        return constants[node.id]
    return ast.literal_eval(node)


def _constants(tree: ast.Module) -> dict[str, object]:
    """Module-level `NAME = <literal>` assignments."""
    out: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
    return out


def _rule_of(func: ast.FunctionDef, decorator: ast.expr, constants: dict[str, object]) -> RuleSource | None:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name) and decorator.func.id == "rule"):
        return None
    try:
        code, name = (_literal(arg, None, constants) for arg in decorator.args[:2])
        kw = {k.arg: k.value for k in decorator.keywords if k.arg}
        cwe = _literal(kw.get("cwe"), None, constants)
        profile = _literal(kw.get("profile"), "default", constants)
        return RuleSource(
            code=str(code),
            name=str(name),
            practice=int(str(code)[2:4]),
            severity=Severity(_enum(kw.get("severity"), Severity, None)),
            confidence=Confidence(_enum(kw.get("confidence"), Confidence, "HIGH")),
            cwe=int(cwe) if isinstance(cwe, int) else None,
            profile=str(profile),
            doc=ast.get_docstring(func, clean=True) or "",
        )
    except (ValueError, TypeError, KeyError, SyntaxError):
        return None  # not written as literals: the registry answers


@lru_cache(maxsize=32)
def rules_in(module: Path) -> tuple[RuleSource, ...]:
    tree = ast.parse(module.read_text("utf-8"), str(module))
    constants = _constants(tree)
    out: list[RuleSource] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out.extend(r for r in (_rule_of(node, d, constants) for d in node.decorator_list) if r is not None)
    return tuple(out)


def find_rule(code_or_name: str) -> RuleSource | None:
    """The rule by code (one module read) or by name (all fifteen read); None when the source does not say."""
    key = code_or_name.strip()
    if len(key) == 6 and key[:2].upper() == "NW" and key[2:].isdigit():
        modules = sorted(PRACTICES_DIR.glob(f"p{key[2:4]}_*.py"))
        match = lambda r: r.code == key.upper()  # noqa: E731
    else:
        modules = sorted(PRACTICES_DIR.glob("p[0-9][0-9]_*.py"))
        match = lambda r: r.name == key.lower()  # noqa: E731
    for module in modules:
        for found in rules_in(module):
            if match(found):
                return found
    return None
