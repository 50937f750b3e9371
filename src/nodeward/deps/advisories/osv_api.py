"""The OSV API as an advisory source: POST /v1/querybatch (paged), then GET /v1/vulns/{id} with a disk cache.

querybatch answers ids and `modified` only, one result per query in order, with a per-query `next_page_token` when
more remain (osv.dev docs/api/post-v1-querybatch.md); only the paged queries are sent again. Full records are
cached on disk by id and `modified`, so a second run fetches only what changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nodeward.deps.advisories import SourceAnswer, SourceUnavailable
from nodeward.deps.advisories.model import Advisory, InvalidRecord, advisory_from_osv

MAX_QUERIES_PER_BATCH = 1000  # osv.dev bindings/go/osvdev MaxQueriesPerQueryBatchRequest
MAX_PAGES = 50
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class OsvApiSource:
    name = "osv-api"

    def __init__(self, base_url: str, *, cache: Path | None = None, timeout: float = 20.0, client: Any = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.cache = cache
        self.timeout = timeout
        self._client = client

    def _http(self) -> Any:
        import httpx

        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False)
        return self._client

    def _post(self, path: str, body: Any) -> Any:
        import httpx

        url = self.base_url + path
        try:
            response = self._http().post(url, json=body)
        except httpx.HTTPError as exc:
            raise SourceUnavailable(f"POST {url}: {type(exc).__name__}: {exc}") from None
        return self._json(response, f"POST {url}")

    def _json(self, response: Any, what: str) -> Any:
        if response.status_code != 200:
            raise SourceUnavailable(f"{what}: HTTP {response.status_code}")
        if len(response.content) > MAX_RESPONSE_BYTES:
            raise SourceUnavailable(f"{what}: answer larger than {MAX_RESPONSE_BYTES} bytes")
        try:
            return json.loads(response.content)
        except (ValueError, RecursionError):
            raise SourceUnavailable(f"{what}: answer is not JSON") from None

    def query_ids(self, pairs: list[tuple[str, str]]) -> tuple[dict[str, str], int]:
        """{vuln id: modified} for every (name, version); also returns the number of querybatch requests."""
        found: dict[str, str] = {}
        requests = 0
        for start in range(0, len(pairs), MAX_QUERIES_PER_BATCH):
            chunk = pairs[start : start + MAX_QUERIES_PER_BATCH]
            pending: list[tuple[int, str | None]] = [(i, None) for i in range(len(chunk))]
            pages = 0
            while pending:
                pages += 1
                if pages > MAX_PAGES:
                    raise SourceUnavailable(f"POST {self.base_url}/v1/querybatch: more than {MAX_PAGES} pages")
                queries = []
                for index, token in pending:
                    name, version = chunk[index]
                    query: dict[str, Any] = {"package": {"name": name, "ecosystem": "npm"}, "version": version}
                    if token:
                        query["page_token"] = token
                    queries.append(query)
                answer = self._post("/v1/querybatch", {"queries": queries})
                requests += 1
                results = answer.get("results") if isinstance(answer, Mapping) else None
                if not isinstance(results, list) or len(results) != len(queries):
                    raise SourceUnavailable(f"POST {self.base_url}/v1/querybatch: malformed answer")
                next_pending: list[tuple[int, str | None]] = []
                for (index, _token), result in zip(pending, results, strict=True):
                    if not isinstance(result, Mapping):
                        raise SourceUnavailable(f"POST {self.base_url}/v1/querybatch: malformed result")
                    for vuln in result.get("vulns") or []:
                        if isinstance(vuln, Mapping) and isinstance(vuln.get("id"), str):
                            found[vuln["id"]] = str(vuln.get("modified") or "")
                    token = result.get("next_page_token")
                    if isinstance(token, str) and token:
                        next_pending.append((index, token))
                pending = next_pending
        return found, requests

    def _cache_file(self, ident: str, modified: str) -> Path | None:
        if self.cache is None:
            return None
        # Keyed by the source that answered too: a record a hostile --osv-api-url served never stands in for the
        # real OSV's in a later scan of another project (same id and `modified`, another server).
        source = hashlib.sha256(self.base_url.rstrip("/").encode()).hexdigest()[:16]
        digest = hashlib.sha256(f"{ident}\x1f{modified}".encode()).hexdigest()[:16]
        return self.cache / source / f"{ident}.{digest}.json"

    def get_vuln(self, ident: str, modified: str) -> tuple[dict[str, Any], bool]:
        """The full record (from the disk cache when its `modified` is unchanged); (record, fetched?)."""
        import httpx

        if not _SAFE_ID.match(ident):
            raise SourceUnavailable(f"OSV answered an unusable id {ident[:40]!r}")
        cached = self._cache_file(ident, modified)
        if cached is not None and cached.is_file():
            try:
                return json.loads(cached.read_text("utf-8")), False
            except (OSError, ValueError):
                pass
        url = f"{self.base_url}/v1/vulns/{ident}"
        try:
            response = self._http().get(url)
        except httpx.HTTPError as exc:
            raise SourceUnavailable(f"GET {url}: {type(exc).__name__}: {exc}") from None
        record = self._json(response, f"GET {url}")
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(".tmp")
                tmp.write_text(json.dumps(record), "utf-8")
                tmp.replace(cached)
            except OSError:
                pass  # a cache we cannot write only costs a refetch
        return record, True

    def fetch(self, wanted: Mapping[str, frozenset[str]]) -> SourceAnswer:
        owned = self._client is None
        try:
            return self._fetch(wanted)
        finally:
            if owned and self._client is not None:
                self._client.close()
                self._client = None

    def _fetch(self, wanted: Mapping[str, frozenset[str]]) -> SourceAnswer:
        pairs = sorted((name, version) for name, versions in wanted.items() for version in versions)
        ids, batches = self.query_ids(pairs)
        advisories: list[Advisory] = []
        fetched = 0
        for ident, modified in sorted(ids.items()):
            record, was_fetched = self.get_vuln(ident, modified)
            fetched += was_fetched
            try:
                advisories.append(advisory_from_osv(record))
            except InvalidRecord:
                continue
        sent = [
            f"POST {self.base_url}/v1/querybatch ({batches} request(s)): {len(pairs)} package name@version pairs "
            f"from {len(wanted)} package names (nothing else)"
        ]
        if fetched:
            sent.append(f"GET {self.base_url}/v1/vulns/<id>: {fetched} advisory ids ({len(ids) - fetched} from cache)")
        return SourceAnswer(
            source=self.name,
            location=self.base_url,
            advisories=tuple(advisories),
            sent=tuple(sent),
            record_count=len(advisories),
        )
