"""JS/TS facts: tree-sitter parse once per file, then imports, resolved call sites, literal values, functions, exports.

One pass per file builds a picklable `JsModule`; `JsProject` (the "js" collector) indexes them so rules ask for
what they need (`calls_to("express-session")`, `calls_to("crypto", "createHash")`, `method_calls("cookie")`) instead
of walking trees. Trees never leave the process that parsed them; `tree_of(module)` re-parses cheaply (and caches
per process) for analyses that need function bodies.
"""

from __future__ import annotations

import gc
import hashlib
import os
import posixpath
import re
import sys
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tree_sitter as ts

from nodeward.facts import collector
from nodeward.findings import Location
from nodeward.js.fact_cache import FactCache, cache_disabled_by_env
from nodeward.js.values import (
    CALL,
    UNDEFINED,
    Arr,
    Func,
    Obj,
    Prop,
    Ref,
    Unknown,
    Value,
    fast_pickle,
)
from nodeward.safe_files import LISTED_CAP, read_regular_bytes

if TYPE_CHECKING:
    from nodeward.collect.discover import Project
    from nodeward.facts import Facts

JS_EXTENSIONS = (".js", ".cjs", ".mjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")
_TS_EXT = {".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx"}
MAX_DEPTH = 350  # tree depth past which a subtree is not analysed (hostile nesting; Python recursion limit)
# Syntax nodes analysed per JS/TS file (NODEWARD_MAX_JS_NODES changes it). Extraction is linear in nodes (about
# 0.5 KB and 8 µs each); past the limit only the top-level statements that fit are analysed, with a notice, so a
# generated 2 MiB file of calls costs what a 500,000-node one does.
MAX_NODES_PER_FILE = 500_000
MAX_EVAL_DEPTH = 40
TEXT_CAP = 160
PARALLEL_MIN_BYTES = 3 * 1024 * 1024  # below this, a process pool costs more than it saves
PARALLEL_MIN_FILES = 200
# Sending facts back from a worker (pickling) costs about 70% of extracting them (measured on a 4,600-file tree):
# with two CPUs a pool cannot beat one process, so it is used only from three usable CPUs up. Measured again on 2
# idle CPUs (extract_all, workers=2 vs 1): ghost 5.130.6 (1,536 files) 1.26 s wall / 2.40 s CPU vs 1.59 / 1.59;
# @directus/api dist (567 files) 1.30 / 1.1 vs 0.66-0.85 / 0.66. Below ~1,500 files the pool loses even in wall
# time, above it saves a fifth of the wall time for half as much CPU again: not worth it on a shared 2-core runner.
PARALLEL_MIN_CPUS = 3


# --- languages and trees ----------------------------------------------------------------------------------------


def lang_for(path: str) -> str:
    return _TS_EXT.get(posixpath.splitext(path)[1].lower(), "js")


@cache
def language(lang: str) -> ts.Language:
    if lang == "js":
        import tree_sitter_javascript as tsjs

        return ts.Language(tsjs.language())
    import tree_sitter_typescript as tsts

    return ts.Language(tsts.language_tsx() if lang == "tsx" else tsts.language_typescript())


@cache
def parser(lang: str) -> ts.Parser:
    return ts.Parser(language(lang))


@cache
def query(lang: str, source: str) -> ts.Query:
    """A tree-sitter query compiled once per language (compiling one costs more than running it on a file)."""
    return ts.Query(language(lang), source)


def captures(lang: str, source: str, node: ts.Node) -> dict[str, list[ts.Node]]:
    """What the query `source` captures under `node` (searched in C: no Python visit of the other nodes)."""
    return ts.QueryCursor(query(lang, source)).captures(node)


def parse_bytes(data: bytes, lang: str) -> ts.Tree:
    return parser(lang).parse(data)


def max_nodes_per_file() -> int:
    given = os.environ.get("NODEWARD_MAX_JS_NODES", "")
    return int(given) if given.isdigit() and 0 < len(given) < 10 else MAX_NODES_PER_FILE


def limited_tree(data: bytes, lang: str) -> tuple[ts.Tree, str | None]:
    """The file's tree, or past the node limit the tree of its first top-level statements that fit within it (the
    same bytes: locations are unchanged), with the notice that says so."""
    tree = parse_bytes(data, lang)
    limit = max_nodes_per_file()
    total = tree.root_node.descendant_count  # kept by tree-sitter per subtree: no walk
    if total <= limit:
        return tree, None
    cut, statements, count = _statements_within(tree, limit)
    del tree  # the big tree goes before the small one is built (peak memory)
    line = data.count(b"\n", 0, cut) + 1 if statements else 0
    upto = f"the first {statements} of {count} top-level statements (to line {line})" if statements else "nothing"
    notice = (
        f"{total:,} syntax nodes, over the {limit:,} analysed per file: {upto} analysed "
        "(NODEWARD_MAX_JS_NODES raises the limit)"
    )
    return parse_bytes(data[:cut], lang), notice


def _statements_within(tree: ts.Tree, limit: int) -> tuple[int, int, int]:
    """(end byte, number) of the first top-level statements whose nodes add up to at most `limit`; and how many
    top-level statements there are."""
    kept = cut = statements = 0
    top = tree.root_node.children
    for child in top:
        n = child.descendant_count
        if kept + n > limit:
            break
        kept, cut, statements = kept + n, child.end_byte, statements + 1
    return cut, statements, len(top)


_TREE_CACHE: OrderedDict[str, tuple[str, ts.Tree, bytes]] = OrderedDict()
_TREE_CACHE_SIZE = 64


def tree_of(module: JsModule) -> tuple[ts.Tree, bytes] | None:
    """The tree-sitter tree and source bytes of a module, from a small per-process cache (re-parsed if needed).
    None when the file changed since its facts were extracted or cannot be read."""
    hit = _TREE_CACHE.get(module.abspath)
    if hit is not None and hit[0] == module.digest:
        _TREE_CACHE.move_to_end(module.abspath)
        return hit[1], hit[2]
    data = source_of(module)
    if data is None:
        return None
    tree, _ = limited_tree(data, module.lang)  # the tree the facts came from
    _remember_tree(module.abspath, module.digest, tree, data)
    return tree, data


def source_of(module: JsModule) -> bytes | None:
    """The source bytes of a module (from the tree cache, else read; no parse): for a rule that looks at few files
    to pick them by their text before asking for trees. None when the file changed since its facts were extracted."""
    hit = _TREE_CACHE.get(module.abspath)
    if hit is not None and hit[0] == module.digest:
        return hit[2]
    try:
        data = read_regular_bytes(module.abspath, cap=LISTED_CAP)
    except OSError:
        return None
    return data if _digest(data) == module.digest else None


def _remember_tree(abspath: str, digest: str, tree: ts.Tree, data: bytes) -> None:
    _TREE_CACHE[abspath] = (digest, tree, data)
    _TREE_CACHE.move_to_end(abspath)
    while len(_TREE_CACHE) > _TREE_CACHE_SIZE:
        _TREE_CACHE.popitem(last=False)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def _span(node: ts.Node) -> tuple[int, int, int, int]:
    (r1, c1), (r2, c2) = node.start_point, node.end_point
    return (r1 + 1, c1 + 1, r2 + 1, c2 + 1)


def node_location(path: str, node: ts.Node) -> Location:
    (r1, c1), (r2, c2) = node.start_point, node.end_point
    if _LOCATION_HAS_DICT:  # equal to Location(path, ...) without the frozen-dataclass __init__ (a hot path)
        loc = object.__new__(Location)
        loc.__dict__.update(path=path, line=r1 + 1, column=c1 + 1, end_line=r2 + 1, end_column=c2 + 1, url=None)
        return loc
    return Location(path, r1 + 1, c1 + 1, r2 + 1, c2 + 1)


_LOCATION_HAS_DICT = not hasattr(Location, "__slots__")


# --- facts --------------------------------------------------------------------------------------------------------


@fast_pickle
@dataclass(frozen=True, slots=True)
class Import:
    """One import binding. `module` is a package name ("express", "crypto" without "node:") or "file:<rel path>"
    for a project file; `path` the member imported (() for the module itself / default export)."""

    local: str | None  # None for side-effect and dynamic imports
    module: str
    path: tuple[str, ...]
    kind: str  # "require", "import", "dynamic", "reexport"
    specifier: str  # as written
    location: Location


