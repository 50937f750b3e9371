"""Facts: everything the collectors gathered for one run, computed lazily and shared by all rules.

Collectors register by kind (`@collector("dockerfile")`); a kind is computed the first time a rule asks for it and
then cached, so a file is parsed once per scan however many rules read it. Rules receive facts and never do I/O.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from nodeward.analysis.appmodel import AppModel
    from nodeward.analysis.cookie_sites import CookieSite
    from nodeward.analysis.taint import TaintResult
    from nodeward.collect.ci_workflows import CiWorkflow
    from nodeward.collect.containers import ComposeFile, Workload
    from nodeward.collect.discover import Project
    from nodeward.collect.dockerfile import Dockerfile
    from nodeward.collect.manifests import (
        DependencyUpdateConfig,
        ESLintConfig,
        Npmrc,
        PackageJson,
        Script,
        SecurityTxtFile,
        Workspace,
    )
    from nodeward.collect.process_managers import Pm2App, ProcessType, SystemdUnit
    from nodeward.collect.runtime_config import EnvSetting
    from nodeward.js.extract import JsProject
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
    "nodeward.analysis.applicability",
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

    def add_sources(self, sources: dict[str, Any]) -> None:
        """Eager sources collected after the static facts (the deps audit, the probe record)."""
        self._sources.update({k: v for k, v in sources.items() if v is not None})

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

    # Typed accessors, one per collector kind: rules read `facts.js`, `facts.app_model`, ... and mypy sees the type.

    @property
    def js(self) -> JsProject:
        """Every JavaScript/TypeScript file's extracted facts (js/extract.py)."""
        return cast("JsProject", self.collected("js"))

    @property
    def app_model(self) -> AppModel:
        """The application model: apps, routers, routes, middleware chains (analysis/appmodel.py)."""
        return cast("AppModel", self.collected("app"))

    @property
    def taint(self) -> TaintResult:
        """Taint flows from request sources to sinks (analysis/taint.py)."""
        return cast("TaintResult", self.collected("taint"))

    @property
    def cookie_sites(self) -> list[CookieSite]:
        """Every place a cookie or session is configured or set (analysis/cookie_sites.py)."""
        return cast("list[CookieSite]", self.collected("cookie_sites"))

    @property
    def dockerfiles(self) -> list[Dockerfile]:
        return cast("list[Dockerfile]", self.collected("dockerfile"))

    @property
    def compose_files(self) -> list[ComposeFile]:
        return cast("list[ComposeFile]", self.collected("compose"))

    @property
    def kubernetes_workloads(self) -> list[Workload]:
        return cast("list[Workload]", self.collected("kubernetes"))

    @property
    def systemd_units(self) -> list[SystemdUnit]:
        return cast("list[SystemdUnit]", self.collected("systemd"))

    @property
    def procfile_processes(self) -> list[ProcessType]:
        return cast("list[ProcessType]", self.collected("procfile"))

    @property
    def pm2_apps(self) -> list[Pm2App]:
        return cast("list[Pm2App]", self.collected("pm2"))

    @property
    def script_commands(self) -> list[Script]:
        return cast("list[Script]", self.collected("script-commands"))

    @property
    def package_jsons(self) -> list[PackageJson]:
        return cast("list[PackageJson]", self.collected("package-json"))

    @property
    def package_json_by_folder(self) -> dict[str, PackageJson]:
        return cast("dict[str, PackageJson]", self.collected("package-json-by-folder"))

    @property
    def workspaces(self) -> list[Workspace]:
        return cast("list[Workspace]", self.collected("workspaces"))

    @property
    def npmrcs(self) -> list[Npmrc]:
        return cast("list[Npmrc]", self.collected("npmrc"))

    @property
    def eslint_configs(self) -> list[ESLintConfig]:
        return cast("list[ESLintConfig]", self.collected("eslint-configs"))

    @property
    def ci_workflows(self) -> list[CiWorkflow]:
        return cast("list[CiWorkflow]", self.collected("ci-workflows"))

    @property
    def dependency_update_configs(self) -> list[DependencyUpdateConfig]:
        return cast("list[DependencyUpdateConfig]", self.collected("dependency-update-configs"))

    @property
    def security_txt_files(self) -> list[SecurityTxtFile]:
        return cast("list[SecurityTxtFile]", self.collected("security-txt"))

    @property
    def env_settings(self) -> list[EnvSetting]:
        return cast("list[EnvSetting]", self.collected("env_settings"))

    @property
    def reverse_proxies(self) -> list[str]:
        """Names of reverse proxies the deployment files put in front of the app."""
        return cast("list[str]", self.collected("reverse_proxies"))

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
