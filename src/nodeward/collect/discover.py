"""Walk PATH into a Project: excludes, .gitignore, size caps, binary and minified skips, symlink-loop safety."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from nodeward.collect.globs import Glob, GlobError, compile_glob
from nodeward.safe_files import UnsafeFile, decode, file_kind, read_bytes_in, read_head

# Folders never worth reading. Test/fixture/example folders are excluded only *below* the scanned root, so that
# pointing nodeward straight at an example app still scans it.
DEFAULT_EXCLUDED_DIRS = frozenset(
    {"node_modules", ".git", ".hg", ".svn", "dist", "build", "coverage", "vendor", ".next", ".nuxt", ".cache"}
)
TEST_LIKE_DIRS = frozenset(
    {"test", "tests", "__tests__", "__mocks__", "spec", "fixtures", "__fixtures__", "example", "examples", "e2e"}
)
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_FILES = 200_000
# A "line" longer than this in a JS file means a minified or bundled file: nobody wrote it, nobody can fix it there.
MINIFIED_LINE_LENGTH = 2000
MINIFIED_HEAD = 64 * 1024

JS_SUFFIXES = frozenset({".js", ".cjs", ".mjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"})
YAML_SUFFIXES = frozenset({".yml", ".yaml"})


def classify(rel: str) -> str:
    """The kind of a file by its name: what collectors look for."""
    name = PurePosixPath(rel).name
    lower = name.lower()
    suffix = PurePosixPath(lower).suffix
    if lower.endswith((".d.ts", ".d.mts", ".d.cts")):  # type declarations: no code
        return "other"
    if suffix in JS_SUFFIXES:
        return "js"
    if lower == "dockerfile" or lower.startswith("dockerfile.") or lower.endswith(".dockerfile"):
        return "dockerfile"
    if lower == "containerfile":
        return "dockerfile"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if lower == "package.json":
        return "package.json"
    if suffix in {".json", ".json5"} or lower in {".eslintrc", ".babelrc", ".renovaterc"}:
        return "json"
    if suffix in {".service"}:
        return "systemd"
    if lower in {"procfile", "jenkinsfile"} or lower.startswith("jenkinsfile"):
        return lower if lower == "procfile" else "jenkinsfile"
    if lower == "security.txt":
        return "security.txt"
    # Reverse-proxy configurations: evidence that TLS ends in front of the app (practice 9).
    if lower in {"caddyfile", "nginx.conf"} or lower.endswith((".caddyfile", ".nginx")):
        return "proxy-config"
    if suffix == ".conf" and any(
        part in rel.lower() for part in ("nginx", "sites-available", "sites-enabled", "conf.d")
    ):
        return "proxy-config"
    if lower.startswith(".env.") and not lower.endswith((".example", ".sample", ".template", ".dist")):
        return "config"  # .env.production, .env.local: read like .env
    if suffix in {".toml", ".ini", ".cfg"} or lower in {".npmrc", ".nvmrc", ".node-version", ".env"}:
        return "config"
    if PurePosixPath(rel).parent.name == ".husky" or lower == ".lintstagedrc":
        return "git-hook"  # husky's shell hooks and lint-staged's config: a lint gate on each commit (practice 11)
    if lower in {"yarn.lock", "bun.lock", "bun.lockb"}:
        return "lockfile"
    if suffix in {".md", ".txt"}:
        return "text"
    if suffix in {".ejs", ".hbs", ".handlebars", ".mustache", ".pug", ".jade", ".njk"}:
        return "template"  # server-side views: the taint analysis reads which variables they print unescaped
    return "other"


@dataclass(frozen=True)
class SourceFile:
    path: str  # posix path relative to the root
    size: int
    kind: str


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class Project:
    root: Path
    files: list[SourceFile]
    skipped: list[SkippedFile] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    notices: list[str] = field(default_factory=list)  # said to the user with the report (e.g. an unmatched glob)
    _text: dict[str, str] = field(default_factory=dict, repr=False)
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def of_kind(self, *kinds: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind in kinds]

    def find(self, rel: str) -> SourceFile | None:
        for f in self.files:
            if f.path == rel:
                return f
        return None

    def read_bytes(self, rel: str) -> bytes:
        """A regular file inside the root, at most the size cap (UnsafeFile, an OSError, otherwise)."""
        return read_bytes_in(self.root, rel, cap=self.max_file_size)

    def read_text(self, rel: str) -> str:
        """Decoded text of a file, cached. Invalid UTF-8 is replaced, never fatal."""
        if rel not in self._text:
            try:
                data = self.read_bytes(rel)
            except OSError:
                data = b""
            self._text[rel] = decode(data)
        return self._text[rel]

    def lines(self, rel: str) -> list[str]:
        if rel not in self._lines:
            self._lines[rel] = self.read_text(rel).splitlines()
        return self._lines[rel]

    def skip(self, rel: str, reason: str) -> None:
        self.skipped.append(SkippedFile(rel, reason))


# --- .gitignore -----------------------------------------------------------------------------------------------


MAX_IGNORE_RULES = 5_000  # across every .gitignore of the tree; a hostile file of millions of lines stops here
MAX_IGNORE_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class IgnoreRule:
    base: str  # directory (relative, posix, "" for root) holding the .gitignore
    glob: Glob
    negated: bool
    dir_only: bool
    anchored: bool


def parse_gitignore(text: str, base: str, problems: list[str] | None = None) -> list[IgnoreRule]:
    """The rules of one .gitignore; a line that cannot be used (bad range, too long) is skipped and described in
    `problems`, never raised."""
    rules = []
    for number, raw in enumerate(text.splitlines()[:MAX_IGNORE_RULES], 1):
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        line = line.removeprefix("\\")
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        try:
            glob = compile_glob(line)
        except GlobError as exc:
            if problems is not None:
                problems.append(f"line {number}: {exc}; the line is ignored")
            continue
        rules.append(IgnoreRule(base, glob, negated, dir_only, anchored))
    return rules


def is_ignored(rel: str, is_dir: bool, rules: Iterable[IgnoreRule]) -> bool:
    ignored = False
    for r in rules:
        if r.dir_only and not is_dir:
            continue
        if r.base:
            if not rel.startswith(r.base + "/"):
                continue
            sub = rel[len(r.base) + 1 :]
        else:
            sub = rel
        target = sub if r.anchored else sub.rsplit("/", 1)[-1]
        if r.glob.match(target):
            ignored = not r.negated
    return ignored


def matches_glob(rel: str, patterns: Iterable[str]) -> bool:
    """User --exclude/--include globs: match the path, any parent folder, or the file name. `dir/**` is the
    folder and everything in it (as in .gitignore), so it matches the folder itself too. Matched without regexes
    (collect/globs.py); a bad range raises GlobError, which settings reject first as a config error."""
    parts = rel.split("/")
    for pat in patterns:
        pat = pat.strip().rstrip("/")
        while pat.endswith("/**"):
            pat = pat[:-3]
        if not pat:
            continue
        glob = compile_glob(pat)
        if glob.match(rel) or ("/" not in pat and glob.match(parts[-1])):
            return True
        for i in range(1, len(parts)):
            if glob.match("/".join(parts[:i])):
                return True
    return False


def may_match_below(rel_dir: str, patterns: Iterable[str]) -> bool:
    """Whether a path below the folder `rel_dir` can match one of the globs, so the walk must enter it to find
    what `--include 'examples/*/src/**'` or `--include '**/fixtures/*.js'` names (a bare name is not a way in)."""
    parts = rel_dir.split("/")
    for pat in patterns:
        segments = pat.strip().strip("/").split("/")
        if len(segments) < 2:
            continue
        for i, part in enumerate(parts):
            if i >= len(segments) or (segments[i] != "**" and not compile_glob(segments[i]).match(part)):
                break
            if segments[i] == "**":
                return True
        else:
            if len(segments) > len(parts):
                return True
    return False


def human_size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


# --- discovery ------------------------------------------------------------------------------------------------


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head


# Bundler preludes (webpack, browserify, parcel) in a file's first bytes: generated code whose lines can
# be short enough to pass the minified test, yet megabytes of third-party modules nobody can fix there. Found on real
# packages (keystone 4 ships 27 browserify bundles of up to 2 MB in admin/bundles, which took most of a scan's time).
BUNDLE_MARKERS = (
    b"webpackBootstrap",
    b"__webpack_require__",
    b"typeof require&&require;if(!f&&c)return c(i,!0)",
    b'typeof require=="function"&&require;if(!u&&a)return a(o,!0)',
    b"parcelRequire",
)
BUNDLE_HEAD = 2048


def _looks_bundled(head: bytes) -> bool:
    first = head[:BUNDLE_HEAD]
    return any(marker in first for marker in BUNDLE_MARKERS)


def _looks_minified(head: bytes) -> bool:
    return (
        _looks_bundled(head)
        or any(len(line) > MINIFIED_LINE_LENGTH and not _is_source_map(line) for line in head.split(b"\n")[:50])
        or (b"\n" not in head and len(head) > MINIFIED_LINE_LENGTH)
    )


def _is_source_map(line: bytes) -> bool:
    """`//# sourceMappingURL=data:...;base64,...`: compilers (tsc, babel) append the map inline to readable output
    (verdaccio 6 ships its build/ like that); a long comment does not make the code minified."""
    return line.lstrip().startswith((b"//# sourceMappingURL=", b"//@ sourceMappingURL="))


def discover_project(
    root: Path,
    *,
    excludes: Iterable[str] = (),
    includes: Iterable[str] = (),
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    use_gitignore: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Project:
    """Walk `root` and classify its files. Never follows a symlinked folder; a symlinked file is kept only when it
    resolves inside the root. Nothing is executed and only the first bytes of each file are read here."""
    root = root.resolve()
    excludes = tuple(excludes)
    includes = tuple(includes)
    project = Project(root=root, files=[], max_file_size=max_file_size)
    ignore_rules: list[IgnoreRule] = []
    # A folder that is excluded but may hold something an --include names is walked "on condition": only files
    # the include matches are kept from it.
    stack: list[tuple[str, bool]] = [("", False)]
    seen_dirs: set[tuple[int, int]] = set()

    def included(rel: str) -> bool:
        return bool(includes) and matches_glob(rel, includes)

    while stack:
        rel_dir, conditional = stack.pop()
        abs_dir = root / rel_dir if rel_dir else root
        try:
            st = abs_dir.stat()
        except OSError as exc:
            project.skip(rel_dir or ".", f"unreadable folder ({exc.strerror or exc})")
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            continue
        seen_dirs.add(key)
        if use_gitignore and len(ignore_rules) < MAX_IGNORE_RULES:
            gi_rel = f"{rel_dir}/.gitignore" if rel_dir else ".gitignore"
            try:
                gi_text = decode(read_bytes_in(root, gi_rel, cap=MAX_IGNORE_FILE_BYTES))
            except UnsafeFile as exc:
                if exc.reason != "not found":
                    project.skip(gi_rel, exc.reason)
            else:
                problems: list[str] = []
                ignore_rules.extend(parse_gitignore(gi_text, rel_dir, problems)[: MAX_IGNORE_RULES - len(ignore_rules)])
                for problem in problems[:20]:
                    project.skip(gi_rel, problem)
                if len(ignore_rules) >= MAX_IGNORE_RULES:
                    project.skip(
                        gi_rel, f"more than {MAX_IGNORE_RULES} ignore rules in the tree; the rest are not used"
                    )
        try:
            entries = sorted(os.scandir(abs_dir), key=lambda e: e.name)
        except OSError as exc:
            project.skip(rel_dir or ".", f"unreadable folder ({exc.strerror or exc})")
            continue
        subdirs: list[tuple[str, bool]] = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                excluded = (
                    entry.name in DEFAULT_EXCLUDED_DIRS
                    or entry.name.lower() in TEST_LIKE_DIRS
                    or (excludes and matches_glob(rel, excludes))
                    or (use_gitignore and is_ignored(rel, True, ignore_rules))
                )
                if (excluded or conditional) and not included(rel):
                    if includes and may_match_below(rel, includes):
                        subdirs.append((rel, True))
                    continue
                subdirs.append((rel, False))
                continue
            if conditional and not included(rel):
                continue
            if is_link:
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):
                    project.skip(rel, "broken or looping symlink")
                    continue
                if target.is_dir():
                    project.skip(rel, "symlinked folder not followed")
                    continue
                if not target.is_relative_to(root):
                    project.skip(rel, "symlink pointing outside the scanned folder")
                    continue
            if excludes and matches_glob(rel, excludes) and not included(rel):
                continue
            if use_gitignore and is_ignored(rel, False, ignore_rules) and not included(rel):
                continue
            try:
                fst = os.stat(entry.path)
            except OSError:
                project.skip(rel, "unreadable")
                continue
            kind = classify(rel)
            if kind == "other":
                continue
            if not stat.S_ISREG(fst.st_mode):
                project.skip(rel, f"not a regular file ({file_kind(fst.st_mode)})")
                continue
            if fst.st_size > max_file_size:
                project.skip(rel, f"larger than {human_size(max_file_size)}")
                continue
            try:
                head = read_head(entry.path, MINIFIED_HEAD)
            except UnsafeFile as exc:
                project.skip(rel, exc.reason)
                continue
            if _looks_binary(head[:8192]):
                project.skip(rel, "binary content")
                continue
            if kind == "js" and (".min." in entry.name or _looks_minified(head)):
                project.skip(rel, "minified or bundled")
                continue
            project.files.append(SourceFile(rel, fst.st_size, kind))
            if progress is not None:
                progress(len(project.files))
            if len(project.files) >= MAX_FILES:
                project.skip(rel_dir or ".", f"file limit of {MAX_FILES} reached; the rest was not scanned")
                stack.clear()
                break
        stack.extend(reversed(subdirs))
    project.files.sort(key=lambda f: f.path)
    for pattern in includes:  # a pattern that names nothing is a typo or a misunderstanding: say so
        if not any(matches_glob(f.path, (pattern,)) for f in project.files):
            project.notices.append(f"--include {pattern!r} matched no file nodeward reads")
    return project
