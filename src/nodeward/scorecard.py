"""The scorecard: one verdict per practice (holds / fails / unknown / not applicable) with its evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nodeward.engine import EngineResult
from nodeward.findings import Evidence, Finding
from nodeward.knowledge.guide import PRACTICES

HOLDS, FAILS, UNKNOWN, NOT_APPLICABLE = "holds", "fails", "unknown", "not-applicable"
STATUSES = (HOLDS, FAILS, UNKNOWN, NOT_APPLICABLE)
ORIGIN_LABELS = {"static": "static scan", "deps": "dependency audit", "live": "live probe"}


@dataclass(frozen=True)
class PracticeVerdict:
    number: int
    title: str
    status: str
    findings: tuple[Finding, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = ()  # not-applicable reasons, "could not check" reasons
    decided_by: tuple[str, ...] = ()  # which collectors' results decided: "static scan", "live probe", ...
    checked: bool = True  # False when no rule of this practice ran in this mode (deps alone, probe alone)
    # Suppressed and baselined findings: known, not gone. They keep the practice failing but do not fail the run.
    known: tuple[Finding, ...] = ()

    @property
    def worst(self) -> Finding | None:
        return max(self.findings or self.known, key=lambda f: f.severity, default=None)

    @property
    def known_text(self) -> str:
        """ "2 known, baselined", "1 known, suppressed", "3 known: 2 baselined, 1 suppressed" (or "")."""
        if not self.known:
            return ""
        kinds: dict[str, int] = {}
        for f in self.known:
            kind = "baselined" if f.suppression is not None and f.suppression.kind == "baseline" else "suppressed"
            kinds[kind] = kinds.get(kind, 0) + 1
        if len(kinds) == 1:
            return f"{len(self.known)} known, {next(iter(kinds))}"
        return f"{len(self.known)} known: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))


@dataclass(frozen=True)
class Scorecard:
    practices: tuple[PracticeVerdict, ...] = field(default_factory=tuple)

    def verdict(self, number: int) -> PracticeVerdict:
        return self.practices[number - 1]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for p in self.practices:
            out[p.status] += 1
        return out


def _origins(items: Iterable[Finding | Evidence]) -> tuple[str, ...]:
    origins = {o for i in items for o in (i.origins if isinstance(i, Finding) else (i.origin,))}
    return tuple(sorted(ORIGIN_LABELS.get(o, o) for o in origins))


def build_scorecard(result: EngineResult, incomplete_practices: dict[int, str] | None = None) -> Scorecard:
    """Fold findings and evidence into verdicts.

    A practice fails when it has a finding, active or known (suppressed or baselined: a known mistake is still a
    mistake, only the exit code ignores it); holds when it has positive evidence and no finding; is not applicable
    when its rules said so and nothing else was found; otherwise it is unknown — including when a check the user
    asked for could not run ("could not check" is never "holds").
    """
    incomplete_practices = incomplete_practices or {}
    verdicts = []
    for number, title in PRACTICES.items():
        # A finding also counts for the practice of a live finding merged into it (X-Powered-By is filed under
        # helmet, practice 4, and seen live as information disclosure, practice 7).
        mine = [f for f in result.findings if f.practice == number or any(c.practice == number for c in f.confirmed_by)]
        active = tuple(f for f in mine if not f.suppressed)
        known = tuple(f for f in mine if f.suppressed)
        evidence = tuple(e for e in result.evidence if e.practice == number)
        na = tuple(dict.fromkeys(result.not_applicable.get(number, ())))
        notes: tuple[str, ...] = ()
        if active or known:
            status, decided = FAILS, _origins(active or known)
        elif number in incomplete_practices:
            status, decided = UNKNOWN, ()
            notes = (f"could not check: {incomplete_practices[number]}",)
        elif evidence:
            status, decided = HOLDS, _origins(evidence)
        elif na:
            status, decided, notes = NOT_APPLICABLE, (), na
        else:
            status, decided = UNKNOWN, ()
            if number not in result.practices_checked:
                notes = ("no check for this practice ran in this mode",)
            else:
                notes = ("nothing found either way",)
        if number in incomplete_practices and status != UNKNOWN:
            notes = (*notes, f"partly unchecked: {incomplete_practices[number]}")
        checked = number in result.practices_checked or number in incomplete_practices
        verdicts.append(PracticeVerdict(number, title, status, active, evidence, notes, decided, checked, known))
    return Scorecard(tuple(verdicts))
