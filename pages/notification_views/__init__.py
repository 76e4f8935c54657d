"""Views of the notifications page (functions only, no SPEC)."""
