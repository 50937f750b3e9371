"""Practice 13: checks (rules NW13nn)."""
