"""The library object a method call's receiver stands for when its value is not an import the extractor followed:
a TypeScript parameter typed with an imported class (`function registerTools(server: McpServer) { server.tool(...)
}`), or a class field made from one (`this.server = new McpServer(...)`, `private server = new McpServer(...)`,
`private server: McpServer`, `constructor(private server: McpServer)`).

The answer is a knowledge-row target, `(package, (Class, "()", member...))`, the same path an instance made with
`new Class()` has, so source and sink rows written for instances apply unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nodeward.js.extract import FUNCTION_TYPES
from nodeward.js.values import CALL, Ref

if TYPE_CHECKING:
    from tree_sitter import Node

    from nodeward.js.extract import JsModule

Target = tuple[str, tuple[str, ...]]
_PARAMS = ("required_parameter", "optional_parameter")
_CLASSES = ("class_declaration", "class", "abstract_class_declaration")


def typed_receiver(module: JsModule, callee: Node) -> Target | None:
    """`server.tool` / `this.server.tool` (the callee node of a call) -> the row target of the receiver's class."""
    parts = _chain(callee)
    if parts is None or len(parts) < 2:
        return None
    if parts[0] == "this":
        base = _field_class(module, callee, parts[1]) if len(parts) >= 3 else None
        rest = parts[2:]
    else:
        base = _param_class(module, callee, parts[0])
        rest = parts[1:]
    if base is None:
        return None
    return (base[0], (*base[1], *rest))


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _chain(node: Node) -> list[str] | None:
    parts: list[str] = []
    while node.type == "member_expression":
        prop = node.child_by_field_name("property")
        obj = node.child_by_field_name("object")
        if prop is None or obj is None:
            return None
        parts.append(_text(prop))
        node = obj
    if node.type not in ("identifier", "this"):
        return None
    parts.append(_text(node))
    return parts[::-1]


def _class_of_type(module: JsModule, annotation: Node | None) -> Target | None:
    """`: McpServer` or `: mcp.McpServer` (a type imported from a package) -> (package, (McpServer, "()"))."""
    if annotation is None:
        return None
    node = annotation.named_children[0] if annotation.type == "type_annotation" and annotation.named_children else None
    if node is not None and node.type == "generic_type":
        node = node.child_by_field_name("name") or (node.named_children[0] if node.named_children else None)
    if node is None:
        return None
    names = _text(node).split(".") if node.type in ("type_identifier", "nested_type_identifier") else []
    if not names:
        return None
    for imp in module.imports:
        if imp.local == names[0] and not imp.module.startswith("file:"):
            return (imp.module.removeprefix("node:"), (*imp.path, *names[1:], CALL))
    return None


def _param_class(module: JsModule, node: Node, name: str) -> Target | None:
    """The class a parameter `name` of an enclosing function is typed with (the nearest function declaring it)."""
    scope = node.parent
    while scope is not None:
        if scope.type in FUNCTION_TYPES or scope.type == "method_definition":
            params = scope.child_by_field_name("parameters")
            for p in params.named_children if params is not None else ():
                pattern = p.child_by_field_name("pattern") if p.type in _PARAMS else p
                if pattern is not None and pattern.type == "identifier" and _text(pattern) == name:
                    return _class_of_type(module, p.child_by_field_name("type")) if p.type in _PARAMS else None
        scope = scope.parent
    return None


def _field_class(module: JsModule, node: Node, field: str) -> Target | None:
    """The class of `this.<field>` in the enclosing class: its declaration's initializer or type, a constructor
    parameter property, or a `this.<field> = new X(...)` assignment."""
    cls = node.parent
    while cls is not None and cls.type not in _CLASSES:
        cls = cls.parent
    body = cls.child_by_field_name("body") if cls is not None else None
    if cls is None or body is None:
        return None
    for member in body.named_children:
        if member.type in ("public_field_definition", "field_definition"):
            name = member.child_by_field_name("name") or member.child_by_field_name("property")
            if name is None or _text(name) != field:
                continue
            value = member.child_by_field_name("value")
            made = _constructed(module, value)
            return made or _class_of_type(module, member.child_by_field_name("type"))
        if member.type == "method_definition" and (n := member.child_by_field_name("name")) is not None:
            params = member.child_by_field_name("parameters") if _text(n) == "constructor" else None
            for p in params.named_children if params is not None else ():
                pattern = p.child_by_field_name("pattern") if p.type in _PARAMS else None
                has_modifier = any(c.type in ("accessibility_modifier", "readonly") for c in p.children)
                if pattern is not None and has_modifier and _text(pattern) == field:
                    return _class_of_type(module, p.child_by_field_name("type"))
    first, last = cls.start_point[0] + 1, cls.end_point[0] + 1
    for a in module.assignments:
        if a.target_text.replace(" ", "") == f"this.{field}" and first <= a.location.line <= last:
            assigned = a.value
            if isinstance(assigned, Ref) and assigned.kind == "module" and not assigned.name.startswith("file:"):
                return (assigned.name.removeprefix("node:"), assigned.path)
    return None


def _constructed(module: JsModule, value: Node | None) -> Target | None:
    """`new McpServer(...)` of an imported class -> its target."""
    if value is None or value.type != "new_expression":
        return None
    ctor = value.child_by_field_name("constructor")
    names = _text(ctor).split(".") if ctor is not None and ctor.type in ("identifier", "member_expression") else []
    for imp in module.imports if names else ():
        if imp.local == names[0] and not imp.module.startswith("file:"):
            return (imp.module.removeprefix("node:"), (*imp.path, *names[1:], CALL))
    return None
