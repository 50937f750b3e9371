"""What nodeward knows about the npm ecosystem, as declarative rows: read by static rules, live rules and analyses.

Modules here import nothing of nodeward, so every layer may read them. Each row cites the library version its
behaviour was read from (install the package into a scratch folder and read its source before changing a row).

Tables: `sessions.py` (session libraries, default cookie names); taint knowledge in `sinks.py`, `sources.py` and
`barriers.py` (row types in `rows.py`, access paths in `access_path.py`), indexed by package in `taint.py`;
`secrets.py` (token formats, credential options, placeholders) and `crypto.py` (cipher calls and what makes them
weak).
"""