@fast_pickle
@dataclass(frozen=True, slots=True)
class Call:
    """A call site (or `new`). `callee` is the evaluated callee: a Ref resolved through imports (e.g.
    Ref("module", "crypto", ("createHash",))), a Func for a local function, or Unknown."""

    file: str
    span: tuple[int, int, int, int]  # line, column, end line, end column (1-based): see `location`
    start_byte: int
    end_byte: int
    callee: Value
    callee_text: str
    args: tuple[Value, ...]
    arg_spans: tuple[tuple[int, int, int, int], ...]
    is_new: bool = False
    function: int | None = None  # start byte of the enclosing function, None at module level
    in_decorator: bool = False

    # Locations are built on demand: a large tree has 100k+ call sites and rules look at a few hundred.
    @property
    def location(self) -> Location:
        return Location(self.file, *self.span)

    @property
    def arg_locations(self) -> tuple[Location, ...]:
        return tuple(Location(self.file, *s) for s in self.arg_spans)

    @property
    def origin(self) -> tuple[str, int]:
        """Identity of the object this call returns (matches Ref.origin of values derived from it)."""
        return (self.file, self.end_byte)

    def arg(self, index: int) -> Value | None:
        return self.args[index] if 0 <= index < len(self.args) else None

    @property
    def member(self) -> str | None:
        """The last member name of the callee (`use` for `app.use(...)`)."""
        if isinstance(self.callee, Ref) and self.callee.path and self.callee.path[-1] != CALL:
            return self.callee.path[-1]
        return self.callee_text.rsplit(".", 1)[-1] if "." in self.callee_text else None

    @property
    def receiver(self) -> Ref | None:
        """For a method call on a symbolic object (`app.use`), the object (`app`) as a Ref."""
        if isinstance(self.callee, Ref) and self.callee.path and self.callee.path[-1] != CALL:
            c = self.callee
            origin = c.origin
            return Ref(c.kind, c.name, c.path[:-1], origin, c.location)
        return None

    def is_to(self, module: str, *path: str) -> bool:
        return isinstance(self.callee, Ref) and self.callee.is_module(module, *path)


@fast_pickle
@dataclass(frozen=True, slots=True)
class Decorator:
    callee: Value
    text: str
    args: tuple[Value, ...]
    location: Location


@fast_pickle
@dataclass(frozen=True, slots=True)
class Method:
    name: str
    func: Func
    decorators: tuple[Decorator, ...]


@fast_pickle
@dataclass(frozen=True, slots=True)
class ClassFact:
    name: str | None
    location: Location
    decorators: tuple[Decorator, ...]
    methods: tuple[Method, ...]
    superclass: Value = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class Assignment:
    """`target = value` where target is a member expression (`process.env.X = ...`, `exports.x = ...`)."""

    target: Value  # the evaluated target (a Ref for `process.env.X`), Unknown otherwise
    target_text: str
    value: Value
    location: Location
    function: int | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class FunctionFact:
    func: Func
    parent: int | None  # start byte of the enclosing function


@dataclass(eq=False)
class JsModule:
    """Everything extracted from one JS/TS file. Picklable; holds no tree-sitter objects."""

    path: str
    abspath: str
    lang: str
    size: int
    digest: str
    imports: list[Import] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    functions: list[FunctionFact] = field(default_factory=list)
    classes: list[ClassFact] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    exports: dict[str, Value] = field(default_factory=dict)  # "default" is module.exports / export default
    star_exports: list[str] = field(default_factory=list)  # modules re-exported with `export * from`
    returns: dict[int, Value] = field(default_factory=dict)  # function start byte → its (first) returned value
    # forEach/map callback start → the array items its element parameter takes (left out of the repr, so the
    # recorded fact digests of files without such loops stay as they were)
    loops: dict[int, tuple[Value, ...]] = field(default_factory=dict, repr=False)
    syntax_errors: list[int] = field(default_factory=list)  # lines
    truncated: bool = False  # a subtree was too deep to analyse
    limited: str | None = field(default=None, repr=False)  # over MAX_NODES_PER_FILE: what was analysed

    def imports_module(self, module: str) -> bool:
        return any(i.module == module for i in self.imports)

    def function(self, start_byte: int) -> Func | None:
        for f in self.functions:
            if f.func.start_byte == start_byte:
                return f.func
        return None


# --- extraction ---------------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_ESCAPE_RE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)", re.DOTALL)


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] == "u" and len(e) > 1:
            code = int(e[2:-1] if e[1] == "{" else e[1:], 16)
            return chr(code) if code <= 0x10FFFF else ""
        if e[0] == "x" and len(e) == 3:
            return chr(int(e[1:], 16))
        if e in ("\n", "\r\n"):
            return ""
        return _ESCAPES.get(e, e)

    return _ESCAPE_RE.sub(sub, text) if "\\" in text else text


def _number(text: str) -> int | float | Unknown:
    t = text.replace("_", "").rstrip("n")
    try:
        if t[:2].lower() in ("0x", "0o", "0b"):
            return int(t, 0)
        if re.fullmatch(r"\d+", t):
            return int(t)
        return float(t)
    except ValueError:
        return Unknown(text)


class _Scope:
    __slots__ = ("func", "parent", "vars")

    def __init__(self, parent: _Scope | None, func: int | None) -> None:
        self.vars: dict[str, Value] = {}
        self.parent = parent
        self.func = func

    def lookup(self, name: str) -> tuple[Value, _Scope] | None:
        s: _Scope | None = self
        while s is not None:
            if name in s.vars:
                return s.vars[name], s
            s = s.parent
        return None


# Shared with taint.py: the node types that open a function, and the expressions that only wrap another one.
FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "generator_function_declaration",
        "generator_function",
        "method_definition",
    }
)
EXPRESSION_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "await_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
_PARAM_WRAPPERS = frozenset({"required_parameter", "optional_parameter"})
# Module-interop helpers emitted by TypeScript and Babel: they return (a wrapper of) the module they are given.
_INTEROP_HELPERS = frozenset(
    {"__importDefault", "__importStar", "_interopRequireDefault", "_interopRequireWildcard", "__toESM", "__toCommonJS"}
)
# Node types that cannot contain anything the walk records (checked first: most nodes are these).
_LEAVES = frozenset(
    {
        "comment",
        "string",
        "number",
        "identifier",
        "property_identifier",
        "shorthand_property_identifier",
        "private_property_identifier",
        "type_identifier",
        "predefined_type",
        "this",
        "true",
        "false",
        "null",
        "undefined",
        "regex",
        "statement_identifier",
        "type_annotation",
        "empty_statement",
        "break_statement",
        "continue_statement",
        "debugger_statement",
        "hash_bang_line",
    }
)
_VISIT_KIND = {
    "call_expression": 1,
    "new_expression": 1,
    "lexical_declaration": 2,
    "variable_declaration": 2,
    **dict.fromkeys(FUNCTION_TYPES, 3),
    "assignment_expression": 4,
    "import_statement": 5,
    "export_statement": 6,
    "class_declaration": 7,
    "class": 7,
    "abstract_class_declaration": 7,
    "decorator": 8,
    "return_statement": 9,
}


