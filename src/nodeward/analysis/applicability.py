"""When a sink category has no object in the project: no database for the injection rules of practice 12, route
handlers that read nothing from the request for the validation rules of practice 10; and the census of the
project's SQL statements (all of them constant text, values bound as parameters, is evidence for practice 12).

The "applicability" collector maps a taint category to the reason it does not apply, and holds the census
evidence; `TaintFlows` hands both to the category's rules, which report the practice "not applicable" or give the
evidence (the scorecard still lets any finding win).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter as ts

from nodeward.analysis import taint_specs as S
from nodeward.analysis.taint import DOCUMENT_STORES, TaintEvidence, TaintNotApplicable, param_pattern, params_of
from nodeward.facts import collector
from nodeward.findings import Location
from nodeward.js.extract import FUNCTION_TYPES, JsProject, language, tree_of
from nodeward.js.values import Func, Ref, Unknown
from nodeward.knowledge.sinks import SINKS

if TYPE_CHECKING:
    from nodeward.facts import Facts

# Database clients and ORMs beyond the drivers and document stores the taint engine knows as sinks: a project with
# any of them has a database, whether or not its queries are judged (Redis is a database even if no rule reads it).
OTHER_DATABASES = frozenset(
    {
        *("@nestjs/typeorm", "@nestjs/sequelize", "sequelize-typescript", "drizzle-orm", "bookshelf", "waterline"),
        *("@mikro-orm/mariadb", "@mikro-orm/mssql", "mariadb", "pg-native", "sql.js", "@libsql/client"),
        *("node:sqlite", "redis", "ioredis", "@redis/client", "level", "levelup", "pouchdb", "nano", "firebase-admin"),
        *("@google-cloud/firestore", "@google-cloud/datastore", "@aws-sdk/lib-dynamodb", "@supabase/supabase-js"),
        *("elasticsearch", "@elastic/elasticsearch", "@opensearch-project/opensearch", "arangojs", "orientjs"),
    }
)

# Request properties that are not client input: the app, the response, what the server itself attached (session,
# authenticated user, logger). Reading only these, a handler takes no input.
NOT_INPUT = frozenset(
    {"app", "res", "route", "method", "protocol", "secure", "log", "server", "session", "user", "locals", "baseUrl"}
    | {"isAuthenticated", "isUnauthenticated", "logout", "logOut", "t", "i18n", "id"}
)
# NestJS parameter decorators that hand a handler nothing from the client.
NEST_NOT_INPUT = frozenset({"Res", "Response", "Next", "Session", "HostParam"})


def database_modules() -> frozenset[str]:
    queried = {row.package for row in SINKS if row.kind in (S.SQL, S.NOSQL)}
    return frozenset(S.SQL_MODULES | DOCUMENT_STORES | queried | OTHER_DATABASES)


def uses_a_database(facts: Facts, js: JsProject) -> bool:
    from nodeward.collect.manifests import all_dependencies

    known = database_modules()
    if any(name in known or name.startswith("@mikro-orm/") for name in all_dependencies(facts, include_peer=True)):
        return True
    return any(m.imports_module(name) for m in js for name in known)


def _decorators(p: ts.Node) -> list[str]:
    out = []
    for d in p.children:
        if d.type == "decorator" and d.named_child_count:
            call = d.named_children[0]
            fn = call.child_by_field_name("function") if call.type == "call_expression" else call
            out.append((fn.text or b"").decode("utf-8", "replace") if fn is not None else "")
    return out


def _reads_input(name: str, body: ts.Node) -> bool:
    """Does the function body use the request `name` for anything but the properties in NOT_INPUT?"""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "shorthand_property_identifier") and node.text == name.encode():
            parent = node.parent
            if node.type == "shorthand_property_identifier" or parent is None:
                return True
            if parent.type == "member_expression" and parent.child_by_field_name("object") == node:
                prop = parent.child_by_field_name("property")
                if prop is not None and (prop.text or b"").decode() in NOT_INPUT:
                    continue
            return True
        stack.extend(node.children)
    return False


def _function_node(tree: ts.Tree, start: int) -> ts.Node | None:
    node: ts.Node | None = tree.root_node.descendant_for_byte_range(start, start)
    while node is not None and node.start_byte == start:
        if node.is_named and node.type in FUNCTION_TYPES:
            return node
        node = node.parent
    return None


def handler_takes_input(js: JsProject, handler: object) -> bool:
    """Whether a route handler reads client input; True when that cannot be told (a handler not followed)."""
    if isinstance(handler, Ref) and handler.kind == "module":
        return False  # a package's handler (`cors()`, `express.static`): its input is the package's business
    if not isinstance(handler, Func):
        return True
    module = js.module(handler.file)
    got = tree_of(module) if module is not None else None
    fn = _function_node(got[0], handler.start_byte) if got is not None else None
    if fn is None:
        return True
    params = params_of(fn)
    if any(_decorators(p) for p in params):  # NestJS: the decorated parameters are what the client sends
        return any(set(_decorators(p)) - NEST_NOT_INPUT for p in params)
    if not params:
        return False
    request = param_pattern(params[0])
    if request.type == "assignment_pattern":
        request = request.child_by_field_name("left") or request
    if request.type == "identifier":
        body = fn.child_by_field_name("body")
        return body is not None and _reads_input((request.text or b"").decode("utf-8", "replace"), body)
    if request.type == "object_pattern":  # `({ app }, res) =>`: only server-side properties taken
        keys = []
        for prop in request.named_children:
            key = prop.child_by_field_name("key") if prop.type == "pair_pattern" else prop
            keys.append((key.text or b"").decode() if key is not None else "")
        return any(k not in NOT_INPUT for k in keys)
    return True


# Entries of the taint engine's "fired" set that mean outside data was read somewhere (a request part, a source
# row, a platform entry point, a resolver map); barrier and sink rows do not.
INPUT_FIRED = ("request ", "source ", "entry ", "resolvers ")


# The start of an SQL statement (anchored, one pass): what a string must look like to be counted as SQL text.
SQL_TEXT = re.compile(
    r"^\s*(?:\(\s*)?(?:select\s[^;]*?\bfrom\b|select\s+\d|insert\s+(?:or\s+\w+\s+)?into\s|update\s+\S+\s+set\s|"
    r"delete\s+from\s|replace\s+into\s|create\s+(?:unique\s+)?(?:table|index|view|trigger)\s|alter\s+table\s|"
    r"drop\s+(?:table|index|view)\s|pragma\s+\w|with\s+\w+\s+as\s*\()",
    re.IGNORECASE,
)
# A template substitution that only writes placeholders: `${ids.map(() => '?').join(',')}`, `${'?, '.repeat(n)}`.
PLACEHOLDER_LIST = re.compile(
    r"^\s*[\w$.]+\.map\(\s*(?:\([^()]*\)|[\w$]+)\s*=>\s*(['\"`])\?\1\s*\)\.join\([^()]*\)\s*$|"
    r"^\s*(['\"`])\?[\s,]*\2\.repeat\([^()]*\)(?:\.slice\([^()]*\))?\s*$"
)
SUBSTITUTION = re.compile(r"\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
MAX_SQL_EVIDENCE = 5


_TEMPLATES: dict[str, ts.Query] = {}


def _source(js: JsProject, call_file: str, value: Unknown) -> str | None:
    """The full source of a template the extractor kept as an Unknown (its text is cut at 60 characters and may
    come from the variable the call passes): the template of the call's file that starts with that text."""
    module = js.module(call_file)
    got = tree_of(module) if module is not None else None
    if got is None or module is None:
        return None
    head = value.text.removesuffix("…").encode()
    if module.lang not in _TEMPLATES:
        _TEMPLATES[module.lang] = ts.Query(language(module.lang), "(template_string) @t")
    for node in ts.QueryCursor(_TEMPLATES[module.lang]).captures(got[0].root_node).get("t", []):
        text = node.text or b""
        if b" ".join(text.split()).startswith(head):
            return text.decode("utf-8", "replace")
    return None


