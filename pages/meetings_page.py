"""Council meetings: agenda drafted from the live data, decisions, follow-ups, briefing pack.
Who may manage meetings (auth.PERMISSIONS "meeting.manage") edits; everyone reads."""

from __future__ import annotations

from datetime import date

import streamlit as st

from council import briefing, meetings
from council.i18n import fmt_date
from council.meetings import MEETING_KINDS
from council.regions import list_provinces
from council.ui.context import ctx
from council.ui.follow import follow_button
from council.ui.forms import CreateForm, EditForm, act
from council.ui.notices import show
from council.ui.shown import shown_version
from council.ui.text import plain
from pages.meeting_views.agenda import agenda
from pages.meeting_views.export import briefing_pack, open_follow_ups

SPEC = dict(
    url_path="meetings",
    title_key="meetings.nav",
    icon=":material/event_note:",
    section="nav.section.council",
    order=60,
)


def render() -> None:
    c = ctx()
    manage = c.can(meetings.ACTION)
    st.title(c.t("meetings.title"))
    rows = c.read(meetings.list_meetings, c.region_id)
    pname = {p["id"]: p["name_vi"] for p in c.read(list_provinces, None)}
    if manage:
        # Shown above the expander: it closes once the region has a meeting.
        show("meetings_new")
        with st.expander(c.t("meetings.new"), expanded=not rows):
            _create_form(c)
    if not rows:
        st.info(c.t("meetings.none"))
        return
    meeting_id = _pick(c, rows)
    detail = c.read(meetings.meeting_detail, meeting_id)
    summaries = c.read(briefing.item_summaries, detail["items"], c.lang)
    _heading(c, detail)
    follow_button(c, "meeting", meeting_id)
    if manage and detail["status"] == "open":
        _meeting_actions(c, detail)
    agenda(c, detail, summaries, pname, manage)
    briefing_pack(c, detail)
    open_follow_ups(c, c.read(meetings.open_follow_ups, c.region_id))


def _kind(c, kind: str) -> str:
    return c.t(f"meetings.kind.{kind}")


def _meeting_fields(c, form, current: dict) -> tuple[dict, bool]:
    cols = st.columns(3)
    values = {
        "meeting_date": cols[0].date_input(
            c.t("meetings.date"),
            value=current.get("meeting_date") or date.today(),
            format="DD/MM/YYYY",
            key=form.key("date"),
        ),
        "kind": cols[1].selectbox(
            c.t("meetings.kind"),
            MEETING_KINDS,
            index=MEETING_KINDS.index(current.get("kind") or MEETING_KINDS[0]),
            format_func=lambda k: _kind(c, k),
            key=form.key("kind"),
        ),
        "place": cols[2].text_input(
            c.t("meetings.place"), value=current.get("place", ""), key=form.key("place")
        ),
        "title": st.text_input(
            c.t("meetings.title_field"), value=current.get("title", ""), key=form.key("title")
        ),
    }
    label = c.t("common.save") if current else c.t("meetings.create")
    return values, st.form_submit_button(label, type="primary")


def _create_form(c) -> None:
    form = CreateForm("meetings_new")
    with form:
        values, submitted = _meeting_fields(c, form, {})
    if submitted:
        form.save(
            c,
            lambda session: meetings.create_meeting(session, c.actor, region_id=c.region_id, **values),
            values=values,
            success=c.t("meetings.created"),
            # The next run shows the new meeting.
            on_success=lambda created: st.session_state.update(meetings_select=created["id"]),
        )


def _pick(c, rows: list[dict]) -> int:
    by_id = {m["id"]: m for m in rows}
    wanted = st.query_params.get("meeting")
    follow_up = st.query_params.get("follow_up")
    if follow_up and follow_up.isdigit():
        wanted = str(c.read(meetings.follow_up_meeting, int(follow_up)) or "")
    if wanted and wanted.isdigit() and int(wanted) in by_id and "meetings_select" not in st.session_state:
        st.session_state["meetings_select"] = int(wanted)
    if st.session_state.get("meetings_select") not in by_id:
        st.session_state.pop("meetings_select", None)

    def label(i: int) -> str:
        m = by_id[i]
        text = f"{fmt_date(m['meeting_date'], c.lang)} · {_kind(c, m['kind'])} · {m['place']}"
        return text + (f" · {m['title']}" if m["title"] else "")

    return st.selectbox(c.t("meetings.select"), list(by_id), key="meetings_select", format_func=label)


def _heading(c, detail: dict) -> None:
    heading = c.t(
        "meetings.heading",
        kind=_kind(c, detail["kind"]),
        date=fmt_date(detail["meeting_date"], c.lang),
        place=plain(detail["place"]),
    )
    st.subheader(f"{plain(detail['title'])} — {heading}" if detail["title"] else heading)
    active = [i for i in detail["items"] if not i["dropped"]]
    st.caption(c.t("meetings.status_line", status=c.t(f"meetings.status.{detail['status']}"), n=len(active)))
    if detail["status"] != "open":
        st.info(c.t("meetings.closed_note"))


def _meeting_actions(c, detail: dict) -> None:
    meeting_id = detail["id"]
    with st.expander(c.t("meetings.edit")):
        fields = {k: detail[k] for k in ("version", "meeting_date", "kind", "place", "title")}
        form = EditForm("meetings_meeting", meeting_id, fields)
        with form:
            values, submitted = _meeting_fields(c, form, form.record)
        if submitted:
            form.save(
                c,
                lambda session, version: meetings.update_meeting(
                    session, c.actor, meeting_id, expected_version=version, **values
                ),
                values=values,
                success=c.t("meetings.saved"),
            )
    # The meeting as drawn when "close" was clicked: a change made meanwhile is not closed unseen.
    version = shown_version(f"meeting_{meeting_id}", detail["version"])
    row = st.container(horizontal=True)
    if row.button(
        c.t("meetings.generate"), type="primary", key="meetings_generate", icon=":material/auto_awesome:"
    ):
        act(
            c,
            lambda session: meetings.generate_agenda(session, c.actor, meeting_id),
            success=lambda added: (
                c.t("meetings.generated", n=len(added)) if added else c.t("meetings.generated_none")
            ),
        )
    if row.button(c.t("meetings.close"), key="meetings_close", icon=":material/lock:"):
        act(
            c,
            lambda session: meetings.close_meeting(session, c.actor, meeting_id, expected_version=version),
            success=c.t("meetings.saved"),
        )
