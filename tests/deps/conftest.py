"""Shared fixtures for the dependency-audit tests: the real OSV records in a real SQLite store, fixture projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest

from nodeward.cli import main
from nodeward.deps.advisories.store import import_osv

DEPS_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "deps"
LOCKFILE_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lockfiles"
OSV_RECORDS = DEPS_FIXTURES / "osv-npm"

CANONICAL = {
    "package-lock.json": "package-lock.json",
    "yarn.lock": "yarn.lock",
    "pnpm-lock.yaml": "pnpm-lock.yaml",
    "bun.lock": "bun.lock",
}


@pytest.fixture(scope="session")
def osv_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("store") / "advisories.sqlite3"
    import_osv(OSV_RECORDS, store)
    return store


def canonical_name(lockfile: Path) -> str:
    for suffix, name in CANONICAL.items():
        if lockfile.name.endswith(suffix):
            return name
    raise ValueError(lockfile.name)


def fixture_cases() -> list[tuple[Path, Path, Path]]:
    """(lockfile, package manager's own listing, project folder) for every fixture lockfile."""
    cases = []
    # The lockfile parsers' fixtures: each folder holds <scenario>.<version>.<ext> (+ .oracle.json) and project/.
    for oracle in sorted(LOCKFILE_FIXTURES.rglob("*.oracle.json")):
        lockfile = oracle.with_name(oracle.name.removesuffix(".oracle.json"))
        if (oracle.parent / "project").is_dir():
            cases.append((lockfile, oracle, oracle.parent / "project"))
    for oracle in sorted(DEPS_FIXTURES.glob("*.oracle.json")):
        lockfile = oracle.with_name(oracle.name.removesuffix(".oracle.json"))
        cases.append((lockfile, oracle, DEPS_FIXTURES / lockfile.name.split(".", 1)[0]))
    return cases


def make_project(lockfile: Path, project: Path, dest: Path) -> Path:
    """A copy of the fixture project with the lockfile under its real name."""
    shutil.copytree(project, dest)
    shutil.copy(lockfile, dest / canonical_name(lockfile))
    return dest


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def nodeward_main(args: tuple[str, ...]) -> None:
    """`nodeward ARGS` through the real entry point (exit codes and one-line errors included), for CliRunner."""
    main(list(args))
