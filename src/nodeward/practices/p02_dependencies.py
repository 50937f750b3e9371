"""Practice 2: npm dependencies audited and up to date (rules NW02nn), judging the DepsAudit fact source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nodeward.findings import Confidence, Location, Severity
from nodeward.rules import Hit, fails, holds, rule
from nodeward.rules.targets import DepsTarget

if TYPE_CHECKING:
    from nodeward.deps.audit import DepsAudit


DEPS = DepsTarget()


@rule("NW0201", "vulnerable-dependency", on=DEPS, severity=Severity.HIGH, confidence=Confidence.HIGH, cwe=1395)
def vulnerable_dependency(audit: DepsAudit) -> Iterator[Hit]:
    """An installed package version has a published security advisory.

    ## What it checks
    Every package in every lockfile (and workspace) is matched against OSV advisories for npm (the offline store,
    the OSV API, or npm's bulk endpoint when chosen), with OSV semantics: introduced/fixed/last_affected events,
    explicit version lists, withdrawn records skipped, aliases merged so one vulnerability is reported once. The
    finding points at the lockfile entry and names the top-level dependency that brings the package in, whether it
    is a production or development dependency, and the fix plan. Without a lockfile, the lowest version each
    declared range admits is checked and the finding is marked approximate.

    ## Why it matters
    Your application is only as secure as its dependencies: a known-vulnerable version is the easiest way in,
    because the exploit is public.

    ## How to fix
    Follow the fix plan: `npm update <name>` when your declared range already admits a fixed version, else upgrade
    the top-level dependency (check the changelog when the plan says "breaking"), else force the fixed version with
    an `overrides` (npm), `resolutions` (yarn) or `pnpm.overrides` entry. To accept a risk, suppress the advisory id
    in nodeward.toml with a reason and an expiry date.

    ## Example
    ```json
    "node_modules/lodash": { "version": "4.17.4" }
    ```

    ## Use instead
    ```json
    "node_modules/lodash": { "version": "4.17.21" }
    ```

    ## References
    - https://ossf.github.io/osv-schema/
    - https://docs.npmjs.com/cli/commands/npm-audit
    - https://cwe.mitre.org/data/definitions/1395.html
    """
    if not audit.checked:
        return
    for v in audit.vulnerabilities:
        m = v.match
        names = ", ".join(m.ids + tuple(a for a in m.aliases if a not in m.ids))
        shown = f"{v.package.alias} (npm:{m.name}@{m.version})" if v.package.alias else f"{m.name}@{m.version}"
        via = "" if v.top_level in (m.name, v.package.alias) else f" via {v.top_level}"
        where = f" in workspace {v.package.workspace}" if v.package.workspace else ""
        approx = " (approximate: no lockfile, lowest version the declared range admits)" if v.approximate else ""
        path = " > ".join(v.package.paths[0]) if v.package.paths else m.name
        yield fails(
            v.location,
            f"{shown} ({v.kind}{via}{where}) is affected by {names}: {m.summary}{approx}",
            severity=m.severity,
            confidence=Confidence.MEDIUM if v.approximate else Confidence.HIGH,
            fix=v.plan.text,
            snippet=f"{m.name}@{m.version} {m.id}",
            data={
                "advisory_ids": list(m.all_ids),
                "package": m.name,
                "version": m.version,
                "alias": v.package.alias,
                "vulnerable": m.vulnerable,
                "fixed": m.fixed,
                "top_level": v.top_level,
                "path": path,
                "kind": v.kind,
                "workspace": v.package.workspace,
                "lockfile": v.lockfile,
                "url": m.url,
                "approximate": v.approximate,
                "fix_plan": {"kind": v.plan.kind, "command": v.plan.command, "breaking": v.plan.breaking},
            },
        )
    if not audit.vulnerabilities and audit.answer is not None and audit.packages_checked:
        where = audit.lockfiles[0].path if audit.lockfiles else "package.json"
        yield holds(
            Location(where),
            f"{audit.packages_checked} packages checked against {audit.answer.source}: no known vulnerability",
        )


@rule("NW0202", "missing-lockfile", on=DEPS, severity=Severity.MEDIUM, confidence=Confidence.HIGH, cwe=1357)
def missing_lockfile(audit: DepsAudit) -> Iterator[Hit]:
    """A package.json declares dependencies but no lockfile pins them.

    ## What it checks
    Every package.json (outside node_modules) that declares dependencies must be covered by a lockfile
    (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock) in its folder or in the
    workspace root that owns it.

    ## Why it matters
    Without a lockfile every install resolves the ranges again: builds are not reproducible, a compromised new
    release is picked up silently, and no audit can say which versions you actually run.

    ## How to fix
    Run `npm install` (or your package manager's equivalent) and commit the lockfile; install with `npm ci` in CI.

    ## Example
    ```text
    package.json        (dependencies: express ^4.17.1)
    ```

    ## Use instead
    ```text
    package.json
    package-lock.json   (committed)
    ```

    ## References
    - https://docs.npmjs.com/cli/configuring-npm/package-lock-json
    - https://docs.npmjs.com/cli/commands/npm-ci
    """
    for manifest in audit.manifests_without_lockfile:
        yield fails(
            Location(manifest, 1),
            f"{manifest} declares dependencies but no lockfile pins them (the dependency audit is approximate)",
            snippet=manifest,
        )


@rule("NW0203", "untrusted-dependency-source", on=DEPS, severity=Severity.MEDIUM, confidence=Confidence.HIGH, cwe=494)
def untrusted_dependency_source(audit: DepsAudit) -> Iterator[Hit]:
    """A dependency is fetched over plain http, from outside the registry, or without an integrity hash.

    ## What it checks
    Lockfile entries whose `resolved` URL uses `http:`, registry entries resolved from a host other than the
    configured registry (`.npmrc` `registry=`, `$npm_config_registry`; checked only when one is configured), entries
    installed from git or a remote tarball (these are never checked against registry advisories, so they are also
    reported as not auditable), and registry entries without an `integrity` hash. A tarball URL in the registry's
    own layout (`<registry>/<name>/-/<name>-<version>.tgz`) on the registry's origin (the configured one, or one the
    lockfile downloads other packages from) is that registry package at that version: it is matched against
    advisories and not reported here; the same layout on any other host stays a tarball source. Local `file:`,
    `link:` and workspace packages are your own code and are not flagged. Entries without integrity are reported
    once per lockfile (the first few named, all of them in the finding's data); each git, tarball or http source on
    its own.

    ## Why it matters
    Plain http lets anyone on the path swap the code you install; git and tarball sources bypass the registry's
    advisories and immutability; a missing integrity hash means the lockfile cannot detect a changed tarball.

    ## How to fix
    Depend on registry versions over https and let the package manager record their integrity; if a fork is
    needed, publish it to your private registry.

    ## Example
    ```json
    "node_modules/left-pad": { "version": "1.3.0", "resolved": "http://example.invalid/left-pad-1.3.0.tgz" }
    ```

    ## Use instead
    ```json
    "node_modules/left-pad": { "version": "1.3.0", "resolved": "https://npm.registry.invalid/left-pad/-/left-pad-1.3.0.tgz",
      "integrity": "sha512-..." }
    ```

    ## References
    - https://docs.npmjs.com/cli/configuring-npm/package-lock-json
    - https://cwe.mitre.org/data/definitions/494.html
    """
    from urllib.parse import urlparse

    registry_host = urlparse(audit.configured_registry).hostname if audit.configured_registry else None
    non_registry_urls: set[str] = set()
    for lf in audit.lockfiles:
        no_integrity: list[tuple[str, str, Location]] = []
        for pkg in lf.packages:
            resolved = pkg.resolved or ""
            where = pkg.location if pkg.location.path else Location(lf.path)
            label = pkg.alias or pkg.name
            if pkg.source in ("git", "tarball"):
                non_registry_urls.add(resolved)
                yield fails(
                    where,
                    f"{label} comes from a {pkg.source} source ({resolved[:120] or 'no URL'}): not covered by registry "
                    "advisories",
                    snippet=f"{label} {pkg.source}",
                )
            elif (
                pkg.source == "registry"
                and pkg.version
                and not pkg.integrity
                and lf.format in ("package-lock", "npm-shrinkwrap", "yarn-classic")
            ):
                no_integrity.append((label, pkg.version, where))
        if no_integrity:
            yield _missing_integrity(lf.path, no_integrity)
    for path, line, url in audit.lockfile_urls:
        if any(u and (url in u or u in url) for u in non_registry_urls):
            continue  # already reported as a git or tarball source
        host = urlparse(url).hostname or "?"
        if url.startswith("http:"):
            yield fails(
                Location(path, line),
                f"a dependency is downloaded over plain http ({url[:120]})",
                severity=Severity.HIGH,
                snippet=url[:120],
            )
        elif registry_host and host != registry_host:
            yield fails(
                Location(path, line),
                f"a dependency is downloaded from {host}, not from the configured registry {registry_host} "
                f"({url[:120]})",
                snippet=url[:120],
            )


def _missing_integrity(path: str, packages: list[tuple[str, str, Location]]) -> Hit:
    """One finding per lockfile for its registry entries without an integrity hash: an old lockfile lacks them by
    the thousand, and the fix (regenerate the lockfile) is one. Each package stays listed in the finding's data."""
    shown = ", ".join(f"{name}@{version}" for name, version, _ in packages[:_INTEGRITY_SHOWN])
    more = len(packages) - _INTEGRITY_SHOWN
    names = f"{shown} and {more} more" if more > 0 else shown
    count = f"{len(packages)} registry package{'s' if len(packages) != 1 else ''}"
    return fails(
        packages[0][2],
        f"{count} in {path} {'have' if len(packages) != 1 else 'has'} no integrity hash: {names}",
        severity=Severity.LOW,
        snippet=f"{path} integrity",
        data={
            "count": len(packages),
            "packages": [{"name": n, "version": v, "line": at.line} for n, v, at in packages],
        },
    )


_INTEGRITY_SHOWN = 5


@rule("NW0204", "end-of-life-node-runtime", on=DEPS, severity=Severity.HIGH, confidence=Confidence.HIGH, cwe=1104)
def end_of_life_node_runtime(audit: DepsAudit) -> Iterator[Hit]:
    """The project runs on, or only supports, a Node.js release line past its end of life.

    ## What it checks
    Node.js versions declared in `engines.node`, `.nvmrc`, `.node-version`, Dockerfile `FROM node:X` lines and CI
    matrices (GitHub Actions `node-version`, `.gitlab-ci.yml`/`.travis.yml`), compared with the Node.js release
    schedule shipped with nodeward (its date is shown in the report). An `engines` range is flagged only when every
    line it admits is past end of life.

    ## Why it matters
    An end-of-life Node.js gets no security fixes: vulnerabilities in its HTTP parser, TLS or OpenSSL stay open.

    ## How to fix
    Move to an active LTS line (even major versions) and update the declaration.

    ## Example
    ```text
    FROM node:14-alpine
    ```

    ## Use instead
    ```text
    FROM node:24-alpine
    ```

    ## References
    - https://nodejs.org/en/about/previous-releases
    - https://github.com/nodejs/Release
    """
    for rt in audit.node_runtimes:
        if rt.eol:
            lines = ", ".join(f"{m}" for m in rt.majors)
            yield fails(
                rt.location,
                f"Node.js {lines} ({rt.kind}: {rt.declared}) is past end of life "
                f"({', '.join(rt.eol_dates)}; schedule of {audit.schedule_date})",
                snippet=rt.declared,
            )
        else:
            yield holds(rt.location, f"Node.js {', '.join(map(str, rt.majors))} ({rt.kind}) is supported")


@rule("NW0205", "deprecated-dependency", on=DEPS, severity=Severity.LOW, confidence=Confidence.HIGH, cwe=1104)
def deprecated_dependency(audit: DepsAudit) -> Iterator[Hit]:
    """An installed package version is deprecated by its publisher.

    ## What it checks
    Each installed version's `deprecated` message in the registry metadata (only when registry metadata was fetched:
    not with --offline).

    ## Why it matters
    A deprecated version is no longer maintained: the next vulnerability in it will not be fixed.

    ## How to fix
    Follow the deprecation message: upgrade, or move to the replacement package it names.

    ## Example
    ```json
    "node_modules/request": { "version": "2.88.2" }
    ```

    ## Use instead
    ```json
    "node_modules/undici": { "version": "6.21.0" }
    ```

    ## References
    - https://docs.npmjs.com/cli/commands/npm-deprecate
    """
    seen: set[tuple[str, str, str]] = set()
    for lf in audit.lockfiles:
        for pkg in lf.packages:
            pack = audit.packuments.get(pkg.name)
            manifest = pack.versions.get(pkg.version) if pack else None
            if manifest is None or not manifest.deprecated or (lf.path, pkg.name, pkg.version) in seen:
                continue
            seen.add((lf.path, pkg.name, pkg.version))
            yield fails(
                pkg.location if pkg.location.path else Location(lf.path),
                f"{pkg.name}@{pkg.version} is deprecated: {manifest.deprecated[:200]}",
                snippet=f"{pkg.name}@{pkg.version} deprecated",
            )


@rule("NW0206", "outdated-major-dependency", on=DEPS, severity=Severity.LOW, confidence=Confidence.MEDIUM, cwe=1104)
def outdated_major_dependency(audit: DepsAudit) -> Iterator[Hit]:
    """A direct dependency is one or more major versions behind its latest release.

    ## What it checks
    For each direct dependency, the installed version's major against the registry's `latest` dist-tag (only when
    registry metadata was fetched: not with --offline).

    ## Why it matters
    Old major lines stop receiving fixes; the longer the gap, the harder the upgrade when a vulnerability forces it.

    ## How to fix
    Plan the upgrade to the latest major (read its migration notes), or pin consciously and track the old line's
    support window.

    ## Example
    ```json
    "dependencies": { "express": "^3.21.2" }
    ```

    ## Use instead
    ```json
    "dependencies": { "express": "^5.1.0" }
    ```

    ## References
    - https://docs.npmjs.com/cli/commands/npm-outdated
    """
    from nodeward.deps import semver

    for lf in audit.lockfiles:
        for pkg in lf.packages:
            direct = lf.direct.get(pkg.workspace, {})
            if pkg.name not in direct or (pkg.paths and len(pkg.paths[0]) > 1) or not pkg.version:
                continue
            pack = audit.packuments.get(pkg.name)
            latest = pack.latest if pack else None
            have, want = semver.major(pkg.version), semver.major(latest) if latest else None
            if have is not None and want is not None and want > have:
                yield fails(
                    pkg.location if pkg.location.path else Location(lf.path),
                    f"{pkg.name}@{pkg.version} is {want - have} major version(s) behind latest {latest}",
                    snippet=f"{pkg.name}@{pkg.version} latest {latest}",
                )


@rule("NW0207", "dependency-update-automation", on=DEPS, severity=Severity.INFO, confidence=Confidence.MEDIUM)
def dependency_update_automation(audit: DepsAudit) -> Iterator[Hit]:
    """Dependabot or Renovate proposes dependency updates: positive evidence for practice 2.

    ## What it checks
    The presence of `.github/dependabot.yml`, `renovate.json`, `.renovaterc` or their variants at the project
    root. Their presence is reported as positive evidence for practice 2; their absence is reported once, by
    NW1404 under practice 14 (automated scanning in CI), not twice.

    ## Why it matters
    Audits find problems; update bots fix most of them before anyone has to look.

    ## How to fix
    Add a Dependabot or Renovate configuration for the npm ecosystem.

    ## Example
    ```text
    (no .github/dependabot.yml, no renovate.json)
    ```

    ## Use instead
    ```yaml
    version: 2
    updates:
      - package-ecosystem: npm
        directory: /
        schedule: { interval: weekly }
    ```

    ## References
    - https://docs.github.com/en/code-security/dependabot
    - https://docs.renovatebot.com/
    """
    for bot in audit.update_bots:
        yield holds(Location(bot), f"dependency updates are automated ({bot})")
