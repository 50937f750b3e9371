"""Project manifests, parsed and never evaluated: package.json, workspaces, .npmrc, ESLint config, CI, update bots.

Every value keeps the line it came from so rules can point at it. Collectors (kinds): "package-json",
"workspaces", "npmrc", "eslint-configs", "ci-workflows", "dependency-update-configs". A file that cannot be parsed
is recorded with `facts.problem` and skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from nodeward.collect.ci_workflows import CiWorkflow, parse_ci_file
from nodeward.collect.eslint_js import ESLintReference, references_from_js
from nodeward.collect.security_txt import SecurityTxt, parse_security_txt
from nodeward.collect.yaml_lines import YamlError, YList, YMap, YStr, load_yaml_document
from nodeward.facts import collector
from nodeward.findings import AtFileLine, Location
from nodeward.js.values import Arr, Func, Obj, Ref
from nodeward.knowledge.npm import DEPENDENCY_GROUPS
from nodeward.knowledge.tools import update_bot_for

if TYPE_CHECKING:
    from nodeward.facts import Facts

__all__ = [
    "CiWorkflow",
    "Dependency",
    "DependencyUpdateConfig",
    "ESLintConfig",
    "ESLintReference",
    "ManifestError",
    "Npmrc",
    "NpmrcEntry",
    "PackageJson",
    "Script",
    "Workspace",
    "load_json_lines",
]

MAX_MANIFEST_BYTES = 1024 * 1024
DEPENDENCY_KINDS = DEPENDENCY_GROUPS  # knowledge/npm.py


class ManifestError(ValueError):
    """A manifest that cannot be parsed; the message is one line."""


# --- JSON with lines ------------------------------------------------------------------------------------------

# A string or comment matches closed or not (an unclosed one runs to the end of its line, or of the text): requiring
# the closer re-scanned the rest from every `"` of `"\"\"\"...` or every `/*` (quadratic). JSON with an unclosed
# string or comment is invalid either way.
_JSONC_NOISE = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"?|//[^\n]*|/\*.*?(?:\*/|\Z)|,(?=\s*[}\]])', re.DOTALL)


def strip_json_comments(text: str) -> str:
    """JSONC → JSON: drop // and /* */ comments and trailing commas, keeping every newline so lines stay right."""

    def repl(m: re.Match[str]) -> str:
        s = m.group()
        if s.startswith('"'):
            return s
        return re.sub(r"[^\n]", " ", s)

    # Twice: a trailing comma followed by a comment (`"Symbol": true,\n  // note\n}`, sails 1.5's .eslintrc) is seen
    # as trailing only once the comment is blanked.
    return _JSONC_NOISE.sub(repl, _JSONC_NOISE.sub(repl, text))


