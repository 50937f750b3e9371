"""Derived facts, no Hits: the application model, taint flows, cookie-setting sites, environment guards."""
