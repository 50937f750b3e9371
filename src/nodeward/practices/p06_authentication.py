"""Practice 6: checks (rules NW06nn)."""
