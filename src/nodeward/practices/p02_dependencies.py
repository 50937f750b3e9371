"""Practice 2: checks (rules NW02nn)."""
