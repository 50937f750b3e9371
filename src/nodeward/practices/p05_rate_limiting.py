"""Practice 5: checks (rules NW05nn)."""
