"""Entry point: `streamlit run app.py`. Page config, sign-in, navigation per role."""

import streamlit as st

from council.ui.shell import ALL_ROLES, PageSpec, run
from pages import audit_page, home_page, users_page

# url_path must differ from a pages/ file name: Streamlit still maps pages/<name>.py to
# /<name>, and a clash makes it run the bare file (which renders nothing) instead of the app.
PAGES = [
    PageSpec(home_page.render, "home", "nav.home", ":material/dashboard:", ALL_ROLES, default=True),
    PageSpec(users_page.render, "users", "nav.users", ":material/group:", ("secretariat",), section="nav.section.admin"),
    PageSpec(audit_page.render, "audit", "nav.audit", ":material/history:", ("secretariat",),
             section="nav.section.admin"),
]

st.set_page_config(page_title="Hội đồng điều phối vùng", page_icon=":material/hub:", layout="wide")
run(PAGES)
