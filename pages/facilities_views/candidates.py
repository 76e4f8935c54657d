"""The detector's candidates: the map with the flagged pairs drawn, and the list with each reason
and distance."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from council.figures.facilities import facilities_map
from council.numbers import format_number
from council.ui.charts import cached_figure, show_chart
from council.ui.context import PageContext
from council.ui.links import record_link


def render(c: PageContext, data: dict) -> None:
    found = data["candidates"]
    st.subheader(c.t("facilities.map.title"))
    pairs = [{"points": x["points"], "label": x["message"]} for x in found if x["points"]]
    # Built once per facilities, pairs, names and language shown (council.ui.charts), not per rerun.
    shown = json.dumps([data["facilities"], pairs, data["map_names"]], sort_keys=True, default=str)
    fig = cached_figure(
        lambda: facilities_map(data["facilities"], pairs, names=data["map_names"], t=c.t),
        "facilities_map",
        c.lang,
        shown,
    )
    show_chart(fig, key="facilities_map", width="stretch")
    if not found:
        st.info(c.t("facilities.candidates.empty"))
        return
    rows = [
        {
            c.t("facilities.candidates.reason"): c.t(f"facilities.reason.{x['reason']}"),
            c.t("facilities.candidates.message"): x["message"],
            c.t("facilities.candidates.distance"): format_number(x["distance_km"], c.lang, 1),
            c.t("facilities.candidates.threshold"): format_number(x["threshold"], c.lang, 1),
            c.t("facilities.candidates.approximate"): "✓" if x["approximate"] else "",
        }
        for x in found
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="facilities_candidates")
    # Dismissing a warning or opening it as a case happens in one place for every rule.
    record_link("warnings", c.t("warning.act_there"))
