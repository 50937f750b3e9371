"""The application model across files: apps and routers (Express, Fastify, Koa, NestJS, Hapi), middleware, routes,
mounts, and what each route is reachable through."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nodeward.facts import collector
from nodeward.findings import Location
from nodeward.js.extract import Call, ClassFact, JsModule, JsProject, no_cyclic_gc
from nodeward.js.values import CALL, Arr, Func, Obj, Ref, Unknown, Value

if TYPE_CHECKING:
    from nodeward.facts import Facts

# (module, path up to the creating call) → framework kind. Paths end with CALL (a call or `new`).
CREATORS: dict[tuple[str, tuple[str, ...]], str] = {
    ("express", (CALL,)): "express",
    ("express", ("Router", CALL)): "express-router",
    ("fastify", (CALL,)): "fastify",
    ("fastify", ("fastify", CALL)): "fastify",
    ("fastify", ("default", CALL)): "fastify",
    ("koa", (CALL,)): "koa",
    ("koa", ("default", CALL)): "koa",
    ("koa-router", (CALL,)): "koa-router",
    ("@koa/router", (CALL,)): "koa-router",
    ("@koa/router", ("Router", CALL)): "koa-router",
    ("@nestjs/core", ("NestFactory", "create", CALL)): "nest",
    ("@hapi/hapi", ("server", CALL)): "hapi",
    ("@hapi/hapi", ("Server", CALL)): "hapi",
    ("hapi", ("server", CALL)): "hapi",
    ("hapi", ("Server", CALL)): "hapi",
}
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "options", "head", "all"})
# Methods that return the instance they are called on, so `app.use(a).use(b)` stays on `app`.
CHAINABLE = frozenset({"use", "set", "enable", "disable", "register", "addHook", "decorate", *HTTP_METHODS})
# Packages whose objects can be app instances: calls rooted anywhere else are skipped quickly.
FRAMEWORK_MODULES = frozenset(module for module, _ in CREATORS)
NEST_ROUTE_DECORATORS = {"Get", "Post", "Put", "Patch", "Delete", "Options", "Head", "All"}


@dataclass(frozen=True)
class Middleware:
    """Something registered on an app: `app.use([path], mw)`, a Fastify/Hapi plugin, a global Nest guard."""

    app: tuple[str, int]
    path: str | None  # mount path, None when global
    value: Value  # resolved across files
    call: Call  # the registration
    order: tuple
    options: Value = None  # plugin options (Fastify register second arg, Hapi {plugin, options})

    @property
    def location(self) -> Location:
        return self.call.location

    @property
    def module(self) -> tuple[str, tuple[str, ...]] | None:
        """(package, member path) of what was registered: helmet() → ("helmet", ()), helmet.hsts() → ("helmet",
        ("hsts",)), a plugin passed uncalled (`register(require('@fastify/helmet'))`) → ("@fastify/helmet", ())."""
        return module_identity(self.value)


@dataclass(frozen=True)
class Route:
    app: tuple[str, int]
    method: str
    path: str | None
    chain: tuple[Value, ...]  # route-level middleware / guards, in order, resolved
    handler: Value
    call: Call | None
    order: tuple
    options: Obj | None = None  # Fastify route options, Hapi route options/config
    location_override: Location | None = None  # Nest: the decorated method

    @property
    def location(self) -> Location:
        if self.location_override is not None:
            return self.location_override
        assert self.call is not None
        return self.call.location


@dataclass(frozen=True)
class Mount:
    parent: tuple[str, int]
    child: tuple[str, int]
    path: str | None
    call: Call
    order: tuple


@dataclass
class App:
    """An application or router instance (identified by the call that created it)."""

    id: tuple[str, int]
    framework: str  # express, express-router, fastify, koa, koa-router, nest, hapi
    location: Location
    creation: Call | None
    middleware: list[Middleware] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)  # children mounted on this instance
    parents: list[Mount] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)  # every method call on the instance (set, disable, listen...)
    prefix: str | None = None  # koa-router `new Router({prefix})`, Fastify register prefix
    made_by: str | None = None  # the app is made by a CLI from this file's export (`fastify start app.js`)

    @property
    def is_router(self) -> bool:
        return self.framework in ("express-router", "koa-router") or self.parents != []

    @property
    def options(self) -> Value:
        """The options passed at creation (`fastify({...})`, `Hapi.server({...})`, NestFactory.create's 2nd)."""
        if self.creation is None:
            return None
        idx = 1 if self.framework == "nest" else 0
        return self.creation.arg(idx)

    def method_calls(self, name: str) -> list[Call]:
        return [c for c in self.calls if c.member == name]


@dataclass
class AppModel:
    apps: list[App]
    js: JsProject
    nest_global_guards: list[tuple[Value, Location | None]] = field(default_factory=list)
    nest_controllers: list[ClassFact] = field(default_factory=list)
    rate_limiting: str = "app"  # Settings.rate_limiting: "proxy" when a gateway in front limits requests

    def __iter__(self) -> Iterator[App]:
        return iter(self.apps)

    def app(self, app_id: tuple[str, int]) -> App | None:
        return self._by_id.get(app_id)

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.apps}

    @property
    def servers(self) -> list[App]:
        """Instances that serve responses themselves (not routers mounted elsewhere)."""
        return [a for a in self.apps if a.framework in ("express", "fastify", "koa", "nest", "hapi") and not a.parents]

    def all_routes(self) -> Iterator[tuple[App, Route]]:
        for a in self.apps:
            for r in a.routes:
                yield a, r

    def reach(self, app: App, route: Route) -> list[tuple[str | None, list[Middleware]]]:
        """Every way a route is reached from a root: (full path, middleware in effect before it) per mount chain.
        Middleware counts when registered on an ancestor before the route/mount and with a matching path."""
        out: list[tuple[str | None, list[Middleware]]] = []
        self._reach(app, route.path, route.order, [], out, 0)
        return out

    def _reach(
        self,
        app: App,
        path: str | None,
        order: tuple,
        acc: list[Middleware],
        out: list[tuple[str | None, list[Middleware]]],
        depth: int,
    ) -> None:
        full = _join(app.prefix, path) if app.framework in ("koa-router",) else path
        here = [m for m in app.middleware if _before(m.order, order) and _path_applies(m.path, full)]
        acc = here + acc
        if not app.parents or depth > 10:
            out.append((full, acc))
            return
        for mount in app.parents:
            parent = self.app(mount.parent)
            if parent is None:
                continue
            self._reach(parent, _join(mount.path, full), mount.order, acc, out, depth + 1)

    def uses_module(self, module: str) -> bool:
        return self.js.uses_module(module)


