"""Taint knowledge: the tables of sources, sinks and barriers, and their index by package.

Taint knowledge lives in `sinks.py` (calls that must not receive request data), `sources.py` (request parts,
callbacks and calls that hand out outside data, platform entry points) and `barriers.py` (calls whose result is
safe for some sink kinds). Rows are validated when this package is imported: a malformed access path, an unknown
kind, a missing `pkg@version` or a duplicate is an import error.

## Adding a row
1. `npm install --ignore-scripts <pkg>` into a scratch folder and read its typings or source: which argument is the
   URL, the query text, the command; what the callback receives.
2. Add one row to the table of its kind with the version you read (`verified="got@14.6.6"`) and the access path
   from the import to the value (`Member[get].Argument[0]`; see `access_path.py` for the steps).
3. Add a fixture line to `tests/fixtures/rules/` that fires it (`// expect: NW1004`) and a safe look-alike
   (`// ok: NW1004`). `tests/knowledge/test_taint_rows.py` fails for a row no fixture fires.
"""

from __future__ import annotations

from collections import defaultdict

from nodeward.knowledge.access_path import Indices
from nodeward.knowledge.barriers import BARRIERS
from nodeward.knowledge.rows import (
    BarrierRow,
    EntryPointRow,
    RequestPartRow,
    ResolverMapRow,
    SinkRow,
    SourceRow,
    unique,
)
from nodeward.knowledge.sinks import SINKS
from nodeward.knowledge.sources import ENTRY_POINTS, REQUEST_PARTS, RESOLVER_MAPS, SOURCES

__all__ = [
    "BARRIERS",
    "ENTRY_POINTS",
    "REQUEST_PARTS",
    "RESOLVER_MAPS",
    "SINKS",
    "SOURCES",
    "BarrierRow",
    "EntryPointRow",
    "Indices",
    "RequestPartRow",
    "ResolverMapRow",
    "SinkRow",
    "SourceRow",
    "all_rows",
    "barriers_for",
    "sinks_for",
    "source_hints",
    "sources_for",
]


def all_rows() -> tuple[SinkRow | SourceRow | BarrierRow | EntryPointRow | RequestPartRow | ResolverMapRow, ...]:
    return (*SINKS, *SOURCES, *BARRIERS, *ENTRY_POINTS, *REQUEST_PARTS, *RESOLVER_MAPS)


unique(all_rows())

_SINKS: dict[str, list[SinkRow]] = defaultdict(list)
for _row in SINKS:
    _SINKS[_row.package].append(_row)
_SOURCES: dict[str, list[SourceRow]] = defaultdict(list)
for _src in SOURCES:
    _SOURCES[_src.package].append(_src)
_BARRIERS: dict[str, list[BarrierRow]] = defaultdict(list)
for _bar in BARRIERS:
    _BARRIERS[_bar.package].append(_bar)


def sinks_for(package: str, path: tuple[str, ...]) -> list[SinkRow]:
    """Sink rows whose callee is `path` (member names and call markers) on `package`."""
    return [r for r in _SINKS.get(package, ()) if r.access.matches(path)]


def sources_for(package: str, path: tuple[str, ...]) -> list[SourceRow]:
    return [r for r in _SOURCES.get(package, ()) if r.access.matches(path)]


def barriers_for(package: str, path: tuple[str, ...]) -> list[BarrierRow]:
    return [r for r in _BARRIERS.get(package, ()) if r.access.matches(path)]


def source_hints() -> tuple[frozenset[str], frozenset[str]]:
    """What a file with a source row's source must show: the package it imports, or (for globals such as Nuxt's
    auto-imported `readBody`) the function's name."""
    packages = frozenset(r.package for r in SOURCES if r.package != "global")
    names = frozenset(n for r in SOURCES if r.package == "global" for n in r.access.callee[0])
    return packages, names
