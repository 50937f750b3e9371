"""The taint knowledge rows: they validate when loaded, their access paths mean what they say, and every row is
fired by a rule fixture (a row no fixture fires is knowledge nobody checked)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nodeward.collect.discover import discover_project
from nodeward.facts import Facts
from nodeward.knowledge import taint as knowledge
from nodeward.knowledge.access_path import CALL, AccessPathError, parse
from nodeward.knowledge.rows import BarrierRow, RowError, SinkRow, SourceRow, unique
from nodeward.settings import Settings

from conftest import FIXTURES

RULES = FIXTURES / "rules"
TAINT_CODES = ("NW10", "NW12")


def test_access_paths_match_reference_paths() -> None:
    got = parse("Member[get,post].Argument[0]")
    assert got.matches(("get",)) and got.matches(("post",)) and not got.matches(("put",))
    assert not got.matches(("extend", CALL, "get"))
    instance = parse("Member[create].ReturnValue.Member[get].Argument[0]")
    assert instance.matches(("create", CALL, "get")) and not instance.matches(("create", "get"))
    callable_module = parse("Argument[0]")
    assert callable_module.matches(()) and not callable_module.matches(("get",))
    assert parse("Argument[1..]").argument.select(4) == [1, 2, 3]
    assert parse("Argument[-1]").argument.select(3) == [2]
    callback = parse("Member[ipcMain].Member[handle].Argument[1].Parameter[1..]")
    assert callback.parameter.select(3) == [1, 2]
    assert parse("Member[parseXml].Argument[0].Member[noent]").option == "noent"
    assert parse("Member[readBody].ReturnValue").returns
    handlers = parse("Member[addService].Argument[1].Member[*].Parameter[0]")
    assert handlers.option == "*" and handlers.parameter.select(2) == [0]


@pytest.mark.parametrize(
    "bad",
    [
        "Member[get]",
        "Member[get].Argument[x]",
        "Argument[0].Argument[1]",
        "Member[a b].Argument[0]",
        "Parameter[0]",
        "Argument[0].Member[*]",
        "Argument[0].Member[a].Member[b]",
    ],
)
def test_malformed_access_paths_are_refused(bad: str) -> None:
    with pytest.raises(AccessPathError):
        parse(bad)


def test_malformed_rows_are_refused_when_loaded() -> None:
    with pytest.raises(RowError, match="unknown sink kind"):
        SinkRow("got", "Argument[0]", "ssrf-ish", "got@14.6.6")
    with pytest.raises(RowError, match="pkg@version"):
        SinkRow("got", "Argument[0]", "ssrf", "latest")
    with pytest.raises(RowError, match="unknown condition"):
        SinkRow("got", "Argument[0]", "ssrf", "got@14.6.6", when="sometimes")
    with pytest.raises(RowError, match="ReturnValue"):
        BarrierRow("he", "Member[encode].Argument[0]", frozenset({"xss"}), "he@1.2.0")
    with pytest.raises(RowError, match="unknown kinds"):
        SourceRow("h3", "Member[readBody].ReturnValue", "body", "h3@1.15.11", clears=frozenset({"everything"}))
    row = SinkRow("got", "Argument[0]", "ssrf", "got@14.6.6")
    with pytest.raises(RowError, match="duplicate"):
        unique([row, SinkRow("got", "Argument[0]", "ssrf", "got@14.6.7")])


def _fixture_roots(tmp_path: Path) -> list[Path]:
    roots = []
    for entry in sorted(RULES.iterdir()):
        if not entry.name.startswith(TAINT_CODES):
            continue
        if entry.is_dir():
            roots.append(entry / "vulnerable")
        else:
            root = tmp_path / entry.name.replace(".", "_")
            root.mkdir()
            shutil.copy(entry, root / entry.name)
            roots.append(root)
    return roots


def test_every_row_is_fired_by_a_rule_fixture(tmp_path: Path) -> None:
    fired: set[str] = set()
    for root in _fixture_roots(tmp_path):
        facts = Facts(Settings(root=root), discover_project(root))
        fired |= facts.taint.fired
    unfired = sorted(row.id for row in knowledge.all_rows() if row.id not in fired)
    assert unfired == [], "rows no fixture fires:\n" + "\n".join(unfired)
