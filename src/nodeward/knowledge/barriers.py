"""Barrier rows: calls whose result is safe for the sink kinds they name (and only those).

A barrier says exactly what it guarantees: `escape-html` makes text safe inside HTML, not inside a SQL string;
`path.basename` removes directories (no traversal), not shell metacharacters.
"""

from __future__ import annotations

from nodeward.knowledge.rows import BarrierRow

_XSS = frozenset({"xss"})
_REDOS = frozenset({"redos"})
_SQL = frozenset({"sql"})
_CMD = frozenset({"command"})

BARRIERS: tuple[BarrierRow, ...] = (
    BarrierRow("escape-html", "ReturnValue", _XSS, "escape-html@1.0.3"),
    BarrierRow("he", "Member[encode,escape].ReturnValue", _XSS, "he@1.2.0"),
    BarrierRow("lodash", "Member[escape].ReturnValue", _XSS, "lodash@4.18.1"),
    BarrierRow("underscore", "Member[escape].ReturnValue", _XSS, "underscore@1.13.8"),
    BarrierRow("validator", "Member[escape].ReturnValue", _XSS, "validator@13.15.35"),
    BarrierRow("xss", "ReturnValue", _XSS, "xss@1.0.17"),
    BarrierRow("sanitize-html", "ReturnValue", _XSS, "sanitize-html@2.17.5"),
    BarrierRow("dompurify", "Member[sanitize].ReturnValue", _XSS, "dompurify@3.5.0"),
    BarrierRow("isomorphic-dompurify", "Member[sanitize].ReturnValue", _XSS, "isomorphic-dompurify@3.19.0"),
    BarrierRow("@hapi/hoek", "Member[escapeHtml].ReturnValue", _XSS, "@hapi/hoek@11.0.7"),
    BarrierRow("@hapi/hoek", "Member[escapeRegex].ReturnValue", _REDOS, "@hapi/hoek@11.0.7"),
    BarrierRow("escape-string-regexp", "ReturnValue", _REDOS, "escape-string-regexp@4.0.0"),
    BarrierRow("lodash", "Member[escapeRegExp].ReturnValue", _REDOS, "lodash@4.18.1"),
    BarrierRow("lodash.escaperegexp", "ReturnValue", _REDOS, "lodash.escaperegexp@4.1.2"),
    BarrierRow(
        "mongo-sanitize",
        "ReturnValue",
        frozenset({"nosql", "prototype", "mass"}),
        "mongo-sanitize@1.1.0",
        note="deletes keys starting with `$` from the object (in place) and returns it",
    ),
    BarrierRow(
        "express-mongo-sanitize",
        "Member[sanitize].ReturnValue",
        frozenset({"nosql", "prototype"}),
        "express-mongo-sanitize@2.2.0",
    ),
    BarrierRow("path", "Member[basename].ReturnValue", frozenset({"path"}), "node@20.20"),
    BarrierRow("sqlstring", "Member[escape,escapeId].ReturnValue", _SQL, "sqlstring@2.3.3"),
    BarrierRow("mysql", "Member[escape,escapeId].ReturnValue", _SQL, "mysql@2.18.1"),
    BarrierRow("mysql2", "Member[escape].ReturnValue", _SQL, "mysql2@3.26.1"),
    BarrierRow("pg-format", "ReturnValue", _SQL, "pg-format@1.0.4"),
    BarrierRow("pg", "Member[escapeLiteral].ReturnValue", _SQL, "pg@8.23.1"),
    BarrierRow("shell-quote", "Member[quote].ReturnValue", _CMD, "shell-quote@1.12.0"),
    BarrierRow("shell-escape", "ReturnValue", _CMD, "shell-escape@0.2.0"),
    # JSON text has no raw line breaks or control characters: what JSON.stringify returns cannot forge a log line.
    BarrierRow("global", "Member[JSON].Member[stringify].ReturnValue", frozenset({"log"}), "node@20.20"),
    BarrierRow(
        "validator",
        "Member[blacklist].ReturnValue",
        frozenset(),
        "validator@13.15.35",
        note="not a barrier: removes the characters it is given and nothing else (the result is a string)",
    ),
    BarrierRow(
        "validator",
        "Member[whitelist].ReturnValue",
        frozenset(
            {"sql", "nosql", "command", "code", "path", "ssrf", "redirect", "xss", "prototype", "redos", "mass"}
            | {"log", "header", "xxe", "deserialization", "validation"}
        ),
        "validator@13.15.35",
        note="keeps only the characters of the allow-list it is given",
    ),
)
