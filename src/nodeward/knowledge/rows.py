"""Row types of the taint knowledge and their validation (run when the tables are imported)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from nodeward.knowledge.access_path import AccessPath, parse

# Sink kinds: the taint categories of the analysis (rules map each to a code).
SINK_KINDS = frozenset(
    {
        *("sql", "nosql", "command", "code", "path", "ssrf", "redirect", "xss", "prototype", "redos", "mass"),
        *("log", "header", "xxe", "deserialization", "cors"),
    }
)
# Barrier kinds are sink kinds, plus "validation" (missing validation) for schema validators.
CLEARABLE = SINK_KINDS | {"validation"}
# Conditions a sink row may require of the call (checked by the engine on the call's syntax):
#   "shell"          an options argument sets `shell` to a truthy literal, or argument 0 names a shell
#   "option:<key>"   an options argument sets `<key>` to a truthy literal
#   "version:<N"     the project declares the package with a range that allows a major version below N
CONDITION = re.compile(r"^(?:|shell|option:[A-Za-z_$][\w$]*|version:<\d+)$")
# What the value at a sink must be for the row to fire:
#   "url"    a URL: options objects are searched for URL keys, a fixed origin prefix makes it safe (SSRF)
#   "value"  any tainted value
#   "text"   query text: the first argument, or the `text`/`sql`/`query` property of an object there
SHAPES = frozenset({"url", "value", "text"})
# The npm version a row was checked against: `pkg@1.2.3`, or `node@20` for Node.js built-ins.
VERIFIED = re.compile(r"^(?:@[a-z0-9][\w.-]*/)?[a-z0-9][\w.-]*@\d+(?:\.\d+){0,2}$")
PACKAGE = re.compile(r"^(?:global|(?:@[a-z0-9][\w.-]*/)?[a-z0-9][\w./-]*)$")


class RowError(ValueError):
    """A knowledge row is malformed."""


@dataclass(frozen=True)
class SinkRow:
    package: str  # npm name, a Node.js built-in without `node:`, or "global"
    path: str  # access path from the import to the sink argument
    kind: str  # a sink kind
    verified: str  # e.g. "got@14.6.6": the installed version whose typings or source were read
    shape: str = "value"
    when: str = ""  # a condition (see CONDITION)
    note: str = ""
    access: AccessPath = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _check(self.package, self.path, self.verified)
        if self.kind not in SINK_KINDS:
            raise RowError(f"{self.package} {self.path}: unknown sink kind {self.kind!r}")
        if self.shape not in SHAPES:
            raise RowError(f"{self.package} {self.path}: unknown shape {self.shape!r}")
        if not CONDITION.match(self.when):
            raise RowError(f"{self.package} {self.path}: unknown condition {self.when!r}")
        access = parse(self.path)
        if access.argument is None or access.parameter is not None or access.option == "*":
            raise RowError(f"{self.package} {self.path}: a sink is an argument (or an option of one)")
        object.__setattr__(self, "access", access)

    @property
    def id(self) -> str:
        return f"sink {self.package} {self.path} {self.kind}" + (f" when {self.when}" if self.when else "")


@dataclass(frozen=True)
class SourceRow:
    """A value the outside world chooses: a callback's parameters or what a call returns."""

    package: str
    path: str  # `...Argument[i].Parameter[j]` (callback parameters) or `...ReturnValue` (a call's result)
    label: str  # what the trace calls it ("Electron IPC message", "h3 readBody()")
    verified: str
    obj: bool = True  # may be an attacker-shaped object (operator injection, prototype pollution)
    whole: bool = True  # the whole container (mass assignment)
    clears: frozenset[str] = frozenset()  # kinds the framework already took care of (a schema it validates against)
    note: str = ""
    access: AccessPath = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _check(self.package, self.path, self.verified)
        access = parse(self.path)
        if not access.returns and access.parameter is None:
            raise RowError(f"{self.package} {self.path}: a source is a callback Parameter or a ReturnValue")
        if access.option and access.option != "*":
            raise RowError(f"{self.package} {self.path}: a source names a callback or an object of handlers")
        _kinds(self.clears, self.path)
        object.__setattr__(self, "access", access)

    @property
    def id(self) -> str:
        return f"source {self.package} {self.path}"


