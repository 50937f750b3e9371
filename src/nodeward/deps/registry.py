"""Registry metadata (packuments) by GET, for fix plans, deprecated versions and outdated majors.

No registry host is built in: the URL comes from --registry, $NODEWARD_REGISTRY, $npm_config_registry or the
`registry=` line of the project's or the user's .npmrc. Mirrors may omit `deprecated` and `time` (spec §7): both are
optional here.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nodeward.safe_files import decode, read_regular_bytes, read_text_or_none

MAX_PACKUMENT_BYTES = 64 * 1024 * 1024
MAX_NPMRC_BYTES = 65536


@dataclass(frozen=True)
class Manifest:
    version: str
    dependencies: Mapping[str, str] = field(default_factory=dict)
    optional_dependencies: Mapping[str, str] = field(default_factory=dict)
    deprecated: str | None = None
    engines_node: str | None = None


@dataclass(frozen=True)
class Packument:
    name: str
    versions: Mapping[str, Manifest]
    dist_tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> str | None:
        return self.dist_tags.get("latest")


def packument_from_json(doc: Any) -> Packument | None:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("name"), str):
        return None
    versions: dict[str, Manifest] = {}
    raw_versions = doc.get("versions")
    if isinstance(raw_versions, Mapping):
        for version, manifest in raw_versions.items():
            if not isinstance(manifest, Mapping):
                continue
            deps = manifest.get("dependencies")
            opt = manifest.get("optionalDependencies")
            deprecated = manifest.get("deprecated")
            engines = manifest.get("engines")
            versions[str(version)] = Manifest(
                version=str(version),
                dependencies={str(k): str(v) for k, v in deps.items()} if isinstance(deps, Mapping) else {},
                optional_dependencies={str(k): str(v) for k, v in opt.items()} if isinstance(opt, Mapping) else {},
                deprecated=deprecated if isinstance(deprecated, str) and deprecated else None,
                engines_node=engines.get("node") if isinstance(engines, Mapping) else None,
            )
    tags = doc.get("dist-tags")
    dist_tags = {str(k): str(v) for k, v in tags.items()} if isinstance(tags, Mapping) else {}
    return Packument(name=doc["name"], versions=versions, dist_tags=dist_tags)


def _npmrc_registry(text: str) -> str | None:
    """The first `registry=` line (by string operations: a MULTILINE `^\\s*` spans newlines, which made the pattern
    quadratic on a file of blank lines)."""
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "registry" and value.strip() and len(value.split()) == 1:
            return value.strip()
    return None


def configured_registry(project_root: Path | None, env: Mapping[str, str] | None = None) -> str | None:
    """The registry the user configured, or None (we never guess a public host)."""
    env = os.environ if env is None else env
    for key in ("NODEWARD_REGISTRY", "npm_config_registry", "NPM_CONFIG_REGISTRY"):
        if env.get(key):
            return env[key].rstrip("/")
    texts = []
    if project_root is not None:  # inside the scanned tree: regular files inside it only
        texts.append(read_text_or_none(project_root, ".npmrc", cap=MAX_NPMRC_BYTES))
    # The user's own file: may be a dotfile manager's link elsewhere, but still never a FIFO or device.
    with contextlib.suppress(OSError):
        texts.append(decode(read_regular_bytes(Path("~/.npmrc").expanduser(), cap=MAX_NPMRC_BYTES)))
    for text in texts:
        value = _npmrc_registry(text) if text else None
        if value and value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return None


class RegistryClient:
    """GET /<name> packuments with a per-run memory cache; records each request for the report."""

    def __init__(self, base_url: str, *, timeout: float = 15.0, client: Any = None) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout, follow_redirects=False)
        self._cache: dict[str, Packument | None] = {}
        self.requested: list[str] = []
        self.errors: list[str] = []

    def url_for(self, name: str) -> str:
        # Scoped names keep their @ and escape the slash: /@scope%2fname
        return f"{self.base_url}/{quote(name, safe='@')}"

    def get(self, name: str) -> Packument | None:
        if name in self._cache:
            return self._cache[name]
        import httpx

        url = self.url_for(name)
        self.requested.append(name)
        result: Packument | None = None
        try:
            response = self._client.get(url, headers={"Accept": "application/json"})
            if response.status_code == 200 and len(response.content) <= MAX_PACKUMENT_BYTES:
                result = packument_from_json(json.loads(response.content))
            elif response.status_code != 404:
                self.errors.append(f"GET {url}: HTTP {response.status_code}")
        except (httpx.HTTPError, ValueError, RecursionError) as exc:
            self.errors.append(f"GET {url}: {type(exc).__name__}")
        self._cache[name] = result
        return result

    def close(self) -> None:
        self._client.close()
