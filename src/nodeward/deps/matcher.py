"""Match installed packages against advisories with OSV semantics, merging aliases so one vuln is reported once.

OSV evaluation (osv-schema docs/schema.md "Evaluation"): a version is affected when it is listed in `versions`, or
when walking a range's events sorted by version leaves it "introduced" (`introduced: "0"` is before everything;
`fixed` closes at that version, `last_affected` after it; `limit` caps the range). ECOSYSTEM and SEMVER ranges are the
same thing for npm (GitHub publishes ECOSYSTEM). Versions are ordered with SemVer 2.0 precedence and partial event
versions are coerced (`1.0` -> `1.0.0`). npm bulk answers carry a range string instead, evaluated as npm audit does:
`satisfies(v, range, {loose: true, includePrerelease: true})`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from nodeward.deps import semver
from nodeward.deps.advisories.model import Advisory, AffectedPackage, AffectedRange
from nodeward.deps.packages import Package
from nodeward.findings import Severity

_EVENT_ORDER = {"introduced": 0, "last_affected": 1, "fixed": 2, "limit": 3}
_Event = tuple["semver.VersionKey", int, str, str]  # (sort key, tie order, kind, version as written)


@dataclass(frozen=True)
class VulnMatch:
    """One vulnerability (all its aliased advisories merged) affecting one installed name@version."""

    name: str
    version: str
    ids: tuple[str, ...]  # the advisory ids that matched, preferred id first (GHSA before others)
    aliases: tuple[str, ...]  # every other name of the vulnerability (CVE-..., merged ids' aliases)
    severity: Severity
    severity_known: bool
    summary: str
    url: str
    fixed: str | None  # the smallest version above `version` that the advisories call fixed; None = no fix known
    vulnerable: str  # the affected ranges of this package, as readable npm-style ranges
    packages: tuple[Package, ...]  # every installed copy (paths, workspace, dev/optional flags)

    @property
    def id(self) -> str:
        return self.ids[0]

    @property
    def all_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.ids + self.aliases))


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[VulnMatch, ...]
    notes: tuple[str, ...]  # advisories skipped (withdrawn), unreadable versions, case-only name differences
    checked: int  # distinct auditable name@version pairs checked


def _key(version: str) -> semver.VersionKey | None:
    return semver.sort_key(version)


@lru_cache(maxsize=65536)
def _prepared(rng: AffectedRange) -> tuple[tuple[_Event, ...], tuple[semver.VersionKey, ...]]:
    """A range's events with their sort keys, sorted once (ranges are frozen values shared by every lookup)."""
    events: list[_Event] = []
    limits: list[semver.VersionKey] = []
    for kind, version in rng.events:
        if kind == "introduced" and version == "0":
            events.append(((-1, 0, 0, 0, ()), 0, kind, version))  # type: ignore[arg-type]
            continue
        vkey = _key(version)
        if vkey is None:
            continue  # an event we cannot order is ignored rather than guessed
        if kind == "limit":
            limits.append(vkey)
        else:
            events.append((vkey, _EVENT_ORDER[kind], kind, version))
    events.sort(key=lambda e: (e[0], e[1]))
    return tuple(events), tuple(limits)


def _range_contains(rng: AffectedRange, key: semver.VersionKey) -> tuple[bool, str | None]:
    """(affected?, the fixed version that ends the interval holding the version, if any)."""
    events, limits = _prepared(rng)
    if limits and not any(key < lim for lim in limits):
        return False, None
    affected = False
    for vkey, _order, kind, _version in events:
        if kind == "introduced" and key >= vkey:
            affected = True
        elif (kind == "fixed" and key >= vkey) or (kind == "last_affected" and key > vkey):
            affected = False
    if not affected:
        return False, None
    fixed = [(vkey, version) for vkey, _o, kind, version in events if kind == "fixed" and vkey > key]
    return True, min(fixed)[1] if fixed else None


@lru_cache(maxsize=65536)
def describe_range(rng: AffectedRange) -> str:
    """`>=2.0.0 <2.2.2`, `<=0.6.0`, `*` — how a report shows one OSV range."""
    parts: list[str] = []
    for kind, version in sorted(rng.events, key=lambda e: (_key(e[1]) or (-1, 0, 0, 0, ()), _EVENT_ORDER[e[0]])):
        if kind == "introduced":
            if parts:
                parts.append("||")
            if version != "0":
                parts.append(f">={semver.coerce(version) or version}")
        elif kind == "fixed":
            parts.append(f"<{semver.coerce(version) or version}")
        elif kind == "last_affected":
            parts.append(f"<={semver.coerce(version) or version}")
        elif kind == "limit" and version != "*":
            parts.append(f"<{version}")
    return " ".join(parts).strip() or "*"


def affects(affected: AffectedPackage, version: str) -> tuple[bool, str | None, str]:
    """Does this affected-package entry cover `version`? (affected, fixed version, readable range)."""
    if affected.npm_range is not None:
        hit = semver.satisfies(version, affected.npm_range, loose=True, include_prerelease=True)
        return hit, None, affected.npm_range
    if version in affected.versions:
        return True, None, "=" + version
    key = _key(version)
    if key is None:
        return False, None, ""
    for rng in affected.ranges:
        hit, fixed = _range_contains(rng, key)
        if hit:
            return True, fixed, describe_range(rng)
    return False, None, ""


