"""Cooperation agreements between provinces: the register, recording and proposing, editing."""

from __future__ import annotations

SPEC = dict(
    url_path="agreements",
    title_key="agreements.nav",
    icon=":material/handshake:",
    section="nav.section.council",
    order=25,
)


def render() -> None:
    import pandas as pd
    import streamlit as st

    from council import agreements
    from council.auth import can
    from council.db import read_session
    from council.i18n import fmt_date
    from council.io import to_csv
    from council.models import AGREEMENT_STATUSES, Region
    from council.regions import list_provinces
    from council.ui.context import ctx

    c = ctx()
    st.title(c.t("agreements.title"))
    flash = st.session_state.pop("agreements_flash", None)
    if flash:
        st.success(flash)
    st.caption(c.t("agreements.intro"))
    with st.expander(c.t("agreements.spectrum"), expanded=False):
        for stage in agreements.STAGES:
            st.markdown(
                f"**{c.t(f'agreements.stage.{stage}')}**\n"
                + "\n".join(
                    f"- {c.t(f'agreements.form.{code}')}: {c.t(f'agreements.formhelp.{code}')}"
                    for code, s in agreements.FORMS
                    if s == stage
                )
            )

    with read_session(c.engine) as session:
        region = session.get(Region, c.region_id)
        provinces = list_provinces(session)
    region_label = region.name_vi if c.lang == "vi" else region.name_en
    pname = {p["id"]: p["name_vi"] for p in provinces}

    cols = st.columns([2, 2, 3])
    scope = cols[0].radio(
        c.t("agreements.filter.scope"),
        ("region", "all"),
        key="agreements_scope",
        format_func=lambda s: c.t(f"agreements.filter.{s}", region=region_label),
    )
    status = cols[1].selectbox(
        c.t("agreements.filter.status"),
        (None, *AGREEMENT_STATUSES),
        key="agreements_status",
        format_func=lambda s: c.t("common.all") if s is None else c.t(f"agreements.status.{s}"),
    )
    search = cols[2].text_input(c.t("agreements.filter.search"), key="agreements_search")
    with read_session(c.engine) as session:
        items = agreements.list_agreements(
            session, region_id=c.region_id if scope == "region" else None, status=status, search=search
        )
    if items:
        st.markdown(c.t("agreements.count", n=len(items)))
        frame = pd.DataFrame(
            [
                {
                    c.t("agreements.col.code"): a["code"],
                    c.t("agreements.col.title"): a["title"],
                    c.t("agreements.col.provinces"): ", ".join(a["province_names"]),
                    c.t("agreements.col.form"): c.t(f"agreements.form.{a['form']}"),
                    c.t("agreements.col.stage"): c.t(f"agreements.stage.{a['stage']}") if a["stage"] else "",
                    c.t("agreements.col.status"): c.t(f"agreements.status.{a['status']}"),
                    c.t("agreements.col.date_signed"): fmt_date(a["date_signed"], c.lang),
                    c.t("agreements.col.updated_by"): a["updated_by"],
                }
                for a in items
            ]
        )
        st.dataframe(frame, hide_index=True, key="agreements_table")
        st.download_button(
            c.t("agreements.download_csv"),
            to_csv(frame),
            file_name="cooperation-agreements.csv",
            mime="text/csv",
            key="agreements_download_csv",
        )
    else:
        st.info(c.t("agreements.empty"))

    may_edit = can(c.actor, "agreement.edit")
    may_propose = c.actor.province_id is not None and can(c.actor, "agreement.propose", [c.actor.province_id])
    if not (may_edit or may_propose):
        return
    left, right = st.columns(2)
    with left:
        _create_form(st, c, agreements, pname, may_edit)
    with right:
        with read_session(c.engine) as session:
            editable = [
                a
                for a in agreements.list_agreements(session)
                if may_edit
                or (a["status"] == agreements.PROPOSAL_STATUS and c.actor.province_id in a["province_ids"])
            ]
        _edit_form(st, c, agreements, pname, editable, may_edit)


