"""Command line: scan, rules, explain (deps, probe, db and init add themselves here). The exit-code table lives here.

Exit codes (DESIGN.md §5):
  0  nothing at or above --fail-on
  1  findings at or above --fail-on
  2  usage, configuration or unreadable input (one line on stderr, no traceback)
  3  incomplete: something the user asked for could not be checked (and no finding already gave 1)
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import click

from nodeward import __version__
from nodeward.knowledge.observatory import MIN_GRADE_CHOICES
from nodeward.vocabulary import FAIL_ON_CHOICES, PROFILE_CHOICES, ConfigError

if TYPE_CHECKING:  # the engine, rules and reporters are imported when a command needs them: start-up stays fast
    from nodeward.report import Report
    from nodeward.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
F = TypeVar("F", bound=Callable[..., Any])
# The keys of nodeward.reporters.RENDERERS (a test keeps the two equal), named here so that building the command
# line does not import every reporter.
FORMATS = ("terminal", "json", "sarif", "markdown", "html")
PIPED_WIDTH = 120  # files, pipes and CI logs: wide enough for a finding on one line
MIN_WIDTH = 40
COMMAND_ORDER = ("scan", "deps", "probe", "init", "fix", "explain", "rules", "db", "import", "update", "status")


class UsageError(Exception):
    """Bad input from the user: one line on stderr, exit 2."""


class IncompleteError(Exception):
    """Something asked for could not be done (network, remote service): one line on stderr, exit 3."""


def safe(text: object) -> str:
    from nodeward.reporters.terminal import safe as neutralise

    return neutralise(text)


def safe_lines(text: str) -> str:
    """Neutralise control characters line by line: a diff or help text keeps its newlines, never raw escapes."""
    return "\n".join(safe(line) for line in text.split("\n"))


def fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"nodeward: error: {safe(message)}", err=True)
    sys.exit(code)


def terminal_width() -> int:
    """Columns to lay the terminal report out for: the terminal's own width whether or not colour is on
    ($COLUMNS first, as shells and `script` set it), else $COLUMNS, else a width for files and pipes."""
    if sys.stdout.isatty():
        import shutil

        columns = shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    else:
        given = os.environ.get("COLUMNS", "")
        columns = int(given) if given.isdigit() and int(given) > 0 else PIPED_WIDTH
    return max(columns, MIN_WIDTH)


def exit_code(report: Report, settings: Settings) -> int:
    if report.failing(settings.fail_threshold):
        return EXIT_OK if settings.exit_zero else EXIT_FINDINGS
    if report.incomplete:
        return EXIT_INCOMPLETE
    return EXIT_OK


def emit(report: Report, fmt: str, output: Path | None, **terminal_options: bool) -> None:
    """Render and write a report; the terminal format gets colour only on an interactive stdout, and the
    terminal's width either way (a file gets PIPED_WIDTH)."""
    if fmt == "terminal":
        from nodeward.reporters import terminal as terminal_reporter

        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = terminal_width() if output is None else PIPED_WIDTH
        text = terminal_reporter.render(report, color=color, width=width, **terminal_options)
    else:
        from nodeward.reporters import RENDERERS

        text = RENDERERS[fmt](report)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"nodeward: wrote {fmt} report to {output}", err=True)


def bundled(name: str, build: Callable[..., Any], options: list[Callable[[Any], Any]]) -> Callable[[F], F]:
    """Click options that reach the command as one keyword argument `name`: `build(**their values)`."""

    def probe_names() -> list[str]:
        def dummy() -> None: ...

        target: Any = dummy
        for option in options:
            target = option(target)
        return [str(param.name) for param in target.__click_params__]

    keys = probe_names()

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs[name] = build(**{key: kwargs.pop(key) for key in keys if key in kwargs})
            return func(*args, **kwargs)

        command: Any = wrapper
        for option in reversed(options):
            command = option(command)
        return cast(F, command)

    return decorate


