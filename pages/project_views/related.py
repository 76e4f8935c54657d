"""A project's detail, the records around it: the conflicts it is part of, the plan targets it
is credited to, and its change history (who, when, what, in the reader's words)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import plan
from council.i18n import action_label, fmt_date, fmt_number
from council.regions import list_provinces
from council.ui.people import people
from council.ui.readable import field_label
from council.ui.text import plain


def conflicts(c, d) -> None:
    st.subheader(c.t("projects.detail.conflicts"))
    if not d["conflicts"]:
        st.caption(c.t("projects.detail.no_conflicts"))
        return
    for x in d["conflicts"]:
        status, severity = c.t("cstatus." + x["status"]), c.t("severity." + x["severity"])
        st.markdown(f"- **{plain(x['code'])}** · {plain(x['title'])} — {status}, {severity}")


HISTORY_KEY = "project_history_open"


def history(c, d) -> None:
    # Opening the expander reruns the page; closed, the table of up to 200 changes is not built.
    section = st.expander(c.t("projects.detail.history"), key=HISTORY_KEY, on_change="rerun")
    if not section.open:
        return
    with section:
        if not d["history"]:
            st.caption(c.t("projects.detail.no_history"))
            return
        name = people(c, [h["actor"] for h in d["history"]])
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("projects.detail.when"): fmt_date(h["at"], c.lang),
                        c.t("projects.detail.who"): name(h["actor"]),
                        c.t("projects.detail.what"): action_label(h["action"], c.lang)
                        + (f" ({h['note']})" if h["note"] else ""),
                        c.t("projects.detail.fields"): ", ".join(
                            field_label(f, c.lang) for f in h["changed"]
                        ),
                    }
                    for h in d["history"]
                ]
            ),
            hide_index=True,
            key="project_history",
        )


def plan_credits(c, d) -> None:
    """The plan targets the project is credited to (plan execution), split between its provinces."""
    st.subheader(c.t("plan.project_credits"))
    credits = c.cached(plan.links_for_project, d["id"])
    if not credits:
        st.caption(c.t("plan.project_credits_none"))
        return
    names = {p["id"]: p["name_vi"] for p in c.cached(list_provinces)}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.target"): f"#{x['target_id']} {x['indicator_vi']}",
                    c.t("plan.col.target_year"): str(x["target_year"]),
                    c.t("plan.col.quantity"): f"{fmt_number(x['quantity'], c.lang, 3)} {x['unit']}",
                    c.t("plan.col.rule"): c.t(f"plan.rule.{x['rule']}"),
                    c.t("plan.col.split"): "; ".join(
                        f"{names.get(pid, pid)}: {fmt_number(amount, c.lang, 3)}"
                        for pid, amount in x["parts"].items()
                    ),
                }
                for x in credits
            ]
        ),
        hide_index=True,
        key="project_plan_credits",
    )
    st.caption(c.t("plan.link_rule_help"))
