"""A loopback HTTP server (127.0.0.1, ephemeral port) standing in for OSV, the OSV bucket, and an npm registry.

It serves the real OSV records of tests/fixtures/deps/osv-npm: `POST /v1/querybatch` (ids + modified only, paged
per query like osv.dev), `GET /v1/vulns/{id}`, `GET /npm/all.zip`; npm's bulk advisory endpoint from a recorded-shape
answer; and packuments from tests/fixtures/deps/packuments. Every request is recorded for assertions.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from nodeward.deps import semver

from http_loopback import serving

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "deps"


def _affected(record: dict[str, Any], name: str, version: str) -> bool:
    """osv.dev's own answer for (name, version): the same OSV rules, written independently of nodeward's matcher."""
    if record.get("withdrawn"):
        return False
    for entry in record.get("affected", []):
        pkg = entry.get("package", {})
        if pkg.get("ecosystem") != "npm" or pkg.get("name") != name:
            continue
        if version in entry.get("versions", []):
            return True
        for rng in entry.get("ranges", []):
            lo = None
            for event in rng.get("events", []):
                ((kind, value),) = event.items()
                value = "0.0.0-0" if value == "0" else (semver.coerce(value) or value)
                if kind == "introduced":
                    lo = value
                elif lo is not None and kind in ("fixed", "last_affected"):
                    op = "<" if kind == "fixed" else "<="
                    if semver.satisfies(version, f">={lo} {op}{value}", include_prerelease=True):
                        return True
                    lo = None
            if lo is not None and semver.satisfies(version, f">={lo}", include_prerelease=True):
                return True
    return False


@dataclass
class Loopback:
    base_url: str
    requests: list[tuple[str, str, Any]] = field(default_factory=list)  # (method, path, parsed body)
    page_size: int = 2
    zip_bytes: bytes = b""
    fail_vulns: bool = False

    def paths(self, method: str | None = None) -> list[str]:
        return [p for m, p, _b in self.requests if method is None or m == method]


def load_records() -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((FIXTURES / "osv-npm").glob("GHSA-*.json"))}


def build_zip(records: dict[str, dict[str, Any]], extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for ident, record in records.items():
            zf.writestr(f"{ident}.json", json.dumps(record))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


@contextmanager
def loopback_server() -> Iterator[Loopback]:
    records = load_records()
    state = Loopback(base_url="")
    state.zip_bytes = build_zip(records)
    bulk = json.loads((FIXTURES / "npm-bulk" / "advisory-bulk.json").read_text())
    packuments = {
        json.loads(p.read_text())["name"]: p.read_bytes() for p in sorted((FIXTURES / "packuments").glob("*.json"))
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, doc: Any) -> None:
            self._send(status, json.dumps(doc).encode())

        def do_GET(self) -> None:
            path = unquote(self.path)
            state.requests.append(("GET", path, None))
            if path == "/npm/all.zip":
                self._send(200, state.zip_bytes, "application/zip")
            elif path.startswith("/v1/vulns/"):
                ident = path.removeprefix("/v1/vulns/")
                if state.fail_vulns:
                    self._json(500, {"error": "boom"})
                elif ident in records:
                    self._json(200, records[ident])
                else:
                    self._json(404, {"code": 5, "message": "Bug not found."})
            elif path.lstrip("/") in packuments:
                self._send(200, packuments[path.lstrip("/")])
            else:
                self._json(404, {"error": "not found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            state.requests.append(("POST", self.path, body))
            if self.path == "/v1/querybatch":
                results = []
                for query in body["queries"]:
                    name, version = query["package"]["name"], query["version"]
                    hits = [
                        {"id": i, "modified": r["modified"]}
                        for i, r in sorted(records.items())
                        if _affected(r, name, version)
                    ]
                    start = int(query.get("page_token") or 0)
                    page = hits[start : start + state.page_size]
                    result: dict[str, Any] = {"vulns": page} if page else {}
                    if start + state.page_size < len(hits):
                        result["next_page_token"] = str(start + state.page_size)
                    results.append(result)
                self._json(200, {"results": results})
            elif self.path == "/-/npm/v1/security/advisories/bulk":
                self._json(200, {name: bulk[name] for name in body if name in bulk})
            else:
                self._json(405, {"error": "method not allowed"})

    with serving(Handler) as port:
        state.base_url = f"http://127.0.0.1:{port}"
        yield state
