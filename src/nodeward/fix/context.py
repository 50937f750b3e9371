"""What a fix function reads: the project's files as on disk, their tree-sitter trees, and the user's options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter as ts

from nodeward.findings import Finding, Location
from nodeward.js.extract import lang_for, parse_bytes
from nodeward.settings import Settings


@dataclass
class FixContext:
    root: Path
    contact: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    settings: Settings | None = None
    unsafe: bool = False  # the user asked for unsafe fixes too
    findings: list[Finding] = field(default_factory=list)  # every finding being fixed: fixes that overlap look
    _bytes: dict[str, bytes | None] = field(default_factory=dict)
    _trees: dict[str, ts.Tree] = field(default_factory=dict)

    def source(self, path: str) -> bytes | None:
        """The file's bytes, None when it does not exist or cannot be read (a fix then offers nothing)."""
        if path not in self._bytes:
            target = self.root / path
            try:
                if target.is_symlink() or not target.is_file():
                    self._bytes[path] = None
                else:
                    self._bytes[path] = target.read_bytes()
            except OSError:
                self._bytes[path] = None
        return self._bytes[path]

    def text(self, path: str) -> str | None:
        data = self.source(path)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def exists(self, path: str) -> bool:
        return (self.root / path).exists()

    def tree(self, path: str) -> ts.Tree | None:
        if path not in self._trees:
            data = self.source(path)
            if data is None:
                return None
            self._trees[path] = parse_bytes(data, lang_for(path))
        return self._trees[path]

    def node_at(self, location: Location) -> ts.Node | None:
        """The smallest node spanning a finding's location (tree-sitter points: 0-based rows, byte columns)."""
        tree = self.tree(location.path)
        if tree is None or location.line < 1:
            return None
        start = (location.line - 1, max(location.column - 1, 0))
        end_line = location.end_line or location.line
        end_col = location.end_column if location.end_column is not None else location.column
        end = (end_line - 1, max(end_col - 1, 0))
        node = tree.root_node.descendant_for_point_range(start, end)
        return node

    def node_of(self, finding: Finding, *types: str) -> ts.Node | None:
        """The node of one of these types at the finding's location, or its nearest such ancestor."""
        node = self.node_at(finding.location)
        while node is not None and node.type not in types:
            node = node.parent
        return node
