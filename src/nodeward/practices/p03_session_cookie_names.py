"""Practice 3: checks (rules NW03nn)."""
