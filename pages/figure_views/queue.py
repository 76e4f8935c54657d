"""The secretariat's queue: submitted sets to approve or return, approved sets to reopen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import targets
from council.i18n import fmt_date, fmt_number
from council.ui.forms import CreateForm, act
from council.ui.shown import shown_version
from council.ui.text import plain
from pages.figure_views.signoff import return_level

QUEUE_WANTED = "figures_queue_wanted"  # the set a link asks to open in the queue (province id, year)


def _label(s: dict) -> str:
    return f"{s['province']} · {s['year']} ({s['count']})"


def queue(c) -> None:
    st.divider()
    st.subheader(c.t("figures.queue_title"))
    waiting = c.cached(targets.figure_sets, ("submitted",))
    approved = c.cached(targets.figure_sets, ("approved",))
    wanted = st.session_state.pop(QUEUE_WANTED, None)  # applied once, on the run the link opened
    if not waiting:
        st.info(c.t("figures.queue_empty"))
    else:
        _waiting(c, waiting, wanted)
    with st.expander(c.t("figures.reopen_title")):
        if not approved:
            st.caption(c.t("figures.none_approved"))
            return
        by_key = {(s["province_id"], s["year"]): s for s in approved}
        chosen = st.selectbox(
            c.t("figures.reopen_choose"),
            list(by_key),
            format_func=lambda k: _label(by_key[k]),
            key="figures_reopen_set",
        )
        form = CreateForm("figures_reopen", border=False)
        with form:
            reason = st.text_input(c.t("figures.reopen_reason"), key=form.key("reason"))
            submitted = st.form_submit_button(c.t("figures.reopen"))
        if submitted:
            form.save(
                c,
                lambda session: targets.reopen_set(session, c.actor, chosen[0], chosen[1], reason),
                values={"set": chosen, "reason": reason},
                success=lambda n: c.t("figures.reopened", n=n),
            )


def _waiting(c, waiting: list[dict], wanted: tuple | None) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("figures.province"): s["province"],
                    c.t("figures.year"): s["year"],
                    c.t("figures.count"): s["count"],
                    c.t("figures.col.entered_by"): s["entered_by_names"],
                    c.t("figures.last"): fmt_date(s["last"], c.lang),
                }
                for s in waiting
            ]
        ),
        hide_index=True,
        key="figures_queue_table",
    )
    by_key = {(s["province_id"], s["year"]): s for s in waiting}
    if wanted is not None and tuple(wanted) in by_key:
        st.session_state["figures_queue_set"] = tuple(wanted)
    chosen = st.selectbox(
        c.t("figures.queue_choose"),
        list(by_key),
        format_func=lambda k: _label(by_key[k]),
        key="figures_queue_set",
    )
    pid, yr = chosen
    detail = [r for r in c.read(targets.figures_for, pid, yr) if r["status"] == "submitted"]
    # The figures the previous run showed, at their versions: a decision on a set that changed
    # in between (returned and resubmitted, or decided by someone else) is refused.
    shown = {r["id"]: shown_version(f"figure_{r['id']}", r["version"]) for r in detail}
    st.markdown(
        "\n".join(
            f"- {plain(r['name_vi' if c.lang == 'vi' else 'name_en'])}: "
            f"**{fmt_number(r['value'], c.lang, 4)}** {plain(r['unit'])}"
            + (f" — {plain(r['comment'])}" if r["comment"] else "")
            for r in detail
        )
    )
    # Figures far from the province's own years or its peers: said with the reason; approving
    # stays possible (a real jump, a change of method).
    for f in c.read(targets.implausible_figures, pid, yr):
        st.warning(
            c.t(
                f"vi_ui.implausible.{f['reason']}",
                indicator=plain(f["name_vi" if c.lang == "vi" else "name_en"]),
                code=plain(f["code"]),
                value=fmt_number(f["value"], c.lang, 4),
                unit=plain(f["unit"]),
                reference=fmt_number(f["reference"], c.lang, 4),
                n=f["n"],
            ),
            icon=":material/warning:",
        )
    a, b = st.columns(2)
    if a.button(c.t("figures.approve"), key="figures_approve", type="primary"):
        act(
            c,
            lambda session: targets.approve_set(session, c.actor, pid, yr, shown),
            success=lambda n: c.t("figures.approved", n=n),
        )
    with b:
        level = return_level(c, pid)  # to the statistics officer or the representative (two levels)
    form = CreateForm("figures_return", border=False)
    with b, form:
        reason = st.text_input(c.t("figures.return_reason"), key=form.key("reason"))
        submitted = st.form_submit_button(c.t("figures.return"))
    if submitted:
        form.save(
            c,
            lambda session: targets.return_set(session, c.actor, pid, yr, reason, shown, level=level),
            values={"set": chosen, "reason": reason, "level": level},
            success=lambda n: c.t("figures.returned", n=n),
        )
