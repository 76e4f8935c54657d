"""The project detail's edit and cost-sharing forms (see secretariat.py for the group)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import costshare, projects
from council.errors import CouncilError
from council.i18n import fmt_number
from council.projects import Participant, ProjectInput
from council.ui.forms import EditForm
from council.ui.notices import error_message
from council.ui.numbers import number_field, parse_cell, read_all, shown
from pages.project_views.common import error_text


def group_of(pid: int) -> str:
    return f"project_{pid}"


def project_form(name: str, d: dict, prefix: str = "project") -> EditForm:
    """One of the project's forms, opened with the group's version."""
    return EditForm(name, d["id"], d, prefix=prefix, group=group_of(d["id"]))


def save(c, form: EditForm, write, values: dict, success: str) -> None:
    form.save(c, write, values=values, success=success, describe=lambda exc: error_text(c, exc))


def edit(c, d) -> None:
    provinces = c.cached(projects.province_choices)
    by_name = {p["name_vi"]: p["id"] for p in provinces}
    role_of = {c.t(f"prole.{r}"): r for r in projects.PARTICIPANT_ROLES}
    form = project_form("project_edit", d, prefix="project_edit")
    r = form.record  # the project as the form was opened
    with form:
        a, b = st.columns([1, 3])
        code = a.text_input(c.t("projects.form.code"), value=r["code"], key=form.key("code"))
        name_vi = b.text_input(c.t("projects.form.name_vi"), value=r["name_vi"], key=form.key("name_vi"))
        name_en = st.text_input(c.t("projects.form.name_en"), value=r["name_en"], key=form.key("name_en"))
        a, b, e = st.columns(3)
        ptype = a.selectbox(
            c.t("projects.form.type"),
            projects.PROJECT_TYPES,
            index=projects.PROJECT_TYPES.index(r["type"]),
            format_func=lambda x: c.t(f"ptype.{x}"),
            key=form.key("type"),
        )
        investment = number_field(
            b, c.t("projects.form.investment"), r["total_investment"], key=form.key("investment"), lang=c.lang
        )
        length = number_field(
            e, c.t("projects.form.length"), r["length_km"], key=form.key("length"), lang=c.lang
        )
        dates = {}
        names = ("planned_start", "planned_end", "actual_start", "actual_end")
        for col, name in zip(st.columns(4), names, strict=True):
            dates[name] = col.date_input(
                c.t(f"projects.form.{name}"), value=r[name], format="DD/MM/YYYY", key=form.key(name)
            )
        st.markdown(f"**{c.t('projects.form.edit_shares')}**")
        table = st.data_editor(
            pd.DataFrame(
                [
                    {
                        "province": m["name_vi"],
                        "role": c.t(f"prole.{m['role']}"),
                        "share": shown(m["cost_share_pct"], c.lang),
                        "km": shown(m["length_km"], c.lang),
                    }
                    for m in r["participants"]
                ]
            ),
            num_rows="dynamic",
            hide_index=True,
            key=form.key("parts"),
            column_config={
                "province": st.column_config.SelectboxColumn(
                    c.t("projects.cost.province"), options=list(by_name), required=True
                ),
                "role": st.column_config.SelectboxColumn(
                    c.t("projects.detail.role"),
                    options=list(role_of),
                    required=True,
                    default=c.t("prole.partner"),
                ),
                # Text cells in the reader's locale: "18,5" is 18.5 (council.ui.numbers.parse_cell).
                "share": st.column_config.TextColumn(c.t("projects.detail.share")),
                "km": st.column_config.TextColumn(c.t("projects.detail.km")),
            },
        )
        note = st.text_input(
            c.t("projects.form.investment_note"), value=r["investment_note"], key=form.key("note")
        )
        status_note = st.text_input(
            c.t("projects.form.status_note"), value=r["status_note"], key=form.key("status_note")
        )
        source = st.text_input(c.t("projects.form.source_url"), value=r["source_url"], key=form.key("src"))
        submitted = st.form_submit_button(c.t("projects.edit.save"), type="primary")
    if not submitted:
        return
    numbers = read_all(c.lang, investment, length)
    if numbers is None:
        return
    investment, length = numbers
    try:
        parts = [
            Participant(
                province_id=by_name[row["province"]],
                role=role_of.get(row["role"], "partner"),
                cost_share_pct=parse_cell(row["share"], c.lang, field=c.t("projects.detail.share"), row=i),
                length_km=parse_cell(row["km"], c.lang, field=c.t("projects.detail.km"), row=i),
            )
            for i, row in enumerate(table.to_dict("records"), start=1)
            if row.get("province") in by_name
        ]
    except CouncilError as exc:
        st.error(error_message(exc, c.lang))
        return
    data = ProjectInput(
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        type=ptype,
        total_investment=investment,
        length_km=length,
        investment_note=note,
        status_note=status_note,
        source_url=source,
        progress_physical=r["progress_physical"],
        progress_disbursed=r["progress_disbursed"],
        cross_province_after_2025=r["cross_province_after_2025"],
        participants=parts,
        **dates,
    )
    save(
        c,
        form,
        lambda s, v: projects.update_project(s, c.actor, d["id"], v, data),
        {"data": repr(data)},
        c.t("projects.edit.saved", code=code),
    )


def cost_sharing(c, d) -> None:
    cmp = c.cached(costshare.compare, d["id"])
    st.caption(c.t("projects.cost.help"))
    if cmp["total_investment"] is None:
        st.info(c.t("projects.cost.no_total"))
    formulas = cmp["formulas"]
    table = []
    for p in cmp["participants"]:
        row = {c.t("projects.cost.province"): p["name"]}
        for m, f in formulas.items():
            if not f["available"]:
                continue
            label = c.t(f"projects.method.{m}")
            row[f"{label} (%)"] = fmt_number(f["pct"][p["province_id"]], c.lang, 2)
            if f["amounts"] is not None:
                row[f"{label} ({c.t('projects.dash.amount')})"] = fmt_number(
                    f["amounts"][p["province_id"]], c.lang, 2
                )
        table.append(row)
    st.dataframe(pd.DataFrame(table), hide_index=True, key="project_cost_table")
    for m, f in formulas.items():
        if not f["available"]:
            reason = c.t(f["reason"], missing=", ".join(f["missing"]))
            st.caption(c.t("projects.cost.unavailable", method=c.t(f"projects.method.{m}"), reason=reason))
    if formulas["grdp"]["available"]:
        years = ", ".join(
            f"{p['name']} {c.t('projects.cost.grdp_year', year=p['grdp_year'])}" for p in cmp["participants"]
        )
        st.caption(c.t("projects.method.grdp") + ": " + years)
    usable = [m for m, f in formulas.items() if f["available"] and m != "negotiated"]
    if not usable:
        return
    form = project_form("project_adopt", d, prefix="project_adopt")
    with form:
        method = st.selectbox(
            c.t("projects.cost.adopt"),
            usable,
            format_func=lambda m: c.t(f"projects.method.{m}"),
            key=form.key("method"),
        )
        submitted = st.form_submit_button(c.t("projects.cost.adopt_submit"))
    if submitted:
        save(
            c,
            form,
            lambda s, v: projects.adopt_formula(s, c.actor, d["id"], v, method),
            {"method": method},
            c.t("projects.cost.adopted", method=c.t(f"projects.method.{method}")),
        )
