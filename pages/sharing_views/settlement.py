"""The adopted settlement of one year: every column, who loses, warnings, acceptances, Excel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import sharing
from council.i18n import fmt_date
from council.io import to_excel
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.forms import act


def frame(c: PageContext, result: dict) -> pd.DataFrame:
    lines = result["lines"]
    out = []
    for r in result["rows"]:
        row = {
            c.t("sharing.col.year"): result["year"],
            c.t("sharing.col.province"): r["name"],
            c.t("sharing.col.baseline"): r["baseline"],
            c.t("sharing.col.kept"): r["kept"],
            c.t("sharing.col.increment"): r["increment"],
        }
        for ln in lines:
            row[_line_label(c, ln)] = -r["costs"][ln["id"]]
        row[c.t("sharing.col.net")] = r["net"]
        row[c.t("sharing.col.cumulative")] = r["cumulative"]
        row[c.t("sharing.col.change")] = r["change"]
        row[c.t("sharing.col.loses")] = c.t("common.yes") if r["loses"] else ""
        row[c.t("sharing.col.accepted")] = fmt_date(r["accepted_at"], c.lang) if r["accepted_at"] else ""
        out.append(row)
    return pd.DataFrame(out)


def _line_label(c: PageContext, ln: dict) -> str:
    return (
        f"{c.t('sharing.category.' + ln['category'])} #{ln['id']} "
        f"({c.t('sharing.key.' + ln['key'])}, {c.t('sharing.cost_type.' + ln['cost_type'])})"
    )


def render(c: PageContext, arr: dict, year: int) -> None:
    result = c.read(sharing.settlement, arr["id"], year)
    st.subheader(c.t("sharing.settlement.title", year=year, name=result["scenario"]["name"]))
    st.caption(c.t("sharing.settlement.help", due=fmt_date(result["due"], c.lang), version=result["version"]))
    if result["marginal_only"]:
        st.warning(c.t("sharing.warn.marginal_only"))
    if result["shortfall"]:
        st.warning(c.t("sharing.warn.shortfall", rule=c.t(f"sharing.rule.{arr['shortfall_rule']}")))
    table = frame(c, result)
    shown = table.copy()
    for col in shown.columns[2:-2]:
        shown[col] = [format_number(v, c.lang, 2) for v in shown[col]]
    st.dataframe(shown, hide_index=True, key=f"sharing_settlement_{arr['id']}_{year}")
    t = result["totals"]
    st.caption(
        c.t(
            "sharing.settlement.totals",
            revenue=format_number(t["revenue"], c.lang, 2),
            kept=format_number(t["kept"], c.lang, 2),
            increment=format_number(t["increment"], c.lang, 2),
            costs=format_number(t["cost_total"], c.lang, 2),
            net=format_number(t["net"], c.lang, 2),
        )
    )
    losers = [r["name"] for r in result["rows"] if r["loses"]]
    if losers:
        st.error(c.t("sharing.losers", names=", ".join(losers)))
    for r in result["rows"]:
        pid = r["province_id"]
        if r["accepted_at"] is None and c.can("sharing.accept", [pid]):
            if st.button(
                c.t("sharing.accept", province=r["name"], year=year),
                key=f"sharing_accept_{arr['id']}_{year}_{pid}",
            ):
                act(
                    c,
                    lambda s, p=pid: sharing.accept_settlement(
                        s, c.actor, arr["id"], p, year, settlement_version=result["version"]
                    ),
                    success=c.t("sharing.accepted", province=r["name"], year=year),
                )
    years = sorted(arr["revenues"])
    book = {str(y): frame(c, c.read(sharing.settlement, arr["id"], y)) for y in years}
    st.download_button(
        c.t("sharing.download_xlsx"),
        to_excel(book),
        file_name=f"sharing-{arr['code']}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"sharing_xlsx_{arr['id']}",
    )
