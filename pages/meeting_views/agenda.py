"""A meeting's agenda: items in order with their facts and decisions, the buttons that move,
drop or restore an item, and the form that adds one."""

from __future__ import annotations

import streamlit as st

from council import meetings
from council.ui.forms import CreateForm, act
from council.ui.links import record_link
from council.ui.shown import shown_version
from council.ui.text import plain
from pages.meeting_views.decisions import decision, record_form


def agenda(c, detail: dict, summaries: dict, pname: dict, manage: bool) -> None:
    is_open = detail["status"] == "open"
    editable = manage and is_open
    st.markdown(f"### {c.t('meetings.agenda')}")
    if not detail["items"]:
        st.info(c.t("meetings.agenda_empty"))
    number = 0
    for item in detail["items"]:
        if not item["dropped"]:
            number += 1
        with st.container(border=True, key=f"meetings_item_{item['id']}"):
            _item(c, item, number, summaries, pname, manage, is_open, editable)
    if editable:
        _add_form(c, detail["id"])


def _item(c, item, number, summaries, pname, manage, is_open, editable) -> None:
    iid = item["id"]
    prefix = f"{number}. " if not item["dropped"] else ""
    title = f"~~{plain(item['title'])}~~" if item["dropped"] else plain(item["title"])
    st.markdown(f"**{prefix}{title}**")
    caption = c.t(f"meetings.item.{item['kind']}")
    if item["dropped"]:
        caption += f" · {c.t('meetings.dropped')}"
    st.caption(caption)
    for line in summaries.get(iid, []):
        st.markdown(plain(line))
    if item["link"]:
        record_link(item["link"], c.t("meetings.open_record"))
    for d in item["decisions"]:
        decision(c, d, pname, manage, is_open)
    if not editable:
        return
    # The item as drawn when the user clicked: a move after someone else's is refused.
    version = shown_version(f"agenda_item_{iid}", item["version"])
    row = st.container(horizontal=True)
    step = None
    if row.button(c.t("meetings.up"), key=f"meetings_up_{iid}", icon=":material/arrow_upward:"):
        step = -1
    if row.button(c.t("meetings.down"), key=f"meetings_down_{iid}", icon=":material/arrow_downward:"):
        step = 1
    if step is not None:
        act(
            c,
            lambda session: meetings.move_item(session, c.actor, iid, expected_version=version, step=step),
            success=c.t("meetings.saved"),
        )
    label = c.t("meetings.restore") if item["dropped"] else c.t("meetings.drop")
    if row.button(label, key=f"meetings_drop_{iid}"):
        act(
            c,
            lambda session: meetings.set_dropped(
                session, c.actor, iid, expected_version=version, dropped=not item["dropped"]
            ),
            success=c.t("meetings.saved"),
        )
    if not item["dropped"]:
        with st.expander(c.t("meetings.record_decision")):
            record_form(c, iid, pname)


def _add_form(c, meeting_id: int) -> None:
    form = CreateForm(f"meetings_add_{meeting_id}", prefix="meetings_add")
    with form:
        st.markdown(f"**{c.t('meetings.add_item')}**")
        values = {
            "title": st.text_input(c.t("meetings.item_title"), key=form.key("title")),
            "summary": st.text_area(c.t("meetings.item_summary"), key=form.key("summary")),
        }
        submitted = st.form_submit_button(c.t("meetings.add"))
    if submitted:
        form.save(
            c,
            lambda session: meetings.add_item(session, c.actor, meeting_id, **values),
            values=values,
            success=c.t("meetings.saved"),
        )
