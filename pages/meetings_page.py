"""Council meetings: agenda drafted from the live data, decisions, follow-ups, briefing pack.
The secretariat edits; everyone reads."""

from __future__ import annotations

SPEC = dict(
    url_path="meetings",
    title_key="meetings.nav",
    icon=":material/event_note:",
    section="nav.section.council",
    order=60,
)


def render() -> None:
    from datetime import date

    import streamlit as st

    from council import briefing, meetings
    from council.auth import can
    from council.db import read_session, write_session
    from council.errors import CouncilError
    from council.i18n import fmt_date
    from council.models import MEETING_KINDS
    from council.regions import list_provinces
    from council.ui.context import ctx, show_error
    from council.ui.links import record_link

    c = ctx()
    manage = can(c.actor, meetings.ACTION)
    st.title(c.t("meetings.title"))

    def act(fn, *args, success: str | None = None, **kwargs):
        """Run one service call in its own transaction; show a council error instead of raising."""
        try:
            with write_session(c.engine) as session:
                result = fn(session, c.actor, *args, **kwargs)
        except CouncilError as exc:
            show_error(exc, c.lang)
            return None
        if success:
            st.session_state["meetings_flash"] = success
        st.rerun()
        return result

    if st.session_state.get("meetings_flash"):
        st.success(st.session_state.pop("meetings_flash"))

    with read_session(c.engine) as session:
        rows = meetings.list_meetings(session, c.region_id)
        provinces = list_provinces(session, None)
        follow_ups = meetings.open_follow_ups(session, c.region_id)
    pname = {p["id"]: p["name_vi"] for p in provinces}
    kind_label = lambda k: c.t(f"meetings.kind.{k}")  # noqa: E731

    if manage:
        with (
            st.expander(c.t("meetings.new"), expanded=not rows),
            st.form("meetings_new", clear_on_submit=True),
        ):
            cols = st.columns(3)
            when = cols[0].date_input(
                c.t("meetings.date"), value=date.today(), format="DD/MM/YYYY", key="meetings_new_date"
            )
            kind = cols[1].selectbox(
                c.t("meetings.kind"), MEETING_KINDS, format_func=kind_label, key="meetings_new_kind"
            )
            place = cols[2].text_input(c.t("meetings.place"), key="meetings_new_place")
            title = st.text_input(c.t("meetings.title_field"), key="meetings_new_title")
            if st.form_submit_button(c.t("meetings.create"), type="primary"):
                created = None
                try:
                    with write_session(c.engine) as session:
                        created = meetings.create_meeting(
                            session,
                            c.actor,
                            region_id=c.region_id,
                            meeting_date=when,
                            place=place,
                            kind=kind,
                            title=title,
                        )
                except CouncilError as exc:
                    show_error(exc, c.lang)
                if created:
                    st.session_state["meetings_select"] = created["id"]
                    st.session_state["meetings_flash"] = c.t("meetings.created")
                    st.rerun()

    if not rows:
        st.info(c.t("meetings.none"))
        return
    ids = [m["id"] for m in rows]
    by_id = {m["id"]: m for m in rows}
    wanted = st.query_params.get("meeting")
    follow_up = st.query_params.get("follow_up")
    if follow_up and follow_up.isdigit():
        with read_session(c.engine) as session:
            wanted = str(meetings.follow_up_meeting(session, int(follow_up)) or "")
    if wanted and wanted.isdigit() and int(wanted) in by_id and "meetings_select" not in st.session_state:
        st.session_state["meetings_select"] = int(wanted)
    if st.session_state.get("meetings_select") not in by_id:
        st.session_state.pop("meetings_select", None)
    meeting_id = st.selectbox(
        c.t("meetings.select"),
        ids,
        key="meetings_select",
        format_func=lambda i: (
            f"{fmt_date(by_id[i]['meeting_date'], c.lang)} · {kind_label(by_id[i]['kind'])} · "
            f"{by_id[i]['place']}" + (f" · {by_id[i]['title']}" if by_id[i]["title"] else "")
        ),
    )

    with read_session(c.engine) as session:
        detail = meetings.meeting_detail(session, meeting_id)
        cache: dict = {}
        summaries = {i["id"]: briefing.item_summary(session, i, c.lang, cache=cache) for i in detail["items"]}
    is_open = detail["status"] == "open"
    editable = manage and is_open
    heading = c.t(
        "meetings.heading",
        kind=kind_label(detail["kind"]),
        date=fmt_date(detail["meeting_date"], c.lang),
        place=detail["place"],
    )
    st.subheader(f"{detail['title']} — {heading}" if detail["title"] else heading)
    active = [i for i in detail["items"] if not i["dropped"]]
    st.caption(c.t("meetings.status_line", status=c.t(f"meetings.status.{detail['status']}"), n=len(active)))
    if not is_open:
        st.info(c.t("meetings.closed_note"))

    if editable:
        row = st.container(horizontal=True)
        if row.button(
            c.t("meetings.generate"), type="primary", key="meetings_generate", icon=":material/auto_awesome:"
        ):
            try:
                with write_session(c.engine) as session:
                    added = meetings.generate_agenda(session, c.actor, meeting_id)
                st.session_state["meetings_flash"] = (
                    c.t("meetings.generated", n=len(added)) if added else c.t("meetings.generated_none")
                )
                st.rerun()
            except CouncilError as exc:
                show_error(exc, c.lang)
        if row.button(c.t("meetings.close"), key="meetings_close", icon=":material/lock:"):
            act(
                meetings.close_meeting,
                meeting_id,
                expected_version=detail["version"],
                success=c.t("meetings.saved"),
            )

    st.markdown(f"### {c.t('meetings.agenda')}")
    if not detail["items"]:
        st.info(c.t("meetings.agenda_empty"))
    number = 0
    for item in detail["items"]:
        iid = item["id"]
        if not item["dropped"]:
            number += 1
        with st.container(border=True, key=f"meetings_item_{iid}"):
            prefix = f"{number}. " if not item["dropped"] else ""
            title = f"~~{item['title']}~~" if item["dropped"] else item["title"]
            st.markdown(f"**{prefix}{title}**")
            caption = c.t(f"meetings.item.{item['kind']}")
            if item["dropped"]:
                caption += f" · {c.t('meetings.dropped')}"
            st.caption(caption)
            for line in summaries.get(iid, []):
                st.markdown(line)
            if item["link"]:
                record_link(item["link"], c.t("meetings.open_record"))
            for d in item["decisions"]:
                _decision(st, c, d, pname, manage, is_open, act, meetings)
            if editable:
                row = st.container(horizontal=True)
                if row.button(c.t("meetings.up"), key=f"meetings_up_{iid}", icon=":material/arrow_upward:"):
                    act(meetings.move_item, iid, expected_version=item["version"], step=-1)
                if row.button(
                    c.t("meetings.down"), key=f"meetings_down_{iid}", icon=":material/arrow_downward:"
                ):
                    act(meetings.move_item, iid, expected_version=item["version"], step=1)
                label = c.t("meetings.restore") if item["dropped"] else c.t("meetings.drop")
                if row.button(label, key=f"meetings_drop_{iid}"):
                    act(
                        meetings.set_dropped,
                        iid,
                        expected_version=item["version"],
                        dropped=not item["dropped"],
                    )
                if not item["dropped"]:
                    with st.expander(c.t("meetings.record_decision")):
                        values = _decision_form(st, c, f"meetings_dec_{iid}", pname, None)
                        if values is not None:
                            act(meetings.record_decision, iid, success=c.t("meetings.saved"), **values)

    if editable:
        with st.form("meetings_add", clear_on_submit=True):
            st.markdown(f"**{c.t('meetings.add_item')}**")
            title = st.text_input(c.t("meetings.item_title"), key="meetings_add_title")
            summary = st.text_area(c.t("meetings.item_summary"), key="meetings_add_summary")
            if st.form_submit_button(c.t("meetings.add")):
                act(
                    meetings.add_item, meeting_id, title=title, summary=summary, success=c.t("meetings.saved")
                )

    st.markdown(f"### {c.t('meetings.export')}")
    cols = st.columns([2, 2, 2, 2])
    lang = cols[0].radio(
        c.t("meetings.export_lang"),
        ("vi", "en"),
        format_func=lambda x: c.t(f"meetings.lang.{x}"),
        horizontal=True,
        key="meetings_export_lang",
    )
    if cols[1].button(
        c.t("meetings.export_prepare"), key="meetings_export_prepare", icon=":material/description:"
    ):
        with read_session(c.engine) as session:
            pack = briefing.build_pack(session, meeting_id, lang)
        st.session_state["meetings_pack"] = {
            "meeting": meeting_id,
            "lang": lang,
            "pdf": briefing.to_pdf(pack),
            "docx": briefing.to_docx(pack),
            "at": pack.generated,
        }
    pack = st.session_state.get("meetings_pack")
    if pack and pack["meeting"] == meeting_id:
        stem = f"tai-lieu-phien-hop-{detail['meeting_date']}-{pack['lang']}"
        cols[2].download_button(
            c.t("meetings.export_pdf"),
            pack["pdf"],
            file_name=f"{stem}.pdf",
            mime=briefing.PDF_MIME,
            key="meetings_download_pdf",
        )
        cols[3].download_button(
            c.t("meetings.export_docx"),
            pack["docx"],
            file_name=f"{stem}.docx",
            mime=briefing.DOCX_MIME,
            key="meetings_download_docx",
        )
        st.caption(pack["at"])

    st.markdown(f"### {c.t('meetings.open_follow_ups')}")
    if not follow_ups:
        st.caption(c.t("meetings.no_follow_ups"))
    for fu in follow_ups:
        left, right = st.columns([5, 1])
        left.markdown(
            f"- {fu['decision_text']} — "
            f"{c.t('meetings.deadline_line', date=fmt_date(fu['deadline'], c.lang))}"
        )
        if fu["link"]:
            with right:
                record_link(fu["link"], c.t("meetings.open_record"))


