"""Investment incentives: each province's packages by sector, the region's floor, the monitor
(foregone revenue, deviation, the sector × province matrix, the timeline) and its warnings."""

from __future__ import annotations

import streamlit as st

from council import incentive_monitor, incentives
from council.ui.context import ctx

SPEC = dict(
    url_path="incentives",
    title_key="incentives.nav",
    icon=":material/percent:",
    section="nav.section.council",
    order=27,
)


def render() -> None:
    from pages.incentives_views import monitor, register, standards

    c = ctx()
    st.title(c.t("incentives.title"))
    st.caption(c.t("incentives.intro"))
    sectors = c.read(incentives.list_sectors)
    data = c.read(incentive_monitor.monitor, c.region_id)
    tabs = st.tabs(
        [
            c.t("incentives.tab.monitor"),
            c.t("incentives.tab.register"),
            c.t("incentives.tab.standards"),
            c.t("incentives.tab.settings"),
        ]
    )
    with tabs[0]:
        monitor.render(c, data)
    with tabs[1]:
        register.render(c, sectors, data["rows"])
    with tabs[2]:
        standards.render(c, sectors)
    with tabs[3]:
        standards.render_settings(c, sectors, data["settings"])
