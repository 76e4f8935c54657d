"""The plan execution page's views (pages/plan_page.py is the entry)."""
