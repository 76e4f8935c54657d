"""Region to nation: each region's share of the national value and its contribution to national
change, for sum indicators, next to the provinces' contributions to the region."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import plan
from council.ui.text import plain
from pages.plan_views.common import n


def view(c) -> None:
    st.caption(c.t("plan.nation_help"))
    indicators = [i for i in c.cached(plan.sum_indicators) if len(i["years"]) >= 2]
    if not indicators:
        st.info(c.t("plan.nation_need_years"))
        return
    by_id = {i["id"]: i for i in indicators}
    name = "name_vi" if c.lang == "vi" else "name_en"
    chosen = st.selectbox(
        c.t("plan.nation_indicator"),
        list(by_id),
        format_func=lambda i: f"{by_id[i][name]} ({by_id[i]['unit']})",
        key="plan_nation_indicator",
    )
    years = by_id[chosen]["years"]
    a, b = st.columns(2)
    y0 = a.selectbox(c.t("plan.nation_from"), years[:-1], key=f"plan_nation_from_{chosen}")
    y1 = b.selectbox(c.t("plan.nation_to"), [y for y in years if y > y0], key=f"plan_nation_to_{chosen}")
    r = c.cached(plan.region_to_nation, chosen, y0, y1)
    if not r["provinces_counted"]:
        st.info(c.t("plan.nation_none"))
        return
    st.markdown(
        c.t(
            "plan.nation_summary",
            counted=r["provinces_counted"],
            total=r["provinces_total"],
            before=n(c, r["nation_before"], 0),
            after=n(c, r["nation_after"], 0),
            unit=plain(r["unit"]),
            growth=n(c, r["nation_growth"], 2),
        )
    )
    region_name = "region_vi" if c.lang == "vi" else "region_en"
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.region"): x[region_name]
                    + ("" if x["complete"] else f" ({c.t('plan.nation_incomplete')})"),
                    c.t("plan.col.counted"): f"{x['provinces_counted']}/{x['provinces_total']}",
                    c.t("plan.col.before"): n(c, x["before"], 0),
                    c.t("plan.col.after"): n(c, x["after"], 0),
                    c.t("plan.col.share"): n(c, None if x["share"] is None else 100 * x["share"], 2),
                    c.t("plan.col.growth"): n(c, x["growth"], 2),
                    c.t("plan.col.pct_points"): n(c, x["pct_points"], 2),
                }
                for x in r["regions"]
            ]
        ),
        hide_index=True,
        key="plan_nation_table",
    )
    mine = next((x for x in r["regions"] if x["region_id"] == c.region_id), None)
    if mine and mine["provinces"]:
        st.markdown(f"**{c.t('plan.nation_provinces')}** — {plain(mine[region_name])}")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.province"): p["province"],
                        c.t("plan.col.contribution"): n(c, p["contribution"], 0),
                        c.t("plan.col.pct_points_region"): n(c, p["pct_points_region"], 2),
                    }
                    for p in mine["provinces"]
                ]
            ),
            hide_index=True,
            key="plan_nation_provinces",
        )
