"""Taint analysis: request data flowing to injection sinks, with traces, per function and across local modules.

Built on the JS engine's facts (`JsProject`: resolved call sites, imports, exports) and its cached trees. A file is
walked only if its text mentions a request source; each function reached with tainted arguments is summarised
once (which parameters reach which sinks, which flow to the return value) and the summary is reused at every call,
in the same file or in a module imported by relative path. What rules receive is a list of `TaintFlow` values.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import tree_sitter as ts

from nodeward.analysis import regex_shape
from nodeward.analysis import taint_specs as S
from nodeward.analysis.receivers import typed_receiver
from nodeward.facts import collector
from nodeward.findings import Location, TraceStep
from nodeward.js.extract import EXPRESSION_WRAPPERS, FUNCTION_TYPES, Call, JsModule, JsProject, tree_of
from nodeward.js.values import CALL, Arr, Func, Obj, Ref
from nodeward.knowledge import taint as knowledge
from nodeward.safe_files import LISTED_CAP, read_range, read_regular_bytes

if TYPE_CHECKING:
    from nodeward.facts import Facts

MAX_STEPS = 12
MAX_TAINTS = 8
MAX_CALL_DEPTH = 6
MAX_EVIDENCE = 200
MAX_REGEX_INPUT = 4096  # a length cap up to this bounds polynomial backtracking (ms 1.0.0 capped at 10000: too long)
MAX_CALLBACK_RUNS = 200  # per walker: callbacks walked again with what a project function passes them
MAX_API_MODULES = 200  # library mode: modules followed from the entry points through re-exports
# Expression evaluations allowed per file walked (summaries included): a bound on hostile or generated code.
MAX_EVALS_PER_FILE = 1_500_000


class BudgetExceeded(Exception):
    """The walk of one file used up its evaluation budget."""


# Quick filter: a file whose text shows none of these is not walked as a root (it may still be summarised).
SOURCE_HINT = re.compile(
    rb"\b(?:req|request|ctx|context)\s*\.\s*(?:body|query|params|payload|headers|cookies|signedCookies|files?|"
    rb"get|header|param|hostname|originalUrl|url|href|path|ip|request)\b|@(?:Body|Query|Param|Headers|Req|Request|Args?)\s*\(|"
    rb"process\s*\.\s*(?:argv|env)\b|\}\s*=\s*(?:req|request|ctx|context)\b|\b(?:socket|ws|client)\s*\.\s*on\s*\(|"
    rb"\.\s*on\s*\(\s*['\"](?:connection|connect)['\"]|"
    # the global sources of the knowledge (Nuxt's auto-imported `readBody(event)`)
    + rb"\b(?:"
    + b"|".join(re.escape(n.encode()) for n in sorted(knowledge.source_hints()[1]))
    + rb")\s*\("
)
RESOLVER_HINT = re.compile(
    rb"\b(?:" + b"|".join(sorted({k.encode() for r in knowledge.RESOLVER_MAPS for k in r.keys})) + rb")\s*:\s*\{"
    rb"|\brootValue\s*:|\brootValue\s*[,}]"
    rb"|\b(?:const|let|var)\s+(?:"
    + b"|".join(sorted({k.encode() for r in knowledge.RESOLVER_MAPS for k in r.keys}))
    + rb")\s*=\s*\{"
)
# A file importing a package of the knowledge's source rows (`'electron'`) is walked whole: the statement that
# registers the callback (`ipcMain.handle(...)`) does not name the package.
SOURCE_PACKAGES = re.compile(
    rb"(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*\(\s*)['\"](?:"
    + b"|".join(re.escape(p.encode()) for p in sorted(knowledge.source_hints()[0]))
    + rb")['\"]"
)
# Expressions that only pass their inner value through (the engine's wrappers plus spread, yield, ${...}).
TRANSPARENT = EXPRESSION_WRAPPERS | {"spread_element", "yield_expression", "template_substitution"}
PROTO_KEYS = frozenset({"__proto__", "constructor", "prototype"})


# --- values ---------------------------------------------------------------------------------------------------------


# Whoever sets the environment and the command line runs the server: a file path, a log line, a module to require or
# a URL taken from them is configuration, not an attack (node-red's NODE_RED_HOME/HOME paths, parse-server's
# require(process.env.npm_package_json), etherpad's CLI scripts logging their arguments were all reported on real
# code). They stay sources, in the audit profile, for what turns a value into a program: shell commands and queries.
ENV_ARGV_CLEARED = frozenset(
    {S.VALIDATION, S.PATH, S.LOG, S.CODE, S.SSRF, S.REDIRECT, S.XSS, S.HEADER, S.REDOS, S.PROTOTYPE, S.MASS}
)


@dataclass(frozen=True)
class Origin:
    """Where tainted data entered: a request property, a NestJS parameter, or (in a summary) parameter `param`."""

    kind: str
    location: Location
    text: str
    param: int = -1
    audit_only: bool = False
    field: str = ""  # in a summary: the property of parameter `param` destructured in the parameter list
    api: bool = False  # library mode: a parameter of a function the package exports


@dataclass(frozen=True)
class Taint:
    origin: Origin
    steps: tuple[TraceStep, ...] = ()
    obj: bool = False  # may be an attacker-shaped object (JSON body, qs-parsed query): operator/prototype injection
    whole: bool = False  # the whole request container (all of req.body): mass assignment
    cleared: frozenset[str] = frozenset()  # sink categories a sanitizer made this safe for


TaintSet = tuple[Taint, ...]
CLEAN: TaintSet = ()


def union(*sets: TaintSet) -> TaintSet:
    seen: dict[tuple, Taint] = {}
    for ts_ in sets:
        for t in ts_:
            key = (t.origin, t.obj, t.whole, t.cleared)
            if key not in seen and len(seen) < MAX_TAINTS:
                seen[key] = t
    return tuple(seen.values())


def derive(
    taints: TaintSet,
    step: TraceStep | None = None,
    *,
    obj: bool | None = None,
    whole: bool | None = False,
    clear: frozenset[str] = frozenset(),
) -> TaintSet:
    out = []
    for t in taints:
        steps = t.steps
        if step is not None and (not steps or steps[-1].location.line != step.location.line):
            steps = (*steps, step) if len(steps) < MAX_STEPS else (*steps[:2], *steps[-(MAX_STEPS - 3) :], step)
        out.append(
            Taint(
                t.origin,
                steps,
                t.obj if obj is None else (t.obj and obj),
                t.whole if whole is None else (t.whole and whole),
                t.cleared | clear,
            )
        )
    return union(tuple(out))


def active(taints: TaintSet, category: str) -> TaintSet:
    return tuple(t for t in taints if category not in t.cleared)


@dataclass(frozen=True)
class TaintFlow:
    """One proven flow from a source to a sink of one category; the rules turn these into findings."""

    category: str
    location: Location  # the tainted argument at the sink
    sink: str  # the sink call as written, shortened
    source: str  # the source expression as written
    trace: tuple[TraceStep, ...]
    audit_only: bool = False
    api: bool = False  # library mode: the source is a parameter of the package's public API

    @property
    def source_location(self) -> Location:
        return self.trace[0].location if self.trace else self.location


@dataclass(frozen=True)
class TaintEvidence:
    """A sink reached by request data in the safe way (a parameterized query): positive evidence for a practice."""

    category: str
    location: Location
    message: str
    audit_only: bool = False


@dataclass(frozen=True)
class TaintNotApplicable:
    """A sink category with no object in the project (no database, no handler reading input): the reason."""

    category: str
    message: str
    audit_only: bool = False


@dataclass(frozen=True)
class TaintResult:
    """What the "taint" collector holds: the flows found and the evidence of safe uses."""

    flows: tuple[TaintFlow, ...]
    evidence: tuple[TaintEvidence, ...] = ()
    fired: frozenset[str] = frozenset()  # ids of the knowledge rows that applied to outside data


@dataclass
class SinkHit:
    category: str
    location: Location
    sink: str
    taint: Taint
    need: str = ""  # "obj" | "whole" | "" : which shape of data makes this sink dangerous


@dataclass
class Summary:
    returns: TaintSet = ()
    sinks: list[SinkHit] = field(default_factory=list)
    # parameter i called as a function with these arguments (`function respond(r, done) { done(r) }`): at a call
    # site, the function passed there runs with what the caller's arguments carry
    calls: list[tuple[int, tuple[TaintSet, ...]]] = field(default_factory=list)


EMPTY_SUMMARY = Summary()


# --- per-module context ---------------------------------------------------------------------------------------------


# Folders whose scripts a server package serves to browsers (etherpad's static/js/, express apps' public/).
BROWSER_FOLDERS = frozenset({"public", "static", "client", "browser"})


class ModuleCtx:
    def __init__(self, module: JsModule, tree: ts.Tree, data: bytes, handler_starts: list[int] | None = None) -> None:
        self.handler_starts = handler_starts or []
        self.module = module
        self.path = module.path
        self.tree = tree
        self.data = data
        self.calls: dict[tuple[int, int], Call] = {(c.start_byte, c.end_byte): c for c in module.calls}
        self._hints: list[int] | None = None
        self._local_classes: dict[str, str] | None = None
        self._browser: bool | None = None
        self.listens = False  # registers a listener for an event request data was emitted on: walked whole
        self._tables: dict[str, list[int]] | None = None
        self._constants: dict[str, ts.Node | None] | None = None

    def constant(self, name: str) -> ts.Node | None:
        """The literal (object, regex, string) a name of this file is declared with, when it is declared once:
        `const OPTS = { noent: true }` for `parseXml(x, OPTS)`, `var reTrim = /^\\s+|\\s+$/g` for
        `s.replace(reTrim)`."""
        if self._constants is None:
            found: dict[str, ts.Node | None] = {}
            if b"=" in self.data:
                stack = [self.tree.root_node]
                while stack:
                    node = stack.pop()
                    if node.type == "variable_declarator":
                        ident, value = node.child_by_field_name("name"), unwrap(node.child_by_field_name("value"))
                        if ident is not None and ident.type == "identifier" and value is not None:
                            key = ident.text.decode()
                            literal = value.type in (
                                "object",
                                "regex",
                                "string",
                                "template_string",
                                "subscript_expression",
                            )
                            found[key] = None if key in found or not literal else value
                    stack.extend(c for c in node.named_children if c.type not in ("string", "comment", "regex"))
            self._constants = found
        return self._constants.get(name)

    @property
    def local_classes(self) -> dict[str, str]:
        """Names that stand for a class of this file at the top level: the class itself (`Tools.ping()`, static) and
        instances made of it (`const tools = new Tools()`), each mapped to the class name."""
        if self._local_classes is None:
            names = {c.name for c in self.module.classes if c.name}
            found: dict[str, str] = {n: n for n in names}
            if names:
                for stmt in self.tree.root_node.named_children:
                    if stmt.type not in ("lexical_declaration", "variable_declaration"):
                        continue
                    for decl in stmt.named_children:
                        name, value = decl.child_by_field_name("name"), unwrap(decl.child_by_field_name("value"))
                        if name is None or name.type != "identifier" or value is None or value.type != "new_expression":
                            continue
                        ctor = value.child_by_field_name("constructor")
                        if ctor is not None and ctor.type == "identifier" and ctor.text.decode() in names:
                            found[name.text.decode()] = ctor.text.decode()
            self._local_classes = found
        return self._local_classes

    @property
    def dispatch_tables(self) -> dict[str, list[int]]:
        """Top-level objects of functions (`const handlers = { ping(p) {...}, stop: (p) => ... }`), by name: the start
        bytes of their functions, for calls made by key (`handlers[req.body.method](req.body.params)`)."""
        if self._tables is None:
            tables: dict[str, list[int]] = {}
            for stmt in self.tree.root_node.named_children:
                decl_parent = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
                if decl_parent is None or decl_parent.type not in ("lexical_declaration", "variable_declaration"):
                    continue
                for decl in decl_parent.named_children:
                    name, value = decl.child_by_field_name("name"), unwrap(decl.child_by_field_name("value"))
                    if name is None or name.type != "identifier" or value is None or value.type != "object":
                        continue
                    starts = []
                    for member in value.named_children:
                        fn = unwrap(member.child_by_field_name("value")) if member.type == "pair" else member
                        if fn is not None and (fn.type in FUNCTION_TYPES or fn.type == "method_definition"):
                            starts.append(fn.start_byte)
                    if starts:
                        tables[name.text.decode()] = starts
            self._tables = tables
        return self._tables

    @property
    def imports_source_package(self) -> bool:
        """Does the file import a package a source row names (an MCP server, ipcMain, h3)?"""
        return bool(SOURCE_PACKAGES.search(self.data))

    @property
    def browser_code(self) -> bool:
        """Is this file browser code shipped inside a server package (under public/, static/, client/ or browser/, or
        calling the `window`/`document` globals)? Its console is the user's browser console, not a server log.
        dist/ is not taken as a sign: compiled servers live there too (and it is not scanned by default)."""
        if self._browser is None:
            folders = {part.lower() for part in self.path.split("/")[:-1]}
            refs = (
                *(c.callee for c in self.module.calls),
                *(a.target for a in self.module.assignments),
                *(a.value for a in self.module.assignments),
            )
            self._browser = bool(folders & BROWSER_FOLDERS) or any(
                isinstance(r, Ref) and r.kind == "global" and r.name in ("window", "document") for r in refs
            )
        return self._browser

    def has_source_hint(self, node: ts.Node) -> bool:
        """Does the node's text show a request source or hold a route handler? (one regex pass per file, then a
        bisection per node)"""
        if self._hints is None:
            found = [m.start() for m in SOURCE_HINT.finditer(self.data)]
            self._hints = sorted(found + self.handler_starts)
        i = bisect.bisect_left(self._hints, node.start_byte)
        return i < len(self._hints) and self._hints[i] < node.end_byte

    def text(self, node: ts.Node, cap: int = 120) -> str:
        raw = self.data[node.start_byte : min(node.end_byte, node.start_byte + cap * 4)].decode("utf-8", "replace")
        raw = " ".join(raw.split())
        return raw if len(raw) <= cap else raw[: cap - 1] + "…"

    def loc(self, node: ts.Node) -> Location:
        (r1, c1), (r2, c2) = node.start_point, node.end_point
        return Location(self.path, r1 + 1, c1 + 1, r2 + 1, c2 + 1)

    def step(self, node: ts.Node, note: str) -> TraceStep:
        return TraceStep(self.loc(node), note, self.text(node, 80))

    def function_node(self, start_byte: int) -> ts.Node | None:
        node = self.tree.root_node.descendant_for_byte_range(start_byte, start_byte)
        while node is not None:
            if node.is_named and node.type in FUNCTION_TYPES and node.start_byte == start_byte:
                return node
            if node.start_byte < start_byte:
                break
            node = node.parent
        # a declaration wrapped in `export` or with decorators starts elsewhere: search the children
        stack = [self.tree.root_node]
        while stack:
            n = stack.pop()
            if n.start_byte > start_byte or n.end_byte <= start_byte:
                continue
            if n.is_named and n.type in FUNCTION_TYPES and n.start_byte == start_byte:
                return n
            stack.extend(n.children)
        return None


@dataclass(frozen=True)
class Seed:
    """What a knowledge row says about the parameters of a function it finds by shape (a resolver map's, an object
    of handlers passed to a library)."""

    label: str
    params: knowledge.Indices
    obj: bool
    whole: bool
    clears: frozenset[str]


@dataclass
class Frame:
    """What a function body knows besides variables: request parameter names, response content types, and which
    categories the route's validation (middleware, schema, pipes) already took care of."""

    reqs: frozenset[str] = frozenset()
    params: frozenset[str] = frozenset()
    source_clear: frozenset[str] = frozenset()
    ctype: dict[str, str] = field(default_factory=dict)
    db_fields: frozenset[str] = frozenset()
    services: tuple[tuple[str, str], ...] = ()  # NestJS constructor injection: (field, project file of its class)
    field_clear: tuple[tuple[str, frozenset[str]], ...] = ()  # ("body.name", {xss}): express-validator sanitizers
    # `const allowed = LIST.includes(x)`: the checks a boolean variable holds, for a later `if (allowed)`
    check_vars: dict[str, list] = field(default_factory=dict)


# --- the analysis ---------------------------------------------------------------------------------------------------


