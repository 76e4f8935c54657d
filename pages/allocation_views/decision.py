"""The allocation decision: recorded on an agenda item of an open meeting of the region (a
meeting decision, a funding line "regional fund" on each funded project); once decided, the
awards with their decision and funding line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import allocation
from council.i18n import fmt_date
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.forms import EditForm


def render(c: PageContext, result: dict) -> None:
    rnd = result["round"]
    st.subheader(c.t("allocation.decision.title"))
    if result["awards"]:
        _awards(c, result)
        return
    if not c.can(allocation.ACTION):
        st.info(c.t("allocation.decision.none_yet"))
        return
    items = c.read(allocation.agenda_items_for, rnd["region_id"])
    if not items:
        st.info(c.t("allocation.decision.no_item"))
        return
    ref = str(rnd["id"])
    items.sort(key=lambda i: (not (i["ref_entity"] == "allocation_round" and i["ref_id"] == ref),))
    by_id = {i["id"]: i for i in items}
    form = EditForm(
        "allocation_decide", rnd["id"], rnd, prefix="allocation_dec", group=f"allocation_{rnd['id']}"
    )
    with form:
        item_id = st.selectbox(
            c.t("allocation.field.item"),
            list(by_id),
            key=form.key("item"),
            format_func=lambda i: f"{fmt_date(by_id[i]['meeting_date'], c.lang)} — {by_id[i]['title']}",
        )
        method = st.selectbox(
            c.t("allocation.field.method"),
            allocation.METHODS,
            index=allocation.METHODS.index(rnd["method"]),
            key=form.key("method"),
            format_func=lambda m: c.t(f"allocation.method.{m}"),
        )
        text = st.text_area(c.t("allocation.field.decision_text"), key=form.key("text"))
        submitted = st.form_submit_button(c.t("allocation.decide"), type="primary")
    if submitted:
        form.save(
            c,
            lambda s, v: allocation.decide_allocation(
                s, c.actor, rnd["id"], expected_version=v, agenda_item_id=item_id, method=method, text=text
            ),
            values={"item": item_id, "method": method, "text": text},
            success=lambda out: c.t("allocation.decided", count=len(out["awards"])),
        )


def _awards(c: PageContext, result: dict) -> None:
    rows = {r["id"]: r for r in result["rows"]}
    st.success(c.t("allocation.decision.done", decision=result["round"]["decision_id"]))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("allocation.col.rank"): a["rank"],
                    c.t("allocation.col.code"): rows[a["project_id"]]["code"]
                    if a["project_id"] in rows
                    else "",
                    c.t("allocation.col.source"): c.t("funding.regional_fund"),
                    c.t("allocation.col.year"): result["round"]["year"],
                    c.t("allocation.col.amount"): format_number(a["amount"], c.lang, 2),
                    c.t("allocation.col.score"): format_number(a["score"], c.lang, 2),
                    c.t("allocation.col.decision"): a["decision_id"],
                }
                for a in result["awards"]
            ]
        ),
        hide_index=True,
        key="allocation_awards",
    )