def creator_kind(module: str, path: tuple[str, ...]) -> str | None:
    """The framework an instance-creating call makes, if any. A leading `default` is the module itself for these
    CommonJS packages: compiled TypeScript and Babel call `(0, express_1.default)()` after `__importDefault`."""
    kind = CREATORS.get((module, (*path, CALL)))
    if kind is None and path[:1] == ("default",):
        kind = CREATORS.get((module, (*path[1:], CALL)))
    return kind


def module_identity(value: Value) -> tuple[str, tuple[str, ...]] | None:
    if isinstance(value, Obj):  # Hapi `{ plugin, options }`
        inner = value.get("plugin")
        return module_identity(inner) if inner is not None else None
    if isinstance(value, Ref) and value.kind == "module":
        path = value.path
        if path and path[-1] == CALL:
            path = path[:-1]
        if path and path[0] == "default":
            path = path[1:]
        return value.name, path
    return None


def _before(a: tuple, b: tuple) -> bool:
    """Registration order; across files we cannot tell, so assume it applies."""
    if not a or not b or a[0] != b[0]:
        return True
    return a <= b  # same call: `app.use("/auth", limiter, router)`


def _norm(path: str | None) -> str | None:
    if path is None:
        return None
    return "/" + path.strip("/") if path.strip("/") else "/"


