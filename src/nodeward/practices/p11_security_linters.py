"""Practice 11: security linters — ESLint enables a security plugin that is installed, a script runs it, CI runs it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import tree_sitter as ts

from nodeward.collect.ci_workflows import CiCommand
from nodeward.collect.manifests import (
    FLAT_ESLINT_NAMES,
    FLAT_ESLINT_NAMES_TS,
    ESLintConfig,
    PackageJson,
    Script,
    nearest_package_json,
    root_package,
    scripts_run_by,
)
from nodeward.collect.safe_yaml import get_entry as yaml_get_entry
from nodeward.collect.safe_yaml import is_mapping as yaml_is_mapping
from nodeward.collect.safe_yaml import is_sequence as yaml_is_sequence
from nodeward.collect.yaml_lines import YMap
from nodeward.facts import Facts
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Dependency, Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix import lines as line_edit
from nodeward.fix import yamledit as yaml_edit
from nodeward.fix.context import FixContext
from nodeward.fix.jsonedit import add_members, append_to_list
from nodeward.fix.versions import CURRENT, install_note, manifest_for
from nodeward.practices._evidence import capped
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.targets import ProjectTarget

# `eslint .`, `npx eslint`, but not `eslint-plugin-x`; framework wrappers that run ESLint with the project config.
_RUNS_ESLINT = re.compile(r"(?<![\w@/-])eslint(?![\w-])|\bnext\s+lint\b|\bng\s+lint\b|vue-cli-service\s+lint")
_TASK_RUNNER = re.compile(r"\b(?:turbo|nx|lerna)\b.*\blint\b|\bnpm-run-all\b.*\blint|\brun-[sp]\b.*\blint")
_LINT_ACTIONS = ("eslint", "super-linter", "lint-action", "megalinter")


def _configs(facts: Facts) -> list[ESLintConfig]:
    return sorted(facts.eslint_configs, key=lambda c: (c.path.count("/"), c.path, c.line))


def lint_scripts(pkg: PackageJson) -> dict[str, Script]:
    """Scripts that run ESLint, directly or through other scripts (`"ci": "npm run lint && npm test"`) or npm's
    pre/post hooks (`"pretest": "eslint ."` makes `test` lint too)."""
    by_name = {s.name: s for s in pkg.scripts}
    found = {s.name: s for s in pkg.scripts if _RUNS_ESLINT.search(s.command)}
    changed = True
    while changed:
        changed = False
        for s in pkg.scripts:
            if s.name in found:
                continue
            runs = scripts_run_by(s.command, by_name)
            hooks = {f"pre{s.name}", f"post{s.name}"}
            if runs & found.keys() or (hooks & found.keys() and hooks & by_name.keys()):
                found[s.name] = s
                changed = True
    return found


def _governing_packages(facts: Facts, configs: list[ESLintConfig]) -> list[PackageJson]:
    out: dict[str, PackageJson] = {}
    for config in configs:
        for pkg in nearest_package_json(facts, config.path):
            out.setdefault(pkg.path, pkg)
    root = root_package(facts)
    if root is not None:
        out.setdefault(root.path, root)
    return list(out.values())


@rule(
    "NW1101",
    "no-eslint-security-plugin",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=1006,
)
def no_eslint_security_plugin(facts: Facts) -> Iterator[Hit]:
    """No ESLint configuration enables a security plugin.

    ## What it checks
    Every ESLint configuration, in every form: flat `eslint.config.{js,mjs,cjs,ts}` (read statically with
    tree-sitter, never run), legacy `.eslintrc`, `.eslintrc.{json,yaml,yml,js,cjs}` and the `eslintConfig` key of
    package.json. A security plugin counts as enabled when a preset of it is used (`security.configs.recommended`,
    `plugin:security/recommended`, `sdl.configs.recommended`, `plugin:no-unsanitized/DOM`...) or at least one of its
    rules is switched on. Plugins recognised: eslint-plugin-security, @microsoft/eslint-plugin-sdl,
    eslint-plugin-no-unsanitized. Loading a plugin (`plugins: ['security']`) without enabling any rule does not
    count.

    ## Why it matters
    A security linter catches `eval` of user input, non-literal `require`, `child_process` with variables, unsafe
    regular expressions and DOM sinks while the code is written, which is the cheapest time to fix them.

    ## How to fix
    Install eslint-plugin-security (or @microsoft/eslint-plugin-sdl / eslint-plugin-no-unsanitized) as a dev
    dependency and add its recommended config to your ESLint configuration.

    ## Example
    ```js file=eslint.config.js
    const js = require('@eslint/js');
    module.exports = [js.configs.recommended];
    ```
    ```json
    {"name": "shop", "devDependencies": {"eslint": "^9.15.0", "@eslint/js": "^9.15.0"}}
    ```

    ## Use instead
    ```js file=eslint.config.js
    const js = require('@eslint/js');
    const pluginSecurity = require('eslint-plugin-security');
    module.exports = [js.configs.recommended, pluginSecurity.configs.recommended];
    ```
    ```json
    {
      "name": "shop",
      "devDependencies": {
        "eslint": "^9.15.0",
        "@eslint/js": "^9.15.0",
        "eslint-plugin-security": "^3.0.1"
      }
    }
    ```

    ## References
    - https://github.com/eslint-community/eslint-plugin-security
    - https://github.com/microsoft/eslint-plugin-sdl
    - https://github.com/mozilla/eslint-plugin-no-unsanitized
    """
    root = root_package(facts)
    if root is None:
        yield not_applicable("no package.json: not a Node.js project")
        return
    configs = _configs(facts)
    enabled = [(c, ref) for c in configs for ref in c.enabled_plugins().values()]
    yield from capped(
        holds(Location(config.path, ref.line), f"{ref.package} enabled by `{ref.text}` ({config.form} config)")
        for config, ref in enabled
    )
    if enabled:
        return
    if not configs:
        yield fails(root.location, "no ESLint configuration found, so no security linter runs")
        return
    first = configs[0]
    mentioned = first.mentioned_plugins()
    if mentioned:
        ref = next(iter(mentioned.values()))
        yield fails(
            Location(first.path, ref.line),
            f"{ref.package} is loaded but none of its rules or presets is enabled",
        )
        return
    yield fails(first.location, "ESLint configuration enables no security plugin")


LEGACY_PRESET = "plugin:security/recommended-legacy"
FLAT_PRESET = "{plugin}.configs.recommended"  # eslint-plugin-security 3+: configs.recommended is the flat preset
_JSON_CONFIGS = (".eslintrc.json", ".eslintrc")
_YAML_CONFIGS = (".eslintrc.yaml", ".eslintrc.yml", ".eslintrc")  # `.eslintrc`: JSON, else YAML, as ESLint reads it
_JS_LEGACY = (".eslintrc.js", ".eslintrc.cjs")
_JS_FLAT = FLAT_ESLINT_NAMES + FLAT_ESLINT_NAMES_TS


def _security_plugin_edits(path: str, ctx: FixContext) -> list | None:
    """The edits enabling eslint-plugin-security's recommended preset in the config at `path`, in its own style:
    appended to a legacy config's `extends` (JSON, YAML or the object a `.eslintrc.js` exports; existing entries
    kept), or to a flat config's exported array or helper call (`defineConfig([...])`, `tseslint.config(a, b)`).
    A JS config is parsed, never run."""
    name = path.rsplit("/", 1)[-1]
    text, data = ctx.text(path), ctx.source(path)
    if text is None or data is None:
        return None
    if name in _JSON_CONFIGS:
        try:
            return append_to_list(path, text, "extends", LEGACY_PRESET)
        except (ValueError, IndexError):  # comments (JSONC), YAML in `.eslintrc`, or a shape we do not rewrite
            if name != ".eslintrc":
                return None
    if name in _YAML_CONFIGS:
        return _yaml_extends_edits(path, text)
    tree = ctx.tree(path)
    value = _resolved(tree, js_edit.exported_value(tree)) if tree is not None else None
    if tree is None or value is None:
        return None
    if name in _JS_LEGACY:
        return _js_extends_edits(path, data, value)
    if name not in _JS_FLAT:
        return None
    target = value
    if value.type == "call_expression":  # defineConfig([...]) or tseslint.config(a, b)
        args = js_edit.argument_list(value)
        target = args[0] if len(args) == 1 and args[0].type == "array" else value
    esm = name.endswith((".mjs", ".mts")) or (False if name.endswith((".cjs", ".cts")) else None)
    local, import_edit = js_edit.ensure_import(path, data, tree, "pluginSecurity", "eslint-plugin-security", esm=esm)
    preset = FLAT_PRESET.format(plugin=local)
    if target.type == "array":
        edit = js_edit.add_properties(path, data, target, [preset])
    elif target.type == "call_expression":
        edit = js_edit.add_argument(path, data, target, preset)
    else:
        return None
    return [e for e in (import_edit, edit) if e is not None] if edit is not None else None


def _resolved(tree: ts.Tree, value: ts.Node | None) -> ts.Node | None:
    """The exported value, or the top-level `const NAME = ...` it names (`export default config`)."""
    if value is None or value.type != "identifier":
        return value
    name = js_edit.text_of(value)
    for stmt in tree.root_node.named_children:
        if stmt.type in ("lexical_declaration", "variable_declaration"):
            for decl in stmt.named_children:
                target = decl.child_by_field_name("name") if decl.type == "variable_declarator" else None
                if target is not None and js_edit.text_of(target) == name:
                    return decl.child_by_field_name("value")
    return None


def _js_extends_edits(path: str, data: bytes, config: ts.Node) -> list | None:
    """The legacy preset appended to the `extends` of the object a `.eslintrc.js` exports (a string made a list of
    both; the key added when missing)."""
    if config.type != "object":
        return None
    preset = js_edit.string_literal(data, LEGACY_PRESET)
    prop = js_edit.find_property(config, "extends")
    if prop is None:
        edit = js_edit.add_properties(path, data, config, [f"extends: [{preset}]"])
        return [edit] if edit else None
    value = prop.child_by_field_name("value")
    if value is None:
        return None
    if value.type == "string":
        return [js_edit.replace_node(path, value, f"[{js_edit.text_of(value)}, {preset}]")]
    edit = js_edit.add_properties(path, data, value, [preset]) if value.type == "array" else None
    return [edit] if edit else None


def _yaml_extends_edits(path: str, text: str) -> list | None:
    """The legacy preset appended to a YAML config's top-level `extends` (list or single string; added when
    missing), in the file's own layout."""
    docs = yaml_edit.documents(text)
    root = docs[0] if docs else None
    if root is None or not yaml_is_mapping(root):
        return None
    entry = yaml_get_entry(root, "extends")
    if entry is None:
        edit = yaml_edit.add_keys(path, text, root, ["extends:", f"  - {LEGACY_PRESET}"])
        return [edit or yaml_edit.append_top_level_key(path, text, ["extends:", f"  - {LEGACY_PRESET}"])]
    if yaml_is_sequence(entry.value):
        edit = yaml_edit.append_item(path, text, entry.value, LEGACY_PRESET)
    else:
        edit = yaml_edit.as_list_with(path, text, entry.value, LEGACY_PRESET)
    return [edit] if edit else None


