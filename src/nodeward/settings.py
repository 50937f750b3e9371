"""CLI flags + nodeward.toml → one frozen Settings, including suppressions with reason, expiry and path glob."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from nodeward.collect.globs import GlobError, compile_glob
from nodeward.findings import Severity
from nodeward.rules.byte_sizes import parse_bytes
from nodeward.safe_files import UnsafeFile, read_bytes_in
from nodeward.vocabulary import FAIL_ON_CHOICES, PROFILE_CHOICES, ConfigError

__all__ = ["FAIL_ON_CHOICES", "PROFILE_CHOICES", "ConfigError"]  # their home is vocabulary; imported from here too

CONFIG_NAME = "nodeward.toml"
USER_CONFIG_NAME = "config.toml"  # $XDG_CONFIG_HOME/nodeward/config.toml, else ~/.config/nodeward/config.toml
MAX_CONFIG_BYTES = 1024 * 1024


# Request body limits above this fail practice 13: one JSON body at the limit blocks the event loop about a second
# (NW1301 says how it was measured).
DEFAULT_BODY_LIMIT_MAX = 32 * 1024 * 1024


@dataclass(frozen=True)
class SuppressionRule:
    """One `[[suppress]]` entry of nodeward.toml."""

    reason: str
    rule: str | None = None  # a code, code prefix or rule name
    path: str | None = None  # a glob over the finding's path
    advisory: str | None = None  # an advisory id or alias (GHSA-..., CVE-...)
    expires: dt.date | None = None
    source: str = ""  # "nodeward.toml:entry 3"

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


@dataclass(frozen=True)
class TreeConfig:
    """What the scanned repository's own nodeward.toml set that turns checks off or moves where trust comes from.

    A repository may configure what it scans, but a pull request that adds `ignore = ["NW"]` must be visible in the
    report, and one that points the advisory source at its own server must not be obeyed (unless --trust-config)."""

    path: Path
    ignore: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore_off: bool = False
    fail_on: str | None = None  # when it fails on critical findings only or never
    rate_limiting_proxy: bool = False
    deps_omit: tuple[str, ...] = ()
    suppressions: tuple[SuppressionRule, ...] = ()
    refused: tuple[str, ...] = ()  # trust settings it set and that were not used ("deps.osv-api-url")
    trusted: tuple[str, ...] = ()  # trust settings it set and that were used (--trust-config)

    def turned_off(self) -> list[str]:
        """What it turns off, one line each (only what the file itself says, never the command line's flags)."""
        out = []
        if self.ignore:
            out.append(f"ignore = {list(self.ignore)[:10]}")
        if self.select:
            out.append(f"select = {list(self.select)[:10]} (every other rule off)")
        if self.exclude:
            out.append(f"exclude = {list(self.exclude)[:10]}")
        if self.gitignore_off:
            out.append("gitignore = false")
        if self.fail_on:
            out.append(f"fail-on = {self.fail_on}")
        if self.rate_limiting_proxy:
            out.append("rules.rate-limiting = proxy (practice 5 left to a proxy)")
        if self.deps_omit:
            out.append(f"deps.omit = {list(self.deps_omit)}")
        return out


@dataclass(frozen=True)
class Settings:
    root: Path = Path(".")
    config_path: Path | None = None
    profile: str = "default"
    fail_on: str = "medium"
    exit_zero: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    use_gitignore: bool = True
    max_file_size: int = 2 * 1024 * 1024
    suppressions: tuple[SuppressionRule, ...] = ()
    # Rule options (nodeward.toml [rules] table).
    rate_limiting: str = "app"  # "app" | "proxy": a gateway in front does the rate limiting
    body_limit_max: int = DEFAULT_BODY_LIMIT_MAX
    jobs: int = 0  # 0 = pick by tree size
    cache: bool = True  # reuse JS/TS facts of unchanged files (js/fact_cache.py); --no-cache, NODEWARD_NO_CACHE
    today: dt.date = field(default_factory=dt.date.today)
    # What the scanned repository itself configured (a nodeward.toml inside the scanned folder, found there or named
    # by --config): what it turns off is shown in the report, and settings that change where trust comes from are
    # refused unless the user passed --trust-config (or NODEWARD_TRUST_CONFIG=1).
    tree: TreeConfig | None = None
    trust_config: bool = False
    trust_notes: tuple[str, ...] = ()
    user_config_path: Path | None = None  # the user-level config that was read (trusted: it is the user's own)
    # Options other stages add (deps, probe) keep their own small option objects; extra holds raw tables.
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def config_in_tree(self) -> bool:
        return self.tree is not None

    @property
    def fail_threshold(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


# Keys accepted in nodeward.toml; anything else is an error, not silence.
_TOP_KEYS = {
    "profile": str,
    "fail-on": str,
    "select": list,
    "ignore": list,
    "exclude": list,
    "include": list,
    "gitignore": bool,
    "max-file-size": int,
    "jobs": int,
    "cache": bool,
}
_RULE_KEYS = {"rate-limiting": str, "body-limit-max": (int, str)}
_SUPPRESS_KEYS = {"rule", "path", "advisory", "reason", "expires"}
# Tables owned by other stages; their own modules validate their content.
_OWNED_TABLES = ("deps", "probe")


def _type_name(t: Any) -> str:
    if isinstance(t, tuple):
        return " or ".join(x.__name__ for x in t)
    return t.__name__


def parse_size(value: int | str) -> int:
    """A size in nodeward.toml, read as the `bytes` npm package reads body-parser limits (1kb = 1024 bytes), but
    strictly: "100 megabytes" is an error here, not the 100 bytes `bytes` would make of it."""
    strict = isinstance(value, int) or (
        len(value) < 64 and re.fullmatch(r"\d+(?:\.\d+)?[ \t]*(?:[kmgtp]?b)?", value.strip(), re.IGNORECASE)
    )
    size = parse_bytes(value.strip().replace(" ", "") if isinstance(value, str) else value)
    if not strict or size is None or size < 0 or size == math.inf:
        raise ConfigError(f"cannot read size {value!r} (expected e.g. 1mb, 500kb)")
    return int(size)


def _check_type(where: str, key: str, value: Any, expected: Any) -> None:
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: '{key}' must be {_type_name(expected)}, got {type(value).__name__}")


def _parse_suppressions(entries: Any, where: str) -> tuple[SuppressionRule, ...]:
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: 'suppress' must be an array of tables ([[suppress]])")
    out = []
    for i, entry in enumerate(entries, 1):
        label = f"{where}: suppress entry {i}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{label} must be a table")
        unknown = set(entry) - _SUPPRESS_KEYS
        if unknown:
            raise ConfigError(
                f"{label}: unknown key '{sorted(unknown)[0]}' (allowed: {', '.join(sorted(_SUPPRESS_KEYS))})"
            )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{label}: a suppression needs a non-empty 'reason'")
        if not any(entry.get(k) for k in ("rule", "path", "advisory")):
            raise ConfigError(f"{label}: give at least one of 'rule', 'path' or 'advisory'")
        for key in ("rule", "path", "advisory"):
            if key in entry and not isinstance(entry[key], str):
                raise ConfigError(f"{label}: '{key}' must be a string")
        expires = entry.get("expires")
        if isinstance(expires, dt.datetime):
            expires = expires.date()
        elif isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise ConfigError(f"{label}: 'expires' must be a date like 2027-03-31") from None
        elif expires is not None and not isinstance(expires, dt.date):
            raise ConfigError(f"{label}: 'expires' must be a date like 2027-03-31")
        out.append(
            SuppressionRule(
                reason=reason.strip(),
                rule=entry.get("rule"),
                path=entry.get("path"),
                advisory=entry.get("advisory"),
                expires=expires,
                source=f"{where}: suppress entry {i}",
            )
        )
    return tuple(out)


def load_config(path: Path) -> dict[str, Any]:
    """Read and validate nodeward.toml (or the user-level config.toml, same keys) into keyword arguments for
    Settings."""
    try:
        # Through the one safe reader: a FIFO or /dev/zero named nodeward.toml is refused, not read forever.
        data = read_bytes_in(path.parent, path.name, cap=MAX_CONFIG_BYTES)
        raw = tomllib.loads(data.decode("utf-8"))
    except UnsafeFile as exc:
        raise ConfigError(f"cannot read config {path}: {exc.reason}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML in {path}: {' '.join(str(exc).split())[:200]}") from None
    except RecursionError:
        raise ConfigError(f"invalid TOML in {path}: nested too deeply") from None
    where = path.name
    kwargs: dict[str, Any] = {"config_path": path}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _TOP_KEYS:
            _check_type(where, key, value, _TOP_KEYS[key])
            kwargs[key.replace("-", "_")] = tuple(value) if isinstance(value, list) else value
        elif key == "rules":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'rules' must be a table")
            for rkey, rvalue in value.items():
                if rkey not in _RULE_KEYS:
                    raise ConfigError(f"{where}: unknown key 'rules.{rkey}' (allowed: {', '.join(sorted(_RULE_KEYS))})")
                _check_type(where, f"rules.{rkey}", rvalue, _RULE_KEYS[rkey])
                kwargs[rkey.replace("-", "_")] = rvalue
        elif key == "suppress":
            kwargs["suppressions"] = _parse_suppressions(value, where)
        elif key in _OWNED_TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{key}' must be a table")
            extra[key] = value
        else:
            allowed = sorted([*_TOP_KEYS, "rules", "suppress", *_OWNED_TABLES])
            raise ConfigError(f"{where}: unknown key '{key}' (allowed: {', '.join(allowed)})")
    if "gitignore" in kwargs:
        kwargs["use_gitignore"] = kwargs.pop("gitignore")
    if "body_limit_max" in kwargs:
        kwargs["body_limit_max"] = parse_size(kwargs["body_limit_max"])
    if extra:
        kwargs["extra"] = extra
    validate_choices(kwargs, where)
    return kwargs


def validate_choices(values: Mapping[str, Any], where: str) -> None:
    if "profile" in values and values["profile"] not in PROFILE_CHOICES:
        raise ConfigError(f"{where}: profile must be one of {', '.join(PROFILE_CHOICES)}")
    if "fail_on" in values and values["fail_on"] not in FAIL_ON_CHOICES:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON_CHOICES)}")
    if "rate_limiting" in values and values["rate_limiting"] not in ("app", "proxy"):
        raise ConfigError(f"{where}: rules.rate-limiting must be 'app' or 'proxy'")