class TaintAnalysis:
    def __init__(
        self,
        js: JsProject,
        read_text: Callable[[str], str] | None = None,
        template_files: Iterable[str] = (),
        handlers: Iterable[tuple[str, int]] = (),
    ) -> None:
        self.js = js
        self.read_text = read_text
        self.template_files = list(template_files)
        # Route handlers the application model found, and functions a platform calls with a request (an AWS Lambda
        # `handler`, a Next.js route's `GET`): their first parameter is the request, whatever its name.
        found = platform_entry_points(js)
        self.entry_points: dict[tuple[str, int], tuple[int, ...]] = {k: row.requests for k, row in found.items()}
        self.handlers = frozenset(handlers) | frozenset(found)
        self.fired: set[str] = {row.id for row in found.values()}  # ids of knowledge rows that applied to outside data
        self.handler_starts: dict[str, list[int]] = {}
        for path, start in sorted(self.handlers):
            self.handler_starts.setdefault(path, []).append(start)
        self._templates: dict[str, dict[str, list[Location]]] | None = None
        self.flows: dict[tuple, TaintFlow] = {}
        self._ctx: dict[str, ModuleCtx | None] = {}
        self._summaries: dict[tuple[str, int], Summary] = {}
        self._busy: set[tuple[str, int]] = set()
        self.functions_walked = 0
        self.declared: dict[str, str] = {}  # dependency name -> the range package.json declares (set by the collector)
        # event name -> taints of the arguments request data was emitted with (`bus.emit('job', req.body)`)
        self.emitted: dict[str, list[TaintSet]] = {}
        # library mode: functions of the package's public API, (file, start byte) -> their exported name
        self.api_functions: dict[tuple[str, int], str] = {}
        # functions whose parameters a knowledge row seeds (resolver maps, objects of handlers): (file, start) -> seed
        self.seeded: dict[tuple[str, int], Seed] = {}
        self.named_walked: set[tuple[str, int]] = set()  # callbacks passed by name, walked once with a row's taints
        self.budget = MAX_EVALS_PER_FILE
        self.problems: list[tuple[str, str]] = []  # (path, message): files the analysis could not finish
        self.evidence: dict[tuple[str, str, int], TaintEvidence] = {}
        # request properties a middleware set from request data (`req.tenant = req.get('x-tenant')`), by name
        self.request_props: dict[str, TaintSet] = {}
        pipes = js.method_calls("useGlobalPipes")  # (indexed: a scan of every call's `member` cost ~0.1 s on ghost)
        global_pipes = [c for c in pipes if "ValidationPipe" in str(c.args)] or [
            c for m in js for c in m.calls if "useGlobalPipes" in c.callee_text and "Validation" in c.callee_text
        ]
        self.global_validation_pipe = bool(global_pipes)
        if global_pipes:  # practice 10 evidence: NestJS validates every DTO-typed parameter before the handler runs
            self.evidence_at(S.VALIDATION, global_pipes[0].location, "route input validated by a global ValidationPipe")
        # ValidationPipe({ whitelist: true }) strips every property the DTO does not declare: no extra field reaches a
        # model
        self.global_whitelist_pipe = any(
            WHITELIST_PIPE.search(call_source(js.by_path[c.file].abspath, c.start_byte, c.end_byte)) for c in pipes
        )
        # express-mongo-sanitize (or mongo-sanitize as middleware) strips `$` keys from every request.
        self.document_store = True  # a MongoDB driver or ODM is in the project (set by the collector)
        self.global_clear: frozenset[str] = (
            frozenset({S.NOSQL}) if js.calls_to("express-mongo-sanitize") else frozenset()
        )

    def ctx(self, path: str) -> ModuleCtx | None:
        if path not in self._ctx:
            module = self.js.module(path)
            got = tree_of(module) if module is not None else None
            starts = self.handler_starts.get(path)
            self._ctx[path] = ModuleCtx(module, got[0], got[1], starts) if got and module else None
        return self._ctx[path]

    def resolve_callee(self, callee: Ref, here: str) -> object:
        """Follow a callee into project files: exported functions, members of an exported client
        (`module.exports = pgp(url)` then `db.any(...)`), and methods of an exported instance or of `this`."""
        if callee.kind == "this" and len(callee.path) == 1:
            return self.method(here, callee.path[0]) or callee
        if callee.kind != "module" or not callee.name.startswith("file:"):
            return callee
        resolved = self.js.resolve(callee)
        if resolved == callee and len(callee.path) in (2, 3) and callee.path[-2] == CALL:
            # `new Store().load(x)` of a class another file exports (`{ Store }` or `module.exports = Store`)
            cls = callee.path[0] if len(callee.path) == 3 else None
            found = self.method(callee.name.removeprefix("file:"), callee.path[-1], cls or "")
            if found is not None:
                return found
        if resolved == callee and len(callee.path) == 2 and CALL not in callee.path and callee.path[0][:1].isupper():
            # `UserService.findByEmail(x)`: a static method of a class another file exports by name
            found = self.method(callee.name.removeprefix("file:"), callee.path[1], callee.path[0])
            if found is not None:
                return found
        if resolved != callee or not callee.path or callee.path[0] == CALL:
            return resolved
        module = self.js.module(callee.name)
        default = module.exports.get("default") if module is not None else None
        if isinstance(default, Ref):
            return Ref(default.kind, default.name, (*default.path, *callee.path), default.origin, callee.location)
        if len(callee.path) == 1:
            return self.method(callee.name.removeprefix("file:"), callee.path[0]) or callee
        return callee

    def method(self, path: str, name: str, cls: str = "") -> Func | None:
        """The class method `name` in a project file (of class `cls` if given), when exactly one class defines it."""
        module = self.js.module(path)
        if module is None:
            return None
        found = [m.func for c in module.classes if not cls or c.name == cls for m in c.methods if m.name == name]
        return found[0] if len(found) == 1 else None

    def run(self) -> list[TaintFlow]:
        walked: list[tuple[ModuleCtx, bytes, frozenset[str]]] = []  # with the request props known when walked
        for module in self.js:
            try:  # the text filter first: parsing again is what costs, and most files have no request source
                data = read_regular_bytes(module.abspath, cap=LISTED_CAP)
            except OSError:
                continue
            resolvers = RESOLVER_HINT.search(data) is not None
            if (
                not SOURCE_HINT.search(data)
                and not SOURCE_PACKAGES.search(data)
                and not resolvers
                and module.path not in self.handler_starts
            ):
                continue
            ctx = self.ctx(module.path)
            if ctx is None:
                continue
            if resolvers and not self.seed_resolvers(ctx):
                continue
            walked.append((ctx, data, frozenset(self.request_props)))
            self.walk_module(ctx)
        # A middleware in a file walked after its users (`src/app.js` before `src/tenant.js`): walk again, once, the
        # files that read a request property set later on.
        for ctx, data, known in walked:
            later = {p.split(".")[0] for p in set(self.request_props) - known}
            if later and re.search(rb"\.(?:" + b"|".join(re.escape(p.encode()) for p in sorted(later)) + rb")\b", data):
                self.walk_module(ctx)
        self.walk_listeners()
        return self.results()

    def walk_listeners(self) -> None:
        """`bus.emit('job', req.body)` somewhere, `bus.on('job', (job) => exec(job.cmd))` elsewhere: walk, once,
        the files that listen to an event request data was emitted on (the listener has usually been walked
        before any emit was seen)."""
        if not self.emitted:
            return
        names = b"|".join(re.escape(e.encode()) for e in sorted(self.emitted))
        listens = re.compile(rb"\.(?:on|once|addListener|prependListener)\s*\(\s*['\"`](?:" + names + rb")['\"`]")
        for module in self.js:
            try:
                data = read_regular_bytes(module.abspath, cap=LISTED_CAP)
            except OSError:
                continue
            ctx = self.ctx(module.path) if listens.search(data) else None
            if ctx is not None:
                ctx.listens = True
                self.walk_module(ctx)

    def library_mode(self, entries: Iterable[str]) -> None:
        """Treat the parameters of the functions the package exports from its entry modules (and the modules those
        re-export) as outside data: a library's users pass it what their own users sent."""
        seen: set[str] = set()
        todo = [e for e in entries if self.js.module(e) is not None]
        while todo and len(seen) < MAX_API_MODULES:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            module = self.js.module(path)
            for name, value in module.exports.items() if module is not None else ():
                for func, label in self.api_values(value, name, path, todo):
                    self.api_functions.setdefault(func.key, label)
                    self.handler_starts.setdefault(func.file, []).append(func.start_byte)
            for cls in module.classes if module is not None else ():
                if cls.name and (cls.name in module.exports or module.exports.get("default") is not None):
                    for m in cls.methods:
                        if not m.name.startswith(("_", "#")) and m.name != "constructor":
                            self.api_functions.setdefault(m.func.key, f"{cls.name}.{m.name}")
                            self.handler_starts.setdefault(path, []).append(m.func.start_byte)
        for starts in self.handler_starts.values():
            starts.sort()

    def api_values(self, value: object, name: str, here: str, todo: list[str]) -> list[tuple[Func, str]]:
        label = name if name != "default" else "default export"
        if isinstance(value, Func):
            return [(value, value.name or label)]
        if isinstance(value, Obj):
            out = []
            for prop in value.props:
                if isinstance(prop.value, Func):
                    out.append((prop.value, prop.key or label))
                elif isinstance(prop.value, Ref):
                    out += self.api_values(prop.value, prop.key or label, here, todo)
            return out
        if isinstance(value, Ref) and value.kind == "module" and value.name.startswith("file:"):
            resolved = self.js.resolve(value)
            if isinstance(resolved, Func):
                return [(resolved, resolved.name or label)]
            if not value.path:
                todo.append(value.name.removeprefix("file:"))  # `module.exports = require('./lib')`
        return []

    def seed_resolvers(self, ctx: ModuleCtx) -> bool:
        """Functions of a resolver map (`{ Query: { user: (parent, args) => ... } }`): their argument parameter is
        outside data. False when the file has no such map and no other reason to be walked."""
        found = False
        stack = [ctx.tree.root_node]
        while stack:
            node = stack.pop()
            stack.extend(c for c in node.named_children if c.type not in ("string", "template_string", "comment"))
            if node.type == "shorthand_property_identifier":  # `graphql({ schema, rootValue })`
                key, value = node, node
            elif node.type == "pair":
                key, value = node.child_by_field_name("key"), unwrap(node.child_by_field_name("value"))
            elif node.type == "variable_declarator":  # `export const Query = { search(_, args) {...} }`
                key, value = node.child_by_field_name("name"), unwrap(node.child_by_field_name("value"))
                if value is None or value.type != "object":
                    continue
            else:
                continue
            name = key.text.decode() if key is not None else ""
            row = next((r for r in knowledge.RESOLVER_MAPS if name in r.keys), None)
            if row is None or value is None:
                continue
            starts: list[int] = []
            if value.type == "object":
                for member in value.named_children:
                    fn = unwrap(member.child_by_field_name("value")) if member.type == "pair" else member
                    if fn is not None and (fn.type in FUNCTION_TYPES or fn.type == "method_definition"):
                        starts.append(fn.start_byte)
            elif value.type in ("identifier", "shorthand_property_identifier"):  # `rootValue: root` (top-level)
                starts = ctx.dispatch_tables.get(value.text.decode(), [])
            for start in starts:
                seed = Seed(row.label, knowledge.Indices((row.parameter,)), row.obj, row.whole, row.clears)
                self.seeded[(ctx.path, start)] = seed
                ctx.handler_starts.append(start)
                self.fired.add(row.id)
                found = True
        if found:
            ctx.handler_starts.sort()
            ctx._hints = None
        data = ctx.data
        other = SOURCE_HINT.search(data) or SOURCE_PACKAGES.search(data) or ctx.path in self.handler_starts
        return found or bool(other)

    def walk_module(self, ctx: ModuleCtx) -> None:
        walker = Walker(self, ctx, summary=None)
        self.budget = MAX_EVALS_PER_FILE
        try:
            walker.walk_program()
        except RecursionError:
            problem = (ctx.path, "taint analysis skipped the rest of the file: nesting too deep")
            if problem not in self.problems:
                self.problems.append(problem)
        except BudgetExceeded:
            problem = (ctx.path, "taint analysis stopped early: the file is too large or complex")
            if problem not in self.problems:
                self.problems.append(problem)

    def evidence_at(self, category: str, location: Location, message: str) -> None:
        key = (category, location.path, location.line)
        if key not in self.evidence and len(self.evidence) < MAX_EVIDENCE:
            self.evidence[key] = TaintEvidence(category, location, message)

    def results(self) -> list[TaintFlow]:
        flows = list(self.flows.values())
        # A proven injection at a sink says more than "not validated": keep one finding per sink line.
        injected = {(f.location.path, f.location.line) for f in flows if f.category != S.VALIDATION}
        flows = [f for f in flows if f.category != S.VALIDATION or (f.location.path, f.location.line) not in injected]
        return sorted(flows, key=lambda f: (f.location.path, f.location.line, f.location.column, f.category))

    def report(self, hit: SinkHit) -> None:
        t = hit.taint
        sink_step = TraceStep(
            hit.location,
            (
                f"reaches {hit.sink} (data sink, no validation)"
                if hit.category == S.VALIDATION
                else f"reaches {hit.sink} ({hit.category} sink)"
            ),
            "",
        )
        source_step = TraceStep(t.origin.location, f"source: {t.origin.kind}", t.origin.text)
        trace = (source_step, *t.steps, sink_step)
        # One finding per sink and category: more sources reaching the same argument add noise, not information.
        key = (hit.category, hit.location.path, hit.location.line, hit.location.column)
        known = self.flows.get(key)
        # request data beside configuration (path.join(process.env.DIR, req.params.name)): the request flow decides
        if known is None or (known.audit_only and not t.origin.audit_only) or (known.api and not t.origin.api):
            self.flows[key] = TaintFlow(
                hit.category, hit.location, hit.sink, t.origin.text, trace, t.origin.audit_only, t.origin.api
            )

    def templates(self) -> dict[str, dict[str, list[Location]]]:
        """View name -> variable -> where the template outputs it without escaping (EJS <%-, Handlebars {{{,
        Pug !{, Nunjucks | safe)."""
        if self._templates is None:
            self._templates = {}
            for rel in self.template_files:
                text = (self.read_text(rel) if self.read_text else "") or ""
                base = rel.rsplit("/", 1)[-1].split(".", 1)[0]
                sites = self._templates.setdefault(base, {})
                for rx in S.UNESCAPED_TEMPLATE:
                    for m in rx.finditer(text):
                        line = text.count("\n", 0, m.start()) + 1
                        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                        sites.setdefault(m.group(1), []).append(Location(rel, line, column))
        return self._templates

    def summary(self, func: Func) -> Summary:
        key = func.key
        if key in self._summaries:
            return self._summaries[key]
        if key in self._busy or len(self._busy) >= MAX_CALL_DEPTH:
            return EMPTY_SUMMARY
        ctx = self.ctx(func.file)
        node = ctx.function_node(func.start_byte) if ctx else None
        if ctx is None or node is None:
            self._summaries[key] = EMPTY_SUMMARY
            return EMPTY_SUMMARY
        self._busy.add(key)
        try:
            summary = Summary()
            walker = Walker(self, ctx, summary=summary)
            walker.func_key = key
            param_taints = [
                (Taint(Origin("parameter", ctx.loc(p), ctx.text(p, 60), param=i), (), True, True),)
                for i, p in enumerate(params_of(node))
            ]
            frame = Frame()
            if node.type == "method_definition" and node.parent is not None and node.parent.type == "class_body":
                # a service method summarised on its own still sees what its class's constructor injected
                frame = walker.class_frame(node.parent, frame)
            try:
                summary.returns = walker.walk_function(node, {}, frame, param_taints)
            except RecursionError:
                summary = EMPTY_SUMMARY
        finally:
            self._busy.discard(key)
        self._summaries[key] = summary
        return summary


def platform_entry_points(js: JsProject) -> dict[tuple[str, int], knowledge.EntryPointRow]:
    """Functions exported under a platform's entry-point names from the files it routes to, by key."""
    found: dict[tuple[str, int], knowledge.EntryPointRow] = {}
    for module in js:
        for row in knowledge.ENTRY_POINTS:
            if not row.files_re.search(module.path) or (row.directive and not opens_with(module, row.directive)):
                continue
            names = module.exports if "*" in row.exports else row.exports
            for name in names:
                value = module.exports.get(name)
                # an object of entry points (SvelteKit `export const actions = { default: async (event) => ... }`)
                for func in [p.value for p in value.props] if isinstance(value, Obj) else [value]:
                    if isinstance(func, Func) and func.params:
                        found[func.key] = row
    return found


def opens_with(module: JsModule, directive: str) -> bool:
    """Does the file's directive prologue hold `directive` (`'use server';` on its first line of code)?"""
    try:
        head = read_regular_bytes(module.abspath, cap=4096)[:4096].decode("utf-8", "replace")
    except OSError:
        return False
    head = re.sub(r"^(?:\s+|//[^\n]*\n|/\*.*?\*/)*", "", head, flags=re.DOTALL)
    return bool(re.match(r"(['\"])" + re.escape(directive) + r"\1", head))


def function_name(fn: ts.Node) -> str:
    """The name a function goes by: `function merge() {}`, `const merge = function () {}`, `var m = module.exports =
    function () {}`, `merge() {}` in a class or object."""
    name = fn.child_by_field_name("name")
    parent = fn.parent
    while name is None and parent is not None and parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return left.text.decode()
        parent = parent.parent
    if name is None and parent is not None and parent.type in ("variable_declarator", "pair"):
        name = parent.child_by_field_name("name") or parent.child_by_field_name("key")
    return name.text.decode() if name is not None and name.type in ("identifier", "property_identifier") else ""


def params_of(fn: ts.Node) -> list[ts.Node]:
    params = fn.child_by_field_name("parameters")
    if params is None:
        single = fn.child_by_field_name("parameter")
        return [single] if single is not None else []
    return [p for p in params.named_children if p.type not in ("comment", "this")]


def param_pattern(p: ts.Node) -> ts.Node:
    if p.type in ("required_parameter", "optional_parameter"):
        return p.child_by_field_name("pattern") or p
    return p


def unwrap(node: ts.Node | None) -> ts.Node | None:
    while node is not None and node.type in TRANSPARENT and node.named_child_count:
        node = node.named_children[-1] if node.type != "parenthesized_expression" else node.named_children[0]
    return node


def string_value(node: ts.Node | None) -> str | None:
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "string":
        return "".join(c.text.decode("utf-8", "replace") for c in node.named_children if c.type == "string_fragment")
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return "".join(c.text.decode("utf-8", "replace") for c in node.named_children if c.type == "string_fragment")
    return None


