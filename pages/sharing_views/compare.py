"""Saved keys side by side for one year: each province's net and change by each key; adopt one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import sharing
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.forms import act
from council.ui.notices import error_message


def render(c: PageContext, arr: dict, year: int) -> None:
    st.subheader(c.t("sharing.compare.title", year=year))
    side = c.read(sharing.compare_scenarios, arr["id"], year)
    if not side:
        st.info(c.t("sharing.compare.none"))
        return
    rows = {p["province_id"]: {c.t("sharing.col.province"): p["name"]} for p in arr["participants"]}
    for item in side:
        sc = item["scenario"]
        label = f"{sc['name']} ({c.t('sharing.key.' + sc['key'])})"
        if "error" in item:
            st.warning(f"{label}: {error_message(item['error'], c.lang)}")
            continue
        for r in item["settlement"]["rows"]:
            rows[r["province_id"]][f"{label} — {c.t('sharing.col.net')}"] = format_number(r["net"], c.lang, 2)
            rows[r["province_id"]][f"{label} — {c.t('sharing.col.change')}"] = format_number(
                r["change"], c.lang, 2
            )
    st.dataframe(
        pd.DataFrame(list(rows.values())), hide_index=True, key=f"sharing_compare_{arr['id']}_{year}"
    )
    if not c.can("sharing.manage"):
        return
    for item in side:
        sc = item["scenario"]
        adopted = sc["id"] == arr["adopted_scenario_id"]
        if adopted:
            st.caption(c.t("sharing.adopted", name=sc["name"]))
            continue
        if "error" not in item and st.button(
            c.t("sharing.adopt", name=sc["name"]), key=f"sharing_adopt_{arr['id']}_{sc['id']}"
        ):
            act(
                c,
                lambda s, sid=sc["id"]: sharing.adopt_scenario(
                    s, c.actor, arr["id"], sid, expected_version=arr["version"]
                ),
                success=c.t("sharing.adopted_now", name=sc["name"]),
                reopen=f"sharing_{arr['id']}",
            )
