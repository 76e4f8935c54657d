"""Figures: a representative (or, where the province has two sign-off levels, the provincial
statistics officer) enters their province's figures of a year; the officer verifies them, the
representative signs them off and submits them; the secretariat approves, returns (to either
level) or reopens them, and sets each province's levels. Excel template and import."""

from __future__ import annotations

from datetime import date

import streamlit as st

from council import targets
from council.regions import list_provinces
from council.ui.context import ctx, require
from council.ui.records import parse_id, shown_param, take_query_param
from pages.figure_views.entry import grid, import_figures, quick_entry
from pages.figure_views.queue import QUEUE_WANTED, queue
from pages.figure_views.signoff import levels_settings, workflow

SPEC = dict(
    url_path="figures",
    title_key="nav.figures",
    icon=":material/edit_note:",
    action="observation.enter",
    order=45,
)


def render() -> None:
    c = ctx()
    require(c, "observation.enter")
    st.title(c.t("figures.title"))
    provinces = c.read(list_provinces)
    names = {p["id"]: p["name_vi"] for p in provinces}
    this_year = date.today().year
    years = list(range(this_year, 2019, -1))
    # Who may enter figures for any province picks one; a representative enters their own.
    any_province = c.can("observation.enter")
    _open_from_link(c, names, years, any_province)
    left, right = st.columns(2)
    if not any_province:
        province_id = c.actor.province_id
        left.markdown(c.t("figures.your_province", province=names[province_id]))
    else:
        in_region = [p["id"] for p in provinces if p["region_id"] == c.region_id]
        others = [p["id"] for p in provinces if p["region_id"] != c.region_id]
        province_id = left.selectbox(
            c.t("figures.province"), in_region + others, format_func=names.get, key="figures_province"
        )
    year = right.selectbox(c.t("figures.year"), years, index=years.index(this_year - 1), key="figures_year")
    rows = c.read(targets.figures_for, province_id, year)
    grid(c, rows, province_id, year)
    quick_entry(c, rows, province_id, year)
    workflow(c, rows, province_id, year)
    import_figures(c, province_id, year, names[province_id])
    if c.can("observation.approve"):
        queue(c)
    if c.can("observation.levels"):
        levels_settings(c)


def _open_from_link(c, names: dict[int, str], years: list[int], any_province: bool) -> None:
    """A link such as ?province=3&year=2025 opens that province and year once. A representative
    stays on their own province: another province in the link is ignored (and said)."""
    raw_province, raw_year = take_query_param("province"), take_query_param("year")
    if raw_province is not None:
        province_id = parse_id(raw_province)
        if province_id not in names:
            st.warning(
                c.t("records.province_not_found", ident=shown_param(raw_province)), icon=":material/link_off:"
            )
        elif not any_province:
            if province_id != c.actor.province_id:
                st.info(c.t("records.province_not_yours"))
        else:
            st.session_state["figures_province"] = province_id
    if raw_year is not None:
        year = parse_id(raw_year)
        if year in years:
            st.session_state["figures_year"] = year
            if raw_province is not None and c.can("observation.approve"):
                # An approver's link to a submitted set also opens it in the approval queue.
                st.session_state[QUEUE_WANTED] = (parse_id(raw_province), year)
        else:
            st.warning(
                c.t("records.year_not_found", ident=shown_param(raw_year), first=years[-1], last=years[0]),
                icon=":material/link_off:",
            )
