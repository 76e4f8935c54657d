"""Audit log (secretariat): list and filter every change, with before and after."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from council import audit
from council.i18n import LOCAL_TZ, action_label, entity_label, fmt_date
from council.ui.context import ctx, require
from council.ui.people import people
from council.ui.readable import field_label, readable, step_label

SPEC = dict(
    url_path="audit",
    title_key="nav.audit",
    icon=":material/history:",
    action="audit.read",
    section="nav.section.admin",
    order=910,
)


def render() -> None:
    c = ctx()
    vn = ZoneInfo(LOCAL_TZ)
    require(c, "audit.read")
    st.title(c.t("audit.title"))
    # Both the filter choices and the entries are cached per data version (the log is the version).
    choices = c.cached(audit.filter_choices)
    entities, actors, actions = choices["entities"], choices["actors"], choices["actions"]
    cols = st.columns(5)
    all_ = c.t("audit.all")
    entity = cols[0].selectbox(
        c.t("audit.entity"),
        [all_, *entities],
        key="audit_entity",
        format_func=lambda e: e if e == all_ else entity_label(e, c.lang),
    )
    name = people(c, actors)  # full names, not user names
    actor = cols[1].selectbox(
        c.t("audit.actor"),
        [all_, *actors],
        key="audit_actor",
        format_func=lambda a: a if a == all_ else name(a),
    )
    action = cols[2].selectbox(
        c.t("audit.action"),
        [all_, *actions],
        key="audit_action",
        format_func=lambda a: a if a == all_ else action_label(a, c.lang),
    )
    since = cols[3].date_input(c.t("audit.from"), value=None, key="audit_from", format="DD/MM/YYYY")
    until = cols[4].date_input(c.t("audit.to"), value=None, key="audit_to", format="DD/MM/YYYY")
    rows = c.cached(
        audit.list_entries,
        entity=None if entity == all_ else entity,
        actor_name=None if actor == all_ else actor,
        action=None if action == all_ else action,
        # The dates are Vietnam days (the times shown are Vietnam time too).
        since=dt.datetime.combine(since, dt.time.min, vn) if since else None,
        until=dt.datetime.combine(until, dt.time.max, vn) if until else None,
    )
    if not rows:
        st.info(c.t("audit.empty"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": r["id"],
                    c.t("audit.col.at"): fmt_date(r["at"], c.lang),
                    c.t("audit.actor"): name(r["actor"]),
                    c.t("audit.action"): action_label(r["action"], c.lang),
                    c.t("audit.entity"): entity_label(r["entity"], c.lang),
                    c.t("audit.col.id"): r["entity_id"],
                    c.t("audit.col.changed"): ", ".join(field_label(f, c.lang) for f in r["changed"]),
                }
                for r in rows
            ]
        ),
        hide_index=True,
        key="audit_table",
    )
    st.subheader(c.t("audit.detail"))
    pick = st.selectbox(c.t("audit.pick"), [r["id"] for r in rows], key="audit_pick")
    entry = next(r for r in rows if r["id"] == pick)
    step = step_label(entry["entity"], entry["note"], c.lang)  # a figure's workflow step, in words
    if step:
        st.caption(c.t("signoff.audit_step", step=step))
    # Before → after as a table: fields in the reader's words, times in Vietnam time, no raw JSON.
    before, after = entry["before"] or {}, entry["after"] or {}
    fields = [k for k in {**before, **after} if before.get(k) != after.get(k)] or list({**before, **after})
    if not fields:
        st.caption(c.t("audit.no_detail"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("audit.col.field"): field_label(k, c.lang),
                    c.t("audit.before"): readable(before.get(k), c.lang),
                    c.t("audit.after"): readable(after.get(k), c.lang),
                }
                for k in fields
            ]
        ),
        hide_index=True,
        key="audit_detail_table",
    )
