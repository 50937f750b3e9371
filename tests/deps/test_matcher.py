"""OSV matching semantics on the real records and on small records written for one rule each."""

from __future__ import annotations

import json
from pathlib import Path

from nodeward.deps.advisories.model import advisory_from_osv, cvss_base_score, record_severity
from nodeward.deps.matcher import match_packages, smallest_fix
from nodeward.deps.packages import Package
from nodeward.findings import Severity

from .conftest import OSV_RECORDS


def real(ident: str):
    return advisory_from_osv(json.loads((OSV_RECORDS / f"{ident}.json").read_text()))


def record(ident: str, events: list[dict], *, name: str = "pkg", aliases=(), versions=(), **extra) -> dict:
    entry = {"package": {"ecosystem": "npm", "name": name}, "ranges": [{"type": "SEMVER", "events": events}]}
    if versions:
        entry["versions"] = list(versions)
    return {"id": ident, "aliases": list(aliases), "affected": [entry], **extra}


def ids(pkgs, advisories) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(m.name, m.version, m.ids) for m in match_packages(pkgs, advisories).matches}


def test_last_affected_includes_the_bound_and_nothing_after() -> None:
    adv = [real("GHSA-crh6-fp67-6883")]
    assert ids([Package("xmldom", "0.6.0")], adv) == {("xmldom", "0.6.0", ("GHSA-crh6-fp67-6883",))}
    assert ids([Package("xmldom", "0.6.1")], adv) == set()
    [m] = match_packages([Package("xmldom", "0.5.0")], adv).matches
    assert m.fixed is None and m.vulnerable == "<=0.6.0"


def test_prerelease_bounds() -> None:
    adv = [real("GHSA-crh6-fp67-6883")]
    assert ids([Package("@xmldom/xmldom", "0.9.0-beta.3")], adv)
    assert not ids([Package("@xmldom/xmldom", "0.9.0-beta.4")], adv)
    assert not ids([Package("@xmldom/xmldom", "0.9.0")], adv)
    assert ids([Package("express", "5.0.0-beta.1")], [real("GHSA-rv95-896h-c2vc")])
    assert not ids([Package("express", "5.0.0-beta.3")], [real("GHSA-rv95-896h-c2vc")])


def test_partial_event_version_is_coerced_and_fix_clears_every_entry() -> None:
    [m] = match_packages([Package("node-fetch", "2.0.0")], [real("GHSA-r683-j2x4-v87g")]).matches
    assert m.vulnerable == ">=1.0.0 <3.1.1 ; <2.6.7"
    # 2.6.7 is still inside the `introduced 1.0, fixed 3.1.1` entry of the same record: the fix is 3.1.1.
    assert m.fixed == "3.1.1"
    assert not ids([Package("node-fetch", "3.1.1")], [real("GHSA-r683-j2x4-v87g")])


def test_withdrawn_record_is_skipped_with_a_note() -> None:
    result = match_packages([Package("jsonwebtoken", "8.5.1")], [real("GHSA-27h2-hvpr-p74q")])
    assert result.matches == ()
    assert result.notes == ("GHSA-27h2-hvpr-p74q was withdrawn on 2023-01-27: ignored",)


def test_case_only_name_difference_is_not_matched_but_noted() -> None:
    result = match_packages([Package("axios", "1.5.0")], [real("GHSA-8hc4-vh64-cxmj")])
    assert result.matches == () and "differs from installed 'axios' only by case" in result.notes[0]


def test_aliases_merge_into_one_vulnerability() -> None:
    a = advisory_from_osv(record("GHSA-aaaa-aaaa-aaaa", [{"introduced": "0"}, {"fixed": "2.0.0"}], aliases=["CVE-1"]))
    b = advisory_from_osv(record("OSV-2020-1", [{"introduced": "1.0.0"}, {"fixed": "2.1.0"}], aliases=["CVE-1"]))
    [m] = match_packages([Package("pkg", "1.5.0")], [a, b]).matches
    assert m.ids == ("GHSA-aaaa-aaaa-aaaa", "OSV-2020-1") and m.aliases == ("CVE-1",)
    assert m.fixed == "2.1.0"  # the version that clears both


def test_versions_list_and_limit() -> None:
    listed = advisory_from_osv(record("X-1", [], versions=["1.2.3"]))
    assert ids([Package("pkg", "1.2.3")], [listed]) and not ids([Package("pkg", "1.2.4")], [listed])
    limited = advisory_from_osv(record("X-2", [{"introduced": "1.0.0"}, {"limit": "1.5.0"}]))
    assert ids([Package("pkg", "1.4.0")], [limited]) and not ids([Package("pkg", "1.6.0")], [limited])


def test_non_auditable_and_unparsable_versions_are_not_matched() -> None:
    adv = [real("GHSA-3fx5-fwvr-xrjg")]
    assert not ids([Package("ms", "0.7.0", source="tarball")], adv)
    assert not ids([Package("ms", "", source="link")], adv)
    result = match_packages([Package("ms", "not-a-version")], adv)
    assert result.matches == () and "not a semver version" in result.notes[0]


def test_duplicate_copies_are_one_match_with_every_copy() -> None:
    a = Package("minimist", "0.0.8", paths=(("mkdirp", "minimist"),))
    b = Package("minimist", "0.0.8", paths=(("optimist", "minimist"),), workspace="packages/ws-a")
    [m1, m2] = match_packages([a, b], [real("GHSA-vh95-rmgr-6w4m"), real("GHSA-xvch-5gv4-984h")]).matches
    assert m1.packages == (a, b) and m2.packages == (a, b)


def test_severity_from_ghsa_else_cvss() -> None:
    assert record_severity({"database_specific": {"severity": "MODERATE"}})[0] is Severity.MEDIUM
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    assert cvss_base_score(vector) == 9.8
    assert cvss_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == 6.1
    assert cvss_base_score("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == 8.8
    assert record_severity({"severity": [{"type": "CVSS_V3", "score": vector}]})[:2] == (Severity.CRITICAL, "cvss")
    assert record_severity({"severity": []}) == (None, "", None)


def test_every_real_record_reads_and_severity_is_known() -> None:
    for path in sorted(Path(OSV_RECORDS).glob("GHSA-*.json")):
        adv = advisory_from_osv(json.loads(path.read_text()))
        assert adv.severity is not None, adv.id
        assert all(a.name for a in adv.affected)


def test_smallest_fix_is_none_without_fixed_events() -> None:
    assert smallest_fix("0.5.0", real("GHSA-crh6-fp67-6883").affected[:1]) is None
