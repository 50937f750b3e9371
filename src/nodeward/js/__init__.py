"""JavaScript and TypeScript through tree-sitter: trees, values, per-file extraction, project index, fact cache."""
