"""What the record pages share: taking a link's query parameter once, and the council's
decisions about the record shown."""

from __future__ import annotations

import streamlit as st

from council import meetings
from council.i18n import code_label, fmt_date
from council.ui.links import record_link
from council.ui.text import plain, rich


def take_query_param(name: str) -> str | None:
    """The value of ``?name=`` when the page was reached with it, removed from the URL so it
    is applied once per arrival: the user can then pick another record without being sent back."""
    value = st.query_params.get(name)
    if value is None:
        return None
    del st.query_params[name]
    return value.strip()


def parse_id(value: str | None) -> int | None:
    """A positive record id from a link, None when it is not one."""
    if value is None or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number < 2**63 else None


def shown_param(value: str) -> str:
    """A query parameter quoted back in a message: short, and typed text never becomes markup."""
    # Plain text, not Markdown: a link or image typed into the URL must not render.
    return plain(value if len(value) <= 40 else value[:39] + "…")


def council_decisions(c, ref_entity: str, ref_id, key: str, *, subheader: bool = True) -> None:
    """The follow-ups of the council's decisions about one record: decision text, deadline,
    status, meeting, and a link to the meeting."""
    rows = c.cached(meetings.follow_ups_for, ref_entity, ref_id)
    title = c.t("records.decisions")
    if subheader:
        st.subheader(title)
    else:
        st.markdown(f"#### {title}")
    if not rows:
        st.caption(c.t("records.decisions_none"))
        return
    for fu in rows:
        with st.container(border=True, key=f"{key}_{fu['id']}"):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(rich(fu["decision_text"]))
            left.caption(
                c.t(
                    "records.decision_facts",
                    deadline=fmt_date(fu["deadline"], c.lang),
                    status=code_label("meetings.fu", fu["status"], c.lang),
                    date=fmt_date(fu["meeting_date"], c.lang),
                    place=plain(fu["meeting_place"]),
                )
            )
            with right:
                record_link(f"meetings?follow_up={fu['id']}", c.t("records.open_meeting"))
