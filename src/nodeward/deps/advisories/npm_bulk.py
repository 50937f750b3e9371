"""npm's bulk advisory endpoint as an opt-in source, for private registries that offer it.

npm audit POSTs `{name: [versions]}` to `/-/npm/v1/security/advisories/bulk` and reads
`{name: [{id, url, title, severity, vulnerable_versions, cwe, cvss}]}` (spec §2). The answer's ranges are npm range
strings, matched as npm does (`loose`, `includePrerelease`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nodeward.deps.advisories import SourceAnswer, SourceUnavailable
from nodeward.deps.advisories.model import Advisory, InvalidRecord, advisory_from_npm_bulk

BULK_PATH = "/-/npm/v1/security/advisories/bulk"
MAX_RESPONSE_BYTES = 32 * 1024 * 1024


class NpmBulkSource:
    name = "npm-bulk"

    def __init__(self, registry: str, *, timeout: float = 20.0, client: Any = None) -> None:
        self.registry = registry.rstrip("/")
        self.timeout = timeout
        self._client = client

    def fetch(self, wanted: Mapping[str, frozenset[str]]) -> SourceAnswer:
        import httpx

        url = self.registry + BULK_PATH
        body = {name: sorted(versions) for name, versions in sorted(wanted.items())}
        client = self._client or httpx.Client(timeout=self.timeout, follow_redirects=False)
        try:
            response = client.post(url, json=body)
        except httpx.HTTPError as exc:
            raise SourceUnavailable(f"POST {url}: {type(exc).__name__}: {exc}") from None
        finally:
            if self._client is None:
                client.close()
        if response.status_code != 200:
            raise SourceUnavailable(f"POST {url}: HTTP {response.status_code} (the registry may not offer it)")
        if len(response.content) > MAX_RESPONSE_BYTES:
            raise SourceUnavailable(f"POST {url}: answer larger than {MAX_RESPONSE_BYTES} bytes")
        try:
            doc = json.loads(response.content)
        except (ValueError, RecursionError):
            raise SourceUnavailable(f"POST {url}: answer is not JSON") from None
        if not isinstance(doc, Mapping):
            raise SourceUnavailable(f"POST {url}: answer is not an object")
        advisories: list[Advisory] = []
        for name, entries in doc.items():
            if name not in wanted or not isinstance(entries, list):
                continue  # only advisories for what we asked about
            for entry in entries:
                try:
                    advisories.append(advisory_from_npm_bulk(name, entry))
                except InvalidRecord:
                    continue
        pairs = sum(len(v) for v in body.values())
        return SourceAnswer(
            source=self.name,
            location=url,
            advisories=tuple(advisories),
            sent=(f"POST {url}: {pairs} package name@version pairs from {len(body)} package names (nothing else)",),
            record_count=len(advisories),
        )