def _decision_form(st, c, key: str, pname: dict[int, str], current: dict | None) -> dict | None:
    """The decision fields; the values when submitted, else None."""
    from datetime import date

    from council.textutil import vi_sort_key

    with st.form(key):
        text = st.text_area(
            c.t("meetings.decision_text"), value=(current or {}).get("text", ""), key=f"{key}_text"
        )
        options = sorted(pname, key=lambda i: vi_sort_key(pname[i]))
        chosen = st.multiselect(
            c.t("meetings.decision_provinces"),
            options,
            default=(current or {}).get("province_ids", []),
            format_func=lambda i: pname[i],
            key=f"{key}_provinces",
        )
        bodies = st.text_input(
            c.t("meetings.decision_bodies"),
            value=(current or {}).get("responsible_bodies", ""),
            key=f"{key}_bodies",
        )
        cols = st.columns(2)
        deadline = cols[0].date_input(
            c.t("meetings.decision_deadline"),
            value=(current or {}).get("deadline") or date.today(),
            format="DD/MM/YYYY",
            key=f"{key}_deadline",
        )
        none = cols[1].checkbox(
            c.t("meetings.no_deadline"),
            value=bool(current) and current.get("deadline") is None,
            key=f"{key}_nodeadline",
        )
        if st.form_submit_button(c.t("meetings.save_decision"), type="primary"):
            return {
                "text": text,
                "province_ids": chosen,
                "responsible_bodies": bodies,
                "deadline": None if none else deadline,
            }
    return None


