"""My province's "what changed since my last visit": each change by others, who made it and
when, with a link to the record (``council.myprovince.changes_since``)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from council.i18n import code_label, fmt_date
from council.ui.links import link_row
from council.ui.people import people
from council.ui.text import plain

STATUS_CODES = {
    "conflict": "cstatus",
    "project": "pstatus",
    "observation": "meetings.figstatus",
    "follow_up": "meetings.fu",
}


def changes_section(c, changes: list[dict], since: datetime | None) -> None:
    with st.container(border=True, key="myprovince_changes"):
        st.markdown(f"**{c.t('myprovince.changes')}**")
        st.caption(
            c.t("myprovince.changes_since", at=fmt_date(since, c.lang))
            if since
            else c.t("myprovince.changes_first")
        )
        if not changes:
            st.caption(c.t("myprovince.no_changes"))
        name = people(c, [ch["actor"] for ch in changes])
        for ch in changes:
            by = c.t("myprovince.change.by", who=plain(name(ch["actor"])), at=fmt_date(ch["at"], c.lang))
            link_row(f"- {_change_text(c, ch)} — {by}", ch["link"], c.t("myprovince.open"))


def _change_text(c, ch: dict) -> str:
    if ch["action"] in ("create", "update", "transition"):
        what = c.t(f"myprovince.what.{ch['action']}")
    else:
        what = plain(ch["action"])
    if ch.get("status"):
        kind = STATUS_CODES.get(ch["entity"], "")
        status = code_label(kind, ch["status"], c.lang) if kind else plain(ch["status"])
        what = c.t("myprovince.what.status", status=status)
    return c.t(f"myprovince.change.{ch['entity']}", ref=plain(ch["ref"]), what=what)
