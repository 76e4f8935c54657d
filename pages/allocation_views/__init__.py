"""Views of the allocation page (pages/allocation_page.py)."""