@dataclass(frozen=True)
class ReportFlags:
    """The flags every reporting command shares: rule selection, thresholds, format and destination."""

    fmt: str = "terminal"
    output: Path | None = None
    fail_on: str | None = None
    exit_zero: bool | None = None
    config: Path | None = None
    trust_config: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profile: str | None = None
    show_suppressed: bool = False
    verbose: bool = False

    def settings(self, root: Path, **more: Any) -> Settings:
        return make_settings(
            root,
            self.config,
            trust_config=self.trust_config,
            fail_on=self.fail_on,
            exit_zero=self.exit_zero,
            select=self.select,
            ignore=self.ignore,
            profile=self.profile,
            **more,
        )

    def emit(self, report: Report) -> None:
        emit(report, self.fmt, self.output, show_suppressed=self.show_suppressed, verbose=self.verbose)


report_options = bundled(
    "report",
    ReportFlags,
    [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS, case_sensitive=False),
            default="terminal",
            show_default=True,
        ),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."),
        click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), help="Exit 1 on findings at or above this."),
        click.option("--exit-zero", is_flag=True, default=None, help="Exit 0 even when findings fail the run."),
        click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="nodeward.toml to use."),
        click.option(
            "--trust-config",
            is_flag=True,
            default=False,
            envvar="NODEWARD_TRUST_CONFIG",
            help="Let the scanned folder's nodeward.toml choose advisory URLs, store and registry (and its .npmrc the "
            "registry); without it they come only from flags, environment and ~/.config/nodeward/config.toml.",
        ),
        click.option("--select", multiple=True, help="Only these rule codes, prefixes or names (repeatable)."),
        click.option("--ignore", multiple=True, help="Skip these rule codes, prefixes or names (repeatable)."),
        click.option(
            "--profile",
            type=click.Choice(PROFILE_CHOICES),
            help="'audit' adds noisier heuristics; 'library' scans a package through its exported API.",
        ),
        click.option("--show-suppressed", is_flag=True, help="List suppressed findings in the terminal report."),
        click.option("--verbose", "-v", is_flag=True, help="List every skipped file and parse problem."),
    ],
)

# Options of the live probe, shared by `probe URL` and `scan PATH --url URL`: they reach the command as `live`, the
# mapping of flag name to value that `probe_options` reads.
live_options = bundled(
    "live",
    dict,
    [
        click.option("--header", multiple=True, metavar="'NAME: VALUE'", help="Send this header (repeatable)."),
        click.option("--cookie", multiple=True, metavar="'NAME=VALUE'", help="Send this cookie (repeatable)."),
        click.option("--path", "paths", multiple=True, help="Extra page to judge (repeatable); first = burst target."),
        click.option("--http-port", type=click.IntRange(1, 65535), help="Port of the plain-HTTP listener."),
        click.option("--https-port", type=click.IntRange(1, 65535), help="Port of the HTTPS listener."),
        click.option("--no-burst", is_flag=True, help="Send no rate-limit burst."),
        click.option(
            "--burst", type=click.IntRange(0, None), help="Rate-limit burst size (default 30, capped at 100)."
        ),
        click.option("--insecure", is_flag=True, help="Skip TLS certificate verification (reported as such)."),
        click.option("--cacert", type=click.Path(exists=True, dir_okay=False), help="Trust this CA bundle."),
        click.option("--timeout", type=click.FloatRange(0.1, 120), help="Seconds per request (default 9)."),
        click.option("--max-time", type=click.FloatRange(1, 3600), help="Seconds for the whole probe (default 40)."),
    ],
)


@dataclass(frozen=True)
class TreeFlags:
    """Which files of the tree `scan` reads."""

    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    no_gitignore: bool = False
    no_cache: bool = False

    def settings_keys(self) -> dict[str, Any]:
        return {
            "exclude": self.exclude,
            "include": self.include,
            "use_gitignore": False if self.no_gitignore else None,
            "cache": False if self.no_cache else None,
        }


def split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


def make_settings(root: Path, config: Path | None, *, trust_config: bool = False, **cli: Any) -> Settings:
    from nodeward.rules.registry import all_rules
    from nodeward.settings import build_settings

    if config is not None and not config.is_file():
        raise UsageError(f"config file {config} does not exist")
    for key in ("select", "ignore"):
        if key in cli:
            cli[key] = split_codes(cli[key] or ())
            for code in cli[key]:
                if not any(r.code.startswith(code.upper()) or r.name == code.lower() for r in all_rules()):
                    raise UsageError(f"--{key} {code}: no rule has this code, prefix or name")
    return build_settings(root, config, cli, trust_config=trust_config)


