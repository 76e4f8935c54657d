"""One project: facts, participants and acceptance, funding, milestones, progress, linked
conflicts, history; for the secretariat the workflow, edits and the cost-sharing calculator."""

from __future__ import annotations

import streamlit as st

from council import projects
from council.ui.context import ctx
from council.ui.follow import follow_button
from council.ui.records import council_decisions, parse_id, shown_param, take_query_param
from pages.project_views import detail, edit, related, secretariat
from pages.project_views.common import OPEN_KEY, error_text, open_project

SPEC = dict(
    url_path="project",
    title_key="projects.nav_detail",
    icon=":material/description:",
    section="nav.section.council",
    order=11,
)

__all__ = ["SPEC", "error_text", "open_project", "render"]


def render() -> None:
    c = ctx()
    # The picker's list and the record are the same for every reader: once per data version.
    rows = c.cached(projects.project_choices)
    if not rows:
        st.title(c.t("projects.nav_detail"))
        st.info(c.t("projects.detail.none"))
        return
    ids = [r["id"] for r in rows]
    names = {r["id"]: f"{r['code']} · {r['name_vi']}" for r in rows}
    _open_from_link(c, ids)
    wanted = st.session_state.get(OPEN_KEY)
    pid = st.selectbox(
        c.t("projects.detail.pick"),
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=names.get,
        key="project_pick",
    )
    st.session_state[OPEN_KEY] = pid
    d = c.cached(projects.project_detail, pid)
    detail.header(c, d)
    follow_button(c, "project", pid)
    detail.participants(c, d, edit.group_of(pid))
    left, right = st.columns(2)
    with left:
        detail.funding(c, d)
    with right:
        detail.milestones(c, d)
    related.conflicts(c, d)
    related.plan_credits(c, d)
    council_decisions(c, "project", pid, key="project_decision")
    if c.can("project.edit"):
        st.divider()
        secretariat.forms(c, d)
    related.history(c, d)


def _open_from_link(c, ids: list[int]) -> None:
    """A link such as ?project=12 opens that project once; a wrong id is said, not raised."""
    raw = take_query_param("project")
    if raw is None:
        return
    pid = parse_id(raw)
    if pid in ids:
        st.session_state[OPEN_KEY] = pid
        st.session_state["project_pick"] = pid
    else:
        st.warning(c.t("records.project_not_found", ident=shown_param(raw)), icon=":material/link_off:")
