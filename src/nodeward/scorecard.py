"""The scorecard: one verdict per practice (holds / fails / unknown / not applicable) with its evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nodeward.engine import EngineResult
from nodeward.findings import Evidence, Finding
from nodeward.practices import PRACTICES

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

    @property
    def worst(self) -> Finding | None:
        return max(self.findings, key=lambda f: f.severity, default=None)


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
    return tuple(sorted({ORIGIN_LABELS.get(i.origin, i.origin) for i in items}))


def build_scorecard(result: EngineResult, incomplete_practices: dict[int, str] | None = None) -> Scorecard:
    """Fold findings and evidence into verdicts.

    A practice fails when it has an active (unsuppressed) finding; holds when it has positive evidence and no active
    finding; is not applicable when its rules said so and nothing else was found; otherwise it is unknown — including
    when a check the user asked for could not run ("could not check" is never "holds").
    """
    incomplete_practices = incomplete_practices or {}
    verdicts = []
    for number, title in PRACTICES.items():
        active = tuple(f for f in result.findings if f.practice == number and not f.suppressed)
        evidence = tuple(e for e in result.evidence if e.practice == number)
        na = tuple(dict.fromkeys(result.not_applicable.get(number, ())))
        notes: tuple[str, ...] = ()
        if active:
            status, decided = FAILS, _origins(active)
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
        verdicts.append(PracticeVerdict(number, title, status, active, evidence, notes, decided, checked))
    return Scorecard(tuple(verdicts))
