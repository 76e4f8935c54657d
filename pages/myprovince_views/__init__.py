"""Parts of the "my province" page (pages/myprovince_page.py)."""
