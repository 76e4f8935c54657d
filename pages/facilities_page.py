"""Planned facilities (issue 19, items 4–5): the provinces' planned facilities and routes, the
duplicates, over-capacity and connection mismatches the detector finds (map and list), the Excel
import/export, the thresholds and the regional forecasts."""

from __future__ import annotations

import streamlit as st

from council import facilities
from council.ui.context import ctx
from council.ui.views import view_switch
from pages.facilities_views import candidates, exchange, register, thresholds

SPEC = dict(
    url_path="facilities",
    title_key="facilities.nav",
    icon=":material/factory:",
    section="nav.section.council",
    order=32,
)

VIEWS = ("candidates", "register", "io", "settings")


def render() -> None:
    c = ctx()
    st.title(c.t("facilities.title"))
    st.caption(c.t("facilities.intro"))
    data = c.read(facilities.page_data, c.lang)
    # One view at a time (tabs built and sent all four on every rerun: the map, the register's
    # table and forms, the import form and the settings).
    view = view_switch(
        c.t("facilities.view"), VIEWS, key="facilities_view", label=lambda v: c.t(f"facilities.tab.{v}")
    )
    if view == "register":
        register.render(c, data)
    elif view == "io":
        exchange.render(c, data)
    elif view == "settings":
        thresholds.render(c, data)
    else:
        candidates.render(c, data)
