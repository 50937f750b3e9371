"""Lockfile corner cases, one small handwritten file each (shapes taken from real tools' output and osv-scanner)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from nodeward.deps.lockfiles import (
    LockfileError,
    declared_dependencies,
    find_lockfiles,
    load_all_lockfiles,
    load_lockfile,
    parse_lockfile,
)
from nodeward.deps.lockfiles.specs import source_of, tarball_name_version


def keys(lockfile) -> set[str]:
    return {p.key for p in lockfile.packages}


def by_name(lockfile, name: str):
    return next(p for p in lockfile.packages if p.name == name)


# --- specs ----------------------------------------------------------------------------------------------------------


def test_tarball_url_gives_name_and_version() -> None:
    assert tarball_name_version("https://npm.registry.invalid/ms/-/ms-0.7.0.tgz") == ("ms", "0.7.0")
    assert tarball_name_version("https://r.invalid/@xmldom/xmldom/-/xmldom-0.7.5.tgz#sha1") == (
        "@xmldom/xmldom",
        "0.7.5",
    )
    assert tarball_name_version("https://r.invalid/@scope%2fpkg/-/pkg-1.0.0-rc.1.tgz") == ("@scope/pkg", "1.0.0-rc.1")
    assert tarball_name_version("https://example.invalid/downloads/pkg.tgz") is None


@pytest.mark.parametrize(
    ("spec", "source"),
    [
        ("npm:qs@6.5.1", "registry"),
        ("^1.2.3", "registry"),
        ("file:vendor/lib", "file"),
        ("link:../ws-b", "link"),
        ("workspace:*", "workspace"),
        ("git+ssh://git@github.com/o/r.git#abc123", "git"),
        ("github:o/r#abc123", "git"),
        ("https://codeload.github.com/o/r/tar.gz/abc123", "git"),
        ("https://npm.registry.invalid/ms/-/ms-0.7.0.tgz", "tarball"),
    ],
)
def test_spec_sources(spec: str, source: str) -> None:
    assert source_of(spec) == source


# --- package-lock ---------------------------------------------------------------------------------------------------


def npm_lock(packages: dict, version: int = 3) -> str:
    return json.dumps({"name": "app", "lockfileVersion": version, "requires": True, "packages": packages}, indent=2)


def test_package_lock_alias_resolves_to_the_real_name() -> None:
    text = npm_lock(
        {
            "": {"name": "app", "dependencies": {"string-width-cjs": "npm:string-width@^4.2.0"}},
            "node_modules/string-width-cjs": {"name": "string-width", "version": "4.2.3"},
        }
    )
    parsed = parse_lockfile("package-lock.json", text)
    pkg = by_name(parsed, "string-width")
    assert (pkg.version, pkg.alias, pkg.paths, pkg.auditable) == (
        "4.2.3",
        "string-width-cjs",
        (("string-width-cjs",),),
        True,
    )
    assert pkg.location.line == text.splitlines().index('    "node_modules/string-width-cjs": {') + 1


def test_package_lock_duplicate_versions_at_several_paths_are_one_package_with_both_paths() -> None:
    parsed = parse_lockfile(
        "package-lock.json",
        npm_lock(
            {
                "": {"dependencies": {"a": "1", "b": "1", "debug": "4"}},
                "node_modules/a": {"version": "1.0.0", "dependencies": {"debug": "2"}},
                "node_modules/a/node_modules/debug": {"version": "2.6.9"},
                "node_modules/b": {"version": "1.0.0", "dependencies": {"debug": "2"}},
                "node_modules/b/node_modules/debug": {"version": "2.6.9"},
                "node_modules/debug": {"version": "4.3.4"},
            }
        ),
    )
    debug_2 = [p for p in parsed.packages if p.key == "debug@2.6.9"]
    assert len(debug_2) == 1
    assert debug_2[0].paths == (("a", "debug"), ("b", "debug"))
    assert by_name(parsed, "a").paths == (("a",),)
    assert keys(parsed) == {"a@1.0.0", "b@1.0.0", "debug@2.6.9", "debug@4.3.4"}


def test_package_lock_flags_git_dependencies_as_not_auditable() -> None:
    parsed = parse_lockfile(
        "package-lock.json",
        npm_lock(
            {
                "": {"dependencies": {"cool": "github:o/cool#abc"}},
                "node_modules/cool": {"version": "1.0.0", "resolved": "git+ssh://git@github.com/o/cool.git#abc"},
            }
        ),
    )
    cool = by_name(parsed, "cool")
    assert (cool.source, cool.auditable, cool.resolved) == ("git", False, "git+ssh://git@github.com/o/cool.git#abc")


def test_package_lock_v1_alias_tarball_and_file_specs() -> None:
    text = json.dumps(
        {
            "lockfileVersion": 1,
            "dependencies": {
                "legacy-qs": {"version": "npm:qs@6.5.1"},
                "ms-tarball": {"version": "https://npm.registry.invalid/ms/-/ms-0.7.0.tgz"},
                "local-lib": {"version": "file:vendor/local-lib"},
                "mkdirp": {"version": "0.5.1", "dev": True, "requires": {"minimist": "0.0.8"}},
                "minimist": {"version": "0.0.8", "dev": True},
            },
        },
        indent=2,
    )
    parsed = parse_lockfile("package-lock.json", text)
    assert by_name(parsed, "qs").alias == "legacy-qs"
    ms = by_name(parsed, "ms")
    assert (ms.version, ms.source, ms.alias) == ("0.7.0", "tarball", "ms-tarball")
    assert (by_name(parsed, "local-lib").version, by_name(parsed, "local-lib").source) == ("", "file")
    minimist = by_name(parsed, "minimist")
    assert minimist.dev and minimist.paths == (("mkdirp", "minimist"),)


def test_empty_package_lock_has_no_packages() -> None:
    parsed = parse_lockfile("package-lock.json", npm_lock({"": {"name": "app"}}))
    assert parsed.packages == ()


# --- yarn -----------------------------------------------------------------------------------------------------------

YARN_V1 = """# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/core@^7.0.0", "@babel/core@^7.1.0":
  version "7.1.0"
  resolved "https://npm.registry.invalid/@babel/core/-/core-7.1.0.tgz#abc"
  dependencies:
    debug "^4.1.0"