def load_json_lines(text: str, *, comments: bool = False) -> Any:
    """Parse JSON (or JSONC) into YMap/YList/YStr values that know their lines.

    The text is validated with the json module first (so errors read like JSON errors and nesting is bounded),
    then walked once more token by token, without recursion, to learn where each value starts.
    """
    if comments:
        text = strip_json_comments(text)
    try:
        plain = json.loads(text)
    except RecursionError:
        raise ManifestError("JSON nested too deeply") from None
    except ValueError as exc:
        raise ManifestError(f"invalid JSON: {str(exc).splitlines()[0]}") from None
    if not isinstance(plain, (dict, list)):
        return plain
    return _json_with_lines(text)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def _json_with_lines(text: str) -> Any:
    """Rebuild already-validated JSON as line-aware values (an explicit stack: depth is no problem)."""
    root: Any = None
    stack: list[Any] = []
    pending: list[str | None] = []  # the key waiting for its value, per open object
    line, last = 1, 0

    def attach(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
        elif isinstance(stack[-1], YList):
            stack[-1].append(value)
        else:
            stack[-1][pending[-1]] = value
            pending[-1] = None

    for m in _JSON_TOKEN.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        tok = m.group()
        first = tok[0]
        if first == "{":
            obj = YMap(line)
            attach(obj)
            stack.append(obj)
            pending.append(None)
        elif first == "[":
            seq = YList(line)
            attach(seq)
            stack.append(seq)
            pending.append(None)
        elif first in "}]":
            stack.pop()
            pending.pop()
        elif first in ",:":
            continue
        elif first == '"':
            value = json.loads(tok)
            top = stack[-1] if stack else None
            if isinstance(top, YMap) and pending[-1] is None:
                pending[-1] = value
                top.key_lines[value] = line
            else:
                attach(YStr(value, line))
        else:
            attach(json.loads(tok))
    return root


def line_of(value: Any, default: int = 1) -> int:
    return getattr(value, "line", default) or default


# --- package.json ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Script(AtFileLine):
    name: str
    command: str
    path: str
    line: int


@dataclass(frozen=True)
class Dependency(AtFileLine):
    name: str
    spec: str
    kind: str  # dependencies | devDependencies | optionalDependencies | peerDependencies
    path: str
    line: int


@dataclass(frozen=True)
class PackageJson:
    path: str
    name: str | None
    scripts: tuple[Script, ...]
    dependencies: tuple[Dependency, ...]
    workspaces: tuple[str, ...] = ()
    workspaces_line: int = 0
    eslint_config: Any = None  # YMap of the "eslintConfig" key, parsed as a legacy config
    renovate: Any = None  # YMap of the "renovate" key
    data: Any = field(default=None, compare=False, repr=False)

    @property
    def location(self) -> Location:
        return Location(self.path, 1)

    @property
    def directory(self) -> str:
        return self.path.rpartition("/")[0]

    def dependency(self, name: str) -> Dependency | None:
        return next((d for d in self.dependencies if d.name == name), None)

    def script(self, name: str) -> Script | None:
        return next((s for s in self.scripts if s.name == name), None)

    def line_of(self, *keys: str) -> int:
        node = self.data
        line = 1
        for key in keys:
            if not isinstance(node, YMap) or key not in node:
                return line
            line = node.line_of(key)
            node = node[key]
        return line


def parse_package_json(path: str, text: str) -> PackageJson:
    data = load_json_lines(text)
    if not isinstance(data, YMap):
        raise ManifestError("package.json is not a JSON object")
    scripts = tuple(
        Script(str(name), str(cmd), path, data["scripts"].line_of(name))
        for name, cmd in _mapping(data.get("scripts")).items()
        if isinstance(cmd, str)
    )
    deps = []
    for kind in DEPENDENCY_KINDS:
        section = _mapping(data.get(kind))
        for name, spec in section.items():
            deps.append(Dependency(str(name), str(spec) if spec is not None else "", kind, path, section.line_of(name)))
    workspaces: tuple[str, ...] = ()
    ws = data.get("workspaces")
    if isinstance(ws, YMap):  # yarn classic: {"packages": [...], "nohoist": [...]}
        ws = ws.get("packages")
    if isinstance(ws, list):
        workspaces = tuple(str(w) for w in ws if isinstance(w, str))
    name = data.get("name")
    return PackageJson(
        path=path,
        name=str(name) if isinstance(name, str) else None,
        scripts=scripts,
        dependencies=tuple(deps),
        workspaces=workspaces,
        workspaces_line=data.line_of("workspaces") if "workspaces" in data else 0,
        eslint_config=data.get("eslintConfig") if isinstance(data.get("eslintConfig"), YMap) else None,
        renovate=data.get("renovate") if isinstance(data.get("renovate"), YMap) else None,
        data=data,
    )


def _mapping(value: Any) -> YMap:
    return value if isinstance(value, YMap) else YMap(0)


def _read(facts: Facts, path: str) -> str | None:
    project = facts.project
    if project is None:
        return None
    source = project.find(path)
    if source is not None and source.size > MAX_MANIFEST_BYTES:
        facts.problem(path, f"larger than {MAX_MANIFEST_BYTES // 1024} KiB; not parsed")
        return None
    return project.read_text(path)


@collector("package-json")
def collect_package_json(facts: Facts) -> list[PackageJson]:
    out: list[PackageJson] = []
    if facts.project is None:
        return out
    for source in facts.project.of_kind("package.json"):
        text = _read(facts, source.path)
        if text is None:
            continue
        try:
            out.append(parse_package_json(source.path, text))
        except ManifestError as exc:
            facts.problem(source.path, str(exc))
    return out


@collector("package-json-by-folder")
def collect_package_json_by_folder(facts: Facts) -> dict[str, PackageJson]:
    return {p.directory: p for p in facts.package_jsons}


def nearest_package_json(facts: Facts, path: str) -> list[PackageJson]:
    """The package.json files that govern `path`: its own folder's and every ancestor's, nearest first."""
    by_dir = facts.package_json_by_folder
    out = []
    parts = path.split("/")[:-1]
    for i in range(len(parts), -1, -1):
        d = "/".join(parts[:i])
        if d in by_dir:
            out.append(by_dir[d])
    return out


# --- workspaces -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace(AtFileLine):
    """A workspace root: npm/yarn `workspaces` in package.json, or pnpm-workspace.yaml."""

    path: str  # the file declaring it
    tool: str  # "npm-or-yarn" | "pnpm"
    patterns: tuple[str, ...]
    line: int
    members: tuple[str, ...]  # package.json paths matched by the patterns


def _glob_match(rel_dir: str, pattern: str) -> bool:
    regex = re.escape(pattern.strip().rstrip("/")).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, rel_dir) is not None


