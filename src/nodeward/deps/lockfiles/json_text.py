"""Safe JSON/JSONC loading for lockfiles, and the 1-based line of every object key (for finding locations)."""

from __future__ import annotations

import json
import re
from typing import Any

from nodeward.deps.lockfiles.errors import MAX_NESTING, LockfileError

# A string or a comment always matches from its opening quote or `/*`, closed or not (an unclosed one runs to the end
# of its line, or of the text): a pattern that needs the closing quote re-scans the rest of the line from every
# quote when there is none, and `"\` repeated 50,000 times took 35 s (quadratic; found by tests/hostile).
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"?|//[^\n]*|/\*.*?(?:\*/|\Z)', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*)(?=[}\]])")
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"?|[{}\[\]:,\n]|//[^\n]*|/\*.*?(?:\*/|\Z)', re.DOTALL)


def load_json(path: str, text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise LockfileError(path, "JSON nested too deeply") from None
    except ValueError as exc:
        raise LockfileError(path, f"not valid JSON: {exc}") from None


def strip_jsonc(text: str) -> str:
    """JSONC (bun.lock) to JSON: drop comments and trailing commas, leaving strings and line numbers intact."""
    pieces: list[str] = []
    code: list[str] = []  # code between two strings, comments already replaced by their newlines
    last = 0
    for match in _STRING_OR_COMMENT.finditer(text):
        code.append(text[last : match.start()])
        token = match.group()
        if token.startswith('"'):
            pieces.append(_TRAILING_COMMA.sub(r"\1", "".join(code)))
            pieces.append(token)
            code = []
        else:
            code.append("\n" * token.count("\n"))
        last = match.end()
    code.append(text[last:])
    pieces.append(_TRAILING_COMMA.sub(r"\1", "".join(code)))
    return "".join(pieces)


_SECTION_KEY = re.compile(r'^[ \t]*"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*[\[{]', re.MULTILINE)


def section_key_lines(text: str, section: str) -> dict[str, int]:
    """1-based lines of the keys inside the top-level object `section` of a pretty-printed (J)SON file.

    A fast path for the big flat maps (npm `packages`, bun `packages`): only keys that open an object or array at
    the start of a line are considered, the first occurrence after the section wins. Minified files get line 1.
    """
    opener = re.search(rf'^[ \t]*"{re.escape(section)}"[ \t]*:[ \t]*\{{', text, re.MULTILINE)
    if opener is None:
        return {}
    lines: dict[str, int] = {}
    line = text.count("\n", 0, opener.end()) + 1
    last = opener.end()
    for match in _SECTION_KEY.finditer(text, opener.end()):
        line += text.count("\n", last, match.start())
        last = match.start()
        raw = match.group(1)
        lines.setdefault(_decode_key(raw), line)
    return lines


def _decode_key(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        return str(json.loads(f'"{raw}"'))
    except ValueError:
        return raw


def key_lines(text: str, max_depth: int = 8) -> dict[tuple[str, ...], int]:
    """Map each object-key path (as decoded strings) to the 1-based line where it appears.

    A token scan rather than a parse, so it works on pretty-printed JSON of any layout; paths deeper than
    `max_depth` are not recorded (lockfile entries sit at depth 2, v1 trees deeper but bounded by their nesting).
    """
    lines: dict[tuple[str, ...], int] = {}
    line = 1
    stack: list[list[Any]] = []  # [container, current key]
    last_string: str | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            continue
        if token.startswith(("//", "/*")):
            line += token.count("\n")
            continue
        if token.startswith('"'):
            last_string = token
            continue
        if token == ":":
            if stack and stack[-1][0] == "{" and last_string is not None:
                try:
                    key = json.loads(last_string)
                except ValueError:
                    key = last_string.strip('"')
                stack[-1][1] = key
                if len(stack) <= max_depth:
                    path = tuple(str(frame[1]) for frame in stack)
                    lines.setdefault(path, line)
        elif token in "{[":
            if len(stack) > MAX_NESTING:
                break
            stack.append([token, None])
        elif token in "}]" and stack:
            stack.pop()
        last_string = None
    return lines
