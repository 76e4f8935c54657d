"""Entry point: `streamlit run app.py`. Page config, sign-in, navigation per role.

Pages are discovered in pages/: every module there that defines ``SPEC`` (plain data,
see council.ui.shell.PageSpec) and a ``render()`` function becomes a navigation entry.
"""

import logging
from pathlib import Path

import streamlit as st

from council.ui.shell import discover_pages, run
from council.ui.warmup import freeze_after_first_run

# Unexpected errors are logged here with their traceback and error id (users see only the id).
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
# A local image as the favicon: a material icon would be fetched from the internet on every page.
FAVICON = Path(__file__).parent / "static" / "favicon.png"
st.set_page_config(page_title="Hội đồng điều phối vùng", page_icon=str(FAVICON), layout="wide")
run(discover_pages())
freeze_after_first_run()  # once per process: long-lived objects leave the garbage collector's walks
