"""The project detail's forms for the secretariat: workflow, edit, cost sharing, progress,
funding lines, milestones. All six are edit forms of the same project through the kit, in one
group: each save names the version the forms were opened with, and a save through one of them
reopens them all on the saved project."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import projects
from council.errors import CouncilError
from council.ui.notices import error_message
from council.ui.numbers import number_field, parse_cell, shown
from council.ui.views import view_switch
from pages.project_views import edit
from pages.project_views.common import day, num
from pages.project_views.edit import project_form, save


def forms(c, d) -> None:
    # One form at a time (tabs built all six on every rerun).
    views = {
        "workflow": (c.t("projects.workflow"), _workflow),
        "edit": (c.t("projects.edit"), edit.edit),
        "cost": (c.t("projects.cost.title"), edit.cost_sharing),
        "progress": (c.t("projects.detail.progress"), _progress),
        "funding": (c.t("projects.detail.funding"), _funding),
        "milestones": (c.t("projects.detail.milestones"), _milestones),
    }
    chosen = view_switch(
        c.t("projects.detail.action"),
        list(views),
        key="project_action",
        label=lambda k: views[k][0],
        show_title=True,
    )
    views[chosen][1](c, d)


def _workflow(c, d) -> None:
    if not d["allowed_transitions"]:
        st.caption(c.t("projects.workflow.none", status=c.t(f"pstatus.{d['status']}")))
        return
    form = project_form("project_workflow", d)
    with form:
        to = st.selectbox(
            c.t("projects.workflow.to"),
            d["allowed_transitions"],
            format_func=lambda s: c.t(f"pstatus.{s}"),
            key=form.key("to"),
        )
        note = st.text_input(c.t("projects.workflow.note"), key=form.key("to_note"))
        submitted = st.form_submit_button(c.t("projects.workflow.submit"), type="primary")
    if submitted:
        save(
            c,
            form,
            lambda s, v: projects.transition(s, c.actor, d["id"], v, to, note),
            {"to": to, "note": note},
            c.t("projects.workflow.done", status=c.t(f"pstatus.{to}")),
        )


def _progress(c, d) -> None:
    form = project_form("project_progress", d)
    with form:
        a, b = st.columns(2)
        physical = number_field(
            a,
            c.t("projects.detail.physical"),
            form.record["progress_physical"],
            key=form.key("physical"),
            lang=c.lang,
        )
        disbursed = number_field(
            b,
            c.t("projects.detail.disbursed"),
            form.record["progress_disbursed"],
            key=form.key("disbursed"),
            lang=c.lang,
        )
        submitted = st.form_submit_button(c.t("projects.progress.save"))
    if submitted:
        save(
            c,
            form,
            lambda s, v: projects.set_progress(
                s, c.actor, d["id"], v, physical=physical.value, disbursed=disbursed.value
            ),
            {"physical": physical.text, "disbursed": disbursed.text},
            c.t("projects.saved"),
        )


def _funding(c, d) -> None:
    form = project_form("project_funding_form", d, prefix="project_funding")
    columns = ["source", "year", "planned_amount", "actual_amount"]
    with form:
        table = st.data_editor(
            pd.DataFrame(
                [
                    {
                        **{k: f[k] for k in columns},
                        # amounts as text in the reader's locale ("1.234,5"), read with parse_cell
                        "planned_amount": shown(f["planned_amount"], c.lang),
                        "actual_amount": shown(f["actual_amount"], c.lang),
                    }
                    for f in form.record["funding_lines"]
                ],
                columns=columns,
            ),
            num_rows="dynamic",
            hide_index=True,
            key=form.key("editor"),
            column_config={
                "source": st.column_config.SelectboxColumn(
                    c.t("projects.detail.source_col"), options=list(projects.FUNDING_SOURCES), required=True
                ),
                "year": st.column_config.NumberColumn(c.t("projects.detail.year"), format="%d", step=1),
                "planned_amount": st.column_config.TextColumn(c.t("projects.detail.planned_amount")),
                "actual_amount": st.column_config.TextColumn(c.t("projects.detail.actual_amount")),
            },
        )
        submitted = st.form_submit_button(c.t("projects.funding.save"))
    if submitted:
        planned, actual = c.t("projects.detail.planned_amount"), c.t("projects.detail.actual_amount")
        try:
            lines = [
                {
                    "source": r["source"],
                    "year": None if num(r["year"]) is None else int(r["year"]),
                    "planned_amount": parse_cell(r["planned_amount"], c.lang, field=planned, row=i),
                    "actual_amount": parse_cell(r["actual_amount"], c.lang, field=actual, row=i),
                }
                for i, r in enumerate(table.to_dict("records"), start=1)
                if r.get("source")
            ]
        except CouncilError as exc:
            st.error(error_message(exc, c.lang))
            return
        save(
            c,
            form,
            lambda s, v: projects.set_funding_lines(s, c.actor, d["id"], v, lines),
            {"lines": lines},
            c.t("projects.saved"),
        )


def _milestones(c, d) -> None:
    form = project_form("project_milestone_form", d, prefix="project_milestone")
    columns = ["title", "due_date", "done_date"]
    with form:
        table = st.data_editor(
            pd.DataFrame([{k: m[k] for k in columns} for m in form.record["milestones"]], columns=columns),
            num_rows="dynamic",
            hide_index=True,
            key=form.key("editor"),
            column_config={
                "title": st.column_config.TextColumn(c.t("projects.detail.ms_title"), required=True),
                "due_date": st.column_config.DateColumn(c.t("projects.detail.ms_due"), format="DD/MM/YYYY"),
                "done_date": st.column_config.DateColumn(c.t("projects.detail.ms_done"), format="DD/MM/YYYY"),
            },
        )
        submitted = st.form_submit_button(c.t("projects.milestones.save"))
    if submitted:
        items = [
            {"title": r["title"], "due_date": day(r["due_date"]), "done_date": day(r["done_date"])}
            for r in table.to_dict("records")
            if r.get("title")
        ]
        save(
            c,
            form,
            lambda s, v: projects.set_milestones(s, c.actor, d["id"], v, items),
            {"items": items},
            c.t("projects.saved"),
        )
