"""Advisory values read from OSV records (or npm bulk answers), and their severity."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nodeward.findings import Severity

# GitHub's database_specific.severity words; GitHub's "MODERATE" is our MEDIUM.
GHSA_SEVERITY = {"LOW": Severity.LOW, "MODERATE": Severity.MEDIUM, "MEDIUM": Severity.MEDIUM, "HIGH": Severity.HIGH}
GHSA_SEVERITY["CRITICAL"] = Severity.CRITICAL
NPM_SEVERITY = {"info": Severity.INFO, "low": Severity.LOW, "moderate": Severity.MEDIUM, "high": Severity.HIGH}
NPM_SEVERITY["critical"] = Severity.CRITICAL


@dataclass(frozen=True)
class AffectedRange:
    type: str  # "SEMVER" | "ECOSYSTEM" (GIT ranges are dropped when read)
    events: tuple[tuple[str, str], ...]  # ("introduced"|"fixed"|"last_affected"|"limit", version) in record order


@dataclass(frozen=True)
class AffectedPackage:
    name: str  # exactly as the record spells it (case kept: GHSA-8hc4-vh64-cxmj says "Axios")
    ranges: tuple[AffectedRange, ...] = ()
    versions: tuple[str, ...] = ()
    npm_range: str | None = None  # npm bulk answers: `vulnerable_versions`, evaluated like npm audit does
    unsupported_ranges: int = 0  # ranges of another type (GIT): counted so the report can say so


@dataclass(frozen=True)
class Advisory:
    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    modified: str = ""
    withdrawn: str | None = None
    severity: Severity | None = None
    severity_source: str = ""  # "ghsa" | "cvss" | "npm" | ""
    cvss_vector: str | None = None
    affected: tuple[AffectedPackage, ...] = ()
    url: str = ""
    cwe_ids: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.name for a in self.affected))


class InvalidRecord(ValueError):
    """An OSV record we cannot read (wrong shape): skipped and counted, never fatal."""


def _str(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidRecord(f"{field} is not a string")
    return value


def advisory_from_osv(record: Mapping[str, Any]) -> Advisory:
    """The npm part of one OSV record. Raises InvalidRecord on a malformed record."""
    if not isinstance(record, Mapping):
        raise InvalidRecord("record is not an object")
    ident = _str(record.get("id"), "id")
    aliases = record.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InvalidRecord("aliases is not a list of strings")
    affected: list[AffectedPackage] = []
    raw_affected = record.get("affected") or []
    if not isinstance(raw_affected, list):
        raise InvalidRecord("affected is not a list")
    for entry in raw_affected:
        if not isinstance(entry, Mapping):
            raise InvalidRecord("affected entry is not an object")
        package = entry.get("package") or {}
        if not isinstance(package, Mapping) or package.get("ecosystem") != "npm":
            continue  # other ecosystems in the same record (NuGet, Maven webjars)
        name = _str(package.get("name"), "affected.package.name")
        ranges: list[AffectedRange] = []
        unsupported = 0
        raw_ranges = entry.get("ranges") or []
        if not isinstance(raw_ranges, list):
            raise InvalidRecord("ranges is not a list")
        for rng in raw_ranges:
            if not isinstance(rng, Mapping):
                raise InvalidRecord("range is not an object")
            rtype = rng.get("type")
            if rtype not in ("SEMVER", "ECOSYSTEM"):
                unsupported += 1
                continue
            events: list[tuple[str, str]] = []
            raw_events = rng.get("events") or []
            if not isinstance(raw_events, list):
                raise InvalidRecord("events is not a list")
            for event in raw_events:
                if not isinstance(event, Mapping) or len(event) != 1:
                    raise InvalidRecord("event must have exactly one key")
                ((kind, version),) = event.items()
                if kind not in ("introduced", "fixed", "last_affected", "limit"):
                    continue
                events.append((kind, _str(version, f"event {kind}")))
            ranges.append(AffectedRange(rtype, tuple(events)))
        versions = entry.get("versions") or []
        if not isinstance(versions, list):
            raise InvalidRecord("versions is not a list")
        affected.append(
            AffectedPackage(
                name=name,
                ranges=tuple(ranges),
                versions=tuple(v for v in versions if isinstance(v, str)),
                unsupported_ranges=unsupported,
            )
        )
    severity, source, vector = record_severity(record)
    raw_db = record.get("database_specific")
    db: Mapping[str, Any] = raw_db if isinstance(raw_db, Mapping) else {}
    raw_cwes = db.get("cwe_ids")
    cwes: list[Any] = raw_cwes if isinstance(raw_cwes, list) else []
    url = ""
    if ident.startswith("GHSA-"):
        url = f"https://github.com/advisories/{ident}"
    else:
        url = f"https://osv.dev/vulnerability/{ident}"
    withdrawn = record.get("withdrawn")
    return Advisory(
        id=ident,
        aliases=tuple(aliases),
        summary=str(record.get("summary") or "")[:300],
        modified=str(record.get("modified") or ""),
        withdrawn=withdrawn if isinstance(withdrawn, str) and withdrawn else None,
        severity=severity,
        severity_source=source,
        cvss_vector=vector,
        affected=tuple(affected),
        url=url,
        cwe_ids=tuple(c for c in cwes if isinstance(c, str)),
    )


def record_severity(record: Mapping[str, Any]) -> tuple[Severity | None, str, str | None]:
    """GitHub's own rating when present, else the CVSS base score bucketed (9+ critical, 7+ high, 4+ medium)."""
    listed = record.get("severity")
    # Found by fuzzing: `"severity": 1` (not a list) raised TypeError; a malformed field rates nothing.
    listed = listed if isinstance(listed, list) else []
    vectors = [s for s in listed if isinstance(s, Mapping) and isinstance(s.get("score"), str)]
    vector = None
    for preferred in ("CVSS_V3", "CVSS_V4", "CVSS_V2"):
        vector = next((s["score"] for s in vectors if s.get("type") == preferred), None)
        if vector:
            break
    db = record.get("database_specific")
    if isinstance(db, Mapping) and isinstance(db.get("severity"), str) and db["severity"].upper() in GHSA_SEVERITY:
        return GHSA_SEVERITY[db["severity"].upper()], "ghsa", vector
    for s in vectors:
        score = cvss_base_score(s["score"])
        if score is not None:
            return severity_from_score(score), "cvss", s["score"]
    return None, "", vector


