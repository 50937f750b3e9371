"""Which Node.js versions a project declares (engines, .nvmrc, .node-version, Dockerfile, CI) and which are past EOL.

The release schedule ships as data (nodeward/data/node-release-schedule.json) with its date and how to refresh it.
Files are read as text and matched line by line: nothing is evaluated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from nodeward.deps import semver
from nodeward.findings import Location
from nodeward.safe_files import read_text_or_none

MAX_FILE_BYTES = 512 * 1024
CODENAMES = {
    "argon": 4,
    "boron": 6,
    "carbon": 8,
    "dubnium": 10,
    "erbium": 12,
    "fermium": 14,
    "gallium": 16,
    "hydrogen": 18,
    "iron": 20,
    "jod": 22,
    "krypton": 24,
}


@dataclass(frozen=True)
class NodeRuntime:
    kind: str  # "engines" | "nvmrc" | "node-version" | "dockerfile" | "ci"
    declared: str  # the text as written: "16", "node:14-alpine", ">=12 <15"
    majors: tuple[int, ...]  # the release lines it runs on / admits
    eol: bool  # every line it names is past its end of life
    eol_dates: tuple[str, ...]  # end dates of the EOL lines
    location: Location


def load_schedule() -> tuple[dict[int, dict[str, str]], str]:
    raw = json.loads(resources.files("nodeward.data").joinpath("node-release-schedule.json").read_text("utf-8"))
    lines: dict[int, dict[str, str]] = {}
    for key, value in raw.items():
        if key.startswith("v") and key[1:].isdigit():
            lines[int(key[1:])] = value
    return lines, raw.get("_date", "")


def _today(now: datetime | None) -> date:
    return (now or datetime.now()).date()


def _is_eol(major: int, schedule: dict[int, dict[str, str]], today: date) -> tuple[bool, str]:
    if major == 0:
        return True, "2016-12-31"
    line = schedule.get(major)
    if line is None:
        return False, ""  # newer than the schedule (or unknown): not called EOL
    end = line.get("end", "")
    try:
        return date.fromisoformat(end) < today, end
    except ValueError:
        return False, ""


def _majors_in(text: str) -> list[int]:
    text = text.strip().strip("'\"").lower()
    for name, major in CODENAMES.items():
        if name in text:
            return [major]
    return [int(m) for m in re.findall(r"(?<![\w.])v?(\d{1,2})(?=\.|\b|x|$)", text) if int(m) <= 40]


def _read(path: Path) -> str | None:
    return read_text_or_none(path.parent, path.name, cap=MAX_FILE_BYTES)


def _engines_majors(spec: str, schedule: dict[int, dict[str, str]]) -> list[int]:
    """The release lines an `engines.node` range admits (checked at each line's x.0.0 .. x.99.0)."""
    known = sorted(schedule)
    newest = known[-1] if known else 26
    out = []
    for major in [*known, newest + 1]:
        if any(semver.satisfies(f"{major}.{minor}.0", spec, loose=True) for minor in (0, 5, 10, 20, 99)):
            out.append(major)
    return out


def find_node_runtimes(root: Path, now: datetime | None = None) -> tuple[list[NodeRuntime], str]:
    schedule, schedule_date = load_schedule()
    today = _today(now)
    found: list[NodeRuntime] = []

    def add(kind: str, declared: str, majors: list[int], rel: str, line: int) -> None:
        majors = sorted(set(majors))
        if not majors:
            return
        verdicts = [_is_eol(m, schedule, today) for m in majors]
        eol = all(v for v, _ in verdicts)
        dates = tuple(d for v, d in verdicts if v)
        found.append(NodeRuntime(kind, declared.strip()[:100], tuple(majors), eol, dates, Location(rel, line)))

    text = _read(root / "package.json")
    if text:
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            doc = None
        engines = doc.get("engines") if isinstance(doc, dict) else None
        spec = engines.get("node") if isinstance(engines, dict) else None
        if isinstance(spec, str) and semver.valid_range(spec, loose=True):
            at = next((i for i, t in enumerate(text.splitlines(), 1) if '"node"' in t), 1)
            add("engines", spec, _engines_majors(spec, schedule), "package.json", at)
    for name, kind in ((".nvmrc", "nvmrc"), (".node-version", "node-version")):
        text = _read(root / name)
        if text and text.strip():
            first = text.strip().splitlines()[0]
            add(kind, first, _majors_in(first)[:1], name, 1)
    dockerfiles = [p for p in root.glob("Dockerfile*") if p.is_file()] + list(root.glob("*.dockerfile"))
    dockerfiles += [p for p in root.glob("*/Dockerfile*") if "node_modules" not in p.parts]
    for path in sorted(set(dockerfiles))[:50]:
        text = _read(path)
        if not text:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            m = re.match(r"^\s*FROM\s+(?:--platform=\S+\s+)?(?:\S*/)?node:([\w.\-]+)", line, re.IGNORECASE)
            if m:
                add("dockerfile", line.strip(), _majors_in(m.group(1))[:1], path.relative_to(root).as_posix(), number)
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml")) if (root / ".github").is_dir() else []
    for path in [*workflows[:50], root / ".gitlab-ci.yml", root / ".travis.yml"]:
        text = _read(path)
        if not text:
            continue
        rel = path.relative_to(root).as_posix()
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            m = re.match(r"^[ \t]*(?:-[ \t]*)?(node-version|node_js|node)[ \t]*:(.*)$", line)
            if m:
                value = m.group(2).split("#", 1)[0].strip()
                if value and "${{" not in value:
                    add("ci", line.strip(), _majors_in(value), rel, number)
                elif not value:
                    # A YAML list below the key: `- 14`, `- '16.x'`
                    majors = []
                    for follow in lines[number : number + 12]:
                        item = re.match(r"^\s*-\s*['\"]?v?(\d{1,2})(?:[.\dx]*)['\"]?\s*(?:#.*)?$", follow)
                        if not item:
                            break
                        majors.append(int(item.group(1)))
                    add("ci", line.strip(), majors, rel, number)
            img = re.match(r"^\s*image\s*:\s*['\"]?(?:\S*/)?node:([\w.\-]+)", line)
            if img:
                add("ci", line.strip(), _majors_in(img.group(1))[:1], rel, number)
    return found, schedule_date
