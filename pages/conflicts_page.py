"""Conflicts between localities: board by status, filtered list, dashboard, detail with the
comment thread, and the forms to record, move, edit, comment, reply and hide (pages/conflict_views/)."""

from __future__ import annotations

import streamlit as st

from council import conflicts
from council.conflicts import CONFLICT_STATUSES, CONFLICT_TYPES, SEVERITIES
from council.regions import list_provinces
from council.ui.context import ctx
from council.ui.records import shown_param, take_query_param
from pages.conflict_views import lists, record
from pages.conflict_views.common import select
from pages.conflict_views.detail import detail
from pages.home_views.today import awaiting_comment

SPEC = dict(
    url_path="conflicts",
    title_key="conflicts.nav",
    icon=":material/gavel:",
    section="nav.section.council",
    order=30,
)

VIEWS = ("board", "table", "dashboard", "detail", "open")


def render() -> None:
    c = ctx()
    st.title(c.t("conflicts.title"))
    st.caption(c.t("conflicts.intro"))
    awaiting_comment(c)  # an expert lands here: the conflicts awaiting their comment first
    _select_from_query(c)
    if st.session_state.get("conflicts_goto") is not None:
        select(st.session_state.pop("conflicts_goto"))
    # The "record" view for whoever may record a conflict (a representative: for their province).
    may_open = c.can("conflict.open", [c.actor.province_id])
    views = [v for v in VIEWS if v != "open" or may_open]
    if st.session_state.get("conflicts_view") not in views:
        st.session_state["conflicts_view"] = "board"
    view = st.radio(
        c.t("conflicts.title"),
        views,
        horizontal=True,
        key="conflicts_view",
        label_visibility="collapsed",
        format_func=lambda v: c.t(f"conflicts.tab.{v}"),
    )
    if view == "open":
        record.open_form(c)
        return
    names = {p["id"]: p["name_vi"] for p in c.read(list_provinces, c.region_id)}
    filters = _filters(c, names)
    rows = c.cached(conflicts.list_conflicts, region_id=c.region_id, **filters)
    if view == "detail":
        detail(c, rows)
        return
    if not rows:
        filtered = any(v for v in filters.values())
        st.info(c.t("conflicts.empty_filtered" if filtered else "conflicts.empty"))
        return
    if view == "dashboard":  # counted in SQL, once per data version
        lists.dashboard(c, c.cached(conflicts.tiles, provinces=names, region_id=c.region_id, **filters))
        return
    {"board": lists.board, "table": lists.table}[view](c, rows, names)


def _filters(c, names: dict) -> dict:
    f = st.columns([3, 2, 2, 2, 2])
    search = f[0].text_input(c.t("conflicts.filter.search"), key="conflicts_f_search")
    province = f[1].selectbox(
        c.t("conflicts.filter.province"),
        [None, *names],
        key="conflicts_f_province",
        format_func=lambda i: c.t("common.all") if i is None else names[i],
    )
    ctype = f[2].selectbox(
        c.t("conflicts.filter.type"),
        [None, *CONFLICT_TYPES],
        key="conflicts_f_type",
        format_func=lambda v: c.t("common.all") if v is None else c.t(f"ctype.{v}"),
    )
    severity = f[3].selectbox(
        c.t("conflicts.filter.severity"),
        [None, *SEVERITIES],
        key="conflicts_f_severity",
        format_func=lambda v: c.t("common.all") if v is None else c.t(f"severity.{v}"),
    )
    status = f[4].selectbox(
        c.t("conflicts.filter.status"),
        [None, *CONFLICT_STATUSES],
        key="conflicts_f_status",
        format_func=lambda v: c.t("common.all") if v is None else c.t(f"cstatus.{v}"),
    )
    overdue_only = st.checkbox(c.t("conflicts.filter.overdue"), key="conflicts_f_overdue")
    return dict(
        province_id=province,
        type=ctype,
        severity=severity,
        status=status,
        overdue=True if overdue_only else None,
        search=search,
    )


def _select_from_query(c) -> None:
    """A link such as ?conflict=C-2026-001 (from the register, meetings, my province) opens that
    conflict once per arrival; an unknown code is said, not raised."""
    code = take_query_param("conflict")
    if not code:
        return
    found = c.read(conflicts.id_for_code, code)
    if found is None:
        st.warning(c.t("records.conflict_not_found", ident=shown_param(code)))
    else:
        select(found)