def leading_text(node: ts.Node | None) -> str | None:
    """The constant text an expression starts with (a string, a template's head, the head of a `+` chain)."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "string":
        return string_value(node)
    if node.type == "template_string":
        out = []
        for c in node.named_children:
            if c.type == "template_substitution":
                break
            if c.type == "string_fragment":
                out.append(c.text.decode("utf-8", "replace"))
        return "".join(out)
    if node.type == "binary_expression" and node.child_by_field_name("operator").type == "+":
        return leading_text(node.child_by_field_name("left"))
    return None


def fixed_directory_head(args: list[ts.Node]) -> bool:
    """Express `res.sendFile` without `root` hands the path to `send`, which answers 403 to any `..` segment
    (send@0.19.2 and 1.2.1, `UP_PATH_REGEXP` when root is null). So a string that starts with a fixed folder or
    file-name prefix (`/tmp/export.${type}`) cannot leave it: only `path.join`/`resolve` (which remove `..` first)
    or a path the request supplies from its start can. `res.download` resolves the path itself: not covered."""
    node = unwrap(args[0]) if args else None
    if node is None or node.type not in ("template_string", "binary_expression"):
        return False
    return bool((leading_text(node) or "").lstrip("/"))


def member_name(node: ts.Node | None) -> str | None:
    if node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return prop.text.decode("utf-8", "replace") if prop is not None else None
    return None


def root_identifier(node: ts.Node | None) -> str | None:
    while node is not None:
        if node.type == "identifier":
            return node.text.decode()
        if node.type in ("this",):
            return "this"
        if node.type == "member_expression" or node.type == "subscript_expression":
            node = node.child_by_field_name("object")
        elif node.type == "call_expression":
            node = node.child_by_field_name("function")
        elif node.type in TRANSPARENT:
            node = unwrap(node)
            if node is not None and node.type in TRANSPARENT:
                return None
        else:
            return None
    return None


def dotted(node: ts.Node | None) -> str | None:
    """`a.b.c` for a plain member chain of identifiers, else None (keys into the environment)."""
    node = unwrap(node)
    parts = []
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        if node.type == "subscript_expression":  # `req.params['id']` is `req.params.id`
            index = unwrap(node.child_by_field_name("index"))
            name = string_value(index) if index is not None and index.type == "string" else None
            if not name or not re.fullmatch(r"[A-Za-z_$][\w$-]*", name):
                return None
            parts.append(name)
        else:
            prop = node.child_by_field_name("property")
            if prop is None or prop.type not in ("property_identifier", "private_property_identifier"):
                return None
            parts.append(prop.text.decode())
        node = unwrap(node.child_by_field_name("object"))
    if node is None:
        return None
    if node.type == "identifier":
        parts.append(node.text.decode())
    elif node.type == "this":
        parts.append("this")
    else:
        return None
    return ".".join(reversed(parts))


def row_target(callee: object, js: JsProject | None = None) -> tuple[str, tuple[str, ...]] | None:
    """(package, reference path with call markers) of a library callee, what knowledge rows are matched against;
    `util.promisify(exec)` stands for `exec`."""
    if not isinstance(callee, Ref):
        return None
    if callee.kind == "module" and not callee.name.startswith("file:"):
        name = callee.name.removeprefix("node:")
        if name == "util" and callee.path == ("promisify", CALL) and js is not None and callee.origin is not None:
            inner = js.call_at(callee.origin)
            if inner is not None and inner.args:
                return row_target(inner.args[0])
        return (name, callee.path)
    if callee.kind == "global":
        return ("global", (callee.name, *callee.path))
    return None


def handler_object_rows(target: tuple[str, tuple[str, ...]], index: int, count: int) -> list[knowledge.SourceRow]:
    """Source rows for an object of handlers at argument `index` of a call with `count` arguments."""
    out = []
    for row in knowledge.sources_for(*target):
        access = row.access
        if access.option != "*" or access.parameter is None or access.argument is None:
            continue
        if index in access.argument.select(count):
            out.append(row)
    return out


def loop_array(node: ts.Node, name: bytes) -> str | None:
    """The array identifier a loop variable `name` runs over, seen from a node inside the loop: `for (const t of
    tools)` or `tools.forEach((t) => ...)` / `.map`."""
    scope = node.parent
    while scope is not None:
        if scope.type == "for_in_statement":
            left, right = scope.child_by_field_name("left"), scope.child_by_field_name("right")
            if left is not None and left.text == name and right is not None and right.type == "identifier":
                return right.text.decode()
        if scope.type in FUNCTION_TYPES:
            params = params_of(scope)
            if params and param_pattern(params[0]).text == name:
                call = scope.parent.parent if scope.parent is not None and scope.parent.type == "arguments" else None
                callee = call.child_by_field_name("function") if call is not None else None
                owner = (
                    callee.child_by_field_name("object")
                    if callee is not None and callee.type == "member_expression"
                    else None
                )
                if owner is not None and owner.type == "identifier" and member_name(callee) in ("forEach", "map"):
                    return owner.text.decode()
                return None
        scope = scope.parent
    return None


def connection_parameter(recv: ts.Node | None) -> bool:
    """Is `recv` the first parameter of a listener of a `connection`/`connect` event (`wss.on('connection', (conn)
    => conn.on('message', ...))`, socket.io `io.on('connection', (s) => ...)`), whatever its name?"""
    if recv is None or recv.type != "identifier":
        return False
    name = recv.text
    node = recv.parent
    while node is not None:
        if node.type in FUNCTION_TYPES:
            params = params_of(node)
            if any(param_pattern(p).text == name for p in params):
                if param_pattern(params[0]).text != name or node.parent is None or node.parent.type != "arguments":
                    return False
                call = node.parent.parent
                callee = call.child_by_field_name("function") if call is not None else None
                first = node.parent.named_children[0] if node.parent.named_children else None
                return (
                    callee is not None
                    and member_name(callee) in ("on", "once")
                    and string_value(first) in ("connection", "connect")
                )
        node = node.parent
    return False


def callee_key(callee: object) -> tuple[str, tuple[str, ...]] | None:
    """(module, member path without call markers) of a resolved callee, ("global", path) for globals."""
    if isinstance(callee, Ref):
        path = tuple(p for p in callee.path if p != CALL)
        if callee.path and callee.path[-1] == CALL:  # calling what a call returned: `Function(code)(...)`
            path = (*path, CALL)
        if callee.kind == "module":
            return (callee.name.removeprefix("node:"), path)
        if callee.kind == "global":
            return ("global", (callee.name, *path))
    return None


def exits(node: ts.Node | None) -> bool:
    """Does this statement always leave the function (return, throw, ctx.throw(...))?"""
    if node is None:
        return False
    if node.type in ("return_statement", "throw_statement"):
        return True
    if node.type == "statement_block":
        return any(exits(c) for c in node.named_children)
    if node.type == "expression_statement" and node.named_child_count:
        expr = unwrap(node.named_children[0])
        if expr is not None and expr.type == "call_expression":
            return member_name(expr.child_by_field_name("function")) == "throw"
    return False


# --- the walker -----------------------------------------------------------------------------------------------------

Env = dict[str, TaintSet]


class Walker:
    """Walks one function (or a whole file's top level) in statement order, keeping a taint environment."""

    def __init__(self, analysis: TaintAnalysis, ctx: ModuleCtx, summary: Summary | None) -> None:
        self.a = analysis
        self.m = ctx
        self.summary = summary
        self.returns: TaintSet = CLEAN
        self.func_key: tuple[str, int] | None = None
        self.quiet = 0  # > 0 while re-evaluating an expression: sinks inside were already reported
        self.sink_categories: set[str] | None = None  # categories the call being checked is itself a sink of
        self.row = ""  # the id of the knowledge row being applied (which rows the fixtures fire)
        # `new Promise((resolve) => resolve(x))`: the executor's resolve parameter, and what it was called with
        self.resolvers: list[tuple[str, list[TaintSet]]] = []
        self.callbacks_run = 0  # callbacks walked again with what a project function calls them with

    # -- reporting --

    def hit(self, category: str, node: ts.Node, taints: TaintSet, sink: str, need: str = "") -> None:
        self.hit_at(category, self.m.loc(node), taints, sink, need)

    def hit_at(self, category: str, where: Location, taints: TaintSet, sink: str, need: str = "") -> None:
        if self.quiet or (category == S.NOSQL and not self.a.document_store):
            return
        if self.row and any(category not in t.cleared for t in taints):
            self.a.fired.add(self.row)
        if self.sink_categories is not None and taints:
            self.sink_categories.add(category)
        for t in taints:
            if category in t.cleared:
                continue
            if t.origin.param >= 0:
                if self.summary is not None:
                    self.summary.sinks.append(SinkHit(category, where, sink, t, need))
                continue
            if (need == "obj" and not t.obj) or (need == "whole" and not t.whole):
                continue
            if category == S.VALIDATION and t.origin.audit_only:
                continue
            self.a.report(SinkHit(category, where, sink, t, need))

    # -- structure --

    def walk_program(self) -> None:
        frame = Frame(source_clear=self.a.global_clear)
        env: Env = {}
        whole = self.m.listens or bool(SOURCE_PACKAGES.search(self.m.data))
        for stmt in self.m.tree.root_node.named_children:
            if whole or self.m.has_source_hint(stmt):
                self.stmt(stmt, env, frame)

    def walk_function(
        self,
        fn: ts.Node,
        outer: Env,
        outer_frame: Frame,
        param_taints: list[TaintSet] | None = None,
        source_clear: frozenset[str] = frozenset(),
        decorators: list[ts.Node] | None = None,
        field_clear: tuple[tuple[str, frozenset[str]], ...] = (),
    ) -> TaintSet:
        self.a.functions_walked += 1
        env: Env = dict(outer)
        params = params_of(fn)
        names: set[str] = set()
        reqs = set(outer_frame.reqs)
        clear = outer_frame.source_clear | source_clear
        method_decorators = decorators or []
        method_text = " ".join(self.m.text(d, 200) for d in method_decorators)
        if "ValidationPipe" in method_text or self.a.global_validation_pipe:
            clear = clear | {S.VALIDATION}
        if WHITELIST_PIPE.search(method_text) or self.a.global_whitelist_pipe:
            clear = clear | WHITELIST_CLEARS
        frame = Frame(
            frozenset(),
            frozenset(),
            clear,
            {},
            outer_frame.db_fields,
            outer_frame.services,
            outer_frame.field_clear + field_clear,
            dict(outer_frame.check_vars),  # a closure sees the checks its enclosing function made
        )
        is_handler = (self.m.path, fn.start_byte) in self.a.handlers
        api_params = self.a.api_functions.get((self.m.path, fn.start_byte))
        if api_params is not None and param_taints is None:
            param_taints = []
            for p in params_of(fn):
                origin = Origin(
                    f"parameter {self.m.text(p, 30)} of exported {api_params}",
                    self.m.loc(p),
                    self.m.text(p, 40),
                    api=True,
                )
                param_taints.append((Taint(origin, (), True, False, LIBRARY_CLEARS),))
            if b"arguments" in (fn.text or b""):  # `arguments`-based APIs (deep-extend, dot-prop 4, qs)
                origin = Origin(f"arguments of exported {api_params}", self.m.loc(fn), "arguments", api=True)
                env["arguments"] = (Taint(origin, (), True, False, LIBRARY_CLEARS),)
        seed = self.a.seeded.get((self.m.path, fn.start_byte))
        if seed is not None and param_taints is None:
            origin = Origin(seed.label, self.m.loc(fn), self.m.text(fn, 40))
            seeded = (Taint(origin, (), seed.obj, seed.whole, seed.clears),)
            count = len(params_of(fn))
            chosen = set(seed.params.select(count))
            param_taints = [seeded if i in chosen else CLEAN for i in range(count)]
        # which parameters are the request: the first of a handler, and those an entry-point row names
        request_at = self.a.entry_points.get((self.m.path, fn.start_byte), (0,)) if is_handler else ()
        destructured: list[ts.Node] = []
        for i, p in enumerate(params):
            pat = param_pattern(p)
            for name in self.pattern_names(pat):
                names.add(name)
                env.pop(name, None)
                reqs.discard(name)
            if i in request_at and pat.type == "object_pattern" and not self.nest_decorated(p):
                destructured.append(pat)  # `async ({ query, params }, res) => ...`: bound once reqs are known
            named_like_request = pat.type == "identifier" and pat.text.decode() in S.REQUEST_PARAMS
            if (named_like_request or (i in request_at and pat.type == "identifier")) and not self.nest_decorated(p):
                reqs.add(pat.text.decode())
            seeded = self.nest_param(p, frame)
            if seeded is not None:
                if seeded == "request":
                    reqs.add(pat.text.decode())
                else:
                    self.bind(pat, seeded, env, frame)
            elif param_taints is not None and i < len(param_taints) and param_taints[i]:
                self.bind(pat, param_taints[i], env, frame)
        if destructured:
            reqs.add(DESTRUCTURED_REQUEST)
            # Koa's `({ request, params }) => ...`: `request` is the request object itself
            reqs.update(n for pat in destructured for n in self.pattern_names(pat) if n in ("request", "req"))
        frame.reqs = frozenset(reqs)
        frame.params = outer_frame.params | names
        for pat in destructured:
            self.bind_request(pat, DESTRUCTURED_REQUEST, env, frame)
        saved = self.returns
        self.returns = CLEAN
        body = fn.child_by_field_name("body")
        if body is not None and body.type == "statement_block":
            self.block(body, env, frame)
        elif body is not None:
            self.returns = union(self.returns, self.eval(body, env, frame))
        result, self.returns = self.returns, saved
        return result

    def nest_decorated(self, p: ts.Node) -> bool:
        return any(c.type == "decorator" for c in p.children)

    def nest_param(self, p: ts.Node, frame: Frame) -> TaintSet | str | None:
        for d in p.children:
            if d.type != "decorator":
                continue
            call = unwrap(d.named_children[0]) if d.named_child_count else None
            if call is None or call.type != "call_expression":
                continue
            name = self.m.text(call.child_by_field_name("function"), 40)
            args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
            if name in S.NEST_REQUEST_DECORATORS:
                return "request"
            if name not in S.NEST_DECORATORS:
                continue
            if any(S.NEST_PIPES_CLEAN.match(self.m.text(a, 40).removeprefix("new ").split("(")[0]) for a in args[1:]):
                return CLEAN
            obj, whole = S.NEST_DECORATORS[name]
            keyed = bool(args) and string_value(args[0]) is not None
            clear = frame.source_clear
            pipes = " ".join(self.m.text(a, 200) for a in args)
            if "ValidationPipe" in pipes:  # @Body(new ValidationPipe(...)) dto: a pipe on this parameter only
                whitelist = WHITELIST_CLEARS if WHITELIST_PIPE.search(pipes) else frozenset()
                clear = clear | {S.VALIDATION} | whitelist
            origin = Origin(f"@{name}({self.m.text(args[0], 30) if args else ''})", self.m.loc(d), self.m.text(d, 60))
            return (Taint(origin, (), obj, whole and not keyed, clear),)
        return None

    def block(self, node: ts.Node, env: Env, frame: Frame) -> bool:
        """Walk statements in order; True when the block always leaves the function (the rest is unreachable)."""
        return any(self.stmt(stmt, env, frame) for stmt in node.named_children)

    def stmt(self, node: ts.Node, env: Env, frame: Frame) -> bool:
        t = node.type
        if t == "expression_statement":
            for c in node.named_children:
                self.eval(c, env, frame)
            return exits(node)
        if t in ("lexical_declaration", "variable_declaration"):
            for decl in node.named_children:
                if decl.type == "variable_declarator":
                    value = decl.child_by_field_name("value")
                    name = decl.child_by_field_name("name")
                    taint = self.eval(value, env, frame) if value is not None else CLEAN
                    request = dotted(value) if name is not None and name.type == "object_pattern" else None
                    if request is not None and request.split(".")[0] in frame.reqs:
                        fields = bool(frame.field_clear) and not any(
                            c.type == "rest_pattern" for c in name.named_children
                        )  # const { name } = req.body, where the route sanitised req.body.name
                        if not taint or fields:
                            self.bind_request(name, request, env, frame)  # const { body } = req
                            continue
                    if name is not None:
                        self.bind(name, taint, env, frame, strong=True)
                    if name is not None and name.type == "identifier":
                        if self.builds_object_any(value):  # `const config = req.config || Config.get(appId)`
                            env[f"{name.text.decode()}.{BUILT}"] = CLEAN
                        else:
                            env.pop(f"{name.text.decode()}.{BUILT}", None)
                    if taint and name is not None and name.type == "identifier":
                        self.record_fields(name.text.decode(), unwrap(value), env, frame)
                    if name is not None and name.type == "identifier":
                        held = self.checks(value, True, env, frame) if value is not None and not taint else []
                        if held:
                            frame.check_vars[name.text.decode()] = held
                        else:
                            frame.check_vars.pop(name.text.decode(), None)
                    if name is not None and value is not None:
                        self.schema_outcome(name, value, frame)
            return False
        if t == "return_statement":
            for c in node.named_children:
                self.returns = union(self.returns, self.eval(c, env, frame))
            return True
        if t == "throw_statement":
            for c in node.named_children:
                self.eval(c, env, frame)
            return True
        if t == "if_statement":
            return self.if_stmt(node, env, frame)
        if t == "statement_block":
            return self.block(node, env, frame)
        if t in ("for_in_statement",):
            right = node.child_by_field_name("right")
            taint = self.eval(right, env, frame)
            left = node.child_by_field_name("left")
            is_in = any(c.type == "in" for c in node.children)
            elem = derive(taint, None, obj=not is_in) if taint else CLEAN
            inner = dict(env)
            if left is not None:
                self.bind(left, elem, inner, frame, strong=True)
            self.loop_body(node.child_by_field_name("body"), env, inner, frame)
            return False
        if t in ("for_statement", "while_statement", "do_statement"):
            inner = dict(env)
            for f in ("initializer", "condition", "increment"):
                for c in node.children_by_field_name(f):
                    self.stmt(c, inner, frame) if c.type.endswith(("declaration", "statement")) else self.eval(
                        c, inner, frame
                    )
            self.loop_body(node.child_by_field_name("body"), env, inner, frame)
            return False
        if t == "try_statement":
            self.stmt(node.child_by_field_name("body"), env, frame)
            handler = node.child_by_field_name("handler")
            if handler is not None and handler.child_by_field_name("body") is not None:
                branch = dict(env)
                caught = handler.child_by_field_name("parameter")
                shadowed = self.pattern_names(caught) if caught is not None else []
                for name in shadowed:  # `catch (error)` is a new variable, whatever an outer `error` held
                    branch[name] = CLEAN
                self.block(handler.child_by_field_name("body"), branch, frame)
                for name in shadowed:
                    if name in env:
                        branch[name] = env[name]
                    else:
                        branch.pop(name, None)
                self.merge_into(env, branch)
            fin = node.child_by_field_name("finalizer")
            if fin is not None and fin.child_by_field_name("body") is not None:
                self.block(fin.child_by_field_name("body"), env, frame)
            return False
        if t == "switch_statement":
            self.eval(node.child_by_field_name("value"), env, frame)
            body = node.child_by_field_name("body")
            branches = []
            for case in body.named_children if body is not None else ():
                branch = dict(env)
                for c in case.children_by_field_name("body"):
                    self.stmt(c, branch, frame)
                branches.append(branch)
            for b in branches:
                self.merge_into(env, b)
            return False
        if t in ("function_declaration", "generator_function_declaration"):
            self.walk_function(node, env, frame)
            return False
        if t in ("class_declaration", "class", "abstract_class_declaration"):
            self.class_decl(node, env, frame, [])
            return False
        if t == "export_statement":
            decl = node.child_by_field_name("declaration") or node.child_by_field_name("value")
            if decl is None and any(c.type == "=" for c in node.children):
                # TypeScript `export = async function (fastify) { ... }`: a plugin whose routes are inside
                decl = next((c for c in node.named_children if c.type not in ("comment", "decorator")), None)
            decorators = [c for c in node.children if c.type == "decorator"]
            if decl is not None and decl.type in ("class_declaration", "abstract_class_declaration"):
                self.class_decl(decl, env, frame, decorators)
            elif decl is not None:
                self.stmt(decl, env, frame) if decl.type.endswith(("declaration", "statement")) else self.eval(
                    decl, env, frame
                )
            return False
        if t == "labeled_statement":
            body = node.child_by_field_name("body")
            return self.stmt(body, env, frame) if body is not None else False
        return False

    def loop_body(self, body: ts.Node | None, env: Env, inner: Env, frame: Frame) -> None:
        if body is None:
            return
        self.stmt(body, inner, frame)
        self.merge_into(env, inner)

    def merge_into(self, env: Env, other: Env) -> None:
        for k, v in other.items():
            env[k] = union(env.get(k, CLEAN), v) if k in env else v

    def if_stmt(self, node: ts.Node, env: Env, frame: Frame) -> bool:
        cond = node.child_by_field_name("condition")
        self.eval(cond, env, frame)
        checks = self.checks(cond, True, env, frame)
        for checked, _, _ in checks:  # what a check clears in one branch stays as it was in the other
            for target in self.check_keys(checked) if checked is not None else ():
                key = dotted(target)
                if key is not None and key not in env:
                    before = self.eval_quiet(target, env, frame)
                    if before:
                        env[key] = before
        cons_env = dict(env)
        self.apply_checks(checks, True, cons_env, frame)
        cons_exits = self.stmt(node.child_by_field_name("consequence"), cons_env, frame)
        alt_env = dict(env)
        self.apply_checks(checks, False, alt_env, frame)
        alt = node.child_by_field_name("alternative")
        alt_exits = False
        if alt is not None:
            for c in alt.named_children:
                alt_exits = self.stmt(c, alt_env, frame) or alt_exits
        if cons_exits and alt_exits:
            return True
        env.clear()
        if cons_exits:
            env.update(alt_env)
        elif alt_exits:
            env.update(cons_env)
        else:
            env.update(alt_env if alt is not None else env_union(cons_env, alt_env))
            if alt is not None:
                self.merge_into(env, cons_env)
        return False

    # -- guards --

    def checks(
        self, cond: ts.Node | None, positive: bool, env: Env, frame: Frame
    ) -> list[tuple[ts.Node, frozenset[str], bool]]:
        """Validation checks in a condition: (checked expression, categories it clears, holds when cond is true)."""
        cond = unwrap(cond)
        if cond is None:
            return []
        t = cond.type
        if t in ("identifier", "member_expression") and frame.check_vars:
            held = frame.check_vars.get(dotted(cond) or "", [])
            return [(n, cats, holds if positive else not holds) for n, cats, holds in held]
        if t == "unary_expression" and cond.child_by_field_name("operator").type == "!":
            return self.checks(cond.child_by_field_name("argument"), not positive, env, frame)
        if t == "binary_expression":
            op = cond.child_by_field_name("operator").type
            left, right = unwrap(cond.child_by_field_name("left")), unwrap(cond.child_by_field_name("right"))
            if op in ("&&", "||"):
                return self.checks(left, positive, env, frame) + self.checks(right, positive, env, frame)
            if op in ("<", "<=", ">", ">=") and left is not None and right is not None:
                # `if (str.length > 100) return`: a capped length bounds any backtracking
                for a, b, short_when_true in ((left, right, op in ("<", "<=")), (right, left, op in (">", ">="))):
                    capped = b.type == "number" and b.text.isdigit() and int(b.text) <= MAX_REGEX_INPUT
                    if a.type == "member_expression" and member_name(a) == "length" and capped:
                        return [(a, frozenset({S.REDOS}), positive == short_when_true)]
                return []
            if op == "in" and left is not None and right is not None and not self.eval_quiet(right, env, frame):
                # `key in ALLOWED`: an allow-list, except that inherited keys (`constructor`, `__proto__`) pass too
                return [(left, IN_CHECK, positive)]
            if op in ("===", "!==", "==", "!="):
                same = op in ("===", "==")
                for a, b in ((left, right), (right, left)):
                    if a is None or b is None:
                        continue
                    if b.type in ("true", "false") and a.type in CHECK_EXPRESSIONS:
                        # `(key in ALLOWED) === false`, `isValid(x) !== true`: the check inside, maybe negated
                        return self.checks(a, positive if (b.type == "true") == same else not positive, env, frame)
                    if a.type == "unary_expression" and a.child_by_field_name("operator").type == "typeof":
                        return [(a.child_by_field_name("argument"), TYPE_CHECK, positive == same)]
                    lit = string_value(b)
                    if lit is None and b.type == "unary_expression" and b.text.replace(b" ", b"") == b"-1":
                        found = self.index_of_check(a, env, frame)  # list.indexOf(x) === -1: x is not in the list
                        if found is not None:
                            return [(found, S.ALL, positive != same)]
                        continue
                    if lit is None and b.type not in ("number", "true", "false", "null"):
                        continue
                    if lit in PROTO_KEYS:
                        if not FULL_PROTO_GUARD(self.m.data):
                            return []  # `key === '__proto__'` alone: `constructor.prototype` still gets through
                        return [(a, frozenset({S.PROTOTYPE}), positive != same)]
                    if self.eval_quiet(b, env, frame):
                        continue
                    return [(a, S.ALL, positive == same)]
            return []
        if t == "call_expression":
            fn = cond.child_by_field_name("function")
            args = [a for a in cond.child_by_field_name("arguments").named_children if a.type != "comment"]
            method = member_name(fn)
            name = method or (fn.text.decode() if fn is not None and fn.type == "identifier" else "")
            if method in ("includes", "has", "hasOwnProperty") and args:
                recv = fn.child_by_field_name("object")
                if not self.eval_quiet(recv, env, frame):
                    return [(args[0], S.ALL, positive)]
                return []
            if method == "startsWith" and fn is not None:
                return [(fn.child_by_field_name("object"), PREFIX_CHECK, positive)]
            if method in ("test", "match") and args:
                recv = unwrap(fn.child_by_field_name("object"))
                target = args[0] if method == "test" else recv
                return [(target, S.ALL, positive)] if target is not None else []
            if name and re.match(r"^(is|valid|check|assert|allowed|safe)", name, re.IGNORECASE) and args:
                return [(args[0], S.ALL, positive)]
        return []

    def record_fields(self, name: str, obj: ts.Node | None, env: Env, frame: Frame, depth: int = 0) -> None:
        """`const opts = { url: FIXED, data: req.body }`: remember each property's own taint, so that `opts.url`
        (and `axios(opts)`) is not tainted by `data`. Only for literals without a spread (which could set any key)."""
        if obj is None or obj.type != "object" or depth > 1:
            return
        if any(c.type in ("spread_element", "method_definition") for c in obj.named_children):
            return
        fields: dict[str, TaintSet] = {}
        for c in obj.named_children:
            if c.type == "shorthand_property_identifier":
                fields[c.text.decode()] = env.get(c.text.decode(), CLEAN)
            elif c.type == "pair":
                k, v = c.child_by_field_name("key"), unwrap(c.child_by_field_name("value"))
                if k is None or v is None or k.type == "computed_property_name":
                    return  # a key the request may choose: no per-field view
                kname = string_value(k) if k.type == "string" else k.text.decode()
                if kname is None or "." in kname:
                    return
                if v.type in FUNCTION_TYPES:
                    continue
                fields[kname] = self.eval_quiet(v, env, frame)
                if v.type == "object":
                    self.record_fields(f"{name}.{kname}", v, env, frame, depth + 1)
        for kname, taint in fields.items():
            env[f"{name}.{kname}"] = taint  # CLEAN too: a known-clean property
        env[f"{name}.{FIELDS}"] = CLEAN

    def schema_outcome(self, name: ts.Node, value: ts.Node, frame: Frame) -> None:
        """`const { error } = schema.validate(req.body)` or `const r = schema.safeParse(req.body)`: a later
        `if (error) throw ...` / `if (!r.success) return ...` proves the *original* value has the schema's shape."""
        call = unwrap(value)
        if call is not None and call.type == "await_expression" and call.named_child_count:
            call = unwrap(call.named_children[0])
        if call is None or call.type != "call_expression":
            return
        fn = call.child_by_field_name("function")
        method = member_name(fn) if fn is not None and fn.type == "member_expression" else None
        args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
        if method not in S.VALIDATOR_RESULT_METHODS or not args or dotted(args[0]) is None:
            return
        checked = args[0]
        if name.type == "object_pattern":
            for c in name.named_children:
                if c.type == "shorthand_property_identifier_pattern" and c.text in (b"error", b"errors"):
                    frame.check_vars[c.text.decode()] = [(checked, SCHEMA_SHAPE, False)]
                elif c.type == "pair_pattern" and self.m.text(c.child_by_field_name("key"), 20) in ("error", "errors"):
                    alias = c.child_by_field_name("value")
                    if alias is not None and alias.type == "identifier":
                        frame.check_vars[alias.text.decode()] = [(checked, SCHEMA_SHAPE, False)]
        elif name.type == "identifier":
            base = name.text.decode()
            frame.check_vars[f"{base}.success"] = [(checked, SCHEMA_SHAPE, True)]
            frame.check_vars[f"{base}.error"] = [(checked, SCHEMA_SHAPE, False)]

    def index_of_check(self, node: ts.Node | None, env: Env, frame: Frame) -> ts.Node | None:
        """The value looked up by `CONSTANT_LIST.indexOf(value)`, or None."""
        node = unwrap(node)
        if node is None or node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        args = [a for a in node.child_by_field_name("arguments").named_children if a.type != "comment"]
        if member_name(fn) != "indexOf" or not args or self.eval_quiet(fn.child_by_field_name("object"), env, frame):
            return None
        return args[0]

    def apply_checks(self, checks: list, when: bool, env: Env, frame: Frame) -> None:
        for node, cats, holds_when_true in checks:
            if holds_when_true != when or node is None:
                continue
            for target in self.check_keys(node):
                key = dotted(target)
                if key is None:
                    continue
                taint = self.eval_quiet(target, env, frame)
                if taint:
                    env[key] = derive(taint, None, obj=False if cats is TYPE_CHECK else None, whole=None, clear=cats)
                    if cats is SCHEMA_SHAPE:
                        env[f"{key}.{SHAPED}"] = CLEAN  # its properties passed the schema too

    def check_keys(self, node: ts.Node) -> list[ts.Node]:
        """The expression checked and, for `url.hostname`, the URL object it belongs to."""
        node = self.checked_value(unwrap(node))
        out = [node]
        if (
            node is not None
            and node.type == "member_expression"
            and member_name(node)
            in (
                "hostname",
                "host",
                "origin",
                "protocol",
                "href",
                "length",
            )
        ):
            out.append(unwrap(node.child_by_field_name("object")))
        return [n for n in out if n is not None]

    def checked_value(self, node: ts.Node | None) -> ts.Node | None:
        """`isFQDN(String(host))`, `re.test(name.trim())`: a check of a cast or case/space-normalised copy holds for
        the value itself (not of `parseInt(x)`: "1; DROP" parses to 1, the raw text does not pass)."""
        for _ in range(3):
            if node is None or node.type != "call_expression":
                return node
            fn = unwrap(node.child_by_field_name("function"))
            args = [a for a in node.child_by_field_name("arguments").named_children if a.type != "comment"]
            if fn is not None and fn.type == "identifier" and fn.text in (b"String", b"Number") and len(args) == 1:
                node = unwrap(args[0])
            elif fn is not None and fn.type == "member_expression" and member_name(fn) in CHECK_NORMALISERS:
                node = unwrap(fn.child_by_field_name("object"))
            else:
                return node
        return node

    def eval_quiet(self, node: ts.Node | None, env: Env, frame: Frame) -> TaintSet:
        """Evaluate an expression again (an argument already walked) without reporting its sinks twice."""
        if node is None:
            return CLEAN
        self.quiet += 1
        try:
            return self.eval(node, dict(env), frame)
        finally:
            self.quiet -= 1

    # -- binding --

    def pattern_names(self, pat: ts.Node | None) -> list[str]:
        if pat is None:
            return []
        if pat.type in ("identifier", "shorthand_property_identifier_pattern"):
            return [pat.text.decode()]
        out: list[str] = []
        for c in pat.named_children:
            if c.type in ("type_annotation", "decorator"):
                continue
            if c.type == "pair_pattern":
                out += self.pattern_names(c.child_by_field_name("value"))
            elif c.type in ("object_assignment_pattern", "assignment_pattern"):
                out += self.pattern_names(c.child_by_field_name("left"))
            else:
                out += self.pattern_names(c)
        return out

    def bind_request(self, pat: ts.Node, prefix: str, env: Env, frame: Frame, depth: int = 0) -> None:
        """`const { body, query: { q } } = req`: each name bound to the request property it reads."""
        for c in pat.named_children:
            if c.type in ("shorthand_property_identifier_pattern", "object_assignment_pattern"):
                target = c if c.type != "object_assignment_pattern" else c.child_by_field_name("left")
                if target is None or target.type != "shorthand_property_identifier_pattern":
                    continue
                name = target.text.decode()
                taint = self.source(c, f"{prefix}.{name}", frame) or CLEAN
                self.bind(target, taint, env, frame)
            elif c.type == "pair_pattern":
                key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
                if key is None or value is None:
                    continue
                path = f"{prefix}.{key.text.decode()}"
                if value.type == "object_pattern" and depth < 3:
                    self.bind_request(value, path, env, frame, depth + 1)
                else:
                    self.bind(value, self.source(c, path, frame) or CLEAN, env, frame)

    def bind(self, pat: ts.Node, taint: TaintSet, env: Env, frame: Frame, strong: bool = True) -> None:
        t = pat.type
        if t == "identifier" or t == "shorthand_property_identifier_pattern":
            name = pat.text.decode()
            for k in [k for k in env if k.startswith(name + ".")]:
                del env[k]
            if taint:
                env[name] = taint if strong else union(env.get(name, CLEAN), taint)
            else:
                env.pop(name, None)
            return
        if t == "object_pattern":
            for c in pat.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    self.bind(c, self.field_of(taint, c.text.decode(), c), env, frame)
                elif c.type == "pair_pattern":
                    value = c.child_by_field_name("value")
                    key = c.child_by_field_name("key")
                    kname = key.text.decode() if key is not None and key.type == "property_identifier" else ""
                    if value is not None:
                        self.bind(value, self.field_of(taint, kname, c), env, frame)
                elif c.type == "object_assignment_pattern":
                    left = c.child_by_field_name("left")
                    default = self.eval(c.child_by_field_name("right"), env, frame)
                    if left is not None:
                        self.bind(
                            left, union(derive(taint, self.m.step(c, "destructured"), whole=False), default), env, frame
                        )
                elif c.type == "rest_pattern" and c.named_child_count:
                    self.bind(c.named_children[0], derive(taint, self.m.step(c, "rest of"), whole=None), env, frame)
            return
        if t == "array_pattern":
            for c in pat.named_children:
                inner = c.named_children[0] if c.type == "rest_pattern" and c.named_child_count else c
                self.bind(inner, derive(taint, None, whole=False), env, frame)
            return
        if t == "rest_pattern" and pat.named_child_count:  # a rest parameter: `(event, ...args) => ...`
            self.bind(pat.named_children[0], derive(taint, None, whole=False), env, frame)
            return
        if t in ("assignment_pattern",):
            left = pat.child_by_field_name("left")
            if left is not None:
                self.bind(left, union(taint, self.eval(pat.child_by_field_name("right"), env, frame)), env, frame)
            return
        if t in ("required_parameter", "optional_parameter"):
            inner = pat.child_by_field_name("pattern")
            if inner is not None:
                self.bind(inner, taint, env, frame, strong)

    def field_of(self, taint: TaintSet, name: str, node: ts.Node) -> TaintSet:
        """A destructured property. Of a summary's own parameter it stays a parameter taint that remembers the
        property, so each caller can substitute what it passed there; of anything else it is part of the value."""
        step = self.m.step(node, "destructured")
        out: list[Taint] = []
        for t in taint:
            if name and t.origin.param >= 0 and not t.origin.field and not t.steps:
                out.append(replace(t, origin=replace(t.origin, field=name)))
            else:
                out.extend(derive((t,), step, whole=False))
        return union(tuple(out))

    # -- expressions --

    def eval(self, node: ts.Node | None, env: Env, frame: Frame) -> TaintSet:
        if node is None:
            return CLEAN
        self.a.budget -= 1
        if self.a.budget < 0:
            raise BudgetExceeded
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            return env.get(node.text.decode(), CLEAN)
        if t in TRANSPARENT:
            out = CLEAN
            for c in node.named_children:
                if c.type not in (
                    "type_annotation",
                    "type_identifier",
                    "predefined_type",
                    "generic_type",
                    "object_type",
                ):
                    out = union(out, self.eval(c, env, frame))
            return out
        if t == "member_expression":
            return self.member(node, env, frame)
        if t == "subscript_expression":
            if dotted(node) is not None:  # `req.params['id']`: the same as `req.params.id`
                return self.member(node, env, frame)
            obj = self.eval(node.child_by_field_name("object"), env, frame)
            self.eval(node.child_by_field_name("index"), env, frame)
            return derive(obj, None, whole=False)
        if t in ("call_expression", "new_expression"):
            return self.call(node, env, frame)
        if t == "template_string":
            return self.concat([c for c in node.named_children if c.type == "template_substitution"], node, env, frame)
        if t == "binary_expression":
            op = node.child_by_field_name("operator").type
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op == "+":
                return self.concat(self.plus_parts(node), node, env, frame)
            lt, rt = self.eval(left, env, frame), self.eval(right, env, frame)
            if op in ("||", "??", "&&"):
                return union(lt, rt)
            return CLEAN
        if t == "ternary_expression":
            cond = node.child_by_field_name("condition")
            self.eval(cond, env, frame)
            checks = self.checks(cond, True, env, frame)
            e1, e2 = dict(env), dict(env)
            self.apply_checks(checks, True, e1, frame)
            self.apply_checks(checks, False, e2, frame)
            return union(
                self.eval(node.child_by_field_name("consequence"), e1, frame),
                self.eval(node.child_by_field_name("alternative"), e2, frame),
            )
        if t == "assignment_expression":
            return self.assign(node, env, frame)
        if t == "augmented_assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            rt = derive(self.eval(right, env, frame), self.m.step(node, "appended"), obj=False)
            key = dotted(left)
            if key is not None and rt:
                env[key] = union(env.get(key, CLEAN), rt)
            return env.get(key, CLEAN) if key else rt
        if t == "object":
            return self.object(node, env, frame)
        if t == "array":
            return derive(union(*(self.eval(c, env, frame) for c in node.named_children)), None, whole=None)
        if t in ("arrow_function", "function_expression", "function", "generator_function"):
            self.walk_function(node, env, frame)
            return CLEAN
        if t in ("class", "class_declaration"):
            self.class_decl(node, env, frame, [])
            return CLEAN
        if t == "unary_expression":
            self.eval(node.child_by_field_name("argument"), env, frame)
            return CLEAN
        if t == "sequence_expression":
            out = CLEAN
            for c in node.named_children:
                out = self.eval(c, env, frame)
            return out
        if t == "update_expression":
            return CLEAN
        return CLEAN

    def plus_parts(self, node: ts.Node) -> list[ts.Node]:
        parts: list[ts.Node] = []
        while node.type == "binary_expression" and node.child_by_field_name("operator").type == "+":
            parts.append(node.child_by_field_name("right"))
            node = unwrap(node.child_by_field_name("left")) or node.child_by_field_name("left")
        parts.append(node)
        return list(reversed(parts))

    def concat(self, parts: list[ts.Node], node: ts.Node, env: Env, frame: Frame) -> TaintSet:
        head = leading_text(node) or ""
        clear: set[str] = set()
        first_value = next((p for p in parts if p.type not in ("string", "template_string")), None)
        host_upgrade = (
            re.fullmatch(r"https?://", head) is not None
            and first_value is not None
            and OWN_HOST.search(first_value.text) is not None
        )  # 'https://' + req.hostname + req.originalUrl: the HTTPS upgrade keeps the request's own host
        if host_upgrade or S.FIXED_ORIGIN.match(head) or self.is_encoder_call(parts[0] if parts and not head else None):
            # what follows a fixed origin (or an encoded, slash-free first segment) cannot change the destination
            clear |= {S.SSRF, S.REDIRECT}
        elif S.LOCAL_PATH.match(head):
            clear.add(S.REDIRECT)
        taints = [self.eval(p, env, frame) for p in parts]
        if not any(taints):
            return CLEAN
        if not clear & {S.REDIRECT}:
            before = self.text_before_taint(node, parts, taints)
            if PATH_BEFORE.search(before):
                clear.add(S.REDIRECT)  # base + '/user/' + slug: a path segment is fixed before any request data
            elif "?" in before or "#" in before:
                # signinUrl + '?from=' + req.originalUrl (keystone 4): the request fills a query parameter only
                clear.add(S.REDIRECT)
        out = CLEAN
        for p, pt in zip(parts, taints, strict=True):
            if pt:
                out = union(
                    out, derive(pt, self.m.step(p, "concatenated into a string"), obj=False, clear=frozenset(clear))
                )
        return out

    def text_before_taint(self, node: ts.Node, parts: list[ts.Node], taints: list[TaintSet]) -> str:
        """The constant text of a template or `+` chain before its first tainted part."""
        first = next(p for p, t in zip(parts, taints, strict=True) if t)
        pieces: list[str] = []
        if node.type == "template_string":
            for c in node.named_children:
                if c.start_byte >= first.start_byte:
                    break
                if c.type == "string_fragment":
                    pieces.append(c.text.decode("utf-8", "replace"))
            return "".join(pieces)
        for p in parts:
            if p.start_byte >= first.start_byte:
                break
            pieces.append(leading_text(p) or "\x00")
        return "".join(pieces)

    def is_encoder_call(self, node: ts.Node | None) -> bool:
        node = unwrap(node)
        if node is not None and node.type == "template_substitution" and node.named_child_count:
            node = unwrap(node.named_children[0])
        if node is None or node.type != "call_expression":
            return False
        fn = node.child_by_field_name("function")
        return fn is not None and fn.text in (b"encodeURIComponent",)

    def member(self, node: ts.Node, env: Env, frame: Frame) -> TaintSet:
        key = dotted(node)
        if key is not None and key in env:
            return env[key]
        held = key.split(".") if key is not None else []
        if len(held) == 3 and held[1] in HANDED_ON and (held[0] in frame.params or held[0] in frame.reqs):
            handed = self.a.request_props.get(f"{held[1]}.{held[2]}")
            if handed:
                return handed
        obj_node = node.child_by_field_name("object")
        prop = member_name(node) or (key.rsplit(".", 1)[-1] if key else None)
        source = self.source(node, key, frame)
        if source is not None:
            prefix = key.rsplit(".", 1)[0] if key else ""
            while "." in prefix and f"{prefix}.{SHAPED}" not in env:
                prefix = prefix.rsplit(".", 1)[0]
            if f"{prefix}.{SHAPED}" in env and prefix in env:  # `req.body` passed a schema: so did this part
                return derive(env[prefix], None, whole=False)
            return source
        obj = self.eval(obj_node, env, frame)
        if not obj or prop in ("length", "size"):
            return CLEAN
        if prop in S.SERVER_FILE_PROPS:
            # multer & co. choose the stored path and name of an upload, not the client; in a summary, remember
            # the read so that the caller can drop it when the argument is an upload
            obj = tuple(t for t in obj if not is_upload(t))
            obj = tuple(replace(t, cleared=t.cleared | {UPLOAD_PROP}) if t.origin.param >= 0 else t for t in obj)
            if not obj:
                return CLEAN
        return derive(obj, None, whole=False)

    def source(self, node: ts.Node, key: str | None, frame: Frame) -> TaintSet | None:
        if key is None:
            return None
        parts = key.split(".")
        if parts[0] == "process" and len(parts) >= 2 and parts[1] in ("argv", "env"):
            origin = Origin(f"process.{parts[1]}", self.m.loc(node), key, audit_only=True)
            return (Taint(origin, (), False, False, ENV_ARGV_CLEARED),)
        if parts[0] not in frame.reqs or len(parts) < 2:
            return None
        rest = parts[1:]
        if rest[0] in ("request", "req") and len(rest) >= 2:
            rest = rest[1:]
        if rest[0] not in S.REQUEST_PROPS:  # set on the request by a middleware walked before
            if len(rest) > 1 and f"{rest[0]}.{rest[1]}" in self.a.request_props:
                return self.a.request_props[f"{rest[0]}.{rest[1]}"]
            custom = self.a.request_props.get(rest[0])
            if custom and len(rest) > 1:
                # a property of it is request data only if the request could have sent the object itself
                # (`req.filters = req.query`), not because some string sits in a structure the project built
                return derive(tuple(t for t in custom if t.obj), None, whole=False)
            return custom
        if rest[0] in ("file", "files") and len(rest) >= 2 and rest[-1] in S.SERVER_FILE_PROPS:
            return CLEAN  # `req.file.path`: where multer stored the upload, not what the client sent
        obj, whole = S.REQUEST_PROPS[rest[0]]
        self.a.fired.add(f"request property {rest[0]}")
        origin = Origin(".".join(parts[: len(parts) - len(rest) + 1]), self.m.loc(node), self.m.text(node, 60))
        clear = frame.source_clear
        if len(rest) >= 2 and frame.field_clear:
            for field_key, cats in frame.field_clear:
                if field_key == f"{rest[0]}.{rest[1]}":
                    clear = clear | cats
        if rest[0] == "hostname":  # the Host header: an HTTPS-upgrade redirect to it is not an open redirect
            clear = clear | {S.REDIRECT}
        if rest[0] in S.RAW_LINE_PROPS and len(rest) == 1:
            clear = clear | {S.LOG, S.HEADER}
        if rest[0] == "headers":  # a request header value holds no CR/LF: echoing it cannot split a response
            clear = clear | {S.HEADER}
        if clear & {S.NOSQL}:
            obj = False
        taint: TaintSet = (Taint(origin, (), obj, whole and len(rest) == 1, clear),)
        return taint

    def object(self, node: ts.Node, env: Env, frame: Frame) -> TaintSet:
        pairs = {}
        for c in node.named_children:
            if c.type == "pair":
                k = c.child_by_field_name("key")
                if k is not None:
                    pairs[string_value(k) if k.type == "string" else k.text.decode()] = c.child_by_field_name("value")
        clear: frozenset[str] = frozenset()
        handler = pairs.get("handler")
        if handler is not None and unwrap(handler) is not None and unwrap(handler).type in FUNCTION_TYPES:
            opts = unwrap(pairs.get("options") or pairs.get("config"))
            if opts is not None and opts.type == "object" and re.search(rb"\bvalidate\s*:", opts.text):
                clear = ROUTE_SCHEMA_CLEARS
        out = CLEAN
        for c in node.named_children:
            if c.type == "pair":
                v = c.child_by_field_name("value")
                k = c.child_by_field_name("key")
                if k is not None and k.type == "computed_property_name":
                    self.eval(k, env, frame)
                if v is not None and v == handler and clear:
                    self.walk_function(unwrap(v), env, frame, source_clear=clear)
                    continue
                out = union(out, self.eval(v, env, frame))
            elif c.type == "shorthand_property_identifier":
                out = union(out, env.get(c.text.decode(), CLEAN))
            elif c.type == "spread_element":
                out = union(out, self.eval(c, env, frame))
            elif c.type == "method_definition":
                self.walk_function(c, env, frame)
        return out

    def assign(self, node: ts.Node, env: Env, frame: Frame) -> TaintSet:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        rt = self.eval(right, env, frame)
        left_u = unwrap(left)
        if left_u is None:
            return rt
        if left_u.type in ("identifier", "object_pattern", "array_pattern"):
            self.bind(left_u, rt, env, frame, strong=True)
            return rt
        if left_u.type == "member_expression":
            key = dotted(left_u)
            prop = member_name(left_u)
            root = root_identifier(left_u)
            # Koa: ctx.type = 'html' / ctx.body = ... (the response)
            if root in frame.reqs and key is not None and key.count(".") == 1:
                if prop and prop not in S.REQUEST_PROPS and prop not in S.KOA_CONTEXT_PROPS and rt:
                    # `req.filePath = '/srv/' + req.query.name` in a middleware: later handlers read it
                    env[key] = rt
                    right_u = unwrap(right)
                    held_built = (
                        right_u is not None
                        and right_u.type == "identifier"
                        and f"{right_u.text.decode()}.{BUILT}" in env
                    )
                    if self.builds_object(right) or held_built:
                        return rt  # `req.accountability = await buildAccountability(req)`: an object, not request data
                    literal = unwrap(right)
                    # an object literal (`req.accountability = { user, userAgent: req.get('user-agent') }`) is
                    # recorded property by property: its other properties are not request data
                    by_property = (
                        literal is not None
                        and literal.type == "object"
                        and not any(c.type == "spread_element" for c in literal.named_children)
                    )
                    parts = [(f"{prop}.{k}", v) for k, v in self.props(literal)] if by_property else [(prop, right)]
                    for name_, value_node in parts:
                        value = rt if value_node is right else self.eval_quiet(value_node, env, frame)
                        real = tuple(t for t in value if t.origin.param < 0)
                        if real:
                            step = self.m.step(left_u, f"set on the request as {name_}")
                            known = self.a.request_props.get(name_, CLEAN)
                            self.a.request_props[name_] = union(known, derive(real, step))
                    return rt
                if prop == "type":
                    value = string_value(right) or ""
                    frame.ctype[root] = "html" if S.HTML_TYPE.search(value) else "other"
                elif prop == "body" and rt:
                    self.koa_body(root, right, rt, frame)
                return rt
            held = key.split(".") if key is not None else []
            if len(held) == 3 and held[1] in HANDED_ON and (held[0] in frame.params or held[0] in frame.reqs):
                # `res.locals.dir = req.query.dir` (Koa: `ctx.state.user = ...`) in a middleware: later handlers read it
                real = tuple(t for t in rt if t.origin.param < 0)
                if real:
                    name_ = f"{held[1]}.{held[2]}"
                    step = self.m.step(left_u, f"set on {held[0]}.{name_}")
                    self.a.request_props[name_] = union(self.a.request_props.get(name_, CLEAN), derive(real, step))
            if key is not None:
                if rt:
                    env[key] = rt
                elif key in env:
                    env[key] = CLEAN  # a property known field by field, now set to a clean value
                else:
                    env.pop(key, None)
                base = dotted(unwrap(left_u.child_by_field_name("object")))
                if base is not None and rt:
                    env[base] = union(env.get(base, CLEAN), derive(rt, None, whole=False))
            else:
                self.eval(left_u.child_by_field_name("object"), env, frame)
            return rt
        if left_u.type == "subscript_expression":
            inner = unwrap(left_u.child_by_field_name("object"))
            k2 = self.eval(left_u.child_by_field_name("index"), env, frame)
            if inner is not None and inner.type == "subscript_expression":
                k1 = self.eval(inner.child_by_field_name("index"), env, frame)
                if active(k1, S.PROTOTYPE) and active(k2, S.PROTOTYPE):
                    self.hit(S.PROTOTYPE, left_u, active(k2, S.PROTOTYPE), "obj[key1][key2] = value")
            elif inner is not None and active(k2, S.PROTOTYPE) and self.pollutes_by_shape(left_u, inner, rt):
                self.hit(S.PROTOTYPE, left_u, active(k2, S.PROTOTYPE), "target[key] = value (deep set or merge)")
            base = dotted(inner)
            if base is not None and rt:
                env[base] = union(env.get(base, CLEAN), derive(rt, None, whole=False))
            return rt
        return rt

    def pollutes_by_shape(self, left: ts.Node, target: ts.Node, value: TaintSet) -> bool:
        """`target[key] = value` with an outside key, in the two shapes that reach `Object.prototype` through
        `__proto__` or `constructor.prototype`: a path walk that descends into the object it writes
        (`o = o[k]` ... `o[last] = value`), and a recursive merge (`target[k] = merge(target[k], src[k])`, or a
        copy in a function named like a merge). Not when the file refuses both `__proto__` and `constructor` (or
        `prototype`) keys: a guard of `__proto__` alone is what the constructor.prototype advisories bypassed."""
        if FULL_PROTO_GUARD(self.m.data):
            return False
        fn = left.parent
        while fn is not None and fn.type not in FUNCTION_TYPES and fn.type != "method_definition":
            fn = fn.parent
        if fn is None:
            return False
        body = fn.text or b""
        if target.type == "identifier":
            o = re.escape(target.text)
            if re.search(rb"\b" + o + rb"\s*=\s*" + o + rb"\s*\[", body):
                return True  # a path walk: `o = o[key]`
        # a merge: the nearest named function around the write (callbacks of forEach have none) recurses, or is
        # named like a merge
        named: ts.Node | None = fn
        for _ in range(4):
            if named is None:
                break
            fname = function_name(named)
            if fname:
                text = named.text or b""
                if not re.search(rb"\bfor\b|forEach|\.keys\(", text):
                    return False  # no loop over keys: a single assignment
                recursive = re.search(rb"\b" + re.escape(fname.encode()) + rb"\s*\(", text[4:]) is not None
                return recursive or (bool(value) and S.MERGE_LIKE_NAME.search(fname) is not None)
            named = named.parent
            while named is not None and named.type not in FUNCTION_TYPES and named.type != "method_definition":
                named = named.parent
        return False

    def koa_body(self, root: str, right: ts.Node, rt: TaintSet, frame: Frame) -> None:
        head = leading_text(right) or ""
        kind = frame.ctype.get(root)
        if kind == "other":
            return
        if kind == "html" or head.lstrip().startswith("<"):
            self.hit(S.XSS, right, rt, f"{root}.body")

    # -- classes --

    def class_decl(self, node: ts.Node, env: Env, frame: Frame, outer_decorators: list[ts.Node]) -> None:
        body = node.child_by_field_name("body")
        if body is None:
            return
        class_decorators = outer_decorators + [c for c in node.children if c.type == "decorator"]
        class_frame = self.class_frame(body, frame)
        pending: list[ts.Node] = []
        for member in body.named_children:
            if member.type == "decorator":
                pending.append(member)
                continue
            if member.type == "method_definition" and (
                self.summary is not None or self.m.has_source_hint(member) or self.m.imports_source_package
            ):
                # from the top level, a method that reads no request data has nothing to report on its own (in a
                # file importing a source row's package, it may register the callbacks: `this.server.tool(...)`)
                self.walk_function(member, env, class_frame, decorators=class_decorators + pending)
            elif member.type in ("public_field_definition", "field_definition"):
                value = member.child_by_field_name("value")
                if value is not None:
                    self.eval(value, env, class_frame)
            pending = []

    def class_frame(self, body: ts.Node, frame: Frame) -> Frame:
        """The frame of a class's methods: constructor-injected database handles and services (NestJS)."""
        db_fields = set(frame.db_fields)
        services = dict(frame.services)
        imported = {i.local: i.module for i in self.m.module.imports if i.local}
        for member in body.named_children:
            name = member.child_by_field_name("name") if member.type == "method_definition" else None
            if name is not None and name.text == b"constructor":
                for p in params_of(member):
                    if DB_PARAM_TYPE.search(self.m.text(p, 200)):
                        db_fields.update(self.pattern_names(param_pattern(p)))
                    type_name = re.search(r":\s*([A-Za-z_$][\w$]*)\s*$", self.m.text(p, 200))
                    if type_name and type_name.group(1) in imported:
                        for field_name in self.pattern_names(param_pattern(p)):
                            module = imported[type_name.group(1)]
                            services[field_name] = (
                                module.removeprefix("file:") if module.startswith("file:") else "pkg:" + module
                            )
        return replace(frame, db_fields=frozenset(db_fields), services=tuple(services.items()))

    # -- calls --

    def call(self, node: ts.Node, env: Env, frame: Frame) -> TaintSet:
        is_new = node.type == "new_expression"
        fn = node.child_by_field_name("constructor" if is_new else "function")
        args_node = node.child_by_field_name("arguments")
        if args_node is None:
            arg_nodes: list[ts.Node] = []
        elif args_node.type == "template_string":  # tagged template: the tag gets parameters, not SQL text
            self.eval(args_node, env, frame)
            arg_nodes = []
        else:
            arg_nodes = [a for a in args_node.named_children if a.type != "comment"]
        fact = self.m.calls.get((node.start_byte, node.end_byte))
        callee = fact.callee if fact is not None else None
        if isinstance(callee, Ref):
            callee = self.a.resolve_callee(callee, self.m.path)
        if not isinstance(callee, Func) and fn is not None and fn.type == "member_expression":
            owner_node = unwrap(fn.child_by_field_name("object"))
            is_name = owner_node is not None and owner_node.type == "identifier"
            cls = self.m.local_classes.get(owner_node.text.decode()) if is_name else None
            if owner_node is not None and owner_node.type == "new_expression":  # `new Runner().run(x)`
                ctor = owner_node.child_by_field_name("constructor")
                if ctor is not None and ctor.type == "identifier":
                    cls = self.m.local_classes.get(ctor.text.decode())
            if cls is not None:  # `Tools.ping(x)` or `tools.run(x)` for a class of this file
                callee = self.a.method(self.m.path, member_name(fn) or "", cls) or callee
        if not isinstance(callee, Func) and frame.services and fn is not None and fn.type == "member_expression":
            owner = dotted(fn.child_by_field_name("object")) or ""
            service = dict(frame.services).get(owner.removeprefix("this."))
            if owner.startswith("this.") and service is not None and not service.startswith("pkg:"):
                callee = self.a.method(service, member_name(fn) or "") or callee
            elif owner.startswith("this.") and service is not None:  # an injected client: this.http.get(url)
                package = service.removeprefix("pkg:")
                callee = Ref("module", S.INJECTED_CLIENTS.get(package, package), (member_name(fn) or "",))
        held = self.m.constant(fn.text.decode()) if fn is not None and fn.type == "identifier" else None
        if not isinstance(callee, Func) and held is not None and held.type == "subscript_expression":
            table = unwrap(held.child_by_field_name("object"))
            if table is not None and table.text.decode() in self.m.dispatch_tables:
                fn = held  # `const handler = handlers[req.body.action]; handler(req.body.args)`
        if not isinstance(callee, Func) and fn is not None and fn.type == "subscript_expression":
            table = unwrap(fn.child_by_field_name("object"))
            starts = self.m.dispatch_tables.get(table.text.decode(), []) if table is not None else []
            if table is not None and table.type == "identifier" and starts:
                return self.dispatch(node, starts, arg_nodes, env, frame)
        key = callee_key(callee)
        key = self.unwrap_promisify(callee, key)
        method = member_name(fn)
        fn_u = unwrap(fn)
        name = method or (fn_u.text.decode() if fn_u is not None and fn_u.type == "identifier" else "")
        recv_node = (
            unwrap(fn.child_by_field_name("object")) if fn is not None and fn.type == "member_expression" else None
        )
        recv = self.eval(recv_node, env, frame) if recv_node is not None else CLEAN
        if fn is not None and fn.type not in ("member_expression", "identifier"):
            self.eval(fn, env, frame)

        response_header = (
            method == "append"
            and len(arg_nodes) == 2
            and string_value(arg_nodes[0]) is not None
            and root_identifier(recv_node) in frame.params
            and RESPONSE_NAME.match(self.m.text(recv_node, 40)) is not None
        )  # `res.append('Link', ...)` sets a header; `form.append(k, v)` adds to a container
        if method in MUTATORS and recv_node is not None and dotted(recv_node) is not None and not response_header:
            added = union(*(self.eval(a, env, frame) for a in arg_nodes))
            if added:
                key = dotted(recv_node)
                env[key] = union(env.get(key, CLEAN), derive(added, self.m.step(node, f"added to {key}"), whole=False))
            return CLEAN
        if method in S.REQUEST_METHODS and recv_node is not None:
            rkey = dotted(recv_node)
            if rkey is not None and (
                rkey in frame.reqs or (rkey.split(".")[0] in frame.reqs and rkey.endswith(".request"))
            ):
                for a in arg_nodes:
                    self.eval(a, env, frame)
                origin = Origin(f"{rkey}.{method}()", self.m.loc(node), self.m.text(node, 60))
                clear = frame.source_clear | {S.HEADER} if method in ("get", "header") else frame.source_clear
                obj, whole = S.REQUEST_METHODS[method]
                self.a.fired.add(f"request method {method}")
                return (Taint(origin, (), obj, whole, clear),)
        route_clear = self.route_clear(name, arg_nodes, key)
        field_clear = self.route_field_clear(name, arg_nodes)
        lib = row_target(callee, self.a.js)
        if lib is None and fn is not None and fn.type == "member_expression":  # `server: McpServer`, this.server
            lib = typed_receiver(self.m.module, fn)
        arg_ts: list[TaintSet] = []
        callback_result = CLEAN
        for ai, a in enumerate(arg_nodes):
            au = unwrap(a)
            if au is not None and au.type in FUNCTION_TYPES:
                param_taints = None
                callback_source = self.callback_source(lib, ai, len(arg_nodes), au)
                if callback_source is not None:
                    param_taints = callback_source
                elif name in S.CALLBACK_METHODS and recv:
                    elem = derive(recv, None, whole=False)
                    param_taints = [elem, CLEAN, recv] if name != "reduce" else [CLEAN, elem]
                elif name == "then" and recv and a == arg_nodes[0]:  # promise.then(value => ...)
                    param_taints = [recv]
                elif is_new and name == "Promise" and ai == 0 and params_of(au):
                    resolve = param_pattern(params_of(au)[0])
                    if resolve.type == "identifier":
                        self.resolvers.append((resolve.text.decode(), []))
                        try:
                            self.walk_function(au, env, frame, None)
                        finally:
                            callback_result = union(callback_result, *self.resolvers.pop()[1])
                        arg_ts.append(CLEAN)
                        continue
                elif name in LISTENERS and (string_value(arg_nodes[0]) if arg_nodes else None) in self.a.emitted:
                    param_taints = self.a.emitted[string_value(arg_nodes[0]) or ""]
                elif name == "on" and self.websocket_event(arg_nodes, recv_node):
                    param_taints = [self.websocket_message(au)]
                result = self.walk_function(
                    au, env, frame, param_taints, source_clear=route_clear, field_clear=field_clear
                )
                if name in ("map", "flatMap"):
                    callback_result = union(callback_result, result)
                arg_ts.append(CLEAN)
            else:
                if au is not None and au.type == "object":
                    self.seed_handlers(lib, ai, len(arg_nodes), au)
                if lib is not None and fact is not None and au is not None and au.type != "call_expression":
                    for value in self.loop_members(au) or [fact.arg(ai)]:
                        self.named_callback(lib, ai, len(arg_nodes), value)
                elif ai == 1 and fact is not None and name == "on" and self.websocket_event(arg_nodes, recv_node):
                    self.walk_named(fact.arg(ai), lambda w, fn: [w.websocket_message(fn)])
                arg_ts.append(self.eval(a, env, frame))

        if fn_u is not None and fn_u.type == "identifier" and any(arg_ts):
            called = fn_u.text.decode()
            for rname, got in self.resolvers:
                if rname == called:
                    got.append(arg_ts[0] if arg_ts else CLEAN)
            if self.summary is not None and not isinstance(callee, Func):
                for t in env.get(called, CLEAN):
                    if t.origin.kind == "parameter" and t.origin.param >= 0 and not t.steps:
                        self.summary.calls.append((t.origin.param, tuple(arg_ts)))
        if is_new and name == "Promise" and callback_result:
            return derive(callback_result, self.m.step(node, "resolved by the promise"))
        if name == "emit" and len(arg_nodes) > 1 and any(arg_ts[1:]) and not self.quiet:
            event = string_value(arg_nodes[0])
            if event is not None and event not in NOT_APP_EVENTS:
                step = self.m.step(node, f"emitted as '{event}'")
                known = self.a.emitted.setdefault(event, [])
                for i, t in enumerate(arg_ts[1:]):
                    derived = derive(t, step) if t else CLEAN
                    if i < len(known):
                        known[i] = union(known[i], derived)
                    else:
                        known.append(derived)
        writes_first = key is not None and (
            (key[0] == "global" and key[1] == ("Object", "assign"))
            or (key[0] in OBJECT_WRITER_MODULES and name in OBJECT_WRITERS)
        )
        if writes_first and arg_nodes and any(arg_ts[1:]):
            target = unwrap(arg_nodes[0])
            if target is not None and target.type == "identifier":  # Object.assign(opts, req.body): any key now
                tname = target.text.decode()
                for k in [k for k in env if k.startswith(tname + ".")]:
                    del env[k]
                added = derive(union(*arg_ts[1:]), self.m.step(node, f"merged into {tname}"), whole=False)
                env[tname] = union(env.get(tname, CLEAN), added)
        saved, self.sink_categories = self.sink_categories, set()
        try:
            self.check_sinks(
                node, key, callee, name, method, recv_node, recv, arg_nodes, arg_ts, env, frame, is_new, lib
            )
            here = self.sink_categories
        finally:
            self.sink_categories = saved
        returned = self.returned_source(lib, node, frame)
        if returned is not None:
            return returned
        return self.result(
            node, key, callee, name, method, recv_node, recv, arg_nodes, arg_ts, callback_result, env, frame, here
        )

    def dispatch(self, node: ts.Node, starts: list[int], arg_nodes: list[ts.Node], env: Env, frame: Frame) -> TaintSet:
        """`handlers[name](args)`: any function of the table may run; each one's summary applies."""
        arg_ts = [self.eval(a, env, frame) for a in arg_nodes]
        if not any(arg_ts):
            return CLEAN
        out = CLEAN
        for start in starts:
            func = self.m.module.function(start)
            if func is not None:
                out = union(out, self.apply_summary(node, func, arg_nodes, arg_ts, set(), env, frame))
        return out

    # -- knowledge rows --

    def callback_source(
        self, target: tuple[str, tuple[str, ...]] | None, index: int, count: int, fn: ts.Node
    ) -> list[TaintSet] | None:
        """Parameters of a callback a library calls with outside data (`ipcMain.handle(ch, (event, arg) => ...)`)."""
        if target is None:
            return None
        for row in knowledge.sources_for(*target):
            access = row.access
            if access.parameter is None or access.argument is None or access.option:
                continue
            if index not in access.argument.select(count):
                continue
            self.a.fired.add(row.id)
            params = params_of(fn)
            chosen = set(access.parameter.select(len(params)))
            origin = Origin(row.label, self.m.loc(fn), self.m.text(fn, 40))
            taint = (Taint(origin, (), row.obj, row.whole, row.clears),)
            return [taint if i in chosen else CLEAN for i in range(len(params))]
        return None

    def named_callback(self, target: tuple[str, tuple[str, ...]], index: int, count: int, value: object) -> None:
        """`server.tool('name', schema, handleName)`: a function passed by name, here or from another project file,
        is walked with the parameters the row gives a callback at that argument; so are the functions of an object
        of handlers given by name or holding functions by name (`addService(def, { runJob })`, `Server(methods)`)."""
        self.walk_named(value, lambda w, fn: w.callback_source(target, index, count, fn))
        for row in handler_object_rows(target, index, count) if isinstance(value, Obj) else ():
            for prop in value.props:
                self.a.fired.add(row.id)
                self.walk_named(prop.value, lambda w, fn, row=row: w.seeded_params(row, fn))

    def loop_members(self, node: ts.Node) -> list[object]:
        """`t.handler` where `t` runs over an array of objects (`for (const t of tools)`, `tools.forEach((t) =>
        ...)`) that a project file exports: the `handler` of each item."""
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if node.type != "member_expression" or obj is None or prop is None or obj.type != "identifier":
            return []
        array = loop_array(node, obj.text)
        if array is None:
            return []
        value: object = next((Ref("module", i.module, i.path) for i in self.m.module.imports if i.local == array), None)
        if value is None:
            value = self.m.module.exports.get(array)
        value = self.a.js.resolve(value) if isinstance(value, Ref) else value
        out: list[object] = []
        for item in value.items if isinstance(value, Arr) else ():
            item = self.a.js.resolve(item) if isinstance(item, Ref) else item
            if isinstance(item, Obj) and item.get(prop.text.decode()) is not None:
                out.append(item.get(prop.text.decode()))
        return out

    def seeded_params(self, row: knowledge.SourceRow, fn: ts.Node) -> list[TaintSet]:
        origin = Origin(row.label, self.m.loc(fn), self.m.text(fn, 40))
        taint = (Taint(origin, (), row.obj, row.whole, row.clears),)
        count = len(params_of(fn))
        chosen = set(row.access.parameter.select(count)) if row.access.parameter is not None else set()
        return [taint if i in chosen else CLEAN for i in range(count)]

    def walk_named(self, value: object, taints_of: Callable[[Walker, ts.Node], list[TaintSet] | None]) -> None:
        """Walk a project function given as a value (not written inline) with the parameter taints `taints_of`
        gives it, once per function."""
        if isinstance(value, Ref):
            value = self.a.resolve_callee(value, self.m.path)
        if not isinstance(value, Func) or value.key in self.a.named_walked or value.key in self.a.seeded:
            return
        ctx = self.a.ctx(value.file)
        fn = ctx.function_node(value.start_byte) if ctx is not None else None
        if ctx is None or fn is None:
            return
        walker = self if ctx is self.m else Walker(self.a, ctx, summary=None)
        taints = taints_of(walker, fn)
        if taints is not None:
            self.a.named_walked.add(value.key)
            walker.walk_function(fn, {}, Frame(source_clear=self.a.global_clear), taints)

    def seed_handlers(self, target: tuple[str, tuple[str, ...]] | None, index: int, count: int, obj: ts.Node) -> None:
        """An object of handlers passed to a library (`server.addService(def, { sayHello(call, cb) {...} })`): its
        functions' parameters are outside data when they run."""
        if target is None:
            return
        for row in handler_object_rows(target, index, count):
            access = row.access
            for member in obj.named_children:
                fn = unwrap(member.child_by_field_name("value")) if member.type == "pair" else member
                if fn is not None and (fn.type in FUNCTION_TYPES or fn.type == "method_definition"):
                    seed = Seed(row.label, access.parameter, row.obj, row.whole, row.clears)
                    self.a.seeded[(self.m.path, fn.start_byte)] = seed
                    self.a.fired.add(row.id)

    def returned_source(
        self, target: tuple[str, tuple[str, ...]] | None, node: ts.Node, frame: Frame
    ) -> TaintSet | None:
        """A call that returns outside data (h3's `readBody(event)`)."""
        if target is None:
            return None
        for row in knowledge.sources_for(*target):
            if row.access.returns:
                self.a.fired.add(row.id)
                origin = Origin(row.label, self.m.loc(node), self.m.text(node, 60))
                return (Taint(origin, (), row.obj, row.whole, row.clears | frame.source_clear),)
        return None

    def websocket_event(self, arg_nodes: list[ts.Node], recv_node: ts.Node | None) -> bool:
        event = string_value(arg_nodes[0]) if arg_nodes else None
        if event is None or event in (
            "connection",
            "connect",
            "close",
            "error",
            "open",
            "listening",
            "end",
            "disconnect",
        ):
            return False
        recv = root_identifier(recv_node) or ""
        return bool(re.search(r"socket|^ws$|^client$", recv, re.IGNORECASE)) or connection_parameter(recv_node)

    def websocket_message(self, fn: ts.Node) -> TaintSet:
        origin = Origin("websocket message", self.m.loc(fn), self.m.text(fn, 40))
        return (Taint(origin, (), True, True, frozenset()),)

    def unwrap_promisify(self, callee: object, key: tuple | None) -> tuple | None:
        """`const run = util.promisify(exec)`: calling `run` is calling `exec`."""
        if key is not None and key[0] == "util" and key[1] == ("promisify", CALL) and isinstance(callee, Ref):
            inner = self.a.js.call_at(callee.origin)
            if inner is not None and inner.args:
                return callee_key(inner.args[0]) or key
        return key

    def route_clear(self, name: str, arg_nodes: list[ts.Node], key: tuple | None) -> frozenset[str]:
        """Validation attached to a route registration: a Fastify schema or validation middleware before the handler."""
        if name not in ROUTE_METHODS:
            return frozenset()
        clear: set[str] = set()
        for a in arg_nodes[1:] if len(arg_nodes) > 1 else ():
            au = unwrap(a)
            if au is None or au.type in FUNCTION_TYPES:
                continue
            if au.type == "object" and re.search(rb"\bschema\s*:", au.text):
                clear |= ROUTE_SCHEMA_CLEARS
                self.validation_evidence(au, "a route schema")
                continue
            if au.type in ("call_expression", "identifier", "array", "member_expression"):
                helper = self.validation_helper(au)
                if helper is not None:  # a project function: what its body does decides, not its name
                    clear |= helper
                    if S.VALIDATION in helper:
                        self.validation_evidence(au, "the project's validation middleware")
                    continue
                fact_key = None
                if au.type == "call_expression":
                    inner = au
                    while inner is not None and inner.type == "call_expression":
                        f = inner.child_by_field_name("function")
                        fact = self.m.calls.get((inner.start_byte, inner.end_byte))
                        fact_key = callee_key(fact.callee) if fact is not None else fact_key
                        inner = (
                            unwrap(f.child_by_field_name("object"))
                            if f is not None and f.type == "member_expression"
                            else None
                        )
                if fact_key and fact_key[0] in S.VALIDATION_MIDDLEWARE_MODULES:
                    clear.add(S.VALIDATION)
                    self.validation_evidence(au, f"{fact_key[0]} middleware")
                elif S.VALIDATION_NAME.search(self.m.text(au, 80)):
                    clear.add(S.VALIDATION)  # a name alone clears, but is no evidence that anything is checked
        return frozenset(clear)

    def validation_evidence(self, node: ts.Node, what: str) -> None:
        """Practice 10 evidence: a route's input is validated before its handler runs."""
        self.a.evidence_at(S.VALIDATION, self.m.loc(node), f"route input validated by {what}: {self.m.text(node, 60)}")

    def validation_helper(self, node: ts.Node) -> frozenset[str] | None:
        """A route middleware of the project's own (`validate(schemas.register)`, `checkAuth`): the categories it
        makes safe, read from its body; None when it is not a project function. It validates when it runs a schema
        (Joi/zod/yup/ajv/celebrate/express-validator) and rejects on failure; when it also puts the validated value
        back on the request (`req.body = value`), the handler sees only the fields the schema allows."""
        call = node if node.type == "call_expression" else None
        fact = self.m.calls.get((call.start_byte, call.end_byte)) if call is not None else None
        callee = fact.callee if fact is not None else None
        if callee is None and node.type == "identifier":
            callee = self.m.module.exports.get(node.text.decode()) or next(
                (f.func for f in self.m.module.functions if f.func.name == node.text.decode()), None
            )
        if isinstance(callee, Ref):
            callee = self.a.resolve_callee(callee, self.m.path)
        if not isinstance(callee, Func):
            return None
        ctx = self.a.ctx(callee.file)
        fn = ctx.function_node(callee.start_byte) if ctx is not None else None
        if ctx is None or fn is None:
            return None
        body = ctx.data[fn.start_byte : fn.end_byte]
        if not (VALIDATES.search(body) and REJECTS.search(body)):
            return frozenset()  # a helper that logs, counts or only looks is not validation
        return ROUTE_SCHEMA_CLEARS if REPLACES_INPUT.search(body) else frozenset({S.VALIDATION})

    def route_field_clear(self, name: str, arg_nodes: list[ts.Node]) -> tuple[tuple[str, frozenset[str]], ...]:
        """express-validator chains before a handler that rewrite one field: `body('name').trim().escape()` makes
        `req.body.name` HTML-safe, `query('page').toInt()` makes `req.query.page` a number."""
        if name not in ROUTE_METHODS or len(arg_nodes) < 2:
            return ()
        out: list[tuple[str, frozenset[str]]] = []
        chains: list[ts.Node] = []
        for a in arg_nodes[1:]:
            au = unwrap(a)
            if au is not None and au.type == "array":
                chains += [unwrap(e) for e in au.named_children if unwrap(e) is not None]
            elif au is not None:
                chains.append(au)
        for chain in chains:
            clear: set[str] = set()
            node = chain
            while node is not None and node.type == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is None or fn.type != "member_expression":
                    break
                clear |= S.EXPRESS_VALIDATOR_SANITIZERS.get(member_name(fn) or "", frozenset())
                node = unwrap(fn.child_by_field_name("object"))
            if not clear or node is None or node.type != "call_expression":
                continue
            fact = self.m.calls.get((node.start_byte, node.end_byte))
            key = callee_key(fact.callee) if fact is not None else None
            args = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
            field_name = string_value(args[0]) if args else None
            if key is None or key[0] != "express-validator" or not key[1] or field_name is None:
                continue
            for prop in S.EXPRESS_VALIDATOR_LOCATIONS.get(key[1][-1], ()):
                out.append((f"{prop}.{field_name}", frozenset(clear)))
        return tuple(out)

    # -- results of calls --

    def result(
        self,
        node: ts.Node,
        key: tuple | None,
        callee: object,
        name: str,
        method: str | None,
        recv_node: ts.Node | None,
        recv: TaintSet,
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        callback_result: TaintSet,
        env: Env,
        frame: Frame,
        sunk: set[str] | None = None,
    ) -> TaintSet:
        all_args = union(*arg_ts) if arg_ts else CLEAN
        qual = ".".join(key[1]) if key else ""
        step = self.m.step(node, f"through {self.m.text(node.child_by_field_name('function') or node, 40)}()")
        # casts and sanitizers
        if key is not None and key[0] == "global" and qual in S.CASTS:
            return CLEAN
        if not key and name in S.CASTS:
            return CLEAN
        if key is not None:
            lib = row_target(callee, self.a.js)
            for barrier in knowledge.barriers_for(*lib) if lib is not None else ():
                if all_args:
                    self.a.fired.add(barrier.id)
                return derive(all_args, step, obj=False, clear=barrier.clears)
            if key[0] == "global" and qual in S.URL_ENCODERS:
                return derive(all_args, step, obj=False, clear=S.URL_CLEARS)
            if key[0] == "global" and qual == "String":
                return derive(all_args, step, obj=False)
            if key[0] == "global" and qual == "JSON.parse":
                return derive(all_args, step, obj=True)
            if key[0] in S.SQL_MODULES and key[1] and key[1][-1] in S.SQL_ESCAPE_METHODS:
                return derive(all_args, step, obj=False, clear=frozenset({S.SQL}))
        if (
            method in S.SQL_ESCAPE_METHODS
            and method != "literal"
            and recv_node is not None
            and S.DB_RECEIVER.search(self.m.text(recv_node, 60))
        ):
            return derive(all_args, step, obj=False, clear=frozenset({S.SQL}))
        if key is not None and (key[0], qual) in S.MARKDOWN_RENDERERS:
            return derive(all_args, step, obj=False)  # HTML that keeps the input's raw HTML (not a schema's `parse`)
        # validation libraries: the result is validated data
        if method in S.VALIDATOR_RESULT_METHODS and all_args and not recv:
            return derive(all_args, step, obj=False, whole=False, clear=S.ALL)
        # functions the developer named as sanitizers (sanitizePath, escapeLike...): trusted for injection sinks
        if name and DECLARED_SANITIZER.match(name) and all_args:
            return derive(all_args, step, obj=False, whole=False, clear=frozenset(S.INJECTION_CATEGORIES))
        # local functions: summaries
        if isinstance(callee, Func):
            if not any(arg_ts):
                return CLEAN
            return self.apply_summary(node, callee, arg_nodes, arg_ts, sunk or set(), env, frame)
        if key is not None and key[0] == "global" and qual == "URL" and len(arg_ts) == 2 and arg_ts[1]:
            # `new URL('/done', request.url)`: the base gives the request's own origin, the first argument the path
            own = OWN_URL.search(self.m.text(arg_nodes[1], 60)) is not None
            base = derive(arg_ts[1], step, obj=False, clear=frozenset({S.SSRF, S.REDIRECT}) if own else frozenset())
            return union(derive(arg_ts[0], step, obj=False), base)
        if key is not None and (key[0], qual) in S.PROPAGATORS:
            if qual == "Object.assign":
                return derive(all_args, step, whole=None)
            return derive(
                all_args,
                step,
                obj=qual in ("JSON.parse", "Object.assign", "structuredClone", "cloneDeep", "clone", "get"),
            )
        if key is not None and key[0] == "path" and all_args:
            return derive(all_args, step, obj=False)
        # methods on tainted values
        if method is not None and recv:
            if method in S.BOOLEAN_METHODS:
                return CLEAN
            if method in ("replace", "replaceAll") and len(arg_nodes) >= 2:
                pattern = unwrap(arg_nodes[0])
                repl = self.m.text(arg_nodes[1], 20)
                if pattern is not None and pattern.type == "regex":
                    if S.STRIPPING_CLASS.match(pattern.text.decode()) and string_value(arg_nodes[1]) == "":
                        return derive(recv, step, obj=False, clear=S.ALL)
                    if S.REGEX_ESCAPE_REPLACEMENT.match(repl):
                        return derive(recv, step, obj=False, clear=frozenset({S.REDOS, S.NOSQL}))
                return derive(union(recv, *arg_ts[1:]), step, obj=False)
            if method in ("map", "flatMap"):
                return derive(callback_result, step, whole=False)
            if method in S.CALLBACK_METHODS:
                return derive(recv, step, whole=False) if method in ("filter", "find") else CLEAN
            if method == "join" and recv_node is not None and recv_node.type == "array" and recv_node.named_child_count:
                head = string_value(recv_node.named_children[0]) or ""
                local = S.LOCAL_PATH.match(head) or S.FIXED_ORIGIN.match(head)
                clear = frozenset({S.REDIRECT} | ({S.SSRF} if S.FIXED_ORIGIN.match(head) else set())) if local else None
                return derive(union(recv, *arg_ts), step, obj=False, clear=clear or frozenset())
            if method in ("slice", "substring", "substr") and len(arg_nodes) == 2:
                end = unwrap(arg_nodes[1])
                if end is not None and end.type == "number" and end.text.isdigit():
                    capped = int(end.text) <= MAX_REGEX_INPUT  # `s.slice(0, 254)`: bounded backtracking
                    return derive(recv, step, obj=False, clear=frozenset({S.REDOS}) if capped else frozenset())
            if method in S.STRING_METHODS:
                return derive(union(recv, *arg_ts), step, obj=False)
            if method in S.ARRAY_KEEP_METHODS:
                return derive(recv, step, whole=False)
            if method in ("response",):
                return all_args
            return derive(recv, step, obj=False)
        if method == "response" and all_args:  # Hapi h.response(x): the body, for a later .type('text/html')
            return all_args
        if name == "concat" and all_args:
            return derive(all_args, step, obj=False)
        if key is not None and key[0] == "global" and qual in ("URL", "URLSearchParams", "Buffer.from"):
            return derive(all_args, step, obj=False)
        return CLEAN

    def actual_taints(
        self, origin: Origin, arg_nodes: list[ts.Node], arg_ts: list[TaintSet], env: Env, frame: Frame
    ) -> TaintSet:
        """What the caller passed for a summary's parameter, or for one property of it (`update({ id, data })`
        called as `update({ id: req.params.id, data: req.body })`: `data` is the whole body, `id` is not)."""
        i = origin.param
        if i >= len(arg_ts):
            return CLEAN
        if not origin.field:
            return arg_ts[i]
        literal = unwrap(arg_nodes[i]) if i < len(arg_nodes) else None
        if literal is None or literal.type != "object" or not arg_ts[i]:
            return derive(arg_ts[i], None, whole=False)
        spread = CLEAN
        for c in literal.named_children:
            if c.type == "pair":
                k = c.child_by_field_name("key")
                kname = (string_value(k) if k.type == "string" else k.text.decode()) if k is not None else ""
                if kname == origin.field:
                    return self.eval_quiet(c.child_by_field_name("value"), env, frame)
            elif c.type == "shorthand_property_identifier" and c.text.decode() == origin.field:
                return env.get(origin.field, CLEAN)
            elif c.type == "spread_element":
                spread = union(spread, derive(self.eval_quiet(c, env, frame), None, whole=False))
        return spread

    def apply_summary(
        self,
        node: ts.Node,
        func: Func,
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        sunk: set[str],
        env: Env,
        frame: Frame,
    ) -> TaintSet:
        summary = self.a.summary(func)
        call_step = self.m.step(node, f"passed to {func.name or 'a function'}()")
        for hit in summary.sinks if not self.quiet else ():
            if hit.category in sunk:
                continue  # `db.query(sql)` on the project's own wrapper: reported here, not inside the wrapper
            for actual in self.actual_taints(hit.taint.origin, arg_nodes, arg_ts, env, frame):
                if UPLOAD_PROP in hit.taint.cleared and is_upload(actual):
                    continue
                combined = Taint(
                    actual.origin,
                    (*actual.steps, call_step, *hit.taint.steps)[-MAX_STEPS:],
                    actual.obj and hit.taint.obj,
                    actual.whole and hit.taint.whole,
                    actual.cleared | hit.taint.cleared,
                )
                if hit.category in combined.cleared:
                    continue
                if combined.origin.param >= 0:
                    if self.summary is not None:
                        self.summary.sinks.append(SinkHit(hit.category, hit.location, hit.sink, combined, hit.need))
                    continue
                if (hit.need == "obj" and not combined.obj) or (hit.need == "whole" and not combined.whole):
                    continue
                if hit.category == S.VALIDATION and combined.origin.audit_only:
                    continue
                self.a.report(SinkHit(hit.category, hit.location, hit.sink, combined, hit.need))
        for index, passed in summary.calls if not self.quiet else ():
            self.run_callback(node, index, passed, arg_nodes, arg_ts, call_step, env, frame)
        out: list[Taint] = []
        for r in summary.returns:
            if r.origin.param < 0:
                out.append(r)
                continue
            for actual in self.actual_taints(r.origin, arg_nodes, arg_ts, env, frame):
                if UPLOAD_PROP in r.cleared and is_upload(actual):
                    continue
                out.append(
                    Taint(
                        actual.origin,
                        (*actual.steps, call_step, *r.steps)[-MAX_STEPS:],
                        actual.obj and r.obj,
                        actual.whole and r.whole,
                        actual.cleared | r.cleared,
                    )
                )
        return union(tuple(out))

    def run_callback(
        self,
        node: ts.Node,
        index: int,
        passed: tuple[TaintSet, ...],
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        call_step: TraceStep,
        env: Env,
        frame: Frame,
    ) -> None:
        """A project function calls its parameter `index` with `passed` (in terms of its own parameters): walk the
        function the caller passed there with what the caller's arguments carry (`respond(req.query.x, (v) =>
        exec(v))`)."""
        if index >= len(arg_nodes) or self.callbacks_run >= MAX_CALLBACK_RUNS:
            return
        target = unwrap(arg_nodes[index])
        if target is None:
            return
        ctx, fn_node = self.m, None
        if target.type in FUNCTION_TYPES:
            fn_node = target
        elif target.type in ("identifier", "member_expression"):
            fact = self.m.calls.get((node.start_byte, node.end_byte))
            value = fact.arg(index) if fact is not None else None
            if isinstance(value, Ref):
                value = self.a.resolve_callee(value, self.m.path)
            if isinstance(value, Func):
                other = self.a.ctx(value.file)
                if other is not None:
                    ctx, fn_node = other, other.function_node(value.start_byte)
        if fn_node is None:
            return
        params: list[TaintSet] = []
        for t_set in passed:
            actual: list[Taint] = []
            for t in t_set:
                if t.origin.param < 0:
                    actual.append(t)
                    continue
                for a in self.actual_taints(t.origin, arg_nodes, arg_ts, env, frame):
                    steps = (*a.steps, call_step, *t.steps)[-MAX_STEPS:]
                    actual.append(Taint(a.origin, steps, a.obj and t.obj, a.whole and t.whole, a.cleared | t.cleared))
            params.append(union(tuple(actual)))
        if not any(params):
            return
        self.callbacks_run += 1
        if ctx is self.m:
            self.walk_function(fn_node, env, frame, params)
        else:
            Walker(self.a, ctx, None).walk_function(fn_node, {}, Frame(), params)

    # -- sinks --

    def check_sinks(
        self,
        node: ts.Node,
        key: tuple | None,
        callee: object,
        name: str,
        method: str | None,
        recv_node: ts.Node | None,
        recv: TaintSet,
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        env: Env,
        frame: Frame,
        is_new: bool,
        lib: tuple[str, tuple[str, ...]] | None = None,
    ) -> None:
        mod = key[0] if key else None
        path = key[1] if key else ()
        last = path[-1] if path else (name if mod is None else "")
        recv_text = self.m.text(recv_node, 80) if recv_node is not None else ""
        recv_root = root_identifier(recv_node) if recv_node is not None else None
        sink = self.m.text(node.child_by_field_name("constructor" if is_new else "function") or node, 50)
        any_tainted = any(arg_ts)
        if recv and method in REGEX_SUBJECT_METHODS and arg_nodes:  # `input.replace(reTrim, '')`
            self.regex_on_input(arg_nodes[0], recv_node, recv, sink)
        if not any_tainted and not (recv and method in ("type",)):
            self.content_type(method, recv_root, arg_nodes, frame)
            return

        def arg(i: int) -> tuple[ts.Node | None, TaintSet]:
            return (arg_nodes[i], arg_ts[i]) if i < len(arg_nodes) else (None, CLEAN)

        def hit_arg(category: str, i: int, need: str = "") -> None:
            n, t = arg(i)
            if n is not None and t:
                self.hit(category, n, t, sink, need)

        data_sink = self.sink_rows(lib, arg_nodes, arg_ts, sink, env, frame)
        # --- code
        if mod == "global" and path and path[0] in S.CODE_GLOBALS and len(path) == 1:
            for i in range(len(arg_nodes)):
                hit_arg(S.CODE, i)
        if mod == "vm" and last in S.CODE_VM:
            hit_arg(S.CODE, 0)
        if mod == "global" and path and path[0] in S.TIMER_GLOBALS and len(path) == 1:
            n, _ = arg(0)
            if n is not None and unwrap(n) is not None and unwrap(n).type not in FUNCTION_TYPES:
                hit_arg(S.CODE, 0)
        if mod == "global" and path == ("require",):
            hit_arg(S.CODE, 0)
        if mod is not None and (mod, ".".join(path)) in S.TEMPLATE_COMPILERS:
            hit_arg(S.CODE, 0)
        # --- path traversal
        if mod in S.FS_MODULES and last in S.FS_METHODS:
            data_sink = True
            hit_arg(S.PATH, 0)
            if last in S.FS_TWO_PATHS:
                hit_arg(S.PATH, 1)
        if method == "file" and recv_root == "h" and "h" in frame.params:  # Hapi inert
            hit_arg(S.PATH, 0)
        if (
            method in S.SEND_FILE_METHODS
            and recv_root in frame.params | frame.reqs | {"res", "reply", "h"}
            and not any(self.has_prop(a, "root") for a in arg_nodes[1:])
            and not (method != "download" and recv_root != "reply" and fixed_directory_head(arg_nodes[:1]))
        ):
            hit_arg(S.PATH, 0)
        # --- redirect, header and log injection
        if recv_root is not None and (recv_root in frame.params or recv_root in frame.reqs):
            if method in S.REDIRECT_METHODS and arg_nodes:
                self.hit(S.REDIRECT, arg_nodes[-1], arg_ts[-1], sink) if arg_ts[-1] else None
            elif method in S.HEADER_SETTERS and arg_nodes:
                header = (string_value(arg_nodes[0]) or "").lower()
                if header == "location" and len(arg_nodes) > 1:
                    hit_arg(S.REDIRECT, 1)
                elif header == "access-control-allow-origin" and len(arg_nodes) > 1 and CREDENTIALS.search(self.m.data):
                    hit_arg(S.CORS, 1)  # the caller's Origin echoed, with cookies allowed: any site reads responses
                elif header and len(arg_nodes) > 1:
                    hit_arg(S.HEADER, 1)
                for a, at in zip(arg_nodes, arg_ts, strict=True):
                    au = unwrap(a)
                    if au is not None and au.type == "object" and at:
                        for pk, pv in self.props(au):  # `res.writeHead(200, { Location: ..., 'X-User': ... })`
                            if pk.lower() == "location":
                                self.hit(S.REDIRECT, pv, self.eval_quiet(pv, env, frame), sink)
                            elif pk.lower() == "access-control-allow-origin" and CREDENTIALS.search(self.m.data):
                                self.hit(S.CORS, pv, self.eval_quiet(pv, env, frame), sink)
                            elif pk:
                                self.hit(S.HEADER, pv, self.eval_quiet(pv, env, frame), sink)
        browser_console = mod == "global" and path and path[0] == "console" and self.m.browser_code
        if (mod == "global" and path and path[0] == "console" and not browser_console) or (
            method in ("info", "warn", "error", "debug", "log", "trace") and re.search(r"log(ger)?$", recv_text, re.I)
        ):
            first = unwrap(arg_nodes[0]) if arg_nodes else None
            structured = mod != "global" and first is not None and first.type == "object"
            # a logger's debug/trace level is off where the team reads logs (production): no reader for a forged line
            structured = structured or (mod != "global" and method in ("debug", "trace"))
            # `logger.info({ pkg }, 'published @{pkg}')`: a structured logger (pino, bunyan; verdaccio's) writes JSON
            # lines, whose strings cannot break the line. console.* has no such form.
            for i in range(len(arg_nodes)):
                if not structured:
                    hit_arg(S.LOG, i)
        # --- XSS
        if (
            method in S.RESPONSE_BODY_METHODS
            and recv_root is not None
            and recv_root in frame.params
            and recv_root not in frame.reqs
        ):
            n, t = arg(0)
            nu = unwrap(n)
            # Express and Fastify send an object as JSON: a whole request container (`res.send(req.query)`) or an
            # object built above (`res.send({ ...fields })` held in a variable) is not an HTML response
            built = nu is not None and nu.type == "identifier" and f"{nu.text.decode()}.{FIELDS}" in env
            t = () if built else tuple(x for x in t if not x.whole)
            if t and nu is not None and nu.type not in ("object", "array"):
                kind = frame.ctype.get(recv_root)
                if kind != "other" and (kind == "html" or recv_root != "reply"):
                    self.hit(S.XSS, n, t, sink)
        if method == "render" and len(arg_nodes) >= 2:
            view = (string_value(arg_nodes[0]) or "").rsplit("/", 1)[-1].split(".", 1)[0]
            unescaped = self.a.templates().get(view, {})
            locals_node = unwrap(arg_nodes[1])
            if unescaped and locals_node is not None and locals_node.type == "object":
                for pk, pv in self.props(locals_node):
                    if pk in unescaped:
                        taint = self.eval_quiet(pv, env, frame)
                        if taint:
                            # at the template line that prints it, with the render call in the trace (issue 13:
                            # the render call only feeds the sink)
                            rendered = derive(taint, self.m.step(pv, f"rendered into view '{view}' as {pk}"))
                            for where in unescaped[pk]:
                                self.hit_at(S.XSS, where, rendered, f"the unescaped {pk} of {where.path}")
        renders = S.TEMPLATE_TEXT_RENDERERS.get((mod or "", ".".join(path))) if mod else None
        if renders is not None and len(arg_nodes) > renders[1]:
            # `nunjucks.renderString('<p>{{ bio | safe }}</p>', { bio: req.query.bio })`: the template is right here
            text = string_value(arg_nodes[renders[0]]) or ""
            printed = {m.group(1) for rx in S.UNESCAPED_TEMPLATE for m in rx.finditer(text)}
            locals_node = unwrap(arg_nodes[renders[1]])
            if printed and locals_node is not None and locals_node.type == "object":
                for pk, pv in self.props(locals_node):
                    if pk in printed:
                        self.hit(S.XSS, pv, self.eval_quiet(pv, env, frame), sink)
        # --- ReDoS
        if mod == "global" and path == ("RegExp",):
            hit_arg(S.REDOS, 0)
        if method in ("test", "exec") and recv_node is not None and arg_nodes and arg_ts[0]:
            self.regex_on_input(recv_node, arg_nodes[0], arg_ts[0], sink)
        # --- prototype pollution
        if mod in S.MERGE_FUNCTIONS and (".".join(path) if path else "") in S.MERGE_FUNCTIONS[mod]:
            setter = last in ("set", "setWith", "update", "dset") or mod in ("set-value", "lodash.set")
            if setter:
                hit_arg(S.PROTOTYPE, 1)
            else:
                # The objects merged *from* pollute; the target (first argument) only receives, except for
                # merges that build a new object from all their arguments (deepmerge).
                first = 0 if mod in S.MERGE_ALL_ARGS else 1
                for i in range(first, len(arg_nodes)):
                    hit_arg(S.PROTOTYPE, i, "obj")
        if (
            isinstance(callee, Func)
            and callee.name
            and S.MERGE_LIKE_NAME.search(callee.name)
            and callee.key != self.func_key  # a merge helper recursing into itself is not a new sink
            and self.assigns_computed_keys(callee)
        ):
            if S.PATH_SETTER_NAME.match(callee.name):
                hit_arg(S.PROTOTYPE, 1)  # setPath(obj, path, value): the path chooses the keys
            else:
                for i in range(1, len(arg_nodes)):
                    hit_arg(S.PROTOTYPE, i, "obj")
        # --- SQL
        parameterized = False
        if self.is_sql_sink(mod, path, last, method, recv_node, recv_text, frame):
            data_sink = True
            n, t = arg(0)
            # Bound values (`query('a = $1', [v])`, `whereRaw('a = ?', [v])`, TypeORM `orWhere('a = :v', { v })`) are
            # the documented fix of NW1201: not a "missing validation" finding either, unless a value may be an
            # object and the driver expands objects into SQL (mysql: `{"password": 1}` becomes `password` = 1).
            values = union(*arg_ts[1:]) if len(arg_ts) > 1 else CLEAN
            nu = unwrap(n)
            if nu is not None and nu.type == "object":  # `query({ text, values })`
                parts = self.props(nu)
                t = union(*(self.eval_quiet(v, env, frame) for k, v in parts if k in ("text", "sql", "query")))
                values = union(values, *(self.eval_quiet(v, env, frame) for k, v in parts if k == "values"))
            expands = mod in S.OBJECT_EXPANDING_SQL_DRIVERS or (
                mod not in S.SQL_MODULES and bool(S.OBJECT_EXPANDING_SQL_DRIVERS & set(self.a.declared))
            )
            parameterized = not t and bool(values) and not (expands and any(v.obj for v in values))
            if n is not None:
                self.query_text_sink(S.SQL, n, t, arg_ts[1:], sink, env, frame)
        # --- NoSQL
        if method in S.NOSQL_FILTER_METHODS or method in ("mapReduce", "aggregate", "$where"):
            n, t = arg(0)
            nu = unwrap(n)
            if (
                nu is not None
                and nu.type not in FUNCTION_TYPES
                and not (nu.type == "object" and any(k == "where" for k, _ in self.props(nu)))
                and (
                    self.is_db_receiver(mod, recv_node, recv_text, frame, models=True, path=path) or nu.type == "object"
                )
            ):
                data_sink = True
                if method in ("mapReduce", "$where"):
                    for i in range(len(arg_nodes)):
                        hit_arg(S.NOSQL, i)
                elif method == "aggregate" and nu.type == "array":
                    for stage in nu.named_children:  # [{ $match: filter }, ...]: each $match is a query filter
                        stage = unwrap(stage)
                        for key_name, value in (
                            self.props(stage) if stage is not None and stage.type == "object" else ()
                        ):
                            if key_name == "$match" and unwrap(value) is not None and unwrap(value).type == "object":
                                self.nosql_filter(unwrap(value), env, frame, sink)
                            elif key_name == "$match":
                                self.hit(S.NOSQL, value, self.eval_quiet(value, env, frame), sink, "obj")
                elif nu.type == "object":
                    self.nosql_filter(nu, env, frame, sink)
                elif nu.type == "identifier" and (
                    f"{nu.text.decode()}.{FIELDS}" in env
                    or any(f"{nu.text.decode()}.{op}" in env for op in CODE_OPERATORS)
                ):
                    self.held_filter(nu, env, sink)  # `const filter = { $where: ... }; User.find(filter)`
                elif t and method != "aggregate":
                    self.hit(S.NOSQL, n, t, sink, "obj")
                if method in S.NOSQL_UPDATE_DOC_METHODS:
                    hit_arg(S.NOSQL, 1, "whole")
        # --- mass assignment
        self.mass_sink(node, key, callee, name, method, recv_node, recv_text, arg_nodes, arg_ts, sink, frame, is_new)
        if (
            method in S.MASS_METHODS
            and method not in ("set", "merge")  # also cache and map setters: a data sink only for whole bodies
            and self.is_db_receiver(mod, recv_node, recv_text, frame, models=True)
        ):
            data_sink = True
        # --- missing validation: request data reaching a data sink with no validation on the way
        if data_sink and not parameterized:
            for n, t in zip(arg_nodes, arg_ts, strict=True):
                if t:
                    self.hit(S.VALIDATION, n, t, sink)
                    break
        self.content_type(method, recv_root, arg_nodes, frame)
        if method == "type" and recv and recv_node is not None and recv_node.type == "call_expression":
            value = string_value(arg_nodes[0]) if arg_nodes else None
            if (
                value
                and S.HTML_TYPE.search(value)
                and member_name(recv_node.child_by_field_name("function")) == "response"
            ):
                inner_args = recv_node.child_by_field_name("arguments")
                target = (
                    inner_args.named_children[0]
                    if inner_args is not None and inner_args.named_child_count
                    else recv_node
                )
                self.hit(S.XSS, target, recv, "h.response().type('text/html')")

    def regex_on_input(self, regex: ts.Node, subject: ts.Node | None, taint: TaintSet, sink: str) -> None:
        """Outside data matched against a regex literal (or a constant holding one) that backtracks
        super-linearly: a long crafted input blocks the event loop."""
        node = unwrap(regex)
        if node is not None and node.type == "identifier":
            node = self.m.constant(node.text.decode())
        pattern = node.child_by_field_name("pattern") if node is not None and node.type == "regex" else None
        if pattern is None or subject is None or not active(taint, S.REDOS):
            return
        text = pattern.text.decode("utf-8", "replace")
        if regex_shape.catastrophic(text):
            self.hit(S.REDOS, subject, taint, f"{sink} with /{text[:40]}/ (catastrophic backtracking)")

    def sink_rows(
        self,
        target: tuple[str, tuple[str, ...]] | None,
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        sink: str,
        env: Env,
        frame: Frame,
    ) -> bool:
        """Apply the knowledge's sink rows to a call; True when the call is a data sink (missing validation)."""
        if target is None:
            return False
        matched = False
        for row in knowledge.sinks_for(*target):
            if not self.condition_holds(row.when, arg_nodes, row.package):
                continue
            matched = matched or row.kind in DATA_SINK_KINDS
            indices = row.access.argument.select(len(arg_nodes)) if row.access.argument is not None else []
            saved, self.row = self.row, row.id
            try:
                for i in indices:
                    if row.access.option:
                        self.option_sink(row.kind, row.access.option, arg_nodes[i], sink, env, frame)
                    elif row.shape == "url":
                        self.url_sink(row.kind, arg_nodes, arg_ts, sink, env, frame, url_index=i)
                    elif row.shape == "text":
                        self.query_text_sink(row.kind, arg_nodes[i], arg_ts[i], arg_ts[i + 1 :], sink, env, frame)
                    elif arg_ts[i]:
                        self.hit(row.kind, arg_nodes[i], arg_ts[i], sink)
            finally:
                self.row = saved
        return matched

    def option_sink(self, kind: str, option: str, n: ts.Node, sink: str, env: Env, frame: Frame) -> None:
        """One property of an options object (`new GetObjectCommand({ Bucket, Key })`): in a literal, or in an object
        built in a variable; an object of unknown shape is not guessed at."""
        nu = unwrap(n)
        if nu is not None and nu.type == "object":
            for pk, pv in self.props(nu):
                if pk == option:
                    self.hit(kind, pv, self.eval_quiet(pv, env, frame), sink)
            for c in nu.named_children:
                if c.type == "shorthand_property_identifier" and c.text.decode() == option:
                    self.hit(kind, c, env.get(option, CLEAN), sink)
        elif nu is not None and nu.type == "identifier" and f"{nu.text.decode()}.{FIELDS}" in env:
            self.hit(kind, nu, env.get(f"{nu.text.decode()}.{option}", CLEAN), sink)

    def condition_holds(self, when: str, arg_nodes: list[ts.Node], package: str) -> bool:
        if not when:
            return True
        if when.startswith("version:<"):
            major = declared_major(self.a.declared.get(package, ""))
            return major is not None and major < int(when.removeprefix("version:<"))
        if when == "shell":
            program = (string_value(arg_nodes[0]) or "") if arg_nodes else ""
            return program in SHELLS or any(self.has_prop(a, "shell", truthy=True) for a in arg_nodes)
        key = when.removeprefix("option:")
        return any(self.has_prop(a, key, truthy=True) for a in arg_nodes)

    def query_text_sink(
        self,
        kind: str,
        n: ts.Node,
        t: TaintSet,
        values: list[TaintSet],
        sink: str,
        env: Env,
        frame: Frame,
    ) -> None:
        """Query text: the argument itself, or the `text`/`sql`/`query` string of a query object. Request data beside
        it, in a values array or parameters object, is the parameterized form: evidence, not a finding."""
        nu = unwrap(n)
        if nu is not None and nu.type == "object":
            for pk, pv in self.props(nu):
                if pk in ("text", "sql", "query"):
                    # a whole request container is not query text (a filter object under `query:`)
                    taint = tuple(x for x in self.eval_quiet(pv, env, frame) if not x.whole)
                    self.hit(kind, pv, taint, sink)
        elif any(not x.whole for x in t):
            # a whole request container is an object (a filter for a method named `query`), not query text
            self.hit(kind, n, tuple(x for x in t if not x.whole), sink)
        elif (
            not t
            and any(values)
            and not self.quiet
            and any(v.origin.param < 0 and not v.origin.audit_only for v in union(*values))
        ):
            self.a.evidence_at(kind, self.m.loc(n), f"{sink}: request data passed as query parameters")

    def content_type(self, method: str | None, recv_root: str | None, arg_nodes: list[ts.Node], frame: Frame) -> None:
        """Remember what content type a handler set on its response (text/plain and JSON cannot carry XSS)."""
        if recv_root is None or not arg_nodes:
            return
        value = None
        if method in ("type", "contentType"):
            value = string_value(arg_nodes[0])
        elif method in ("set", "setHeader", "header") and len(arg_nodes) > 1:
            if (string_value(arg_nodes[0]) or "").lower() == "content-type":
                value = string_value(arg_nodes[1])
        elif method == "writeHead":
            for a in arg_nodes:
                au = unwrap(a)
                if au is not None and au.type == "object":
                    for k, v in self.props(au):
                        if k.lower() == "content-type":
                            value = string_value(v)
        if value is not None:
            kind = "html" if S.HTML_TYPE.search(value) else ("other" if S.NON_HTML_TYPE.search(value) else "html")
            frame.ctype[recv_root] = kind

    def url_sink(
        self,
        category: str,
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        sink: str,
        env: Env,
        frame: Frame,
        url_index: int = 0,
    ) -> None:
        if url_index >= len(arg_nodes):
            return
        n = unwrap(arg_nodes[url_index])
        if n is None:
            return
        if n.type == "object":
            for pk, pv in self.props(n):
                if pk in S.URL_OPTION_KEYS:
                    self.hit(category, pv, self.eval_quiet(pv, env, frame), sink)
            return
        if n.type == "identifier" and f"{n.text.decode()}.{FIELDS}" in env:  # an options object built above
            for pk in S.URL_OPTION_KEYS:
                self.hit(category, n, env.get(f"{n.text.decode()}.{pk}", CLEAN), sink)
            return
        if arg_ts[url_index]:
            self.hit(category, arg_nodes[url_index], arg_ts[url_index], sink)

    def nosql_filter(self, obj: ts.Node, env: Env, frame: Frame, sink: str, depth: int = 0) -> None:
        for c in obj.named_children:
            if c.type == "shorthand_property_identifier":
                self.hit(S.NOSQL, c, env.get(c.text.decode(), CLEAN), sink, "obj")
            elif c.type == "spread_element":
                self.hit(S.NOSQL, c, self.eval_quiet(c, env, frame), sink, "obj")
            elif c.type == "pair":
                k = c.child_by_field_name("key")
                v = unwrap(c.child_by_field_name("value"))
                kname = (
                    (string_value(k) if k is not None and k.type == "string" else k.text.decode())
                    if k is not None
                    else ""
                )
                if v is None:
                    continue
                if kname in ("$where", "$function", "$accumulator", "$expr"):
                    self.hit(S.NOSQL, v, self.eval_quiet(v, env, frame), sink)
                elif kname == "$regex":  # the database compiles request text as a pattern: regex injection, ReDoS
                    if v.type != "object":
                        self.hit(S.REDOS, v, self.eval_quiet(v, env, frame), sink)
                elif v.type == "object" and depth < 3:
                    self.nosql_filter(v, env, frame, sink, depth + 1)
                elif (
                    v.type == "array"
                    and depth < 3
                    and v.named_child_count
                    and all(e.type == "object" for e in v.named_children)
                ):  # `$or: [{ name: { $regex: q } }, { sku: q }]`: each branch is a filter of its own
                    for e in v.named_children:
                        self.nosql_filter(e, env, frame, sink, depth + 1)
                elif kname not in ("$regex", "$options"):
                    self.hit(S.NOSQL, v, self.eval_quiet(v, env, frame), sink, "obj")

    def held_filter(self, name_node: ts.Node, env: Env, sink: str) -> None:
        """A filter object built in a variable: its operators judged as in a literal (`$where` text is code,
        `$regex` text a pattern); other properties need an attacker-shaped object, as in `nosql_filter`."""
        name = name_node.text.decode()
        for key in [k for k in env if k.startswith(name + ".") and "\x00" not in k]:
            op = key.rsplit(".", 1)[-1]
            if op in CODE_OPERATORS:
                self.hit(S.NOSQL, name_node, env[key], sink)
            elif op == "$regex":
                self.hit(S.REDOS, name_node, env[key], sink)
            elif op != "$options" and f"{key}.{FIELDS}" not in env:
                self.hit(S.NOSQL, name_node, env[key], sink, "obj")

    def mass_sink(
        self,
        node: ts.Node,
        key: tuple | None,
        callee: object,
        name: str,
        method: str | None,
        recv_node: ts.Node | None,
        recv_text: str,
        arg_nodes: list[ts.Node],
        arg_ts: list[TaintSet],
        sink: str,
        frame: Frame,
        is_new: bool,
    ) -> None:
        if not any(arg_ts):
            return
        mod = key[0] if key else None
        if mod == "global" and key[1] == ("Object", "assign"):
            first = unwrap(arg_nodes[0]) if arg_nodes else None
            if (
                first is not None
                and first.type != "object"
                and (
                    dotted(first) is None
                    or not re.search(r"(?i)options|opts|config|settings|defaults|prefs|state", dotted(first))
                )
            ):
                for i in range(1, len(arg_nodes)):
                    if arg_ts[i]:
                        self.hit(S.MASS, arg_nodes[i], arg_ts[i], sink, "whole")
            return
        if is_new:
            ctor = unwrap(node.child_by_field_name("constructor"))
            cname = ctor.text.decode() if ctor is not None and ctor.type == "identifier" else ""
            injected = dotted(ctor) or ""
            if injected.startswith("this.") and injected.removeprefix("this.") in frame.db_fields:
                cname, mod = "Model", None  # `new this.userModel(body)`: a NestJS-injected Mongoose model
            if (
                cname[:1].isupper()
                and cname not in S.NOT_MODELS
                and mod not in ("global",)
                and (mod is None or mod.startswith("file:") or mod.startswith(".") or mod in S.NOSQL_MODULES)
                and arg_ts
                and arg_ts[0]
            ):
                self.hit(S.MASS, arg_nodes[0], arg_ts[0], sink, "whole")
            return
        if method not in S.MASS_METHODS or not self.is_db_receiver(
            mod, recv_node, recv_text, frame, models=True, path=key[1] if key else ()
        ):
            return
        if any(self.has_prop(a, "fields") for a in arg_nodes):
            return
        for a, t in zip(arg_nodes, arg_ts, strict=True):
            if t:
                self.hit(S.MASS, a, t, sink, "whole")

    def is_db_receiver(
        self,
        mod: str | None,
        recv_node: ts.Node | None,
        recv_text: str,
        frame: Frame,
        models: bool = False,
        path: tuple[str, ...] = (),
    ) -> bool:
        if mod in S.SQL_MODULES or mod in S.NOSQL_MODULES:
            return True
        if mod is not None and not mod.startswith(("file:", ".")):
            return False  # a package that is not a database driver or ORM (lodash, Hoek, axios...)
        if recv_node is None:
            return False
        if models and any(p in S.MODEL_FINDERS for p in path[:-1]):
            return True  # a record a model returned: `(await Account.findByPk(id)).update(body)`
        last = recv_text.rsplit(".", 1)[-1].split("(")[0]
        if S.DB_RECEIVER.search(recv_text.split("(")[0]) or S.PRISMA_DELEGATE.match(recv_text):
            return True
        if recv_text.startswith("this.") and recv_text.split(".")[1].split("(")[0] in frame.db_fields:
            return True
        if re.search(r"(?i)(model|collection|repository|repo)s?$", last):
            return True
        if models and last[:1].isupper() and last not in S.NOT_MODELS:
            return True
        return bool(re.search(r"(?i)\bcollection\(|\bmodel\(|\.models\.", recv_text))

    def is_sql_sink(
        self,
        mod: str | None,
        path: tuple[str, ...],
        last: str,
        method: str | None,
        recv_node: ts.Node | None,
        recv_text: str,
        frame: Frame,
    ) -> bool:
        if "prepare" in path[:-1]:  # a prepared statement's run/all/get take values, not SQL
            return False
        if mod in S.SQL_MODULES:
            if last in S.SQL_RAW_METHODS or last in S.SQL_QUERY_METHODS:
                return not (mod == "@prisma/client" and last in ("query", "execute", "get", "all", "run"))
            return last in S.SQL_BUILDER_METHODS and "createQueryBuilder" in path
        if (
            mod is not None
            and not mod.startswith("file:")
            and mod != "global"
            and not re.search(r"(?i)db|sql|database|orm|repository", mod)
        ):
            return False  # a known package that is not a database client (axios.get, router.get, lodash...)
        if method is None or recv_node is None:
            return False
        head = recv_text.split("(")[0]
        if method in (
            "whereRaw",
            "orWhereRaw",
            "havingRaw",
            "joinRaw",
            "orderByRaw",
            "groupByRaw",
            "$queryRawUnsafe",
            "$executeRawUnsafe",
        ):
            return True
        db = bool(S.DB_RECEIVER.search(head)) or (
            recv_text.startswith("this.") and recv_text.split(".")[1].split("(")[0] in frame.db_fields
        )
        if method in S.SQL_BUILDER_METHODS:
            return "createQueryBuilder" in recv_text or bool(re.search(r"(?i)(^|\.)(qb|querybuilder|builder)$", head))
        return method in ("query", "execute", "raw", "literal", "unsafe", "prepare") and db

    # -- helpers --

    def builds_object_any(self, node: ts.Node | None) -> bool:
        """`a || build(x)`, `a ?? build(x)`: one side is the project's own structure."""
        node = unwrap(node)
        if node is not None and node.type == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type in ("||", "??"):
                return any(
                    self.builds_object_any(c)
                    for c in (node.child_by_field_name("left"), node.child_by_field_name("right"))
                )
        return self.builds_object(node)

    def builds_object(self, node: ts.Node | None) -> bool:
        """A call to a project function (or a constructor): what it returns is the project's own structure, where
        request data sits beside everything else and the union of taints would mark all of it."""
        node = unwrap(node)
        if node is not None and node.type == "await_expression" and node.named_child_count:
            node = unwrap(node.named_children[0])
        if node is None or node.type not in ("call_expression", "new_expression"):
            return False
        if node.type == "new_expression":
            return True
        fact = self.m.calls.get((node.start_byte, node.end_byte))
        callee = fact.callee if fact is not None else None
        fn = node.child_by_field_name("function")
        owner = unwrap(fn.child_by_field_name("object")) if fn is not None and fn.type == "member_expression" else None
        if owner is not None and owner.type == "identifier" and owner.text.decode() in self.m.local_classes:
            return True  # `Config.get(appId)` of a class of this file
        return isinstance(callee, Func) or (
            isinstance(callee, Ref) and callee.kind == "module" and callee.name.startswith("file:")
        )

    def props(self, obj: ts.Node) -> list[tuple[str, ts.Node]]:
        out = []
        for c in obj.named_children:
            if c.type == "pair":
                k = c.child_by_field_name("key")
                v = c.child_by_field_name("value")
                if k is None or v is None:
                    continue
                kname = string_value(k) if k.type == "string" else k.text.decode()
                out.append((kname or "", v))
            elif c.type == "shorthand_property_identifier":
                out.append((c.text.decode(), c))
        return out

    def has_prop(self, node: ts.Node | None, name: str, truthy: bool = False) -> bool:
        node = unwrap(node)
        if node is not None and node.type == "identifier":  # options held in a constant: `parseXml(x, OPTS)`
            node = self.m.constant(node.text.decode())
        if node is None or node.type != "object":
            return False
        for k, v in self.props(node):
            if k == name:
                return not truthy or v.type not in ("false", "null", "undefined")
        return False

    def assigns_computed_keys(self, func: Func) -> bool:
        ctx = self.a.ctx(func.file)
        if ctx is None:
            return False
        body = ctx.data[func.start_byte : func.end_byte or func.start_byte + 4000]
        # a merge that refuses `__proto__` / `constructor` keys is the fix, not a sink
        return bool(re.search(rb"\w\s*\[[^\n]*\]\s*=[^=>]", body)) and not PROTO_GUARD.search(body)


# The response allows credentials (cookies, HTTP auth) cross-origin: set by hand in the same file.
CREDENTIALS = re.compile(rb"""(?i)['"`]access-control-allow-credentials['"`]\s*,\s*(?:['"`]true['"`]|true\b)""")
# The Host the request was sent to (`req.hostname`, `req.get('host')`, `ctx.host`), not a query parameter named host.
OWN_HOST = re.compile(
    rb"^\s*(?:\$\{\s*)?\w+(?:\.request)?\.(?:hostname|host)\b|\.headers\.host\b|\.get\(\s*['\"]host['\"]\s*\)"
)
# The URL the request was sent to (`request.url`, `req.originalUrl`): as a `new URL(path, base)` base, its origin is
# the server's own.
OWN_URL = re.compile(r"^\w+(?:\.request)?\.(?:url|originalUrl|href)$")
# Where a middleware leaves values for later handlers besides the request itself: Express `res.locals`, Koa `ctx.state`.
HANDED_ON = frozenset({"locals", "state"})
LISTENERS = frozenset({"on", "once", "addListener", "prependListener"})
# Events of Node's own emitters (streams, servers, sockets, processes): not application events.
NOT_APP_EVENTS = frozenset(
    {"connection", "connect", "close", "error", "open", "listening", "end", "data", "finish", "drain", "message"}
    | {"disconnect", "exit", "request", "response", "upgrade", "readable", "pipe", "unpipe", "timeout"}
)


def FULL_PROTO_GUARD(data: bytes) -> bool:
    """Does the file refuse `__proto__` and also `constructor` or `prototype` keys?"""
    return b"__proto__" in data and (re.search(rb"""['"`](?:constructor|prototype)['"`]""", data) is not None)


PROTO_GUARD = re.compile(
    rb"""['"`](?:__proto__|constructor|prototype)['"`]|\bisUnsafeKey\b|\bisPrototypePolluted\b|"""
    rb"""\.call\(\s*Object\.prototype\s*,"""  # qs: `has.call(Object.prototype, key)` refuses inherited names
)
UPLOAD_PROP = "upload-server-property"  # a marker in Taint.cleared, not a sink category


def is_upload(t: Taint) -> bool:
    return t.origin.kind.endswith((".files", ".file"))


# A fixed path segment ("/user/") whose slash is not part of "//": the destination's origin is already decided.
PATH_BEFORE = re.compile(r"(?:^|[^/:\\])/[^/\\\x00]")
DECLARED_SANITIZER = re.compile(r"^(sanitiz|escape|encode|clean|purify|strip)", re.IGNORECASE)
MUTATORS = frozenset({"push", "unshift", "add", "append"})
CODE_OPERATORS = ("$where", "$function", "$accumulator", "$expr")  # MongoDB operators whose text is code
REGEX_SUBJECT_METHODS = frozenset({"match", "matchAll", "replace", "replaceAll", "split", "search"})
RESPONSE_NAME = re.compile(r"^(?:res|reply|response|resp|ctx|ctx\.response)$")
# Sink kinds where request data with no validation step is worth a "missing validation" finding.
DATA_SINK_KINDS = frozenset({S.COMMAND, S.SSRF, S.PATH, S.SQL, S.NOSQL})
SHELLS = frozenset(
    {"sh", "bash", "zsh", "/bin/sh", "/bin/bash", "/usr/bin/env", "cmd", "cmd.exe", "powershell", "pwsh"}
)
DB_PARAM_TYPE = re.compile(
    r"Repository|Model<|DataSource|EntityManager|Prisma|Knex|Pool|Connection|Sequelize|Collection|Db\b"
)


def call_source(abspath: str, start: int, end: int) -> str:
    """The source text of one call (read only for the rare calls that need it)."""
    try:  # the one safe reader: a file swapped for a FIFO since it was parsed must not block the scan
        return read_range(abspath, start, min(end - start, 4096)).decode("utf-8", "replace")
    except OSError:
        return ""


DESTRUCTURED_REQUEST = "<request>"  # the request of a handler whose first parameter is an object pattern
ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "all", "route", "options", "head", "use"})
# What passing a schema proves about the value itself (its shape and types, not that its strings are harmless).
OBJECT_WRITER_MODULES = frozenset({"lodash", "underscore", "lodash.merge", "lodash.set", "lodash.assign"})
OBJECT_WRITERS = frozenset({"assign", "merge", "mergeWith", "extend", "defaults", "defaultsDeep", "set", "setWith"})
FIELDS = "\x00fields"  # env marker: `name.<FIELDS>` present when every property of `name` is in env on its own
SHAPED = "\x00shaped"  # env marker: `name.<SHAPED>` present when `name` passed a schema as a whole
BUILT = "\x00built"  # env marker: `name.<BUILT>` when `name` holds an object a project function or `new` built
CHECK_EXPRESSIONS = frozenset({"binary_expression", "call_expression", "unary_expression"})
IN_CHECK = frozenset(c for c in S.ALL if c != S.PROTOTYPE)
SCHEMA_SHAPE = frozenset({S.NOSQL, S.PROTOTYPE, S.MASS, S.VALIDATION})
CHECK_NORMALISERS = frozenset({"trim", "toLowerCase", "toUpperCase", "toString", "toLocaleLowerCase"})
WHITELIST_PIPE = re.compile(r"ValidationPipe\(\s*\{[^}]*\bwhitelist\s*:\s*true")
WHITELIST_CLEARS = frozenset({S.VALIDATION, S.MASS, S.PROTOTYPE})
TYPE_CHECK = frozenset(
    {S.NOSQL, S.MASS, S.VALIDATION}
)  # a string key still names __proto__: obj=False is what a type check proves for merges
PREFIX_CHECK = frozenset({S.PATH, S.REDIRECT, S.SSRF, S.VALIDATION})
ROUTE_SCHEMA_CLEARS = frozenset({S.VALIDATION, S.NOSQL, S.MASS, S.PROTOTYPE})
# A library's parameters matter for what turns data into a program, a file or a request; "missing validation",
# mass assignment, logs, headers, redirects and HTML are the application's to judge.
LIBRARY_CLEARS = frozenset({S.VALIDATION, S.MASS, S.LOG, S.HEADER, S.REDIRECT, S.XSS})
# A project's validation middleware: runs a schema, rejects what fails, and (for the stronger guarantee) replaces
# the request part with the validated value.
VALIDATES = re.compile(
    rb"\.(?:validate|validateAsync|validateSync|parse|safeParse|parseAsync|safeParseAsync|isValid)\s*\(|"
    rb"\bajv\b[^;]*\.compile\s*\(|\bvalidationResult\s*\(|\bcelebrate\s*\(|\bcheckSchema\s*\("
)
REJECTS = re.compile(
    rb"\bnext\s*\(\s*(?!\))|\.status\s*\(\s*4\d\d|\bsendStatus\s*\(\s*4\d\d|\bthrow\b|\bcreateError\b|"
    rb"BadRequest|\.boom\b"
)
REPLACES_INPUT = re.compile(
    rb"\breq(?:uest)?\s*\.\s*(?:body|query|params)\s*=[^=]|\bObject\.assign\s*\(\s*req(?:uest)?\b|"
    rb"\breq(?:uest)?\s*\[[^\]]+\]\s*=[^=]"
)


