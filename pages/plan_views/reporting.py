"""Reporting completeness and timeliness: rates per province and region, and who is late (the
secretariat's view and *Tỉnh của tôi*)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from council import plan
from council.figures.plan import reporting_figure
from council.i18n import fmt_date
from council.ui.charts import show_chart
from pages.plan_views.common import pct


def table(c, result: dict, key: str, total: bool = True) -> None:
    """The rates per province and the table of who is late (secretariat view and my province)."""
    lines = [
        *result["by_province"],
        *([{"province": c.t("plan.region_total"), **result["region"]}] if total else []),
    ]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.province"): r["province"],
                    **{c.t(f"plan.col.{k}"): r[k] for k in ("expected", "submitted", "on_time", "approved")},
                    **{
                        c.t(f"plan.col.{k}"): pct(c, r[k])
                        for k in ("submitted_rate", "on_time_rate", "approved_rate")
                    },
                }
                for r in lines
            ]
        ),
        hide_index=True,
        key=f"{key}_rates_table",
    )
    st.markdown(f"**{c.t('plan.reporting_late')}** ({len(result['late'])})")
    if not result["late"]:
        st.caption(c.t("plan.reporting_none_late"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.province"): x["province"],
                    c.t("plan.col.year"): str(x["year"]),
                    c.t("plan.col.indicator"): x["indicator"],
                    c.t("plan.col.due"): fmt_date(x["due"], c.lang),
                    c.t("plan.col.status"): c.t(f"plan.figstatus.{x['status']}"),
                    c.t("plan.col.submitted_on"): fmt_date(x["submitted_on"], c.lang)
                    if x["submitted_on"]
                    else "—",
                    c.t("plan.col.days_late"): x["days_late"],
                }
                for x in result["late"]
            ]
        ),
        hide_index=True,
        key=f"{key}_late_table",
    )


def view(c) -> None:
    st.caption(c.t("plan.reporting_help"))
    last = c.read(plan.reporting_year, date.today())
    month, day, offset = c.read(plan.deadline_settings)["default"]
    st.caption(c.t("plan.settings_due_help", day=day, month=month, offset=offset))
    years = list(range(last + 1, last - 5, -1))
    if st.session_state.get("plan_reporting_year") not in years:
        st.session_state["plan_reporting_year"] = last
    year = st.selectbox(c.t("plan.reporting_years"), years, key="plan_reporting_year")
    result = c.cached(plan.reporting, c.region_id, (year,))
    province = st.session_state.pop("plan_reporting_province", None)
    if province is not None and any(r["province_id"] == province for r in result["by_province"]):
        result = c.cached(plan.province_reporting, province, (year,))
    if not result["cells"]:
        st.info(c.t("plan.reporting_nothing"))
        return
    r = result["region"]
    st.markdown(
        c.t(
            "plan.reporting_region",
            expected=r["expected"],
            submitted=r["submitted"],
            submitted_rate=pct(c, r["submitted_rate"]),
            on_time=r["on_time"],
            on_time_rate=pct(c, r["on_time_rate"]),
            approved=r["approved"],
            approved_rate=pct(c, r["approved_rate"]),
        )
    )
    labels = {k: c.t(f"plan.col.{k}") for k in ("submitted_rate", "on_time_rate", "approved_rate")}
    show_chart(reporting_figure(result["by_province"], labels), key="plan_reporting_chart")
    table(c, result, key="plan_reporting")


def my_province(c, province_id: int) -> None:
    """The "my province" section: the province's reporting of the last two years and what is late."""
    last = c.read(plan.reporting_year, date.today())
    result = c.cached(plan.province_reporting, province_id, (last - 1, last))
    with st.container(border=True, key="myprovince_reporting"):
        st.markdown(f"**{c.t('plan.my_reporting')}**")
        for year in result["years"]:
            r = plan.rates([x for x in result["cells"] if x["year"] == year])
            st.markdown(
                "- "
                + c.t(
                    "plan.my_reporting_line",
                    year=year,
                    expected=r["expected"],
                    submitted=r["submitted"],
                    on_time=r["on_time"],
                    approved=r["approved"],
                )
            )
        table(c, result, key="myprovince_reporting", total=False)
