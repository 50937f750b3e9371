"""The application model: apps, routers, middleware, routes and mounts across files and frameworks."""

from __future__ import annotations

from nodeward.analysis.appmodel import AppModel, build_app_model
from nodeward.js.extract import JsProject, extract_module
from nodeward.js.values import Func


def model_of(files: dict[str, str]) -> AppModel:
    known = frozenset(files)
    return build_app_model(
        JsProject(extract_module(p, "/nonexistent/" + p, s.encode(), known) for p, s in files.items())
    )


def test_express_app_router_across_files_with_order_and_paths() -> None:
    model = model_of(
        {
            "src/app.js": (
                "const express = require('express');\n"
                "const helmet = require('helmet');\n"
                "const { apiLimiter } = require('./middleware/limits');\n"
                "const auth = require('./routes/auth');\n"
                "const app = express();\n"
                "app.use(helmet());\n"
                "app.use('/api', apiLimiter);\n"
                "app.use('/api/auth', auth);\n"
                "app.use(express.json());\n"
                "app.get('/health', (req, res) => res.send('ok'));\n"
                "require('./routes/admin')(app);\n"
                "module.exports = app;\n"
            ),
            "src/middleware/limits.js": (
                "const rateLimit = require('express-rate-limit');\nexports.apiLimiter = rateLimit({ max: 100 });\n"
            ),
            "src/routes/auth.ts": (
                "import { Router } from 'express';\nconst router = Router();\n"
                "router.post('/login', async (req, res) => {});\n"
                "router.route('/reset').post(h1).get(h2);\nexport default router;\n"
            ),
            "src/routes/admin.js": "module.exports = function (app) {\n  app.post('/admin/token', handler);\n};\n",
        }
    )
    servers = model.servers
    assert [a.framework for a in servers] == ["express"]
    app = servers[0]
    assert [(m.path, m.module) for m in app.middleware] == [
        (None, ("helmet", ())),
        ("/api", ("express-rate-limit", ())),
        (None, ("express", ("json",))),
    ]
    assert [(r.method, r.path, r.location.line) for r in app.routes] == [
        ("GET", "/health", 10),
        ("POST", "/admin/token", 2),
    ]
    (router,) = [a for a in model if a.framework == "express-router"]
    assert router.is_router and router.location.path == "src/routes/auth.ts"
    assert sorted((r.method, r.path, r.location.line) for r in router.routes) == [
        ("GET", "/reset", 4),
        ("POST", "/login", 3),
        ("POST", "/reset", 4),
    ]
    login = next(r for r in router.routes if r.path == "/login")
    assert isinstance(login.handler, Func)
    ((full, mws),) = model.reach(router, login)
    assert full == "/api/auth/login"
    assert [m.module for m in mws] == [("helmet", ()), ("express-rate-limit", ())]
    health = app.routes[0]
    ((full, mws),) = model.reach(app, health)
    assert [m.module for m in mws] == [("helmet", ()), ("express", ("json",))]  # /api limiter: not /health


def test_fastify_plugins_routes_and_child_contexts() -> None:
    model = model_of(
        {
            "server.mjs": (
                "import Fastify from 'fastify';\n"
                "import helmet from '@fastify/helmet';\n"
                "const fastify = Fastify({ bodyLimit: 10485760 });\n"
                "await fastify.register(helmet, { contentSecurityPolicy: false });\n"
                "fastify.register(import('./auth.mjs'), { prefix: '/auth' });\n"
                "fastify.register(async (instance) => { instance.get('/inner', async () => 1); });\n"
                "fastify.route({ method: ['GET', 'POST'], url: '/r', handler: async () => 1 });\n"
                "fastify.post('/x', { config: { rateLimit: { max: 3 } } }, async () => 1);\n"
            ),
            "auth.mjs": "export default async function (app, opts) {\n  app.post('/login', async () => 1);\n}\n",
        }
    )
    root = next(a for a in model if a.framework == "fastify" and not a.parents)
    assert root.options.get("bodyLimit") == 10485760
    (mw,) = root.middleware
    assert mw.module == ("@fastify/helmet", ()) and mw.options.get("contentSecurityPolicy") is False
    assert [(r.method, r.path) for r in root.routes] == [("GET", "/r"), ("POST", "/r"), ("POST", "/x")]
    assert root.routes[2].options.lookup("config.rateLimit.max") == 3
    children = [a for a in model if a.parents]
    paths = sorted((r.path, model.reach(a, r)[0][0]) for a in children for r in a.routes)
    assert paths == [("/inner", "/inner"), ("/login", "/auth/login")]


def test_koa_with_router_and_mount() -> None:
    model = model_of(
        {
            "app.js": (
                "const Koa = require('koa');\nconst Router = require('@koa/router');\n"
                "const ratelimit = require('koa-ratelimit');\n"
                "const app = new Koa();\nconst router = new Router({ prefix: '/users' });\n"
                "router.post('/login', login).get('/me', me);\n"
                "app.use(ratelimit({ driver: 'memory' }));\n"
                "app.use(router.routes()).use(router.allowedMethods());\n"
            )
        }
    )
    app = next(a for a in model if a.framework == "koa")
    router = next(a for a in model if a.framework == "koa-router")
    assert [m.module for m in app.middleware] == [("koa-ratelimit", ()), ("@koa/router", (CALL_ALLOWED))]
    assert [(r.method, r.path) for r in router.routes] == [("POST", "/login"), ("GET", "/me")]
    ((full, mws),) = model.reach(router, router.routes[0])
    assert full == "/users/login" and [m.module for m in mws] == [("koa-ratelimit", ())]


