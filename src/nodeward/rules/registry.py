"""The rule registry: @rule attaches metadata to a check function and records it; docs live in its docstring."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Collection, Iterable, Iterator
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
        """First paragraph of "How to fix", with every framework's line: the advice when the framework is unknown."""
        return self.fix_for(())

    @property
    def has_framework_fixes(self) -> bool:
        return bool(_fix_parts(self.doc)[1])

    def fix_for(self, frameworks: Collection[str]) -> str:
        """The fix advice a finding shows: the first paragraph of "How to fix", then, when the paragraph after it is
        a list of framework lines ("- Express: ..."), the lines of the frameworks the project uses (all of them when
        it uses none of those listed). `explain` and the docs show every line."""
        first, bullets = _fix_parts(self.doc)
        if not bullets:
            return first
        chosen = [(label, text) for label, text in bullets if FRAMEWORK_LABELS[label] in frameworks] or bullets
        lines = (f"{label}: {text}" + ("" if text.endswith(".") else ".") for label, text in chosen)
        return " ".join([first, *lines])

    def run(self, subject: Any) -> Iterator[Hit]:
        yield from self.func(subject)


# The framework lines a "How to fix" section may carry, by label, and the framework kind (analysis/appmodel.py) each
# stands for.
FRAMEWORK_LABELS = {"Express": "express", "Fastify": "fastify", "Koa": "koa", "Hapi": "hapi", "NestJS": "nest"}
_FRAMEWORK_LINE = re.compile(rf"^- ({'|'.join(FRAMEWORK_LABELS)}): (.*)$")


@lru_cache(maxsize=1024)
def _fix_parts(doc: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(first paragraph, framework lines of the paragraph after it) of a rule doc's "How to fix"."""
    paragraphs = doc_section(doc, "How to fix").split("\n\n")
    first = " ".join(line.strip() for line in paragraphs[0].splitlines()).strip()
    bullets: list[tuple[str, str]] = []
    for line in paragraphs[1].splitlines() if len(paragraphs) > 1 else ():
        m = _FRAMEWORK_LINE.match(line.strip())
        if m:
            bullets.append((m.group(1), m.group(2).strip()))
        elif bullets and line.startswith((" ", "\t")):
            label, text = bullets[-1]
            bullets[-1] = (label, f"{text} {line.strip()}")
        else:
            return first, ()  # not a framework list: the first paragraph alone, as before
    return first, tuple(bullets)


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
