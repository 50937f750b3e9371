"""Find regular expressions in nodeward's source that backtrack super-linearly on hostile input.

Every pattern literal passed to `re.compile/match/search/...` in src/nodeward is parsed with Python's own regex
parser; for each repetition in it, an attack string is built the way ReDoS finders do: a minimal text that reaches
the repetition, then a long run of a character the repetition (and its neighbours) accept, then a character that
makes the match fail; and the restart attack, that minimal text and a character the repetition accepts, repeated
(every search attempt from every opener scans to the end when no closer comes). Each attack is timed at two
lengths; a pattern whose time grows much faster than the length (x16 for x4 more input is quadratic) is reported.

    python tests/hostile/regex_audit.py            # prints the super-linear patterns, exit 1 if any

Patterns used with re.match/re.fullmatch are timed with that function (anchored); compiled ones with search (the
worst case). ALLOWED lists the patterns that never see scanned content or are applied once, with the reason.
"""

from __future__ import annotations

import ast
import math
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

try:
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

SRC = Path(__file__).resolve().parents[2] / "src" / "nodeward"
# (file, pattern start) -> why it is not an attack surface
ALLOWED = {
    ("src/nodeward/rules/docs.py", "^```"): "nodeward's own rule docstrings",
    ("src/nodeward/rules/registry.py", "^## "): "nodeward's own rule docstrings",
    ("src/nodeward/practices/p09_https_cookies.py", "^(?:async"): "applied to whitespace-collapsed text (one space)",
    ("src/nodeward/fix/jsonedit.py", '"(?:'): "only .match at one offset (one attempt, linear), never search",
}
RE_FUNCS = {"compile", "match", "search", "findall", "finditer", "fullmatch", "sub", "subn", "split"}
_CATEGORY_CHARS = {
    C.CATEGORY_DIGIT: "0",
    C.CATEGORY_NOT_DIGIT: "a",
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_SPACE: "a",
    C.CATEGORY_WORD: "a",
    C.CATEGORY_NOT_WORD: " ",
}


