"""Parts of the cooperation agreements page (pages/agreements_page.py)."""
