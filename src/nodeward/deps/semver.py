"""npm's version rules: node-semver (PyPI) wrapped so it never raises and agrees with node's `semver` 7.

Two known problems of the Python port are fixed here (spec ../shared/specs/dependencies.md §6):
- it raises `ValueError` on invalid versions where node answers "not satisfied": we answer False / None;
- with `include_prerelease=True` it stops comparing prerelease tags at all (`5.0.0-beta.2 < 5.0.0-beta.3` is lost)
  and does not desugar ranges the way node does (`^1.0.0` must not admit `1.0.0-rc1`, `1.2.3 - 2.3.4` becomes
  `>=1.2.3-0 <2.3.5-0`). We evaluate include-prerelease ranges ourselves, on comparators built the way node's
  `classes/range.js` builds them, and always compare versions with correct SemVer 2.0 precedence.
The regression suite is ../shared/data/semver-golden/ (tests/deps/test_semver.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import nodesemver as _ns

VersionKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]

# Strict SemVer 2.0 (no leading zeros, as node's semver requires): read directly, which is ~20x faster than the
# port's parser; anything else (loose input, partial versions) goes through node-semver and coercion below.
_STRICT = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
_PARTIAL = re.compile(r"^[v=\s]*(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\s*$")
# node's semver: a version longer than this is invalid, and so is a part above Number.MAX_SAFE_INTEGER. Both are also
# what keeps hostile versions (a 1 MB string, 40,000 digits) away from the regexes and from int()'s digit limit.
MAX_LENGTH = 256
MAX_SAFE_INTEGER = 2**53 - 1
# Ranges have no limit in node; real ones are short, and a range this long is refused instead of parsed slowly.
MAX_RANGE_LENGTH = 1024


def _safe_int(digits: str) -> int | None:
    return int(digits) if len(digits) <= 16 and int(digits) <= MAX_SAFE_INTEGER else None


@lru_cache(maxsize=65536)
def parse(version: str, loose: bool = False) -> _ns.SemVer | None:
    """A parsed version, or None when node's semver would call it invalid."""
    if not isinstance(version, str) or len(version) > 256:
        return None
    try:
        parsed = _ns.make_semver(version, loose)
    except (ValueError, TypeError):
        return None
    if parsed.micro_versions:  # the port accepts 4-part versions that node rejects
        return None
    return parsed


def valid(version: str, loose: bool = False) -> bool:
    return parse(version, loose) is not None


def coerce(version: str) -> str | None:
    """A full version from a possibly partial one: "1.0" -> "1.0.0", "v2" -> "2.0.0"; None if not a version.

    OSV events are not always strict semver (GHSA-r683-j2x4-v87g has `introduced: "1.0"`), so events are coerced
    rather than rejected.
    """
    if not isinstance(version, str) or len(version) > MAX_LENGTH:
        return None
    if _STRICT.match(version):
        return version.split("+", 1)[0] if sort_key(version) is not None else None
    parsed = parse(version)
    if parsed is not None:
        return str(parsed.version)
    m = _PARTIAL.match(version)
    if not m:
        return None
    major, minor, patch, pre, _build = m.groups()
    parts = [_safe_int(major), _safe_int(minor or "0"), _safe_int(patch or "0")]
    if any(p is None for p in parts):
        return None
    text = f"{parts[0]}.{parts[1]}.{parts[2]}{pre or ''}"
    return text if parse(text) is not None else None


