"""A province's scorecard: every target covering it, with its goal, latest figure and status."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import targets
from council.i18n import fmt_number
from council.ui.text import plain
from pages.target_views.common import download, inputs_text

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data")


def scorecard(c) -> None:
    provinces = c.read(targets.scorecard_provinces, c.region_id, c.actor.province_id)
    options = [p["id"] for p in provinces]
    names = {p["id"]: p["name_vi"] for p in provinces}
    default = options.index(c.actor.province_id) if c.actor.province_id in options else 0
    pid = st.selectbox(
        c.t("targets.choose_province"),
        options,
        index=default,
        format_func=names.get,
        key="targets_scorecard_province",
    )
    card = c.read(targets.scorecard, pid)
    st.subheader(c.t("targets.scorecard_title", province=plain(card["province"]["name_vi"])))
    counts = pd.Series([r["progress"]["status"] for r in card["rows"]]).value_counts()
    for col, s in zip(st.columns(5), STATUSES, strict=True):
        col.metric(c.t(f"progress.{s}"), int(counts.get(s, 0)))
    _open_figures(c, card)
    n = lambda v: fmt_number(v, c.lang, 2)  # noqa: E731
    name = "indicator_vi" if c.lang == "vi" else "indicator_en"
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.indicator"): r[name],
                c.t("targets.col.plan"): f"{r['plan_region']} · {r['period'] or r['target_year']}",
                c.t("targets.col.coverage"): c.t(f"targets.coverage.{r['coverage']}"),
                c.t("targets.col.goal"): (
                    f"{n(r['progress']['target'])} ({c.t('targets.goal.' + r['progress']['goal_basis'])})"
                ),
                c.t("targets.col.latest"): "—"
                if r["progress"]["latest_value"] is None
                else f"{n(r['progress']['latest_value'])} ({r['progress']['latest_year']})",
                c.t("targets.col.gap"): n(r["gap"]),
                c.t("targets.col.status"): c.t(f"progress.{r['progress']['status']}"),
                c.t("targets.col.inputs"): inputs_text(c, r["progress"]).replace("**", ""),
            }
            for r in card["rows"]
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_scorecard_table")
    for r in card["rows"]:
        if r["progress"]["status"] != "no_data":
            st.markdown(f"- **{plain(r[name])}** (#{r['id']}): {inputs_text(c, r['progress'])}")
    download(table, "scorecard", "targets_scorecard_download", c.t("targets.export"))


def _open_figures(c, card: dict) -> None:
    """The province's figures still in the workflow: returned, drafts due, waiting for approval."""
    if card["returned"]:
        reasons = "; ".join(sorted({f["return_reason"] for f in card["returned"]}))
        st.error(c.t("targets.returned_figures", n=len(card["returned"]), reason=plain(reasons)))
    drafts = [f for f in card["open_figures"] if f["status"] == "draft"]
    if drafts:
        years = ", ".join(sorted({str(f["year"]) for f in drafts}))
        st.warning(c.t("targets.drafts_due", n=len(drafts), years=years))
    submitted = [f for f in card["open_figures"] if f["status"] == "submitted"]
    if submitted:
        st.info(c.t("targets.submitted_waiting", n=len(submitted)))
