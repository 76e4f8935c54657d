"""Views of the planned-facilities page."""
