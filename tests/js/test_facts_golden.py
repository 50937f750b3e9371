"""The facts extracted from the committed JS/TS files (fixtures, test apps, examples) match recorded digests, so a
speed-up of the extractor that changes any fact fails here. Files added or edited since the recording are not
compared (their content digest differs). After an intended change of the facts, re-record with
`NODEWARD_RECORD_FACTS=1 pytest tests/js/test_facts_golden.py`."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os

from nodeward.js.extract import JS_EXTENSIONS, JsModule, extract_all

from conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "js_facts.json"
CORPUS = ("tests/fixtures", "tests/apps", "examples")


def _corpus() -> list[tuple[str, int]]:
    files = []
    for top in CORPUS:
        for p in (REPO / top).rglob("*"):
            rel = p.relative_to(REPO)
            if p.suffix in JS_EXTENSIONS and p.is_file() and "node_modules" not in rel.parts:
                files.append((rel.as_posix(), p.stat().st_size))
    return sorted(files)


def _digests() -> dict[str, list[str]]:
    """path → [digest of the file's bytes, digest of its facts]."""
    out = {}
    for m in extract_all(REPO, _corpus(), workers=1):
        assert isinstance(m, JsModule), m
        # Every field (the reprs of the facts dataclasses are complete), minus where the checkout lives.
        text = repr(dataclasses.replace(m, abspath=""))
        content = hashlib.sha256((REPO / m.path).read_bytes()).hexdigest()
        out[m.path] = [content, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()]
    return out


def test_facts_match_the_recorded_digests() -> None:
    digests = _digests()
    if os.environ.get("NODEWARD_RECORD_FACTS") == "1":
        GOLDEN.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(GOLDEN.read_text())
    same_bytes = [p for p, (content, _) in recorded.items() if p in digests and digests[p][0] == content]
    assert len(same_bytes) > 100  # the corpus is still there
    changed = [p for p in same_bytes if digests[p][1] != recorded[p][1]]
    assert changed == [], "facts changed for unchanged files (re-record only if the change is intended)"
