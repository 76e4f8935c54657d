"""The detector's thresholds and the regional plan's capacity forecasts (the secretariat's)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import facilities
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm
from council.ui.numbers import number_field, read_all


def _label(c: PageContext, name: str) -> str:
    if name.startswith("distance."):
        return c.t("facilities.setting.distance", kind=c.t(f"facilities.kind.{name.split('.', 1)[1]}"))
    return c.t(f"facilities.setting.{name}")


def render(c: PageContext, data: dict) -> None:
    conf = data["settings"]
    names = list(facilities.DEFAULT_SETTINGS)
    if not c.can("facility.settings"):
        st.dataframe(
            pd.DataFrame([{"": _label(c, n), " ": format_number(conf[n], c.lang, 1)} for n in names]),
            hide_index=True,
        )
    else:
        form = EditForm("facilities_settings", 1, conf, prefix="facilities_settings")
        with form:
            cols = st.columns(2)
            fields = [
                number_field(
                    cols[i % 2], _label(c, n), form.record[n], key=form.key(n), lang=c.lang, decimals=1
                )
                for i, n in enumerate(names)
            ]
            submitted = st.form_submit_button(
                c.t("facilities.settings_save"), key="facilities_settings_submit"
            )
        if submitted and (read := read_all(c.lang, *fields)) is not None:
            values = dict(zip(names, read, strict=True))
            form.save(
                c,
                lambda s, v: facilities.save_settings(s, c.actor, expected_version=v, **values),
                values=values,
                success=c.t("facilities.settings_saved"),
            )
    _forecasts(c, data)


def _forecasts(c: PageContext, data: dict) -> None:
    st.subheader(c.t("facilities.forecast.title"))
    rows = data["forecasts"]
    if rows:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("facilities.forecast.region"): r["region"],
                        c.t("facilities.field.kind"): c.t(f"facilities.kind.{r['kind']}"),
                        c.t("facilities.forecast.year"): r["year"],
                        c.t("facilities.forecast.capacity"): format_number(r["capacity"], c.lang),
                        c.t("facilities.field.unit"): c.t(f"facilities.unit.{facilities.UNITS[r['kind']]}"),
                        c.t("facilities.forecast.source"): r["source"],
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            key="facilities_forecasts",
        )
    else:
        st.info(c.t("facilities.forecast.empty"))
    if not c.can("facility.settings"):
        return
    regions = {r["id"]: r["name"] for r in data["regions"]}
    form = CreateForm("facilities_forecast", prefix="facilities_forecast")
    with form:
        cols = st.columns(3)
        region = cols[0].selectbox(
            c.t("facilities.forecast.region"), list(regions), format_func=regions.get, key=form.key("region")
        )
        kind = cols[1].selectbox(
            c.t("facilities.field.kind"),
            list(facilities.UNITS),
            format_func=lambda k: (
                f"{c.t(f'facilities.kind.{k}')} ({c.t(f'facilities.unit.{facilities.UNITS[k]}')})"
            ),
            key=form.key("kind"),
        )
        year = number_field(
            cols[2], c.t("facilities.forecast.year"), 2030, key=form.key("year"), lang=c.lang, integer=True
        )
        capacity = number_field(
            st, c.t("facilities.forecast.capacity"), key=form.key("capacity"), lang=c.lang
        )
        source = st.text_input(c.t("facilities.forecast.source"), key=form.key("source"))
        submitted = st.form_submit_button(c.t("facilities.forecast.save"), key="facilities_forecast_submit")
    if submitted and (read := read_all(c.lang, year, capacity)) is not None:
        values = {"region_id": region, "kind": kind, "year": read[0], "capacity": read[1], "source": source}
        form.save(
            c,
            lambda s: facilities.save_forecast(s, c.actor, **values),
            values=values,
            success=c.t("facilities.forecast.saved"),
        )
