"""The follow / unfollow button a record's page shows next to the record (council.notify)."""

from __future__ import annotations

import streamlit as st

from council import notify
from council.ui.forms import act


def follow_button(c, entity: str, entity_id: int) -> None:
    """*Theo dõi* or *Bỏ theo dõi* for this record, with why the user follows it now."""
    state = c.read(notify.following_state, c.actor, entity, entity_id)
    left, right = st.columns([1, 4], vertical_alignment="center")
    key = f"follow_{entity}_{entity_id}"
    if state["following"]:
        clicked = left.button(c.t("notify.unfollow"), key=key, icon=":material/notifications_off:")
        right.caption(c.t("notify.why", reason=c.t(f"notify.reason.{state['reason']}")))
        write = notify.unfollow
        done = "notify.unfollowed_this"
    else:
        clicked = left.button(c.t("notify.follow"), key=key, icon=":material/notifications:")
        write = notify.follow
        done = "notify.followed_this"
    if clicked:
        act(c, lambda s: write(s, c.actor, entity, entity_id), success=c.t(done))
