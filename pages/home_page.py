"""Region at a glance: provinces, projects by status, open conflicts, targets tracked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import early_warning
from council.figures import home as home_figures
from council.figures.maps import value_choropleth
from council.i18n import code_label, fmt_number
from council.regions import region_overview
from council.ui.charts import show_chart
from council.ui.context import ctx
from council.ui.links import record_link
from council.ui.maps import cached_map
from council.ui.text import plain
from pages.home_views.today import secretariat_today

SPEC = dict(
    url_path="home",
    title_key="nav.home",
    icon=":material/dashboard:",
    default=True,
    order=0,
)


def render() -> None:
    c = ctx()
    view = c.cached(region_overview, c.region_id)
    region = view["region"]
    st.title(c.t("home.title", region=region["name_vi"] if c.lang == "vi" else region["name_en"]))
    st.markdown(" · ".join(f"**{plain(p['name_vi'])}**" for p in view["provinces"]))
    secretariat_today(c)  # the secretariat lands here: what needs acting on today first

    # The population's nine digits get the room they need; the counts are short.
    cols = st.columns([0.8, 1.6, 1, 1, 1, 1.2])
    cols[0].metric(c.t("home.provinces"), len(view["provinces"]))
    cols[1].metric(c.t("home.population"), fmt_number(view["population"], c.lang, 0))
    cols[2].metric(c.t("home.projects"), view["projects"])
    cols[3].metric(c.t("home.open_conflicts"), view["open_conflicts"])
    cols[4].metric(c.t("home.targets"), view["targets"])
    warnings = c.cached(early_warning.counts, region_id=c.region_id)
    cols[5].metric(c.t("home.warnings"), warnings["total"])
    if warnings["total"]:
        with cols[5]:
            record_link("warnings", c.t("home.warnings_open"))

    left, right = st.columns([3, 2])
    with left:
        st.subheader(c.t("home.province_table"))
        table = pd.DataFrame(
            [
                {
                    c.t("home.col.code"): p["code"],
                    c.t("home.col.name"): p["name_vi"],
                    c.t("home.col.kind"): c.t(f"kind.{p['kind']}"),
                    # Numbers written the reader's way (1.234.567 in Vietnamese), not the browser's.
                    c.t("home.col.population"): fmt_number(p["population"], c.lang, 0),
                    # The merger resolution's figure, labelled as such (never a weight).
                    c.t("population.resolution"): fmt_number(p.get("population_resolution"), c.lang, 0),
                    c.t("home.col.area"): fmt_number(p["area_km2"], c.lang, 1),
                    c.t("home.col.neighbours"): p["neighbours"],
                    c.t("home.col.projects"): p["projects"],
                    c.t("home.col.merged_from"): p["merged_from"].replace(";", ", "),
                }
                for p in view["provinces"]
            ]
        )
        st.dataframe(
            table,
            hide_index=True,
            key="home_provinces",
        )
        st.subheader(c.t("home.projects_by_status"))
        if view["projects_by_status"]:
            counts = [
                (code_label("pstatus", k, c.lang), v) for k, v in sorted(view["projects_by_status"].items())
            ]
            show_chart(home_figures.status_bars(counts), key="home_status_chart")
        else:
            st.info(c.t("home.no_projects"))
    with right:
        st.subheader(c.t("home.map"))
        # Projects per province on the province boundaries (drawn offline, labels inside the frame).
        values = {p["code"]: p["projects"] for p in view["provinces"]}
        names = {p["code"]: p["name_vi"] for p in view["provinces"]}
        # Built once per values shown and language, shared by every rerun (council.ui.charts).
        fig = cached_map(
            lambda: value_choropleth(
                values,
                names=names,
                t=c.t,
                title=c.t("maps.projects_per_province"),
                fmt=lambda v: fmt_number(v, c.lang, 0),
                colorscale="Blues",
                height=520,
            ),
            "home_map",
            c.lang,
            tuple(values.items()),
            tuple(names.items()),
        )
        show_chart(fig, key="home_map")
        st.caption(c.t("home.targets_note"))
