"""The briefing pack of a meeting (PDF, Word) and the open follow-ups of the region."""

from __future__ import annotations

import streamlit as st

from council import briefing
from council.i18n import fmt_date
from council.ui.links import record_link
from council.ui.text import plain


def briefing_pack(c, detail: dict) -> None:
    meeting_id = detail["id"]
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
        pack = c.read(briefing.build_pack, meeting_id, lang)
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


def open_follow_ups(c, follow_ups: list[dict]) -> None:
    st.markdown(f"### {c.t('meetings.open_follow_ups')}")
    if not follow_ups:
        st.caption(c.t("meetings.no_follow_ups"))
    for fu in follow_ups:
        left, right = st.columns([5, 1])
        left.markdown(
            f"- {plain(fu['decision_text'])} — "
            f"{c.t('meetings.deadline_line', date=fmt_date(fu['deadline'], c.lang))}"
        )
        if fu["link"]:
            with right:
                record_link(fu["link"], c.t("meetings.open_record"))