class _Extractor:
    def __init__(self, path: str, abspath: str, data: bytes, lang: str, known_files: frozenset[str]) -> None:
        self.path = path
        self.data = data
        self.known = known_files
        self.mod = JsModule(path, abspath, lang, len(data), _digest(data))
        self.top = _Scope(None, None)
        self.memo: dict[int, Value] = {}
        self.funcs: dict[tuple[int, str | None], Func] = {}
        self.has_error = False
        self.classes: list[int] = []  # start bytes of the classes being visited (innermost last)
        self.this_members: dict[tuple[int, str], Value] = {}  # (class, name) → value of `this.name = ...`
        self.resolutions: dict[str, str] = {}  # relative specifier → what it resolved to

    # helpers ---------------------------------------------------------------------------------------------------
    def export_specifiers(self, clause: ts.Node) -> Iterator[tuple[str, str]]:
        """(local or re-exported name, name it is exported as) of each specifier of `export { a, b as c }`."""
        for spec in clause.named_children:
            if spec.type != "export_specifier":
                continue
            name_node = spec.child_by_field_name("name")
            if name_node is None:
                continue
            name = self.text(name_node)
            alias = spec.child_by_field_name("alias")
            yield name, self.text(alias) if alias is not None else name

    def text(self, node: ts.Node, cap: int = TEXT_CAP) -> str:
        start, end = node.start_byte, node.end_byte
        s = self.data[start : min(end, start + cap * 4)].decode("utf-8", errors="replace")
        if "\n" in s or "  " in s or "\t" in s or "\r" in s:
            s = " ".join(s.split())
        return s if len(s) <= cap else s[: cap - 1] + "…"

    def name(self, node: ts.Node) -> str:
        """Source text of an identifier-like node (no whitespace folding, no cap)."""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def loc(self, node: ts.Node) -> Location:
        return node_location(self.path, node)

    def resolve_specifier(self, spec: str) -> str:
        resolved = _resolve_specifier(self.path, spec, self.known)
        if resolved.startswith("file:"):  # depends on which files exist: the fact cache re-checks these
            self.resolutions[spec] = resolved
        return resolved

    def string_value(self, node: ts.Node) -> str | None:
        if node.type == "string":
            return _unescape(self.data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", errors="replace"))
        if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.children):
            return _unescape(self.data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", errors="replace"))
        return None

    def make_func(self, node: ts.Node, name: str | None = None) -> Func:
        # A function is made again when it is visited after being evaluated (a callback argument), hoisted...:
        # the same node and name give the same (immutable) value.
        key = (node.id, name)
        made = self.funcs.get(key)
        if made is None:
            made = self.funcs[key] = self._make_func(node, name)
        return made

    def _make_func(self, node: ts.Node, name: str | None) -> Func:
        if name is None:
            n = node.child_by_field_name("name")
            if n is not None:
                name = self.text(n, 80)
        params_node = node.child_by_field_name("parameters")
        params: list[str] = []
        if params_node is not None:
            for p in params_node.named_children:
                if p.type in ("comment", "decorator"):
                    continue
                params.append(self.param_name(p))
        else:
            single = node.child_by_field_name("parameter")
            if single is not None:
                params.append(self.text(single, 80))
        is_async = any(c is not None and c.type == "async" for c in (node.child(0), node.child(1)))
        return Func(self.path, node.start_byte, name, tuple(params), self.loc(node), node.end_byte, is_async)

    def param_name(self, p: ts.Node) -> str:
        if p.type in _PARAM_WRAPPERS:
            pat = p.child_by_field_name("pattern")
            if pat is not None:
                p = pat
        if p.type == "assignment_pattern":
            left = p.child_by_field_name("left")
            if left is not None:
                p = left
        return self.text(p, 80)

    def param_patterns(self, node: ts.Node) -> list[ts.Node]:
        params_node = node.child_by_field_name("parameters")
        if params_node is None:
            single = node.child_by_field_name("parameter")
            return [single] if single is not None else []
        out = []
        for p in params_node.named_children:
            if p.type in ("comment", "decorator"):
                continue
            if p.type in _PARAM_WRAPPERS:
                pat = p.child_by_field_name("pattern")
                p = pat if pat is not None else p
            out.append(p)
        return out

    # evaluation ------------------------------------------------------------------------------------------------
    def member_of(self, value: Value, name: str, loc: Location | None) -> Value:
        if isinstance(value, Ref):
            if name == "default" and value.kind == "module" and not value.path:
                return value  # `require('express').default`, TS's `express_1.default`: the module (esModuleInterop)
            return value.member(name, loc)
        if isinstance(value, Obj):
            p = value.prop(name)
            if p is not None:
                return p.value
            return Unknown(name) if value.open else UNDEFINED
        if isinstance(value, Arr) and name == "length" and not value.open:
            return len(value.items)
        if isinstance(value, str) and name == "length":
            return len(value)
        return Unknown(name)

    def eval(self, node: ts.Node | None, scope: _Scope, depth: int = 0) -> Value:
        if node is None:
            return UNDEFINED
        t = node.type
        if depth > MAX_EVAL_DEPTH:
            return Unknown(self.text(node, 60))
        if t == "string":
            return self.string_value(node)
        if t == "identifier":
            name = self.data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")
            if name == "undefined":
                return UNDEFINED
            found = scope.lookup(name)
            if found is not None:
                return found[0]
            return Ref("global", name, (), None, None)
        if t == "member_expression":
            memo = self.memo.get(node.id)
            if memo is not None:
                return memo
            obj_node = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if prop is None:
                return Unknown(self.text(node, 60))
            if obj_node is not None and obj_node.type == "this" and self.classes:
                member = self.this_members.get((self.classes[-1], self.name(prop)))
                if member is not None:  # `this.app` set in the constructor: class-based app setup
                    return member
            obj = self.eval(obj_node, scope, depth + 1)
            value = self.member_of(obj, self.name(prop), None)
            self.memo[node.id] = value
            return value
        if t in ("call_expression", "new_expression"):
            memo = self.memo.get(node.id)
            if memo is None:
                # Memoised per node: visiting a call evaluates its callee and arguments, and visiting the calls
                # nested in them would otherwise re-evaluate the same chains (quadratic on `a.b().c().d()...`).
                memo = self.memo[node.id] = self.eval_call(node, scope, depth)
            return memo
        if t == "number":
            return _number(self.text(node))
        if t == "true":
            return True
        if t == "false":
            return False
        if t == "null":
            return None
        if t == "undefined":
            return UNDEFINED
        if t == "object":
            return self.eval_object(node, scope, depth)
        if t == "array":
            items: list[Value] = []
            open_ = False
            for c in node.named_children:
                if c.type == "spread_element":
                    v = self.eval(c.named_children[0] if c.named_children else None, scope, depth + 1)
                    if isinstance(v, Arr):
                        items.extend(v.items)
                        open_ = open_ or v.open
                    else:
                        open_ = True
                elif c.type != "comment":
                    items.append(self.eval(c, scope, depth + 1))
            return Arr(tuple(items), open_, self.loc(node))
        if t == "sequence_expression":  # `(0, express_1.default)()` in compiled TypeScript: the last value
            inner = [c for c in node.named_children if c.type != "comment"]
            return self.eval(inner[-1], scope, depth + 1) if inner else UNDEFINED
        if t in EXPRESSION_WRAPPERS:
            inner = [c for c in node.named_children if c.type != "comment"]
            return self.eval(inner[0], scope, depth + 1) if inner else UNDEFINED
        if t == "template_string":
            parts: list[str] = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    parts.append(_unescape(self.text(c, 100_000)))
                elif c.type == "escape_sequence":
                    parts.append(_unescape(self.data[c.start_byte : c.end_byte].decode("utf-8", errors="replace")))
                elif c.type == "template_substitution":
                    inner = c.named_children
                    v = self.eval(inner[0], scope, depth + 1) if inner else UNDEFINED
                    if isinstance(v, bool) or not isinstance(v, str | int | float):
                        return Unknown(self.text(node, 60))
                    parts.append(str(v))
            return "".join(parts)
        if t == "binary_expression":
            return self.eval_binary(node, scope, depth)
        if t == "unary_expression":
            op = node.child_by_field_name("operator")
            arg = self.eval(node.child_by_field_name("argument"), scope, depth + 1)
            opt = op.type if op is not None else ""
            if opt == "-" and isinstance(arg, int | float) and not isinstance(arg, bool):
                return -arg
            if (opt == "!" and isinstance(arg, bool | int | float | str)) or arg is None:
                return not arg
            return Unknown(self.text(node, 60))
        if t == "ternary_expression":
            cond = self.eval(node.child_by_field_name("condition"), scope, depth + 1)
            if isinstance(cond, bool | int | float | str) or cond is None:
                branch = "consequence" if cond else "alternative"
                return self.eval(node.child_by_field_name(branch), scope, depth + 1)
            return Unknown(self.text(node, 60))
        if t in FUNCTION_TYPES or t == "class":
            if t == "class":
                return Unknown(self.text(node, 60))
            return self.make_func(node)
        if t == "assignment_expression":
            return self.eval(node.child_by_field_name("right"), scope, depth + 1)
        if t == "subscript_expression":
            idx = node.child_by_field_name("index")
            key = self.eval(idx, scope, depth + 1) if idx is not None else None
            obj = self.eval(node.child_by_field_name("object"), scope, depth + 1)
            if isinstance(key, str):
                return self.member_of(obj, key, self.loc(node))
            if isinstance(key, int) and isinstance(obj, Arr) and not obj.open and 0 <= key < len(obj.items):
                return obj.items[key]
            return Unknown(self.text(node, 60))
        if t == "this":
            return Ref("this", "this", (), None, self.loc(node))
        return Unknown(self.text(node, 60))

    def eval_binary(self, node: ts.Node, scope: _Scope, depth: int) -> Value:
        op_node = node.child_by_field_name("operator")
        op = op_node.type if op_node is not None else ""
        left = self.eval(node.child_by_field_name("left"), scope, depth + 1)
        if op in ("||", "??", "&&"):
            known = isinstance(left, bool | int | float | str) or left is None or left is UNDEFINED
            if not known and isinstance(left, Obj | Arr | Func):
                known = True
            if not known:
                return Unknown(self.text(node, 60))
            if op == "??":
                take_right = left is None or left is UNDEFINED
            elif op == "||":
                take_right = not (left if not isinstance(left, Obj | Arr | Func) else True)
            else:
                take_right = bool(left if not isinstance(left, Obj | Arr | Func) else True)
            return self.eval(node.child_by_field_name("right"), scope, depth + 1) if take_right else left
        right = self.eval(node.child_by_field_name("right"), scope, depth + 1)
        nums = (int, float)
        if op == "+":
            if isinstance(left, str) and isinstance(right, str | int | float) and not isinstance(right, bool):
                return left + (right if isinstance(right, str) else _js_num(right))
            if isinstance(right, str) and isinstance(left, int | float) and not isinstance(left, bool):
                return _js_num(left) + right
            if _plain_num(left) and _plain_num(right):
                return left + right  # type: ignore[operator]
        elif op in ("*", "-", "/", "%", "**") and _plain_num(left) and _plain_num(right):
            try:
                if op == "*":
                    return left * right  # type: ignore[operator]
                if op == "-":
                    return left - right  # type: ignore[operator]
                if op == "/":
                    return left / right if right else Unknown(self.text(node))  # type: ignore[operator]
                if op == "%":
                    return left % right if right else Unknown(self.text(node))  # type: ignore[operator]
                if op == "**" and abs(right) < 64:  # type: ignore[arg-type]
                    return left**right  # type: ignore[operator]
            except (OverflowError, ZeroDivisionError):
                pass
        elif (
            op in ("===", "==", "!==", "!=")
            and isinstance(left, str | int | float | bool)
            and type(left) is type(right)
        ):
            eq = left == right
            return eq if op in ("===", "==") else not eq
        del nums
        return Unknown(self.text(node, 60))

    def eval_object(self, node: ts.Node, scope: _Scope, depth: int) -> Obj:
        props: list[Prop] = []
        open_ = False
        for c in node.named_children:
            ct = c.type
            if ct == "pair":
                key = self.prop_key(c.child_by_field_name("key"), scope, depth)
                if key is None:
                    open_ = True
                props.append(Prop(key, self.eval(c.child_by_field_name("value"), scope, depth + 1), self.loc(c)))
            elif ct == "shorthand_property_identifier":
                name = self.text(c, 200)
                found = scope.lookup(name)
                v = found[0] if found is not None else Ref("global", name, (), None, self.loc(c))
                props.append(Prop(name, v, self.loc(c)))
            elif ct == "spread_element":
                inner = c.named_children
                v = self.eval(inner[0], scope, depth + 1) if inner else UNDEFINED
                if isinstance(v, Obj):
                    props.extend(v.props)
                    open_ = open_ or v.open
                elif v is not None and v is not UNDEFINED:
                    open_ = True
                    # `{ secure: false, ...settings.cookieOptions }`: the literal before an unknown spread is only a
                    # default the spread may replace (node-red's admin session cookie), so its value is unknown.
                    spread_text = self.text(c, 80)
                    props = [
                        Prop(p.key, Unknown(f"{spread_text} or the default before it", p.location), p.location)
                        if p.key is not None
                        else p
                        for p in props
                    ]
            elif ct == "method_definition":
                name_node = c.child_by_field_name("name")
                name = self.text(name_node, 200) if name_node is not None else None
                props.append(Prop(name, self.make_func(c, name), self.loc(c)))
            elif ct != "comment":
                open_ = True
        return Obj(tuple(props), open_, self.loc(node))

    def prop_key(self, key: ts.Node | None, scope: _Scope, depth: int) -> str | None:
        if key is None:
            return None
        if key.type in ("property_identifier", "private_property_identifier"):
            return self.text(key, 200)
        if key.type == "string":
            return self.string_value(key)
        if key.type == "number":
            v = _number(self.text(key))
            return None if isinstance(v, Unknown) else _js_num(v)
        if key.type == "computed_property_name":
            inner = key.named_children
            v = self.eval(inner[0], scope, depth + 1) if inner else None
            return v if isinstance(v, str) else None
        return None

    def eval_call(self, node: ts.Node, scope: _Scope, depth: int) -> Value:
        is_new = node.type == "new_expression"
        fn = node.child_by_field_name("constructor" if is_new else "function")
        args_node = node.child_by_field_name("arguments")
        origin = (self.path, node.end_byte)  # unique: chained calls share their start, never their end
        if fn is None:
            return Unknown(self.text(node, 60))
        if fn.type == "import":  # dynamic import('x')
            spec = self.first_string_arg(args_node)
            if spec is not None:
                return Ref("module", self.resolve_specifier(spec), (), None, self.loc(node))
            return Unknown(self.text(node, 60))
        callee = self.eval(fn, scope, depth + 1)
        if isinstance(callee, Ref) and callee.kind == "global" and callee.name == "require" and not callee.path:
            spec = self.first_string_arg(args_node)
            if spec is not None:
                return Ref("module", self.resolve_specifier(spec), (), None, self.loc(node))
            return Unknown(self.text(node, 60))
        # The helper is a global (tslib's importHelpers) or defined in the file itself, as tsc and Babel emit it
        # (`var __importDefault = (this && this.__importDefault) || function ...`): judge it by its name.
        if isinstance(callee, Ref) and callee.kind == "global":
            helper = callee.name
        elif isinstance(callee, Ref) and callee.kind == "module" and callee.name == "tslib" and len(callee.path) == 1:
            helper = callee.path[0]  # tslib_1.__importDefault(require('x')) with importHelpers
        else:
            helper = self.text(fn, 40)
        if helper in _INTEROP_HELPERS and args_node:
            first = next((c for c in args_node.named_children if c.type != "comment"), None)
            inner = self.eval(first, scope, depth + 1) if first is not None else None
            if isinstance(inner, Ref) and inner.kind == "module":
                return inner  # __importDefault(require('x')) is require('x') for our purposes
        if isinstance(callee, Ref):
            return callee.called(origin, self.loc(node))
        if isinstance(callee, Func) and callee.file == self.path and callee.start_byte in self.mod.returns:
            return self.mod.returns[callee.start_byte]  # a local factory already seen
        return Unknown(self.text(node, 60))

    def record_loop(self, fn: ts.Node, callback: Func, scope: _Scope) -> None:
        """`table.forEach((row) => ...)` over an array literal: the callback's element parameter takes each item."""
        if self.text(fn.child_by_field_name("property"), 20) not in ("forEach", "map"):
            return
        items = self.eval(fn.child_by_field_name("object"), scope)
        if isinstance(items, Arr) and not items.open:
            self.mod.loops[callback.start_byte] = items.items

    def first_string_arg(self, args_node: ts.Node | None) -> str | None:
        if args_node is None:
            return None
        if args_node.type in ("string", "template_string"):  # require`x` is not a thing, but be safe
            return self.string_value(args_node)
        for c in args_node.named_children:
            if c.type == "comment":
                continue
            return self.string_value(c)
        return None

    # binding ---------------------------------------------------------------------------------------------------
    def bind_pattern(self, pat: ts.Node | None, value: Value, scope: _Scope, depth: int = 0) -> list[str]:
        if pat is None or depth > 20:
            return []
        t = pat.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            name = self.text(pat, 200)
            scope.vars[name] = value
            return [name]
        if t == "object_pattern":
            names: list[str] = []
            for c in pat.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    names += self.bind_pattern(c, self.member_of(value, self.text(c, 200), self.loc(c)), scope)
                elif c.type == "pair_pattern":
                    key = self.prop_key(c.child_by_field_name("key"), scope, 0)
                    v = self.member_of(value, key, self.loc(c)) if key is not None else Unknown(self.text(c))
                    names += self.bind_pattern(c.child_by_field_name("value"), v, scope, depth + 1)
                elif c.type == "object_assignment_pattern":
                    left = c.child_by_field_name("left")
                    if left is not None:
                        v = self.member_of(value, self.text(left, 200), self.loc(c))
                        if v is UNDEFINED:
                            v = self.eval(c.child_by_field_name("right"), scope)
                        names += self.bind_pattern(left, v, scope, depth + 1)
                elif c.type == "rest_pattern":
                    for inner in c.named_children:
                        names += self.bind_pattern(inner, Unknown(self.text(c)), scope, depth + 1)
            return names
        if t == "array_pattern":
            names = []
            for i, c in enumerate(x for x in pat.named_children if x.type != "comment"):
                v: Value = Unknown(self.text(c))
                if isinstance(value, Arr) and not value.open and i < len(value.items):
                    v = value.items[i]
                names += self.bind_pattern(c, v, scope, depth + 1)
            return names
        if t == "assignment_pattern":
            left = pat.child_by_field_name("left")
            if value is UNDEFINED:
                value = self.eval(pat.child_by_field_name("right"), scope)
            return self.bind_pattern(left, value, scope, depth + 1)
        if t == "rest_pattern":
            names = []
            for inner in pat.named_children:
                names += self.bind_pattern(inner, Unknown(self.text(pat)), scope, depth + 1)
            return names
        return []

    def record_import_binding(self, pat: ts.Node | None, value: Value, kind: str, spec: str, node: ts.Node) -> None:
        """`const x = require('m')` / `const {a: b} = require('m')`: record the import map entries."""
        if pat is None or not isinstance(value, Ref) or value.kind != "module":
            return
        if pat.type == "identifier":
            self.mod.imports.append(Import(self.text(pat), value.name, value.path, kind, spec, self.loc(node)))
        elif pat.type == "object_pattern":
            for c in pat.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    name = self.text(c)
                    self.mod.imports.append(Import(name, value.name, (*value.path, name), kind, spec, self.loc(c)))
                elif c.type == "pair_pattern":
                    k = self.prop_key(c.child_by_field_name("key"), self.top, 0)
                    v = c.child_by_field_name("value")
                    if k is not None and v is not None and v.type == "identifier":
                        self.mod.imports.append(
                            Import(self.text(v), value.name, (*value.path, k), kind, spec, self.loc(c))
                        )

    # the walk --------------------------------------------------------------------------------------------------
    def run(self, tree: ts.Tree) -> JsModule:
        root = tree.root_node
        self.has_error = root.has_error
        self.hoist(root, self.top)
        self.visit_children(root, self.top, 0)
        if root.has_error and not self.mod.syntax_errors:
            self.mod.syntax_errors.append(1)
        return self.mod

    def hoist(self, block: ts.Node, scope: _Scope) -> None:
        """Function declarations are visible before their line (JS hoisting)."""
        for c in block.named_children:
            target = c
            if c.type == "export_statement":
                d = c.child_by_field_name("declaration")
                if d is None:
                    continue
                target = d
            if target.type in ("function_declaration", "generator_function_declaration"):
                name = target.child_by_field_name("name")
                if name is not None:
                    scope.vars[self.text(name, 200)] = self.make_func(target)

    def visit_children(self, node: ts.Node, scope: _Scope, depth: int) -> None:
        """Visit the children of `node` (at depth + 1). Nodes that record nothing themselves (expressions,
        statements, blocks: most of a tree) are walked here with an explicit stack rather than a `visit` call each;
        the order and the checks are those of `visit`."""
        stack = [(iter(node.named_children), depth + 1)]
        has_error = self.has_error
        mod = self.mod
        while stack:
            children, d = stack[-1]
            for c in children:
                t = c.type
                if t in _LEAVES:
                    continue
                if d > MAX_DEPTH:
                    mod.truncated = True
                    continue
                if has_error and (t == "ERROR" or c.is_missing):
                    if len(mod.syntax_errors) < 20:
                        mod.syntax_errors.append(c.start_point[0] + 1)
                    if t != "ERROR":
                        continue
                if t in _VISIT_KIND:
                    self.visit(c, scope, d)
                    continue
                stack.append((iter(c.named_children), d + 1))
                break
            else:
                stack.pop()

    def visit(self, node: ts.Node, scope: _Scope, depth: int, in_decorator: bool = False) -> None:
        if depth > MAX_DEPTH:
            self.mod.truncated = True
            return
        t = node.type
        if t in _LEAVES:
            return
        if self.has_error and (t == "ERROR" or node.is_missing):
            if len(self.mod.syntax_errors) < 20:
                self.mod.syntax_errors.append(node.start_point[0] + 1)
            if t != "ERROR":
                return
        kind = _VISIT_KIND.get(t)
        if kind is None:
            self.visit_children(node, scope, depth)
        elif kind == 1:
            self.visit_call(node, scope, depth, in_decorator)
        elif kind == 2:
            self.visit_declaration(node, scope, depth)
        elif kind == 3:
            self.visit_function(node, scope, depth)
        elif kind == 4:
            self.visit_assignment(node, scope, depth)
        elif kind == 5:
            self.visit_import(node, scope)
        elif kind == 6:
            self.visit_export(node, scope, depth)
        elif kind == 7:
            self.visit_class(node, scope, depth, ())
        elif kind == 8:
            for c in node.named_children:
                self.visit(c, scope, depth + 1, in_decorator=True)
        elif kind == 9:
            self.visit_children(node, scope, depth)
            if scope.func is not None and scope.func not in self.mod.returns:
                inner = [c for c in node.named_children if c.type != "comment"]
                if inner:  # `return app`: lets `const app = createApp()` find the app (factory functions)
                    self.mod.returns[scope.func] = self.eval(inner[0], scope)

    def visit_declaration(self, node: ts.Node, scope: _Scope, depth: int) -> None:
        for d in node.named_children:
            if d.type == "variable_declarator":
                value_node = d.child_by_field_name("value")
                if value_node is not None:
                    self.visit(value_node, scope, depth + 1)
                pat = d.child_by_field_name("name")
                value = self.eval(value_node, scope) if value_node is not None else UNDEFINED
                self.record_require(pat, value_node, value, d)
                self.bind_pattern(pat, value, scope)

    def record_require(self, pat: ts.Node | None, value_node: ts.Node | None, value: Value, decl: ts.Node) -> None:
        if value_node is None or not isinstance(value, Ref) or value.kind != "module":
            return
        # Only a direct require/import (possibly with member access): `require('x')`, `require('x').y`, `await
        # import('x')`; values merely derived from an import are not import-map entries.
        inner = value_node
        while inner.type in EXPRESSION_WRAPPERS or inner.type == "member_expression":
            nxt = inner.child_by_field_name("object") if inner.type == "member_expression" else None
            if nxt is None:
                named = [c for c in inner.named_children if c.type != "comment"]
                nxt = named[0] if named else None
            if nxt is None:
                return
            inner = nxt
        if inner.type != "call_expression":
            return
        fn = inner.child_by_field_name("function")
        if fn is None or (fn.type != "import" and self.text(fn) != "require"):
            return
        args = inner.child_by_field_name("arguments")
        spec = self.first_string_arg(args) or ""
        self.record_import_binding(pat, value, "dynamic" if fn.type == "import" else "require", spec, decl)

    def visit_call(self, node: ts.Node, scope: _Scope, depth: int, in_decorator: bool) -> None:
        is_new = node.type == "new_expression"
        fn = node.child_by_field_name("constructor" if is_new else "function")
        args_node = node.child_by_field_name("arguments")
        if fn is not None:
            callee: Value
            if fn.type == "import":
                callee = Ref("global", "import", (), None, self.loc(fn))
                spec = self.first_string_arg(args_node)
                if spec is not None and not _is_bound_require(node):
                    self.mod.imports.append(
                        Import(None, self.resolve_specifier(spec), (), "dynamic", spec, self.loc(node))
                    )
            else:
                callee = self.eval(fn, scope)
            args: list[Value] = []
            locs: list[tuple[int, int, int, int]] = []
            if args_node is not None and args_node.type == "arguments":
                for a in args_node.named_children:
                    if a.type == "comment":
                        continue
                    if a.type == "spread_element":
                        args.append(Unknown(self.text(a), self.loc(a)))
                    else:
                        args.append(self.eval(a, scope))
                    locs.append(_span(a))
            if isinstance(callee, Ref) and callee.kind == "global" and callee.name == "require" and not callee.path:
                spec = self.first_string_arg(args_node)
                if spec is not None and not _is_bound_require(node):
                    self.mod.imports.append(
                        Import(None, self.resolve_specifier(spec), (), "require", spec, self.loc(node))
                    )
            if fn.type == "member_expression" and args and isinstance(args[0], Func):
                self.record_loop(fn, args[0], scope)
            self.mod.calls.append(
                Call(
                    self.path,
                    _span(node),
                    node.start_byte,
                    node.end_byte,
                    callee,
                    self.text(fn, 120),
                    tuple(args),
                    tuple(locs),
                    is_new,
                    scope.func,
                    in_decorator,
                )
            )
        for c in node.named_children:
            self.visit(c, scope, depth + 1)

    def visit_function(self, node: ts.Node, scope: _Scope, depth: int) -> None:
        func = self.make_func(node)
        self.mod.functions.append(FunctionFact(func, scope.func))
        inner = _Scope(scope, node.start_byte)
        for i, p in enumerate(self.param_patterns(node)):
            ref = Ref("param", f"{self.path}:{node.start_byte}:{i}", (), None, self.loc(p))
            if p.type == "assignment_pattern":
                self.bind_pattern(p.child_by_field_name("left"), ref, inner)
            else:
                self.bind_pattern(p, ref, inner)
        for c in node.children:
            if c.type == "decorator":
                self.visit(c, scope, depth + 1)
        params_node = node.child_by_field_name("parameters")
        if params_node is not None:  # default values and parameter decorators may hold calls
            for p in params_node.named_children:
                for c in p.named_children:
                    if c.type == "decorator":
                        self.visit(c, scope, depth + 1)
                if p.type == "assignment_pattern":
                    right = p.child_by_field_name("right")
                    if right is not None:
                        self.visit(right, inner, depth + 1)
        body = node.child_by_field_name("body")
        if body is not None:
            if body.type == "statement_block":
                self.hoist(body, inner)
                self.visit_children(body, inner, depth + 1)
            else:
                self.visit(body, inner, depth + 1)
                self.mod.returns.setdefault(node.start_byte, self.eval(body, inner))

    def visit_assignment(self, node: ts.Node, scope: _Scope, depth: int) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if right is not None:
            self.visit(right, scope, depth + 1)
        if left is None:
            return
        value = self.eval(right, scope)
        if left.type == "identifier":
            name = self.text(left, 200)
            found = scope.lookup(name)
            (found[1] if found is not None else self.top).vars[name] = value
            return
        if left.type not in ("member_expression", "subscript_expression"):
            if left.type in ("object_pattern", "array_pattern"):
                self.bind_pattern(left, value, scope)
            return
        if left.type == "member_expression" and self.classes:
            obj_node, prop = left.child_by_field_name("object"), left.child_by_field_name("property")
            if obj_node is not None and prop is not None and obj_node.type == "this":
                self.this_members.setdefault((self.classes[-1], self.name(prop)), value)
        chain = self.member_chain(left, scope)
        target = self.eval(left, scope)
        self.mod.assignments.append(Assignment(target, self.text(left, 120), value, self.loc(node), scope.func))
        if chain is None:
            return
        root, keys = chain
        if scope.func is None or root in ("module", "exports"):
            if root == "module" and keys == ["exports"]:
                self.mod.exports["default"] = value
                return
            if (root == "module" and len(keys) == 2 and keys[0] == "exports") or (root == "exports" and len(keys) == 1):
                self.mod.exports[keys[-1]] = value
                default = self.mod.exports.get("default")
                if isinstance(default, Obj):
                    self.mod.exports["default"] = default.with_prop(keys[-1], value, self.loc(node))
                return
        found = scope.lookup(root)
        if found is None or not isinstance(found[0], Obj) or len(keys) > 4:
            return
        found[1].vars[root] = _set_path(found[0], keys, value, self.loc(node))

    def member_chain(self, node: ts.Node, scope: _Scope) -> tuple[str, list[str]] | None:
        keys: list[str] = []
        cur = node
        for _ in range(12):
            if cur.type == "member_expression":
                prop = cur.child_by_field_name("property")
                if prop is None:
                    return None
                keys.append(self.text(prop, 200))
                cur = cur.child_by_field_name("object")
            elif cur.type == "subscript_expression":
                idx = cur.child_by_field_name("index")
                k = self.eval(idx, scope) if idx is not None else None
                if not isinstance(k, str):
                    return None
                keys.append(k)
                cur = cur.child_by_field_name("object")
            elif cur.type == "identifier":
                return self.text(cur, 200), keys[::-1]
            else:
                return None
            if cur is None:
                return None
        return None

    def visit_import(self, node: ts.Node, scope: _Scope) -> None:
        src = node.child_by_field_name("source")
        for c in node.named_children:
            if c.type == "import_require_clause":  # TS: import x = require('m')
                name = c.named_children[0] if c.named_children else None
                s = c.child_by_field_name("source")
                spec = self.string_value(s) if s is not None else None
                if name is not None and spec is not None:
                    mod = self.resolve_specifier(spec)
                    local = self.text(name)
                    scope.vars[local] = Ref("module", mod, (), None, self.loc(node))
                    self.mod.imports.append(Import(local, mod, (), "require", spec, self.loc(node)))
                return
        spec = self.string_value(src) if src is not None else None
        if spec is None:
            return
        mod = self.resolve_specifier(spec)
        loc = self.loc(node)
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            self.mod.imports.append(Import(None, mod, (), "import", spec, loc))
            return
        for c in clause.named_children:
            if c.type == "identifier":  # default import: for CommonJS packages this is module.exports
                self._bind_import(self.text(c), mod, (), spec, loc, scope)
            elif c.type == "namespace_import":
                ids = [x for x in c.named_children if x.type == "identifier"]
                if ids:
                    self._bind_import(self.text(ids[0]), mod, (), spec, loc, scope)
            elif c.type == "named_imports":
                for s in c.named_children:
                    if s.type != "import_specifier":
                        continue
                    name_node = s.child_by_field_name("name")
                    alias = s.child_by_field_name("alias")
                    if name_node is None:
                        continue
                    name = self.string_value(name_node) or self.text(name_node)
                    local = self.text(alias) if alias is not None else name
                    path = () if name == "default" else (name,)
                    self._bind_import(local, mod, path, spec, self.loc(s), scope)

    def _bind_import(
        self, local: str, mod: str, path: tuple[str, ...], spec: str, loc: Location, scope: _Scope
    ) -> None:
        scope.vars[local] = Ref("module", mod, path, None, loc)
        self.mod.imports.append(Import(local, mod, path, "import", spec, loc))

    def visit_export(self, node: ts.Node, scope: _Scope, depth: int) -> None:
        src = node.child_by_field_name("source")
        decl = node.child_by_field_name("declaration")
        value_node = node.child_by_field_name("value")
        decorators = tuple(c for c in node.children if c.type == "decorator")
        if src is not None:
            spec = self.string_value(src)
            if spec is None:
                return
            mod = self.resolve_specifier(spec)
            loc = self.loc(node)
            clause = next((c for c in node.named_children if c.type == "export_clause"), None)
            ns = next((c for c in node.named_children if c.type == "namespace_export"), None)
            if clause is not None:
                for name, exported in self.export_specifiers(clause):
                    path = () if name == "default" else (name,)
                    self.mod.exports[exported] = Ref("module", mod, path, None, loc)
                    self.mod.imports.append(Import(None, mod, path, "reexport", spec, loc))
            elif ns is not None:
                ids = [x for x in ns.named_children if x.type == "identifier"]
                if ids:
                    self.mod.exports[self.text(ids[0])] = Ref("module", mod, (), None, loc)
                self.mod.imports.append(Import(None, mod, (), "reexport", spec, loc))
            else:
                self.mod.star_exports.append(mod)
                self.mod.imports.append(Import(None, mod, (), "reexport", spec, loc))
            return
        is_default = any(c.type == "default" for c in node.children)
        if decl is not None:
            if decl.type in ("class_declaration", "abstract_class_declaration"):
                for d in decorators:
                    self.visit(d, scope, depth + 1)
                self.visit_class(decl, scope, depth + 1, decorators)
            else:
                self.visit(decl, scope, depth + 1)
            names: list[str] = []
            if decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    if d.type == "variable_declarator":
                        names += _pattern_names(d.child_by_field_name("name"), self)
            else:
                n = decl.child_by_field_name("name")
                if n is not None:
                    names.append(self.text(n, 200))
                if decl.type in FUNCTION_TYPES and n is not None:
                    scope.vars.setdefault(self.text(n, 200), self.make_func(decl))
            for name in names:
                found = scope.lookup(name)
                value = found[0] if found is not None else Unknown(name)
                self.mod.exports["default" if is_default else name] = value
            if is_default and not names:
                self.mod.exports["default"] = self.eval(decl, scope)
            return
        if value_node is not None:
            self.visit(value_node, scope, depth + 1)
            self.mod.exports["default"] = self.eval(value_node, scope)
            return
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is not None:
            for name, exported in self.export_specifiers(clause):
                found = scope.lookup(name)
                self.mod.exports[exported] = found[0] if found is not None else Unknown(name)
            return
        named = [c for c in node.named_children if c.type not in ("comment", "decorator")]
        for c in named:
            self.visit(c, scope, depth + 1)
        if named and any(c.type == "=" for c in node.children):  # TS `export = router` (CommonJS export)
            self.mod.exports["default"] = self.eval(named[-1], scope)

    def decorator_fact(self, d: ts.Node, scope: _Scope) -> Decorator:
        inner = next((c for c in d.named_children if c.type != "comment"), None)
        if inner is not None and inner.type == "call_expression":
            fn = inner.child_by_field_name("function")
            args_node = inner.child_by_field_name("arguments")
            args = tuple(
                self.eval(a, scope)
                for a in (args_node.named_children if args_node is not None else [])
                if a.type != "comment"
            )
            return Decorator(self.eval(fn, scope), self.text(fn, 80) if fn else "", args, self.loc(d))
        return Decorator(self.eval(inner, scope), self.text(inner, 80) if inner else "", (), self.loc(d))

    def visit_class(self, node: ts.Node, scope: _Scope, depth: int, outer_decorators: tuple[ts.Node, ...]) -> None:
        name_node = node.child_by_field_name("name")
        name = self.text(name_node, 200) if name_node is not None else None
        decorators = [self.decorator_fact(d, scope) for d in outer_decorators]
        superclass: Value = None
        for c in node.children:
            if c.type == "decorator":
                decorators.append(self.decorator_fact(c, scope))
                self.visit(c, scope, depth + 1)
            elif c.type == "class_heritage":
                for h in c.named_children:
                    target = h.named_children[0] if h.type == "extends_clause" and h.named_children else h
                    superclass = self.eval(target, scope)
                    self.visit(h, scope, depth + 1)
                    break
        body = node.child_by_field_name("body")
        methods: list[Method] = []
        self.classes.append(node.start_byte)
        if body is not None:
            pending: list[Decorator] = []
            for c in body.named_children:
                if c.type == "decorator":  # TS puts member decorators before the member
                    pending.append(self.decorator_fact(c, scope))
                    self.visit(c, scope, depth + 1)
                    continue
                if c.type == "method_definition":
                    own = [self.decorator_fact(d, scope) for d in c.children if d.type == "decorator"]
                    n = c.child_by_field_name("name")
                    mname = self.text(n, 200) if n is not None else ""
                    methods.append(Method(mname, self.make_func(c, mname), tuple(pending + own)))
                pending = []
                self.visit(c, scope, depth + 1)
                if c.type in ("public_field_definition", "field_definition"):  # `private app = express();`
                    field_name = c.child_by_field_name("name") or c.child_by_field_name("property")
                    field_value = c.child_by_field_name("value")
                    if field_name is not None and field_value is not None:
                        key = (node.start_byte, self.name(field_name))
                        self.this_members.setdefault(key, self.eval(field_value, scope))
        self.classes.pop()
        if name is not None:
            scope.vars.setdefault(name, Unknown(f"class {name}", self.loc(node)))
        self.mod.classes.append(ClassFact(name, self.loc(node), tuple(decorators), tuple(methods), superclass))


def _resolve_specifier(path: str, spec: str, known: frozenset[str]) -> str:
    spec = spec.strip()
    if spec.startswith("node:"):
        return spec[5:]
    if not spec.startswith("."):
        return spec
    base = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
    if base.startswith("../"):
        return "file:" + base
    stem, ext = posixpath.splitext(base)
    candidates = [base]
    candidates += [base + e for e in JS_EXTENSIONS]
    if ext in (".js", ".mjs", ".cjs", ".jsx"):  # TS ESM: import './x.js' means x.ts
        candidates += [stem + e for e in (".ts", ".tsx", ".mts", ".cts")]
    candidates += [f"{base}/index{e}" for e in JS_EXTENSIONS]
    for c in candidates:
        if c in known:
            return "file:" + c
    return "file:" + base


def _plain_num(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _js_num(v: int | float) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    return str(v)


def _set_path(obj: Obj, keys: list[str], value: Value, loc: Location) -> Obj:
    if len(keys) == 1:
        return obj.with_prop(keys[0], value, loc)
    inner = obj.get(keys[0])
    if not isinstance(inner, Obj):
        inner = Obj((), True, loc)
    return obj.with_prop(keys[0], _set_path(inner, keys[1:], value, loc), loc)


def _pattern_names(pat: ts.Node | None, ex: _Extractor) -> list[str]:
    if pat is None:
        return []
    if pat.type in ("identifier", "shorthand_property_identifier_pattern"):
        return [ex.text(pat, 200)]
    out: list[str] = []
    for c in pat.named_children:
        if c.type == "pair_pattern":
            out += _pattern_names(c.child_by_field_name("value"), ex)
        elif c.type == "object_assignment_pattern":
            out += _pattern_names(c.child_by_field_name("left"), ex)
        else:
            out += _pattern_names(c, ex)
    return out


def _is_bound_require(node: ts.Node) -> bool:
    """True when this require() call is the value of a declarator (recorded with its binding instead)."""
    parent = node.parent
    while parent is not None and (parent.type in EXPRESSION_WRAPPERS or parent.type == "member_expression"):
        parent = parent.parent
    return parent is not None and parent.type == "variable_declarator"


def extract_module(path: str, abspath: str, data: bytes, known_files: frozenset[str] = frozenset()) -> JsModule:
    """Parse one file and extract its facts (in the calling process; the tree stays in the local cache)."""
    return _extract(path, abspath, data, known_files)[0]


def _extract(path: str, abspath: str, data: bytes, known: frozenset[str]) -> tuple[JsModule, dict[str, str]]:
    lang = lang_for(path)
    tree, limited = limited_tree(data, lang)
    ex = _Extractor(path, abspath, data, lang, known)
    module = ex.run(tree)
    module.limited = limited
    _remember_tree(abspath, module.digest, tree, data)
    return module, ex.resolutions


# --- the project: all modules, indexed ------------------------------------------------------------------------------


class JsProject:
    """All parsed JS/TS modules of a scan plus indexes for the questions rules ask."""

    def __init__(self, modules: Iterable[JsModule]) -> None:
        self.modules: list[JsModule] = sorted(modules, key=lambda m: m.path)
        self.by_path: dict[str, JsModule] = {m.path: m for m in self.modules}
        self._by_callee: dict[tuple[str, tuple[str, ...]], list[Call]] = defaultdict(list)
        self._by_member: dict[str, list[Call]] = defaultdict(list)
        self._by_origin: dict[tuple[str, int], Call] = {}
        for m in self.modules:
            for c in m.calls:
                self._by_origin[c.origin] = c
                if isinstance(c.callee, Ref):
                    if c.callee.kind == "module":
                        self._by_callee[(c.callee.name, c.callee.path)].append(c)
                    elif c.callee.kind == "global":
                        self._by_callee[("global:" + c.callee.name, c.callee.path)].append(c)
                member = c.member
                if member:
                    self._by_member[member].append(c)

    def __iter__(self) -> Iterator[JsModule]:
        return iter(self.modules)

    def __len__(self) -> int:
        return len(self.modules)

    def module(self, path: str) -> JsModule | None:
        return self.by_path.get(path.removeprefix("file:"))

    def calls_to(self, module: str, member: str | tuple[str, ...] | None = None) -> list[Call]:
        """Calls whose callee is `module` itself (member None) or `module.member` (dotted, e.g. "promises.exec"),
        wherever the module was imported from and whatever it was called locally. Globals: module="global:Math"."""
        if module.startswith("node:"):
            module = module[5:]
        if member is None:
            path: tuple[str, ...] = ()
        elif isinstance(member, tuple):
            path = member
        else:
            path = tuple(member.split("."))
        return list(self._by_callee.get((module, path), ()))

    def calls_under(self, module: str) -> Iterator[Call]:
        """Every call whose callee is derived from `module` (its functions, methods on what it returned...)."""
        for (mod, _path), calls in self._by_callee.items():
            if mod == module:
                yield from calls

    def method_calls(self, member: str) -> list[Call]:
        """Calls `x.member(...)` whatever x is (e.g. "cookie" for `res.cookie(...)`)."""
        return list(self._by_member.get(member, ()))

    def call_at(self, origin: tuple[str, int] | None) -> Call | None:
        return self._by_origin.get(origin) if origin is not None else None

    def importers_of(self, module: str) -> list[JsModule]:
        return [m for m in self.modules if m.imports_module(module)]

    def uses_module(self, module: str) -> bool:
        return any(m.imports_module(module) for m in self.modules)

    def function(self, key: tuple[str, int]) -> Func | None:
        m = self.by_path.get(key[0])
        return m.function(key[1]) if m is not None else None

    def export_of(self, module: str, name: str = "default", _depth: int = 0) -> Value:
        """What a project file exports under `name` ("default" = module.exports / export default)."""
        m = self.module(module)
        if m is None or _depth > 8:
            return Unknown(f"{module}:{name}")
        if name in m.exports:
            return m.exports[name]
        default = m.exports.get("default")
        if name != "default" and isinstance(default, Obj) and default.has(name):
            return default.get(name)  # type: ignore[return-value]
        for star in m.star_exports:
            v = self.export_of(star, name, _depth + 1)
            if not isinstance(v, Unknown):
                return v
        if name == "default" and m.exports:  # ESM namespace seen through require(): an object of the exports
            return Obj(tuple(Prop(k, v) for k, v in m.exports.items()), True)
        return Unknown(f"{module}:{name}")

    def resolve(self, value: Value | None, _depth: int = 0) -> Value:
        """Follow imports of project files to the exported value: Ref("module", "file:src/r.js", ("x",)) → the
        value `x` that src/r.js exports (itself resolved), so a router built in one file is known in another."""
        if _depth > 12 or not isinstance(value, Ref) or value.kind != "module" or not value.name.startswith("file:"):
            return value
        path = value.path
        if path and path[0] != CALL:
            base = self.export_of(value.name, path[0])
            rest = path[1:]
        else:
            base = self.export_of(value.name, "default")
            rest = path
        if isinstance(base, Unknown):
            return value
        base = self.resolve(base, _depth + 1)
        for i, part in enumerate(rest):
            if isinstance(base, Ref):
                origin = value.origin if CALL in rest[i:] else base.origin
                base = Ref(base.kind, base.name, (*base.path, *rest[i:]), origin, value.location)
                break
            if isinstance(base, Obj) and part != CALL:
                nxt = base.get(part)
                if nxt is None:
                    return value
                base = self.resolve(nxt, _depth + 1)
                continue
            if isinstance(base, Func) and part == CALL:  # a factory exported by another file: what it returns
                owner = self.by_path.get(base.file)
                returned = owner.returns.get(base.start_byte) if owner is not None else None
                if returned is None:
                    return value
                base = self.resolve(returned, _depth + 1)
                continue
            return value
        return base


# --- collection ---------------------------------------------------------------------------------------------------


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Facts hold no reference cycles; while many are being made, the cyclic GC would only rescan the growing heap
    (measured: most of the extraction time on a 4,600-file tree when left on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What was made meanwhile lives as long as the scan: move it out of the collector's generations, or
            # the first collection after re-enabling scans all of it (measured: ~0.6 s CPU on a 120k-line app).
            gc.freeze()
            gc.enable()


def _extract_chunk(
    root: str,
    items: list[tuple[str, str]],
    known: frozenset[str],
    cache: FactCache | None = None,
    datas: dict[str, bytes] | None = None,
) -> list[JsModule | tuple[str, str]]:
    # The facts hold no reference cycles; without this the cyclic GC rescans the growing heap of facts again and
    # again (measured: most of the time on a 4,600-file tree).
    enabled = gc.isenabled()
    gc.disable()
    # The walk recurses about three frames per tree level up to MAX_DEPTH; leave room for that.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, MAX_DEPTH * 4 + 500))
    try:
        return _extract_items(items, known, cache, datas)
    finally:
        sys.setrecursionlimit(limit)
        if enabled:
            gc.enable()


def _extract_items(
    items: list[tuple[str, str]],
    known: frozenset[str],
    cache: FactCache | None = None,
    datas: dict[str, bytes] | None = None,
) -> list[JsModule | tuple[str, str]]:
    out: list[JsModule | tuple[str, str]] = []
    for rel, abspath in items:
        data = datas.pop(rel, None) if datas is not None else None
        if data is None:
            try:
                data = read_regular_bytes(abspath, cap=LISTED_CAP)
            except OSError as exc:
                out.append((rel, f"unreadable ({exc.strerror or exc})"))
                continue
        try:
            module, resolutions = _extract(rel, abspath, data, known)
        except RecursionError:
            out.append((rel, "nesting too deep to analyse"))
            continue
        if cache is not None and module.limited is None:  # a cut depends on the limit: not kept
            cache.put(cache.key(rel, data), module, tuple(sorted(resolutions.items())))
        out.append(module)
    if cache is not None:
        cache.flush()
    return out


def _cached_modules(
    root: Path, files: list[tuple[str, int]], known: frozenset[str], cache: FactCache, datas: dict[str, bytes]
) -> tuple[dict[str, JsModule], list[tuple[str, int]]]:
    """Modules the cache has for these files (same bytes, same path, relative imports resolving the same way),
    and the files it has not (their bytes are left in `datas`: extraction does not read them again)."""
    hits: dict[str, JsModule] = {}
    misses: list[tuple[str, int]] = []
    for rel, size in files:
        abspath = str(root / rel)
        try:
            data = read_regular_bytes(abspath, cap=LISTED_CAP)
        except OSError:
            misses.append((rel, size))  # extraction reports it
            continue
        hit = cache.get(cache.key(rel, data), rel)
        if hit is None or any(_resolve_specifier(rel, spec, known) != to for spec, to in hit[1]):
            misses.append((rel, size))
            datas[rel] = data
            continue
        module = hit[0]
        module.abspath = abspath
        hits[rel] = module
    cache.hits += len(hits)
    cache.misses += len(misses)
    cache.flush()  # marks what was read as recently used
    return hits, misses


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def extract_all(
    root: Path, files: list[tuple[str, int]], *, workers: int | None = None, cache: FactCache | None = None
) -> list[JsModule | tuple[str, str]]:
    """Extract facts of many files: in one process for small trees, over a process pool (chunks balanced by size)
    for large ones. Returns modules, and (path, message) pairs for files that could not be read. With a `cache`,
    facts of files seen before (same bytes, same path) are loaded instead of extracted, and new ones are stored."""
    known = frozenset(rel for rel, _ in files)
    datas: dict[str, bytes] = {}
    if cache is not None:
        # Loading cached facts is cheaper than sending them back from a worker: look up here, extract the rest.
        with no_cyclic_gc():  # as in extraction: unpickling makes many objects and no cycles
            hits, misses = _cached_modules(root, files, known, cache, datas)
        if hits:
            new = _extract_new(root, misses, known, workers, cache, datas)
            fresh = {m[0] if isinstance(m, tuple) else m.path: m for m in new}
            return [hits.get(rel) or fresh[rel] for rel, _ in files]
    return _extract_new(root, files, known, workers, cache, datas)


def _extract_new(
    root: Path,
    files: list[tuple[str, int]],
    known: frozenset[str],
    workers: int | None,
    cache: FactCache | None,
    datas: dict[str, bytes] | None = None,
) -> list[JsModule | tuple[str, str]]:
    items = [(rel, str(root / rel), size) for rel, size in files]
    total = sum(size for _, _, size in items)
    cpus = workers if workers is not None else _usable_cpus()
    if (
        cpus < (PARALLEL_MIN_CPUS if workers is None else 2)
        or (total < PARALLEL_MIN_BYTES and len(items) < PARALLEL_MIN_FILES)
        or len(items) < 8
    ):
        return _extract_chunk(str(root), [(r, a) for r, a, _ in items], known, cache, datas)
    n_chunks = cpus * 4
    chunks: list[list[tuple[str, str]]] = [[] for _ in range(n_chunks)]
    loads = [0] * n_chunks
    for rel, abspath, size in sorted(items, key=lambda x: -x[2]):  # greedy: biggest file to the lightest chunk
        i = loads.index(min(loads))
        chunks[i].append((rel, abspath))
        loads[i] += size + 2000
    results: list[JsModule | tuple[str, str]] = []
    if cache is not None:
        cache.close()  # an SQLite connection must not cross a fork; workers open their own, this one reopens later
    # Forked workers must not touch (and so copy) the parent's objects, nor scan them in their GC; and the parent
    # must not rescan the growing results while it unpickles them.
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=cpus) as pool:
            args = ([str(root)] * n_chunks, chunks, [known] * n_chunks, [cache] * n_chunks)
            for part in pool.map(_extract_chunk, *args):
                results.extend(part)
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
    return results


@collector("js")
def collect_js(facts: Facts) -> JsProject:
    project = facts.project
    if project is None:
        return JsProject([])
    with no_cyclic_gc():
        return _collect_js(facts, project)


def _collect_js(facts: Facts, project: Project) -> JsProject:
    files = [(f.path, f.size) for f in project.files if f.kind == "js"]
    jobs = getattr(facts.settings, "jobs", 0) or None  # 0: decide by tree size
    cache = None
    if files and getattr(facts.settings, "cache", True) and not cache_disabled_by_env():
        cache = FactCache.open()
    if cache is not None:
        cache.defer()  # pickling is left until the report is out (pool workers still write their own)
    modules: list[JsModule] = []
    results = extract_all(project.root, files, workers=jobs, cache=cache)
    if cache is not None:
        cache.write_behind(evict=cache.misses > 0)
    for item in results:
        if isinstance(item, tuple):
            facts.problem(item[0], item[1])
            continue
        if item.syntax_errors:
            lines = ", ".join(str(n) for n in sorted(set(item.syntax_errors))[:5])
            facts.problem(item.path, f"syntax error (line {lines}); the rest of the file was analysed")
        elif item.truncated:
            facts.problem(item.path, "nesting too deep; deeper parts were not analysed")
        if item.limited:
            facts.problem(item.path, item.limited)
        modules.append(item)
    return JsProject(modules)


def describe(value: Any) -> str:
    """A short human text for a value (for messages)."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Ref):
        return value.qualname
    if isinstance(value, Unknown):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
