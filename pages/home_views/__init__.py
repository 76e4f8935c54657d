"""The region overview's views (pages/home_page.py)."""
