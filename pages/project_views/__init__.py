"""Views of the project register and the project detail page (the pages stay short).

Modules here define functions only: no Streamlit call at import time, no SPEC (so the
navigation does not list them)."""