def find_config(root: Path) -> Path | None:
    candidate = (root if root.is_dir() else root.parent) / CONFIG_NAME
    # lexists, not is_file: a FIFO or a dangling link under this name is reported by load_config, not ignored.
    return candidate if os.path.lexists(candidate) else None


def user_config_path(env: Mapping[str, str] | None = None) -> Path:
    """The user's own config: $XDG_CONFIG_HOME/nodeward/config.toml, else ~/.config/nodeward/config.toml. Trust
    settings (advisory URLs, store, registry) may come from here; never from the scanned repository."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(base) / "nodeward" / USER_CONFIG_NAME


def _inside(path: Path, root: Path) -> bool:
    try:
        base = root if root.is_dir() else root.parent
        return path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        return True  # cannot tell: treat it as the repository's (the safe side)


def build_settings(root: Path, config: Path | None, cli: Mapping[str, Any], *, trust_config: bool = False) -> Settings:
    """The user-level config first, the project's nodeward.toml on top, then CLI flags (a flag given on the command
    line wins). Trust settings of a nodeward.toml inside the scanned folder are dropped unless `trust_config`."""
    values: dict[str, Any] = {}
    user_path = user_config_path()
    if os.path.lexists(user_path):
        values.update(load_config(user_path))
        values["user_config_path"] = values.pop("config_path")
    config_path = config if config is not None else find_config(root)
    if config_path is not None:
        project = load_config(config_path)
        tree = config is None or _inside(config_path, root)
        if tree:
            project, tree_config, notes = _distrust(project, config_path, trust_config, user_path)
            values["tree"] = tree_config
            values["trust_notes"] = notes
        _merge(values, project)
    validate_choices({k: v for k, v in cli.items() if v is not None}, "command line")
    for key, value in cli.items():
        if value is None or value == ():
            continue
        if key in ("exclude", "include", "select", "ignore") and key in values:
            values[key] = tuple(values[key]) + tuple(value)
        else:
            values[key] = value
    values["root"] = root
    values["trust_config"] = trust_config
    _check_globs(values)
    return Settings(**values)


_LIST_KEYS = ("exclude", "include", "select", "ignore", "suppressions")


def _merge(values: dict[str, Any], project: Mapping[str, Any]) -> None:
    """The project's config over the user's: lists add up, tables merge key by key, other values replace."""
    for key, value in project.items():
        if key in _LIST_KEYS and key in values:
            values[key] = tuple(values[key]) + tuple(value)
        elif key == "extra" and "extra" in values:
            merged = {name: dict(table) for name, table in values["extra"].items()}
            for name, table in value.items():
                merged[name] = {**merged.get(name, {}), **table}
            values["extra"] = merged
        else:
            values[key] = value


# [deps] keys that decide where advisories and package metadata come from: a scanned repository must not choose
# them (it could point the audit at a server that answers "no vulnerabilities").
TRUST_KEYS = ("osv-api-url", "advisory-db", "registry")
TRUST_ENV = "NODEWARD_TRUST_CONFIG"
_LAX_FAIL_ON = ("critical", "never")  # failing on nothing or critical only: shown as turning checks off


def _distrust(
    project: Mapping[str, Any], path: Path, trust: bool, user_path: Path
) -> tuple[dict[str, Any], TreeConfig, tuple[str, ...]]:
    """The in-tree config with its trust settings dropped (unless --trust-config), what it turns off, and a note
    for each setting refused or accepted."""
    project = dict(project)
    extra = dict(project.get("extra") or {})
    deps = dict(extra.get("deps") or {})
    notes, refused, trusted = [], [], []
    for key in TRUST_KEYS:
        if key not in deps:
            continue
        if trust:
            trusted.append(f"deps.{key}")
            notes.append(f"{path.name} in the scanned folder sets deps.{key} = {str(deps[key])[:120]!r}: used, as "
                         "--trust-config asks")  # fmt: skip
            continue
        deps.pop(key)
        refused.append(f"deps.{key}")
        notes.append(
            f"{path.name} in the scanned folder sets deps.{key}: ignored (where advisories and package metadata "
            f"come from is taken only from the command line, the environment or your own {_home(user_path)}; "
            f"--trust-config or {TRUST_ENV}=1 accepts the repository's)"
        )
    if "deps" in extra:
        extra["deps"] = deps
        project["extra"] = extra
    omit = deps.get("omit") or ()
    fail_on = project.get("fail_on")
    tree = TreeConfig(
        path=path,
        ignore=tuple(project.get("ignore") or ()),
        select=tuple(project.get("select") or ()),
        exclude=tuple(project.get("exclude") or ()),
        gitignore_off=project.get("use_gitignore") is False,
        fail_on=fail_on if fail_on in _LAX_FAIL_ON else None,
        rate_limiting_proxy=project.get("rate_limiting") == "proxy",
        deps_omit=(omit,) if isinstance(omit, str) else tuple(str(o) for o in omit),
        suppressions=tuple(project.get("suppressions") or ()),
        refused=tuple(refused),
        trusted=tuple(trusted),
    )
    return project, tree, tuple(notes)


def _home(path: Path) -> str:
    """A path under the home folder as ~/... (reports travel: CI artifacts, PR comments)."""
    home = str(Path("~").expanduser())
    text = str(path)
    return "~" + text[len(home) :] if home != "~" and text.startswith(home + os.sep) else text


def tree_controls(settings: Settings, *, with_suppressions: bool = True) -> list[str]:
    """What the scanned repository's own nodeward.toml turns off, one line each (for the report header)."""
    tree = settings.tree
    if tree is None:
        return []
    out = tree.turned_off()
    if tree.suppressions and with_suppressions:
        n = len(tree.suppressions)
        reasons = "; ".join(f"{s.rule or s.advisory or s.path}: {s.reason}"[:80] for s in tree.suppressions[:3])
        out.append(f"{n} [[suppress]] entr{'ies' if n != 1 else 'y'} ({reasons}{' ...' if n > 3 else ''})")
    return out


def _check_globs(values: Mapping[str, Any]) -> None:
    """A glob that cannot be used (a bad range like `[z-a]`) is a one-line config error, not re.error later."""
    globs = [("exclude", g) for g in values.get("exclude") or ()] + [
        ("include", g) for g in values.get("include") or ()
    ]
    globs += [(s.source or "suppress", s.path) for s in values.get("suppressions") or () if s.path]
    for where, pattern in globs:
        try:
            compile_glob(str(pattern).strip().rstrip("/"))
        except GlobError as exc:
            raise ConfigError(f"{where}: glob {str(pattern)[:80]!r}: {exc}") from None
