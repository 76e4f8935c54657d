"""The secretariat's forms crediting register projects to targets: a new credit, a credit's
quantity and note (or its removal), and the suggested credits to confirm."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import plan, projects
from council.ui.forms import CreateForm, EditForm
from council.ui.people import people
from council.ui.text import plain
from pages.plan_views.common import code_of, indicator_name, n, quantity, target_label


def forms(c, deliveries: list[dict]) -> None:
    creditable = c.cached(plan.creditable_targets, c.region_id)
    with st.expander(c.t("plan.link_title"), expanded=not deliveries):
        if not creditable:
            st.caption(c.t("plan.no_creditable"))
            return
        tnames = {t["id"]: target_label(c, t) for t in creditable}
        _create(c, tnames)
    _suggestions(c, tnames)
    _edit(c, deliveries)


def _create(c, tnames: dict) -> None:
    names = {p["id"]: f"{p['code']} · {p['name_vi']}" for p in c.cached(projects.project_choices)}
    form = CreateForm("plan_link_form", prefix="plan_link")
    with form:
        values = {
            "project_id": st.selectbox(
                c.t("plan.link_project"), list(names), format_func=names.get, key=form.key("project")
            ),
            "target_id": st.selectbox(
                c.t("plan.link_target"), list(tnames), format_func=tnames.get, key=form.key("target")
            ),
            "quantity": st.text_input(c.t("plan.link_quantity"), key=form.key("quantity")),
            "note": st.text_input(c.t("plan.link_note"), key=form.key("note")),
        }
        st.caption(c.t("plan.link_rule_help"))
        submitted = st.form_submit_button(c.t("plan.link_save"), key="plan_link_submit")
    if submitted:
        form.save(
            c,
            lambda s: plan.link_project(
                s, c.actor, **{**values, "quantity": quantity(c, values["quantity"])}
            ),
            values=values,
            success=c.t("plan.link_saved", code=code_of(names.get(values["project_id"], ""))),
        )


def _suggestions(c, tnames: dict) -> None:
    """Register projects a target could be credited with, each confirmed by the secretariat."""
    with st.expander(c.t("plan.suggest_title")):
        st.caption(c.t("plan.suggest_help"))
        target_id = st.selectbox(
            c.t("plan.link_target"), list(tnames), format_func=tnames.get, key="plan_suggest_target"
        )
        rows = c.cached(plan.suggest_links, target_id)
        if not rows:
            st.caption(c.t("plan.suggest_none"))
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.project"): f"{r['code']} · {r['name_vi']}",
                        c.t("plan.col.status"): c.t(f"pstatus.{r['status']}"),
                        c.t("plan.col.provinces"): ", ".join(r["provinces"]),
                        c.t("plan.col.quantity"): "—" if r["quantity"] is None else n(c, r["quantity"]),
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            key="plan_suggest_table",
        )
        usable = {r["project_id"]: r for r in rows if r["quantity"] is not None}
        if not usable:
            return
        form = CreateForm(f"plan_suggest_form_{target_id}", prefix="plan_suggest")
        with form:
            picked = st.multiselect(
                c.t("plan.suggest_pick"),
                list(usable),
                format_func=lambda i: f"{usable[i]['code']} ({n(c, usable[i]['quantity'])})",
                key=form.key(f"pick_{target_id}"),
                placeholder=c.t("vi_ui.pick_projects"),
            )
            submitted = st.form_submit_button(c.t("plan.suggest_button"), key="plan_suggest_submit")
    if submitted and picked:

        def write(session):
            for pid in picked:
                plan.link_project(
                    session, c.actor, project_id=pid, target_id=target_id, quantity=usable[pid]["quantity"]
                )
            return len(picked)

        form.save(
            c,
            write,
            values={"target_id": target_id, "picked": sorted(picked)},
            success=lambda count: c.t("plan.suggest_done", n=count),
        )


def _edit(c, deliveries: list[dict]) -> None:
    options = {x["link_id"]: (d, x) for d in deliveries for x in d["links"]}
    if not options:
        return
    with st.expander(c.t("plan.link_edit")):

        def label(i: int) -> str:
            d, x = options[i]
            return (
                f"{x['code']} → #{d['target_id']} {indicator_name(c, d)} ({n(c, x['quantity'])} {d['unit']})"
            )

        chosen = st.selectbox(
            c.t("plan.link_choose"), list(options), format_func=label, key="plan_link_edit_choice"
        )
        d, x = options[chosen]
        # Opened now (or kept from when it was opened): a save after someone else's is refused.
        form = EditForm("plan_link_edit", chosen, x, prefix="plan_link")
        st.caption(
            c.t(
                "plan.link_opened",
                version=form.version,
                by=plain(people(c, [form.record.get("updated_by")])(form.record.get("updated_by")) or "—"),
            )
        )
        with form:
            text = st.text_input(
                c.t("plan.link_quantity"), value=n(c, form.record["quantity"]), key=form.key("q")
            )
            note = st.text_input(c.t("plan.link_note"), value=form.record["note"], key=form.key("n"))
            left, right = st.columns(2)
            save = left.form_submit_button(c.t("plan.link_update"), key="plan_link_update_submit")
            remove = right.form_submit_button(c.t("plan.link_remove"), key="plan_link_remove_submit")
    if remove:
        form.save(
            c,
            lambda s, v: plan.unlink_project(s, c.actor, chosen, expected_version=v),
            values={"remove": chosen},
            success=c.t("plan.link_removed"),
        )
    elif save:
        form.save(
            c,
            lambda s, v: plan.update_link(
                s, c.actor, chosen, expected_version=v, quantity=quantity(c, text), note=note
            ),
            values={"quantity": text, "note": note},
            success=c.t("plan.link_updated"),
        )
