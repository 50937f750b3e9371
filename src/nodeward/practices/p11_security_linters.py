"""Practice 11: checks (rules NW11nn)."""
