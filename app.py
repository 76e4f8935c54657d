"""Entry point: `streamlit run app.py`. Page config, sign-in, navigation per role.

Pages are discovered in pages/: every module there that defines ``SPEC`` (plain data,
see council.ui.shell.PageSpec) and a ``render()`` function becomes a navigation entry.
"""

import streamlit as st

from council.ui.shell import discover_pages, run
from council.ui.warmup import freeze_after_first_run

st.set_page_config(page_title="Hội đồng điều phối vùng", page_icon=":material/hub:", layout="wide")
run(discover_pages())
freeze_after_first_run()  # once per process: long-lived objects leave the garbage collector's walks