debug@^4.1.0:
  version "4.3.4"

is-positive@github:kevva/is-positive#97edff6:
  version "3.1.0"
  resolved "https://codeload.github.com/kevva/is-positive/tar.gz/97edff6"

left-pad@^1.3.0:
  version "1.3.0"
"""


def test_yarn_classic_derives_dev_from_package_json() -> None:
    manifest = json.dumps(
        {
            "dependencies": {"@babel/core": "^7.1.0", "is-positive": "github:kevva/is-positive#97edff6"},
            "devDependencies": {"left-pad": "^1.3.0"},
        }
    )
    parsed = parse_lockfile("yarn.lock", YARN_V1, {"": manifest})
    assert keys(parsed) == {"@babel/core@7.1.0", "debug@4.3.4", "is-positive@3.1.0", "left-pad@1.3.0"}
    assert by_name(parsed, "left-pad").dev and not by_name(parsed, "debug").dev
    assert by_name(parsed, "debug").paths == (("@babel/core", "debug"),)
    assert by_name(parsed, "is-positive").source == "git"
    assert by_name(parsed, "@babel/core").location.line == 5


def test_yarn_classic_without_package_json_takes_unrequired_entries_as_roots() -> None:
    parsed = parse_lockfile("yarn.lock", YARN_V1)
    assert by_name(parsed, "debug").paths == (("@babel/core", "debug"),)
    assert not any(p.dev for p in parsed.packages)


def test_yarn_berry_patch_and_git_entries() -> None:
    text = """__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    resolve: "npm:^1.22.0"
    is-positive: "https://github.com/kevva/is-positive.git#commit=97edff6"
  languageName: unknown
  linkType: soft

"is-positive@https://github.com/kevva/is-positive.git#commit=97edff6":
  version: 3.1.0
  resolution: "is-positive@https://github.com/kevva/is-positive.git#commit=97edff6"
  languageName: node
  linkType: hard

"resolve@npm:^1.22.0":
  version: 1.22.8
  resolution: "resolve@npm:1.22.8"
  languageName: node
  linkType: hard

"resolve@patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>":
  version: 1.22.8
  resolution: "resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>::version=1.22.8&hash=c3c19d"
  languageName: node
  linkType: hard
