"""Small readers over the parsed JS/TS project (calls, arguments, option objects, names): shared by collectors and
rules, so neither reaches into the other's package."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nodeward.js.values import CALL, UNDEFINED, Arr, Obj, Prop, Ref, Unknown, Value

if TYPE_CHECKING:
    from nodeward.findings import Location
    from nodeward.js.extract import Call, JsModule, JsProject


def calls_to_any(js: JsProject, module: str, *members: str) -> list[Call]:
    """Calls to module.member for each member ("" = the module itself), in file/line order."""
    out: list[Call] = []
    for member in members:
        out += js.calls_to(module, member or None)
    return sorted(out, key=lambda c: (c.file, c.start_byte))


def param_name(js: JsProject, ref: Ref) -> str | None:
    """The declared name of the parameter a Ref("param", "<file>:<start>:<index>") stands for."""
    if ref.kind != "param":
        return None
    try:
        file, start, index = ref.name.rsplit(":", 2)
        func = js.function((file, int(start)))
    except ValueError:
        return None
    if func is None or int(index) >= len(func.params):
        return None
    return func.params[int(index)]


_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")


def value_names(js: JsProject, value: Value) -> list[str]:
    """The identifiers that describe where a value came from: `req.body.password` -> [req, body, password],
    a parameter `plain` -> [plain], `pwd + salt` (not evaluable) -> [pwd, salt]. Literals have no names."""
    if isinstance(value, Ref):
        head = param_name(js, value) if value.kind == "param" else (value.name if value.kind == "global" else None)
        names = [head] if head else []
        return names + [p for p in value.path if p != CALL]
    if isinstance(value, Unknown):
        # Drop string literal contents so that 'password' inside a message does not count as a name.
        text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", " ", value.text)
        return _IDENT_RE.findall(text)
    return []


def prop(obj: Value, key: str) -> Prop | None:
    return obj.prop(key) if isinstance(obj, Obj) else None


def lookup(obj: Value, dotted: str) -> Value | None:
    return obj.lookup(dotted) if isinstance(obj, Obj) else None


def is_absent(obj: Value, key: str) -> bool:
    """True only when we can see the whole options object and the key is not there (or is undefined)."""
    if obj is None or obj is UNDEFINED:
        return True
    if not isinstance(obj, Obj):
        return False
    p = obj.prop(key)
    if p is None:
        return not obj.open
    return p.value is UNDEFINED


def where(value: Value | Prop, default: Location) -> Location:
    """The location of a value or property if it has one, else the given default."""
    loc = getattr(value, "location", None)
    return loc if loc is not None else default


def module_of_call(js: JsProject, call: Call) -> JsModule | None:
    return js.by_path.get(call.file)


def calls_in_function(js: JsProject, call: Call) -> Iterator[Call]:
    """Calls in the same innermost function as `call` (module level when it is not in a function)."""
    module = js.by_path.get(call.file)
    if module is None:
        return
    for c in module.calls:
        if c.function == call.function:
            yield c


def literal_str(value: Value) -> str | None:
    return value if isinstance(value, str) else None


def known_number(value: Value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def resolved(js: JsProject, value: Value, depth: int = 0) -> Value:
    """A value with imports of project files followed (`require('./config').session` -> the exported object),
    inside object literals and arrays too, so options built in another file are judged like local ones."""
    if depth > 6:
        return value
    if isinstance(value, Ref):
        return js.resolve(value) if value.kind == "module" and value.name.startswith("file:") else value
    if isinstance(value, Obj):
        if not any(isinstance(p.value, Ref | Obj | Arr) for p in value.props):
            return value
        props = tuple(Prop(p.key, resolved(js, p.value, depth + 1), p.location) for p in value.props)
        return Obj(props, value.open, value.location)
    if isinstance(value, Arr):
        if not any(isinstance(item, Ref | Obj | Arr) for item in value.items):
            return value
        return Arr(tuple(resolved(js, item, depth + 1) for item in value.items), value.open, value.location)
    return value


def arg(js: JsProject, call: Call, index: int) -> Value | None:
    """Argument `index` of a call, resolved across project files (None when the call has fewer arguments)."""
    value = call.arg(index)
    return None if value is None else resolved(js, value)
