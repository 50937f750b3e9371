"""Access paths: how a row names the value it is about, from the import to the call (CodeQL's models-as-data form).

A path is dot-separated steps read left to right from the package as imported:

- `Member[a,b]`: property `a` or `b` (`*` for any name);
- `ReturnValue` (alias `Instance`): what calling (or `new`-ing) the value gives;
- `Argument[i]`, `Argument[i,j]`, `Argument[i..]` (i and every later one), `Argument[-1]` (the last): arguments of
  that call; at most one `Argument` step, and it ends the callee part;
- after `Argument`: `Parameter[i]` / `Parameter[i..]` (parameters of a callback passed there), `Member[key]`
  (a property of an options object passed there), or `Member[*].Parameter[i]` (parameters of each function of an
  object of handlers passed there: `server.addService(def, { sayHello(call, cb) {...} })`).

`Argument[0]` alone is the first argument of calling the package itself (`got(url)`), `Member[get].Argument[0]` of
`got.get(url)`, `Member[create].ReturnValue.Member[get].Argument[0]` of `axios.create().get(url)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CALL = "()"  # the call marker of the JS engine's reference paths (nodeward.js.values.CALL)
_STEP = re.compile(r"(Member|Argument|Parameter)\[([^\]]*)\]|(ReturnValue|Instance)")
_NAME = re.compile(r"^(?:\*|[A-Za-z_$][\w$]*)$")
_INDEX = re.compile(r"^(-1|\d+)(\.\.)?$")


class AccessPathError(ValueError):
    """A row's access path does not parse."""


@dataclass(frozen=True)
class Indices:
    """Which positions (arguments or parameters) a step selects."""

    fixed: tuple[int, ...] = ()  # exact positions; -1 is the last one
    start: int | None = None  # `i..`: this one and every later one

    def select(self, count: int) -> list[int]:
        chosen = {count - 1 if i == -1 else i for i in self.fixed}
        if self.start is not None:
            chosen |= set(range(self.start, count))
        return sorted(i for i in chosen if 0 <= i < count)

    def text(self) -> str:
        parts = [str(i) for i in self.fixed] + ([f"{self.start}.."] if self.start is not None else [])
        return ",".join(parts)


@dataclass(frozen=True)
class AccessPath:
    callee: tuple[frozenset[str], ...]  # one entry per reference-path element: member names, or {CALL}
    argument: Indices | None = None
    parameter: Indices | None = None  # a callback's parameters (sources)
    option: str = ""  # a property of the options object at `argument` ("*": each function of an object of handlers)
    returns: bool = False  # the value is what the call returns (sources and barriers)
    text: str = ""

    def matches(self, path: tuple[str, ...]) -> bool:
        """Does a reference path (member names and CALL markers, the call itself excluded) name this callee?"""
        if len(path) != len(self.callee):
            return False
        return all(p in names or ("*" in names and p != CALL) for p, names in zip(path, self.callee, strict=True))

    @property
    def head(self) -> str:
        """The first member name of the callee ("" when the package itself is called): the index key."""
        return next(iter(self.callee[0])) if self.callee and len(self.callee[0]) == 1 else ""


def _indices(raw: str, where: str) -> Indices:
    fixed: list[int] = []
    start: int | None = None
    for part in raw.split(","):
        m = _INDEX.match(part.strip())
        if m is None:
            raise AccessPathError(f"{where}: bad index {part!r}")
        if m.group(2):
            if start is not None or m.group(1) == "-1":
                raise AccessPathError(f"{where}: bad range {part!r}")
            start = int(m.group(1))
        else:
            fixed.append(int(m.group(1)))
    return Indices(tuple(fixed), start)


def parse(text: str) -> AccessPath:
    """Parse an access path; raise AccessPathError on anything it does not define."""
    steps = text.split(".")
    # `Argument[1..]` contains dots: glue the range back
    merged: list[str] = []
    for s in steps:
        if merged and (merged[-1].endswith("[") or (merged[-1].count("[") > merged[-1].count("]"))):
            merged[-1] += "." + s
        else:
            merged.append(s)
    callee: list[frozenset[str]] = []
    argument: Indices | None = None
    parameter: Indices | None = None
    option = ""
    returns = False
    for raw in merged:
        m = _STEP.fullmatch(raw)
        if m is None:
            raise AccessPathError(f"{text}: unknown step {raw!r}")
        kind, inner, call = m.group(1), m.group(2), m.group(3)
        if parameter is not None or returns or (option and not (option == "*" and kind == "Parameter")):
            raise AccessPathError(f"{text}: nothing may follow {raw!r}'s predecessor")
        if call:
            if argument is not None:
                raise AccessPathError(f"{text}: ReturnValue after Argument")
            callee.append(frozenset({CALL}))
            continue
        if kind == "Member":
            names = frozenset(n.strip() for n in inner.split(","))
            if not names or not all(_NAME.match(n) for n in names):
                raise AccessPathError(f"{text}: bad member names {inner!r}")
            if argument is None:
                callee.append(names)
            elif len(names) == 1:
                option = next(iter(names))
            else:
                raise AccessPathError(f"{text}: an option is one name")
        elif kind == "Argument":
            if argument is not None:
                raise AccessPathError(f"{text}: two Argument steps")
            argument = _indices(inner, text)
        else:  # Parameter
            if argument is None:
                raise AccessPathError(f"{text}: Parameter needs an Argument (the callback) first")
            parameter = _indices(inner, text)
    if argument is None and callee and callee[-1] == frozenset({CALL}):
        returns = True
        callee.pop()
    if argument is None and not returns:
        raise AccessPathError(f"{text}: a path ends in Argument[...] or ReturnValue")
    if option == "*" and parameter is None:
        raise AccessPathError(f"{text}: Member[*] after Argument is an object of handlers: Parameter[...] follows")
    return AccessPath(tuple(callee), argument, parameter, option, returns, text)