PROJECT_DEPTH = 3  # a monorepo's package.json may sit this many folders below the root (apps/group/service/)


def find_package_json(root: Path, depth: int = PROJECT_DEPTH) -> Path | None:
    """The first package.json at `root` or up to `depth` folders below it, breadth first; node_modules, hidden
    folders and symlinked folders are not entered (they are not the project, and may loop)."""
    level = [root]
    for _ in range(depth + 1):
        below: list[Path] = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.name == "package.json" and entry.is_file():
                        return Path(entry.path)
                    if entry.is_dir(follow_symlinks=False) and entry.name != "node_modules" and entry.name[0] != ".":
                        below.append(Path(entry.path))
                except OSError:
                    continue
        level = below
    return None


def require_project(path: Path) -> None:
    """A folder without package.json is not a Node.js project: scanning it would pass green on a wrong path."""
    if not path.exists():
        raise UsageError(f"{path} does not exist")
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder (give the project's root folder)")
    if find_package_json(path) is None:
        raise UsageError(
            f"{path} is not a Node.js project (no package.json found, at its root or up to {PROJECT_DEPTH} "
            "folders below)"
        )


class Progress:
    """A progress line on stderr, only when stderr is a terminal and the scan is taking more than a moment."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress as RichProgress
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("discovering files", total=None)
        return self

    def files(self, n: int) -> None:
        if self._progress is not None and n % 200 == 0:
            self._progress.update(self._task, description=f"discovering files ({n})")

    def rule(self, rule: Any) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=f"running {rule.code} {rule.name}")

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


class OrderedGroup(click.Group):
    """Lists commands in the order a user needs them (COMMAND_ORDER, then any other in the order added)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(self.commands, key=lambda name: rank.get(name, len(rank)))


class RootGroup(OrderedGroup):
    """The top-level group; commands kept in their own package are imported only when asked for."""

    LAZY: ClassVar[dict[str, tuple[str, str]]] = {"fix": ("nodeward.fix.command", "fix_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted({*self.commands, *self.LAZY}, key=lambda name: rank.get(name, len(rank)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            import importlib

            module, attr = self.LAZY[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="nodeward")
def cli() -> None:
    """nodeward: security audit of a Node.js application against 15 practices.

    \b
    Exit codes: 0 nothing at or above --fail-on · 1 findings at or above it ·
    2 usage, config or unreadable input · 3 incomplete (something asked for could not be checked) ·
    130 interrupted (Ctrl-C)
    """


@cli.command(short_help="Audit the project at PATH (code, config, dependencies) against the 15 practices.")
@click.argument("path", type=click.Path(path_type=Path), default=".")
@report_options
@bundled(
    "tree",
    TreeFlags,
    [
        click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable)."),
        click.option(
            "--include", multiple=True, help="Glob of paths to scan even when excluded by default (repeatable)."
        ),
        click.option("--no-gitignore", is_flag=True, help="Scan files that .gitignore excludes."),
    ],
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings not in this baseline (matched by fingerprint).",
)
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), help="Write a baseline here.")
@click.option("--url", help="Also probe this running app and merge live findings into the same scorecard.")
@live_options
@bundled(
    "audit",
    dict,
    [
        click.option("--no-deps", is_flag=True, help="Skip the dependency audit (practice 2 advisories)."),
        click.option(
            "--offline", is_flag=True, help="Make no network request (dependency audit uses the offline store)."
        ),
        click.option(
            "--advisory-db", type=click.Path(dir_okay=False, path_type=Path), help="Offline advisory store to use."
        ),
    ],
)
@click.option("--no-cache", is_flag=True, help="Extract JS/TS facts afresh; do not read or write the fact cache.")
def scan(
    path: Path,
    report: ReportFlags,
    tree: TreeFlags,
    baseline: Path | None,
    write_baseline: Path | None,
    url: str | None,
    live: dict[str, Any],
    audit: dict[str, Any],
    no_cache: bool = False,
) -> None:
    """Static audit of the Node.js project at PATH against the 15 practices."""
    from dataclasses import replace

    from nodeward.baseline import BaselineError, load_baseline
    from nodeward.baseline import write_baseline as save_baseline
    from nodeward.scan import ScanRequest, run_scan

    require_project(path)
    settings = report.settings(path, **replace(tree, no_cache=no_cache).settings_keys())
    probe = None
    if url:
        probe = probe_options(url, **live)
    elif any(live.values()):
        given = next(name for name, value in live.items() if value)
        raise UsageError(f"--{given.replace('_', '-').rstrip('s')} is a probe option: it needs --url")
    deps = None
    if not audit.get("no_deps"):
        from nodeward.deps.command import options_from

        flags = {"offline": audit.get("offline"), "advisory_db": audit.get("advisory_db")}
        flags["trust_tree"] = settings.trust_config
        deps = options_from(settings.extra.get("deps"), **flags)
    try:
        loaded = load_baseline(baseline) if baseline is not None else None
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    result = run_scan(settings, str(path), ScanRequest(deps, probe, loaded), hooks=lambda: Progress(enabled=True))
    if write_baseline is not None:
        try:
            n = save_baseline(result.findings, write_baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
        click.echo(f"nodeward: wrote baseline with {n} finding(s) to {write_baseline}", err=True)
    report.emit(result)
    sys.exit(exit_code(result, settings))


def probe_options(url: str, **given: Any) -> Any:
    """CLI flags → ProbeOptions, with the URL checked (one line, exit 2, on bad input)."""
    from urllib.parse import urlsplit

    from nodeward.probe.plan import DEFAULT_BURST
    from nodeward.probe.record import ProbeOptions
    from nodeward.probe.run import parse_header

    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise UsageError(f"{url!r} is not an http:// or https:// URL")
    import httpx

    try:  # an IDNA host that cannot be decoded (xn--ls8h): one line here, not an error on every request
        httpx.URL(url).host  # noqa: B018 - reading it decodes the IDNA labels
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise UsageError(f"{url!r} cannot be used: {' '.join(str(exc).split())[:200]}") from None
    headers = []
    for text in given.get("header") or ():
        try:
            headers.append(parse_header(text))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    cookies = [c.strip() for c in given.get("cookie") or () if c.strip()]
    if cookies:
        headers.append(("Cookie", "; ".join(cookies)))
    burst = given.get("burst")
    burst = DEFAULT_BURST if burst is None else burst
    if given.get("no_burst"):
        burst = 0
    return ProbeOptions(
        url=url,
        paths=tuple("/" + p.lstrip("/") for p in given.get("paths") or ()),
        headers=tuple(headers),
        http_port=given.get("http_port"),
        https_port=given.get("https_port"),
        burst=burst,
        insecure=bool(given.get("insecure")),
        ca_file=given.get("cacert"),
        timeout=given.get("timeout") or 9.0,
        **({"max_time": given["max_time"]} if given.get("max_time") else {}),
    )


@cli.command(short_help="Probe a running app at URL with about 60 bounded requests.")
@click.argument("url")
@report_options
@live_options
@click.option("--min-grade", type=click.Choice(MIN_GRADE_CHOICES),
              help="Exit 1 when the header grade is below this.")  # fmt: skip
def probe(url: str, report: ReportFlags, live: dict[str, Any], min_grade: str | None) -> None:
    """Probe a running app at URL (about 60 bounded requests) and judge the practices it shows live."""
    from nodeward.probe.grade import grade_at_least
    from nodeward.scan import run_probe

    options = probe_options(url, **live)
    settings = report.settings(Path.cwd())
    result, inputs = run_probe(settings, options)
    if result is None:
        fail(next(iter(inputs.incomplete.values())).split(" failed: ", 1)[-1], EXIT_INCOMPLETE)
        return
    report.emit(result)
    code = exit_code(result, settings)
    grade = inputs.sources["probe"].grade
    below = min_grade is not None and (grade is None or not grade_at_least(grade.grade, min_grade))
    if below and code == EXIT_OK and not settings.exit_zero:
        got = grade.grade if grade is not None else "none"
        click.echo(f"nodeward: header grade {got} is below --min-grade {min_grade}", err=True)
        code = EXIT_FINDINGS
    sys.exit(code)


@cli.command(short_help="Audit the dependencies of PATH (every lockfile) against known advisories.")
@click.argument("path", type=click.Path(path_type=Path), default=".")
@report_options
@bundled(
    "audit",
    dict,
    [
        click.option("--omit", multiple=True, type=click.Choice(["dev", "optional", "peer"]), help="Leave these out."),
        click.option("--offline", is_flag=True, help="Make no network request at all (offline store only)."),
        click.option(
            "--advisory-db", type=click.Path(dir_okay=False, path_type=Path), help="Offline advisory store to use."
        ),
        click.option(
            "--source",
            type=click.Choice(["auto", "store", "osv-api", "npm-bulk"]),
            help="Advisory source (auto: offline store, else the OSV API; npm-bulk is opt-in).",
        ),
        click.option("--osv-api-url", envvar="NODEWARD_OSV_API_URL", help="Base URL of the OSV API (mirrors)."),
        click.option("--registry", envvar="NODEWARD_REGISTRY", help="npm registry for metadata and npm-bulk."),
        click.option(
            "--no-registry-metadata", is_flag=True, help="Do not fetch package metadata (fix plans are rougher)."
        ),
    ],
)
@click.option("--fix", "fix_", is_flag=True, help="Write the fix plans' upgrades into package.json (then re-lock).")
def deps(path: Path, report: ReportFlags, audit: dict[str, Any], fix_: bool = False) -> None:
    """Audit the dependencies of the project at PATH (every lockfile and workspace) against known advisories."""
    from nodeward.deps.command import options_from
    from nodeward.scan import run_deps

    require_project(path)
    settings = report.settings(path)
    flags = dict(audit)
    flags["trust_tree"] = settings.trust_config
    if flags.pop("no_registry_metadata", False):
        flags["registry_metadata"] = False
    options = options_from(settings.extra.get("deps"), **flags)
    result, deps_audit = run_deps(settings, str(path), options)
    report.emit(result)
    if fix_:
        from nodeward.fix.deps_upgrade import write_upgrades

        for line in write_upgrades(path, deps_audit):
            click.echo(safe(line), err=True)
    sys.exit(exit_code(result, settings))


@cli.group(cls=OrderedGroup, short_help="Build and inspect the offline advisory store.")
def db() -> None:
    """The offline advisory store (SQLite, in the user cache directory unless --advisory-db / NODEWARD_ADVISORY_DB)."""


def _store_path(advisory_db: Path | None) -> Path:
    from nodeward.deps.advisories.store import default_store_path

    return advisory_db or default_store_path()


def _print_import(stats: Any, dest: Path) -> None:
    click.echo(
        f"built {dest}: {stats.records} advisories ({stats.withdrawn} withdrawn), skipped {stats.skipped_bad_json} "
        f"bad JSON, {stats.skipped_invalid} invalid, {stats.skipped_not_npm} not npm, {stats.skipped_unsafe} unsafe"
    )


@db.command("import", short_help="Build the store from OSV JSON records (a zip or a folder).")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--advisory-db", type=click.Path(dir_okay=False, path_type=Path), help="Store to build.")
def db_import(source: Path, advisory_db: Path | None) -> None:
    """Build the store from a zip or folder of OSV JSON records (atomic: a failure keeps the old store)."""
    from nodeward.deps.advisories.store import StoreError, import_osv

    dest = _store_path(advisory_db)
    try:
        stats = import_osv(source, dest)
    except StoreError as exc:
        raise UsageError(f"{exc} (the previous store, if any, is unchanged)") from None
    _print_import(stats, dest)


@db.command("update", short_help="Download OSV's npm export and rebuild the store.")
@click.option("--advisory-db", type=click.Path(dir_okay=False, path_type=Path), help="Store to build.")
@click.option("--url", envvar="NODEWARD_OSV_EXPORT_URL", help="Where to download OSV's npm export (mirrors).")
@click.option("--offline", is_flag=True, help="Refuse: an update needs the network.")
def db_update(advisory_db: Path | None, url: str | None, offline: bool) -> None:
    """Download OSV's npm export (npm/all.zip) and rebuild the store atomically."""
    from nodeward.deps.advisories.store import DEFAULT_OSV_EXPORT_URL, StoreError, update_from_url

    if offline:
        raise UsageError("db update needs the network; use `nodeward db import PATH` offline")
    dest = _store_path(advisory_db)
    url = url or DEFAULT_OSV_EXPORT_URL
    click.echo(f"downloading {url} (sends nothing but this GET)", err=True)
    bar: Any = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

        bar = Progress(BarColumn(), DownloadColumn(), TransferSpeedColumn(), console=Console(stderr=True))
        bar.start()
        task = bar.add_task("download", total=None)

    def progress(done: int, total: int | None) -> None:
        if bar is not None:
            bar.update(task, completed=done, total=total)

    try:
        stats = update_from_url(url, dest, progress=progress)
    except StoreError as exc:
        raise IncompleteError(f"{exc} (the previous store, if any, is unchanged)") from None
    finally:
        if bar is not None:
            bar.stop()
    _print_import(stats, dest)


@db.command("status", short_help="Show where the store is, its age, origin and size.")
@click.option("--advisory-db", type=click.Path(dir_okay=False, path_type=Path), help="Store to describe.")
def db_status(advisory_db: Path | None) -> None:
    """Show where the store is, when it was built, from what, and how many records it holds."""
    from nodeward.deps.advisories.store import store_status

    st = store_status(_store_path(advisory_db))
    if not st.exists:
        click.echo(f"no advisory store at {st.path} (run `nodeward db update` or `nodeward db import PATH`)")
        sys.exit(EXIT_INCOMPLETE)
    if st.error:
        raise UsageError(f"{st.path}: {st.error}")
    click.echo(f"store: {st.path}")
    click.echo(f"built: {st.built_at} ({st.age_days:.1f} days ago) from {st.origin}")
    click.echo(f"records: {st.records} (skipped {st.skipped})")
    if st.stale:
        click.echo("warning: older than 7 days; run `nodeward db update`")


@cli.command("rules", short_help="List every rule: code, name, practice, severity.")
@click.option("--practice", type=click.IntRange(1, 15), help="Only this practice's rules.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"], case_sensitive=False), default="table", show_default=True
)
def list_rules(practice: int | None, fmt: str) -> None:
    """List every rule: code, name, practice, severity, profile."""
    import json

    from nodeward.knowledge.guide import PRACTICES
    from nodeward.rules.registry import all_rules

    rules = [r for r in all_rules() if practice is None or r.practice == practice]
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "practice": r.practice,
                "severity": r.severity.label,
                "confidence": r.confidence.label,
                "profile": r.profile,
                "origin": r.origin,
                "cwe": r.cwe,
                "summary": r.summary,
            }
            for r in rules
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    # Only the practice title may wrap, and rich wraps it between words: a name or code is never cut.
    table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
    for column in ("Code", "Name", "Practice", "Severity", "Origin", "Profile"):
        table.add_column(column, no_wrap=column != "Practice", overflow="fold")
    for r in rules:
        table.add_row(
            r.code, r.name, f"{r.practice:02d} {PRACTICES[r.practice]}", r.severity.label, r.origin, r.profile
        )
    click.echo(render_rich(table), nl=False)
    click.echo(f"{len(rules)} rules")