def _join(prefix: str | None, path: str | None) -> str | None:
    if prefix is None:
        return path
    if path is None:
        return _norm(prefix)
    return _norm(f"{prefix.rstrip('/')}/{path.lstrip('/')}")


def _path_applies(mount: str | None, full: str | None) -> bool:
    if mount is None or full is None or mount in ("/", "*", "/*"):
        return True
    m = _norm(mount) or "/"
    f = _norm(full) or "/"
    return f == m or f.startswith(m.rstrip("/") + "/")


def _autoload_dir(js: JsProject, c: Call) -> str | None:
    """The project folder of `register(AutoLoad, { dir: path.join(__dirname, 'plugins') })` (also `join(...)`
    imported from path, and a plain relative string)."""
    opts = c.arg(1)
    where = opts.get("dir") if isinstance(opts, Obj) else None
    parts: list[str] = []
    if isinstance(where, str):
        parts = [where]
    elif isinstance(where, Ref) and where.kind == "module" and where.name in ("path", "node:path") and where.origin:
        made = js.call_at(where.origin)
        parts = [a for a in made.args if isinstance(a, str)] if made is not None else []
    if not parts:
        return None
    folder = c.file.rpartition("/")[0]
    for part in "/".join(parts).split("/"):
        if part == "..":
            folder = folder.rpartition("/")[0]
        elif part not in ("", "."):
            folder = f"{folder}/{part}" if folder else part
    return folder


def _opaque(v: Value) -> bool:
    """A registered value that may be a router we could not follow: unknown, a parameter, or what a function of
    another project file returns (`app.use(webRouter(config, auth))`)."""
    if isinstance(v, Unknown):
        return True
    if not isinstance(v, Ref):
        return False
    if v.kind in ("param", "this") or (v.kind == "global" and v.name == "await"):  # `app.use(await makeRouter())`
        return True
    return v.kind == "module" and v.name.startswith("file:") and CALL in v.path


def _path_value(v: Value) -> str | None:
    if isinstance(v, str):
        return v
    if isinstance(v, Arr) and v.items and isinstance(v.items[0], str):
        return v.items[0]
    return None


def _is_path_arg(v: Value) -> bool:
    return isinstance(v, str) or (isinstance(v, Arr) and all(isinstance(i, str) for i in v.items) and bool(v.items))