def _members(base: str, patterns: Iterable[str], packages: Iterable[PackageJson]) -> tuple[str, ...]:
    include = [p.removeprefix("./") for p in patterns if not p.startswith("!")]
    exclude = [p[1:].removeprefix("./") for p in patterns if p.startswith("!")]
    out = []
    for pkg in packages:
        d = pkg.directory
        if base:
            if not d.startswith(base + "/"):
                continue
            d = d[len(base) + 1 :]
        elif not d:
            continue
        if any(_glob_match(d, p) for p in include) and not any(_glob_match(d, p) for p in exclude):
            out.append(pkg.path)
    return tuple(sorted(out))


@collector("workspaces")
def collect_workspaces(facts: Facts) -> list[Workspace]:
    packages = facts.package_jsons
    out = []
    for pkg in packages:
        if pkg.workspaces:
            out.append(
                Workspace(
                    pkg.path,
                    "npm-or-yarn",
                    pkg.workspaces,
                    pkg.workspaces_line,
                    _members(pkg.directory, pkg.workspaces, packages),
                )
            )
    if facts.project is not None:
        for source in facts.project.files:
            if PurePosixPath(source.path).name != "pnpm-workspace.yaml":
                continue
            text = _read(facts, source.path)
            if text is None:
                continue
            try:
                doc = load_yaml_document(text)
            except YamlError as exc:
                facts.problem(source.path, str(exc))
                continue
            pats = doc.get("packages") if isinstance(doc, YMap) else None
            patterns = tuple(str(p) for p in pats if isinstance(p, str)) if isinstance(pats, list) else ()
            base = str(PurePosixPath(source.path).parent)
            base = "" if base == "." else base
            line = doc.line_of("packages") if isinstance(doc, YMap) else 1
            out.append(Workspace(source.path, "pnpm", patterns, line, _members(base, patterns, packages)))
    return out


# --- .npmrc ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NpmrcEntry:
    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Npmrc:
    path: str
    entries: tuple[NpmrcEntry, ...]

    @property
    def location(self) -> Location:
        return Location(self.path, 1)

    def get(self, key: str) -> NpmrcEntry | None:
        found = [e for e in self.entries if e.key == key]
        return found[-1] if found else None  # npm: the last assignment wins


