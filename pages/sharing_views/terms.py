"""The secretariat's forms: a year's revenue, a cost line, a key to compare."""

from __future__ import annotations

import streamlit as st

from council import sharing
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm


def render(c: PageContext, arr: dict) -> None:
    left, mid, right = st.columns(3)
    with left:
        _revenue(c, arr)
    with mid:
        _cost_line(c, arr)
    with right:
        _scenario(c, arr)


def _revenue(c: PageContext, arr: dict) -> None:
    st.markdown(f"**{c.t('sharing.revenue.title')}**")
    form = EditForm("sharing_revenue", arr["id"], arr, prefix="sharing_rev", group=f"sharing_{arr['id']}")
    with form:
        year = st.number_input(
            c.t("sharing.field.year"), 1990, 2100, arr["base_year"] + 1, step=1, key=form.key("year")
        )
        revenue = st.text_input(c.t("sharing.field.revenue"), key=form.key("revenue"))
        submitted = st.form_submit_button(c.t("sharing.save"))
    if submitted:
        form.save(
            c,
            lambda s, v: sharing.set_revenue(
                s, c.actor, arr["id"], expected_version=v, year=int(year), revenue=revenue
            ),
            values={"year": int(year), "revenue": revenue},
            success=c.t("sharing.saved"),
        )


def _weights(c: PageContext, arr: dict, form) -> dict:
    st.caption(c.t("sharing.field.weights_help"))
    return {
        p["province_id"]: st.text_input(
            c.t("sharing.field.weight", province=p["name"]), key=form.key(f"w_{p['province_id']}")
        )
        for p in arr["participants"]
    }


def _cost_line(c: PageContext, arr: dict) -> None:
    st.markdown(f"**{c.t('sharing.cost.title')}**")
    form = EditForm("sharing_cost", arr["id"], arr, prefix="sharing_cost", group=f"sharing_{arr['id']}")
    with form:
        year = st.number_input(
            c.t("sharing.field.year"), 1990, 2100, arr["base_year"] + 1, step=1, key=form.key("year")
        )
        category = st.selectbox(
            c.t("sharing.field.category"),
            sharing.COST_CATEGORIES,
            key=form.key("category"),
            format_func=lambda k: c.t(f"sharing.category.{k}"),
        )
        amount = st.text_input(c.t("sharing.field.amount"), key=form.key("amount"))
        key = st.selectbox(
            c.t("sharing.field.key"),
            sharing.KEYS,
            key=form.key("key"),
            format_func=lambda k: c.t(f"sharing.key.{k}"),
        )
        cost_type = st.selectbox(
            c.t("sharing.field.cost_type"),
            sharing.COST_TYPES,
            key=form.key("cost_type"),
            format_func=lambda k: c.t(f"sharing.cost_type.{k}"),
        )
        weights = _weights(c, arr, form)
        submitted = st.form_submit_button(c.t("sharing.add_cost"))
    if submitted:
        values = dict(year=int(year), category=category, amount=amount, key=key, cost_type=cost_type)
        form.save(
            c,
            lambda s, v: sharing.add_cost_line(
                s,
                c.actor,
                arr["id"],
                expected_version=v,
                weights=weights if key == "negotiated" else None,
                **values,
            ),
            values={**values, "weights": repr(weights)},
            success=c.t("sharing.saved"),
        )


def _scenario(c: PageContext, arr: dict) -> None:
    st.markdown(f"**{c.t('sharing.scenario.title')}**")
    form = CreateForm("sharing_scenario", prefix=f"sharing_sc_{arr['id']}")
    with form:
        name = st.text_input(c.t("sharing.field.scenario_name"), key=form.key("name"))
        key = st.selectbox(
            c.t("sharing.field.key"),
            sharing.KEYS,
            key=form.key("key"),
            format_func=lambda k: c.t(f"sharing.key.{k}"),
        )
        weights = _weights(c, arr, form)
        submitted = st.form_submit_button(c.t("sharing.save_scenario"))
    if submitted:
        form.save(
            c,
            lambda s: sharing.save_scenario(
                s, c.actor, arr["id"], name=name, key=key, weights=weights if key == "negotiated" else None
            ),
            values={"name": name, "key": key, "weights": repr(weights)},
            success=lambda sc: c.t("sharing.scenario_saved", name=sc["name"]),
        )
