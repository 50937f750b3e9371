"""The shape of a regular expression: can it backtrack super-linearly on some input?

- exponential: a quantified group whose body starts with a quantified atom that can split an input several ways
  (`(a+)+`, `(\\w*)*`, `([a-z]{2,4})+`); a group that starts with a literal it cannot match (`(?:\\.[a-z]+)*`) is
  unambiguous;
- polynomial: two unbounded loops over overlapping characters with only optional items between them, and something
  after them that can fail (`\\d+\\.?\\d+$`, `\\s*,?\\s*x`), or an unanchored unbounded loop that only the end of
  the input can stop (`\\s+$`): each start position re-scans the run, quadratic in its length.

Bounded repetitions (`{1,256}`) are not loops here: that is how advisories' fixes cap them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Nested quantifiers: a quantified group that starts with a quantified atom, e.g. (a+)+, (\w*)*, ([a-z]{2,4})+.
# A group that starts with a literal, like (?:\.[a-z]+)*, is unambiguous and left alone.
NESTED_QUANTIFIER = re.compile(
    r"\((?:\?:)?(?P<atom>\[(?:[^\]\\]|\\.)*\]|\\[wWdDsS]|\((?:[^()\\]|\\.)*\)|[^()\\|\[])(?:[+*]|\{\d+,\d*\})"
    r"(?P<rest>[^()]*)\)"
    r"(?:[+*]|\{\d+,\d*\})"
)
# The literal that ends each repetition, as in `(?:[-_A-Za-z0-9]+\.){0,}` (parse-server's Game Center URL check) or
# `(?:\s*\[)+` (jQuery): when the repeated atom cannot match it, every input splits into repetitions one way only.
_LEADING_LITERAL = re.compile(r"\\([^\w\s])|([^\\\[\](){}|.*+?^$])")


def _ambiguous_nesting(match: re.Match[str]) -> bool:
    """Whether a nested quantifier can split an input several ways (exponential backtracking)."""
    atom, rest = match.group("atom"), match.group("rest")
    literal = _LEADING_LITERAL.match(rest)
    if literal is None:
        return True
    if rest[literal.end() :].startswith(("?", "*", "{0")):
        return True  # `(a+b?)+`: an optional literal separates nothing
    char = literal.group(1) or literal.group(2)
    if atom.startswith("(") and not atom.startswith("(?"):
        atom = atom[1:-1]  # `([a-z0-9-])+\.`: a capture around one class
    if atom.startswith("(") or "|" in atom:
        return True
    try:
        return re.fullmatch(atom, char) is not None
    except re.error:
        return True


def exponential(pattern: str) -> bool:
    return any(_ambiguous_nesting(m) for m in NESTED_QUANTIFIER.finditer(pattern))


INF = 1 << 30
# Characters the sets are probed with: enough to tell \s, \d, \w, dots, slashes and non-ASCII ranges apart.
_PROBES = (*(chr(c) for c in (9, 10, 13, *range(32, 127))), "\u00e9", "\u0600", "\u3000", "\uff10")
ANY = frozenset(_PROBES)
ANY_BUT_NEWLINE = frozenset(c for c in _PROBES if c not in "\n\r")


@dataclass(frozen=True)
class Item:
    kind: str  # "c" characters, "g" group, "^" / "$" anchors
    chars: frozenset[str] = frozenset()
    alts: tuple[tuple[Item, ...], ...] = ()
    lo: int = 1
    hi: int = 1


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def alts(self) -> tuple[tuple[Item, ...], ...]:
        out = [self.seq()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            out.append(self.seq())
        return tuple(out)

    def seq(self) -> tuple[Item, ...]:
        items: list[Item] = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            item = self.atom()
            if item is None:
                continue
            lo, hi = self.quantifier()
            if (lo, hi) != (1, 1):
                item = Item(item.kind, item.chars, item.alts, lo, hi)
            items.append(item)
        return tuple(items)

    def quantifier(self) -> tuple[int, int]:
        if self.i >= len(self.s):
            return 1, 1
        c = self.s[self.i]
        out: tuple[int, int] | None = None
        if c in "*+?":
            self.i += 1
            out = {"*": (0, INF), "+": (1, INF), "?": (0, 1)}[c]
        elif c == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", self.s[self.i :])
            if m:
                self.i += m.end()
                lo = int(m.group(1))
                out = (lo, lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else INF))
        if out is None:
            return 1, 1
        if self.i < len(self.s) and self.s[self.i] == "?":
            self.i += 1  # lazy: the same backtracking
        return out

    def atom(self) -> Item | None:
        c = self.s[self.i]
        if c == "^" or c == "$":
            self.i += 1
            return Item(c)
        if c == "(":
            self.i += 1
            lookaround = False
            if self.s.startswith("?", self.i):
                m = re.match(r"\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)", self.s[self.i :])
                if m:
                    lookaround = m.group(0) in ("?=", "?!", "?<=", "?<!")
                    self.i += m.end()
            alts = self.alts()
            if self.i < len(self.s) and self.s[self.i] == ")":
                self.i += 1
            return None if lookaround else Item("g", alts=alts)
        if c == "[":
            m = re.match(r"\[\^?\]?(?:[^\]\\]|\\.)*\]", self.s[self.i :])
            text = m.group(0) if m else self.s[self.i :]
            self.i += len(text)
            return Item("c", _chars(text))
        if c == "\\":
            text = self.s[self.i : self.i + 2]
            m = re.match(r"\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z])", self.s[self.i :])
            if m:
                text = m.group(0)
            self.i += len(text)
            if text in ("\\b", "\\B") or re.fullmatch(r"\\[1-9]", text):
                return None  # zero-width, or a back-reference (left alone)
            return Item("c", _chars(text))
        self.i += 1
        if c == ".":
            return Item("c", ANY_BUT_NEWLINE)
        return Item("c", frozenset({c}) if c in ANY else frozenset())


def _chars(text: str) -> frozenset[str]:
    """The probe characters a class or escape matches (JS and Python agree on these for the probe alphabet)."""
    if text in ("[^]", "[\\s\\S]", "[\\S\\s]", "[\\d\\D]", "[\\w\\W]"):
        return ANY
    py = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: f"\\U{int(m.group(1), 16):08x}", text)
    try:
        rx = re.compile(py)
    except re.error:
        return ANY
    return frozenset(c for c in _PROBES if rx.fullmatch(c))


def _first(item: Item, starts: bool = False) -> frozenset[str]:
    """Every character the item can consume (an over-approximation for groups), or with `starts` the ones its match
    can begin with."""
    if item.kind == "c":
        return item.chars
    out: frozenset[str] = frozenset()
    for alt in item.alts:
        for sub in alt:
            if sub.kind in ("^", "$"):
                continue
            out |= _first(sub, starts)
            if starts and sub.lo >= 1:
                break
    return out


def _walk(seq: tuple[Item, ...], pending: frozenset[str], hits: list[int], pos: list[int]) -> frozenset[str]:
    """Carry the characters of the loops that can still absorb input; note where a second loop overlaps them."""
    for item in seq:
        pos[0] += 1
        if item.kind == "^":
            pending = frozenset()
            continue
        if item.kind == "$":
            continue
        chars = _first(item)
        if item.hi >= INF:
            if pending & _first(item, starts=True):
                hits.append(pos[0])
            if item.kind == "g" and item.lo == 0:
                pending = pending | chars
            else:
                pending = chars | (pending if item.lo == 0 else frozenset())
            continue
        if item.kind == "g":
            outs: frozenset[str] = frozenset()
            for alt in item.alts:
                outs |= _walk(alt, pending, hits, pos)
            pending = outs | (pending if item.lo == 0 else frozenset())
            continue
        if item.lo == 0 or chars <= pending:
            continue
        pending = frozenset()
    return pending


def _flat(seq: tuple[Item, ...]) -> list[Item]:
    out: list[Item] = []
    for item in seq:
        out.append(item)
        if item.kind == "g":
            for alt in item.alts:
                out += _flat(alt)
    return out


def polynomial(pattern: str) -> bool:
    try:
        alts = _Parser(pattern).alts()
    except (IndexError, RecursionError):
        return False
    for alt in alts:
        flat = _flat(alt)
        hits: list[int] = []
        _walk(alt, frozenset(), hits, [0])
        for at in hits:
            # something after the second loop must be able to fail, or no split is ever retried
            if any(i.kind == "$" or (i.kind == "c" and i.lo >= 1) for i in flat[at:]):
                return True
        # `\s+$` without `^`: from every start position the loop runs to the end of the run, then `$` fails
        if alt and alt[0].kind in ("c", "g") and alt[0].hi >= INF and alt[0].lo >= 1:
            chars = _first(alt[0])
            rest = alt[1:]
            while rest and rest[0].kind != "$" and (rest[0].lo == 0 or _first(rest[0]) <= chars):
                rest = rest[1:]
            if rest and rest[0].kind == "$":
                return True
    return False


def catastrophic(pattern: str) -> bool:
    """Exponential or polynomial backtracking on some input."""
    return exponential(pattern) or polynomial(pattern)
