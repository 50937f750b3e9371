"""When a sink category has no object in the project: no database for the injection rules of practice 12, route
handlers that read nothing from the request for the validation rules of practice 10.

The "applicability" collector maps a taint category to the reason it does not apply; `TaintFlows` hands the reason
to the category's rules, which report the practice "not applicable" (the scorecard still lets any finding or
evidence of the practice win).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter as ts

from nodeward.analysis import taint_specs as S
from nodeward.analysis.taint import DOCUMENT_STORES, param_pattern, params_of
from nodeward.facts import collector
from nodeward.js.extract import FUNCTION_TYPES, JsProject, tree_of
from nodeward.js.values import Func, Ref
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


@collector("applicability")
def collect_applicability(facts: Facts) -> dict[str, str]:
    """Taint category -> why its rules have nothing to judge in this project."""
    js: JsProject = facts.collected("js")
    out: dict[str, str] = {}
    if facts.project is not None and not uses_a_database(facts, js):
        reason = "no database: no SQL, document-store or other database client is declared or imported"
        out[S.SQL] = out[S.NOSQL] = reason
    routes = [r for app in facts.collected("app").apps for r in app.routes]
    fired = facts.collected("taint").fired
    reads = any(f.startswith(INPUT_FIRED) for f in fired)
    if routes and not reads and not any(handler_takes_input(js, r.handler) for r in routes):
        out[S.VALIDATION] = (
            f"the {len(routes)} route handler(s) read nothing from the request (no body, query, parameters, "
            "headers or cookies): no input to validate"
        )
    return out
