"""Cooperation agreements between provinces: the register, recording and proposing, editing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import agreements
from council.i18n import fmt_date
from council.io import to_csv
from council.regions import list_provinces, list_regions
from council.textutil import vi_sort_key
from council.ui.context import PageContext, ctx
from council.ui.forms import CreateForm, EditForm, act
from council.ui.people import people
from council.ui.text import plain
from pages.agreement_views import detail

SPEC = dict(
    url_path="agreements",
    title_key="agreements.nav",
    icon=":material/handshake:",
    section="nav.section.council",
    order=25,
)


PREPARATION_KEY = "agreements_prep_open"


def render() -> None:
    c = ctx()
    st.title(c.t("agreements.title"))
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
    region = next(r for r in c.cached(list_regions) if r["id"] == c.region_id)
    region_label = region["name_vi"] if c.lang == "vi" else region["name_en"]
    pname = {p["id"]: p["name_vi"] for p in c.cached(list_provinces)}
    listed = _register(c, region_label)
    _preparation(c, listed)
    may_edit = c.can("agreement.edit")
    if not (may_edit or c.can("agreement.propose", [c.actor.province_id])):
        return
    left, right = st.columns(2)
    with left:
        _create_form(c, pname, may_edit)
    with right:
        _edit_form(c, pname, agreements.editable(c.actor, c.cached(agreements.list_agreements)), may_edit)


def _register(c: PageContext, region_label: str) -> list[dict]:
    """The filters and the register; returns the agreements listed."""
    cols = st.columns([2, 2, 3])
    scope = cols[0].radio(
        c.t("agreements.filter.scope"),
        ("region", "all"),
        key="agreements_scope",
        format_func=lambda s: c.t(f"agreements.filter.{s}", region=region_label),
    )
    status = cols[1].selectbox(
        c.t("agreements.filter.status"),
        (None, *agreements.AGREEMENT_STATUSES),
        key="agreements_status",
        format_func=lambda s: c.t("common.all") if s is None else c.t(f"agreements.status.{s}"),
    )
    search = cols[2].text_input(c.t("agreements.filter.search"), key="agreements_search")
    # The register is the same for every reader: computed once per data version (council.ui.cache).
    items = c.cached(
        agreements.list_agreements,
        region_id=c.region_id if scope == "region" else None,
        status=status,
        search=search,
    )
    if not items:
        st.info(c.t("agreements.empty"))
        return []
    st.markdown(c.t("agreements.count", n=len(items)))
    name = people(c, [a["updated_by"] for a in items])
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
                c.t("agreements.col.updated_by"): name(a["updated_by"]),
            }
            for a in items
        ]
    )
    st.dataframe(frame, hide_index=True, key="agreements_table")
    st.download_button(
        c.t("agreements.download_csv"),
        # Written when the button is clicked, not on every rerun.
        lambda: to_csv(frame),
        file_name="cooperation-agreements.csv",
        mime="text/csv",
        key="agreements_download_csv",
    )
    return items


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


def _create_form(c: PageContext, pname: dict, may_edit: bool) -> None:
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


def _edit_form(c: PageContext, pname: dict, editable: list[dict], may_edit: bool) -> None:
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


def _preparation(c: PageContext, listed: list[dict]) -> None:
    """One agreement's facts and follow control (the agreements listed above first, so it opens
    on the first of them), then the six preparation steps of an agreement
    (pages/sharing_views/steps.py)."""
    from pages.sharing_views import steps

    items = c.cached(agreements.list_agreements)
    if not items:
        return
    shown = {a["id"] for a in listed}
    detail.render(c, listed + [a for a in items if a["id"] not in shown])
    by_id = {a["id"]: a for a in items}
    # Opening the expander reruns the page; while it is closed its contents (a table and a form
    # of up to a dozen inputs) are not built at all.
    section = st.expander(c.t("preparation.expander"), key=PREPARATION_KEY, on_change="rerun")
    if not section.open:
        return
    with section:
        chosen = st.selectbox(
            c.t("agreements.select"),
            list(by_id),
            key="agreements_prep_select",
            format_func=lambda i: f"{by_id[i]['code']} — {by_id[i]['title']}",
        )
        steps.render(c, by_id[chosen])
