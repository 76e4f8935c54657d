"""The views of the figures page (pages/figures_page.py): entry (grid, one figure, submit,
import) and the secretariat's queue (approve, return, reopen)."""