def render_rich(renderable: Any) -> str:
    """Render for stdout at the terminal's width, colour only on an interactive terminal without NO_COLOR."""
    import io

    from rich.console import Console

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=terminal_width(), highlight=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))


@cli.command(short_help="Show a rule's documentation (by code, e.g. NW0301, or by name).")
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's documentation (by code, e.g. NW0101, or by name)."""
    from nodeward.knowledge.guide import PRACTICES
    from nodeward.rule_source import find_rule

    r: Any = find_rule(rule_id)  # read from the source: no practice module is imported
    if r is None:
        from nodeward.rules.registry import get_rule

        r = get_rule(rule_id)
    if r is None:
        raise UsageError(f"no rule {rule_id!r} (see `nodeward rules`)")
    click.echo(f"{r.code} {r.name}  (practice {r.practice:02d}: {PRACTICES[r.practice]})")
    click.echo(
        f"severity {r.severity.label} · confidence {r.confidence.label} · profile {r.profile}"
        + (f" · CWE-{r.cwe}" if r.cwe else "")
    )
    click.echo("")
    click.echo(r.doc)


@cli.command(short_help="Write nodeward.toml, a CI workflow and a security.txt template.")
@click.argument("path", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option(
    "--contact",
    help="security.txt Contact, e.g. mailto:security@yourcompany.com (default: a placeholder, reported as NW1505).",
)
@click.option(
    "--action",
    metavar="OWNER/REPO@REF",
    help="Where nodeward's action.yml lives, pinned (e.g. acme/nodeward@v0.1.0); default: a placeholder to fill in.",
)
@click.option("--yes", is_flag=True, help="Overwrite files that differ without asking.")
def init(path: Path, contact: str | None, action: str | None, yes: bool) -> None:
    """Write nodeward.toml, a GitHub workflow, a Dependabot config and a security.txt template; never overwrites
    without asking.

    Prints the ESLint snippet that enables eslint-plugin-security for the project's config style.
    """
    import datetime as dt

    from nodeward.init import ACTION_PLACEHOLDER, PLACEHOLDER_CONTACT, diff, eslint_snippet, planned_files

    if not path.is_dir():
        raise UsageError(f"{path} is not a folder")
    interactive = sys.stdin.isatty()
    refused = []
    try:
        planned_list = planned_files(dt.date.today(), contact or PLACEHOLDER_CONTACT, action or ACTION_PLACEHOLDER)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    for planned in planned_list:
        target = path / planned.path
        if target.exists():
            from nodeward.safe_files import read_regular_bytes

            try:  # the safe reader: a FIFO under one of these names must not hang `init`
                current = read_regular_bytes(target, cap=1024 * 1024).decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"cannot read existing {planned.path}: {exc}") from None
            if current == planned.content:
                click.echo(f"unchanged  {planned.path}")
                continue
            click.echo(f"differs    {planned.path}:")
            click.echo(safe_lines(diff(planned.path, current, planned.content)), nl=False)
            if not yes and not (interactive and click.confirm(f"overwrite {planned.path}?", default=False)):
                refused.append(planned.path)
                click.echo(f"kept       {planned.path}")
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(planned.content, encoding="utf-8")
        click.echo(f"wrote      {planned.path}")
    todo = []
    if not action:
        todo.append(f"in .github/workflows/nodeward.yml, replace {ACTION_PLACEHOLDER} (or re-run with --action)")
    if not contact:
        todo.append(f"in public/.well-known/security.txt, replace {PLACEHOLDER_CONTACT} (or re-run with --contact)")
    if todo:
        click.echo("")
        click.echo("Fill in the placeholders (nodeward reports them until you do):")
        for item in todo:
            click.echo(f"  - {item}")
    click.echo("")
    click.echo("Enable a security linter (practice 11):")
    click.echo(eslint_snippet(path))
    if refused:
        fail(f"left {len(refused)} existing file(s) as they were: {', '.join(refused)} (re-run with --yes to replace)")


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps bad input to one line and exit 2, and never shows a traceback unless NODEWARD_DEBUG=1."""
    try:
        code = cli.main(args=argv, prog_name="nodeward", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `nodeward` or `nodeward db`: the user asked for help
        click.echo(exc.ctx.get_help())
        sys.exit(EXIT_OK)
    except click.exceptions.Abort as exc:  # click turns Ctrl-C (and end of input at a prompt) into Abort
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
            fail("interrupted", EXIT_INTERRUPTED)
        fail("aborted")
    except click.UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            usage = exc.ctx.get_usage().splitlines()[0].removeprefix("Usage: ")
            hint = f" (usage: {usage}; see `{exc.ctx.command_path} --help`)"
        fail(exc.format_message() + hint)
    except click.ClickException as exc:
        fail(exc.format_message())
    except (UsageError, ConfigError) as exc:
        fail(str(exc))
    except IncompleteError as exc:
        fail(str(exc), EXIT_INCOMPLETE)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # the user gets one line; a developer can ask for the traceback
        if os.environ.get("NODEWARD_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set NODEWARD_DEBUG=1 for a traceback)")
    sys.exit(code if isinstance(code, int) else EXIT_OK)
