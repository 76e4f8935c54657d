"""What the user follows (by their own choice or by the rules), follow another record, unfollow."""

from __future__ import annotations

import streamlit as st

from council import notify
from council.ui.context import PageContext
from council.ui.forms import act
from council.ui.links import record_link
from council.ui.text import plain


def render(c: PageContext) -> None:
    _follow_new(c)
    rows = c.read(notify.followed, c.actor)
    if not rows:
        st.info(c.t("notify.following_none"))
    for row in rows:
        _row(c, row)


def _follow_new(c: PageContext) -> None:
    with st.container(border=True, key="notify_follow_new"):
        st.markdown(f"**{c.t('notify.follow_new')}**")
        left, right = st.columns([1, 3])
        kind = left.selectbox(
            c.t("notify.follow_kind"),
            notify.FOLLOWABLE,
            format_func=lambda k: c.t(f"notify.kind.{k}"),
            key="notify_follow_kind",
        )
        records = c.read(notify.followable_records, kind)
        if not records:
            right.caption(c.t("notify.no_records"))
            return
        labels = {r["id"]: r["label"] for r in records}
        record_id = right.selectbox(
            c.t("notify.follow_record"),
            list(labels),
            format_func=labels.get,
            key=f"notify_follow_record_{kind}",
        )
        if st.button(c.t("notify.follow"), key="notify_follow_submit", type="primary"):
            act(
                c,
                lambda s: notify.follow(s, c.actor, kind, record_id),
                success=c.t("notify.followed", label=plain(labels[record_id])),
            )


def _row(c: PageContext, row: dict) -> None:
    key = f"{row['entity']}_{row['entity_id']}"
    left, middle, right = st.columns([5, 2, 2], vertical_alignment="center")
    left.markdown(
        f"{c.t('notify.kind.' + row['entity'])}: {plain(row['label'])}  \n"
        f":gray[{c.t('notify.why', reason=c.t('notify.reason.' + row['reason']))}]"
    )
    if row["link"]:
        with middle:
            record_link(row["link"], c.t("notify.open"))
    if row["following"]:
        if right.button(c.t("notify.unfollow"), key=f"notify_unfollow_{key}"):
            act(
                c,
                lambda s: notify.unfollow(s, c.actor, row["entity"], row["entity_id"]),
                success=c.t("notify.unfollowed", label=plain(row["label"])),
            )
    elif right.button(c.t("notify.follow"), key=f"notify_refollow_{key}"):
        act(
            c,
            lambda s: notify.follow(s, c.actor, row["entity"], row["entity_id"]),
            success=c.t("notify.followed", label=plain(row["label"])),
        )
