"""Practice 9: checks (rules NW09nn)."""
