"""The verdict corpus: real applications and app templates published on npm, pinned, with where the app lives.

`root` is the folder inside the unpacked tarball that is the application (a template folder for starters);
`include` re-includes folders that discovery skips by default (published apps often ship their code in build/ or
dist/). `careful` marks apps whose authors visibly work at security (helmet, limiters, validation, bcrypt): the
issue's bar is that none of them gets a wrong "fails".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class App:
    id: str
    package: str
    version: str
    root: str = ""
    include: tuple[str, ...] = ()
    careful: bool = False
    # when set, the package is a generator: `generate` is its bin (inside the package) then its arguments, with
    # "{app}" for the new folder; it runs in the cache's apps/ folder on no input
    generate: tuple[str, ...] = ()


APPS = (
    App("verdaccio", "verdaccio", "6.8.0", include=("build",), careful=True),
    App("node-red", "node-red", "4.1.15"),
    App("parse-server", "parse-server", "9.10.0", careful=True),
    App("json-server", "json-server", "0.17.4"),
    App(
        "express-generator",
        "express-generator",
        "4.16.1",
        generate=("bin/express-cli.js", "--view=pug", "--git", "{app}"),
    ),
    App(
        "nestjs-starter",
        "@nestjs/cli",
        "12.0.8",
        generate=("bin/nest.js", "new", "{app}", "--skip-install", "--skip-git", "--package-manager", "npm"),
    ),
    App("fastify-cli-app", "fastify-cli", "8.0.2", generate=("cli.js", "generate", "{app}")),
    App("ts-express-starter", "typescript-express-starter", "11.1.1", root="templates/default", careful=True),
    App("express-generator-ts", "express-generator-typescript", "2.8.1", root="lib/project-files", careful=True),
    App("homebridge-ui", "homebridge-config-ui-x", "5.28.0", include=("dist",), careful=True),
    App("actual-sync-server", "@actual-app/sync-server", "26.9.0", include=("build",), careful=True),
    App("thelounge", "thelounge", "4.5.2", include=("dist",), careful=True),
    App("mongo-express", "mongo-express", "1.0.2"),
    # held out: added after the fixes of the first 13 apps, labelled and committed before nodeward ran on them
    App("signalk-server", "signalk-server", "2.32.0", include=("dist",), careful=True),
    App("express-gateway", "express-gateway", "1.16.11"),
    App("uppy-companion", "@uppy/companion", "6.2.2", careful=True),
    App("peerjs-server", "peer", "1.0.2", include=("dist",)),
    App("cors-anywhere", "cors-anywhere", "0.4.4"),
)

HELD_OUT = ("signalk-server", "express-gateway", "uppy-companion", "peerjs-server", "cors-anywhere")
