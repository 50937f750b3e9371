"""The JS/TS engine: import resolution, resolved call sites, literal evaluation, exports, cross-file resolution."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from nodeward.collect.discover import discover_project
from nodeward.facts import Facts
from nodeward.js.extract import JsProject, extract_all, extract_module, tree_of
from nodeward.js.values import CALL, UNDEFINED, Arr, Func, Obj, Ref, Unknown


def module_of(src: str, path: str = "src/app.js", known: frozenset[str] = frozenset()):
    return extract_module(path, "/nonexistent/" + path, src.encode(), known)


def project_of(src: str, path: str = "src/app.js") -> JsProject:
    return JsProject([module_of(src, path)])


def test_require_forms_resolve_to_module_and_member() -> None:
    m = module_of(
        "const express = require('express');\n"
        "const { createHash: ch, randomBytes } = require('node:crypto');\n"
        "const exec = require('child_process').exec;\n"
        "ch('md5'); randomBytes(8); exec('ls'); express();\n"
    )
    imports = {(i.local, i.module, i.path) for i in m.imports}
    assert imports == {
        ("express", "express", ()),
        ("ch", "crypto", ("createHash",)),
        ("randomBytes", "crypto", ("randomBytes",)),
        ("exec", "child_process", ("exec",)),
    }
    p = JsProject([m])
    assert [c.location.line for c in p.calls_to("crypto", "createHash")] == [4]
    assert [c.args for c in p.calls_to("crypto", "createHash")] == [("md5",)]
    assert len(p.calls_to("crypto", "randomBytes")) == 1
    assert len(p.calls_to("child_process", "exec")) == 1
    assert len(p.calls_to("express")) == 1


def test_esm_import_forms() -> None:
    p = project_of(
        "import session from 'express-session';\n"
        "import * as crypto from 'node:crypto';\n"
        "import { Router as R, json } from 'express';\n"
        "import { default as helmet } from 'helmet';\n"
        "session({}); crypto.createHash('sha1'); R(); json(); helmet();\n"
    )
    assert len(p.calls_to("express-session")) == 1
    assert len(p.calls_to("crypto", "createHash")) == 1
    assert len(p.calls_to("express", "Router")) == 1
    assert len(p.calls_to("express", "json")) == 1
    assert len(p.calls_to("helmet")) == 1


def test_typescript_import_equals_and_dynamic_import() -> None:
    m = module_of(
        "import express = require('express');\nconst app = express();\n"
        "async function f() { const fs = await import('node:fs'); fs.readFileSync('x'); }\n",
        "src/app.ts",
    )
    p = JsProject([m])
    assert len(p.calls_to("express")) == 1
    assert [c.location.line for c in p.calls_to("fs", "readFileSync")] == [3]
    assert ("fs", "dynamic") in {(i.module, i.kind) for i in m.imports}


def test_method_calls_on_results_carry_the_instance_identity() -> None:
    p = project_of(
        "const express = require('express');\nconst a = express();\nconst b = express();\n"
        "a.use(x);\nb.use(y);\nexpress().listen(3);\n"
    )
    (use_a,) = [c for c in p.calls_to("express", (CALL, "use")) if c.location.line == 4]
    (use_b,) = [c for c in p.calls_to("express", (CALL, "use")) if c.location.line == 5]
    assert use_a.callee.origin != use_b.callee.origin
    creator = p.call_at(use_a.callee.origin)
    assert creator is not None and creator.location.line == 2
    assert len(p.calls_to("express", (CALL, "listen"))) == 1


def test_literal_values_constants_concat_spread_and_member_assignment() -> None:
    p = project_of(
        "const session = require('express-session');\n"
        "const PREFIX = 'app';\n"
        "const NAME = PREFIX + '.' + `sid${1 + 1}`;\n"
        "const base = { secret: 'k', cookie: { secure: false } };\n"
        "const opts = { ...base, name: NAME, ['ma' + 'xAge']: 60 * 1000 };\n"
        "opts.cookie.secure = true;\n"
        "opts.rolling = undefined;\n"
        "session(opts);\n"
        "session({ ...unknownThing });\n"
    )
    first, second = p.calls_to("express-session")
    opts = first.arg(0)
    assert isinstance(opts, Obj) and not opts.open
    assert opts.get("name") == "app.sid2"
    assert opts.get("secret") == "k"
    assert opts.get("maxAge") == 60000
    assert opts.lookup("cookie.secure") is True
    assert opts.get("rolling") is UNDEFINED
    assert opts.prop("name").location.line == 5
    other = second.arg(0)
    assert isinstance(other, Obj) and other.open and other.get("name") is None


def test_unknown_values_stay_unknown() -> None:
    p = project_of(
        "const session = require('express-session');\n"
        "session({ name: process.env.COOKIE || 'x', secret: cond ? 'a' : 'b', n: f() });\n"
    )
    opts = p.calls_to("express-session")[0].arg(0)
    assert isinstance(opts.get("name"), Unknown)
    assert isinstance(opts.get("secret"), Unknown)
    assert isinstance(opts.get("n"), Ref)  # the result of calling the global f


def test_functions_params_and_handlers() -> None:
    m = module_of(
        "const r = require('express').Router();\n"
        "r.post('/login', limiter, async (req, res, next) => { res.cookie('a', 'b'); });\n"
        "function handler({ body }, res = null) {}\n"
    )
    p = JsProject([m])
    (post,) = p.calls_to("express", ("Router", CALL, "post"))
    handler = post.arg(2)
    assert isinstance(handler, Func) and handler.params == ("req", "res", "next") and handler.is_async
    assert isinstance(post.arg(1), Ref) and post.arg(1).kind == "global"
    (cookie,) = p.method_calls("cookie")
    assert cookie.callee.kind == "param" and cookie.function == handler.start_byte
    names = {f.func.name: f.func.params for f in m.functions}
    assert names["handler"] == ("{ body }", "res")


def test_exports_and_cross_file_resolution() -> None:
    known = frozenset({"src/app.js", "src/routes/users.ts", "src/limits.js", "src/index.js"})
    users = module_of(
        "import { Router } from 'express';\nconst router = Router();\nrouter.get('/', h);\nexport default router;\n",
        "src/routes/users.ts",
        known,
    )
    limits = module_of(
        "const rateLimit = require('express-rate-limit');\n"
        "exports.authLimiter = rateLimit({ max: 5 });\nmodule.exports.other = 1;\n",
        "src/limits.js",
        known,
    )
    index = module_of(
        "export * from './limits';\nexport { default as users } from './routes/users.js';\n", "src/index.js", known
    )
    app = module_of(
        "const users = require('./routes/users');\nconst { authLimiter } = require('./limits');\n"
        "const { users: u2 } = require('.');\napp.use('/u', authLimiter, users, u2);\n",
        "src/app.js",
        known,
    )
    p = JsProject([users, limits, index, app])
    (use,) = p.method_calls("use")
    lim, router, router2 = (p.resolve(a) for a in use.args[1:])
    assert isinstance(lim, Ref) and lim.name == "express-rate-limit" and lim.path == (CALL,)
    assert p.call_at(lim.origin).location.line == 2
    assert isinstance(router, Ref) and router.path == ("Router", CALL)
    assert router.origin == ("src/routes/users.ts", router.origin[1])
    assert router2 == router
    assert {i.module for i in app.imports} == {"file:src/routes/users.ts", "file:src/limits.js", "file:src/index.js"}


def test_decorators_and_classes() -> None:
    m = module_of(
        "import { Controller, Post, UseGuards } from '@nestjs/common';\n"
        "import { ThrottlerGuard } from '@nestjs/throttler';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  @UseGuards(ThrottlerGuard)\n  @Post('login')\n  login(@Body() dto: LoginDto) { return 1; }\n}\n",
        "src/auth.controller.ts",
    )
    (cls,) = m.classes
    assert cls.name == "AuthController"
    assert [d.text for d in cls.decorators] == ["Controller"]
    assert cls.decorators[0].args == ("auth",)
    (method,) = cls.methods
    assert method.name == "login"
    assert [d.text for d in method.decorators] == ["UseGuards", "Post"]
    guard = method.decorators[0].args[0]
    assert isinstance(guard, Ref) and guard.is_module("@nestjs/throttler", "ThrottlerGuard")


def test_syntax_errors_are_reported_and_the_rest_is_used() -> None:
    m = module_of("const session = require('express-session');\nconst x = {{{ ;\nsession({ name: 'ok' });\n")
    assert m.syntax_errors
    assert len(JsProject([m]).calls_to("express-session")) == 1


def test_hostile_nesting_does_not_crash() -> None:
    src = "x = " + "[" * 3000 + "]" * 3000 + ";\n" + "y = " + " + ".join(["'a'"] * 3000) + ";\nf(1);\n"
    m = module_of(src)
    assert any(c.callee_text == "f" for c in m.calls)


def test_arrays_and_facts_are_picklable() -> None:
    m = module_of("const a = [1, ...[2, 3]];\nfoo(a, { b: [a] });\n")
    call = next(c for c in m.calls if c.callee_text == "foo")
    assert call.arg(0) == Arr((1, 2, 3), False, call.arg(0).location)
    again = pickle.loads(pickle.dumps(m))
    assert again.calls[0].args == m.calls[0].args
    assert pickle.loads(pickle.dumps(UNDEFINED)) is UNDEFINED


def test_collector_parses_each_file_once_and_tree_is_recoverable(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.js").write_text("require('helmet')();\n")
    (tmp_path / "src" / "b.tsx").write_text("const C = () => <div onClick={() => fetch('/x')} />;\n")
    (tmp_path / "src" / "bad.js").write_text("function (\n")
    facts = Facts(None, discover_project(tmp_path))  # type: ignore[arg-type]
    js = facts.js
    assert js is facts.js
    assert [m.path for m in js] == ["src/a.js", "src/b.tsx", "src/bad.js"]
    assert len(js.calls_to("helmet", CALL)) == 0 and len(js.calls_to("helmet")) == 1
    assert [c.callee_text for c in js.module("src/b.tsx").calls] == ["fetch"]
    assert [p.path for p in facts.problems] == ["src/bad.js"]
    tree, data = tree_of(js.module("src/a.js"))
    assert tree.root_node.type == "program" and data.startswith(b"require")


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_all_same_result_in_one_or_many_processes(tmp_path: Path, workers: int) -> None:
    files = []
    for i in range(40):
        rel = f"f{i}.js"
        (tmp_path / rel).write_text(f"const c = require('crypto');\nc.createHash('md5', {i});\n" * 5)
        files.append((rel, (tmp_path / rel).stat().st_size))
    import nodeward.js.extract as jsmod

    old = jsmod.PARALLEL_MIN_BYTES, jsmod.PARALLEL_MIN_FILES
    jsmod.PARALLEL_MIN_BYTES, jsmod.PARALLEL_MIN_FILES = 0, 0
    try:
        mods = extract_all(tmp_path, files, workers=workers)
    finally:
        jsmod.PARALLEL_MIN_BYTES, jsmod.PARALLEL_MIN_FILES = old
    p = JsProject(mods)
    assert len(p) == 40
    assert len(p.calls_to("crypto", "createHash")) == 200


def test_typescript_export_equals_is_the_commonjs_export() -> None:
    m = module_of("import { Router } from 'express';\nconst r = Router();\nexport = r;\n", "src/r.ts")
    value = m.exports["default"]
    assert isinstance(value, Ref) and value.is_module("express", "Router", CALL)


def test_targets_hand_rules_their_candidates(tmp_path: Path) -> None:
    from nodeward.rules.targets import JsFile, JsFiles

    (tmp_path / "a.js").write_text("const { createHash } = require('crypto');\ncreateHash('md5');\n")
    (tmp_path / "b.mjs").write_text(
        "import crypto from 'node:crypto';\ncrypto.createHash('sha1');\ncrypto.randomUUID();\n"
    )
    facts = Facts(None, discover_project(tmp_path))  # type: ignore[arg-type]
    hashes = facts.js.calls_to("crypto", "createHash")
    assert sorted((c.file, c.location.line, c.args) for c in hashes) == [("a.js", 2, ("md5",)), ("b.mjs", 2, ("sha1",))]
    assert [m.path for m in JsFile().subjects(facts)] == ["a.js", "b.mjs"]
    (js,) = JsFiles().subjects(facts)
    assert js is facts.js


def test_deeply_nested_callbacks_are_analysed_up_to_the_cap(tmp_path: Path) -> None:
    depth = 400
    src = "".join("f(function () {\n" for _ in range(depth)) + "g();\n" + "});\n" * depth + "h();\n"
    (tmp_path / "deep.js").write_text(src)
    (mod,) = extract_all(tmp_path, [("deep.js", len(src))])
    assert not isinstance(mod, tuple)
    assert "h" in {c.callee_text for c in mod.calls}


def test_compiled_typescript_interop_forms() -> None:
    p = project_of(
        '"use strict";\nconst express_1 = __importDefault(require("express"));\n'
        'const helmet_1 = require("helmet");\nconst app = (0, express_1.default)();\n'
        "app.use((0, helmet_1.default)());\nconst m = require('express-session').default;\nm({});\n",
        "dist/app.js",
    )
    assert len(p.calls_to("express-session")) == 1
    assert len(p.calls_to("helmet")) == 1
    assert len(p.calls_to("express", (CALL, "use"))) == 1  # through __importDefault and `(0, x.default)()`
