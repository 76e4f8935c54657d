"""Regional plan targets: status heatmap, per-target chart, contributions, map, province
scorecard, catalogue (pages/target_views/)."""

from __future__ import annotations

import streamlit as st

from council import targets
from council.errors import NotFound
from council.ui.context import ctx
from council.ui.follow import follow_button
from council.ui.records import council_decisions, parse_id, shown_param, take_query_param
from pages.plan_page import target_delivery_section
from pages.target_views.catalogue import catalogue
from pages.target_views.common import target_label
from pages.target_views.explore import contribution, value_map
from pages.target_views.heatmap import heatmap
from pages.target_views.indicator import indicator
from pages.target_views.scorecard import scorecard

SPEC = dict(
    url_path="targets",
    title_key="nav.targets",
    icon=":material/flag:",
    order=40,
)

VIEWS = ("heatmap", "indicator", "contribution", "map", "scorecard", "catalogue")


def render() -> None:
    c = ctx()
    st.title(c.t("targets.title"))
    st.caption(c.t("targets.intro"))
    listed = c.cached(targets.list_targets, c.region_id)
    # The region's own targets first, then those of old regions that cover some of its provinces.
    listed.sort(key=lambda t: (t["region_id"] != c.region_id, t["geography"] != "2025", t["id"]))
    by_id = {t["id"]: t for t in listed}
    linked = _open_from_link(c, by_id)
    if linked is not None:  # a target of another region, opened from a link: offered while it is shown
        by_id[linked["id"]] = linked
    if not by_id:
        st.info(c.t("targets.none_for_region"))
        return
    # One view at a time: only what is shown is computed and drawn (tabs would build all six).
    # A reader with a province of their own starts on its scorecard.
    if "targets_view" not in st.session_state:
        st.session_state["targets_view"] = "scorecard" if c.actor.province_id is not None else "heatmap"
    view = st.radio(
        c.t("targets.view"),
        VIEWS,
        horizontal=True,
        format_func=lambda v: c.t(f"targets.tab.{v}"),
        key="targets_view",
        label_visibility="collapsed",
    )
    if view == "heatmap":
        heat, version = c.cached_versioned(targets.heatmap, c.region_id)  # version: the data it was read from
        heatmap(c, heat, (version, c.region_id, c.lang))
    elif view in ("indicator", "contribution"):
        chosen = st.selectbox(
            c.t("targets.choose_target"),
            list(by_id),
            format_func=lambda i: target_label(c, by_id[i]),
            key="targets_target",
        )
        if linked is not None and chosen == linked["id"]:
            st.caption(c.t("records.target_other_region"))
            detail = linked
        else:
            detail = c.cached(targets.target_detail, chosen)
        if view == "indicator":
            follow_button(c, "target", chosen)
            indicator(c, detail)
            # What the register's credited projects deliver towards the target (plan execution).
            target_delivery_section(st, c, chosen)
            council_decisions(c, "target", chosen, key="targets_decision")
        else:
            contribution(c, detail)
    elif view == "map":
        value_map(c, listed)
    elif view == "scorecard":
        scorecard(c)
    else:
        catalogue(c, listed)


def _detail_or_none(c, tid: int | None) -> dict | None:
    if tid is None:
        return None
    try:
        return c.read(targets.target_detail, tid)
    except NotFound:
        return None


def _open_from_link(c, by_id: dict) -> dict | None:
    """A link such as ?target=5 opens that target once, in the view that shows one target.
    Returns the linked target (its detail) while it is shown and not among the region's."""
    raw = take_query_param("target")
    if raw is not None:
        st.session_state.pop("targets_linked", None)
        tid = parse_id(raw)
        if tid in by_id:
            st.session_state["targets_view"] = "indicator"
            st.session_state["targets_target"] = tid
            return None
        detail = _detail_or_none(c, tid)
        if detail is None:
            st.warning(c.t("records.target_not_found", ident=shown_param(raw)), icon=":material/link_off:")
            return None
        st.session_state["targets_view"] = "indicator"
        st.session_state["targets_target"] = tid
        st.session_state["targets_linked"] = tid
        return detail
    tid = st.session_state.get("targets_linked")
    if tid is None:
        return None
    if tid in by_id or st.session_state.get("targets_target") != tid:
        st.session_state.pop("targets_linked", None)
        return None
    detail = _detail_or_none(c, tid)
    if detail is None:
        st.session_state.pop("targets_linked", None)
    return detail
