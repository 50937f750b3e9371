"""Packages the fixes add, at the current major, as `npm view NAME version` gave on 2026-12-07 (update with it)."""

from __future__ import annotations

from pathlib import PurePosixPath

from nodeward.fix.context import FixContext

CURRENT = {
    "helmet": "^8.3.0",  # engines: node >= 18
    "koa-helmet": "^9.0.0",
    "@fastify/helmet": "^13.2.0",
    "express-rate-limit": "^8.7.5",
    "koa-ratelimit": "^6.0.0",  # npm view 2026-12-08
    "@fastify/rate-limit": "^11.2.0",  # npm view 2026-12-08; fastify 5
    "eslint-plugin-security": "^4.1.0",
}


def manifest_for(ctx: FixContext, path: str) -> str | None:
    """The package.json nearest to a source file, inside the project."""
    folder = PurePosixPath(path).parent
    while True:
        candidate = (folder / "package.json").as_posix()
        candidate = candidate[2:] if candidate.startswith("./") else candidate
        if ctx.source(candidate) is not None:
            return candidate
        if folder in (PurePosixPath("."), PurePosixPath("")):
            return None
        folder = folder.parent


def install_note(manifest: str, names: list[str]) -> str:
    added = ", ".join(f"{n}@{CURRENT[n]}" for n in names)
    folder = PurePosixPath(manifest).parent.as_posix()
    where = "" if folder == "." else f" in {folder}"
    return f"{manifest}: added {added}; run `npm install`{where} to update the lockfile and node_modules"
