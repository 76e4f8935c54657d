"""The plan's priority projects as a checklist: register status, schedule, years left, flags."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import plan
from council.i18n import code_label
from pages.plan_views import priority


def view(c) -> None:
    data = c.cached(plan.checklist, c.region_id)
    years = data["not_started_years"]
    st.caption(c.t("plan.checklist_help", n=years))
    rows = data["rows"]
    focus = st.session_state.pop("plan_priority_focus", None)
    if not rows:
        st.info(c.t("plan.checklist_empty"))
    else:
        st.markdown(
            c.t(
                "plan.checklist_counts",
                total=len(rows),
                missing=sum("not_in_register" in r["flags"] for r in rows),
                late=sum("not_started_late" in r["flags"] for r in rows),
                n=years,
            )
        )
        shown = sorted(rows, key=lambda r: r["id"] != focus) if focus is not None else rows
        st.dataframe(
            pd.DataFrame([_row(c, r, years) for r in shown]), hide_index=True, key="plan_checklist_table"
        )
    if c.can(plan.ACTION_PRIORITY):
        priority.forms(c, rows)


def _row(c, r: dict, years: int) -> dict:
    missing = c.t("plan.not_in_register")
    return {
        c.t("plan.col.decision"): r["decision_code"],
        c.t("plan.col.name"): r["name_vi"],
        c.t("plan.col.type"): code_label("ptype", r["type"], c.lang),
        c.t("plan.col.provinces"): ", ".join(r["provinces"]),
        c.t("plan.col.period"): plan.period_text(r),
        c.t("plan.col.register"): r["project_code"] or missing,
        c.t("plan.col.status"): missing
        if r["status"] == "not_in_register"
        else code_label("pstatus", r["status"], c.lang),
        c.t("plan.col.on_schedule"): "—"
        if r["on_schedule"] is None
        else c.t(f"plan.yesno.{r['on_schedule']}"),
        c.t("plan.col.years_left"): "—" if r["years_left"] is None else str(r["years_left"]),
        c.t("plan.col.flags"): "; ".join(c.t(f"plan.flag.{f}", n=years) for f in r["flags"]) or "—",
    }