def env_union(a: Env, b: Env) -> Env:
    out = dict(a)
    for k, v in b.items():
        out[k] = union(out.get(k, CLEAN), v)
    return out


# --- collection -----------------------------------------------------------------------------------------------------

# Packages through which a filter object reaches MongoDB (or a store with its query operators).
DOCUMENT_STORES = frozenset(
    {*S.NOSQL_MODULES, "@nestjs/mongoose", "@typegoose/typegoose", "@mikro-orm/mongodb", "mongodb-memory-server"}
    | {"nedb", "@seald-io/nedb", "parse-server", "parse", "mongorito", "camo", "@keystonejs/adapter-mongoose"}
)


def _uses_a_document_store(facts: Facts, js: JsProject) -> bool:
    from nodeward.collect.manifests import all_dependencies

    if any(m.imports_module(name) for m in js for name in DOCUMENT_STORES):
        return True
    return any(name in DOCUMENT_STORES for name in all_dependencies(facts, include_peer=True))


def declared_major(spec: str) -> int | None:
    """The lowest major version a declared range allows (`^3.13.1` -> 3, `>=3 <5` -> 3); None when it says none."""
    # Stripped and cut first, digits bounded: `^\s*...?\s*` backtracked quadratically on a range of spaces, and
    # int() of a 5,000-digit major raised ValueError.
    m = re.match(r"(?:[\^~]|>=?|=|v)?[ \t]*(\d{1,9})(?!\d)", spec.strip()[:64])
    return int(m.group(1)) if m else None


