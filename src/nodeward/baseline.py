"""Baselines: record today's findings by fingerprint, then report only what is new (edits elsewhere don't matter)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from nodeward.findings import Finding, Suppression
from nodeward.safe_files import read_regular_bytes

SCHEMA = "nodeward/baseline-v1"


class BaselineError(Exception):
    """An unreadable or malformed baseline file (one line, exit 2)."""


@dataclass(frozen=True)
class Baseline:
    path: str
    fingerprints: frozenset[str]
    entries: tuple[dict[str, object], ...]


def write_baseline(findings: Iterable[Finding], path: Path) -> int:
    """Write the active findings' fingerprints (with a little context for humans reviewing the file)."""
    entries = [
        {
            "fingerprint": f.fingerprint,
            "code": f.code,
            "path": f.location.path or f.location.url or "",
            "message": f.message,
        }
        for f in findings
        if not f.suppressed or (f.suppression and f.suppression.kind == "baseline")
    ]
    entries.sort(key=lambda e: (str(e["path"]), str(e["code"]), str(e["fingerprint"])))
    data = {"schema": SCHEMA, "findings": entries}
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(entries)


MAX_BASELINE_BYTES = 64 * 1024 * 1024


def load_baseline(path: Path) -> Baseline:
    try:
        # the safe reader: a baseline committed in the repository may be a FIFO or a link to /dev/zero
        data = json.loads(read_regular_bytes(path, cap=MAX_BASELINE_BYTES).decode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("findings"), list):
        raise BaselineError(f"baseline {path} is not a {SCHEMA} file (write one with --write-baseline)")
    entries = tuple(e for e in data["findings"] if isinstance(e, dict) and isinstance(e.get("fingerprint"), str))
    return Baseline(str(path), frozenset(str(e["fingerprint"]) for e in entries), entries)


def apply_baseline(findings: list[Finding], baseline: Baseline) -> tuple[list[Finding], dict[str, object]]:
    """Mark findings already in the baseline as suppressed (kind "baseline"); count matched and disappeared ones."""
    out = []
    matched: set[str] = set()
    for f in findings:
        if f.suppression is None and f.fingerprint in baseline.fingerprints:
            matched.add(f.fingerprint)
            f = replace(f, suppression=Suppression("baseline", "present in the baseline", source=baseline.path))
        out.append(f)
    disappeared = len(baseline.fingerprints - {f.fingerprint for f in findings})
    new = sum(1 for f in out if not f.suppressed)
    section = {
        "file": baseline.path,
        "matched": len(matched),
        "disappeared": disappeared,
        "new": new,
        "headline": f"baseline {baseline.path}: {len(matched)} known finding(s) hidden, {disappeared} fixed since, "
        f"{new} new",
    }
    return out, section