def _decision(st, c, d: dict, pname: dict[int, str], manage: bool, is_open: bool, act, meetings) -> None:
    from council.i18n import fmt_date

    who = [pname.get(p, "?") for p in d["province_ids"]] + (
        [d["responsible_bodies"]] if d["responsible_bodies"] else []
    )
    lines = [
        f"**{c.t('meetings.decision_line', id=d['id'], text=d['text'])}**",
        c.t("meetings.responsible", who=", ".join(who))
        + " · "
        + c.t("meetings.deadline_line", date=fmt_date(d["deadline"], c.lang)),
    ]
    if d["corrects_id"]:
        lines.append(c.t("meetings.correction_of", id=d["corrects_id"]))
    if d["corrected_by"]:
        lines.append(c.t("meetings.corrected_by", id=d["corrected_by"]))
    for fu in d["follow_ups"]:
        lines.append(f"{c.t('meetings.follow_up')}: {c.t('meetings.fu.' + fu['status'])}")
    st.markdown("  \n".join(lines))
    if not manage:
        return
    for fu in d["follow_ups"]:
        if fu["status"] == "superseded":
            continue
        done = fu["status"] == "open"
        label = c.t("meetings.fu_done") if done else c.t("meetings.fu_reopen")
        if st.button(label, key=f"meetings_fu_{fu['id']}"):
            act(meetings.set_follow_up, fu["id"], expected_version=fu["version"], done=done)
    if d["corrected_by"]:
        return
    if is_open:
        with st.expander(c.t("meetings.edit_decision")):
            # The version the form was opened with (not the one read when it is sent): a save after
            # someone else's is refused with who and when.
            vkey = f"meetings_edit_version_{d['id']}"
            st.session_state.setdefault(vkey, d["version"])
            values = _decision_form(st, c, f"meetings_edit_{d['id']}", pname, d)
            if values is not None:
                act(
                    meetings.edit_decision,
                    d["id"],
                    expected_version=st.session_state.pop(vkey),
                    success=c.t("meetings.saved"),
                    **values,
                )
    else:
        with st.expander(c.t("meetings.correct_decision")):
            values = _decision_form(st, c, f"meetings_fix_{d['id']}", pname, d)
            if values is not None:
                act(meetings.correct_decision, d["id"], success=c.t("meetings.saved"), **values)
