"""Gitignore-style globs (`*`, `?`, `[a-z]`, `[!x]`, `**` as a whole path segment) matched without regexes.

The old translation to a regex (`**/` -> `(?:.*/)?`, `*` -> `[^/]*`) backtracked exponentially on `**`- and
`*`-heavy patterns from a hostile .gitignore (> 3 minutes for one discovery), and a bad range (`[z-a]`) raised
re.error. Here a pattern is split on "/" into segments; a segment is matched with the two-pointer wildcard algorithm
(at most len(segment) x len(name) steps) and `**` segments by dynamic programming over path segments (at most
segments x segments). A bad range or a pattern over the length cap raises GlobError, one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

MAX_PATTERN_LENGTH = 1024


class GlobError(ValueError):
    """A glob that cannot be used (bad character range, too long): one line, safe to print."""


# A segment token: a literal character (str of length 1), "?" -> ANY, "*" -> STAR, or a character class.
ANY = object()
STAR = object()


@dataclass(frozen=True)
class CharClass:
    negated: bool
    singles: frozenset[str]
    ranges: tuple[tuple[str, str], ...]

    def matches(self, c: str) -> bool:
        hit = c in self.singles or any(lo <= c <= hi for lo, hi in self.ranges)
        return hit != self.negated


Token = object
DOUBLE_STAR = ("**",)  # a whole segment `**`: zero or more path segments


@dataclass(frozen=True)
class Glob:
    pattern: str
    segments: tuple[tuple[Token, ...] | tuple[str], ...]

    def match(self, path: str) -> bool:
        """Does the whole posix `path` match (segment by segment)?"""
        return _match_path(self.segments, tuple(path.split("/")))


def _parse_class(pattern: str, i: int) -> tuple[CharClass, int] | None:
    """The class starting at pattern[i] == "[", and the index after its "]"; None when unclosed (a literal "[")."""
    j = i + 1
    negated = j < len(pattern) and pattern[j] in "!^"
    if negated:
        j += 1
    start = j
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and j > start:
            return CharClass(negated, frozenset(singles), tuple(ranges)), j + 1
        if c == "\\" and j + 1 < len(pattern):
            j += 1
            c = pattern[j]
        if j + 2 < len(pattern) and pattern[j + 1] == "-" and pattern[j + 2] != "]":
            hi = pattern[j + 2]
            if hi < c:
                raise GlobError(f"bad character range {c}-{hi} in {pattern[:80]!r}")
            ranges.append((c, hi))
            j += 3
            continue
        singles.add(c)
        j += 1
    return None


def _parse_segment(segment: str, pattern: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    i = 0
    while i < len(segment):
        c = segment[i]
        if c == "*":
            if not tokens or tokens[-1] is not STAR:  # `**` inside a segment is `*`
                tokens.append(STAR)
            i += 1
        elif c == "?":
            tokens.append(ANY)
            i += 1
        elif c == "[":
            parsed = _parse_class(segment, i)
            if parsed is None:
                tokens.append("[")
                i += 1
            else:
                tokens.append(parsed[0])
                i = parsed[1]
        elif c == "\\" and i + 1 < len(segment):
            tokens.append(segment[i + 1])
            i += 2
        else:
            tokens.append(c)
            i += 1
    return tuple(tokens)


@lru_cache(maxsize=8192)
def compile_glob(pattern: str) -> Glob:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise GlobError(f"glob longer than {MAX_PATTERN_LENGTH} characters")
    segments: list[tuple[Token, ...] | tuple[str]] = []
    for segment in pattern.split("/"):
        if segment == "**":
            if not segments or segments[-1] is not DOUBLE_STAR:
                segments.append(DOUBLE_STAR)
        else:
            segments.append(_parse_segment(segment, pattern))
    return Glob(pattern, tuple(segments))


def _token_matches(token: Token, c: str) -> bool:
    if token is ANY:
        return True
    if isinstance(token, CharClass):
        return token.matches(c)
    return token == c


def match_segment(tokens: tuple[Token, ...], name: str) -> bool:
    """Wildcard match of one path segment: linear in the text per star restart, never exponential."""
    ti = si = 0
    star_ti = -1
    star_si = 0
    n_tokens = len(tokens)
    while si < len(name):
        if ti < n_tokens and tokens[ti] is STAR:
            star_ti, star_si = ti, si
            ti += 1
        elif ti < n_tokens and _token_matches(tokens[ti], name[si]):
            ti += 1
            si += 1
        elif star_ti >= 0:
            star_si += 1
            si = star_si
            ti = star_ti + 1
        else:
            return False
    while ti < n_tokens and tokens[ti] is STAR:
        ti += 1
    return ti == n_tokens


def _match_path(segments: tuple[tuple[Token, ...] | tuple[str], ...], parts: tuple[str, ...]) -> bool:
    # reach[j]: the first i segments of the pattern match the first j parts of the path.
    reach = [True] + [False] * len(parts)
    for segment in segments:
        if segment is DOUBLE_STAR:
            seen = False
            for j in range(len(reach)):
                seen = seen or reach[j]
                reach[j] = seen
            continue
        nxt = [False] * len(reach)
        for j in range(len(parts)):
            if reach[j] and match_segment(segment, parts[j]):  # type: ignore[arg-type]
                nxt[j + 1] = True
        reach = nxt
        if not any(reach):
            return False
    return reach[-1]
