"""Practice 12: checks (rules NW12nn)."""