def _preferred(ids: Iterable[str]) -> list[str]:
    # GHSA ids first (the database npm and GitHub use), then others, each alphabetical.
    return sorted(set(ids), key=lambda i: (not i.startswith("GHSA-"), i))


def alias_groups(advisories: Iterable[Advisory]) -> dict[str, str]:
    """Map every advisory id to one canonical id: advisories that share an id or alias are the same vulnerability."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            first = _preferred([ra, rb])[0]
            parent[ra] = parent[rb] = first
            parent[first] = first

    advisories = list(advisories)
    for adv in advisories:
        find(adv.id)
        for alias in adv.aliases:
            union(adv.id, alias)
    members: dict[str, list[str]] = defaultdict(list)
    for adv in advisories:
        members[find(adv.id)].append(adv.id)
    # The canonical id of a group is its preferred advisory id (not an alias that has no record of its own).
    canonical: dict[str, str] = {}
    for ids in members.values():
        best = _preferred(ids)[0]
        for ident in ids:
            canonical[ident] = best
    return canonical


def match_packages(packages: Iterable[Package], advisories: Iterable[Advisory]) -> MatchResult:
    """Every (name@version, vulnerability) pair among the auditable packages."""
    notes: list[str] = []
    live: list[Advisory] = []
    for adv in advisories:
        if adv.withdrawn:
            notes.append(f"{adv.id} was withdrawn on {adv.withdrawn[:10]}: ignored")
            continue
        live.append(adv)
    canonical = alias_groups(live)
    by_name: dict[str, list[tuple[Advisory, AffectedPackage]]] = defaultdict(list)
    lower_names: dict[str, set[str]] = defaultdict(set)
    for adv in live:
        for affected in adv.affected:
            by_name[affected.name].append((adv, affected))
            lower_names[affected.name.lower()].add(affected.name)

    installed: dict[tuple[str, str], list[Package]] = defaultdict(list)
    for pkg in packages:
        if pkg.auditable:
            installed[(pkg.name, pkg.version)].append(pkg)

    matches: list[VulnMatch] = []
    case_noted: set[tuple[str, str]] = set()
    for (name, version), copies in sorted(installed.items()):
        for other in sorted(lower_names.get(name.lower(), set()) - {name}):
            if (name, other) not in case_noted:
                case_noted.add((name, other))
                notes.append(
                    f"advisories name {other!r}, which differs from installed {name!r} only by case: not matched "
                    "(npm package names are case-sensitive)"
                )
        candidates = by_name.get(name)
        if not candidates:
            continue
        if _key(version) is None:
            notes.append(f"{name}@{version}: not a semver version, not checked against advisories")
            continue
        groups: dict[str, list[tuple[Advisory, str | None, str]]] = defaultdict(list)
        for adv, affected in candidates:
            hit, fixed, described = affects(affected, version)
            if hit:
                groups[canonical[adv.id]].append((adv, fixed, described))
        for group, hits in groups.items():
            entries = [aff for adv, aff in candidates if canonical[adv.id] == group]
            matches.append(_merge(name, version, hits, entries, copies))
    matches.sort(key=lambda m: (m.name, _key(m.version) or (0, 0, 0, 0, ()), m.id))
    return MatchResult(tuple(matches), tuple(notes), len(installed))


def smallest_fix(version: str, entries: Iterable[AffectedPackage]) -> str | None:
    """The smallest `fixed` event above `version` that no entry affects (one record may list a package several
    times: node-fetch 2.6.7 is fixed by one entry of GHSA-r683-j2x4-v87g but still inside its other entry)."""
    entries = list(entries)
    key = _key(version)
    if key is None:
        return None
    candidates = {fixed for entry in entries for rng in entry.ranges for kind, fixed in rng.events if kind == "fixed"}
    ordered = sorted((k, v) for v in candidates if (k := _key(v)) is not None and k > key)
    for _k, candidate in ordered:
        if not any(affects(entry, semver.coerce(candidate) or candidate)[0] for entry in entries):
            return semver.coerce(candidate) or candidate
    return None


def _merge(
    name: str,
    version: str,
    hits: list[tuple[Advisory, str | None, str]],
    entries: list[AffectedPackage],
    copies: list[Package],
) -> VulnMatch:
    advs = {adv.id: adv for adv, _f, _d in hits}
    ids = _preferred(advs)
    aliases = [a for adv in advs.values() for a in adv.aliases if a not in advs]
    rated = [adv.severity for adv in advs.values() if adv.severity is not None]
    severity = max(rated, default=Severity.HIGH)
    first = advs[ids[0]]
    fixed = smallest_fix(version, entries) if all(f for _a, f, _d in hits) else None
    described = " ; ".join(dict.fromkeys(d for _a, _f, d in hits if d))
    return VulnMatch(
        name=name,
        version=version,
        ids=tuple(ids),
        aliases=tuple(sorted(set(aliases))),
        severity=severity,
        severity_known=bool(rated),
        summary=first.summary,
        url=first.url,
        fixed=fixed,
        vulnerable=described,
        packages=tuple(copies),
    )
