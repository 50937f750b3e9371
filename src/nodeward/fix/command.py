"""`nodeward fix PATH`: the patches that make failing practices hold, as a unified diff or written with --apply."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported when the command runs: `nodeward --help` stays fast
    from nodeward.fix.plan import FixPlan


def _err(text: str) -> None:
    from nodeward.reporters.terminal import safe

    click.echo(safe(text), err=True)


@click.command("fix", short_help="Fix the findings: a diff of the patches, or --apply to write them.")
@click.argument("path", type=click.Path(path_type=Path), default=".")
@click.option("--apply", "apply_", is_flag=True, help="Write the fixes (default: print them as a unified diff).")
@click.option("--unsafe", is_flag=True, help="Also fixes that change behaviour you must review (marked unsafe).")
@click.option("--force", is_flag=True, help="Write files even when they have uncommitted changes.")
@click.option("--select", multiple=True, help="Only findings of these rule codes, prefixes or names (repeatable).")
@click.option("--ignore", multiple=True, help="Not the findings of these rule codes, prefixes or names (repeatable).")
@click.option("--practice", "practices", multiple=True, type=click.IntRange(1, 15), help="Only this practice.")
@click.option("--contact", help="security.txt Contact (mailto: or https: URI); without it no security.txt is written.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="nodeward.toml to use.")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable).")
def fix_command(
    path: Path,
    apply_: bool,
    unsafe: bool,
    force: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    practices: tuple[int, ...],
    contact: str | None,
    config: Path | None,
    exclude: tuple[str, ...],
) -> None:
    """Fix what the static audit of PATH finds: prints a unified diff of every safe fix; --apply writes them.

    \b
    Exit codes: 0 nothing left to fix (or all applied) · 1 the diff is not empty (without --apply), or some
    file was left alone (with --apply) · 2 usage or unreadable input
    """
    from nodeward.cli import UsageError, make_settings
    from nodeward.fix.context import FixContext
    from nodeward.fix.plan import build_plan
    from nodeward.fix.write import write_changes
    from nodeward.scan import RunInputs, scan_project

    if not path.is_dir():
        raise UsageError(f"{path} is not a folder (give the project's root folder)")
    if contact is not None and not contact.startswith(("mailto:", "https://", "tel:")):
        raise UsageError(f"--contact {contact!r}: give a mailto:, https: or tel: URI (RFC 9116)")
    if contact is not None:
        from nodeward.practices.p15_security_txt import placeholder_host

        host = placeholder_host(contact)
        if host is not None:  # NW1505 would report the file this writes
            raise UsageError(f"--contact {contact!r}: {host} is reserved for examples; give your security contact")
    settings = make_settings(path, config, select=select, ignore=ignore, exclude=exclude)
    report = scan_project(settings, str(path), RunInputs())
    findings = [f for f in report.active if not practices or f.practice in practices]
    plan = build_plan(findings, FixContext(path, contact=contact, settings=settings), unsafe=unsafe)
    _describe(plan, unsafe)
    if not apply_:
        for change in plan.changes:
            from nodeward.reporters.terminal import safe

            click.echo("".join(safe(line) + "\n" for line in change.diff().splitlines()), nl=False)
        sys.exit(1 if plan.changes else 0)
    outcomes = write_changes(path, plan.changes, force=force)
    for outcome in outcomes:
        click.echo(f"{outcome.action:<8} {outcome.path}: {outcome.detail}")
    written = {o.path for o in outcomes if o.action in ("fixed", "created")}
    for note in plan.notes_for(written):
        click.echo(f"note: {note}")
    if not plan.changes:
        click.echo("nothing to fix")
    sys.exit(1 if any(o.action in ("refused", "failed") for o in outcomes) else 0)


def _describe(plan: FixPlan, unsafe: bool) -> None:
    for planned in plan.applied:
        _err(f"fix   {planned.label}")
    for planned in plan.conflicts:
        _err(f"later {planned.label}: overlaps another fix; run `nodeward fix` again after applying")
    if plan.skipped_unsafe and not unsafe:
        for planned in plan.skipped_unsafe:
            _err(f"skip  {planned.label}: add --unsafe to include it")
    for finding, why in plan.unfixable:
        _err(f"keep  {finding.code} {finding.location}: {why}")
    reasons = dict.fromkeys(
        f"{p.finding.code}: {p.why_unsafe}" for p in plan.applied + plan.skipped_unsafe + plan.conflicts if not p.safe
    )
    for reason in reasons:
        _err(f"unsafe {reason}")
    for error in plan.errors:
        _err(f"error {error}")
