"""Practice 8: checks (rules NW08nn)."""
