"""The secretariat's priority-list forms: enter one, import a file (all or nothing), match an
entry to the register by hand or delete it."""

from __future__ import annotations

import streamlit as st

from council import plan, projects
from council.i18n import code_label
from council.io import XLSX_MIME
from council.regions import list_provinces
from council.ui.forms import CreateForm, EditForm
from council.ui.imports import import_form
from council.ui.text import plain


def forms(c, rows: list[dict]) -> None:
    with st.expander(c.t("plan.priority_add"), expanded=not rows):
        _create(c)
    with st.expander(c.t("plan.import_title"), expanded=not rows):
        _import(c)
    if rows:
        with st.expander(c.t("plan.priority_match")):
            _match(c, rows)


def _create(c) -> None:
    pnames = {p["id"]: p["name_vi"] for p in c.cached(list_provinces)}
    form = CreateForm("plan_priority_form", prefix="plan_priority")
    with form:
        values = {
            "decision_code": st.text_input(c.t("plan.priority_decision"), key=form.key("decision")),
            "name_vi": st.text_input(c.t("plan.priority_name"), key=form.key("name")),
            "type": st.selectbox(
                c.t("plan.priority_type"),
                plan.PROJECT_TYPES,
                format_func=lambda k: code_label("ptype", k, c.lang),
                key=form.key("type"),
            ),
            "province_ids": st.multiselect(
                c.t("plan.priority_provinces"),
                list(pnames),
                format_func=pnames.get,
                key=form.key("provinces"),
                placeholder=c.t("vi_ui.pick_provinces"),
            ),
            "period": st.text_input(c.t("plan.priority_period"), key=form.key("period")),
            "project_code": st.text_input(c.t("plan.priority_code"), key=form.key("code")).strip(),
            "note": st.text_input(c.t("plan.priority_note"), key=form.key("note")),
            "source_url": st.text_input(c.t("plan.priority_source"), key=form.key("source")),
        }
        submitted = st.form_submit_button(c.t("plan.priority_save"), key="plan_priority_submit")
    if submitted:
        form.save(
            c,
            lambda s: plan.save_priority_project(s, c.actor, **values),
            values=values,
            success=lambda saved: c.t("plan.priority_saved", name=plain(saved["name_vi"])),
        )


def _import(c) -> None:
    st.download_button(
        c.t("plan.import_template"),
        data=lambda: plan.priority_template(c.lang),
        file_name="mau-du-an-uu-tien.xlsx",
        mime=XLSX_MIME,
        key="plan_priority_template",
    )
    import_form(
        c,
        "plan_priority_import_form",
        prefix="plan_priority",
        label=c.t("plan.import_file"),
        submit=c.t("plan.import_button"),
        write=lambda s, data, name: plan.import_priority_list(s, c.actor, data, name),
        success=lambda result: c.t("plan.import_done", **result),
    )


def _match(c, rows: list[dict]) -> None:
    items = {r["id"]: r for r in rows}
    chosen = st.selectbox(
        c.t("plan.priority_choose"),
        list(items),
        format_func=lambda i: f"{items[i]['decision_code']} · {items[i]['name_vi']}",
        key="plan_priority_choice",
    )
    form = EditForm("plan_priority_match", chosen, items[chosen], prefix="plan_priority")
    register = c.cached(projects.project_choices)
    options = [None, *(p["id"] for p in register)]
    labels = {p["id"]: f"{p['code']} · {p['name_vi']}" for p in register}
    current = form.record["project_id"]
    with form:
        project_id = st.selectbox(
            c.t("plan.priority_match_project"),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda i: c.t("plan.priority_match_none") if i is None else labels[i],
            key=form.key("project"),
        )
        left, right = st.columns(2)
        save = left.form_submit_button(c.t("plan.priority_match_save"), key="plan_priority_match_submit")
        delete = right.form_submit_button(c.t("plan.priority_delete"), key="plan_priority_delete_submit")
    if delete:
        form.save(
            c,
            lambda s, v: plan.delete_priority_project(s, c.actor, chosen, expected_version=v),
            values={"delete": chosen},
            success=c.t("plan.priority_deleted"),
        )
    elif save:
        form.save(
            c,
            lambda s, v: plan.match_priority_project(
                s, c.actor, chosen, expected_version=v, project_id=project_id
            ),
            values={"project_id": project_id},
            success=c.t("plan.settings_saved"),
        )
