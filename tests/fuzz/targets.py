"""Fuzz targets: each parser of untrusted input, the one exception it may raise, and its seed inputs.

A parser may refuse an input only with its own one-line error (LockfileError, ConfigError, InvalidRecord); any
other exception is a crash the CLI would turn into "internal error". Inputs are random text, random structures and
mutations (inserted, deleted and replaced slices) of real seeds from the repository's fixtures.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from nodeward.collect.containers import parse_compose, parse_kubernetes
from nodeward.collect.dockerfile import DockerfileProblem, parse_dockerfile
from nodeward.collect.safe_yaml import YamlProblem
from nodeward.collect.security_txt import parse_security_txt
from nodeward.deps.advisories.model import InvalidRecord, advisory_from_osv
from nodeward.deps.lockfiles import LockfileError, parse_lockfile
from nodeward.settings import ConfigError, load_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _seeds(pattern: str, limit: int = 6) -> list[str]:
    found = sorted(p for p in FIXTURES.rglob(pattern) if p.is_file() and not p.name.endswith(".oracle.json"))
    return [p.read_text("utf-8", errors="replace")[:200_000] for p in found[:limit]] or [""]


def mutated(seeds: list[str]) -> st.SearchStrategy[str]:
    """A seed with up to 8 edits: insert, delete or replace a slice at a random place."""
    edit = st.tuples(st.integers(0, 10**6), st.sampled_from(("insert", "delete", "replace")), st.text(max_size=24))

    def apply(seed: str, edits: list[tuple[int, str, str]]) -> str:
        text = seed
        for where, op, piece in edits:
            at = where % (len(text) + 1)
            if op == "insert":
                text = text[:at] + piece + text[at:]
            elif op == "delete":
                text = text[:at] + text[at + len(piece) + 1 :]
            else:
                text = text[:at] + piece + text[at + len(piece) :]
        return text

    return st.builds(apply, st.sampled_from(seeds), st.lists(edit, max_size=8))


def inputs(seeds: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(mutated(seeds), st.text(max_size=400))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=20), inner, max_size=5),
    max_leaves=30,
)
# package-lock shaped documents: the keys the parser reads, holding any JSON values
PACKAGE_LOCKS = st.fixed_dictionaries(
    {"lockfileVersion": st.one_of(st.sampled_from([1, 2, 3]), JSON_VALUES)},
    optional={
        "name": JSON_VALUES,
        "packages": st.dictionaries(
            st.sampled_from(["", "node_modules/a", "node_modules/@s/b", "packages/x", "node_modules/a/node_modules/c"]),
            st.dictionaries(
                st.sampled_from(["version", "resolved", "dev", "optional", "dependencies", "link", "name"]), JSON_VALUES
            ),
            max_size=5,
        ),
        "dependencies": st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=5),
    },
).map(json.dumps)
OSV_RECORDS = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=20), JSON_VALUES)},
    optional={
        "modified": JSON_VALUES,
        "aliases": JSON_VALUES,
        "affected": st.lists(
            st.dictionaries(
                st.sampled_from(["package", "ranges", "versions", "database_specific"]),
                st.one_of(
                    JSON_VALUES,
                    st.fixed_dictionaries({"ecosystem": st.just("npm"), "name": st.text(max_size=10)}),
                    st.lists(st.dictionaries(st.sampled_from(["type", "events"]), JSON_VALUES), max_size=3),
                ),
            ),
            max_size=3,
        ),
        "severity": JSON_VALUES,
        "withdrawn": JSON_VALUES,
    },
)


def _toml(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nodeward.toml"
        path.write_text(text, "utf-8", errors="replace")
        load_config(path)


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy
    run: Callable[[object], object]
    allowed: tuple[type[BaseException], ...] = ()


def _lock(name: str) -> Callable[[object], object]:
    return lambda text: parse_lockfile(name, text)  # type: ignore[arg-type]


TARGETS = [
    Target("npm-v1", inputs(_seeds("*.v1.package-lock.json")), _lock("package-lock.json"), (LockfileError,)),
    Target("npm-v2", inputs(_seeds("*.v2.package-lock.json")), _lock("package-lock.json"), (LockfileError,)),
    Target("npm-v3", inputs(_seeds("*.v3.package-lock.json")), _lock("package-lock.json"), (LockfileError,)),
    Target("npm-structured", PACKAGE_LOCKS, _lock("package-lock.json"), (LockfileError,)),
    Target("yarn-classic", inputs(_seeds("*.v1.yarn.lock")), _lock("yarn.lock"), (LockfileError,)),
    Target("yarn-berry", inputs(_seeds("*.berry-*.yarn.lock")), _lock("yarn.lock"), (LockfileError,)),
    Target("pnpm", inputs(_seeds("*.pnpm-lock.yaml")), _lock("pnpm-lock.yaml"), (LockfileError,)),
    Target("bun", inputs(_seeds("*.bun.lock")), _lock("bun.lock"), (LockfileError,)),
    Target("security.txt", inputs(_seeds("*security.txt")), lambda t: parse_security_txt(t, url="https://x.invalid/")),
    Target("security.txt-bytes", st.binary(max_size=400), lambda b: parse_security_txt(b)),
    Target("nodeward.toml", inputs(_seeds("nodeward.toml")), _toml, (ConfigError,)),
    Target(
        "Dockerfile", inputs(_seeds("*Dockerfile*")), lambda t: parse_dockerfile("Dockerfile", t), (DockerfileProblem,)
    ),
    Target(
        "compose", inputs(_seeds("*compose*.y*ml")), lambda t: parse_compose("docker-compose.yml", t), (YamlProblem,)
    ),
    Target(
        "k8s",
        inputs(_seeds("*deployment*.y*ml") + _seeds("k8s/*.y*ml")),
        lambda t: parse_kubernetes("k.yaml", t),
        (YamlProblem,),
    ),
    Target("osv-record", OSV_RECORDS, advisory_from_osv, (InvalidRecord,)),
]
