"""The six preparation steps of an agreement (seed 004): where it stands, and the secretariat's form."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import preparation
from council.i18n import fmt_date
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm
from council.ui.text import plain


def render(c: PageContext, agreement: dict) -> None:
    st.subheader(c.t("preparation.title", code=agreement["code"]))
    prog = c.read(preparation.progress, agreement["id"])
    current = prog["current"]
    st.markdown(
        c.t(
            "preparation.stands",
            step=current,
            name=c.t(f"preparation.step.{prog['steps'][current - 1]['name']}"),
        )
        if current
        else c.t("preparation.all_done")
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("preparation.col.step"): f"{s['step']}. {c.t('preparation.step.' + s['name'])}",
                    c.t("preparation.col.status"): c.t(f"preparation.status.{s['status']}"),
                    c.t("preparation.col.owner"): s.get("owner", ""),
                    c.t("preparation.col.start"): fmt_date(s.get("start_date"), c.lang),
                    c.t("preparation.col.end"): fmt_date(s.get("end_date"), c.lang),
                    c.t("preparation.col.notes"): s.get("notes", ""),
                }
                for s in prog["steps"]
            ]
        ),
        hide_index=True,
        key=f"preparation_table_{agreement['id']}",
    )
    if c.can("agreement.prepare"):
        _form(c, agreement, prog)


def _form(c: PageContext, agreement: dict, prog: dict) -> None:
    step = st.selectbox(
        c.t("preparation.field.step"),
        list(range(1, len(preparation.STEPS) + 1)),
        index=(prog["current"] or 1) - 1,
        key=f"preparation_step_{agreement['id']}",
        format_func=lambda n: f"{n}. {c.t('preparation.step.' + preparation.STEPS[n - 1])}",
    )
    record = prog["steps"][step - 1]
    rid = f"{agreement['id']}_{step}"
    form = (
        EditForm("preparation_edit", rid, record, prefix="prep")
        if record.get("version")
        else CreateForm(f"preparation_new_{rid}", prefix=f"prep_new_{rid}")
    )
    details = record.get("details") or {}
    with form:
        owner = st.text_input(
            c.t("preparation.col.owner"), value=record.get("owner", ""), key=form.key("owner")
        )
        start = st.date_input(
            c.t("preparation.col.start"),
            value=record.get("start_date"),
            format="DD/MM/YYYY",
            key=form.key("start"),
        )
        end = st.date_input(
            c.t("preparation.col.end"), value=record.get("end_date"), format="DD/MM/YYYY", key=form.key("end")
        )
        status = st.selectbox(
            c.t("preparation.col.status"),
            preparation.STATUSES,
            index=preparation.STATUSES.index(record["status"]),
            key=form.key("status"),
            format_func=lambda s: c.t(f"preparation.status.{s}"),
        )
        notes = st.text_area(
            c.t("preparation.col.notes"), value=record.get("notes", ""), key=form.key("notes")
        )
        content = _details(c, step, details, form, agreement["id"])
        submitted = st.form_submit_button(c.t("preparation.save"), type="primary")
    if submitted:
        values = dict(
            owner=owner, start_date=start, end_date=end, status=status, notes=notes, details=content
        )
        if record.get("version"):
            form.save(
                c,
                lambda s, v: preparation.save_step(
                    s, c.actor, agreement["id"], step, expected_version=v, **values
                ),
                values={k: repr(v) for k, v in values.items()},
                success=c.t("preparation.saved"),
            )
        else:
            form.save(
                c,
                lambda s: preparation.save_step(s, c.actor, agreement["id"], step, **values),
                values={k: repr(v) for k, v in values.items()},
                success=c.t("preparation.saved"),
            )


def _details(c: PageContext, step: int, details: dict, form, agreement_id: int) -> dict:
    name = preparation.STEPS[step - 1]
    if name == "stakeholders":
        groups = details.get("groups", {})
        table = pd.DataFrame(
            [
                {
                    "group": g,
                    c.t("preparation.col.group"): c.t(f"preparation.group.{g}"),
                    c.t("preparation.col.representative"): groups.get(g, {}).get("representative", ""),
                    **{
                        c.t(f"preparation.rating.{r}"): groups.get(g, {}).get(r, 0)
                        for r in preparation.RATINGS
                    },
                }
                for g in preparation.GROUPS
            ]
        )
        edited = st.data_editor(
            table, hide_index=True, disabled=["group", c.t("preparation.col.group")], key=form.key("groups")
        )
        st.caption(c.t("preparation.rating_help"))
        return {
            "groups": {
                row["group"]: {
                    "representative": row[c.t("preparation.col.representative")] or "",
                    **{r: int(row[c.t(f"preparation.rating.{r}")] or 0) for r in preparation.RATINGS},
                }
                for row in edited.to_dict("records")
            }
        }
    if name == "consultation":
        return {
            "summary": st.text_area(
                c.t("preparation.field.summary"), value=details.get("summary", ""), key=form.key("summary")
            ),
            "file_name": st.text_input(
                c.t("preparation.field.file_name"), value=details.get("file_name", ""), key=form.key("file")
            ),
        }
    if name == "options":
        choices = {x["id"]: x["label"] for x in c.read(preparation.agreement_scenarios, agreement_id)}
        return {
            "options": st.text_area(
                c.t("preparation.field.options"), value=details.get("options", ""), key=form.key("options")
            ),
            "scenario_ids": st.multiselect(
                c.t("preparation.field.scenarios"),
                list(choices),
                default=[i for i in details.get("scenario_ids", []) if i in choices],
                format_func=choices.get,
                key=form.key("scenarios"),
                placeholder=c.t("vi_ui.pick_scenarios"),
            ),
        }
    if name == "implementation":
        log = [{**e, "date": pd.Timestamp(e["date"]).date()} for e in details.get("results", [])]
        for e in log:
            st.markdown(
                f"- {fmt_date(e['date'], c.lang)} · {c.t('preparation.result.' + e['kind'])}: {plain(e['text'])}"
            )
        when = st.date_input(
            c.t("preparation.field.result_date"), value=None, format="DD/MM/YYYY", key=form.key("rdate")
        )
        kind = st.selectbox(
            c.t("preparation.field.result_kind"),
            preparation.RESULT_KINDS,
            key=form.key("rkind"),
            format_func=lambda k: c.t(f"preparation.result.{k}"),
        )
        text = st.text_input(c.t("preparation.field.result_text"), key=form.key("rtext"))
        if when is not None and text:
            log.append({"date": when, "kind": kind, "text": text})
        return {"results": log}
    return {
        "text": st.text_area(
            c.t("preparation.field.text"), value=details.get("text", ""), key=form.key("text")
        )
    }
