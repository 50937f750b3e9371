"""Practice 14: checks (rules NW14nn)."""