def parse_npmrc(path: str, text: str) -> Npmrc:
    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;" or "=" not in line:
            continue
        key, value = line.split("=", 1)
        entries.append(NpmrcEntry(key.strip(), value.strip().strip("\"'"), number))
    return Npmrc(path, tuple(entries))


@collector("npmrc")
def collect_npmrc(facts: Facts) -> list[Npmrc]:
    out: list[Npmrc] = []
    if facts.project is None:
        return out
    for source in facts.project.files:
        if PurePosixPath(source.path).name == ".npmrc":
            text = _read(facts, source.path)
            if text is not None:
                out.append(parse_npmrc(source.path, text))
    return out


# --- ESLint configuration -------------------------------------------------------------------------------------

LEGACY_ESLINT_NAMES = (
    ".eslintrc",
    ".eslintrc.json",
    ".eslintrc.yaml",
    ".eslintrc.yml",
    ".eslintrc.js",
    ".eslintrc.cjs",
)
FLAT_ESLINT_NAMES = ("eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts")
FLAT_ESLINT_NAMES_TS = ("eslint.config.mts", "eslint.config.cts")


@dataclass(frozen=True)
class ESLintConfig(AtFileLine):
    path: str
    form: str  # "flat" | "legacy-json" | "legacy-yaml" | "legacy-js" | "package.json"
    line: int
    references: tuple[ESLintReference, ...]

    def enabled_plugins(self) -> dict[str, ESLintReference]:
        """Security plugin package → the first reference that turns some of its rules on."""
        out: dict[str, ESLintReference] = {}
        for ref in self.references:
            if ref.enables and ref.package not in out:
                out[ref.package] = ref
        return out

    def mentioned_plugins(self) -> dict[str, ESLintReference]:
        out: dict[str, ESLintReference] = {}
        for ref in self.references:
            out.setdefault(ref.package, ref)
        return out