def library_entries(facts: Facts, serves: bool) -> list[str]:
    """The entry modules of the scanned package when it is scanned as a library: `--profile library`, or a package
    with `main`/`exports` that starts no server (no route handler, no platform entry point, no `listen`)."""
    from nodeward.collect.manifests import collect_package_json

    root = next((p for p in collect_package_json(facts) if p.path == "package.json"), None)
    if root is None or not isinstance(root.data, dict):
        return []
    forced = getattr(facts.settings, "profile", "default") == "library"
    if not forced and (serves or root.data.get("private") is True):
        return []
    if not forced and any(c.member == "listen" for m in facts.js for c in m.calls):
        return []
    targets: list[str] = []
    for key in ("main", "module"):
        if isinstance(root.data.get(key), str):
            targets.append(root.data[key])
    exports = root.data.get("exports")
    stack = [exports]
    while stack:  # strings anywhere in the exports map: ".": {"import": "./esm/index.js", "require": "./index.js"}
        item = stack.pop()
        if isinstance(item, str):
            targets.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    scripts = root.data.get("scripts")
    starts = isinstance(scripts, dict) and "start" in scripts
    if not targets and (forced or (isinstance(root.data.get("version"), str) and not starts)):
        targets.append("index.js")  # what `require('pkg')` loads when package.json names no entry
    if not targets:
        return []
    files = {f.path for f in facts.project.files} if facts.project is not None else set()
    found = []
    for t in targets:
        rel = t.removeprefix("./").rstrip("/")
        for candidate in (rel, f"{rel}.js", f"{rel}/index.js", f"{rel}.mjs", f"{rel}.cjs", f"{rel}.ts"):
            if candidate in files:
                found.append(candidate)
                break
    return found


