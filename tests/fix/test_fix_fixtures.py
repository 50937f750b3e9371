"""Every fix on its fixtures (tests/fixtures/fix/CASE/{before,after}, `args` holds the case's options): `fix --apply`
turns before into exactly after, a second run changes nothing, and a re-scan no longer reports the fixed findings
and reports no new one."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from nodeward.cli import main

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "fix"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "before").is_dir())
# "fix" lines, and "keep" lines of findings another fix answers (a login limiter makes the project use a limiter).
FIX_LINE = re.compile(r"^(?:fix   (NW\d{4}) (\S+):\d+ |keep  (NW\d{4}) (\S+):\d+: answered by )", re.MULTILINE)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text("utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def expected(case: str) -> dict[str, str]:
    """A case's `after` files; `@@EXPIRES@@` stands for security.txt's Expires, one year from today (RFC 3339)."""
    import datetime as dt

    expires = f"{(dt.date.today() + dt.timedelta(days=365)).isoformat()}T00:00:00Z"
    return {name: text.replace("@@EXPIRES@@", expires) for name, text in files(FIXTURES / case / "after").items()}


def findings(root: Path, capsys: pytest.CaptureFixture[str]) -> Counter[tuple[str, str]]:
    _code, out, _err = run(["scan", str(root), "--no-deps", "--format", "json", "--exit-zero"], capsys)
    return Counter((f["code"], f["location"]["path"]) for f in json.loads(out)["findings"])


def listed(case: str, name: str) -> Counter[tuple[str, str]]:
    """`CODE path` lines of a case's `also_fixed` (findings its fixes remove without being theirs: NW1404 goes once CI
    runs `npm audit`) or `new_findings` (what an unsafe fix uncovers: bound SQL values are then judged by NW1010)."""
    listed = FIXTURES / case / name
    lines = listed.read_text("utf-8").splitlines() if listed.is_file() else []
    return Counter(tuple(line.split(maxsplit=1)) for line in lines if line.strip())  # type: ignore[misc]


def case_args(case: str) -> list[str]:
    args = FIXTURES / case / "args"
    return args.read_text("utf-8").split() if args.is_file() else []


@pytest.mark.parametrize("case", CASES)
def test_fix_turns_before_into_after(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "project"
    shutil.copytree(FIXTURES / case / "before", work)
    before = findings(work, capsys)
    code, out, err = run(["fix", str(work), "--apply", *case_args(case)], capsys)
    assert code == 0, err
    assert files(work) == expected(case)
    fixed = Counter((m[0] or m[2], m[1] or m[3]) for m in FIX_LINE.findall(err))
    assert fixed, err
    after = findings(work, capsys)
    assert after - before == listed(case, "new_findings"), "the fix made new findings"
    assert before - after == fixed + listed(case, "also_fixed")

    code, out, _err = run(["fix", str(work), "--apply", *case_args(case)], capsys)
    assert (code, out) == (0, "nothing to fix\n")
    assert files(work) == expected(case)


@pytest.mark.parametrize("case", CASES)
def test_the_diff_is_what_apply_writes(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --apply nothing is written, the exit code is 1, and `git apply` of the printed diff gives `after`."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to apply the diff")
    import subprocess

    work = tmp_path / "project"
    shutil.copytree(FIXTURES / case / "before", work)
    code, out, _err = run(["fix", str(work), *case_args(case)], capsys)
    assert code == 1
    assert files(work) == files(FIXTURES / case / "before")
    subprocess.run(["git", "apply", "-"], input=out, text=True, cwd=work, check=True, capture_output=True)
    assert files(work) == expected(case)


def test_every_registered_fix_has_a_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each `@fix` is applied by at least one before/after case (its "fix" line in some case's output)."""
    from nodeward.fix import all_fixes

    applied: set[str] = set()
    for case in CASES:
        _code, _out, err = run(["fix", str(FIXTURES / case / "before"), *case_args(case)], capsys)
        applied |= set(re.findall(r"^fix   (NW\d{4}) ", err, re.MULTILINE))
    assert applied == {f.code for f in all_fixes()}