@lru_cache(maxsize=65536)
def sort_key(version: str) -> VersionKey | None:
    """SemVer 2.0 precedence as a tuple (build metadata ignored); None for invalid versions."""
    if not isinstance(version, str) or len(version) > MAX_LENGTH:
        return None
    strict = _STRICT.match(version)
    if strict:
        major_, minor_, patch_, pre_text = strict.groups()
        core = (_safe_int(major_), _safe_int(minor_), _safe_int(patch_))
        if None in core:
            return None
        pre = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre_text.split(".")) if pre_text else ()
        return (int(major_), int(minor_), int(patch_), 0 if pre else 1, pre)
    parsed = parse(version)
    if parsed is None:
        coerced = coerce(version)
        if coerced is None:
            return None
        parsed = parse(coerced)
        if parsed is None:
            return None
    # Numeric identifiers sort numerically and before alphanumeric ones (SemVer 2.0 §11).
    pre = tuple((0, int(p), "") if str(p).isdigit() else (1, 0, str(p)) for p in parsed.prerelease)
    # A release sorts after all of its prereleases: flag 1 for release, 0 for prerelease.
    return (int(parsed.major), int(parsed.minor), int(parsed.patch), 0 if pre else 1, pre)


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 like node's `semver.compare`; invalid versions raise ValueError."""
    ka, kb = sort_key(a), sort_key(b)
    if ka is None or kb is None:
        raise ValueError(f"invalid version: {a if ka is None else b!r}")
    return (ka > kb) - (ka < kb)


def is_prerelease(version: str) -> bool:
    parsed = parse(version)
    return bool(parsed and parsed.prerelease)


def major(version: str) -> int | None:
    key = sort_key(version)
    return key[0] if key else None


# ---- ranges -------------------------------------------------------------------------------------------------------

Comparator = tuple[str, VersionKey | None, bool]  # (operator, key of its version or None for "any", has prerelease)


def _with_pre0(comparator: str) -> str:
    """`<2.0.0` -> `<2.0.0-0` (node's desugared bounds under includePrerelease)."""
    if not comparator or "-" in comparator:
        return comparator
    return comparator + "-0"


def _is_partial(text: str) -> bool:
    core = re.sub(r"^[\^~>=<v\s]+", "", text).split("-", 1)[0].split("+", 1)[0]
    parts = core.split(".")
    return len(parts) < 3 or any(p in ("x", "X", "*", "") for p in parts)


def _desugar_token(token: str, loose: bool, include_prerelease: bool) -> list[str]:
    out = _ns.parse_comparator(token, loose).split()
    if not include_prerelease or out == [token]:
        return out
    # node 7 appends `-0` to every bound it desugars from a partial version (`~1.1` -> `>=1.1.0-0 <1.2.0-0`), and to
    # the exclusive upper bound of a full caret/tilde (`^1.0.0` -> `>=1.0.0 <2.0.0-0`).
    partial = _is_partial(token)
    result = []
    for comp in out:
        if partial or (comp.startswith("<") and not comp.startswith("<=")):
            result.append(_with_pre0(comp))
        else:
            result.append(comp)
    return result


def _hyphen_incpre(match: re.Match[str]) -> str:
    # node semver 7 classes/range.js hyphenReplace with includePrerelease.
    from_, f_major, f_minor, f_patch, f_pre, _fb, to, t_major, t_minor, t_patch, t_pre, _tb = match.groups()
    if _ns.is_x(f_major):
        lower = ""
    elif _ns.is_x(f_minor):
        lower = f">={f_major}.0.0-0"
    elif _ns.is_x(f_patch):
        lower = f">={f_major}.{f_minor}.0-0"
    elif f_pre:
        lower = f">={from_}"
    else:
        lower = f">={from_}-0"
    if _ns.is_x(t_major):
        upper = ""
    elif _ns.is_x(t_minor):
        upper = f"<{int(t_major) + 1}.0.0-0"
    elif _ns.is_x(t_patch):
        upper = f"<{t_major}.{int(t_minor) + 1}.0-0"
    elif t_pre:
        upper = f"<={to}"
    else:
        upper = f"<{t_major}.{t_minor}.{int(t_patch) + 1}-0"
    return f"{lower} {upper}".strip()


