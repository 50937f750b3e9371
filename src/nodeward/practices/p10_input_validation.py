"""Practice 10: checks (rules NW10nn)."""
