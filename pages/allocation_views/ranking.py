"""The criteria, the ranked proposals with every term, both selections side by side, and the
sensitivity of the selection to each weight."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import allocation
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.text import plain


def _money(c: PageContext, value) -> str:
    return format_number(value, c.lang, 2)


def _shown(c: PageContext, frame: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [format_number(v, c.lang, digits) if pd.notna(v) else "—" for v in out[column]]
    return out


def render(c: PageContext, result: dict) -> None:
    rnd = result["round"]
    st.markdown(
        c.t(
            "allocation.facts",
            year=rnd["year"],
            envelope=_money(c, rnd["envelope"]),
            method=c.t(f"allocation.method.{rnd['method']}"),
            version=rnd["version"],
        )
    )
    fund = result["fund"]
    st.caption(
        c.t(
            "allocation.fund_position",
            paid=_money(c, fund["paid_in"]),
            awarded=_money(c, fund["awarded"]),
            balance=_money(c, fund["balance"]),
        )
    )
    if rnd["envelope"] > fund["balance"] + sum(a["amount"] for a in result["awards"]):
        st.warning(c.t("allocation.warn.envelope_over_fund"))
    st.subheader(c.t("allocation.criteria.title"))
    st.caption(c.t("allocation.criteria.help"))
    st.dataframe(
        _shown(c, allocation.criteria_frame(result, c.lang)), hide_index=True, key="allocation_criteria"
    )
    st.subheader(c.t("allocation.ranking.title"))
    st.caption(c.t("allocation.ranking.help"))
    if not result["rows"]:
        st.info(c.t("allocation.no_proposals"))
    else:
        st.dataframe(
            _shown(c, allocation.ranking_frame(result, c.lang)), hide_index=True, key="allocation_ranking"
        )
    for r in result["unrankable"]:
        st.warning(c.t("allocation.warn.no_cost", code=plain(r["code"])))
    if not result["rows"]:
        return
    _selection(c, result)
    _sensitivity(c, result)


def _selection(c: PageContext, result: dict) -> None:
    sel = result["selection"]
    st.subheader(c.t("allocation.selection.title"))
    st.caption(
        c.t(
            "allocation.selection.help",
            unit=format_number(sel["unit"], c.lang, 0),
            capacity=format_number(sel["capacity"], c.lang, 0),
        )
    )
    codes = {r["id"]: r["code"] for r in result["rows"]}
    left, right = st.columns(2)
    for column, method in ((left, "greedy"), (right, "knapsack")):
        with column:
            st.markdown(f"**{c.t(f'allocation.method.{method}')}**")
            st.markdown(
                c.t(
                    "allocation.selection.summary",
                    projects=", ".join(codes[i] for i in sel[method]) or "—",
                    cost=_money(c, sel[f"{method}_cost"]),
                    score=format_number(sel[f"{method}_score"], c.lang, 2),
                )
            )
    if set(sel["greedy"]) != set(sel["knapsack"]):
        st.info(c.t("allocation.selection.differ"))
    st.dataframe(
        _shown(c, allocation.selection_frame(result, c.lang)), hide_index=True, key="allocation_selection"
    )


def _sensitivity(c: PageContext, result: dict) -> None:
    st.subheader(c.t("allocation.sensitivity.title"))
    st.caption(c.t("allocation.sensitivity.help"))
    frame = allocation.sensitivity_frame(result, c.lang)
    if frame.empty:
        st.success(c.t("allocation.sensitivity.stable"))
    else:
        st.dataframe(frame, hide_index=True, key="allocation_sensitivity")
