"""The monitor: the formula with its settings, the warnings, the sector × province matrix, the
timeline of changes and the foregone revenue per province."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import incentive_monitor
from council.figures import incentives as figures
from council.numbers import format_number
from council.ui.charts import show_chart
from council.ui.context import PageContext
from council.ui.links import record_link
from council.ui.text import plain


def render(c: PageContext, data: dict) -> None:
    cfg = data["settings"]
    with st.expander(c.t("incentives.monitor.formula_title")):
        st.markdown(
            c.t(
                "incentives.monitor.formula",
                r=format_number(cfg["discount_rate_pct"], c.lang, 2),
                p=format_number(cfg["profit_share_pct"], c.lang, 2),
                s=format_number(cfg["standard_cit_rate_pct"], c.lang, 2),
                a=format_number(cfg["land_m2_per_billion"], c.lang, 2),
                h=format_number(cfg["horizon_years"], c.lang, 0),
            )
        )
    _warnings(c)
    rows = data["rows"]
    if not rows:
        st.info(c.t("incentives.empty"))
        return
    st.subheader(c.t("incentives.monitor.matrix"))
    st.caption(c.t("incentives.monitor.matrix_help"))
    show_chart(
        figures.deviation_matrix(
            incentive_monitor.matrix(rows), c.lang, {"value": c.t("incentives.monitor.axis_value")}
        ),
        key="incentives_matrix",
    )
    st.subheader(c.t("incentives.monitor.timeline"))
    labels = {k: c.t(f"incentives.change.{k}") for k in ("first", "deepened", "eased", "same")}
    labels.update(value=c.t("incentives.monitor.axis_value"), date=c.t("incentives.monitor.axis_date"))
    show_chart(figures.timeline(rows, c.lang, labels), key="incentives_timeline")
    st.subheader(c.t("incentives.monitor.per_province"))
    summary = incentive_monitor.per_province(rows)
    show_chart(
        figures.per_province_bars(
            summary,
            c.lang,
            {
                "max": c.t("incentives.monitor.max"),
                "mean": c.t("incentives.monitor.mean"),
                "value": c.t("incentives.monitor.axis_value"),
            },
        ),
        key="incentives_per_province",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("incentives.field.province"): r["province" if c.lang == "vi" else "province_en"],
                    c.t("incentives.monitor.packages"): r["packages"],
                    c.t("incentives.monitor.max"): format_number(r["max_foregone"], c.lang, 1),
                    c.t("incentives.monitor.mean"): format_number(r["mean_foregone"], c.lang, 1),
                }
                for r in summary
            ]
        ),
        hide_index=True,
        key="incentives_per_province_table",
    )


def _warnings(c: PageContext) -> None:
    st.subheader(c.t("incentives.monitor.flags"))
    states = c.read(incentive_monitor.region_warnings, c.region_id, c.lang)
    if not states:
        st.success(c.t("incentives.monitor.no_flags"))
        return
    for s in states:
        status = c.t(f"warning.status.{s['status']}")
        extra = f" — {plain(s['conflict_code'])}" if s["conflict_code"] else ""
        text = f"**{plain(s['rule'])}** · {status}{extra}: {plain(s['message'])}"
        if s["status"] == "open":
            st.warning(text)
        else:
            st.caption(text)
    # Dismissing a warning or opening it as a case happens in one place for every rule.
    record_link("warnings", c.t("warning.act_there"))
