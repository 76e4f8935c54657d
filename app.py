"""Entry point: `streamlit run app.py`. Page config, sign-in, navigation per role.

Pages are discovered in pages/: every module there that defines ``SPEC`` (plain data,
see council.ui.shell.PageSpec) and a ``render()`` function becomes a navigation entry.
"""

import logging

import streamlit as st

from council.ui.shell import discover_pages, run
from council.ui.warmup import freeze_after_first_run

# Unexpected errors are logged here with their traceback and error id (users see only the id).
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="Hội đồng điều phối vùng", page_icon=":material/hub:", layout="wide")
run(discover_pages())
freeze_after_first_run()  # once per process: long-lived objects leave the garbage collector's walks
