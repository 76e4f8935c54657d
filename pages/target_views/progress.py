"""The catalogue's form for an indicator's own progress settings: the method and the two
thresholds of its status (council.targets.save_progress_settings; versioned and audited)."""

from __future__ import annotations

import streamlit as st

from council import targets
from council.i18n import fmt_number
from council.ui.forms import EditForm
from council.ui.numbers import number_field


def settings_line(c, p: dict) -> str:
    """Which method and thresholds a status used (the indicator's own or the defaults)."""
    if not p.get("method"):
        return ""
    return c.t(
        "progress_settings.used",
        method=c.t(f"progress_settings.method.{p['method']}"),
        on=fmt_number(p["thresholds"]["on_track"], c.lang, 2),
        risk=fmt_number(p["thresholds"]["at_risk"], c.lang, 2),
        source=c.t(f"progress_settings.source.{p.get('settings_source') or 'default'}"),
    )


def progress_form(c, indicators: list[dict]) -> None:
    st.subheader(c.t("progress_settings.title"))
    st.caption(c.t("progress_settings.help"))
    by_id = {i["id"]: i for i in indicators}
    if not by_id:
        return
    choice = st.selectbox(
        c.t("targets.indicator_choose"),
        list(by_id),
        key="targets_progress_choice",
        format_func=lambda i: f"{by_id[i]['code']} · {by_id[i]['name_vi']} ({by_id[i]['unit']})",
    )
    current = c.read(targets.indicator_progress).get(choice, {"version": 0})
    form = EditForm("targets_progress_form", choice, current, prefix="targets_p")
    own = form.record
    methods = ("", *targets.METHODS)
    with form:
        method = st.selectbox(
            c.t("progress_settings.method"),
            methods,
            index=methods.index(own.get("own_method") or ""),
            format_func=lambda m: c.t(f"progress_settings.method.{m}"),
            key=form.key("method"),
        )
        a, b = st.columns(2)
        on = number_field(
            a, c.t("progress_settings.on_track"), own.get("own_on_track"), key=form.key("on"), lang=c.lang
        )
        risk = number_field(
            b, c.t("progress_settings.at_risk"), own.get("own_at_risk"), key=form.key("risk"), lang=c.lang
        )
        submitted = st.form_submit_button(c.t("progress_settings.save"), type="primary")
    if submitted:
        form.save(
            c,
            lambda session, version: targets.save_progress_settings(
                session,
                c.actor,
                choice,
                expected_version=version,
                method=method,
                on_track=on.value,
                at_risk=risk.value,
            ),
            values={"method": method, "on_track": on.text, "at_risk": risk.text},
            success=c.t("progress_settings.saved"),
        )
