"""What nodeward knows about the npm ecosystem, as declarative rows: read by static rules, live rules and analyses.

Modules here import nothing of nodeward, so every layer may read them. Each row cites the library version its
behaviour was read from (install the package into a scratch folder and read its source before changing a row).
"""
