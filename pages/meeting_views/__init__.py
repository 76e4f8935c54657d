"""The views of the meetings page (pages/meetings_page.py): agenda, decisions, briefing pack."""
