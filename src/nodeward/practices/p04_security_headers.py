"""Practice 4: checks (rules NW04nn)."""
