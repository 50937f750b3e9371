"""What a lockfile parser returns: installed packages with their source, flags and how they were introduced."""

from __future__ import annotations

from dataclasses import dataclass, field

from nodeward.findings import Location

# Sources that are never matched against registry advisories (reported as "not auditable" instead).
NON_REGISTRY_SOURCES = frozenset({"git", "tarball", "file", "link", "workspace"})


@dataclass(frozen=True)
class Package:
    name: str  # the real registry name (aliases resolved), scope included: "qs", "@babel/core"
    version: str  # the resolved version; "" when the lockfile has none (links, workspaces, bun tarballs)
    source: str = "registry"  # "registry" | "git" | "tarball" | "file" | "link" | "workspace"
    dev: bool = False
    optional: bool = False
    peer: bool = False
    alias: str | None = None  # installed under another name: "legacy-qs" -> qs
    workspace: str = ""  # the importer / workspace folder that depends on it ("" = the root project)
    # Each path is the chain of package names from a direct dependency of `workspace` down to this package, both ends
    # included, names as the dependents declare them (an alias shows as its alias); at most 3, shortest first.
    paths: tuple[tuple[str, ...], ...] = ()
    resolved: str | None = None  # the URL or spec for non-registry sources (registry host already neutralised)
    integrity: str | None = None
    location: Location = field(default_factory=lambda: Location(""))  # lockfile path and line of the entry
    # The range declared in package.json; set for direct dependencies read without a lockfile (version is "" then).
    declared_range: str | None = None

    @property
    def auditable(self) -> bool:
        return self.source not in NON_REGISTRY_SOURCES and bool(self.version)

    @property
    def approximate(self) -> bool:
        """True for a package.json declaration read without a lockfile: only the range is known."""
        return not self.version and self.declared_range is not None

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class Lockfile:
    path: str  # relative to the scanned root
    format: str  # "package-lock" | "npm-shrinkwrap" | "yarn-classic" | "yarn-berry" | "pnpm" | "bun"
    format_version: str  # "1", "2", "3", "5.4", "6.0", "9.0", "berry-8", ...
    packages: tuple[Package, ...]
    # Direct dependencies per workspace folder ("" = root): name -> (declared range, kind) where kind is
    # "prod" | "dev" | "optional" | "peer".
    direct: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
