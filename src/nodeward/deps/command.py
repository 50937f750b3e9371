"""Glue between the CLI and the audit: options from flags and nodeward.toml [deps], and the sentences that say where
the advisories came from or why they could not be checked (scan.py puts them in the report)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nodeward.deps.audit import OMIT_CHOICES, SOURCE_CHOICES, DepsAudit, DepsOptions
from nodeward.plain_errors import network_cause
from nodeward.settings import ConfigError

_DEPS_KEYS = {"omit", "source", "osv-api-url", "registry", "registry-metadata", "advisory-db", "offline"}


def options_from(config: Mapping[str, Any] | None, **flags: Any) -> DepsOptions:
    """[deps] from nodeward.toml first, command-line flags on top."""
    values: dict[str, Any] = {}
    for key, value in (config or {}).items():
        if key not in _DEPS_KEYS:
            raise ConfigError(f"nodeward.toml: unknown key 'deps.{key}' (allowed: {', '.join(sorted(_DEPS_KEYS))})")
        values[key.replace("-", "_")] = value
    for key, value in flags.items():
        if value not in (None, (), False):
            values[key] = value
    omit = values.get("omit") or ()
    if isinstance(omit, str):
        omit = (omit,)
    for item in omit:
        if item not in OMIT_CHOICES:
            raise ConfigError(f"deps omit: {item!r} is not one of {', '.join(OMIT_CHOICES)}")
    source = values.get("source", "auto")
    if source not in SOURCE_CHOICES:
        raise ConfigError(f"deps source: {source!r} is not one of {', '.join(SOURCE_CHOICES)}")
    kwargs: dict[str, Any] = {"omit": frozenset(omit), "source": source, "offline": bool(values.get("offline"))}
    if values.get("advisory_db"):
        kwargs["advisory_db"] = Path(str(values["advisory_db"])).expanduser()
    if values.get("osv_api_url"):
        kwargs["osv_api_url"] = str(values["osv_api_url"])
    if values.get("registry"):
        kwargs["registry"] = str(values["registry"])
    if "registry_metadata" in values:
        kwargs["registry_metadata"] = bool(values["registry_metadata"])
    kwargs["trust_tree"] = bool(values.get("trust_tree"))
    return DepsOptions(**kwargs)


def source_line(audit: DepsAudit) -> str:
    a = audit.answer
    assert a is not None
    if a.source == "offline-store":
        age = f"{a.age_days:.1f} days old" if a.age_days is not None else "age unknown"
        return f"advisories from the offline store {a.location} (built {a.built_at}, {age}, {a.record_count} records)"
    if a.source == "none needed":
        return "no auditable packages: no advisory source was asked"
    return f"advisories from {a.source} at {a.location}"


# What each advisory source is called in a sentence.
_SOURCE_NAMES = {"osv-api": "the OSV API", "npm-bulk": "the registry's bulk advisory endpoint"}


def advisories_not_checked(unavailable: str) -> str:
    """One plain sentence with the next step, from the sources' failures ("osv-api: POST …: ConnectError: …")."""
    causes = []
    for part in unavailable.split("; "):
        name, _, detail = part.partition(": ")
        if name == "offline-store":
            if "no offline advisory store" in detail:
                causes.append("there is no offline advisory store")
            else:
                causes.append(f"the offline advisory store is unusable ({detail.split(': ', 1)[-1]})")
        elif name in _SOURCE_NAMES:
            cause = network_cause(detail)
            how = f"is unreachable ({cause[0]})" if cause and not cause[0].startswith("HTTP") else None
            if how is None:
                how = f"answered {cause[0]}" if cause else f"failed ({detail})"
            causes.append(f"{_SOURCE_NAMES[name]} {how}")
        else:
            causes.append(part)
    return (
        f"advisories not checked: {' and '.join(causes)}. Run `nodeward db update` (online) or "
        "`nodeward db import FILE` to check offline."
    )
