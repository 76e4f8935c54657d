"""The secretariat's settings of plan execution: the due date of the figures (a default and
per-indicator overrides) and N of "not started with less than N years left"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import plan
from council.targets import list_indicators
from council.ui.forms import CreateForm


def view(c) -> None:
    settings = c.read(plan.deadline_settings)
    indicators = {i["id"]: f"{i['name_vi']} ({i['code']})" for i in c.read(list_indicators)}
    st.subheader(c.t("plan.settings_due"))
    month, day, offset = settings["default"]
    st.caption(c.t("plan.settings_due_help", day=day, month=month, offset=offset))
    _due_form(c, indicators, month, day, offset)
    if settings["overrides"]:
        st.markdown(f"**{c.t('plan.settings_overrides')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.indicator"): indicators[i],
                        c.t("plan.col.due"): f"{d:02d}/{m:02d} (Y + {o})",
                    }
                    for i, (m, d, o) in settings["overrides"].items()
                    if i in indicators
                ]
            ),
            hide_index=True,
            key="plan_due_overrides",
        )
    _years_form(c, c.read(plan.not_started_years))


def _due_form(c, indicators: dict, month: int, day: int, offset: int) -> None:
    options = [None, *indicators]
    form = CreateForm("plan_due_form", prefix="plan_due")
    with form:
        indicator = st.selectbox(
            c.t("plan.settings_indicator"),
            options,
            format_func=lambda i: c.t("plan.settings_default") if i is None else indicators[i],
            key=form.key("indicator"),
        )
        a, b, d = st.columns(3)
        values = {
            "indicator_id": indicator,
            "day": int(a.number_input(c.t("plan.settings_day"), 1, 31, day, key=form.key("day"))),
            "month": int(b.number_input(c.t("plan.settings_month"), 1, 12, month, key=form.key("month"))),
            "year_offset": int(
                d.number_input(c.t("plan.settings_offset"), 0, 2, offset, key=form.key("offset"))
            ),
        }
        left, right = st.columns(2)
        save = left.form_submit_button(c.t("plan.settings_save"), key="plan_due_submit")
        clear = right.form_submit_button(c.t("plan.settings_clear"), key="plan_due_clear")
    if clear and indicator is not None:
        form.save(
            c,
            lambda s: plan.clear_due_date(s, c.actor, indicator),
            values={"clear": indicator},
            success=c.t("plan.settings_saved"),
        )
    elif save:
        form.save(
            c,
            lambda s: plan.set_due_date(s, c.actor, **values),
            values=values,
            success=c.t("plan.settings_saved"),
        )


def _years_form(c, years: int) -> None:
    form = CreateForm("plan_years_form", prefix="plan_years")
    with form:
        value = int(st.number_input(c.t("plan.settings_years"), 0, 30, years, key=form.key("n")))
        submitted = st.form_submit_button(c.t("plan.settings_years_save"), key="plan_years_submit")
    if submitted:
        form.save(
            c,
            lambda s: plan.set_not_started_years(s, c.actor, value),
            values={"years": value},
            success=c.t("plan.settings_saved"),
        )
