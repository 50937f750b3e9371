"""Facts: everything the collectors gathered for one run, computed lazily and shared by all rules.

Collectors register by kind (`@collector("dockerfile")`); a kind is computed the first time a rule asks for it and
then cached, so a file is parsed once per scan however many rules read it. Rules receive facts and never do I/O.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nodeward.collect.discover import Project
    from nodeward.settings import Settings

CollectorFunc = Callable[["Facts"], Any]
_COLLECTORS: dict[str, CollectorFunc] = {}
_LOADED = False


def collector(kind: str) -> Callable[[CollectorFunc], CollectorFunc]:
    def register(func: CollectorFunc) -> CollectorFunc:
        if kind in _COLLECTORS and _COLLECTORS[kind] is not func:
            raise ValueError(f"collector {kind!r} registered twice")
        _COLLECTORS[kind] = func
        return func

    return register


# Each module registers its @collector kinds on import: discovery and parsing (collect/, js/), then derived facts.
_COLLECTOR_MODULES = (
    "nodeward.collect.discover",
    "nodeward.js.extract",
    "nodeward.collect.manifests",
    "nodeward.analysis.appmodel",
    "nodeward.collect.runtime_config",
    "nodeward.analysis.cookie_sites",
    "nodeward.collect.containers",
    "nodeward.collect.process_managers",
    "nodeward.analysis.taint",
)


def _load_collectors() -> None:
    global _LOADED
    if not _LOADED:
        for module in _COLLECTOR_MODULES:
            importlib.import_module(module)
        _LOADED = True


class ParseProblem:
    """A file that could not be (fully) parsed: reported, skipped, and the scan goes on."""

    __slots__ = ("message", "path")

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message

    def __repr__(self) -> str:
        return f"ParseProblem({self.path!r}, {self.message!r})"


class Facts:
    """The facts of one run. `sources` holds what was collected eagerly: project, deps audit, probe record."""

    def __init__(self, settings: Settings, project: Project | None = None, **sources: Any) -> None:
        self.settings = settings
        self.project = project
        self._sources: dict[str, Any] = {k: v for k, v in sources.items() if v is not None}
        if project is not None:
            self._sources["project"] = project
        self._cache: dict[str, Any] = {}
        self.problems: list[ParseProblem] = []
        self.notices: list[str] = []  # said with the report: how a collector read the project (library mode)

    def available(self, requires: str) -> bool:
        return requires in self._sources

    def source(self, name: str) -> Any:
        return self._sources.get(name)

    def collected(self, kind: str) -> Any:
        """The facts of one kind (a list, or a model object), computed on first use."""
        if kind not in self._cache:
            _load_collectors()
            if kind not in _COLLECTORS:
                raise KeyError(f"no collector for {kind!r}")
            self._cache[kind] = _COLLECTORS[kind](self)
        return self._cache[kind]

    def problem(self, path: str, message: str) -> None:
        self.problems.append(ParseProblem(path, message))

    def source_line(self, path: str, line: int) -> str:
        """The text of one line of a scanned file (for snippets and inline suppressions); '' if unknown."""
        if self.project is None:
            return ""
        lines = self.project.lines(path)
        if 1 <= line <= len(lines):
            return lines[line - 1]
        return ""
