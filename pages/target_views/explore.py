"""Contributions of the provinces to a target's change, and the map of one indicator."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import targets
from council.figures.maps import value_choropleth
from council.figures.targets import contribution_bars
from council.i18n import fmt_number
from council.ui.charts import show_chart
from council.ui.maps import cached_map
from pages.target_views.common import download


def contribution(c, d: dict) -> None:
    st.caption(c.t("targets.contribution_help"))
    years = d["years"]
    if len(years) < 2:
        st.info(c.t("targets.contribution_needs_two_years", n=len(years)))
        return
    a, b = st.columns(2)
    y0 = a.selectbox(c.t("targets.year_from"), years[:-1], key="targets_contrib_from")
    y1 = b.selectbox(c.t("targets.year_to"), [y for y in years if y > y0], key="targets_contrib_to")
    res = c.read(targets.contribution_table, d["id"], y0, y1)
    if not res["rows"]:
        st.info(c.t("targets.contribution_no_common"))
        return
    n = lambda v: fmt_number(v, c.lang, 2)  # noqa: E731
    st.markdown(
        c.t(
            "targets.contribution_summary",
            y0=y0,
            y1=y1,
            before=n(res["region_before"]),
            after=n(res["region_after"]),
            change=n(res["change"]),
            k=len(res["rows"]),
            covered=res["covered"],
        )
    )
    if res["excluded"] or res["missing"]:
        st.caption(c.t("targets.contribution_excluded", names=", ".join(res["excluded"] + res["missing"])))
    fig = contribution_bars(
        res["rows"],
        up=c.t("targets.pushed_up"),
        down=c.t("targets.pulled_down"),
        value_label=c.t("targets.col.contribution"),
    )
    show_chart(fig, key="targets_contrib_chart")
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): r["province"],
                str(y0): r["before"],
                str(y1): r["after"],
                c.t("targets.col.contribution"): r["contribution"],
                c.t("targets.col.pct_points"): r["pct_points"],
                c.t("targets.col.share"): None if r["share"] is None else 100 * r["share"],
            }
            for r in res["rows"]
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_contrib_table")
    download(table, "contribution", "targets_contrib_download", c.t("targets.export"))


def value_map(c, listed: list[dict]) -> None:
    indicators = {i["id"]: i for i in c.read(targets.list_indicators)}
    # The region's targets' indicators, and every indicator with an approved figure.
    ids = sorted({t["indicator_id"] for t in listed} | c.read(targets.observed_indicator_ids))
    ind = st.selectbox(
        c.t("targets.map_indicator"),
        ids,
        key="targets_map_indicator",
        format_func=lambda i: indicators[i]["name_vi" if c.lang == "vi" else "name_en"],
    )
    years = c.read(targets.observed_years, ind)
    if not years:
        st.info(c.t("targets.no_figures_yet"))
        return
    year = st.selectbox(c.t("targets.col.year"), years[::-1], key="targets_map_year")
    points = c.read(targets.map_values, c.region_id, ind, year)
    # The values on the province boundaries (council.figures.maps); no figure: grey.
    values = {r["code"]: r["value"] for r in points}
    names = {r["code"]: r["province"] for r in points}
    unit = indicators[ind]["unit"]
    fig = cached_map(  # once per values shown and language (council.ui.maps)
        lambda: value_choropleth(
            values, names=names, t=c.t, title=unit, fmt=lambda v: fmt_number(v, c.lang, 2), height=520
        ),
        "targets_map",
        c.lang,
        unit,
        tuple(values.items()),
        tuple(names.items()),
    )
    show_chart(fig, key="targets_map_chart")
    have = sum(1 for r in points if r["value"] is not None)
    st.caption(c.t("targets.map_count", have=have, total=len(points), unit=indicators[ind]["unit"]))
    # The same values as a table: readable even where the map's base layer cannot load.
    unit = indicators[ind]["unit"] or c.t("figures.col.value")
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): r["province"],
                c.t("targets.col.year"): str(year),
                unit: fmt_number(r["value"], c.lang, 2),
            }
            for r in points
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_map_table")
    download(
        pd.DataFrame(points).drop(columns=["province_id"]),
        "map",
        "targets_map_download",
        c.t("targets.export"),
    )