@collector("taint")
def collect_taint(facts: Facts) -> TaintResult:
    js: JsProject = facts.js
    project = facts.project
    templates: list[str] = []
    read = None
    if project is not None:
        templates = [f.path for f in project.files if f.kind == "template"]

        def read(rel: str) -> str:
            try:
                return project.read_text(rel)
            except (OSError, UnicodeDecodeError, ValueError):
                return ""

    handlers = set()
    for app in facts.app_model.apps:
        for route in app.routes:
            if isinstance(route.handler, Func):
                handlers.add(route.handler.key)
    analysis = TaintAnalysis(js, read, templates, handlers)
    from nodeward.collect.manifests import all_dependencies

    analysis.declared = {name: dep.spec for name, dep in all_dependencies(facts, include_peer=True).items()}
    entries = library_entries(facts, bool(handlers) or bool(analysis.entry_points))
    if entries:
        analysis.library_mode(entries)
        why = "--profile library" if getattr(facts.settings, "profile", "") == "library" else "no server starts"
        facts.notices.append(
            f"scanned as a library ({why}): parameters of the functions exported by {', '.join(entries[:3])} are "
            f"outside data; such findings say 'library mode: reachable from the public API'"
        )
    # `ApiKey.findOne({secret: key})` in ghost is Bookshelf over SQL, with bound values: without a MongoDB driver or
    # ODM in the project, a filter object cannot carry query operators.
    analysis.document_store = _uses_a_document_store(facts, js)
    flows = analysis.run()
    for path, message in analysis.problems:
        facts.problem(path, message)
    return TaintResult(tuple(flows), tuple(analysis.evidence.values()), frozenset(analysis.fired))