CALL_ALLOWED = "()", "allowedMethods"


def test_nest_controllers_guards_and_app_calls() -> None:
    model = model_of(
        {
            "src/main.ts": (
                "import { NestFactory } from '@nestjs/core';\nimport helmet from 'helmet';\n"
                "async function bootstrap() {\n"
                "  const app = await NestFactory.create(AppModule, { cors: true });\n"
                "  app.use(helmet());\n  app.enableCors({ origin: true, credentials: true });\n"
                "  await app.listen(3000);\n}\nbootstrap();\n"
            ),
            "src/auth.controller.ts": (
                "import { Controller, Post, Get, UseGuards } from '@nestjs/common';\n"
                "import { ThrottlerGuard, SkipThrottle } from '@nestjs/throttler';\n"
                "@Controller('auth')\nexport class AuthController {\n"
                "  @UseGuards(ThrottlerGuard)\n  @Post('login')\n  login() {}\n"
                "  @Get('me')\n  me() {}\n}\n"
            ),
        }
    )
    (app,) = [a for a in model if a.framework == "nest"]
    assert app.options.get("cors") is True
    assert [m.module for m in app.middleware] == [("helmet", ())]
    assert [c.location.line for c in app.method_calls("enableCors")] == [6]
    routes = [(r.method, r.path, r.location.line, len(r.chain)) for r in app.routes]
    assert routes == [("POST", "/auth/login", 7, 1), ("GET", "/auth/me", 9, 0)]


def test_hapi_routes_and_plugins() -> None:
    model = model_of(
        {
            "server.js": (
                "const Hapi = require('@hapi/hapi');\n"
                "const server = Hapi.server({ port: 3000, routes: { security: true } });\n"
                "await server.register({ plugin: require('@hapi/yar'), options: { cookieOptions: {} } });\n"
                "server.route([{ method: 'POST', path: '/login', options: { handler: h } },\n"
                "  { method: 'GET', path: '/', handler: h }]);\n"
            )
        }
    )
    (server,) = model.servers
    assert server.options.lookup("routes.security") is True
    (plugin,) = server.middleware
    assert plugin.module == ("@hapi/yar", ()) and plugin.options.has("cookieOptions")
    assert [(r.method, r.path) for r in server.routes] == [("POST", "/login"), ("GET", "/")]


def test_factory_functions_return_their_app_across_files() -> None:
    model = model_of(
        {
            "src/app.js": (
                "const express = require('express');\n"
                "function createApp() {\n  const app = express();\n  app.get('/a', h);\n  return app;\n}\n"
                "const makeRouter = () => express.Router();\n"
                "const r = makeRouter();\nr.post('/login', h);\n"
                "module.exports = { createApp };\n"
            ),
            "src/server.js": (
                "const { createApp } = require('./app');\nconst app = createApp();\n"
                "app.use(require('helmet')());\napp.listen(3000);\n"
            ),
        }
    )
    (app,) = model.servers
    assert [m.module for m in app.middleware] == [("helmet", ())]
    assert [c.location.path for c in app.method_calls("listen")] == ["src/server.js"]
    (router,) = [a for a in model if a.framework == "express-router"]
    assert [(r.method, r.path) for r in router.routes] == [("POST", "/login")]


def test_class_based_app_setup_in_typescript() -> None:
    model = model_of(
        {
            "src/app.ts": (
                "import express from 'express';\nimport helmet from 'helmet';\n"
                "export class App {\n  public app: express.Application;\n"
                "  constructor() {\n    this.app = express();\n    this.middlewares();\n  }\n"
                "  private middlewares(): void {\n    this.app.use(helmet());\n  }\n"
                "  public listen(): void {\n    this.app.listen(3000);\n  }\n}\n"
            ),
        }
    )
    (app,) = model.servers
    assert app.location.line == 6
    assert [m.module for m in app.middleware] == [("helmet", ())]


def test_class_field_app() -> None:
    model = model_of(
        {
            "src/server.ts": (
                "import express from 'express';\nimport rateLimit from 'express-rate-limit';\n"
                "class Server {\n  private readonly app = express();\n"
                "  start() {\n    this.app.use(rateLimit({ limit: 10 }));\n    this.app.post('/login', h);\n  }\n}\n"
            ),
        }
    )
    (app,) = model.servers
    assert [m.module for m in app.middleware] == [("express-rate-limit", ())]
    assert [(r.method, r.path, r.location.line) for r in app.routes] == [("POST", "/login", 7)]


def test_fastify_plugin_wrapped_functions_work_on_the_parent() -> None:
    model = model_of(
        {
            "app.js": (
                "const fastify = require('fastify')();\n"
                "fastify.register(require('./plugins/security'));\n"
                "fastify.register(require('./routes/auth'), { prefix: '/auth' });\n"
            ),
            "plugins/security.js": (
                "const fp = require('fastify-plugin');\n"
                "module.exports = fp(async function (app) {\n"
                "  await app.register(require('@fastify/helmet'));\n"
                "  await app.register(require('@fastify/rate-limit'), { max: 100 });\n"
                "});\n"
            ),
            "routes/auth.js": "module.exports = async (app) => {\n  app.post('/login', async () => 'ok');\n};\n",
        }
    )
    (root,) = model.servers
    assert [m.module for m in root.middleware] == [("@fastify/helmet", ()), ("@fastify/rate-limit", ())]
    (child,) = [a for a in model if a.parents]
    ((full, mws),) = model.reach(child, child.routes[0])
    assert full == "/auth/login" and [m.module for m in mws][-1] == ("@fastify/rate-limit", ())
