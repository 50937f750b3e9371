"""The dependency audit: lockfiles -> packages -> advisory source -> matches -> fix plans, as one DepsAudit fact.

`run_deps_audit(root, options)` does all the I/O (files, store, network); the practice-2 rules then judge the
DepsAudit it returns without any I/O of their own.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from nodeward.collect.discover import TEST_LIKE_DIRS, Project
from nodeward.deps import semver
from nodeward.deps.advisories import AdvisorySource, SourceAnswer, SourceUnavailable
from nodeward.deps.advisories.model import Advisory
from nodeward.deps.fixplan import FixPlan, plan_fix
from nodeward.deps.lockfiles.errors import MAX_LOCKFILE_BYTES
from nodeward.deps.lockfiles.specs import tarball_name_version
from nodeward.deps.matcher import VulnMatch, affects, match_packages
from nodeward.deps.packages import Lockfile, Package
from nodeward.deps.registry import Packument, RegistryClient, configured_registry
from nodeward.deps.runtime import NodeRuntime, find_node_runtimes
from nodeward.findings import Location
from nodeward.knowledge.tools import UPDATE_BOT_PATHS
from nodeward.safe_files import read_text_or_none

OMIT_CHOICES = ("dev", "optional", "peer")
SOURCE_CHOICES = ("auto", "store", "osv-api", "npm-bulk")
DEFAULT_OSV_API = "https://api.osv.dev"
SCHEDULE_STALE_DAYS = 180
UPDATE_BOTS = UPDATE_BOT_PATHS  # knowledge/tools.py


@dataclass(frozen=True)
class DepsOptions:
    omit: frozenset[str] = frozenset()
    offline: bool = False
    advisory_db: Path | None = None  # None = $NODEWARD_ADVISORY_DB or the user cache dir
    source: str = "auto"  # "auto" (store, else OSV API) | "store" | "osv-api" | "npm-bulk"
    osv_api_url: str = DEFAULT_OSV_API
    registry: str | None = None  # npm registry for packuments and npm-bulk; None = from .npmrc / env
    registry_metadata: bool = True  # fetch packuments (fix plans, deprecated, outdated) when a registry is known
    # --trust-config: the scanned folder's .npmrc may choose the registry asked over the network (by default only
    # --registry, the environment and the user's own ~/.npmrc do: a hostile repository must not pick the server)
    trust_tree: bool = False
    cache_dir: Path | None = None
    now: datetime | None = None
    timeout: float = 20.0


@dataclass(frozen=True)
class Vulnerability:
    """One vulnerable installed copy in one lockfile, with the way it came in and the plan to fix it."""

    match: VulnMatch
    package: Package
    lockfile: str
    top_level: str  # the direct dependency that brings it in (itself when direct)
    kind: str  # "prod" | "dev" | "optional" | "peer"
    plan: FixPlan
    approximate: bool = False  # matched on a declared range (no lockfile), not an installed version

    @property
    def location(self) -> Location:
        return self.package.location if self.package.location.path else Location(self.lockfile)


@dataclass(frozen=True)
class DeclaredDependency:
    name: str
    range: str
    kind: str
    workspace: str
    location: Location


@dataclass(frozen=True)
class DepsAudit:
    root: str
    lockfiles: tuple[Lockfile, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()  # (path, message): unparsable lockfiles, empty lockfiles
    answer: SourceAnswer | None = None
    unavailable: str | None = None  # why no advisory source could answer ("could not check")
    vulnerabilities: tuple[Vulnerability, ...] = ()
    notes: tuple[str, ...] = ()
    packages_checked: int = 0
    omitted: int = 0
    not_auditable: tuple[Package, ...] = ()
    manifests_without_lockfile: tuple[str, ...] = ()  # package.json files declaring deps with no lockfile
    approximate: tuple[DeclaredDependency, ...] = ()
    packuments: Mapping[str, Packument] = field(default_factory=dict)
    registry: str | None = None  # the registry asked for metadata in this run (None offline)
    configured_registry: str | None = None  # the registry the project/user configured (read locally)
    node_runtimes: tuple[NodeRuntime, ...] = ()
    schedule_date: str = ""
    update_bots: tuple[str, ...] = ()
    sent: tuple[str, ...] = ()
    # Every download URL written in the lockfiles, with its line: (lockfile, line, url). Read from the text because
    # the parsers keep `resolved` only for non-registry sources.
    lockfile_urls: tuple[tuple[str, int, str], ...] = ()
    # name@version -> the one version that is outside every advisory matching it (None when there is none known).
    clears_all: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def checked(self) -> bool:
        return self.answer is not None and self.unavailable is None

    def all_packages(self) -> list[Package]:
        return [p for lf in self.lockfiles for p in lf.packages]


def package_kind(pkg: Package) -> str:
    if pkg.dev:
        return "dev"
    if pkg.optional:
        return "optional"
    if pkg.peer:
        return "peer"
    return "prod"


def omitted(pkg: Package, omit: frozenset[str]) -> bool:
    # npm's --omit: a package goes when every reason it is installed is omitted; our flags are already merged.
    return (pkg.dev and "dev" in omit) or (pkg.optional and "optional" in omit) or (pkg.peer and "peer" in omit)


# ---- sources ------------------------------------------------------------------------------------------------------


def choose_sources(options: DepsOptions, registry: str | None) -> tuple[list[AdvisorySource], list[str]]:
    """The sources to try in order, and notes on those skipped."""
    from nodeward.deps.advisories.store import OfflineStore, cache_dir, default_store_path

    store = OfflineStore(options.advisory_db or default_store_path(), now=options.now)
    notes: list[str] = []
    if options.source == "store":
        return [store], notes
    if options.source == "npm-bulk":
        if options.offline:
            return [], ["--offline: npm's bulk advisory endpoint is a network source"]
        if not registry:
            return [], ["npm-bulk needs a registry (--registry or .npmrc)"]
        from nodeward.deps.advisories.npm_bulk import NpmBulkSource

        return [NpmBulkSource(registry, timeout=options.timeout)], notes
    from nodeward.deps.advisories.osv_api import OsvApiSource

    api = OsvApiSource(
        options.osv_api_url, cache=(options.cache_dir or cache_dir()) / "osv-api", timeout=options.timeout
    )
    if options.source == "osv-api":
        if options.offline:
            return [], ["--offline: the OSV API is a network source"]
        return [api], notes
    if options.offline:
        return [store], notes
    return [store, api], notes


def fetch_advisories(
    sources: Sequence[AdvisorySource], wanted: Mapping[str, frozenset[str]]
) -> tuple[SourceAnswer | None, list[str]]:
    failures: list[str] = []
    for source in sources:
        try:
            return source.fetch(wanted), failures
        except SourceUnavailable as exc:
            failures.append(f"{source.name}: {exc}")
    return None, failures


# ---- package.json without a lockfile ------------------------------------------------------------------------------


def _declared(root: Path, rel: str) -> list[DeclaredDependency]:
    """Registry dependencies a package.json declares (aliases resolved to the real name by the manifest reader)."""
    from nodeward.deps.lockfiles import declared_dependencies

    text = read_text_or_none(root, rel)
    if text is None:
        return []
    workspace = str(Path(rel).parent) if Path(rel).parent != Path(".") else ""
    try:
        packages = declared_dependencies(text, workspace, rel)
    except (ValueError, RecursionError):
        return []
    return [
        DeclaredDependency(p.name, p.declared_range or "", package_kind(p), workspace, p.location)
        for p in packages
        if p.source == "registry" and p.declared_range
    ]


def lowest_admitted(spec: str) -> str | None:
    """The lowest version a declared range admits (`^4.17.4` -> 4.17.4): what an approximate audit checks."""
    if spec.startswith("npm:"):
        spec = spec.rsplit("@", 1)[-1]
    if not semver.valid_range(spec, loose=True):
        return None
    try:
        sets = semver._comparator_sets(spec, True, False)
    except ValueError:
        return None
    lows = []
    for comps in sets:
        bounds = [b for op, b, _p in comps if b is not None and op in (">=", "=", "")]
        lows.append(max(bounds) if bounds else (0, 0, 0, 1, ()))
    low = min(lows)
    pre = ".".join(str(p[1]) if p[0] == 0 else p[2] for p in low[4])
    return f"{low[0]}.{low[1]}.{low[2]}" + (f"-{pre}" if pre else "")


# ---- the audit ----------------------------------------------------------------------------------------------------


def _discover(root: Path, project: Project | None = None) -> tuple[list[Lockfile], list[tuple[str, str]], list[str]]:
    """Parse every lockfile of the project (the lockfile parsers' module); returns (lockfiles, problems, manifests).

    With a discovered `project`, its file list decides (so --exclude, .gitignore and the test-folder rule apply as
    they do to the scan); without one, the folder is walked."""
    from nodeward.deps import lockfiles as lockfile_parsers

    found: list[Lockfile] = []
    problems: list[tuple[str, str]] = []
    for rel in lockfile_parsers.find_lockfiles(project if project is not None else root):
        try:
            found.append(lockfile_parsers.load_lockfile(root, rel))
        except lockfile_parsers.LockfileError as exc:
            problems.append((rel, exc.reason))
    return found, problems, _manifests(root) if project is None else _project_manifests(project)


_PRUNED = frozenset({"node_modules", ".git", ".hg", ".svn", ".yarn", ".pnpm-store", "bower_components"})
MAX_MANIFESTS = 200


def _manifests(root: Path) -> list[str]:
    """package.json files of the project and its workspaces (never inside node_modules or hidden folders)."""
    out: list[str] = []
    for folder, dirs, files in os.walk(root):
        # Test, fixture and example folders hold look-alike projects (fastify ships test/bundler/*/package.json),
        # as discovery already knows: they are not the audited project's dependencies.
        dirs[:] = sorted(
            d for d in dirs if d not in _PRUNED and not d.startswith(".") and d.lower() not in TEST_LIKE_DIRS
        )
        if "package.json" in files:
            out.append((Path(folder) / "package.json").relative_to(root).as_posix())
            if len(out) >= MAX_MANIFESTS:
                break
    return sorted(out, key=lambda p: (p.count("/"), p))


def _project_manifests(project: Project) -> list[str]:
    """The package.json files discovery kept, as `_manifests` picks them from a walk (no hidden folders)."""
    out = [
        f.path
        for f in project.files
        if PurePosixPath(f.path).name == "package.json"
        and not any(part.startswith(".") or part in _PRUNED for part in PurePosixPath(f.path).parts[:-1])
    ]
    return sorted(out, key=lambda p: (p.count("/"), p))[:MAX_MANIFESTS]


def _covered(manifest: str, lockfiles: Sequence[Lockfile]) -> bool:
    folder = str(Path(manifest).parent)
    folder = "" if folder == "." else folder
    for lf in lockfiles:
        lf_dir = str(Path(lf.path).parent)
        lf_dir = "" if lf_dir == "." else lf_dir
        if folder == lf_dir:
            return True
        rel = (
            folder[len(lf_dir) + 1 :] if lf_dir and folder.startswith(lf_dir + "/") else folder if not lf_dir else None
        )
        if rel is not None and (rel in lf.direct or any(p.workspace == rel for p in lf.packages)):
            return True
    return False


def run_deps_audit(
    root: Path,
    options: DepsOptions | None = None,
    *,
    lockfiles: Sequence[Lockfile] | None = None,
    problems: Sequence[tuple[str, str]] = (),
    sources: Sequence[AdvisorySource] | None = None,
    registry_client: RegistryClient | None = None,
    progress: Callable[[str], None] | None = None,
    project: Project | None = None,
) -> DepsAudit:
    """Audit the project at `root`. `lockfiles`/`sources` may be given (tests, benchmarks) instead of discovered;
    `project` is the discovered project, whose files decide which lockfiles and manifests count."""
    options = options or DepsOptions()
    root = Path(root)
    problems = list(problems)
    if lockfiles is None:
        found, found_problems, manifests = _discover(root, project)
        problems.extend(found_problems)
    else:
        found, manifests = list(lockfiles), _manifests(root) if root.is_dir() else []
    notes: list[str] = []
    approx, without_lock = _declared_without_lockfile(root, found, problems, manifests, options)

    # Reading the configured registry is local (.npmrc, env); only using it is network, never with --offline.
    configured = options.registry or configured_registry(root)
    registry = None if options.offline else configured
    if registry and not options.registry and not options.trust_tree:
        users = configured_registry(None)
        if users != registry:  # the scanned folder's .npmrc chose it: not asked (its answers would steer the audit)
            notes.append(
                f"the scanned folder's .npmrc sets registry={registry}: not asked for metadata or advisories "
                "(--registry, NODEWARD_REGISTRY or your ~/.npmrc choose it; --trust-config accepts the repository's)"
            )
            registry = users
    urls = lockfile_urls(root, found) if root.is_dir() else []
    found = registry_tarballs(found, urls, configured)
    source_list, source_notes = (list(sources), []) if sources is not None else choose_sources(options, registry)
    notes.extend(source_notes)

    kept, omitted_count, not_auditable = _auditable(found, options.omit)
    wanted, approx_versions = _wanted_versions(kept, approx)
    if progress:
        progress("querying advisories")
    answer, unavailable = _ask_sources(source_list, source_notes, wanted, problems, notes)
    advisories: tuple[Advisory, ...] = answer.advisories if answer else ()

    result = match_packages([pkg for _lf, pkg in kept], advisories)
    notes.extend(result.notes)

    # Registry metadata for fix plans, deprecated versions and outdated majors (never in --offline).
    client = registry_client
    if client is None and registry and options.registry_metadata:
        client = RegistryClient(registry, timeout=options.timeout)
    metadata = _Metadata(client)
    affected = _Affected(advisories)
    copies_by_match: dict[tuple[str, str], list[VulnMatch]] = defaultdict(list)
    for m in result.matches:
        copies_by_match[(m.name, m.version)].append(m)
    vulns = _vulnerabilities(found, kept, copies_by_match, affected, metadata)
    clears_all = {
        f"{name}@{version}": _clears_all(name, group, affected) for (name, version), group in copies_by_match.items()
    }
    vulns += _approximate_vulnerabilities(approx_versions, advisories)

    if client is not None:
        metadata.prefetch(found, kept)
    if client is not None and registry_client is None:
        client.close()
    sent = list(answer.sent if answer else ())
    if client is not None and client.requested:
        sent.append(f"GET {client.base_url}/<name>: package metadata for {len(client.requested)} package names")
        notes.extend(client.errors[:10])

    runtimes, schedule_date = find_node_runtimes(root, options.now) if root.is_dir() else ((), "")
    notes.extend(_schedule_notes(runtimes, schedule_date, options))
    bots = tuple(b for b in UPDATE_BOTS if (root / b).is_file()) if root.is_dir() else ()
    vulns.sort(key=lambda v: (-v.match.severity, v.lockfile, v.top_level, v.match.name, v.match.id))
    return DepsAudit(
        root=str(root),
        lockfiles=tuple(found),
        problems=tuple(problems),
        answer=answer,
        unavailable=unavailable,
        vulnerabilities=tuple(vulns),
        notes=tuple(dict.fromkeys(notes)),
        packages_checked=result.checked,
        omitted=omitted_count,
        not_auditable=tuple(not_auditable),
        manifests_without_lockfile=tuple(without_lock),
        approximate=tuple(approx),
        packuments=dict(metadata.packuments),
        registry=registry if client is not None else None,
        configured_registry=configured,
        lockfile_urls=tuple(urls),
        clears_all=clears_all,
        node_runtimes=tuple(runtimes),
        schedule_date=schedule_date,
        update_bots=bots,
        sent=tuple(sent),
    )


def _declared_without_lockfile(
    root: Path, found: list[Lockfile], problems: list[tuple[str, str]], manifests: list[str], options: DepsOptions
) -> tuple[list[DeclaredDependency], list[str]]:
    """The declared dependencies of package.json files no lockfile covers (audited approximately), and those
    manifests; an empty lockfile whose package.json declares dependencies becomes a problem, never "clean"."""
    for lf in found:
        if not lf.packages:
            folder = Path(lf.path).parent
            declared = _declared(root, (folder / "package.json").as_posix()) if root.is_dir() else []
            if declared:
                problems.append((lf.path, "the lockfile lists no packages although package.json declares some"))

    # A lockfile that failed to parse still covers its folder: the problem is reported, not "no lockfile".
    broken = [Lockfile(path=p, format="", format_version="", packages=()) for p, _m in problems]
    uncovered = [m for m in manifests if not _covered(m, [*found, *broken])]
    approx: list[DeclaredDependency] = []
    without_lock: list[str] = []
    for manifest in uncovered:
        declared = _declared(root, manifest)
        if declared:
            without_lock.append(manifest)
            approx.extend(d for d in declared if d.kind not in options.omit)
    return approx, without_lock


def _auditable(
    found: list[Lockfile], omit: frozenset[str]
) -> tuple[list[tuple[Lockfile, Package]], int, list[Package]]:
    """(lockfile, package) pairs to audit, how many --omit left out, and the packages no advisory can name."""
    kept: list[tuple[Lockfile, Package]] = []
    omitted_count = 0
    not_auditable: list[Package] = []
    for lf in found:
        for pkg in lf.packages:
            if omitted(pkg, omit):
                omitted_count += 1
                continue
            if not pkg.auditable:
                not_auditable.append(pkg)
                continue
            kept.append((lf, pkg))
    return kept, omitted_count, not_auditable


def _wanted_versions(
    kept: list[tuple[Lockfile, Package]], approx: list[DeclaredDependency]
) -> tuple[dict[str, set[str]], dict[DeclaredDependency, str]]:
    """name -> versions to ask the advisory sources about; a declared range stands for its lowest admitted version."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for _lf, pkg in kept:
        wanted[pkg.name].add(pkg.version)
    approx_versions: dict[DeclaredDependency, str] = {}
    for dep in approx:
        low = lowest_admitted(dep.range)
        if low:
            approx_versions[dep] = low
            wanted[dep.name].add(low)
    return wanted, approx_versions


def _ask_sources(
    source_list: list[AdvisorySource],
    source_notes: list[str],
    wanted: dict[str, set[str]],
    problems: list[tuple[str, str]],
    notes: list[str],
) -> tuple[SourceAnswer | None, str | None]:
    """The advisories for the wanted versions, or why none could be had ("could not check")."""
    answer: SourceAnswer | None = None
    unavailable: str | None = None
    if not wanted and not problems:
        answer = SourceAnswer(source="none needed", location="", advisories=())
    elif not source_list:
        unavailable = "; ".join(source_notes) or "no advisory source available"
    else:
        answer, failures = fetch_advisories(source_list, {k: frozenset(v) for k, v in wanted.items()})
        if answer is None:
            unavailable = "; ".join(failures)
        elif failures:
            notes.extend(f"{f} (fell back to {answer.source})" for f in failures)
    return answer, unavailable


class _Metadata:
    """Package metadata from the registry, fetched once per name (None: no client, or the registry had none)."""

    def __init__(self, client: RegistryClient | None) -> None:
        self.client = client
        self.packuments: dict[str, Packument] = {}

    def lookup(self, name: str) -> Packument | None:
        if self.client is None:
            return None
        if name not in self.packuments:
            pack = self.client.get(name)
            if pack is None:
                return None
            self.packuments[name] = pack
        return self.packuments[name]

    def prefetch(self, found: list[Lockfile], kept: list[tuple[Lockfile, Package]]) -> None:
        """Direct dependencies first, then every audited package (up to 500 names): outdated-major facts."""
        for lf in found:
            for deps in lf.direct.values():
                for name in deps:
                    self.lookup(name)
        for _lf, pkg in kept:
            if pkg.name not in self.packuments and len(self.packuments) < 500:
                self.lookup(pkg.name)


class _Affected:
    """The advisories by package name, and whether a version is still affected by the advisories of a match."""

    def __init__(self, advisories: tuple[Advisory, ...]) -> None:
        self.by_name: dict[str, list[Advisory]] = defaultdict(list)
        for adv in advisories:
            for entry in adv.affected:
                self.by_name[entry.name].append(adv)

    def checker(self, match: VulnMatch) -> Callable[[str], bool]:
        ids = set(match.ids)
        entries = [
            e for adv in self.by_name.get(match.name, []) if adv.id in ids for e in adv.affected if e.name == match.name
        ]
        return lambda v: any(affects(e, v)[0] for e in entries)


def _vulnerabilities(
    found: list[Lockfile],
    kept: list[tuple[Lockfile, Package]],
    copies_by_match: dict[tuple[str, str], list[VulnMatch]],
    affected: _Affected,
    metadata: _Metadata,
) -> list[Vulnerability]:
    """One Vulnerability per (installed copy, advisory match), each with its fix plan."""
    by_lockfile_name: dict[str, dict[str, list[Package]]] = {}
    for lf in found:
        index: dict[str, list[Package]] = defaultdict(list)
        for pkg in lf.packages:
            index[pkg.name].append(pkg)
        by_lockfile_name[lf.path] = index
    vulns: list[Vulnerability] = []
    for lf, pkg in kept:
        for m in copies_by_match.get((pkg.name, pkg.version), []):
            if pkg not in m.packages:
                continue
            path = pkg.paths[0] if pkg.paths else (pkg.name,)
            installed_versions = _versions_along(by_lockfile_name[lf.path], pkg)
            plan = plan_fix(
                pkg,
                m.fixed,
                affected.checker(m),
                direct=lf.direct.get(pkg.workspace, {}),
                installed_versions=installed_versions,
                lockfile_format=lf.format,
                lookup=metadata.lookup if metadata.client else None,
            )
            vulns.append(Vulnerability(m, pkg, lf.path, path[0] if path else pkg.name, package_kind(pkg), plan))
    return vulns


def _clears_all(name: str, group_matches: list[VulnMatch], affected: _Affected) -> str | None:
    """The smallest fixed version at or above every advisory's own fix that no matching advisory affects (the
    highest single fix can sit in another vulnerable branch of a multi-branch advisory); None when there is none."""
    fixes = [m.fixed for m in group_matches]
    if not (fixes and all(fixes)):
        return None
    floor = max(semver.sort_key(f) or (0, 0, 0, 0, ()) for f in fixes)  # type: ignore[arg-type]
    ids = {i for m in group_matches for i in m.ids}
    events = {
        semver.coerce(v) or v
        for adv in affected.by_name.get(name, [])
        if adv.id in ids
        for entry in adv.affected
        if entry.name == name
        for rng in entry.ranges
        for kind, v in rng.events
        if kind == "fixed"
    }
    checkers = [affected.checker(m) for m in group_matches]
    for v in semver.sort_versions(events):
        if (semver.sort_key(v) or floor) >= floor and not any(check(v) for check in checkers):
            return v
    return None


def _approximate_vulnerabilities(
    approx_versions: dict[DeclaredDependency, str], advisories: tuple[Advisory, ...]
) -> list[Vulnerability]:
    """Matches of declared dependencies without a lockfile, judged at the lowest version their range admits."""
    approx_pkgs = [
        Package(
            dep.name,
            low,
            dev=dep.kind == "dev",
            optional=dep.kind == "optional",
            peer=dep.kind == "peer",
            workspace=dep.workspace,
            paths=((dep.name,),),
            location=dep.location,
        )
        for dep, low in approx_versions.items()
    ]
    vulns: list[Vulnerability] = []
    for m in match_packages(approx_pkgs, advisories).matches:
        for pkg in m.packages:
            plan = FixPlan(
                "upgrade" if m.fixed else "none",
                pkg.name,
                m.fixed,
                m.fixed,
                text=f"declare {pkg.name} >= {m.fixed} and commit a lockfile" if m.fixed else "no fixed version",
            )
            vulns.append(Vulnerability(m, pkg, pkg.location.path, pkg.name, package_kind(pkg), plan, approximate=True))
    return vulns


def _schedule_notes(runtimes: Sequence[NodeRuntime], schedule_date: str, options: DepsOptions) -> list[str]:
    if schedule_date and runtimes:
        age = ((options.now or datetime.now()).date() - date.fromisoformat(schedule_date)).days
        if age > SCHEDULE_STALE_DAYS:
            return [
                f"the Node.js release schedule shipped with nodeward is {age} days old ({schedule_date}): "
                "end-of-life verdicts for recent lines may be out of date; upgrade nodeward or refresh "
                "src/nodeward/data/node-release-schedule.json"
            ]
    return []


def _versions_along(index: Mapping[str, list[Package]], pkg: Package) -> dict[str, str]:
    """Installed versions of the packages on pkg's first path (same workspace first), to read the parent's manifest."""
    path = tuple(pkg.paths[0]) if pkg.paths else ()
    out: dict[str, str] = {}
    for name in path:
        candidates = [o for o in index.get(name, ()) if o.version]
        same_path = [
            o for o in candidates if o.workspace == pkg.workspace and any(tuple(p) == path[: len(p)] for p in o.paths)
        ]
        chosen = same_path or candidates
        if chosen:
            out[name] = chosen[0].version
    return out


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def registry_tarballs(
    lockfiles: Sequence[Lockfile], urls: Sequence[tuple[str, int, str]], configured: str | None
) -> list[Lockfile]:
    """A dependency asked for by a tarball URL in the registry's canonical form (`<registry>/<name>/-/<name>-
    <version>.tgz`) is that registry package at that version: it is matched against advisories like the others.
    "The registry" is the configured one, or an origin the lockfiles download other registry packages from; a
    tarball from any other host, or whose file is not the package's own, stays a tarball (not auditable)."""
    asked = {p.resolved for lf in lockfiles for p in lf.packages if p.source == "tarball" and p.resolved}
    if not asked:
        return list(lockfiles)
    origins = {_origin(configured)} if configured else set()
    origins |= {_origin(url) for _path, _line, url in urls if url not in asked and tarball_name_version(url)}
    out = []
    for lf in lockfiles:
        packages = []
        for pkg in lf.packages:
            named = tarball_name_version(pkg.resolved) if pkg.source == "tarball" and pkg.resolved else None
            if named is not None and named[0] == pkg.name and _origin(pkg.resolved or "") in origins:
                pkg = replace(pkg, source="registry", version=named[1], resolved=None)
            packages.append(pkg)
        out.append(replace(lf, packages=tuple(packages)))
    return out


# Where lockfiles write download URLs: npm `"resolved": "..."`, yarn classic `resolved "..."`, pnpm `tarball: ...`,
# bun/berry `name@https://...`; other URLs (npm's `funding`) are not downloads.
_URL = re.compile(r"""(?:"resolved"\s*:\s*"|^\s*resolved:?\s+"?|tarball:\s*['"]?|@)(https?://[^\s"'#,}()]+)""")
MAX_URLS_PER_LOCKFILE = 20_000


def lockfile_urls(root: Path, lockfiles: Sequence[Lockfile]) -> list[tuple[str, int, str]]:
    """Download URLs in each lockfile's text (npm `resolved`, yarn `resolved`, pnpm `tarball:`, bun tuples)."""
    out: list[tuple[str, int, str]] = []
    for lf in lockfiles:
        text = read_text_or_none(root, lf.path, cap=MAX_LOCKFILE_BYTES)
        if text is None:
            continue
        found = 0
        for number, line in enumerate(text.splitlines(), 1):
            if "http" not in line or len(line) > 10_000:
                continue
            for m in _URL.finditer(line):
                out.append((lf.path, number, m.group(1)))
                found += 1
            if found > MAX_URLS_PER_LOCKFILE:
                break
    return out


def _package_fixes(vulns: list[dict[str, Any]], clears_all: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """Per vulnerable name@version in a group: how many advisories, and the one version that clears them all."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for v in vulns:
        counts[(v["package"], v["version"])] += 1
    return [
        {"package": n, "version": ver, "advisories": c, "clears_all": clears_all.get(f"{n}@{ver}")}
        for (n, ver), c in counts.items()
    ]


def audit_summary(audit: DepsAudit) -> dict[str, Any]:
    """The report section "deps": which source answered, its age, what was sent where, grouped vulnerabilities."""
    answer = audit.answer
    groups: dict[str, dict[str, Any]] = {}
    for v in audit.vulnerabilities:
        key = f"{v.lockfile}::{v.package.workspace}::{v.top_level}"
        group = groups.setdefault(
            key,
            {"lockfile": v.lockfile, "workspace": v.package.workspace, "top_level": v.top_level, "vulnerabilities": []},
        )
        group["vulnerabilities"].append(
            {
                "package": v.match.name,
                "version": v.match.version,
                "alias": v.package.alias,
                "id": v.match.id,
                "ids": list(v.match.ids),
                "aliases": list(v.match.aliases),
                "severity": v.match.severity.label,
                "summary": v.match.summary,
                "url": v.match.url,
                "vulnerable": v.match.vulnerable,
                "fixed": v.match.fixed,
                "kind": v.kind,
                "path": list(v.package.paths[0]) if v.package.paths else [v.match.name],
                "location": str(v.location),
                "approximate": v.approximate,
                "fix": {
                    "kind": v.plan.kind,
                    "package": v.plan.package,
                    "version": v.plan.version,
                    "breaking": v.plan.breaking,
                    "command": v.plan.command,
                    "text": v.plan.text,
                },
            }
        )
    for group in groups.values():
        group["packages"] = _package_fixes(group["vulnerabilities"], audit.clears_all)
    if audit.unavailable:
        headline = f"dependency audit: could not check ({audit.unavailable})"
    elif answer is not None:
        age = f", built {answer.built_at}, {answer.age_days:.1f} days old" if answer.age_days is not None else ""
        headline = (
            f"dependency audit: {audit.packages_checked} packages in {len(audit.lockfiles)} lockfile(s) checked "
            f"against {answer.source} ({answer.location}{age}); {len(audit.vulnerabilities)} vulnerable"
        )
    else:
        headline = "dependency audit: nothing to check"
    return {
        "headline": headline,
        "checked": audit.checked,
        "could_not_check": audit.unavailable,
        "source": None
        if answer is None
        else {
            "name": answer.source,
            "location": answer.location,
            "built_at": answer.built_at,
            "age_days": None if answer.age_days is None else round(answer.age_days, 2),
            "records": answer.record_count,
            "warnings": list(answer.warnings),
        },
        "sent": list(audit.sent),
        "lockfiles": [
            {"path": lf.path, "format": lf.format, "format_version": lf.format_version, "packages": len(lf.packages)}
            for lf in audit.lockfiles
        ],
        "problems": [{"path": p, "message": m} for p, m in audit.problems],
        "packages_checked": audit.packages_checked,
        "omitted": audit.omitted,
        "not_auditable": sorted({f"{p.name} ({p.source})" for p in audit.not_auditable}),
        "approximate": bool(audit.approximate),
        "groups": list(groups.values()),
        "notes": list(audit.notes),
        "node_release_schedule": audit.schedule_date,
    }
