"""Reading dependency specifiers: alias targets, source kinds, and names/versions hidden in tarball URLs."""

from __future__ import annotations

import re
from urllib.parse import unquote

# `<registry>/<name>/-/<basename>-<version>.tgz`, the layout every npm registry uses; scoped names keep their scope
# in the path but not in the file name (`@xmldom/xmldom/-/xmldom-0.7.5.tgz`).
_TARBALL_URL = re.compile(
    r"(?:^|/)(?P<name>(?:@[^/]+/)?(?P<base>[^/@]+))/-/(?P=base)-(?P<version>[^/]+?)\.tgz(?:[?#].*)?$"
)
_GIT_PREFIXES = ("git+", "git:", "git@", "github:", "gitlab:", "bitbucket:", "gist:")
_GIT_HOST_TARBALL = re.compile(r"^https?://(?:codeload\.github\.com|github\.com|gitlab\.com|bitbucket\.org)/")
_SEMVERISH = re.compile(r"^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$")


def split_name_version(spec: str) -> tuple[str, str]:
    """`name@version` with an optional scope: `@scope/name@1.0.0` -> ("@scope/name", "1.0.0")."""
    at = spec.find("@", 1)
    if at < 0:
        return spec, ""
    return spec[:at], spec[at + 1 :]


def alias_target(spec: str) -> tuple[str, str] | None:
    """The real (name, version or range) behind an `npm:` alias spec, else None."""
    if not spec.startswith("npm:"):
        return None
    name, version = split_name_version(spec[4:])
    return (name, version) if name else None


def tarball_name_version(url: str) -> tuple[str, str] | None:
    """The package name and version a registry tarball URL points at, if it has the registry layout."""
    found = _TARBALL_URL.search(unquote(url))
    if not found:
        return None
    return found.group("name"), found.group("version")


def source_of(spec: str) -> str:
    """The kind of source a resolved spec or URL names: registry, git, tarball, file, link or workspace."""
    if not spec:
        return "registry"
    if spec.startswith("npm:"):
        return "registry"
    if spec.startswith("workspace:"):
        return "workspace"
    if spec.startswith(("link:", "portal:")):
        return "link"
    if spec.startswith("file:"):
        return "file"
    if spec.startswith(_GIT_PREFIXES) or ".git#" in spec or spec.endswith(".git"):
        return "git"
    if spec.startswith(("http://", "https://")):
        return "git" if _GIT_HOST_TARBALL.match(spec) and "/-/" not in spec else "tarball"
    if spec.startswith(("./", "../", "/", "~/")):
        return "file"
    return "registry"


def is_exact_version(text: str) -> bool:
    return bool(_SEMVERISH.match(text))
