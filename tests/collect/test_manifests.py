"""Manifest parsing: package.json, workspaces, .npmrc, every ESLint config form, update bots, hostile YAML/JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodeward.collect.discover import discover_project
from nodeward.collect.eslint_js import references_from_js
from nodeward.collect.manifests import (
    ManifestError,
    load_json_lines,
    parse_dependabot,
    parse_eslint_config,
    parse_npmrc,
    parse_package_json,
)
from nodeward.collect.yaml_lines import YamlError, load_yaml
from nodeward.facts import Facts
from nodeward.knowledge.tools import UPDATE_BOT_PATHS, update_bot_for

PACKAGE_JSON = """{
\t"name": "shop",
\t"scripts": {
\t\t"start": "node server.js",
\t\t"lint": "eslint ."
\t},
\t"dependencies": {
\t\t"express": "^4.19.2"
\t},
\t"devDependencies": {
\t\t"eslint-plugin-security": "^3.0.1"
\t},
\t"workspaces": ["packages/*"],
\t"eslintConfig": {
\t\t"plugins": ["security"],
\t\t"extends": ["eslint:recommended", "plugin:security/recommended-legacy"]
\t}
}
"""


def facts_for(tmp_path: Path, files: dict[str, str]) -> Facts:
    for rel, text in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return Facts(settings=None, project=discover_project(tmp_path))  # type: ignore[arg-type]


def test_package_json_scripts_dependencies_and_lines():
    pkg = parse_package_json("package.json", PACKAGE_JSON)
    assert pkg.name == "shop"
    assert [(s.name, s.command, s.line) for s in pkg.scripts] == [
        ("start", "node server.js", 4),
        ("lint", "eslint .", 5),
    ]
    # knowledge/npm.py's order: the group npm keeps for a name declared twice comes first
    assert [(d.name, d.kind, d.line) for d in pkg.dependencies] == [
        ("eslint-plugin-security", "devDependencies", 11),
        ("express", "dependencies", 8),
    ]
    assert pkg.workspaces == ("packages/*",)
    assert pkg.line_of("eslintConfig") == 14


def test_invalid_package_json_is_one_line_error():
    with pytest.raises(ManifestError, match="invalid JSON"):
        parse_package_json("package.json", '{"name": ')


def test_ten_thousand_deep_json_is_refused_not_crashed():
    with pytest.raises(ManifestError):
        load_json_lines("[" * 10_000 + "]" * 10_000)


def test_jsonc_comments_and_trailing_commas_keep_lines():
    data = load_json_lines('{\n  // comment\n  "a": 1, /* x\n y */\n  "b": [1,],\n}\n', comments=True)
    assert data == {"a": 1, "b": [1]}
    assert data.line_of("b") == 5


def test_jsonc_trailing_comma_before_a_comment_is_trailing():
    # sails 1.5's .eslintrc: `"Symbol": true,` then a comment line, then `}`; it was reported as unparsable.
    text = '{\n  "globals": {\n    "Symbol": true,\n    // ^^Available since Node v4\n  },\n  "x": "a // b,"\n}\n'
    data = load_json_lines(text, comments=True)
    assert data == {"globals": {"Symbol": True}, "x": "a // b,"}
    assert data.line_of("x") == 6


def test_workspaces_npm_array_yarn_object_and_pnpm(tmp_path):
    facts = facts_for(
        tmp_path,
        {
            "package.json": '{"name": "root", "workspaces": {"packages": ["apps/*"]}}',
            "apps/web/package.json": '{"name": "web"}',
            "apps/api/package.json": '{"name": "api"}',
            "tools/package.json": '{"name": "tools"}',
            "pnpm-workspace.yaml": "packages:\n  - 'tools'\n  - '!apps/web'\n",
        },
    )
    ws = {w.tool: w for w in facts.workspaces}
    assert ws["npm-or-yarn"].members == ("apps/api/package.json", "apps/web/package.json")
    assert ws["pnpm"].members == ("tools/package.json",)
    assert ws["pnpm"].line == 1


def test_npmrc_last_assignment_wins():
    rc = parse_npmrc(".npmrc", "; comment\naudit=false\nignore-scripts = true\naudit=true\n")
    assert rc.get("audit").value == "true"
    assert rc.get("audit").line == 4
    assert rc.get("ignore-scripts").value == "true"


# --- ESLint, every form -------------------------------------------------------------------------------------


def enabled(config):
    return {pkg: (ref.kind, ref.line) for pkg, ref in config.enabled_plugins().items()}


def test_eslint_package_json_eslintconfig(tmp_path):
    facts = facts_for(tmp_path, {"package.json": PACKAGE_JSON})
    [config] = facts.eslint_configs
    assert config.form == "package.json"
    assert enabled(config) == {"eslint-plugin-security": ("extends", 16)}
    assert config.mentioned_plugins()["eslint-plugin-security"].kind == "plugin"


def test_eslintrc_json_with_comments_and_rules():
    text = (
        '{\n  // legacy\n  "plugins": ["@microsoft/sdl"],\n'
        '  "rules": {\n    "@microsoft/sdl/no-inner-html": "error"\n  }\n}\n'
    )
    config = parse_eslint_config(".eslintrc.json", text)
    assert config.form == "legacy-json"
    assert enabled(config) == {"@microsoft/eslint-plugin-sdl": ("rule", 5)}


def test_eslintrc_without_extension_may_be_yaml():
    text = (
        "plugins:\n  - security\nrules:\n"
        "  security/detect-eval-with-expression: off\n  security/detect-non-literal-regexp: 2\n"
    )
    config = parse_eslint_config(".eslintrc", text)
    assert config.form == "legacy-yaml"
    assert enabled(config) == {"eslint-plugin-security": ("rule", 5)}


def test_eslintrc_yml_with_only_disabled_rules_enables_nothing():
    text = "plugins: [security]\nrules:\n  security/detect-object-injection: [off]\n"
    config = parse_eslint_config(".eslintrc.yml", text)
    assert config.form == "legacy-yaml"
    assert enabled(config) == {}
    assert set(config.mentioned_plugins()) == {"eslint-plugin-security"}


def test_eslintrc_overrides_are_read():
    text = "overrides:\n  - files: ['*.js']\n    extends: plugin:no-unsanitized/DOM\n"
    assert enabled(parse_eslint_config(".eslintrc.yaml", text)) == {"eslint-plugin-no-unsanitized": ("extends", 3)}


def test_eslintrc_js_module_exports_is_parsed_not_run():
    text = (
        "// process.exit(1) would run if we evaluated this\n"
        "module.exports = {\n"
        "  plugins: ['security'],\n"
        "  extends: ['eslint:recommended', 'plugin:security/recommended-legacy'],\n"
        "};\n"
    )
    config = parse_eslint_config(".eslintrc.cjs", text)
    assert config.form == "legacy-js"
    assert enabled(config) == {"eslint-plugin-security": ("extends", 4)}


def test_flat_config_esm_configs_recommended():
    text = (
        'import js from "@eslint/js";\n'
        'import pluginSecurity from "eslint-plugin-security";\n'
        "\n"
        "export default [\n"
        "  js.configs.recommended,\n"
        "  pluginSecurity.configs.recommended,\n"
        "];\n"
    )
    config = parse_eslint_config("eslint.config.mjs", text)
    assert config.form == "flat"
    assert enabled(config) == {"eslint-plugin-security": ("config", 6)}


def test_flat_config_cjs_require_plugins_object_and_rules():
    text = (
        "const security = require('eslint-plugin-security');\n"
        "const sdl = require('@microsoft/eslint-plugin-sdl');\n"
        "module.exports = [\n"
        "  { plugins: { security, '@microsoft/sdl': sdl },\n"
        "    rules: { 'security/detect-child-process': 'error', '@microsoft/sdl/no-insecure-url': 0 } },\n"
        "];\n"
    )
    config = parse_eslint_config("eslint.config.cjs", text)
    assert enabled(config) == {"eslint-plugin-security": ("rule", 5)}
    kinds = sorted((r.kind, r.package, r.line) for r in config.references)
    assert ("plugin", "eslint-plugin-security", 4) in kinds
    assert ("plugin", "@microsoft/eslint-plugin-sdl", 4) in kinds
    assert ("rule", "@microsoft/eslint-plugin-sdl", 5) in kinds


def test_flat_config_typescript_spread_of_sdl_configs():
    text = (
        "import type { Linter } from 'eslint';\n"
        "import * as sdl from '@microsoft/eslint-plugin-sdl';\n"
        "const config: Linter.Config[] = [...sdl.configs.recommended];\n"
        "export default config;\n"
    )
    assert enabled(parse_eslint_config("eslint.config.ts", text)) == {"@microsoft/eslint-plugin-sdl": ("config", 3)}


def test_flat_config_import_without_use_enables_nothing():
    text = "import security from 'eslint-plugin-security';\nexport default [{ rules: { 'no-eval': 'error' } }];\n"
    refs = references_from_js(text, "eslint.config.js")
    assert [(r.kind, r.enables) for r in refs] == [("import", False)]


def test_flat_config_with_inline_require_configs():
    text = "module.exports = [require('eslint-plugin-no-unsanitized').configs.recommended];\n"
    assert enabled(parse_eslint_config("eslint.config.js", text)) == {"eslint-plugin-no-unsanitized": ("config", 1)}


def test_flat_compat_extends_string():
    text = (
        "import { FlatCompat } from '@eslint/eslintrc';\n"
        "const compat = new FlatCompat();\n"
        "export default [...compat.extends('plugin:security/recommended-legacy')];\n"
    )
    assert enabled(parse_eslint_config("eslint.config.js", text)) == {"eslint-plugin-security": ("extends", 3)}


# --- update bots ----------------------------------------------------------------------------------------------


def test_dependabot_npm_entry_line():
    text = "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n  - package-ecosystem: npm\n"
    cfg = parse_dependabot(".github/dependabot.yml", text)
    assert (cfg.npm, cfg.line) == (True, 5)
    assert not parse_dependabot(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: pip\n").npm


def test_renovate_files_and_package_json_key(tmp_path):
    facts = facts_for(
        tmp_path,
        {
            "renovate.json": '{\n  // json5-ish comments are allowed\n  "extends": ["config:recommended"]\n}\n',
            ".github/renovate.json5": '{"enabledManagers": ["dockerfile"]}',
            "package.json": '{\n  "name": "x",\n  "renovate": {"extends": ["config:base"]}\n}\n',
        },
    )
    found = sorted((c.path, c.tool, c.npm, c.line) for c in facts.dependency_update_configs)
    assert found == [
        (".github/renovate.json5", "renovate", False, 1),
        ("package.json", "renovate", True, 3),
        ("renovate.json", "renovate", True, 1),
    ]


@pytest.mark.parametrize("path", UPDATE_BOT_PATHS)
def test_every_update_bot_path_in_the_table_is_collected(tmp_path, path):
    text = "version: 2\nupdates:\n  - package-ecosystem: npm\n" if "dependabot" in path else '{"extends": []}'
    facts = facts_for(tmp_path, {path: text})
    assert [(c.path, c.tool) for c in facts.dependency_update_configs] == [(path, update_bot_for(path))]


def test_a_renovate_name_in_a_folder_renovate_does_not_read_is_not_a_config(tmp_path):
    # renovate@39 reads `.renovaterc*` at the root only, and no `.gitlab/.renovaterc`.
    facts = facts_for(tmp_path, {".github/.renovaterc": "{}", "docs/renovate.json": "{}"})
    assert facts.dependency_update_configs == []


# --- hostile YAML ---------------------------------------------------------------------------------------------

ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


def test_yaml_alias_bomb_is_refused():
    with pytest.raises(YamlError, match="alias bomb"):
        load_yaml(ALIAS_BOMB)


def test_deeply_nested_yaml_is_refused():
    with pytest.raises(YamlError, match="nesting"):
        load_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(YamlError, match="nesting"):
        load_yaml("".join("  " * i + f"k{i}:\n" for i in range(200)))


def test_hostile_ci_file_is_reported_and_the_rest_still_parses(tmp_path):
    facts = facts_for(
        tmp_path,
        {
            ".github/workflows/bomb.yml": ALIAS_BOMB,
            ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: npm audit\n",
            ".gitlab-ci.yml": "job: [unclosed\n",
        },
    )
    workflows = facts.ci_workflows
    assert [w.path for w in workflows] == [".github/workflows/ci.yml"]
    assert sorted(p.path for p in facts.problems) == [".github/workflows/bomb.yml", ".gitlab-ci.yml"]
    assert all("\n" not in p.message for p in facts.problems)


def test_yaml_merge_keys_and_lines():
    [doc] = load_yaml("base: &base\n  image: node:20\njob:\n  <<: *base\n  script: echo hi\n")
    assert doc["job"]["image"] == "node:20"
    assert doc["job"].line_of("script") == 5


def test_every_eslint_config_file_name_is_collected(tmp_path):
    legacy = '{\n  "extends": ["plugin:security/recommended-legacy"]\n}\n'
    js_legacy = "module.exports = {\n  extends: ['plugin:security/recommended-legacy'],\n};\n"
    flat = "import security from 'eslint-plugin-security';\nexport default [security.configs.recommended];\n"
    files = {
        "a/.eslintrc": legacy,
        "b/.eslintrc.json": legacy,
        "c/.eslintrc.yaml": "extends:\n  - plugin:security/recommended-legacy\n",
        "d/.eslintrc.yml": "extends: plugin:security/recommended-legacy\n",
        "e/.eslintrc.js": js_legacy,
        "f/.eslintrc.cjs": js_legacy,
        "g/eslint.config.js": flat,
        "h/eslint.config.mjs": flat,
        "i/eslint.config.cjs": "const s = require('eslint-plugin-security');\nmodule.exports = [s.configs.recommended]",
        "j/eslint.config.ts": flat,
        "k/package.json": '{\n  "name": "k",\n  "eslintConfig": {"extends": "plugin:security/recommended-legacy"}\n}\n',
    }
    facts = facts_for(tmp_path, files)
    found = [(c.path, c.form, enabled(c)) for c in facts.eslint_configs]
    assert found == [
        ("a/.eslintrc", "legacy-json", {"eslint-plugin-security": ("extends", 2)}),
        ("b/.eslintrc.json", "legacy-json", {"eslint-plugin-security": ("extends", 2)}),
        ("c/.eslintrc.yaml", "legacy-yaml", {"eslint-plugin-security": ("extends", 2)}),
        ("d/.eslintrc.yml", "legacy-yaml", {"eslint-plugin-security": ("extends", 1)}),
        ("e/.eslintrc.js", "legacy-js", {"eslint-plugin-security": ("extends", 2)}),
        ("f/.eslintrc.cjs", "legacy-js", {"eslint-plugin-security": ("extends", 2)}),
        ("g/eslint.config.js", "flat", {"eslint-plugin-security": ("config", 2)}),
        ("h/eslint.config.mjs", "flat", {"eslint-plugin-security": ("config", 2)}),
        ("i/eslint.config.cjs", "flat", {"eslint-plugin-security": ("config", 2)}),
        ("j/eslint.config.ts", "flat", {"eslint-plugin-security": ("config", 2)}),
        ("k/package.json", "package.json", {"eslint-plugin-security": ("extends", 3)}),
    ]


def test_gitlab_local_includes_and_github_composite_actions_are_followed(tmp_path):
    facts = facts_for(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: /ci/security.yml\ntest:\n  script: npm test\n",
            "ci/security.yml": "audit:\n  script:\n    - npm audit --audit-level=high\n",
            "ci/unused.yml": "other:\n  script: echo not included\n",
            ".github/actions/lint/action.yml": (
                "name: Lint\nruns:\n  using: composite\n  steps:\n    - run: npx eslint .\n      shell: bash\n"
            ),
        },
    )
    found = [(w.path, c.job, c.text, c.line) for w in facts.ci_workflows for c in w.commands()]
    assert found == [
        (".github/actions/lint/action.yml", "Lint", "npx eslint .", 5),
        (".gitlab-ci.yml", "include", "local: /ci/security.yml", 2),
        (".gitlab-ci.yml", "test", "npm test", 4),
        ("ci/security.yml", "audit", "npm audit --audit-level=high", 3),
    ]
