"""Panels of the province link graph page (functions only, no SPEC)."""
