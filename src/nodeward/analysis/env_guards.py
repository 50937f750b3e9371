"""Conditions on the runtime environment in JS code: `if (process.env.NODE_ENV !== 'production')`,
`config.env === 'development' && {...}`, `app.get('env')`, `isProduction`. Shared by the rules that must tell code
that runs in production from code that runs only in development (stack traces, limiters registered in production)."""

from __future__ import annotations

import re

import tree_sitter as ts

from nodeward.js.extract import Call, JsProject, tree_of
from nodeward.js.values import Func

# Any test of the environment: NODE_ENV, `<something>.env === '<name>'`, app.get('env'), isDev/isProduction flags.
ENV_GUARD = re.compile(
    r"NODE_?ENV|get\(\s*['\"]env['\"]\s*\)|\bis(?:Dev|Development|Prod|Production)\b|\bdebug\b|\b__DEV__\b"
    r"|\benv(?:ironment)?\b\s*[!=]==?\s*['\"`]?\w*(?:dev|prod|test|local|staging)"
    r"|['\"`](?:dev|development|prod|production|test|local|staging)['\"`]\s*[!=]==?\s*[\w.]*\benv(?:ironment)?\b",
    re.I,
)
# A test that is true in production: `=== 'production'`, `isProduction`, `!== 'development'`.
_PRODUCTION_TRUE = re.compile(
    r"===?\s*['\"`]prod(?:uction)?['\"`]|['\"`]prod(?:uction)?['\"`]\s*===?|\bis_?prod(?:uction)?\b(?!\s*[!=]==?\s*false)"
    r"|!==?\s*['\"`](?:dev|development|test|local)['\"`]|['\"`](?:dev|development|test|local)['\"`]\s*!==?",
    re.I,
)
_FUNCTIONS = frozenset(
    {"function_declaration", "function_expression", "arrow_function", "method_definition", "function", "program"}
)


def text_of(node: ts.Node | None, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace") if node is not None else ""


def true_in_production(condition: str) -> bool:
    """Whether an environment test holds in production (`env === 'production'`, `NODE_ENV !== 'development'`)."""
    return bool(_PRODUCTION_TRUE.search(condition)) and not condition.lstrip().startswith("!")


def call_node(js: JsProject, call: Call) -> tuple[ts.Node, bytes] | None:
    module = js.module(call.file)
    parsed = tree_of(module) if module is not None else None
    if parsed is None:
        return None
    tree, data = parsed
    node = tree.root_node.descendant_for_byte_range(call.start_byte, call.end_byte)
    return (node, data) if node is not None else None


def enclosing_env_condition(js: JsProject, call: Call) -> str | None:
    """The environment test of the `if` (in the same function) whose then-branch holds the call, if any."""
    found = call_node(js, call)
    if found is None:
        return None
    node, data = found
    child, cur = node, node.parent
    while cur is not None and cur.type not in _FUNCTIONS:
        if cur.type == "if_statement" and child == cur.child_by_field_name("consequence"):
            condition = text_of(cur.child_by_field_name("condition"), data).strip()
            if ENV_GUARD.search(condition):
                return condition.strip("()").strip()
        child, cur = cur, cur.parent
    return None


def function_text(js: JsProject, func: Func) -> str:
    module = js.module(func.file)
    parsed = tree_of(module) if module is not None else None
    return parsed[1][func.start_byte : func.end_byte].decode("utf-8", errors="replace") if parsed else ""
