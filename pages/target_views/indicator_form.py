"""The indicator catalogue's form (secretariat): add an indicator or edit one, its code, names in
both languages, unit, desired direction and how provinces aggregate to the region."""

from __future__ import annotations

import streamlit as st

from council import targets
from council.targets import AGGREGATIONS, DIRECTIONS
from council.ui.forms import CreateForm, EditForm


def indicator_form(c, indicators: list[dict]) -> None:
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