"""
    parsed = parse_lockfile("yarn.lock", text)
    assert parsed.format == "yarn-berry" and parsed.format_version == "berry-8"
    assert [p.key for p in parsed.packages if p.name == "resolve"] == ["resolve@1.22.8"]
    assert by_name(parsed, "is-positive").source == "git"


# --- pnpm -----------------------------------------------------------------------------------------------------------


def test_pnpm_5_peer_suffixes_and_hashes_are_stripped() -> None:
    text = """lockfileVersion: 5.3

specifiers:
  react-dom: 16.4.0
  foo: 1.4.0

dependencies:
  react-dom: 16.4.0_react@16.4.0
  foo: 1.4.0_@types+babel__core@7.1.14

packages:

  /react-dom/16.4.0_react@16.4.0:
    resolution: {integrity: sha512-x}
    dependencies:
      react: 16.4.0
    dev: false

  /react/16.4.0:
    resolution: {integrity: sha512-y}
    dev: false

  /foo/1.4.0_@types+babel__core@7.1.14:
    resolution: {integrity: sha512-z}
    dependencies:
      bar: 2.0.0_33fffc4b5ad4c0a9d5b5d5c0e7c5a4f1
    dev: false

  /bar/2.0.0_33fffc4b5ad4c0a9d5b5d5c0e7c5a4f1:
    resolution: {integrity: sha512-w}
    dev: false
"""
    parsed = parse_lockfile("pnpm-lock.yaml", text)
    assert keys(parsed) == {"react-dom@16.4.0", "react@16.4.0", "foo@1.4.0", "bar@2.0.0"}
    assert by_name(parsed, "bar").paths == (("foo", "bar"),)


def test_pnpm_6_nested_peer_suffix_and_9_peer_variants_merge() -> None:
    v6 = """lockfileVersion: '6.0'

dependencies:
  a:
    specifier: ^1.0.0
    version: 1.0.0(b@2.0.0(c@3.0.0))

packages:

  /a@1.0.0(b@2.0.0(c@3.0.0)):
    resolution: {integrity: sha512-a}
    dev: false
"""
    assert keys(parse_lockfile("pnpm-lock.yaml", v6)) == {"a@1.0.0"}
    v9 = """lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      a:
        specifier: 1.0.0
        version: 1.0.0(react@17.0.0)
    devDependencies:
      b:
        specifier: 1.0.0
        version: 1.0.0

packages:

  a@1.0.0:
    resolution: {integrity: sha512-a}

  b@1.0.0:
    resolution: {integrity: sha512-b}

  react@17.0.0:
    resolution: {integrity: sha512-r}

snapshots:

  a@1.0.0(react@16.0.0):
    dependencies:
      react: 17.0.0

  a@1.0.0(react@17.0.0):
    dependencies:
      react: 17.0.0

  b@1.0.0:
    dependencies:
      a: 1.0.0(react@16.0.0)

  react@17.0.0: {}
"""
    parsed = parse_lockfile("pnpm-lock.yaml", v9)
    assert [p.key for p in parsed.packages] == ["a@1.0.0", "b@1.0.0", "react@17.0.0"]
    a = by_name(parsed, "a")
    assert not a.dev and a.paths == (("a",), ("b", "a"))  # prod through the root, also reached from dev
    assert by_name(parsed, "b").dev
    assert a.location.line == v9.splitlines().index("  a@1.0.0:") + 1


def test_pnpm_multi_document_file_takes_the_project_document() -> None:
    text = """---
lockfileVersion: '9.0'

importers:

  .:
    configDependencies: {}

packageManagerDependencies:
  pnpm:
    specifier: 10.0.0
    version: 10.0.0

---
lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ms:
        specifier: 2.1.3
        version: 2.1.3

packages:

  ms@2.1.3:
    resolution: {integrity: sha512-m}

snapshots:

  ms@2.1.3: {}
