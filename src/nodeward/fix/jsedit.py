"""Edits of JavaScript/TypeScript by tree-sitter byte ranges, written in the file's own style (quotes, semicolons,
indentation, trailing commas, one-line or multi-line objects)."""

from __future__ import annotations

import re

import tree_sitter as ts

from nodeward.fix.registry import Edit

__all__ = ["Edit"]  # fixes build their own edits from the byte offsets the helpers here find

STATEMENT_PARENTS = ("program", "statement_block")


def text_of(node: ts.Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def line_indent(data: bytes, offset: int) -> str:
    """The whitespace that starts the line holding byte `offset`."""
    start = data.rfind(b"\n", 0, offset) + 1
    match = re.match(rb"[ \t]*", data[start:])
    return match.group(0).decode() if match else ""


def quote_style(data: bytes) -> str:
    """The quote the file uses most for strings."""
    return '"' if data.count(b'"') > data.count(b"'") else "'"


def uses_semicolons(data: bytes, tree: ts.Tree) -> bool:
    ends = [s for s in tree.root_node.named_children if s.type in ("lexical_declaration", "expression_statement")]
    if not ends:
        return True
    with_semi = sum(1 for s in ends if data[s.end_byte - 1 : s.end_byte] == b";")
    return with_semi * 2 >= len(ends)


def properties(obj: ts.Node) -> list[ts.Node]:
    return [c for c in obj.named_children if c.type != "comment"]


def property_key(prop: ts.Node) -> str | None:
    if prop.type == "pair":
        key = prop.child_by_field_name("key")
        if key is None:
            return None
        text = text_of(key)
        return text.strip("'\"") if key.type in ("string", "property_identifier") else text
    if prop.type == "shorthand_property_identifier":
        return text_of(prop)
    return None


def find_property(obj: ts.Node, key: str) -> ts.Node | None:
    for prop in properties(obj):
        if property_key(prop) == key:
            return prop
    return None


def add_properties(path: str, data: bytes, obj: ts.Node, props: list[str]) -> Edit | None:
    """Add `key: value` entries (given as source text) at the end of an object literal, or elements at the end of an
    array literal, in its layout."""
    if obj.type not in ("object", "array", "arguments") or not props:
        return None
    existing = properties(obj)
    if not existing:
        inner = data[obj.start_byte + 1 : obj.end_byte - 1]
        if inner.strip():
            return None  # only comments inside: leave the layout to the user
        pad = " " if obj.type == "object" else ""
        open_, close = ("{", "}") if obj.type == "object" else ("[", "]")
        return Edit(path, obj.start_byte, obj.end_byte, open_ + pad + ", ".join(props) + pad + close)
    last = existing[-1]
    after = last.end_byte
    rest = data[after : obj.end_byte - 1]
    trailing = rest.lstrip().startswith(b",")
    if trailing:
        after = after + rest.index(b",") + 1
    if b"\n" not in data[obj.start_byte : obj.end_byte]:
        text = "".join(f" {p}," for p in props)[:-1] if trailing else "".join(f", {p}" for p in props)
        return Edit(path, after, after, text)
    indent = line_indent(data, last.start_byte)
    eol = data.find(b"\n", after)
    tail = data[after:eol] if 0 <= eol < obj.end_byte else b""
    comment = tail.strip().startswith((b"//", b"/*"))  # a comment that ends the last entry's line stays with it
    if trailing:
        text = "".join(f"\n{indent}{p}," for p in props)
        return Edit(path, eol, eol, text) if comment else Edit(path, after, after, text)
    added = "".join(f",\n{indent}{p}" for p in props)
    if comment:
        return Edit(path, after, eol, "," + tail.decode("utf-8", "replace") + added[1:])
    return Edit(path, after, after, added)


def replace_node(path: str, node: ts.Node, text: str) -> Edit:
    return Edit(path, node.start_byte, node.end_byte, text)


def statement_of(node: ts.Node) -> ts.Node | None:
    """The statement holding `node` that sits directly in a program or block."""
    while node.parent is not None and node.parent.type not in STATEMENT_PARENTS:
        node = node.parent
    return node if node.parent is not None else None


def declared_name(node: ts.Node) -> str | None:
    """`app` for the `express()` of `const app = express()` (also `let`/`var`)."""
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        node, parent = parent, parent.parent
    if parent is None or parent.type != "variable_declarator":
        return None
    name = parent.child_by_field_name("name")
    return text_of(name) if name is not None and name.type == "identifier" else None


def insert_after_statement(path: str, data: bytes, statement: ts.Node, code: str) -> Edit:
    indent = line_indent(data, statement.start_byte)
    return Edit(path, statement.end_byte, statement.end_byte, f"\n{indent}{code}")


_REQUIRE = re.compile(r"require\(\s*['\"]([^'\"]+)['\"]\s*\)")


def imported_modules(tree: ts.Tree) -> dict[str, tuple[str, ts.Node]]:
    """Top-level bindings to modules: local name -> (module, statement), for `const x = require('m')` and
    `import x from 'm'` / `import * as x from 'm'`."""
    out: dict[str, tuple[str, ts.Node]] = {}
    for stmt in tree.root_node.named_children:
        if stmt.type in ("lexical_declaration", "variable_declaration"):
            for decl in stmt.named_children:
                if decl.type != "variable_declarator":
                    continue
                name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
                match = _REQUIRE.fullmatch(text_of(value).strip()) if value is not None else None
                if name is None or match is None:
                    continue
                if name.type == "identifier":
                    out[text_of(name)] = (match.group(1), stmt)
                elif name.type == "object_pattern":  # const { Router } = require('express')
                    for part in name.named_children:
                        local = part if part.type == "shorthand_property_identifier_pattern" else None
                        if part.type == "pair_pattern":
                            local = part.child_by_field_name("value")
                        if local is not None and local.type in ("identifier", "shorthand_property_identifier_pattern"):
                            out[text_of(local)] = (match.group(1), stmt)
        elif stmt.type == "import_statement":
            source = stmt.child_by_field_name("source")
            module = text_of(source).strip("'\"") if source is not None else ""
            for ident in _import_locals(stmt):
                out[ident] = (module, stmt)
    return out


def _import_locals(stmt: ts.Node) -> list[str]:
    names = []
    for clause in stmt.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":
                names.append(text_of(part))
            elif part.type == "namespace_import":
                names += [text_of(c) for c in part.named_children if c.type == "identifier"]
    return names


def last_import(tree: ts.Tree, *, packages_first: bool = True) -> ts.Node | None:
    """Where a new package import goes: after the last top-level import or require of a package (so it joins the
    file's package imports, before its local ones), else (or with packages_first=False) after the last import."""
    found = package = None
    for stmt in tree.root_node.named_children:
        text = text_of(stmt)
        if stmt.type == "import_statement":
            source = stmt.child_by_field_name("source")
            spec = text_of(source).strip("'\"") if source is not None else ""
        elif stmt.type in ("lexical_declaration", "variable_declaration", "expression_statement"):
            match = _REQUIRE.search(text)
            if match is None or (stmt.type == "expression_statement" and not _REQUIRE.fullmatch(text.rstrip(";"))):
                continue
            spec = match.group(1)
        else:
            continue
        found = stmt
        if not spec.startswith("."):
            package = stmt
    return (package or found) if packages_first else found


def ensure_import(
    path: str,
    data: bytes,
    tree: ts.Tree,
    local: str,
    module: str,
    *,
    esm: bool | None = None,
    before: ts.Node | None = None,
) -> tuple[str, Edit | None]:
    """The local name bound to `module` (adding `const local = require('module')` or an ESM import in the
    file's style when it is missing) and the edit that adds it, if any. With `before` (the top-level statement the
    fix puts code using it after: `const app = new Koa()`), a require that would land after that statement goes
    just before it instead: `const` bindings cannot be used before their line runs."""
    for name, (mod, _stmt) in imported_modules(tree).items():
        if mod == module:
            return name, None
    q = quote_style(data)
    semi = ";" if uses_semicolons(data, tree) else ""
    if esm is None:
        esm = any(s.type in ("import_statement", "export_statement") for s in tree.root_node.named_children)
    line = f"import {local} from {q}{module}{q}{semi}" if esm else f"const {local} = require({q}{module}{q}){semi}"
    anchor = last_import(tree) or _prologue_end(tree)
    top = before
    while top is not None and top.parent is not None and top.parent.type != "program":
        top = top.parent
    if top is not None and not esm and anchor is not None and anchor.start_byte > top.start_byte:
        indent = line_indent(data, top.start_byte)
        return local, Edit(path, top.start_byte, top.start_byte, f"{line}\n{indent}")
    if anchor is None:
        return local, Edit(path, 0, 0, line + "\n")
    return local, Edit(path, anchor.end_byte, anchor.end_byte, "\n" + line)


def _prologue_end(tree: ts.Tree) -> ts.Node | None:
    """The last of the file's leading `#!` line and directives ('use strict'): code added first goes after them (a
    statement before 'use strict' turns strict mode off)."""
    last = None
    for stmt in tree.root_node.children:
        if stmt.type in ("hashbang_line", "comment"):
            last = stmt if stmt.type == "hashbang_line" else last
            continue
        expr = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_children else None
        if expr is None or expr.type != "string":
            break
        last = stmt
    return last


def semicolon(data: bytes, tree: ts.Tree) -> str:
    return ";" if uses_semicolons(data, tree) else ""


CALLS = ("call_expression", "new_expression")


def arguments(call: ts.Node) -> ts.Node | None:
    args = call.child_by_field_name("arguments")
    return args if args is not None and args.type == "arguments" else None


def argument_list(call: ts.Node) -> list[ts.Node]:
    args = arguments(call)
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []


def add_argument(path: str, data: bytes, call: ts.Node, text: str) -> Edit | None:
    """Append an argument to a call, after the last one (and its trailing comma, if any)."""
    args = arguments(call)
    if args is None:
        return None
    existing = argument_list(call)
    if not existing:
        return Edit(path, args.start_byte + 1, args.end_byte - 1, text)
    if b"\n" in data[args.start_byte : args.end_byte]:
        return add_properties(path, data, args, [text])  # one argument a line: the new one on its own line
    last = existing[-1]
    rest = data[last.end_byte : args.end_byte - 1]
    if rest.lstrip().startswith(b","):
        at = last.end_byte + rest.index(b",") + 1
        return Edit(path, at, at, f" {text},")
    return Edit(path, last.end_byte, last.end_byte, f", {text}")


def enclosing(node: ts.Node | None, *types: str, stop: tuple[str, ...] = STATEMENT_PARENTS) -> ts.Node | None:
    """The node itself or its nearest ancestor of one of `types`, not climbing past a statement list."""
    while node is not None and node.type not in types:
        if node.type in stop:
            return None
        node = node.parent
    return node


def string_literal(data: bytes, value: str) -> str:
    q = quote_style(data)
    return q + value.replace("\\", "\\\\").replace(q, "\\" + q) + q


def required_module(text: str) -> str | None:
    """`m` for `require('m')` (a callee such as `require('fastify')()`)."""
    match = _REQUIRE.fullmatch(text.strip())
    return match.group(1) if match else None


def exported_value(tree: ts.Tree) -> ts.Node | None:
    """The value of `module.exports = X` or `export default X`, at the top level."""
    for stmt in tree.root_node.named_children:
        if stmt.type == "export_statement" and any(c.type == "default" for c in stmt.children):
            value = stmt.child_by_field_name("value") or stmt.child_by_field_name("declaration")
            if value is None:
                value = next((c for c in stmt.named_children if c.type != "comment"), None)
            return value
        if stmt.type == "expression_statement":
            expr = stmt.named_children[0] if stmt.named_children else None
            if expr is not None and expr.type == "assignment_expression":
                left = expr.child_by_field_name("left")
                if left is not None and text_of(left).replace(" ", "") == "module.exports":
                    return expr.child_by_field_name("right")
    return None
