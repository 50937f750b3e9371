"""Practice 1: checks (rules NW01nn)."""
