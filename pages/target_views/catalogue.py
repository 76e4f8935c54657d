"""The catalogue: every target and indicator, with the forms that add and edit them
(for whoever auth.PERMISSIONS lets edit targets)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import targets
from council.regions import list_regions
from council.targets import AGGREGATIONS, DIRECTIONS
from council.ui.forms import CreateForm, EditForm
from council.ui.numbers import number_field
from pages.target_views.common import download, target_label
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
                    "English": i["name_en"],
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
        _indicator_form(c, indicators)
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


def _indicator_form(c, indicators: list[dict]) -> None:
    st.subheader(c.t("targets.indicator_edit_title"))
    by_id = {i["id"]: i for i in indicators}
    choice = st.selectbox(
        c.t("targets.indicator_choose"),
        [None, *by_id],
        key="targets_ind_choice",
        format_func=lambda i: (
            c.t("targets.indicator_new") if i is None else f"{by_id[i]['code']} · {by_id[i]['name_vi']}"
        ),
    )
    form = (
        CreateForm("targets_ind_form_new", prefix="targets_i_new")
        if choice is None
        else EditForm("targets_ind_form", choice, by_id[choice], prefix="targets_i")
    )
    ind = {} if choice is None else form.record
    with form:
        a, b = st.columns([1, 2])
        values = dict(
            code=a.text_input(
                c.t("figures.col.code"),
                value=ind.get("code", ""),
                key=form.key("code"),
                help=c.t("targets.indicator_code_help"),
            ),
            unit=b.text_input(c.t("targets.col.unit"), value=ind.get("unit", ""), key=form.key("unit")),
            name_vi=st.text_input(
                c.t("targets.indicator_name_vi"), value=ind.get("name_vi", ""), key=form.key("name_vi")
            ),
            name_en=st.text_input(
                c.t("targets.indicator_name_en"), value=ind.get("name_en", ""), key=form.key("name_en")
            ),
        )
        a, b = st.columns(2)
        values["direction"] = a.selectbox(
            c.t("targets.col.direction"),
            DIRECTIONS,
            index=DIRECTIONS.index(ind.get("direction", "increase")),
            format_func=lambda d: c.t(f"targets.direction.{d}"),
            key=form.key("dir"),
        )
        values["aggregation"] = b.selectbox(
            c.t("targets.col.aggregation"),
            AGGREGATIONS,
            index=AGGREGATIONS.index(ind.get("aggregation", "weighted_mean")),
            format_func=lambda r: c.t(f"targets.rule.{r}"),
            key=form.key("agg"),
        )
        a, b = st.columns(2)
        # What a weighted mean is weighted by, and the share of it a regional status needs.
        values["weight_by"] = a.selectbox(
            c.t("weights.form.weight_by"),
            targets.WEIGHT_SERIES,
            index=targets.WEIGHT_SERIES.index(ind.get("weight_by") or "population"),
            format_func=lambda w: c.t(f"weights.basis.{w}"),
            key=form.key("weight"),
        )
        coverage = b.number_input(
            c.t("weights.form.min_coverage"),
            min_value=1,
            max_value=100,
            value=round(100 * (ind.get("min_coverage") or targets.DEFAULT_MIN_COVERAGE)),
            step=5,
            key=form.key("cov"),
        )
        values["min_coverage"] = coverage / 100
        submitted = st.form_submit_button(c.t("targets.indicator_save"), type="primary")
    if not submitted:
        return
    if choice is None:
        form.save(
            c,
            lambda session: targets.save_indicator(session, c.actor, **values),
            values=values,
            success=c.t("targets.indicator_saved"),
        )
    else:
        form.save(
            c,
            lambda session, version: targets.save_indicator(
                session, c.actor, indicator_id=choice, expected_version=version, **values
            ),
            values=values,
            success=c.t("targets.indicator_saved"),
        )