def severity_from_score(score: float) -> Severity:
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    if score > 0.0:
        return Severity.LOW
    return Severity.INFO


_V3 = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}


def _roundup(value: float) -> float:
    # CVSS 3.1 Appendix A: round up to one decimal, robust to floating point.
    as_int = round(value * 100000)
    if as_int % 10000 == 0:
        return as_int / 100000.0
    return (math.floor(as_int / 10000) + 1) / 10.0


def cvss_base_score(vector: str) -> float | None:
    """CVSS 3.0/3.1 base score from a vector string (first.org spec §7.1); None for other versions or bad vectors."""
    if not vector.startswith(("CVSS:3.0/", "CVSS:3.1/")):
        return None
    try:
        metrics = dict(part.split(":", 1) for part in vector.split("/")[1:])
        scope_changed = metrics["S"] == "C"
        pr = {"N": 0.85, "L": 0.68 if scope_changed else 0.62, "H": 0.5 if scope_changed else 0.27}[metrics["PR"]]
        iss = 1 - (1 - _V3["C"][metrics["C"]]) * (1 - _V3["I"][metrics["I"]]) * (1 - _V3["A"][metrics["A"]])
        exploitability = 8.22 * _V3["AV"][metrics["AV"]] * _V3["AC"][metrics["AC"]] * pr * _V3["UI"][metrics["UI"]]
    except (KeyError, ValueError):
        return None
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if scope_changed else 6.42 * iss
    if impact <= 0:
        return 0.0
    if scope_changed:
        return _roundup(min(1.08 * (impact + exploitability), 10))
    return _roundup(min(impact + exploitability, 10))


def advisory_from_npm_bulk(name: str, entry: Mapping[str, Any]) -> Advisory:
    """One entry of npm's bulk advisory answer (`{name: [{id, url, title, severity, vulnerable_versions}]}`)."""
    if not isinstance(entry, Mapping):
        raise InvalidRecord("bulk entry is not an object")
    url = str(entry.get("url") or "")
    ghsa = url.rsplit("/", 1)[-1] if "/advisories/GHSA-" in url else ""
    ident = ghsa or f"NPM-{entry.get('id')}"
    severity_word = str(entry.get("severity") or "high").lower()  # npm defaults a missing severity to high
    raw_cvss = entry.get("cvss")
    cvss: Mapping[str, Any] = raw_cvss if isinstance(raw_cvss, Mapping) else {}
    raw_cwe = entry.get("cwe")
    cwe: list[Any] = raw_cwe if isinstance(raw_cwe, list) else []
    return Advisory(
        id=ident,
        aliases=(f"NPM-{entry.get('id')}",) if ghsa and entry.get("id") is not None else (),
        summary=str(entry.get("title") or "")[:300],
        severity=NPM_SEVERITY.get(severity_word, Severity.HIGH),
        severity_source="npm",
        cvss_vector=cvss.get("vectorString") if isinstance(cvss.get("vectorString"), str) else None,
        affected=(AffectedPackage(name=name, npm_range=str(entry.get("vulnerable_versions") or "*")),),
        url=url,
        cwe_ids=tuple(c for c in cwe if isinstance(c, str)),
    )