"""
    assert keys(parse_lockfile("pnpm-lock.yaml", text)) == {"ms@2.1.3"}


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    bomb = ["lockfileVersion: '9.0'", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        bomb.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    bomb.append("packages: *a9")
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            parse_lockfile("pnpm-lock.yaml", "\n".join(bomb) + "\n")
            outcome.append(None)
        except LockfileError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(20)  # a guard against a hang, not a speed assertion: an expanded bomb would never finish
    assert outcome and isinstance(outcome[0], LockfileError)
    assert "alias" in str(outcome[0]) and "\n" not in str(outcome[0])


# --- bun ------------------------------------------------------------------------------------------------------------


def test_bun_lock_jsonc_with_git_and_nested_copies() -> None:
    text = """{
  // bun writes JSONC: comments and trailing commas
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "json5": "1.0.1", "cool": "github:o/cool#abc", },
      "devDependencies": { "mkdirp": "0.5.1", },
    },
  },
  "packages": {
    "cool": ["cool@github:o/cool#abc", {}, "o-cool-abc"],
    "json5": ["json5@1.0.1", "", { "dependencies": { "minimist": "^1.2.0" } }, "sha512-j"],
    "minimist": ["minimist@1.2.8", "", {}, "sha512-m"],
    "mkdirp": ["mkdirp@0.5.1", "", { "dependencies": { "minimist": "0.0.8" } }, "sha512-k"],
    "mkdirp/minimist": ["minimist@0.0.8", "", {}, "sha512-o"],
  },
}
"""
    parsed = parse_lockfile("bun.lock", text)
    assert keys(parsed) == {"cool@", "json5@1.0.1", "minimist@1.2.8", "mkdirp@0.5.1", "minimist@0.0.8"}
    assert by_name(parsed, "cool").source == "git"
    old = next(p for p in parsed.packages if p.key == "minimist@0.0.8")
    assert old.dev and old.paths == (("mkdirp", "minimist"),)
    assert not next(p for p in parsed.packages if p.key == "minimist@1.2.8").dev
    assert old.location.line == 16


# --- errors ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("package-lock.json", "{not json"),
        ("package-lock.json", "[1, 2]"),
        ("package-lock.json", "[" * 100_000 + "]" * 100_000),
        ("yarn.lock", "\x00\x01 garbage\n  more: garbage\nfoo"),
        ("pnpm-lock.yaml", "lockfileVersion: [unclosed\n  - :"),
        ("pnpm-lock.yaml", "just: a yaml file\n"),
        ("pnpm-lock.yaml", "a:" + " [" * 5000),
        ("bun.lock", '{"lockfileVersion": 1, "packages": {"x": "not a tuple"}}'),
        ("bun.lockb", "\x00binary"),
        ("something.txt", "hello"),
    ],
)
def test_garbage_raises_a_one_line_lockfile_error(name: str, text: str) -> None:
    with pytest.raises(LockfileError) as caught:
        parse_lockfile(name, text)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message


def test_huge_lockfile_is_refused_without_parsing() -> None:
    with pytest.raises(LockfileError, match="larger than"):
        parse_lockfile("package-lock.json", " " * (64 * 1024 * 1024 + 1))


# --- finding lockfiles and declared ranges --------------------------------------------------------------------------


def test_find_lockfiles_prefers_shrinkwrap_and_skips_node_modules(tmp_path: Path) -> None:
    for rel in (
        "package-lock.json",
        "npm-shrinkwrap.json",
        "packages/web/pnpm-lock.yaml",
        "packages/api/package-lock.json",
        "node_modules/dep/package-lock.json",
        "packages/api/node_modules/x/yarn.lock",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    assert find_lockfiles(tmp_path) == [
        "npm-shrinkwrap.json",
        "packages/api/package-lock.json",
        "packages/web/pnpm-lock.yaml",
    ]


def test_load_lockfile_reads_the_workspace_manifests(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"workspaces": ["packages/*"], "devDependencies": {"b": "1"}}))
    (tmp_path / "packages" / "web").mkdir(parents=True)
    (tmp_path / "packages" / "web" / "package.json").write_text(json.dumps({"dependencies": {"a": "1"}}))
    (tmp_path / "yarn.lock").write_text('# yarn lockfile v1\n\na@1:\n  version "1.0.0"\n\nb@1:\n  version "1.0.0"\n')
    parsed = load_lockfile(tmp_path, "yarn.lock")
    assert {(p.name, p.dev, p.workspace) for p in parsed.packages} == {("a", False, "packages/web"), ("b", True, "")}


def test_declared_dependencies_keep_ranges_for_an_approximate_audit() -> None:
    text = json.dumps(
        {
            "dependencies": {"express": "^4.17.0", "legacy-qs": "npm:qs@^6.5.0", "local": "file:../local"},
            "devDependencies": {"jest": "~29.0.0"},
        },
        indent=2,
    )
    declared = {p.name: p for p in declared_dependencies(text, "packages/api")}
    assert set(declared) == {"express", "qs", "local", "jest"}
    qs = declared["qs"]
    assert (qs.version, qs.declared_range, qs.alias, qs.approximate) == ("", "^6.5.0", "legacy-qs", True)
    assert declared["jest"].dev and declared["express"].location.path == "packages/api/package.json"
    assert declared["express"].location.line == 3
    assert declared["local"].source == "file"
    assert declared_dependencies("{not json", "") == []


def test_a_lockfile_without_packages_while_package_json_declares_some_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"express": "^4.0.0"}}))
    (tmp_path / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": {"": {}}}))
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "yarn.lock").write_text("@@@ not a lockfile")
    lockfiles, errors = load_all_lockfiles(tmp_path)
    assert lockfiles == []
    assert sorted(str(e) for e in errors) == [
        "api/yarn.lock: not a yarn.lock: unexpected text at line 1",
        "package-lock.json: lists no packages but package.json declares 1 dependencies",
    ]


def test_find_lockfiles_on_a_discovered_project_keeps_lockfiles_over_the_size_cap(tmp_path: Path) -> None:
    from nodeward.collect.discover import discover_project

    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}' + " " * (3 * 1024 * 1024))
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "yarn.lock").write_text("# yarn lockfile v1\n")
    project = discover_project(tmp_path)
    assert find_lockfiles(project) == ["package-lock.json", "web/yarn.lock"]


def test_escape_sequences_in_names_are_neutralised() -> None:
    text = npm_lock(
        {"": {"dependencies": {"evil": "1"}}, "node_modules/evil": {"name": "ev\u001b[31mil", "version": "1.0.0"}}
    )
    (pkg,) = parse_lockfile("package-lock.json", text).packages
    assert pkg.name == "ev\ufffd[31mil" and pkg.alias == "evil"


def test_entries_no_importer_reaches_are_not_claimed_dev() -> None:
    stale_manifest = json.dumps({"devDependencies": {"left-pad": "^1.3.0"}, "dependencies": {"gone": "^1.0.0"}})
    parsed = parse_lockfile("yarn.lock", YARN_V1, {"": stale_manifest})
    assert by_name(parsed, "left-pad").dev
    assert not by_name(parsed, "debug").dev and by_name(parsed, "debug").paths == ()


def test_pnpm_9_url_and_git_dependencies_have_no_made_up_version() -> None:
    text = """lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      foo:
        specifier: https://example.invalid/downloads/foo.tgz
        version: https://example.invalid/downloads/foo.tgz
      ms-tarball:
        specifier: https://npm.registry.invalid/ms/-/ms-0.7.0.tgz
        version: ms@https://npm.registry.invalid/ms/-/ms-0.7.0.tgz
      is-positive:
        specifier: github:kevva/is-positive#97edff6
        version: https://codeload.github.com/kevva/is-positive/tar.gz/97edff6

packages:

  foo@https://example.invalid/downloads/foo.tgz:
    resolution: {tarball: https://example.invalid/downloads/foo.tgz}

  ms@https://npm.registry.invalid/ms/-/ms-0.7.0.tgz:
    resolution: {tarball: https://npm.registry.invalid/ms/-/ms-0.7.0.tgz}

  is-positive@https://codeload.github.com/kevva/is-positive/tar.gz/97edff6:
    resolution: {tarball: https://codeload.github.com/kevva/is-positive/tar.gz/97edff6}
    version: 3.1.0

snapshots:

  foo@https://example.invalid/downloads/foo.tgz: {}

  ms@https://npm.registry.invalid/ms/-/ms-0.7.0.tgz: {}

  is-positive@https://codeload.github.com/kevva/is-positive/tar.gz/97edff6: {}
"""
    parsed = parse_lockfile("pnpm-lock.yaml", text)
    assert {(p.name, p.version, p.source) for p in parsed.packages} == {
        ("foo", "", "tarball"),
        ("ms", "0.7.0", "tarball"),
        ("is-positive", "3.1.0", "git"),
    }
    assert all(p.paths for p in parsed.packages) and not any(p.auditable for p in parsed.packages)