def patterns_in_source(root: Path = SRC) -> Iterator[tuple[str, int, str, int, str]]:
    """(file, line, pattern, flags, function) for every constant pattern given to the re module."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in RE_FUNCS or not isinstance(node.func.value, ast.Name):
                continue
            if node.func.value.id != "re" or not node.args:
                continue
            pattern = _constant(node.args[0])
            if pattern is None:
                continue
            flags = 0
            flag_arg = node.args[-1] if node.func.attr == "compile" and len(node.args) > 1 else None
            for kw in node.keywords:
                if kw.arg == "flags":
                    flag_arg = kw.value
            if flag_arg is not None:
                flags = _flags(flag_arg)
            rel = str(path.relative_to(root.parent.parent))
            if any(rel == f and pattern.startswith(start) for f, start in ALLOWED):
                continue
            yield rel, node.lineno, pattern, flags, node.func.attr


def _constant(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _constant(node.left), _constant(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        return None
    return None


def _flags(node: ast.expr) -> int:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return int(getattr(re, node.attr, 0))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    return 0


def _chars(op: object, av: object) -> list[str]:
    """Characters one item accepts (a few representatives)."""
    if op is C.LITERAL:
        return [chr(av)]  # type: ignore[arg-type]
    if op is C.NOT_LITERAL:
        return ["a" if av != ord("a") else "b"]
    if op is C.ANY:
        return ["a", " "]
    if op is C.IN:
        out: list[str] = []
        negate = False
        for sub_op, sub_av in av:  # type: ignore[union-attr]
            if sub_op is C.NEGATE:
                negate = True
            elif sub_op is C.LITERAL:
                out.append(chr(sub_av))
            elif sub_op is C.RANGE:
                out.append(chr(sub_av[0]))
            elif sub_op is C.CATEGORY:
                out.append(_CATEGORY_CHARS.get(sub_av, "a"))
        if negate:
            return [c for c in (" ", "a", "0", "-", ".", "/", '"', "\t") if c not in out][:3]
        return out[:4]
    return []


def _example(items: list[tuple[object, object]]) -> str:
    """A short text matching a sub-pattern (best effort: lookarounds and references are skipped)."""
    out = []
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            chars = _chars(op, av)
            out.append(chars[0] if chars else "a")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT if hasattr(C, "POSSESSIVE_REPEAT") else None):
            low, _high, sub = av  # type: ignore[misc]
            out.append(_example(list(sub)) * min(low, 3))
        elif op is C.SUBPATTERN:
            out.append(_example(list(av[-1])))  # type: ignore[index]
        elif op is C.BRANCH:
            out.append(_example(list(av[1][0])))  # type: ignore[index]
        elif hasattr(C, "ATOMIC_GROUP") and op is C.ATOMIC_GROUP:
            out.append(_example(list(av)))  # type: ignore[arg-type]
    return "".join(out)


def _first_chars(items: list[tuple[object, object]]) -> list[str]:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return _chars(op, av)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            return _first_chars(list(av[2]))  # type: ignore[index]
        if op is C.SUBPATTERN:
            return _first_chars(list(av[-1]))  # type: ignore[index]
        if op is C.BRANCH:
            return [c for branch in av[1] for c in _first_chars(list(branch))][:6]  # type: ignore[index]
    return []


def attacks(items: list[tuple[object, object]], n: int) -> Iterator[str]:
    for i, (op, av) in enumerate(items):
        before = _example(items[:i])
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            _low, high, sub = av  # type: ignore[misc]
            if high == 1:
                for a in attacks(list(sub), n):
                    yield before + a
                continue
            sub_items = list(sub)
            pumps = set(_first_chars(sub_items))
            example = _example(sub_items)
            if example:
                pumps.add(example)
            for pump in pumps:
                for tail in ("\x00", "\n", "!", ""):
                    yield before + pump * max(1, n // max(1, len(pump))) + tail
                if before and len(before) <= 4:
                    # The restart attack: the opener repeated with what the repetition accepts and no closer. Each
                    # search attempt from each opener scans to the end: `"\\` repeated for a string pattern that
                    # needs its closing quote (linear per attempt, quadratic in all; no backtracking needed).
                    unit = before + pump
                    yield unit * max(1, n // len(unit))
            for a in attacks(sub_items, n):
                yield before + a
        elif op is C.SUBPATTERN:
            for a in attacks(list(av[-1]), n):  # type: ignore[index]
                yield before + a
        elif op is C.BRANCH:
            for branch in av[1]:  # type: ignore[index]
                for a in attacks(list(branch), n):
                    yield before + a


def _time(regex: re.Pattern[str], text: str, how: str = "search") -> float:
    apply = {"match": regex.match, "fullmatch": regex.fullmatch}.get(how, regex.search)
    best = float("inf")
    for _ in range(3):  # the best of three: a pause of the machine is not the pattern's growth
        start = time.perf_counter()
        apply(text)
        best = min(best, time.perf_counter() - start)
        if best > 0.5:
            break
    return best


def audit(
    pattern: str, flags: int, how: str = "search", small: int = 2000, large: int = 8000
) -> tuple[float, str] | None:
    """The worst growth ratio and its attack when the pattern is super-linear, else None."""
    try:
        regex = re.compile(pattern, flags)
        parsed = list(P.parse(pattern, flags))
    except (re.error, RecursionError, ValueError):
        return None
    seen: set[str] = set()
    for text_small, text_large in zip(attacks(parsed, small), attacks(parsed, large), strict=False):
        if text_small in seen:
            continue
        seen.add(text_small)
        t_large = _time(regex, text_large, how)
        if t_large < 0.005:
            continue
        t_small = max(_time(regex, text_small, how), 1e-5)
        ratio = t_large / t_small
        if ratio > (large / small) * 2.2:
            return ratio, text_large[:40]
    return None


SIZES = (250, 1000, 4000, 16000, 50_000)


def slowest(n: int = 50_000, bound: float = 3.0) -> tuple[float, str, str]:
    """(seconds, where, pattern) of the slowest attack at length n: a linear pattern takes milliseconds there, a
    quadratic one minutes. Lengths grow 4x at a time, and a pattern whose time grows so fast that the next length
    would pass `bound` is reported with that predicted time and not run further, so that the test fails in seconds
    rather than hang on the pattern it found."""
    worst = (0.0, "", "")
    for path, line, pattern, flags, how in patterns_in_source():
        try:
            regex = re.compile(pattern, flags)
            parsed = list(P.parse(pattern, flags))
        except (re.error, RecursionError, ValueError):
            continue
        previous = 0.0
        for size in [s for s in SIZES if s < n] + [n]:
            took = max((_time(regex, text, how) for text in dict.fromkeys(attacks(parsed, size))), default=0.0)
            predicted = took
            if previous > 1e-4 and took > 0.02 and size < n:
                growth = took / previous  # per 4x of input: ~4 linear, ~16 quadratic
                predicted = took * growth ** math.log(n / size, 4)
            if predicted > worst[0]:
                worst = (predicted, f"{path}:{line}", pattern)
            if predicted > bound:
                break
            previous = took
    return worst


def main() -> int:
    bad = 0
    total = 0
    for path, line, pattern, flags, how in patterns_in_source():
        total += 1
        found = audit(pattern, flags, how)
        if found:
            bad += 1
            ratio, sample = found
            print(f"{path}:{line}: x{ratio:.0f} for x4 input  {pattern!r}  attack starts {sample!r}")
    print(f"{total} patterns audited, {bad} super-linear")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
