"""The regional fund's ledger: per year and member province paid in, received through projects,
net and cumulative; the net-contributor flags; a representative's own province first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import allocation
from council.numbers import format_number
from council.ui.context import PageContext


def _shown(c: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns[2:6]:
        out[column] = [format_number(v, c.lang, 2) for v in out[column]]
    return out


def render(c: PageContext) -> None:
    book = c.read(allocation.ledger, c.region_id)
    st.subheader(c.t("allocation.ledger.title"))
    st.caption(c.t("allocation.ledger.help", years=book["years_needed"]))
    if not book["rows"]:
        st.info(c.t("allocation.ledger.empty"))
        return
    if book["flagged"]:
        st.warning(
            c.t("allocation.ledger.flagged", names=", ".join(book["flagged"]), years=book["years_needed"])
        )
    own = c.actor.province_id
    mine = [r for r in book["rows"] if r["province_id"] == own]
    if mine:
        st.markdown(f"**{c.t('allocation.ledger.own', province=mine[0]['name'])}**")
        st.dataframe(
            _shown(c, allocation.ledger_frame({"rows": mine}, c.lang)),
            hide_index=True,
            key="allocation_ledger_own",
        )
    st.dataframe(_shown(c, allocation.ledger_frame(book, c.lang)), hide_index=True, key="allocation_ledger")
    if book["outside"]:
        st.caption(
            c.t(
                "allocation.ledger.outside",
                items="; ".join(
                    f"{o['name']} {o['year']}: {format_number(o['received'], c.lang, 2)}"
                    for o in book["outside"]
                ),
            )
        )
