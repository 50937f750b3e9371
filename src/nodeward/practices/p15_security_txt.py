"""Practice 15: checks (rules NW15nn)."""
