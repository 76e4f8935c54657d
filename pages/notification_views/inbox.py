"""The list of notifications: what changed, who, when, the record's link; mark read."""

from __future__ import annotations

import streamlit as st

from council import notify
from council.i18n import fmt_date
from council.ui.context import PageContext
from council.ui.forms import act
from council.ui.links import record_link
from council.ui.text import plain


def render(c: PageContext) -> None:
    unread_only = st.toggle(c.t("notify.unread_only"), key="notify_unread_only")
    items = c.read(notify.list_notifications, c.actor, unread_only=unread_only)
    if any(not i["read"] for i in items) and st.button(c.t("notify.mark_all_read"), key="notify_mark_all"):
        act(
            c,
            lambda s: notify.mark_all_read(s, c.actor),
            success=lambda n: c.t("notify.marked_all", n=n),
        )
    if not items:
        st.info(c.t("notify.empty"))
    for item in items:
        _item(c, item)


def _item(c: PageContext, item: dict) -> None:
    with st.container(border=True, key=f"notify_item_{item['id']}"):
        left, middle, right = st.columns([5, 2, 2], vertical_alignment="center")
        text = notify.describe(item, c.lang, plain)
        left.markdown(f"**{text}**" if not item["read"] else text)
        by = c.t("notify.by", who=plain(item["who"]), at=fmt_date(item["at"], c.lang))
        why = c.t("notify.why", reason=c.t(f"notify.reason.{item['reason']}")) if item["reason"] else ""
        left.caption(" · ".join(p for p in (by, why) if p))
        if item["link"]:
            with middle:
                record_link(item["link"], c.t("notify.open"))
        if not item["read"] and right.button(c.t("notify.mark_read"), key=f"notify_read_{item['id']}"):
            act(
                c,
                lambda s, nid=item["id"]: notify.mark_read(s, c.actor, nid),
                success=c.t("notify.marked"),
            )
