"""The catalogue: every target and indicator, with the forms that add and edit them
(for whoever auth.PERMISSIONS lets edit targets)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import targets
from council.regions import list_regions
from council.ui.forms import CreateForm, EditForm
from council.ui.numbers import number_field
from pages.target_views.common import download, target_label
from pages.target_views.indicator_form import indicator_form
from pages.target_views.progress import progress_form


def catalogue(c, listed: list[dict]) -> None:
    name = "indicator_vi" if c.lang == "vi" else "indicator_en"
    table = pd.DataFrame(
        [
            {
                "#": t["id"],
                c.t("targets.col.indicator"): t[name],
                c.t("targets.col.plan"): t["plan_region"],
                c.t("targets.col.period"): t["period"],
                c.t("targets.col.target"): t["target_text"],
                c.t("targets.col.unit"): t["unit"],
                c.t("targets.col.target_year"): t["target_year"],
                c.t("targets.col.geography"): c.t(f"targets.geography_short.{t['geography']}"),
                c.t("targets.col.covers"): (
                    f"{len(t['coverage'])} ({len(t['partial'])} {c.t('targets.coverage.partial')})"
                ),
                c.t("targets.col.status"): c.t(f"progress.{t['progress']['status']}"),
                c.t("targets.col.source"): t["source_document"],
            }
            for t in listed
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_catalogue_table")
    st.caption(c.t("targets.catalogue_count", n=len(listed)))
    download(table, "targets", "targets_catalogue_download", c.t("targets.export"))
    indicators = c.read(targets.list_indicators)
    with st.expander(c.t("targets.indicators_title")):
        frame = pd.DataFrame(
            [
                {
                    c.t("figures.col.code"): i["code"],
                    c.t("targets.col.indicator"): i["name_vi"],
                    c.t("targets.col.name_en"): i["name_en"],
                    c.t("targets.col.unit"): i["unit"],
                    c.t("targets.col.direction"): c.t(f"targets.direction.{i['direction']}"),
                    c.t("targets.col.aggregation"): c.t(f"targets.rule.{i['aggregation']}"),
                }
                for i in indicators
            ]
        )
        st.dataframe(frame, hide_index=True, key="targets_indicator_table")
        st.caption(c.t("targets.indicator_count", n=len(indicators)))
        download(frame, "indicators", "targets_indicator_download", c.t("targets.export"))
    if c.can("target.edit"):
        _target_form(c, listed, indicators)
        indicator_form(c, indicators)
        progress_form(c, indicators)  # the indicator's own method and thresholds


def _target_form(c, listed: list[dict], indicators: list[dict]) -> None:
    st.subheader(c.t("targets.edit_title"))
    by_id = {t["id"]: t for t in listed}
    choice = st.selectbox(
        c.t("targets.edit_choose"),
        [None, *by_id],
        key="targets_edit_choice",
        format_func=lambda i: c.t("targets.new_target") if i is None else target_label(c, by_id[i]),
    )
    # A new target, or the chosen one as it was when its form was opened.
    form = (
        CreateForm("targets_form_new", prefix="targets_f_new")
        if choice is None
        else EditForm("targets_form", choice, by_id[choice], prefix="targets_f")
    )
    t = {} if choice is None else form.record
    ind_ids = [i["id"] for i in indicators]
    # Unit and code: look-alikes (GRDP per head in triệu đồng / in USD) are told apart.
    ind_names = {
        i["id"]: f"{i['name_vi' if c.lang == 'vi' else 'name_en']} ({i['unit']}) · {i['code']}"
        for i in indicators
    }
    regions = c.read(list_regions)
    region_ids = [None, *[r["id"] for r in regions]]
    region_names = {r["id"]: r["name_vi"] for r in regions}
    with form:
        ind = st.selectbox(
            c.t("targets.col.indicator"),
            ind_ids,
            format_func=ind_names.get,
            index=ind_ids.index(t["indicator_id"]) if t else 0,
            key=form.key("ind"),
        )
        plan_region = st.text_input(
            c.t("targets.col.plan"), value=t.get("plan_region", ""), key=form.key("plan")
        )
        region = st.selectbox(
            c.t("targets.f.region"),
            region_ids,
            index=region_ids.index(t.get("region_id")) if t.get("region_id") in region_ids else 0,
            format_func=lambda i: "—" if i is None else region_names[i],
            key=form.key("region"),
        )
        a, b, d = st.columns(3)
        baseline_year = a.number_input(
            c.t("targets.f.baseline_year"), value=t.get("baseline_year"), step=1, key=form.key("by")
        )  # a year, not a data number: no decimals to misread
        baseline_value = number_field(
            b,
            c.t("targets.f.baseline_value"),
            t.get("baseline_value"),
            key=form.key("bv"),
            lang=c.lang,
            decimals=4,
        )
        target_year = d.number_input(
            c.t("targets.col.target_year"), value=t.get("target_year", 2030), step=1, key=form.key("ty")
        )
        values = dict(
            indicator_id=ind,
            plan_region=plan_region,
            region_id=region,
            baseline_year=None if baseline_year is None else int(baseline_year),
            baseline_value=baseline_value.text,
            target_year=int(target_year) if target_year else None,
            target_text=st.text_input(
                c.t("targets.f.target_text"),
                value=t.get("target_text", ""),
                help=c.t("targets.f.target_text_help"),
                key=form.key("tt"),
            ),
            period=st.text_input(
                c.t("targets.col.period"), value=t.get("period", ""), key=form.key("period")
            ),
            source_document=st.text_input(
                c.t("targets.col.source"), value=t.get("source_document", ""), key=form.key("source")
            ),
            source_url=st.text_input(
                c.t("targets.f.source_url"), value=t.get("source_url", ""), key=form.key("url")
            ),
            label=t.get("label", ""),
        )
        submitted = st.form_submit_button(c.t("targets.save"), type="primary")
    if not submitted:
        return
    if choice is None:
        form.save(
            c,
            lambda session: targets.save_target(
                session, c.actor, **{**values, "baseline_value": baseline_value.value}
            ),
            values=values,
            success=c.t("targets.saved"),
        )
    else:
        form.save(
            c,
            lambda session, version: targets.save_target(
                session,
                c.actor,
                target_id=choice,
                expected_version=version,
                **{**values, "baseline_value": baseline_value.value},
            ),
            values=values,
            success=c.t("targets.saved"),
        )