def _fields(st, c, agreements, pname: dict, prefix: str, may_edit: bool, current: dict | None = None) -> dict:
    """The inputs shared by the create and edit forms; ``current`` pre-fills them."""
    from council.models import AGREEMENT_STATUSES
    from council.textutil import vi_sort_key

    current = current or {}
    ids = sorted(pname, key=lambda i: vi_sort_key(pname[i]))
    default_ids = current.get("province_ids") or ([c.actor.province_id] if c.actor.province_id else [])
    statuses = AGREEMENT_STATUSES if may_edit else (agreements.PROPOSAL_STATUS,)
    status_now = current.get("status", statuses[0] if not may_edit else "signed")
    form_now = current.get("form", agreements.FORM_CODES[0])
    return {
        "title": st.text_input(
            c.t("agreements.field.title"), value=current.get("title", ""), key=f"{prefix}_title"
        ),
        "province_ids": st.multiselect(
            c.t("agreements.field.provinces"),
            ids,
            default=default_ids,
            format_func=pname.get,
            key=f"{prefix}_provinces",
            placeholder=c.t("agreements.field.provinces_placeholder"),
        ),
        "form": st.selectbox(
            c.t("agreements.field.form"),
            agreements.FORM_CODES,
            index=agreements.FORM_CODES.index(form_now),
            key=f"{prefix}_form",
            format_func=lambda f: (
                f"{c.t(f'agreements.form.{f}')} ({c.t('agreements.stage.' + agreements.FORM_STAGE[f])})"
            ),
        ),
        "status": st.selectbox(
            c.t("agreements.field.status"),
            statuses,
            index=statuses.index(status_now) if status_now in statuses else 0,
            format_func=lambda s: c.t(f"agreements.status.{s}"),
            key=f"{prefix}_status",
        ),
        "date_signed": st.date_input(
            c.t("agreements.field.date_signed"),
            value=current.get("date_signed"),
            format="DD/MM/YYYY",
            key=f"{prefix}_date",
        ),
        "note": st.text_area(
            c.t("agreements.field.note"), value=current.get("note", ""), key=f"{prefix}_note"
        ),
        "source_url": st.text_input(
            c.t("agreements.field.source_url"), value=current.get("source_url", ""), key=f"{prefix}_source"
        ),
    }


def _create_form(st, c, agreements, pname: dict, may_edit: bool) -> None:
    from council.db import write_session
    from council.errors import CouncilError
    from council.ui.context import show_error

    st.subheader(c.t("agreements.create" if may_edit else "agreements.propose"))
    if not may_edit:
        st.caption(c.t("agreements.propose_help"))
    with st.form("agreements_create", clear_on_submit=False):
        # A new nonce after each success gives the next agreement empty inputs.
        prefix = f"agreements_new_{st.session_state.get('agreements_nonce', 0)}"
        code = st.text_input(c.t("agreements.field.code"), key=f"{prefix}_code") if may_edit else ""
        values = _fields(st, c, agreements, pname, prefix, may_edit)
        submitted = st.form_submit_button(c.t("agreements.submit_create"), type="primary")
    if submitted:
        try:
            with write_session(c.engine) as session:
                created = agreements.create_agreement(session, c.actor, code=code, **values)
        except CouncilError as exc:
            show_error(exc, c.lang)
            return
        st.session_state["agreements_nonce"] = st.session_state.get("agreements_nonce", 0) + 1
        _done(st, c.t("agreements.created", code=created["code"]))


def _edit_form(st, c, agreements, pname: dict, editable: list[dict], may_edit: bool) -> None:
    from council.db import write_session
    from council.errors import CouncilError
    from council.ui.context import show_error

    st.subheader(c.t("agreements.edit"))
    if not editable:
        st.info(c.t("agreements.nothing_to_edit"))
        return
    by_id = {a["id"]: a for a in editable}
    chosen = st.selectbox(
        c.t("agreements.select"),
        list(by_id),
        key="agreements_edit_select",
        format_func=lambda i: f"{by_id[i]['code']} — {by_id[i]['title']}",
    )
    current = by_id[chosen]
    # The version is captured when the agreement is opened, not re-read on every rerun, so a save
    # after someone else's change is refused instead of silently overwriting it.
    opened = st.session_state.get("agreements_opened")
    if not opened or opened["id"] != chosen:
        opened = st.session_state["agreements_opened"] = {"id": chosen, "version": current["version"]}
    st.caption(c.t("agreements.opened_version", version=opened["version"], by=current["updated_by"] or "—"))
    prefix = f"agreements_edit_{chosen}_{opened['version']}"
    with st.form(f"agreements_edit_form_{chosen}"):
        values = _fields(st, c, agreements, pname, prefix, may_edit, current)
        save = st.form_submit_button(c.t("agreements.save"), type="primary")
    if save:
        try:
            with write_session(c.engine) as session:
                saved = agreements.update_agreement(
                    session, c.actor, chosen, expected_version=opened["version"], **values
                )
        except CouncilError as exc:
            show_error(exc, c.lang)
        else:
            _done(st, c.t("agreements.saved", code=saved["code"]))
    cols = st.columns(2)
    if cols[0].button(c.t("agreements.reload"), key="agreements_reload"):
        st.session_state.pop("agreements_opened", None)
        st.rerun()
    if may_edit and cols[1].button(c.t("agreements.delete"), key="agreements_delete"):
        try:
            with write_session(c.engine) as session:
                agreements.delete_agreement(session, c.actor, chosen, expected_version=opened["version"])
        except CouncilError as exc:
            show_error(exc, c.lang)
        else:
            _done(st, c.t("agreements.deleted", code=current["code"]))


def _done(st, message: str) -> None:
    """After a write: show the message on the fresh page (the register above must show the change)."""
    st.session_state.pop("agreements_opened", None)
    st.session_state["agreements_flash"] = message
    st.rerun()
