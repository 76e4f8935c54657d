"""One conflict: facts, parties, projects, timeline, decisions, the secretariat's forms, thread."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import conflicts
from council.errors import NotFound
from council.i18n import code_label, fmt_date
from council.ui.follow import follow_button
from council.ui.notices import show_error
from council.ui.records import council_decisions
from council.ui.text import plain, rich
from pages.conflict_views import record
from pages.conflict_views.common import SEVERITY_COLOURS
from pages.conflict_views.thread import thread


def detail(c, rows) -> None:
    ids = [r["id"] for r in rows]
    picked = st.session_state.get("conflicts_pick")
    labels = {r["id"]: f"{r['code']} — {r['title']}" for r in rows}
    if picked is not None and picked not in ids:
        ids.insert(0, picked)
    if not ids:
        st.info(c.t("conflicts.empty"))
        return
    for i in ids:
        if i not in labels:
            try:
                d = c.read(conflicts.conflict_detail, i)
            except NotFound:
                ids.remove(i)
                continue
            labels[i] = f"{d['code']} — {d['title']}"
    if st.session_state.get("conflicts_pick") not in ids:
        st.session_state["conflicts_pick"] = ids[0]
    cid = st.selectbox(c.t("conflicts.detail.pick"), ids, format_func=labels.get, key="conflicts_pick")
    try:
        d = c.read(conflicts.conflict_detail, cid)
    except NotFound as exc:
        show_error(exc, c.lang)
        return
    _facts(c, d)
    follow_button(c, "conflict", d["id"])
    council_decisions(c, "conflict", str(d["id"]), key="conflicts_decision", subheader=False)
    if c.can("conflict.transition"):
        record.transition_form(c, d)
    if c.can("conflict.edit"):
        provinces, projects, owners = record.choices(c)
        with st.expander(c.t("conflicts.edit.title"), icon=":material/edit:"):
            record.edit_form(c, d, provinces, projects, owners)
    st.download_button(
        c.t("conflicts.export.dossier"),
        conflicts.dossier_html(d, c.lang).encode("utf-8"),
        file_name=f"ho-so-{d['code']}.html",
        mime="text/html",
        key="conflicts_export_dossier",
        icon=":material/description:",
    )
    thread(c, d, c.read(conflicts.can_comment, c.actor, cid))


def _facts(c, d: dict) -> None:
    st.subheader(f"{plain(d['code'])} — {plain(d['title'])}")
    with st.container(horizontal=True):
        st.badge(c.t(f"cstatus.{d['status']}"), color="violet")
        st.badge(c.t(f"severity.{d['severity']}"), color=SEVERITY_COLOURS[d["severity"]])
        st.badge(c.t(f"ctype.{d['type']}"), color="gray")
        if d["overdue"]:
            st.badge(c.t("conflicts.overdue_badge"), icon=":material/schedule:", color="red")
    m = st.columns(3)
    m[0].metric(c.t("conflicts.col.opened_on"), fmt_date(d["opened_on"], c.lang))
    m[1].metric(c.t("conflicts.col.due_on"), fmt_date(d["due_on"], c.lang))
    m[2].metric(c.t("conflicts.col.age_days"), d["age_days"] if d["age_days"] is not None else "—")
    # Names can be long: a line of text, not a metric that would cut them.
    people = [f"**{c.t('conflicts.col.owner')}:** {plain(d['owner'] or c.t('conflicts.form.no_owner'))}"]
    if d["created_by"]:
        people.append(c.t("conflicts.detail.opened_by", name=plain(d["created_by"])))
    st.markdown(" · ".join(people))
    if d["description"]:
        st.markdown(rich(d["description"]))
    if d["resolution_note"]:
        st.markdown(f"**{c.t('conflicts.detail.resolution')}**")
        st.info(rich(d["resolution_note"]))
    st.markdown(f"#### {c.t('conflicts.detail.parties')}")
    st.dataframe(
        pd.DataFrame(
            [
                {c.t("conflicts.col.province"): p["name_vi"], c.t("conflicts.col.position"): p["position"]}
                for p in d["parties"]
            ]
        ),
        hide_index=True,
        key="conflicts_parties",
    )
    st.markdown(f"#### {c.t('conflicts.detail.projects')}")
    if d["projects"]:
        st.markdown(
            "\n".join(
                f"- **{plain(p['code'])}** — {plain(p['name_vi'])} "
                f"({code_label('pstatus', p['status'], c.lang)})"
                for p in d["projects"]
            )
        )
    else:
        st.caption(c.t("conflicts.detail.no_projects"))
    st.markdown(f"#### {c.t('conflicts.detail.timeline')}")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("conflicts.col.at"): fmt_date(e["at"], c.lang),
                    c.t("conflicts.col.status"): (
                        code_label("cstatus", e["from_status"], c.lang) + " → " if e["from_status"] else ""
                    )
                    + code_label("cstatus", e["to_status"], c.lang),
                    c.t("conflicts.col.actor"): e["actor"],
                    c.t("conflicts.col.note"): e["note"],
                }
                for e in d["timeline"]
            ]
        ),
        hide_index=True,
        key="conflicts_timeline",
    )