class _Builder:
    def __init__(self, js: JsProject, entry_plugins: Iterable[str] = ()) -> None:
        self.js = js
        self.entry_plugins = tuple(entry_plugins)
        self.apps: dict[tuple[str, int], App] = {}
        self.bindings: dict[str, tuple[str, int]] = {}  # param ref name → instance id
        self.invoked_at: dict[tuple[str, int], Call] = {}  # function key → the call that bound its params
        self.route_objects: dict[tuple[str, int], tuple[tuple[str, int], str | None]] = {}  # app.route('/x')
        # `routes.forEach((r) => router.use(r.path, r.route))` over an array literal: the callback's element
        # parameter ("file:start:0") → the array's items, so each item's mount is seen (node-express-boilerplate)
        self.loop_items: dict[str, tuple[Value, ...]] = {}

    def build(self) -> AppModel:
        for m in self.js:
            for c in m.calls:
                if isinstance(c.callee, Ref) and c.callee.kind == "module":
                    kind = creator_kind(c.callee.name, c.callee.path)
                    if kind is not None:
                        self.apps[c.origin] = App(c.origin, kind, c.location, c)
        for path in self.entry_plugins:  # `fastify start app.js`: fastify-cli makes the app and registers the file
            plugin = self.js.resolve(self.js.export_of(path))
            plugin = self.unwrap_fastify_plugin(plugin) or plugin
            if isinstance(plugin, Func) and plugin.params and plugin.key not in self.apps:
                self.apps[plugin.key] = App(plugin.key, "fastify", plugin.location, None, made_by="fastify-cli")
                self.bindings[f"{plugin.file}:{plugin.start_byte}:0"] = plugin.key
        for a in self.apps.values():
            if a.framework == "koa-router":
                opts = a.creation.arg(0) if a.creation else None
                if isinstance(opts, Obj) and isinstance(opts.get("prefix"), str):
                    a.prefix = opts.get("prefix")  # type: ignore[assignment]
        self.bind_params()
        self.bind_loops()
        for m in self.js:
            for c in sorted(m.calls, key=lambda c: c.end_byte):  # inner calls first: `app.route('/x').get(h)`
                self.dispatch(c)
        self.adopt_orphans()
        model = AppModel(sorted(self.apps.values(), key=lambda a: a.id), self.js)
        self.nest(model)
        return model

    def adopt_orphans(self) -> None:
        """Express routers mounted nowhere we can see, in a project with one Express app whose `use` takes
        something we cannot resolve (`this.app.use(prefix + route.path, route.router)` over a list built
        elsewhere): the routers are mounted there, at a path we do not know."""
        servers = [a for a in self.apps.values() if a.framework == "express" and not a.parents]
        orphans = [a for a in self.apps.values() if a.framework == "express-router" and not a.parents]
        if len(servers) != 1 or not orphans:
            return
        server = servers[0]
        opaque = [m for m in server.middleware if _opaque(m.value)]
        if not opaque:
            return
        where = opaque[-1]
        server.middleware.remove(where)
        for router in orphans:
            mount = Mount(server.id, router.id, None, where.call, where.order)
            server.mounts.append(mount)
            router.parents.append(mount)

    # instances ---------------------------------------------------------------------------------------------
    def instance_of(self, value: Value, depth: int = 0) -> App | None:
        if depth > 8 or not isinstance(value, Ref):
            return None
        value = self.js.resolve(value)
        if not isinstance(value, Ref):
            return None
        if value.kind == "param":
            if not value.path and value.name in self.bindings:
                return self.apps.get(self.bindings[value.name])
            return None
        if value.kind != "module" or not value.path or value.path[-1] != CALL or value.origin is None:
            return None
        if value.origin in self.apps:
            return self.apps[value.origin]
        c = self.js.call_at(value.origin)
        if c is not None and c.member in CHAINABLE and c.receiver is not None:
            return self.instance_of(c.receiver, depth + 1)
        return None

    def bind_params(self) -> None:
        """`require('./routes')(app)`, `setup(app)`, `fastify.register(plugin)`: bind the function's parameters to
        the instances passed, so calls on the parameter inside it are calls on the instance."""
        for _ in range(3):  # bindings can chain through helper functions
            changed = False
            for m in self.js:
                for c in m.calls:
                    callee = c.callee
                    if (
                        isinstance(callee, Ref)
                        and c.member != "register"
                        and not (callee.kind == "module" and callee.name.startswith("file:"))
                    ):
                        continue  # only local functions, imported project functions and plugin registrations
                    if not isinstance(callee, Ref | Func):
                        continue
                    target = self.js.resolve(callee) if isinstance(callee, Ref) else callee
                    if isinstance(target, Func):
                        for i, arg in enumerate(c.args):
                            inst = self.instance_of(arg)
                            name = f"{target.file}:{target.start_byte}:{i}"
                            if inst is not None and self.bindings.get(name) != inst.id:
                                self.bindings[name] = inst.id
                                self.invoked_at[target.key] = c
                                changed = True
                    elif c.member == "register" and c.receiver is not None:
                        parent = self.instance_of(c.receiver)
                        if parent is None or parent.framework != "fastify":
                            continue
                        for plugin, prefix, child_id in self.registered_plugins(c):
                            changed = self.bind_fastify_plugin(parent, c, plugin, prefix, child_id) or changed
            if not changed:
                break

    def bind_loops(self) -> None:
        for m in self.js:
            for start, items in m.loops.items():
                self.loop_items[f"{m.path}:{start}:0"] = items

    def expanded(self, args: list[Value]) -> list[list[Value]]:
        """The argument lists a call inside a loop callback makes: one per array item, with the element parameter's
        members (`r.path`, `r.route`) replaced by the item's; a call outside such a loop, as written."""
        looped = next((a for a in args if isinstance(a, Ref) and a.kind == "param" and a.name in self.loop_items), None)
        if looped is None:
            return [args]
        out = []
        for item in self.loop_items[looped.name]:
            row = []
            for a in args:
                if isinstance(a, Ref) and a.kind == "param" and a.name == looped.name:
                    value: Value = self.res(item)
                    for key in a.path:
                        value = self.res(value.get(key)) if isinstance(value, Obj) else None
                    row.append(value)
                else:
                    row.append(a)
            out.append(row)
        return out

    def registered_plugins(self, c: Call) -> list[tuple[Value, str | None, tuple[str, int]]]:
        """(plugin, prefix, id of its context) for `fastify.register(plugin, opts)`; for `@fastify/autoload`, every
        file under its `dir`, with the folder names as route prefix (autoload's dirNameRoutePrefix default)."""
        plugin = self.js.resolve(c.arg(0)) if c.arg(0) is not None else None
        opts = c.arg(1)
        given = opts.get("prefix") if isinstance(opts, Obj) else None
        prefix = given if isinstance(given, str) else None
        if not (isinstance(plugin, Ref) and plugin.kind == "module" and plugin.name == "@fastify/autoload"):
            return [(plugin, prefix, c.origin)]  # type: ignore[list-item]
        folder = _autoload_dir(self.js, c)
        if folder is None:
            return []
        out: list[tuple[Value, str | None, tuple[str, int]]] = []
        for m in self.js.modules:
            if not m.path.startswith(folder + "/"):
                continue
            sub = m.path[len(folder) + 1 :].rpartition("/")[0]
            value = self.js.resolve(self.js.export_of(m.path))
            out.append((value, _join(prefix, "/" + sub) if sub else prefix, (m.path, 0)))
        return out

    def bind_fastify_plugin(
        self, parent: App, c: Call, plugin: Value, prefix: str | None, child_id: tuple[str, int]
    ) -> bool:
        unwrapped = self.unwrap_fastify_plugin(plugin)
        if unwrapped is not None:
            # fastify-plugin skips encapsulation: the function works on the parent itself
            name = f"{unwrapped.file}:{unwrapped.start_byte}:0"
            if self.bindings.get(name) == parent.id:
                return False
            self.bindings[name] = parent.id
            self.invoked_at[unwrapped.key] = c
            return True
        if not isinstance(plugin, Func):
            return False
        changed = False
        if child_id not in self.apps:
            child = App(child_id, "fastify", c.location, None)
            child.prefix = prefix
            self.apps[child_id] = child
            mount = Mount(parent.id, child_id, child.prefix, c, self.order(c))
            parent.mounts.append(mount)
            child.parents.append(mount)
            changed = True
        name = f"{plugin.file}:{plugin.start_byte}:0"
        if self.bindings.get(name) != child_id:
            self.bindings[name] = child_id
            self.invoked_at[plugin.key] = c
            changed = True
        return changed

    def unwrap_fastify_plugin(self, plugin: Value | None) -> Func | None:
        """`fp(async (fastify) => ...)` from fastify-plugin: the wrapped function."""
        if not (isinstance(plugin, Ref) and plugin.is_module("fastify-plugin", CALL) and plugin.origin):
            return None
        wrap = self.js.call_at(plugin.origin)
        inner = self.js.resolve(wrap.arg(0)) if wrap is not None and wrap.args else None
        return inner if isinstance(inner, Func) else None

    def order(self, c: Call, depth: int = 0) -> tuple:
        if c.function is not None and depth < 8:
            inv = self.invoked_at.get((c.file, c.function))
            if inv is not None:
                return (*self.order(inv, depth + 1), c.end_byte)
        return (c.file, c.end_byte)

    # registrations -------------------------------------------------------------------------------------------
    def may_be_instance_call(self, c: Call) -> bool:
        callee = c.callee
        if not isinstance(callee, Ref) or not callee.path:
            return False
        if callee.kind == "module":
            return callee.name in FRAMEWORK_MODULES or callee.name.startswith("file:")
        if callee.kind == "param":
            return callee.name in self.bindings
        return False

    def dispatch(self, c: Call) -> None:
        if not self.may_be_instance_call(c) or c.receiver is None or c.member is None:
            return
        method = c.member
        recv = c.receiver
        if recv.path and recv.path[-1] == CALL and recv.origin in self.route_objects and method in HTTP_METHODS:
            app_id, path = self.route_objects[recv.origin]  # app.route('/x').get(...).post(...)
            self.route_objects[c.origin] = (app_id, path)
            routed = self.apps[app_id]
            routed.routes.append(self.route(routed, c, method, path, list(c.args)))
            return
        app = self.instance_of(recv)
        if app is None:
            return
        app.calls.append(c)
        fw = app.framework
        if method == "use":
            self.use(app, c)
        elif method == "route" and fw in ("express", "express-router") and c.args:
            self.route_objects[c.origin] = (app.id, _path_value(c.args[0]))
        elif method == "route" and fw in ("fastify", "hapi"):
            self.object_routes(app, c)
        elif method in HTTP_METHODS and c.args and fw != "nest":
            args = list(c.args)
            path = _path_value(args[0]) if _is_path_arg(args[0]) else None
            if fw == "koa-router" and isinstance(args[0], str) and len(args) > 1 and _is_path_arg(args[1]):
                args = args[1:]  # named route: router.get('name', '/path', ...)
                path = _path_value(args[0])
            if _is_path_arg(args[0]):
                args = args[1:]
            elif fw in ("express", "express-router") and method == "get" and len(c.args) == 1:
                return  # app.get('setting')
            app.routes.append(self.route(app, c, method, path, args))
        elif method == "register" and fw in ("fastify", "hapi", "nest"):  # Nest on the Fastify adapter
            self.register(app, c)
        elif method == "addHook" and fw == "fastify" and len(c.args) >= 2:
            app.middleware.append(Middleware(app.id, None, self.res(c.args[1]), c, self.order(c), c.arg(0)))
        elif method == "useGlobalGuards" and fw == "nest":
            for a in c.args:
                app.middleware.append(Middleware(app.id, None, self.res(a), c, self.order(c)))

    def res(self, v: Value) -> Value:
        return self.js.resolve(v) if isinstance(v, Ref) else v

    def route(self, app: App, c: Call, method: str, path: str | None, rest: list[Value]) -> Route:
        flat: list[Value] = []
        options: Obj | None = None
        for i, a in enumerate(rest):
            if isinstance(a, Arr):
                flat.extend(self.res(x) for x in a.items)
            elif app.framework == "fastify" and isinstance(a, Obj) and i < len(rest) - 1:
                options = a  # fastify.get(path, { config, preHandler, ... }, handler)
            else:
                flat.append(self.res(a))
        handler = flat.pop() if flat else None
        if app.framework == "fastify" and options is None and isinstance(handler, Obj):
            options, handler = handler, self.res(handler.get("handler"))
        return Route(app.id, method.upper(), path, tuple(flat), handler, c, self.order(c), options)

    def object_routes(self, app: App, c: Call) -> None:
        arg = c.arg(0)
        items = arg.items if isinstance(arg, Arr) else (arg,)
        for item in items:
            if not isinstance(item, Obj):
                continue
            method = item.get("method")
            path = item.get("url") if app.framework == "fastify" else item.get("path")
            if path is None:
                path = item.get("path")
            options = item.get("options") or item.get("config") if app.framework == "hapi" else item
            handler = item.get("handler")
            if handler is None and isinstance(options, Obj):
                handler = options.get("handler")
            chain: list[Value] = []
            if app.framework == "fastify":
                for hook in ("onRequest", "preHandler", "preValidation"):
                    h = item.get(hook)
                    chain.extend(self.res(x) for x in (h.items if isinstance(h, Arr) else (h,)) if x is not None)
            methods = method.items if isinstance(method, Arr) else (method,)
            for m in methods:
                app.routes.append(
                    Route(
                        app.id,
                        m.upper() if isinstance(m, str) else "?",
                        path if isinstance(path, str) else None,
                        tuple(chain),
                        self.res(handler),
                        c,
                        self.order(c),
                        options if isinstance(options, Obj) else None,
                    )
                )

    def use(self, app: App, c: Call) -> None:
        for args in self.expanded(list(c.args)):
            self.use_args(app, c, args)

    def use_args(self, app: App, c: Call, args: list[Value]) -> None:
        path: str | None = None
        if args and _is_path_arg(args[0]):
            path = _path_value(args[0])
            args = args[1:]
        flat: list[Value] = []
        for a in args:
            flat.extend(a.items if isinstance(a, Arr) else (a,))
        for a in flat:
            child = self.child_instance(a)
            if child is not None and child.id != app.id:
                mount = Mount(app.id, child.id, path, c, self.order(c))
                app.mounts.append(mount)
                child.parents.append(mount)
                continue
            app.middleware.append(Middleware(app.id, path, self.res(a), c, self.order(c)))

    def child_instance(self, v: Value) -> App | None:
        inst = self.instance_of(v)
        if inst is not None:
            return inst
        r = self.res(v)
        if isinstance(r, Ref) and r.path[-2:] in ((("routes", CALL)), ("middleware", CALL)) and r.origin:
            call = self.js.call_at(r.origin)  # koa: app.use(router.routes())
            if call is not None and call.receiver is not None:
                return self.instance_of(call.receiver)
        return None

    def register(self, app: App, c: Call) -> None:
        arg = c.arg(0)
        items = arg.items if isinstance(arg, Arr) else (arg,)
        for item in items:
            value = self.res(item)
            options = c.arg(1)
            if app.framework == "hapi" and isinstance(value, Obj):
                options = value.get("options")
                value = self.res(value.get("plugin"))
            if app.framework == "fastify" and (isinstance(value, Func) or self.unwrap_fastify_plugin(value)):
                continue  # a local plugin: a child context, or (fastify-plugin) the app itself; see bind_params
            app.middleware.append(Middleware(app.id, None, value, c, self.order(c), options))

    # NestJS ------------------------------------------------------------------------------------------------
    def nest(self, model: AppModel) -> None:
        nest_apps = [a for a in model.apps if a.framework == "nest"]
        for m in self.js:
            for cls in m.classes:
                for d in cls.decorators:
                    if _decorator_is(d.callee, "@nestjs/common", "Module") and d.args:
                        self.nest_module(model, d.args[0])
                        self.nest_consumer_middleware(model, m, cls, nest_apps)
                    if _decorator_is(d.callee, "@nestjs/common", "Controller"):
                        model.nest_controllers.append(cls)
                        self.nest_routes(model, m, cls, nest_apps)

    def nest_consumer_middleware(self, model: AppModel, m: JsModule, cls: ClassFact, nest_apps: list[App]) -> None:
        """`configure(consumer) { consumer.apply(helmet()).forRoutes('*') }` in a module: app-wide middleware."""
        configure = next((meth for meth in cls.methods if meth.name == "configure"), None)
        if configure is None or not nest_apps:
            return
        app = nest_apps[0]
        for c in m.calls:
            inside = configure.func.start_byte <= c.start_byte < configure.func.end_byte
            if inside and c.member == "apply" and isinstance(c.callee, Ref) and c.callee.kind == "param":
                for a in c.args:
                    app.middleware.append(Middleware(app.id, None, self.res(a), c, ("nest-module",)))

    def nest_module(self, model: AppModel, meta: Value) -> None:
        if not isinstance(meta, Obj):
            return
        providers = meta.get("providers")
        for p in providers.items if isinstance(providers, Arr) else ():
            if isinstance(p, Obj) and isinstance(p.get("provide"), Ref):
                provide = p.get("provide")
                if isinstance(provide, Ref) and provide.is_module("@nestjs/core", "APP_GUARD"):
                    model.nest_global_guards.append((p.get("useClass") or p.get("useExisting"), p.location))

    def nest_routes(self, model: AppModel, m: JsModule, cls: ClassFact, nest_apps: list[App]) -> None:
        prefix: str | None = None
        class_guards: list[Value] = []
        for d in cls.decorators:
            if _decorator_is(d.callee, "@nestjs/common", "Controller") and d.args:
                a0 = d.args[0]
                prefix = a0 if isinstance(a0, str) else (a0.get("path") if isinstance(a0, Obj) else None)  # type: ignore[assignment]
            elif _decorator_is(d.callee, "@nestjs/common", "UseGuards"):
                class_guards.extend(d.args)
            elif isinstance(d.callee, Ref) and d.callee.kind == "module" and d.callee.name == "@nestjs/throttler":
                class_guards.append(d.callee)
        app_id = nest_apps[0].id if nest_apps else ("nest", 0)
        if not nest_apps and not any(a.id == app_id for a in model.apps):
            synthetic = App(app_id, "nest", cls.location, None)
            model.apps.append(synthetic)
            model._by_id[app_id] = synthetic
            nest_apps.append(synthetic)
        app = model.app(app_id)
        assert app is not None
        for method in cls.methods:
            verb = None
            path: str | None = None
            guards = list(class_guards)
            for d in method.decorators:
                if (
                    isinstance(d.callee, Ref)
                    and d.callee.is_module("@nestjs/common", d.text)
                    and d.text in (NEST_ROUTE_DECORATORS)
                ):
                    verb = d.text.upper()
                    path = d.args[0] if d.args and isinstance(d.args[0], str) else ""
                elif _decorator_is(d.callee, "@nestjs/common", "UseGuards"):
                    guards.extend(d.args)
                elif isinstance(d.callee, Ref) and d.callee.kind == "module" and d.callee.name == "@nestjs/throttler":
                    guards.append(d.callee)
            if verb is None:
                continue
            full = _join(prefix, path) if prefix is not None else _norm(path)
            app.routes.append(
                Route(
                    app.id,
                    verb,
                    full,
                    tuple(guards),
                    method.func,
                    None,
                    (m.path, method.func.start_byte),
                    None,
                    method.func.location,
                )
            )