def sql_census(js: JsProject) -> tuple[list[Location], list[Location]]:
    """Call sites whose first argument is SQL text: (constant text, text built from values). A template whose only
    substitutions write placeholder lists is constant."""
    constant: list[Location] = []
    built: list[Location] = []
    for module in js:
        for call in module.calls:
            text = call.arg(0)
            if isinstance(text, str):
                if SQL_TEXT.match(text[:400]):
                    constant.append(call.location)
            elif isinstance(text, Unknown) and text.text[:1] in "`'\"" and SQL_TEXT.match(text.text[1:400]):
                source = _source(js, call.file, text) or text.text
                parts = SUBSTITUTION.findall(source) if source.startswith("`") else None
                if parts and all(PLACEHOLDER_LIST.match(p) for p in parts):
                    constant.append(call.location)
                else:
                    built.append(call.location)
    return constant, built


@dataclass(frozen=True)
class Applicability:
    not_applicable: tuple[TaintNotApplicable, ...] = ()  # taint categories without object, and why
    evidence: tuple[TaintEvidence, ...] = ()


@collector("applicability")
def collect_applicability(facts: Facts) -> Applicability:
    """Taint category -> why its rules have nothing to judge in this project; evidence of constant SQL text."""
    js: JsProject = facts.collected("js")
    out: dict[str, str] = {}
    evidence: list[TaintEvidence] = []
    if facts.project is not None and not uses_a_database(facts, js):
        reason = "no database: no SQL, document-store or other database client is declared or imported"
        out[S.SQL] = out[S.NOSQL] = reason
    else:
        constant, built = sql_census(js)
        if constant and not built:  # one statement built from values and the census proves nothing
            message = f"all {len(constant)} SQL statements are constant text (values bound as parameters)"
            seen = {(e.location.path, e.location.line) for e in facts.taint.evidence}  # the taint engine's say more
            fresh = [where for where in constant if (where.path, where.line) not in seen]
            evidence = [TaintEvidence(S.SQL, where, message) for where in fresh[:MAX_SQL_EVIDENCE]]
    routes = [r for app in facts.collected("app").apps for r in app.routes]
    fired = facts.collected("taint").fired
    reads = any(f.startswith(INPUT_FIRED) for f in fired)
    if routes and not reads and not any(handler_takes_input(js, r.handler) for r in routes):
        out[S.VALIDATION] = (
            f"the {len(routes)} route handler(s) read nothing from the request (no body, query, parameters, "
            "headers or cookies): no input to validate"
        )
    return Applicability(tuple(TaintNotApplicable(c, why) for c, why in out.items()), tuple(evidence))
