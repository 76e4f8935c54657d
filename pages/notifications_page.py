"""Notifications: what changed on the records the user follows (from the audit log), what they
follow, and how they want to be told by e-mail."""

from __future__ import annotations

import streamlit as st

from council import notify
from council.ui.context import ctx
from pages.notification_views import email, following, inbox

SPEC = dict(
    url_path="notifications",
    title_key="notify.nav",
    icon=":material/notifications:",
    section="nav.section.council",
    order=4,
)


def render() -> None:
    c = ctx()
    # Changes saved outside the app (the command line, an import) are told here at the latest.
    if c.read(notify.pending):
        notify.deliver_pending(c.engine)
    st.title(c.t("notify.title"))
    st.caption(c.t("notify.intro"))
    tab_list, tab_following, tab_email = st.tabs(
        [c.t("notify.tab.list"), c.t("notify.tab.following"), c.t("notify.tab.email")]
    )
    with tab_list:
        inbox.render(c)
    with tab_following:
        following.render(c)
    with tab_email:
        email.render(c)