def _decorator_is(callee: Value, module: str, name: str) -> bool:
    return isinstance(callee, Ref) and callee.is_module(module, name)


def build_app_model(js: JsProject, entry_plugins: Iterable[str] = ()) -> AppModel:
    with no_cyclic_gc():
        return _Builder(js, entry_plugins).build()


# `fastify start [options] app.js` (fastify-cli): the file exports the plugin the CLI registers on the app it makes.
_FASTIFY_START = re.compile(r"\bfastify(?:-cli)?\s+start\b[^&|;]*?\s(\S+\.[cm]?[jt]s)\b")


def fastify_cli_entries(facts: Facts) -> list[str]:
    out = []
    for pkg in facts.package_jsons:
        for script in pkg.scripts:
            for match in _FASTIFY_START.finditer(script.command):
                folder = pkg.directory
                path = match.group(1).removeprefix("./")
                out.append(f"{folder}/{path}" if folder else path)
    return out


@collector("app")
def collect_app(facts: Facts) -> AppModel:
    model = build_app_model(facts.js, fastify_cli_entries(facts))
    model.rate_limiting = getattr(facts.settings, "rate_limiting", "app") or "app"
    return model


def calls_within(js: JsProject, func: Func) -> list[Call]:
    """Calls lexically inside a function (including nested functions)."""
    m = js.module(func.file)
    if m is None:
        return []
    return [c for c in m.calls if func.start_byte <= c.start_byte < func.end_byte]


__all__ = [
    "App",
    "AppModel",
    "Middleware",
    "Mount",
    "Route",
    "build_app_model",
    "calls_within",
    "module_identity",
]
