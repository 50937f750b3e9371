"""Safe YAML loading for lockfiles: no aliases (alias bombs), bounded nesting, every document of a multi-doc file.

Lockfiles do not use collect/safe_yaml.py on purpose: a pnpm lockfile of thousands of packages needs libyaml's
constructor (values, not line-aware nodes), and no package manager writes anchors, so refusing them outright is both
safe and much faster than bounding their expansion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from nodeward.deps.lockfiles.errors import MAX_NESTING, LockfileError

try:  # libyaml is much faster on large lockfiles; the pure-Python loader gives the same result.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_MAYBE_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]", re.MULTILINE)
_INDENT = re.compile(r"^( +)\S", re.MULTILINE)
# A double-quoted scalar is matched closed or not (`closed` tells): requiring the closing quote re-scanned the rest
# of the line from every quote of `"\"\"\"...` (quadratic). An unclosed one ends at its line: what follows on that
# line is scanned without double-quoted strings, as the old pattern did after failing there (any later `"` on the
# line is inside the failed scan, so it cannot close a string either).
_FLOW_OR_QUOTED = re.compile(r"""'(?:[^'\n]|'')*'|"(?:[^"\\\n]|\\.)*(?P<closed>")?|[\[\]{}]""")
_FLOW_OR_SINGLE_QUOTED = re.compile(r"""'(?:[^'\n]|'')*'|[\[\]{}]""")


def load_yaml_documents(path: str, text: str) -> list[Any]:
    """All documents of a YAML lockfile. Rejects, with a one-line LockfileError, files that use anchors or aliases
    (no package manager writes them; they are how alias bombs work) and files nested deeper than any lockfile."""
    _check_nesting(path, text)
    if _MAYBE_ANCHOR_OR_ALIAS.search(text):
        _reject_aliases(path, text)
    try:
        return list(yaml.load_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise LockfileError(path, f"not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise LockfileError(path, "YAML nested too deeply") from None


def _check_nesting(path: str, text: str) -> None:
    # Block nesting shows as indentation; flow nesting as brackets outside quoted scalars. libyaml composes
    # recursively, so both are bounded before it sees the text.
    deepest = max((len(m.group(1)) for m in _INDENT.finditer(text)), default=0)
    if deepest > 2 * MAX_NESTING:
        raise LockfileError(path, "YAML nested too deeply")
    depth = 0
    for match in _flow_tokens(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise LockfileError(path, "YAML nested too deeply")
        elif token in "]}":
            depth = max(0, depth - 1)


def _flow_tokens(text: str) -> Iterator[re.Match[str]]:
    for match in _FLOW_OR_QUOTED.finditer(text):
        if match.group().startswith('"') and match.group("closed") is None:
            yield from _FLOW_OR_SINGLE_QUOTED.finditer(text, match.start() + 1, match.end())
        else:
            yield match


def _reject_aliases(path: str, text: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise LockfileError(path, "YAML anchors/aliases are not used in lockfiles; refused (alias bomb?)")
    except yaml.YAMLError as exc:
        raise LockfileError(path, f"not valid YAML: {getattr(exc, 'problem', None) or type(exc).__name__}") from None


def top_level_key_lines(text: str, section: str) -> dict[str, int]:
    """1-based lines of the keys directly under a top-level `section:` (pnpm `packages:`, berry entries use "")."""
    lines: dict[str, int] = {}
    inside = section == ""
    child_indent: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if section and indent == 0:
            inside = line.rstrip().rstrip(":") == section or line.startswith(f"{section}:")
            child_indent = None
            continue
        if not inside:
            continue
        if child_indent is None:
            child_indent = indent
        if indent != child_indent:
            continue
        key = line.strip()
        if not key.endswith(":") and ": " not in key:
            continue
        key = key[:-1] if key.endswith(":") else key.split(": ", 1)[0]
        lines.setdefault(_unquote(key), number)
    return lines


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] == "'":
        return key[1:-1].replace("''", "'")
    if len(key) >= 2 and key[0] == key[-1] == '"':
        return key[1:-1].replace('\\"', '"')
    return key
