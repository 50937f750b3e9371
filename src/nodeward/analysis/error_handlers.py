"""Error handlers of the application: the functions that answer errors (Express 4-argument middleware, Fastify's
setErrorHandler, NestJS exception filters, Koa's try/await next() catch, Hapi's onPreResponse), the response calls
inside them, and what those calls send (the stack, the whole error, its message) with the guards around them.
Facts only: practice 7 judges them (NW0720, NW0721).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nodeward.analysis.env_guards import ENV_GUARD, true_in_production
from nodeward.js.extract import tree_of
from nodeward.js.readers import arg
from nodeward.js.values import Func

if TYPE_CHECKING:
    import tree_sitter as ts

    from nodeward.js.extract import JsModule, JsProject


# A condition that tells expected errors from unexpected ones: sending their message is then deliberate.
EXPECTED_ERROR_GUARD = re.compile(
    r"\bexpose\b|status|\binstanceof\b|\bisOperational\b|\bisBoom\b|\bcode\b|\bname\b|Http(?:Error|Exception)"
    r"|ValidationError|\bknown\b|< ?500|>= ?500|\bswitch\b",
    re.I,
)
_ERR_PARAMS = frozenset({"err", "error", "e", "ex", "exc", "exception", "er"})
FUNCTION_BOUNDARY = frozenset(
    {"function_declaration", "function_expression", "arrow_function", "method_definition", "function", "program"}
)


@dataclass(frozen=True)
class ErrorHandler:
    """A function that answers errors: where it is, the name of its error variable, its response object (None:
    any receiver), and the node to search (the function body, or the catch clause in Koa)."""

    module: JsModule
    node: ts.Node
    data: bytes
    error: str
    response: str | None
    koa: bool = False
    sink_methods: frozenset[str] = frozenset({"json", "send", "jsonp", "end", "write", "render"})


def _node_of(module: JsModule, func: Func) -> tuple[ts.Node, bytes] | None:
    parsed = tree_of(module)
    if parsed is None:
        return None
    tree, data = parsed
    node = tree.root_node.descendant_for_byte_range(func.start_byte, func.end_byte)
    return (node, data) if node is not None else None


def node_text(node: ts.Node | None, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace") if node is not None else ""


def _walk(node: ts.Node, depth: int = 0) -> Iterator[ts.Node]:
    yield node
    if depth > 200:
        return
    for child in node.named_children:
        yield from _walk(child, depth + 1)


def _bare(param: str) -> str:
    return param.split(":", 1)[0].split("=", 1)[0].strip()


def error_handlers(js: JsProject) -> Iterator[ErrorHandler]:
    """Express (4-parameter middleware), Fastify (setErrorHandler), NestJS (@Catch filters' catch method), Koa
    (middleware that catches `await next()`) and Hapi (`onPreResponse` extensions) error handlers."""
    hapi = {
        (h.file, h.start_byte)
        for call in js.method_calls("ext")
        if arg(js, call, 0) == "onPreResponse"
        for h in call.args[1:2]
        if isinstance(h, Func)
    }
    handlers = [arg(js, call, 0) for call in js.method_calls("setErrorHandler")]
    fastify = {(h.file, h.start_byte) for h in handlers if isinstance(h, Func)}
    nest = {
        (m.func.file, m.func.start_byte)
        for module in js.modules
        for cls in module.classes
        if any(d.text.split(".")[-1] == "Catch" for d in cls.decorators)
        for m in cls.methods
        if m.name == "catch"
    }
    for module in js.modules:
        for fact in module.functions:
            func = fact.func
            params = [_bare(p) for p in func.params]
            key = (func.file, func.start_byte)
            kind: tuple[str, str, str | None]
            if (
                len(params) == 4
                and params[0].lstrip("_") in _ERR_PARAMS
                and params[1].lstrip("_") in ("req", "request", "")  # `_` for an unused request
                and params[2].lstrip("_") in ("res", "response", "resp")
            ):
                kind = ("express", params[0], params[2])
            elif key in fastify and len(params) >= 3:
                kind = ("fastify", params[0], params[2])
            elif key in nest and params:
                kind = ("nest", params[0], None)
            elif len(params) == 2 and params[0] in ("ctx", "context") and params[1] == "next":
                kind = ("koa", "", params[0])
            elif key in hapi and len(params) >= 2:
                kind = ("hapi", params[0], params[1])
            else:
                continue
            found = _node_of(module, func)
            if found is None:
                continue
            node, data = found
            if kind[0] == "hapi":
                # `const response = request.response` / `const { response } = request`: the Boom error, if any.
                error = _hapi_response_alias(node, data, kind[1])
                if error:
                    yield ErrorHandler(module, node, data, error, kind[2], sink_methods=frozenset({"response"}))
                continue
            if kind[0] != "koa":
                yield ErrorHandler(module, node, data, kind[1], kind[2])
                continue
            for clause in _walk(node):  # try { await next() } catch (err) { ... }
                if clause.type != "try_statement":
                    continue
                body = clause.child_by_field_name("body")
                handler = clause.child_by_field_name("handler")
                param = handler.child_by_field_name("parameter") if handler is not None else None
                if handler is None or body is None or param is None or "next(" not in node_text(body, data):
                    continue
                yield ErrorHandler(module, handler, data, node_text(param, data).strip(), kind[2], koa=True)


def _hapi_response_alias(node: ts.Node, data: bytes, request: str) -> str | None:
    for n in _walk(node):
        if n.type != "variable_declarator":
            continue
        name = n.child_by_field_name("name")
        value = node_text(n.child_by_field_name("value"), data).replace(" ", "")
        if name is not None and name.type == "identifier" and value == f"{request}.response":
            return node_text(name, data)
        if (
            name is not None
            and name.type == "object_pattern"
            and value == request
            and re.search(r"\bresponse\b", node_text(name, data))
        ):
            return "response"
    return None


def _root_identifier(node: ts.Node, data: bytes) -> str | None:
    """`res` for `res.status(500).json`, `ctx` for `ctx.body`."""
    cur: ts.Node | None = node
    for _ in range(20):
        if cur is None:
            return None
        if cur.type == "identifier":
            return node_text(cur, data)
        if cur.type == "member_expression":
            cur = cur.child_by_field_name("object")
        elif cur.type == "call_expression":
            cur = cur.child_by_field_name("function")
        elif cur.type in ("parenthesized_expression", "await_expression", "non_null_expression"):
            cur = cur.named_children[0] if cur.named_children else None
        else:
            return None
    return None


def response_calls(handler: ErrorHandler) -> Iterator[ts.Node]:
    """The expressions a handler sends to the client: arguments of res.json/send/end, the value of ctx.body = ..."""
    data = handler.data
    for node in _walk(handler.node):
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None or fn.type != "member_expression":
                continue
            prop = fn.child_by_field_name("property")
            if node_text(prop, data) not in handler.sink_methods:
                continue
            root = _root_identifier(fn, data)
            if handler.response is not None and root != handler.response:
                continue
            args = node.child_by_field_name("arguments")
            if args is not None:
                yield from (a for a in args.named_children if a.type != "comment")
        elif node.type == "assignment_expression" and handler.koa:
            left = node.child_by_field_name("left")
            if node_text(left, data).replace(" ", "") == f"{handler.response}.body":
                right = node.child_by_field_name("right")
                if right is not None:
                    yield right


def guarded_by(node: ts.Node, stop: ts.Node, data: bytes, pattern: re.Pattern[str]) -> bool:
    """Inside an if / ternary / && whose condition matches `pattern`, below `stop`."""
    cur = node.parent
    child = node
    while cur is not None and cur != stop and cur.type not in FUNCTION_BOUNDARY:
        if cur.type == "if_statement":
            if pattern.search(node_text(cur.child_by_field_name("condition"), data)):
                return True
        elif cur.type == "ternary_expression":
            cond = cur.child_by_field_name("condition")
            if cond is not None and cond != child and pattern.search(node_text(cond, data)):
                return True
        elif cur.type == "binary_expression" and node_text(cur.child_by_field_name("operator"), data) == "&&":
            left = cur.child_by_field_name("left")
            if left is not None and left != child and pattern.search(node_text(left, data)):
                return True
        elif cur.type == "switch_case":
            return True  # a status or error-type switch: the handler tells errors apart
        elif cur.type == "statement_block" and pattern is ENV_GUARD and _after_early_return(child, data):
            return True
        child, cur = cur, cur.parent
    return False


# An early return taken in production: `if (IS_NODE_ENV_PRODUCTION) return ...`, `if (env === 'production')`. A
# negated test (`!==`, `!isProd`) returns early in development, and then what follows runs in production.
_PRODUCTION_TEST = re.compile(r"prod", re.I)


def _after_early_return(stmt: ts.Node, data: bytes) -> bool:
    """`if (IS_PRODUCTION) { return res.status(400).send(); }` earlier in the same block: what follows runs only
    outside production (sails 1.5's body-parser error handler)."""
    sibling = stmt.prev_named_sibling
    while sibling is not None:
        if sibling.type == "if_statement" and sibling.child_by_field_name("alternative") is None:
            body = sibling.child_by_field_name("consequence")
            last = body.named_children[-1] if body is not None and body.type == "statement_block" else body
            condition = node_text(sibling.child_by_field_name("condition"), data)
            if (
                last is not None
                and last.type in ("return_statement", "throw_statement")
                and _PRODUCTION_TEST.search(condition)
                and "!" not in condition
            ):
                return True
        sibling = sibling.prev_named_sibling
    return False


def leaked_values(expr: ts.Node, handler: ErrorHandler, aliases: dict[str, str]) -> Iterator[tuple[str, ts.Node]]:
    """("stack" | "message" | "object", node) for each way the error reaches this sent expression."""
    data = handler.data
    err = handler.error
    for node in _walk(expr):
        if node.type == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node_text(node.child_by_field_name("property"), data)
            if obj is not None and obj.type == "identifier" and node_text(obj, data) == err:
                if prop == "stack":
                    yield "stack", node
                elif prop in ("message", "sqlMessage", "detail", "sql", "toString"):
                    yield "message", node
        elif node.type == "identifier":
            name = node_text(node, data)
            parent = node.parent
            if name == err and parent is not None:
                if (
                    parent.type in ("arguments", "pair", "spread_element", "shorthand_property")
                    or parent == expr.parent
                ):
                    yield "object", node
                elif parent.type == "template_substitution":
                    yield "message", node
            elif name in aliases and (parent is None or parent.type != "member_expression"):
                yield aliases[name], node
        elif node.type == "shorthand_property_identifier":
            name = node_text(node, data)
            if name == err:
                yield "object", node
            elif name in aliases:
                yield aliases[name], node
    if expr.type == "identifier" and node_text(expr, data) == err:
        yield "object", expr


def error_aliases(handler: ErrorHandler) -> dict[str, str]:
    """`const message = err.message || '...'` / `const { stack } = err`: one level of local aliases."""
    data = handler.data
    out: dict[str, str] = {}
    for node in _walk(handler.node):
        if node.type != "variable_declarator":
            continue
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            continue
        value_text = node_text(value, data)
        if name.type == "identifier" and not guarded_by(value, handler.node, data, ENV_GUARD):
            if _unguarded_stack(value, handler):
                out[node_text(name, data)] = "stack"
            elif (
                re.search(rf"\b{re.escape(handler.error)}\.message\b", value_text)
                and not guarded_by(value, handler.node, data, EXPECTED_ERROR_GUARD)
                # `status < 500 ? err.message : 'Internal'` decides in the value itself
                and not EXPECTED_ERROR_GUARD.search(value_text.split("?")[0] if "?" in value_text else "")
            ):
                out[node_text(name, data)] = "message"
        elif name.type == "object_pattern" and value_text.strip() == handler.error:
            for key in ("stack", "message"):
                if re.search(rf"\b{key}\b", node_text(name, data)):
                    out[key] = key
    for alias in [a for a, kind in out.items() if kind == "message" and _replaced_for_production(handler, a)]:
        del out[alias]
    return out


def _unguarded_stack(value: ts.Node, handler: ErrorHandler) -> bool:
    """`err.stack` in a value, outside any environment test inside it (`...(env === 'development' && { stack })`)."""
    for node in _walk(value):
        if (
            node.type == "member_expression"
            and node_text(node, handler.data) == f"{handler.error}.stack"
            and not guarded_by(node, value.parent or value, handler.data, ENV_GUARD)
        ):
            return True
    return False


def _replaced_for_production(handler: ErrorHandler, alias: str) -> bool:
    """`if (config.env === 'production' && !err.isOperational) { message = 'Internal Server Error' }`: the
    message variable is replaced for unexpected errors in production before it is sent."""
    data = handler.data
    for node in _walk(handler.node):
        if node.type != "if_statement":
            continue
        condition = node_text(node.child_by_field_name("condition"), data)
        if not (ENV_GUARD.search(condition) and true_in_production(condition)):
            continue
        for inner in _walk(node.child_by_field_name("consequence") or node):
            if (
                inner.type == "assignment_expression"
                and node_text(inner.child_by_field_name("left"), data) == alias
                and handler.error not in node_text(inner.child_by_field_name("right"), data)
            ):
                return True
    return False