def references_from_legacy(config: Any, path: str) -> list[ESLintReference]:
    """Security-plugin references in a legacy (eslintrc) config object, including its `overrides`."""
    from nodeward.collect.eslint_js import plugin_package, rule_enabled

    refs: list[ESLintReference] = []
    stack = [(config, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, YMap) or depth > 10:
            continue
        plugins = node.get("plugins")
        for item in plugins if isinstance(plugins, list) else []:
            pkg = plugin_package(str(item)) if isinstance(item, str) else None
            if pkg:
                refs.append(
                    ESLintReference("plugin", str(item), pkg, line_of(item, node.line_of("plugins")), False, path)
                )
        extends = node.get("extends")
        items = [extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []
        for item in items:
            if isinstance(item, str) and item.startswith("plugin:"):
                pkg = plugin_package(item[len("plugin:") :].rsplit("/", 1)[0])
                if pkg:
                    refs.append(
                        ESLintReference("extends", str(item), pkg, line_of(item, node.line_of("extends")), True, path)
                    )
        rules = node.get("rules")
        if isinstance(rules, YMap):
            for name, setting in rules.items():
                if "/" not in name:
                    continue
                pkg = plugin_package(name.rsplit("/", 1)[0])
                if pkg:
                    refs.append(ESLintReference("rule", name, pkg, rules.line_of(name), rule_enabled(setting), path))
        overrides = node.get("overrides")
        if isinstance(overrides, list):
            stack.extend((o, depth + 1) for o in overrides)
    refs.sort(key=lambda r: r.line)
    return refs


def parse_eslint_config(path: str, text: str) -> ESLintConfig:
    name = PurePosixPath(path).name
    if name in FLAT_ESLINT_NAMES or name in FLAT_ESLINT_NAMES_TS:
        return ESLintConfig(path, "flat", 1, tuple(references_from_js(text, path)))
    if name in (".eslintrc.js", ".eslintrc.cjs"):
        return ESLintConfig(path, "legacy-js", 1, tuple(references_from_js(text, path)))
    if name == ".eslintrc.json":
        data = load_json_lines(text, comments=True)
        form = "legacy-json"
    elif name in (".eslintrc.yaml", ".eslintrc.yml"):
        data = _yaml_config(text)
        form = "legacy-yaml"
    else:  # ".eslintrc": JSON with comments, or YAML (ESLint tries both)
        try:
            data = load_json_lines(text, comments=True)
            form = "legacy-json"
        except ManifestError:
            data = _yaml_config(text)
            form = "legacy-yaml"
    return ESLintConfig(path, form, 1, tuple(references_from_legacy(data, path)))


def _yaml_config(text: str) -> Any:
    try:
        return load_yaml_document(text)
    except YamlError as exc:
        raise ManifestError(str(exc)) from None


@collector("eslint-configs")
def collect_eslint_configs(facts: Facts) -> list[ESLintConfig]:
    out: list[ESLintConfig] = []
    if facts.project is None:
        return out
    wanted = set(LEGACY_ESLINT_NAMES) | set(FLAT_ESLINT_NAMES) | set(FLAT_ESLINT_NAMES_TS)
    for source in facts.project.files:
        if PurePosixPath(source.path).name not in wanted:
            continue
        text = _read(facts, source.path)
        if text is None:
            continue
        try:
            out.append(parse_eslint_config(source.path, text))
        except ManifestError as exc:
            facts.problem(source.path, str(exc))
    for pkg in facts.package_jsons:
        if pkg.eslint_config is not None:
            line = pkg.line_of("eslintConfig")
            out.append(
                ESLintConfig(pkg.path, "package.json", line, tuple(references_from_legacy(pkg.eslint_config, pkg.path)))
            )
    out.sort(key=lambda c: (c.path, c.line))
    return out


# --- CI workflows ---------------------------------------------------------------------------------------------


def ci_system(path: str) -> str | None:
    """Which CI system reads this file, by its conventional location; None for any other file."""
    p = PurePosixPath(path)
    name = p.name.lower()
    parts = p.parts
    if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows" and p.suffix in (".yml", ".yaml"):
        return "github"
    # Composite actions of the repository (`uses: ./.github/actions/lint`): their steps run in CI too.
    if ".github" in parts[:-1] and name in ("action.yml", "action.yaml"):
        return "github"
    if name in (".gitlab-ci.yml", ".gitlab-ci.yaml") or (
        len(parts) >= 2 and ".gitlab" in parts[:-1] and p.suffix in (".yml", ".yaml") and "ci" in name + str(p.parent)
    ):
        return "gitlab"
    if len(parts) >= 2 and parts[-2] == ".circleci" and name in ("config.yml", "config.yaml"):
        return "circleci"
    if name.startswith(("azure-pipelines", ".azure-pipelines")) and p.suffix in (".yml", ".yaml"):
        return "azure"
    if len(parts) >= 2 and parts[-2] in (".azure-pipelines", "azure-pipelines") and p.suffix in (".yml", ".yaml"):
        return "azure"
    if name in ("bitbucket-pipelines.yml", "bitbucket-pipelines.yaml"):
        return "bitbucket"
    if name == ".travis.yml" and len(parts) == 1:  # Travis reads the file at the repository root only
        return "travis"
    if name == "jenkinsfile" or name.startswith("jenkinsfile.") or name.endswith(".jenkinsfile"):
        return "jenkins"
    return None


@collector("ci-workflows")
def collect_ci_workflows(facts: Facts) -> list[CiWorkflow]:
    out: list[CiWorkflow] = []
    if facts.project is None:
        return out
    queue = [(source.path, ci_system(source.path)) for source in facts.project.files]
    done: set[str] = set()
    while queue:
        path, system = queue.pop(0)
        if system is None or path in done or facts.project.find(path) is None:
            continue
        done.add(path)
        text = _read(facts, path)
        if text is None:
            continue
        try:
            workflow = parse_ci_file(path, system, text)
        except (YamlError, ValueError) as exc:
            facts.problem(path, str(exc))
            continue
        out.append(workflow)
        # GitLab `include: local: ci/lint.yml` pulls jobs from files anywhere in the repository.
        for command in workflow.commands():
            if system == "gitlab" and command.kind == "include" and command.text.startswith("local: "):
                queue.append((command.text[len("local: ") :].strip().lstrip("/"), "gitlab"))
    out.sort(key=lambda w: w.path)
    return out


# --- Dependabot and Renovate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DependencyUpdateConfig(AtFileLine):
    """Dependabot or Renovate configuration; `npm` says whether npm dependencies are covered."""

    path: str
    tool: str  # "dependabot" | "renovate"
    npm: bool
    line: int  # the npm entry (Dependabot) or the config itself
    detail: str = ""


def parse_dependabot(path: str, text: str) -> DependencyUpdateConfig:
    doc = load_yaml_document(text)
    updates = doc.get("updates") if isinstance(doc, YMap) else None
    for entry in updates if isinstance(updates, list) else []:
        if isinstance(entry, YMap) and str(entry.get("package-ecosystem", "")).lower() == "npm":
            directory = entry.get("directory") or entry.get("directories") or "/"
            return DependencyUpdateConfig(path, "dependabot", True, entry.line_of("package-ecosystem"), f"{directory}")
    return DependencyUpdateConfig(path, "dependabot", False, 1, "no npm package-ecosystem entry")


def renovate_covers_npm(config: Any) -> tuple[bool, str]:
    if not isinstance(config, YMap):
        return True, ""
    if config.get("enabled") is False:
        return False, "renovate is disabled (enabled: false)"
    managers = config.get("enabledManagers")
    if isinstance(managers, list) and managers and "npm" not in [str(m) for m in managers]:
        return False, "enabledManagers does not include npm"
    npm = config.get("npm")
    if isinstance(npm, YMap) and npm.get("enabled") is False:
        return False, "npm manager disabled"
    return True, ""


@collector("dependency-update-configs")
def collect_dependency_update_configs(facts: Facts) -> list[DependencyUpdateConfig]:
    out: list[DependencyUpdateConfig] = []
    if facts.project is None:
        return out
    for source in facts.project.files:
        bot = update_bot_for(source.path)  # knowledge/tools.py: the paths each bot itself reads
        if bot is None:
            continue
        text = _read(facts, source.path)
        if text is None:
            continue
        try:
            if bot == "dependabot":
                out.append(parse_dependabot(source.path, text))
            else:
                config = load_json_lines(text, comments=True)
                npm, detail = renovate_covers_npm(config)
                out.append(DependencyUpdateConfig(source.path, "renovate", npm, 1, detail))
        except (ManifestError, YamlError) as exc:
            facts.problem(source.path, str(exc))
    for pkg in facts.package_jsons:
        if pkg.renovate is not None and pkg.directory == "":
            npm, detail = renovate_covers_npm(pkg.renovate)
            out.append(DependencyUpdateConfig(pkg.path, "renovate", npm, pkg.line_of("renovate"), detail))
    return out


def walk_values(value: Any) -> Iterator[Any]:
    """Every value below a loaded JSON/YAML value (iterative; the loaders already bounded size and depth)."""
    stack = [value]
    while stack:
        v = stack.pop()
        yield v
        if isinstance(v, Mapping):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def root_package(facts: Facts) -> PackageJson | None:
    """The outermost package.json (the project's own), or None when the scanned tree has none."""
    packages = facts.package_jsons
    return min(packages, key=lambda p: (p.path.count("/"), p.path), default=None)


def all_dependencies(facts: Facts, *, include_peer: bool = False) -> dict[str, Dependency]:
    """Every dependency name declared by any package.json of the project → its first declaration."""
    out: dict[str, Dependency] = {}
    for pkg in facts.package_jsons:
        for dep in pkg.dependencies:
            if dep.kind == "peerDependencies" and not include_peer:
                continue
            out.setdefault(dep.name, dep)
    return out


# `npm run x`, `npm x` (test/start), `yarn x`, `pnpm run x`, `bun run x`: the script name a command runs.
PACKAGE_RUNNER = re.compile(r"\b(?:npm|pnpm|yarn|bun)(?:\s+--?[\w-]+(?:[= ]\S+)?)*\s+(?:run(?:-script)?\s+)?([\w:.-]+)")


# npm-run-all / run-s / run-p take script names or globs ("lint:*"); concurrently takes "npm:lint:*".
_RUN_ALL = re.compile(r"\b(?:npm-run-all2?|run-s|run-p)\b((?:\s+(?:\"[^\"]*\"|'[^']*'|[^\s&|;]+))+)")
_CONCURRENTLY_NPM = re.compile(r"""["']?npm:([\w:.*-]+)""")


def _run_all_pattern(pattern: str) -> re.Pattern[str]:
    # npm-run-all: `*` stays within one `:` segment, `**` crosses them.
    regex = re.escape(pattern).replace(r"\*\*", ".+").replace(r"\*", "[^:]+")
    return re.compile(f"^{regex}$")


def scripts_run_by(command: str, names: Iterable[str]) -> set[str]:
    """Which of `names` (package.json script names) a command runs: `npm run x`, `yarn x`, `npm test`,
    `npm-run-all "lint:*"`, `run-s build test`, `concurrently "npm:lint:*"`."""
    names = set(names)
    found = {m.group(1) for m in PACKAGE_RUNNER.finditer(command)}
    if "t" in found:
        found.add("test")
    patterns: list[str] = []
    for m in _RUN_ALL.finditer(command):
        for token in m.group(1).split():
            token = token.strip("\"'")
            if token and not token.startswith("-"):
                patterns.append(token)
    if "concurrently" in command:
        patterns += [m.group(1) for m in _CONCURRENTLY_NPM.finditer(command)]
    for pattern in patterns:
        if "*" in pattern:
            regex = _run_all_pattern(pattern)
            found |= {n for n in names if regex.match(n)}
        else:
            found.add(pattern)
    return found & names


def script_commands(packages: Iterable[PackageJson]) -> dict[str, str]:
    """Script name → command over the given package.json files; the first one listing a name wins (pass the root
    package first)."""
    scripts: dict[str, str] = {}
    for pkg in packages:
        for s in pkg.scripts:
            scripts.setdefault(s.name, s.command)
    return scripts


def expand_scripts(command: str, scripts: Mapping[str, str], *, max_depth: int = 5) -> list[tuple[str, str]]:
    """The command itself plus the package.json scripts it runs, transitively: [(via, text)] where `via` is ""
    for the command itself and the script name otherwise. npm's pre/post hooks of a script are included.
    `scripts` comes from `script_commands`."""
    out = [("", command)]
    seen: set[str] = set()
    frontier = [command]
    for _ in range(max_depth):
        nxt = []
        for text in frontier:
            for name in sorted(scripts_run_by(text, scripts)):
                for candidate in (f"pre{name}", name, f"post{name}"):
                    if candidate in scripts and candidate not in seen:
                        seen.add(candidate)
                        out.append((candidate, scripts[candidate]))
                        nxt.append(scripts[candidate])
        frontier = nxt
        if not frontier:
            break
    return out


# --- security.txt files ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SecurityTxtFile:
    """A security.txt of the project, parsed and validated (RFC 9116) against the time of the scan. `served_by` is
    set for a security.txt the code serves (a route handler's string, express-security.txt's fields): `path` and
    `line` are then the code that serves it."""

    path: str
    parsed: SecurityTxt
    line: int = 1
    served_by: str | None = None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    def problem_location(self, line: int | None) -> Location:
        return self.location if self.served_by else Location(self.path, line or 1)


@collector("security-txt")
def collect_security_txt(facts: Facts) -> list[SecurityTxtFile]:
    out: list[SecurityTxtFile] = []
    if facts.project is None:
        return out
    now = datetime.now(timezone.utc)
    for source in facts.project.of_kind("security.txt"):
        try:
            data = facts.project.read_bytes(source.path)
        except OSError as exc:
            facts.problem(source.path, f"unreadable ({exc.strerror or exc})")
            continue
        out.append(SecurityTxtFile(source.path, parse_security_txt(data, now=now)))
    out += served_security_txt(facts, now)
    return out


def served_security_txt(facts: Facts, now: datetime) -> list[SecurityTxtFile]:
    """security.txt contents the code serves, judged by what they serve: the fields given to express-security.txt
    (it writes each as `<Key>: <value>`, the key capitalised and the rest lower-cased, as its 2.0 index.js does),
    and a string that a handler of a `/.well-known/security.txt` route sends."""
    from nodeward.analysis.appmodel import calls_within

    out: list[SecurityTxtFile] = []
    js = facts.js
    for call in js.calls_to("express-security.txt"):
        fields = call.arg(0)
        fields = js.resolve(fields) if isinstance(fields, Ref) else fields
        if not isinstance(fields, Obj) or fields.open:
            continue
        lines: list[str] = []
        for prop in fields.props:
            values = prop.value.items if isinstance(prop.value, Arr) else (prop.value,)
            if not prop.key or not all(isinstance(v, str) for v in values):
                lines = []
                break  # a computed field: what is served is not known
            key = prop.key[0].upper() + prop.key[1:].lower()
            lines += [f"{key}: {v}" for v in values]
        if lines:
            # It joins the lines with no final line break; the user cannot change that, and readers accept it,
            # so it is not held against the app (the fields themselves are judged as served).
            parsed = parse_security_txt("\n".join(lines) + "\n", now=now)
            out.append(SecurityTxtFile(call.file, parsed, call.location.line, "express-security.txt"))
    model = facts.app_model
    for app, route in model.all_routes():
        reached = [full.rstrip("/") for full, _ in model.reach(app, route) if full]
        if not any(full in ("/.well-known/security.txt", "/security.txt") for full in reached):
            continue
        handler = route.handler
        if not isinstance(handler, Func):
            continue
        for call in calls_within(js, handler):
            body = call.arg(0)
            if call.member in ("send", "end", "write") and isinstance(body, str) and ":" in body:
                parsed = parse_security_txt(body, now=now)
                out.append(SecurityTxtFile(call.file, parsed, call.location.line, f"the {route.method} route"))
                break
    return out


WEB_FRAMEWORKS = (
    "express",
    "fastify",
    "koa",
    "@hapi/hapi",
    "hapi",
    "restify",
    "@nestjs/core",
    "next",
    "nuxt",
    "@sveltejs/kit",
    "@remix-run/node",
    "polka",
    "hono",
)


def is_web_app(facts: Facts) -> bool:
    """A server application: a web framework among the dependencies, or `http(s).createServer` called. The web
    frameworks themselves (express, koa, fastify, @hapi/hapi... scanned as published) call createServer for their
    users: they are libraries, and monitoring or security.txt are their users' business."""
    root = root_package(facts)
    if root is not None and root.name in WEB_FRAMEWORKS:
        return False
    deps = all_dependencies(facts)
    if any(name in deps for name in WEB_FRAMEWORKS):
        return True
    js = facts.js
    return any(js.calls_to(m, "createServer") for m in ("http", "https", "http2"))
