"""One target: its status and inputs, the series chart, coverage, and the provinces' quotas."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import targets
from council.figures.targets import indicator_chart
from council.i18n import fmt_number
from council.ui.charts import show_chart
from council.ui.forms import act
from council.ui.text import plain
from pages.target_views.common import download, inputs_text


def indicator(c, d: dict) -> None:
    p = d["progress"]
    st.markdown(inputs_text(c, p))
    cols = st.columns(4)
    cols[0].metric(c.t("targets.metric.status"), c.t(f"progress.{p['status']}"))
    cols[1].metric(c.t("targets.metric.target"), f"{d['target_text']} {d['unit']}")
    latest = (
        "—"
        if p["latest_value"] is None
        else f"{fmt_number(p['latest_value'], c.lang, 2)} ({p['latest_year']})"
    )
    cols[2].metric(c.t("targets.metric.latest"), latest)
    cols[3].metric(
        c.t("targets.metric.coverage"),
        c.t("targets.coverage_count", n=len(d["coverage"]), partial=len(d["partial"])),
    )
    geo = c.t(f"targets.geography.{d['geography']}", region=plain(d["plan_region"]))
    st.caption(f"{geo} {c.t('targets.source')}: {plain(d['source_document'])}")
    if d["partial"]:
        st.warning(c.t("targets.partial_warning", provinces=", ".join(d["partial"])))
    fig = indicator_chart(
        d["province_series"],
        d["series"],
        d["path"],
        region_name=c.t("targets.series_region"),
        path_name=c.t("targets.series_path"),
        target=p["target"],
        target_label=f"{c.t('targets.target_short')} {d['target_year']}: {d['target_text']}",
        unit=d["unit"],
    )
    if any(r["value"] is not None for r in d["series"]) or d["province_series"]:
        show_chart(fig, key="targets_indicator_chart")
    else:
        st.info(c.t("targets.no_figures_yet"))
    series = pd.DataFrame(
        [
            {
                c.t("targets.col.year"): str(r["year"]),
                c.t("targets.col.region_value"): fmt_number(r["value"], c.lang, 3),
                c.t("targets.col.reporting"): f"{r['reporting']}/{r['covered']}",
            }
            for r in d["series"]
        ]
    )
    if not series.empty:
        st.dataframe(series, hide_index=True, key="targets_series_table")
    cov = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): x["province"],
                c.t("targets.col.coverage"): c.t(f"targets.coverage.{x['coverage']}"),
                c.t("targets.col.inside"): ", ".join(x["inside"]),
                c.t("targets.col.outside"): ", ".join(x["outside"]),
            }
            for x in d["coverage"]
        ]
    )
    with st.expander(c.t("targets.coverage_title", n=len(d["coverage"]))):
        st.dataframe(cov, hide_index=True, key="targets_coverage_table")
        download(cov, "coverage", "targets_coverage_download", c.t("targets.export"))
    quotas(c, d)


def quotas(c, d: dict) -> None:
    st.subheader(c.t("targets.quotas"))
    if d["quotas"]:
        latest = {r["province_id"]: r["value"] for r in d["province_series"]}
        frame = pd.DataFrame(
            [
                {
                    c.t("targets.col.province"): q["province"],
                    c.t("targets.col.quota"): q["value"],
                    c.t("targets.col.latest"): latest.get(q["province_id"]),
                    c.t("targets.col.gap"): None
                    if latest.get(q["province_id"]) is None
                    else q["value"] - latest[q["province_id"]],
                }
                for q in d["quotas"]
            ]
        )
        st.dataframe(frame, hide_index=True, key="targets_quota_table")
        chk = d["quota_check"]
        if chk:
            st.markdown(
                c.t(
                    "targets.quota_check_ok" if chk["ok"] else "targets.quota_check_bad",
                    total=fmt_number(chk["aggregate"], c.lang, 3),
                    target=fmt_number(chk["target"], c.lang, 3),
                )
            )
    else:
        st.caption(c.t("targets.no_quotas"))
    if not c.can("target.edit"):
        return
    if d["target"] is not None:
        with st.expander(c.t("targets.edit_quotas")):
            _quota_editor(c, d)
    if st.button(c.t("targets.suggest_quotas"), key="targets_suggest_quotas"):

        def suggest(session) -> dict:
            suggestion = targets.suggest_quotas(session, d["id"])
            targets.set_quotas(session, c.actor, d["id"], suggestion["quotas"])
            return suggestion

        act(
            c,
            suggest,
            success=lambda s: (
                c.t("targets.quotas_saved", year=s["year"])
                if s["year"]
                else c.t("targets.quotas_saved_manual")
            ),
        )


def _quota_editor(c, d: dict) -> None:
    current = {q["province_id"]: q["value"] for q in d["quotas"]}
    frame = pd.DataFrame(
        [
            {
                "province_id": x["province_id"],
                "province": x["province"],
                "quota": current.get(x["province_id"]),
            }
            for x in d["coverage"]
        ]
    )
    edited = st.data_editor(
        frame,
        hide_index=True,
        disabled=["province_id", "province"],
        num_rows="fixed",
        key=f"targets_quota_editor_{d['id']}",
        column_config={
            "province_id": None,
            "province": st.column_config.TextColumn(c.t("targets.col.province")),
            "quota": st.column_config.NumberColumn(c.t("targets.col.quota")),
        },
    )
    st.caption(
        c.t(
            "targets.quota_rule",
            target=fmt_number(d["target"], c.lang, 3),
            rule=c.t(f"targets.rule.{d['aggregation']}"),
        )
    )
    if st.button(c.t("targets.save_quotas"), key="targets_quota_save"):
        values = {int(r.province_id): float(r.quota) for r in edited.itertuples() if pd.notna(r.quota)}
        act(
            c,
            lambda session: targets.set_quotas(session, c.actor, d["id"], values),
            success=c.t("targets.quotas_saved_manual"),
        )
