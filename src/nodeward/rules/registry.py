"""The rule registry: @rule attaches metadata to a check function and records it; docs live in its docstring."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nodeward.findings import Confidence, Severity
from nodeward.rules.hits import Hit
from nodeward.rules.targets import Target

# The fixed documentation sections every rule's docstring carries, in this order (enforced by a test).
DOC_SECTIONS = ("What it checks", "Why it matters", "How to fix", "Example", "Use instead", "References")

CODE_RE = re.compile(r"^NW(0[1-9]|1[0-5])\d\d$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROFILES = ("default", "audit")

RuleFunc = Callable[[Any], Iterable[Hit]]


@lru_cache(maxsize=1024)
def _clean_doc(doc: str) -> str:
    # Asked for every finding (fix advice, summary): 120,000 cleandoc calls took 5 s on a lockfile with 40,000 hits.
    return inspect.cleandoc(doc)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    practice: int
    target: Target
    severity: Severity
    confidence: Confidence
    cwe: int | None
    profile: str
    func: RuleFunc
    origin: str  # "static", "deps" or "live": which collector's facts the rule judges

    @property
    def doc(self) -> str:
        return _clean_doc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].strip() if self.doc else ""

    def section(self, title: str) -> str:
        """The text of one `## title` section of the docstring, without its heading."""
        return doc_section(self.doc, title)

    @property
    def fix_summary(self) -> str:
        """First paragraph of "How to fix": what a finding shows as its fix advice."""
        text = self.section("How to fix")
        return text.split("\n\n", 1)[0].replace("\n", " ").strip()

    def run(self, subject: Any) -> Iterator[Hit]:
        yield from self.func(subject)


def doc_section(doc: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def doc_sections(doc: str) -> list[str]:
    return re.findall(r"^## (.+?)\s*$", doc, re.MULTILINE)


_REGISTRY: dict[str, Rule] = {}
_BY_NAME: dict[str, str] = {}


def rule(
    code: str,
    name: str,
    *,
    on: Target,
    severity: Severity,
    confidence: Confidence = Confidence.HIGH,
    cwe: int | None = None,
    profile: str = "default",
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a check. The practice number is read from the code (NWppnn) and must match the module pNN."""
    if not CODE_RE.match(code):
        raise ValueError(f"rule code {code!r} is not NWppnn with pp in 01..15")
    if not NAME_RE.match(name):
        raise ValueError(f"rule name {name!r} is not kebab-case")
    if profile not in PROFILES:
        raise ValueError(f"rule {code}: unknown profile {profile!r}")
    practice = int(code[2:4])

    def register(func: RuleFunc) -> RuleFunc:
        module = func.__module__.rsplit(".", 1)[-1]
        if module.startswith("p") and module[1:3].isdigit() and int(module[1:3]) != practice:
            raise ValueError(f"rule {code} lives in {module}, not in the module of practice {practice:02d}")
        if code in _REGISTRY and _REGISTRY[code].func.__qualname__ != func.__qualname__:
            raise ValueError(f"rule code {code} registered twice")
        if name in _BY_NAME and _BY_NAME[name] != code:
            raise ValueError(f"rule name {name} already used by {_BY_NAME[name]}")
        _REGISTRY[code] = Rule(
            code=code,
            name=name,
            practice=practice,
            target=on,
            severity=severity,
            confidence=confidence,
            cwe=cwe,
            profile=profile,
            func=func,
            origin=on.origin,
        )
        _BY_NAME[name] = code
        return func

    return register


def load_rules() -> None:
    """Import the 15 practice modules once; their decorators fill the registry."""
    importlib.import_module("nodeward.practices").load_all()


def all_rules() -> list[Rule]:
    load_rules()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code_or_name: str) -> Rule | None:
    load_rules()
    key = code_or_name.strip()
    if key.upper() in _REGISTRY:
        return _REGISTRY[key.upper()]
    code = _BY_NAME.get(key.lower())
    return _REGISTRY[code] if code else None


def matches_selector(rule_: Rule, selector: str) -> bool:
    """A selector is a full code (NW0301), a code prefix (NW03, NW), or a rule name."""
    sel = selector.strip()
    return rule_.code.startswith(sel.upper()) or rule_.name == sel.lower()


def unregister(code: str) -> None:
    """Remove a rule (tests register throwaway rules and must leave the registry as they found it)."""
    removed = _REGISTRY.pop(code, None)
    if removed is not None:
        _BY_NAME.pop(removed.name, None)
