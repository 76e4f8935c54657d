"""Planned facilities (issue 19, items 4–5): the provinces' planned facilities and routes, the
duplicates, over-capacity and connection mismatches the detector finds (map and list), the Excel
import/export, the thresholds and the regional forecasts."""

from __future__ import annotations

import streamlit as st

from council import facilities
from council.ui.context import ctx
from pages.facilities_views import candidates, exchange, register, thresholds

SPEC = dict(
    url_path="facilities",
    title_key="facilities.nav",
    icon=":material/factory:",
    section="nav.section.council",
    order=32,
)


def render() -> None:
    c = ctx()
    st.title(c.t("facilities.title"))
    st.caption(c.t("facilities.intro"))
    data = c.read(facilities.page_data, c.lang)
    tabs = st.tabs(
        [
            c.t("facilities.tab.candidates"),
            c.t("facilities.tab.register"),
            c.t("facilities.tab.io"),
            c.t("facilities.tab.settings"),
        ]
    )
    with tabs[0]:
        candidates.render(c, data)
    with tabs[1]:
        register.render(c, data)
    with tabs[2]:
        exchange.render(c, data)
    with tabs[3]:
        thresholds.render(c, data)