@fix("NW1101", safe=True)
def fix_no_eslint_security_plugin(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """eslint-plugin-security's recommended preset in the project's ESLint config (flat or legacy JSON, never
    replacing what it extends), and the plugin in devDependencies."""
    path = finding.location.path
    manifest = manifest_for(ctx, path)
    if finding.message.startswith("no ESLint configuration"):
        return "no ESLint configuration to add the plugin to: `nodeward init` prints one for this project"
    if "enables no security plugin" not in finding.message or manifest is None:
        return None
    edits = _security_plugin_edits(path, ctx)
    if not edits:
        return None
    package = "eslint-plugin-security"
    return Patch(
        "enable eslint-plugin-security's recommended rules",
        tuple(edits),
        dependencies=(Dependency(manifest, package, CURRENT[package], dev=True),),
        notes=(install_note(manifest, [package]),),
    )


@rule(
    "NW1102",
    "eslint-security-plugin-not-installed",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=1006,
)
def eslint_security_plugin_not_installed(facts: Facts) -> Iterator[Hit]:
    """The ESLint config uses a security plugin that no package.json declares.

    ## What it checks
    For each security plugin an ESLint configuration refers to, whether it is a dependency (usually a
    devDependency) of the package.json governing that configuration: the one in its folder or any parent folder.

    ## Why it matters
    ESLint refuses to run with a config whose plugin cannot be loaded; the lint step then fails or, worse, gets
    disabled in CI "until someone fixes it", and no security rule runs at all.

    ## How to fix
    `npm install --save-dev eslint-plugin-security` (or the plugin named in the finding) in the package that holds
    the ESLint configuration, and commit the lockfile.

    ## Example
    ```json
    {
      "name": "shop",
      "devDependencies": {
        "eslint": "^8.57.0"
      },
      "eslintConfig": {
        "extends": [
          "plugin:security/recommended-legacy"
        ]
      }
    }
    ```

    ## Use instead
    ```json
    {
      "name": "shop",
      "devDependencies": {
        "eslint": "^8.57.0",
        "eslint-plugin-security": "^3.0.1"
      },
      "eslintConfig": {
        "extends": [
          "plugin:security/recommended-legacy"
        ]
      }
    }
    ```

    ## References
    - https://eslint.org/docs/latest/use/configure/plugins
    """
    root = root_package(facts)
    for config in _configs(facts):
        governing = nearest_package_json(facts, config.path)
        if root is not None and root not in governing:
            governing.append(root)
        declared = {d.name for pkg in governing for d in pkg.dependencies}
        for package, ref in config.mentioned_plugins().items():
            if package in declared:
                continue
            where = governing[0].path if governing else "no package.json"
            yield fails(
                Location(config.path, ref.line),
                f"{package} is used by the ESLint config but is not a dependency ({where})",
                fix=f"npm install --save-dev {package}",
            )


@rule("NW1103", "no-lint-script", on=ProjectTarget(), severity=Severity.LOW, confidence=Confidence.HIGH, cwe=1006)
def no_lint_script(facts: Facts) -> Iterator[Hit]:
    """ESLint is configured but no package.json script runs it.

    ## What it checks
    When the project has an ESLint configuration, whether a package.json script runs ESLint: directly (`eslint .`,
    `next lint`, `ng lint`), through another script (`"ci": "npm run lint"`), or as an npm hook (`"pretest":
    "eslint ."`).

    ## Why it matters
    A configuration nobody runs protects nothing. A named script is also what CI and pre-commit hooks call, so it
    keeps every developer and the pipeline linting the same way.

    ## How to fix
    Add `"lint": "eslint ."` to the scripts of package.json (and run it in CI, see NW1104).

    ## Example
    ```json
    {
      "name": "shop",
      "scripts": {
        "start": "node server.js"
      },
      "devDependencies": {
        "eslint": "^8.57.0",
        "eslint-plugin-security": "^3.0.1"
      },
      "eslintConfig": {
        "extends": [
          "plugin:security/recommended-legacy"
        ]
      }
    }
    ```

    ## Use instead
    ```json
    {
      "name": "shop",
      "scripts": {
        "start": "node server.js",
        "lint": "eslint ."
      },
      "devDependencies": {
        "eslint": "^8.57.0",
        "eslint-plugin-security": "^3.0.1"
      },
      "eslintConfig": {
        "extends": [
          "plugin:security/recommended-legacy"
        ]
      }
    }
    ```

    ## References
    - https://docs.npmjs.com/cli/using-npm/scripts
    """
    configs = _configs(facts)
    if not configs:
        return  # NW1101 reports the missing configuration
    packages = _governing_packages(facts, configs)
    found = [s for pkg in packages for s in lint_scripts(pkg).values()]
    yield from capped(holds(s.location, f"script `{s.name}` runs ESLint: {s.command[:80]}") for s in found)
    if found or not packages:
        return
    pkg = packages[0]
    line = pkg.line_of("scripts") if pkg.scripts else 1
    yield fails(Location(pkg.path, line), "no package.json script runs ESLint")


def ci_lint_commands(facts: Facts, names: set[str]) -> list[CiCommand]:
    out = []
    for workflow in facts.ci_workflows:
        for command in workflow.commands():
            text = command.text
            if command.kind in ("uses", "orb", "pipe", "task", "image"):
                if any(a in text.lower() for a in _LINT_ACTIONS):
                    out.append(command)
                continue
            if command.kind != "run":
                continue
            runs = scripts_run_by(text, names)
            if _RUNS_ESLINT.search(text) or runs & names or _TASK_RUNNER.search(text):
                out.append(command)
    return out


def _has_eslint(ctx: FixContext, manifest: str) -> bool:
    try:
        pkg = json.loads(ctx.text(manifest) or "{}")
    except ValueError:
        return False
    return isinstance(pkg, dict) and any("eslint" in (pkg.get(s) or {}) for s in ("devDependencies", "dependencies"))


NO_ESLINT = "eslint is not a dependency: `npm install --save-dev eslint`, then nodeward fix adds the lint script"


@fix("NW1103", safe=True)
def fix_no_lint_script(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """`"lint": "eslint ."` in package.json scripts, when ESLint is a dependency and no `lint` script exists."""
    path = finding.location.path
    text = ctx.text(path)
    if text is None:
        return None
    if not _has_eslint(ctx, path):
        return NO_ESLINT
    try:
        if "lint" in (json.loads(text).get("scripts") or {}):
            return None  # a `lint` script that does not run ESLint: the user decides
        edits = add_members(path, text, "scripts", {"lint": "eslint ."})
    except (ValueError, IndexError, AttributeError):
        return None
    return Patch("add a `lint` script running ESLint", tuple(edits))


# Git-hook managers and the files they read. Husky v5+ keeps shell hooks in .husky/; lint-staged runs commands on
# the staged files; pre-commit (the npm package) runs named scripts; simple-git-hooks and husky v4 keep hooks in
# package.json; lefthook and the pre-commit framework read YAML.
_HOOK_FILES = (".husky/pre-commit", ".husky/pre-push", "lefthook.yml", ".lefthook.yml", ".pre-commit-config.yaml")
_LINT_STAGED_FILES = (
    ".lintstagedrc",
    ".lintstagedrc.json",
    ".lintstagedrc.yaml",
    ".lintstagedrc.yml",
    ".lintstagedrc.js",
    ".lintstagedrc.cjs",
    ".lintstagedrc.mjs",
    "lint-staged.config.js",
    "lint-staged.config.cjs",
    "lint-staged.config.mjs",
)


def _hook_lint(facts: Facts, packages: list[PackageJson], names: set[str]) -> Iterator[tuple[Location, str]]:
    """(where, how) for each git hook that runs ESLint: directly, through a lint script, or through lint-staged
    whose configuration runs it."""

    def runs_lint(text: str) -> bool:
        return bool(_RUNS_ESLINT.search(text) or scripts_run_by(text, names) & names)

    staged: list[tuple[Location, str]] = []
    for pkg in packages:
        data = pkg.data if isinstance(pkg.data, YMap) else None
        config = data.get("lint-staged") if data is not None else None
        if data is not None and config is not None and runs_lint(_flat_text(config)):
            staged.append((Location(pkg.path, data.line_of("lint-staged")), "lint-staged in package.json"))
    folders = sorted({pkg.directory for pkg in packages} | {""})
    for folder in folders:
        for name in _LINT_STAGED_FILES:
            path = f"{folder}/{name}" if folder else name
            text = facts.project.read_text(path) if facts.project and facts.project.find(path) else None
            if text and runs_lint(text):
                staged.append((Location(path, 1), f"lint-staged config {path}"))
    for pkg in packages:
        data = pkg.data if isinstance(pkg.data, YMap) else None
        if data is None:
            continue
        for key in ("pre-commit", "precommit", "simple-git-hooks", "husky"):
            value = data.get(key)
            text = _flat_text(value) if value is not None else ""
            if text and (runs_lint(text) or (staged and "lint-staged" in text)):
                yield Location(pkg.path, data.line_of(key)), f"`{key}` in package.json"
    for folder in folders:
        for name in _HOOK_FILES:
            path = f"{folder}/{name}" if folder else name
            text = facts.project.read_text(path) if facts.project and facts.project.find(path) else None
            if not text:
                continue
            for number, line in enumerate(text.splitlines(), 1):
                if runs_lint(line) or (staged and "lint-staged" in line):
                    yield Location(path, number), path
                    break


def _flat_text(value: object) -> str:
    """The strings of a YAML/JSON value, joined: `{"*.js": ["eslint --fix"]}` → "*.js eslint --fix"."""
    if isinstance(value, YMap):
        return " ".join(f"{k} {_flat_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(_flat_text(v) for v in value)
    return str(value)


@rule("NW1104", "lint-not-run-in-ci", on=ProjectTarget(), severity=Severity.LOW, confidence=Confidence.MEDIUM, cwe=1006)
def lint_not_run_in_ci(facts: Facts) -> Iterator[Hit]:
    """ESLint is set up but no CI job runs it.

    ## What it checks
    When the project has an ESLint configuration, whether a CI job (GitHub Actions, GitLab CI, CircleCI, Azure
    Pipelines, Bitbucket Pipelines, Travis CI, Jenkins) runs ESLint: `eslint` itself, a package.json script that
    runs it (`npm run lint`, `yarn lint`, `npm test` when `pretest` lints), a task runner's lint target (`turbo run
    lint`, `nx run-many -t lint`), or a lint action (super-linter, lint-action, reviewdog's eslint action). A git
    hook that runs ESLint on every commit (husky's `.husky/pre-commit`, lint-staged, the `pre-commit` package,
    simple-git-hooks, lefthook, the pre-commit framework) is a gate in the workflow too and counts as evidence.

    ## Why it matters
    Linting that only runs when a developer remembers lets insecure patterns through on exactly the changes nobody
    looked at closely. CI is where a rule becomes a gate.

    ## How to fix
    Add a step running `npm run lint` (or `npx eslint .`) to the CI workflow that runs on pull requests.

    ## Example
    ```yaml file=.github/workflows/ci.yml
    on: [pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: npm ci
          - run: npm test
    ```
    ```json
    {
      "name": "shop",
      "scripts": {
        "test": "node --test",
        "lint": "eslint ."
      },
      "eslintConfig": {
        "extends": [
          "plugin:security/recommended-legacy"
        ]
      }
    }
    ```

    ## Use instead
    ```yaml file=.github/workflows/ci.yml
    on: [pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: npm ci
          - run: npm run lint
          - run: npm test
    ```
    ```json
    {
      "name": "shop",
      "scripts": {
        "test": "node --test",
        "lint": "eslint ."
      },
      "eslintConfig": {
        "extends": [
          "plugin:security/recommended-legacy"
        ]
      }
    }
    ```

    ## References
    - https://docs.github.com/en/actions/use-cases-and-examples/building-and-testing/building-and-testing-nodejs
    """
    configs = _configs(facts)
    if not configs:
        return
    packages = _governing_packages(facts, configs)
    scripts = {name: s for pkg in packages for name, s in lint_scripts(pkg).items()}
    commands = ci_lint_commands(facts, set(scripts))
    yield from capped(holds(c, f"CI job `{c.job}` runs ESLint: {c.text[:80]}") for c in commands)
    if commands:
        return
    hooks = list(_hook_lint(facts, packages, set(scripts)))
    yield from capped(holds(where, f"a git hook runs ESLint before each commit ({how})") for where, how in hooks)
    if hooks:
        return
    workflows = sorted(facts.ci_workflows, key=lambda w: w.path)
    if workflows:
        wf = workflows[0]
        jobs = [j for j in wf.jobs if j.name not in ("orbs", "include")] or list(wf.jobs)
        yield fails(Location(wf.path, jobs[0].line if jobs else 1), f"no {wf.system_name} job runs ESLint")
        return
    at = next(iter(scripts.values())).location if scripts else configs[0].location
    yield fails(at, "no CI configuration found, so ESLint never runs as a gate")


@fix("NW1104", safe=True)
def fix_lint_not_run_in_ci(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """A `- run: npm run lint` step at the end of the first GitHub Actions job, when a lint script runs ESLint
    (or NW1103's fix adds one)."""
    path, data = finding.location.path, ctx.source(finding.location.path)
    manifest = ctx.text("package.json")
    if data is None or manifest is None or not path.startswith(".github/workflows/"):
        return None
    try:
        scripts = json.loads(manifest).get("scripts") or {}
    except (ValueError, AttributeError):
        return None
    lint = scripts.get("lint", "")
    adding = any(f.code == "NW1103" for f in ctx.findings) and "lint" not in scripts
    if not (_RUNS_ESLINT.search(lint) or (adding and _has_eslint(ctx, "package.json"))):
        return NO_ESLINT
    edit = line_edit.append_ci_steps(path, data, finding.location.line, ["npm run lint"])
    return Patch("run ESLint in CI (npm run lint)", (edit,)) if edit else None
