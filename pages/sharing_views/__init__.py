"""Views of the benefit and cost sharing page (functions only, no SPEC)."""