@lru_cache(maxsize=8192)
def _comparator_sets(range_text: str, loose: bool, include_prerelease: bool) -> tuple[tuple[Comparator, ...], ...]:
    """The OR-ed comparator sets of a range (raises ValueError when node would call the range invalid)."""
    sets: list[tuple[Comparator, ...]] = []
    hyphen_re = _ns.regexp[_ns.HYPHENRANGELOOSE if loose else _ns.HYPHENRANGE]
    comp_re = _ns.regexp[_ns.COMPARATORLOOSE if loose else _ns.COMPARATOR]
    if len(range_text) > MAX_RANGE_LENGTH:
        raise ValueError(f"range longer than {MAX_RANGE_LENGTH} characters")
    for part in range_text.strip().split("||"):
        text = hyphen_re.sub(_hyphen_incpre if include_prerelease else _ns.hyphen_replace, part.strip())
        text = _ns.regexp[_ns.COMPARATORTRIM].sub(_ns.comparatorTrimReplace, text)
        text = _ns.regexp[_ns.TILDETRIM].sub(_ns.tildeTrimReplace, text)
        text = _ns.regexp[_ns.CARETTRIM].sub(_ns.caretTrimReplace, text)
        comps: list[str] = []
        for token in text.split():
            comps.extend(_desugar_token(token, loose, include_prerelease))
        if not comps:
            comps = [""]  # an empty part means "*"
        elif loose:
            # node drops what is not a comparator in loose mode, and then drops a set left empty
            comps = [c for c in comps if comp_re.search(c)]
            if not comps:
                continue
        parsed: list[Comparator] = []
        for comp in comps:
            c = _ns.make_comparator(comp, loose)
            if c.semver == _ns.ANY:
                parsed.append(("", None, False))
            else:
                key = sort_key(c.semver.version)
                if key is None:
                    raise ValueError(f"invalid comparator {comp!r}")
                parsed.append((c.operator or "=", key, bool(c.semver.prerelease)))
        sets.append(tuple(parsed))
    if not sets:
        raise ValueError(f"invalid range {range_text!r}")
    return tuple(sets)


def _test(op: str, key: VersionKey, bound: VersionKey) -> bool:
    if op in ("=", "==", ""):
        return key == bound
    if op == ">=":
        return key >= bound
    if op == ">":
        return key > bound
    if op == "<=":
        return key <= bound
    if op == "<":
        return key < bound
    if op == "!=":
        return key != bound
    return False


def _test_set(comps: tuple[Comparator, ...], key: VersionKey, include_prerelease: bool) -> bool:
    for op, bound, _pre in comps:
        if bound is not None and not _test(op, key, bound):
            return False
    if key[4] and not include_prerelease:
        # npm's prerelease rule: a prerelease only satisfies a set that names a prerelease of the same x.y.z.
        return any(bound is not None and pre and bound[:3] == key[:3] for _op, bound, pre in comps)
    return True


def valid_range(range_text: str, loose: bool = False) -> bool:
    try:
        _comparator_sets(range_text, loose, False)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


def satisfies(version: str, range_text: str, *, loose: bool = False, include_prerelease: bool = False) -> bool:
    """node's `semver.satisfies`: False (never an exception) for invalid versions or ranges."""
    if isinstance(version, str) and _STRICT.match(version):
        key = sort_key(version)
    else:
        parsed = parse(version, loose)
        if parsed is None:
            return False
        key = sort_key(str(parsed.version))
    if key is None:
        return False
    try:
        sets = _comparator_sets(range_text, loose, include_prerelease)
    except (ValueError, TypeError, AttributeError):
        return False
    return any(_test_set(s, key, include_prerelease) for s in sets)


def max_satisfying(
    versions: Iterable[str], range_text: str, *, loose: bool = False, include_prerelease: bool = False
) -> str | None:
    best: str | None = None
    for v in versions:
        if satisfies(v, range_text, loose=loose, include_prerelease=include_prerelease) and (
            best is None or compare(v, best) > 0
        ):
            best = v
    return best


def min_satisfying(
    versions: Iterable[str], range_text: str, *, loose: bool = False, include_prerelease: bool = False
) -> str | None:
    best: str | None = None
    for v in versions:
        if satisfies(v, range_text, loose=loose, include_prerelease=include_prerelease) and (
            best is None or compare(v, best) < 0
        ):
            best = v
    return best


def sort_versions(versions: Iterable[str]) -> list[str]:
    """Valid versions in ascending SemVer precedence (invalid ones dropped)."""
    return sorted((v for v in versions if sort_key(v) is not None), key=lambda v: sort_key(v))  # type: ignore[arg-type,return-value]
