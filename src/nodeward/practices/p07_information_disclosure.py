"""Practice 7: checks (rules NW07nn)."""
