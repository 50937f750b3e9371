"""Security-plugin references in ESLint configs: plugin names, and static reading of JS configs with tree-sitter.

JS configs (flat `eslint.config.*`, legacy `.eslintrc.js`) are parsed, never run: we look at imports/requires of
the plugin packages, `<plugin>.configs.<name>` member chains, `plugins: {...}` / `plugins: [...]`, `"plugin:x/y"`
extends strings, and `"x/rule": <severity>` rule entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nodeward.findings import AtFileLine

# Security plugin packages and the prefix ESLint uses for their rules and configs.
SECURITY_PLUGINS: dict[str, str] = {
    "eslint-plugin-security": "security",
    "@microsoft/eslint-plugin-sdl": "@microsoft/sdl",
    "eslint-plugin-no-unsanitized": "no-unsanitized",
}
_BY_PREFIX = {prefix: pkg for pkg, prefix in SECURITY_PLUGINS.items()}


def plugin_package(name: str) -> str | None:
    """The security plugin package an ESLint plugin name refers to ("security", "@microsoft/sdl",
    "eslint-plugin-security", ...), or None for any other plugin."""
    name = name.strip()
    if name in SECURITY_PLUGINS:
        return name
    if name in _BY_PREFIX:
        return _BY_PREFIX[name]
    return None


def rule_enabled(setting: Any) -> bool:
    """ESLint rule setting: "off"/0 (or ["off", ...]) disables; anything else enables."""
    if isinstance(setting, list):
        setting = setting[0] if setting else "off"
    if isinstance(setting, bool):
        return setting
    if isinstance(setting, (int, float)):
        return setting != 0
    return str(setting).strip().lower() not in ("off", "0")


@dataclass(frozen=True)
class ESLintReference(AtFileLine):
    """One mention of a security plugin in a config. `enables` is true when it turns rules on (a preset config,
    an `extends`, or an enabled rule); loading the plugin or importing it alone enables nothing."""

    kind: str  # "plugin" | "extends" | "config" | "rule" | "import"
    text: str
    package: str
    line: int
    enables: bool
    path: str = ""


@lru_cache(maxsize=4)
def _languages() -> dict[str, Any]:
    import tree_sitter as ts
    import tree_sitter_javascript as tsjs
    import tree_sitter_typescript as tsts

    return {
        "js": ts.Language(tsjs.language()),
        "ts": ts.Language(tsts.language_typescript()),
    }


def _parse(text: str, path: str) -> Any:
    import tree_sitter as ts

    lang = _languages()["ts" if path.endswith((".ts", ".mts", ".cts")) else "js"]
    return ts.Parser(lang).parse(text.encode("utf-8", errors="surrogatepass"))


def _string_value(node: Any) -> str | None:
    if node is None:
        return None
    if node.type == "string":
        return "".join(c.text.decode("utf-8", "replace") for c in node.named_children if c.type == "string_fragment")
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return node.text.decode("utf-8", "replace")[1:-1]
    return None


def _module_of(node: Any) -> str | None:
    """'pkg' for `require('pkg')`, `import('pkg')`, `await import('pkg')`; None otherwise."""
    while node is not None and node.type in ("await_expression", "parenthesized_expression"):
        node = node.named_children[0] if node.named_children else None
    if node is None or node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or args is None or fn.text not in (b"require", b"import"):
        return None
    first = args.named_children[0] if args.named_children else None
    return _string_value(first)


def _key_name(node: Any) -> str | None:
    if node is None:
        return None
    if node.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return node.text.decode("utf-8", "replace")
    return _string_value(node)


def _root_identifier(node: Any) -> Any:
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        node = node.child_by_field_name("object")
    return node


def _pair_key_of_container(node: Any) -> str | None:
    """For a node inside an object/array that is the value of `key: ...`, return that key."""
    parent = node.parent
    if parent is None or parent.type not in ("object", "array"):
        return None
    pair = parent.parent
    if pair is None or pair.type != "pair":
        return None
    return _key_name(pair.child_by_field_name("key"))


def references_from_js(text: str, path: str) -> list[ESLintReference]:
    tree = _parse(text, path)
    bindings: dict[str, str] = {}  # local name -> security plugin package
    refs: list[ESLintReference] = []

    def add(kind: str, txt: str, pkg: str, node: Any, enables: bool) -> None:
        refs.append(ESLintReference(kind, txt, pkg, node.start_point[0] + 1, enables, path))

    nodes = []
    stack = [tree.root_node]
    while stack:  # iterative pre-order walk: deep nesting cannot exhaust the Python stack
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed(node.named_children))

    # Pass 1: bindings of plugin packages (import X / import * as X / const X = require(...)).
    for node in nodes:
        if node.type == "import_statement":
            pkg = plugin_package(_string_value(node.child_by_field_name("source")) or "")
            if not pkg:
                continue
            add("import", node.text.decode("utf-8", "replace")[:120], pkg, node, False)
            for clause in node.named_children:
                if clause.type != "import_clause":
                    continue
                for c in clause.named_children:
                    if c.type == "identifier":
                        bindings[c.text.decode()] = pkg
                    elif c.type == "namespace_import":
                        for ident in c.named_children:
                            bindings[ident.text.decode()] = pkg
                    elif c.type == "named_imports":
                        for spec in c.named_children:
                            alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                            if alias is not None:
                                bindings[alias.text.decode()] = pkg
        elif node.type == "variable_declarator":
            pkg = plugin_package(_module_of(node.child_by_field_name("value")) or "")
            name = node.child_by_field_name("name")
            if pkg and name is not None:
                add("import", node.text.decode("utf-8", "replace")[:120], pkg, node, False)
                if name.type == "identifier":
                    bindings[name.text.decode()] = pkg
                elif name.type == "object_pattern":
                    for c in name.named_children:
                        target = c.child_by_field_name("value") if c.type == "pair_pattern" else c
                        if target is not None and target.type in (
                            "identifier",
                            "shorthand_property_identifier_pattern",
                        ):
                            bindings[target.text.decode()] = pkg
        elif node.type == "import_require_clause":  # TS: import x = require('pkg')
            src = next((c for c in node.named_children if c.type == "string"), None)
            pkg = plugin_package(_string_value(src) or "")
            ident = next((c for c in node.named_children if c.type == "identifier"), None)
            if pkg and ident is not None:
                bindings[ident.text.decode()] = pkg

    # Pass 2: uses.
    seen_members: set[tuple[int, int]] = set()
    for node in nodes:
        if node.type in ("member_expression", "subscript_expression"):
            parent = node.parent
            if (
                parent is not None
                and parent.type in ("member_expression", "subscript_expression")
                and (parent.child_by_field_name("object") == node)
            ):
                continue  # only the outermost chain
            root = _root_identifier(node)
            pkg = None
            if root is not None and root.type == "identifier":
                pkg = bindings.get(root.text.decode())
            elif root is not None:
                pkg = plugin_package(_module_of(root) or "")
            text_ = node.text.decode("utf-8", "replace")
            if pkg and ".configs" in text_.replace("[", ".").replace("'", "").replace('"', ""):
                key = (node.start_byte, node.end_byte)
                if key not in seen_members:
                    seen_members.add(key)
                    add("config", text_[:120], pkg, node, True)
        elif node.type == "identifier" and node.text.decode() in bindings and node.parent is not None:
            # The plugin object registered under `plugins: { security: pluginSecurity }`.
            parent = node.parent
            is_value = parent.type == "pair" and parent.child_by_field_name("value") == node
            if is_value and _pair_key_of_container(parent) == "plugins":
                pkg = bindings[node.text.decode()]
                add("plugin", parent.text.decode("utf-8", "replace")[:120], pkg, node, False)
        elif node.type == "shorthand_property_identifier":
            name = node.text.decode()
            if name in bindings and _pair_key_of_container(node) == "plugins":
                add("plugin", name, bindings[name], node, False)
        elif node.type in ("string", "template_string"):
            value = _string_value(node)
            if not value:
                continue
            parent = node.parent
            if value.startswith("plugin:"):
                pkg = plugin_package(value[len("plugin:") :].rsplit("/", 1)[0])
                if pkg:
                    add("extends", value, pkg, node, True)
                continue
            if parent is not None and parent.type == "pair" and parent.child_by_field_name("key") == node:
                if "/" in value and _pair_key_of_container(parent) == "rules":
                    pkg = plugin_package(value.rsplit("/", 1)[0])
                    if pkg:
                        add("rule", value, pkg, node, _js_rule_enabled(parent.child_by_field_name("value")))
                elif _pair_key_of_container(parent) == "plugins":
                    pkg = plugin_package(value)
                    if pkg:
                        add("plugin", value, pkg, node, False)
                continue
            if _pair_key_of_container(node) == "plugins":
                pkg = plugin_package(value)
                if pkg:
                    add("plugin", value, pkg, node, False)
    refs.sort(key=lambda r: (r.line, r.kind))
    return refs


def _js_rule_enabled(value: Any) -> bool:
    if value is None:
        return True
    if value.type == "array":
        value = value.named_children[0] if value.named_children else None
        if value is None:
            return False
    if value.type == "number":
        return value.text.strip() not in (b"0",)
    s = _string_value(value)
    if s is not None:
        return rule_enabled(s)
    return True  # a variable or expression: assume it turns the rule on