@dataclass(frozen=True)
class EntryPointRow:
    """Functions a platform calls with request data: exported by name from files the platform routes to."""

    platform: str
    exports: frozenset[str]  # export names ("handler", "GET"...); "default" for the default export; "*" any
    files: str  # regex on the project-relative path ("" = any file)
    verified: str  # the package whose typings define the signature (`@types/aws-lambda@8.10.145`, `next@15.0.0`)
    note: str = ""
    requests: tuple[int, ...] = (0,)  # parameters that are (or destructure) the request or its route context
    directive: str = ""  # the file must open with this directive prologue ('use server')
    files_re: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not VERIFIED.match(self.verified):
            raise RowError(f"{self.platform}: verified must be pkg@version, not {self.verified!r}")
        if not self.exports or not all(re.fullmatch(r"[A-Za-z_$][\w$]*|\*", e) for e in self.exports):
            raise RowError(f"{self.platform}: bad export names {sorted(self.exports)}")
        try:
            object.__setattr__(self, "files_re", re.compile(self.files))
        except re.error as e:
            raise RowError(f"{self.platform}: bad file pattern {self.files!r}: {e}") from e

    @property
    def id(self) -> str:
        return f"entry {self.platform} {','.join(sorted(self.exports))}"


@dataclass(frozen=True)
class ResolverMapRow:
    """Functions a framework finds by their place in an object (`{ Query: { user: (parent, args) => ... } }`):
    parameter `parameter` of each function under one of `keys` holds outside data."""

    framework: str
    keys: frozenset[str]
    parameter: int
    label: str
    verified: str
    obj: bool = False
    whole: bool = False
    clears: frozenset[str] = frozenset()
    note: str = ""

    def __post_init__(self) -> None:
        if not VERIFIED.match(self.verified):
            raise RowError(f"{self.framework}: verified must be pkg@version")
        if not self.keys or not all(re.fullmatch(r"[A-Za-z_$][\w$]*", k) for k in self.keys) or self.parameter < 0:
            raise RowError(f"{self.framework}: bad keys or parameter")
        _kinds(self.clears, self.framework)

    @property
    def id(self) -> str:
        return f"resolvers {self.framework}"


@dataclass(frozen=True)
class RequestPartRow:
    """A property or method of a request object (Express req, Koa ctx, Fastify request, a Fetch Request, an AWS
    Lambda event) that carries client data."""

    name: str
    part: str  # "property" or "method"
    label: str  # the frameworks that define it
    verified: str
    obj: bool = False
    whole: bool = False

    def __post_init__(self) -> None:
        if self.part not in ("property", "method") or not re.fullmatch(r"[A-Za-z_$][\w$]*", self.name):
            raise RowError(f"request part {self.name!r} ({self.part}) is malformed")
        if not VERIFIED.match(self.verified):
            raise RowError(f"request part {self.name}: verified must be pkg@version")

    @property
    def id(self) -> str:
        return f"request {self.part} {self.name}"


@dataclass(frozen=True)
class BarrierRow:
    """A call whose result is safe for some sink kinds (`escapeHtml(x)` for XSS)."""

    package: str
    path: str  # `...ReturnValue`
    clears: frozenset[str]
    verified: str
    note: str = ""
    access: AccessPath = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _check(self.package, self.path, self.verified)
        access = parse(self.path)
        if not access.returns:
            raise RowError(f"{self.package} {self.path}: a barrier is a ReturnValue")
        _kinds(self.clears, self.path)
        object.__setattr__(self, "access", access)

    @property
    def id(self) -> str:
        return f"barrier {self.package} {self.path}"


def _check(package: str, path: str, verified: str) -> None:
    if not PACKAGE.match(package):
        raise RowError(f"bad package name {package!r}")
    if not VERIFIED.match(verified):
        raise RowError(f"{package} {path}: verified must be pkg@version, not {verified!r}")


def _kinds(kinds: Iterable[str], where: str) -> None:
    unknown = set(kinds) - CLEARABLE
    if unknown:
        raise RowError(f"{where}: unknown kinds {sorted(unknown)}")


def unique(rows: Iterable[SinkRow | SourceRow | BarrierRow | EntryPointRow | RequestPartRow | ResolverMapRow]) -> None:
    """Two rows with one id would make "which fixture fires this row" ambiguous."""
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            raise RowError(f"duplicate row: {row.id}")
        seen.add(row.id)
