"""The agreements page's forms: a new agreement (or a representative's draft) and the edit form
for the agreements the reader may change (``council.agreements.editable``)."""

from __future__ import annotations

import streamlit as st

from council import agreements
from council.textutil import vi_sort_key
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm, act
from council.ui.people import people
from council.ui.text import plain


def _fields(c: PageContext, form, pname: dict, may_edit: bool, current: dict | None = None) -> dict:
    """The inputs shared by the create and edit forms; ``current`` pre-fills them."""
    current = current or {}
    ids = sorted(pname, key=lambda i: vi_sort_key(pname[i]))
    default_ids = current.get("province_ids") or ([c.actor.province_id] if c.actor.province_id else [])
    statuses = agreements.AGREEMENT_STATUSES if may_edit else (agreements.PROPOSAL_STATUS,)
    status_now = current.get("status", statuses[0] if not may_edit else "signed")
    form_now = current.get("form", agreements.FORM_CODES[0])
    return {
        "title": st.text_input(
            c.t("agreements.field.title"), value=current.get("title", ""), key=form.key("title")
        ),
        "province_ids": st.multiselect(
            c.t("agreements.field.provinces"),
            ids,
            default=default_ids,
            format_func=pname.get,
            key=form.key("provinces"),
            placeholder=c.t("agreements.field.provinces_placeholder"),
        ),
        "form": st.selectbox(
            c.t("agreements.field.form"),
            agreements.FORM_CODES,
            index=agreements.FORM_CODES.index(form_now),
            key=form.key("form"),
            format_func=lambda f: (
                f"{c.t(f'agreements.form.{f}')} ({c.t('agreements.stage.' + agreements.FORM_STAGE[f])})"
            ),
        ),
        "status": st.selectbox(
            c.t("agreements.field.status"),
            statuses,
            index=statuses.index(status_now) if status_now in statuses else 0,
            format_func=lambda s: c.t(f"agreements.status.{s}"),
            key=form.key("status"),
        ),
        "date_signed": st.date_input(
            c.t("agreements.field.date_signed"),
            value=current.get("date_signed"),
            format="DD/MM/YYYY",
            key=form.key("date"),
        ),
        "note": st.text_area(
            c.t("agreements.field.note"), value=current.get("note", ""), key=form.key("note")
        ),
        "source_url": st.text_input(
            c.t("agreements.field.source_url"), value=current.get("source_url", ""), key=form.key("source")
        ),
    }


def create_form(c: PageContext, pname: dict, may_edit: bool) -> None:
    st.subheader(c.t("agreements.create" if may_edit else "agreements.propose"))
    if not may_edit:
        st.caption(c.t("agreements.propose_help"))
    form = CreateForm("agreements_create", prefix="agreements_new")
    with form:
        code = st.text_input(c.t("agreements.field.code"), key=form.key("code")) if may_edit else ""
        values = _fields(c, form, pname, may_edit)
        submitted = st.form_submit_button(c.t("agreements.submit_create"), type="primary")
    if submitted:
        form.save(
            c,
            lambda s: agreements.create_agreement(s, c.actor, code=code, **values),
            values={"code": code, **values},
            success=lambda created: c.t("agreements.created", code=plain(created["code"])),
        )


def edit_form(c: PageContext, pname: dict, editable: list[dict], may_edit: bool) -> None:
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
    form = EditForm("agreements_edit_form", chosen, by_id[chosen], prefix="agreements_edit")
    st.caption(
        c.t(
            "agreements.opened_version",
            version=form.version,
            by=plain(people(c, [form.record["updated_by"]])(form.record["updated_by"]) or "—"),
        )
    )
    with form:
        values = _fields(c, form, pname, may_edit, form.record)
        submitted = st.form_submit_button(c.t("agreements.save"), type="primary")
    if submitted:
        form.save(
            c,
            lambda s, v: agreements.update_agreement(s, c.actor, chosen, expected_version=v, **values),
            values=values,
            success=lambda saved: c.t("agreements.saved", code=plain(saved["code"])),
        )
    cols = st.columns(2)
    if cols[0].button(c.t("agreements.reload"), key="agreements_reload"):
        form.close()
        st.rerun()
    if may_edit and cols[1].button(c.t("agreements.delete"), key="agreements_delete"):
        act(
            c,
            lambda s: agreements.delete_agreement(s, c.actor, chosen, expected_version=form.version),
            success=c.t("agreements.deleted", code=plain(form.record["code"])),
            scope=form.form_key,
            reopen=form.group,
        )
