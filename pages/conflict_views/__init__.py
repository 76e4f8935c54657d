"""The views of the conflicts page (pages/conflicts_page.py): lists, detail, record forms, thread."""
