"""The steps of a province's figures of a year: one level (the representative submits) or two
(the provincial statistics officer verifies, the representative signs off and submits or sends
back); and the secretariat's setting of each province's number of levels (council/signoff.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import signoff, targets
from council.ui.forms import CreateForm, act
from council.ui.text import plain
from pages.figure_views.entry import submit


def workflow(c, rows: list[dict], province_id: int, year: int) -> None:
    """What the reader may do next with the set, by the province's number of levels."""
    levels = c.read(targets.signoff_levels, province_id)
    st.caption(c.t("signoff.levels_two" if levels == 2 else "signoff.levels_one"))
    back = [r for r in rows if r["status"] == "verified" and r["return_reason"]]
    if back:
        st.warning(
            c.t("signoff.returned_to_signoff", n=len(back), reason=plain(back[0]["return_reason"])),
            icon=":material/undo:",
        )
    if levels != 2:
        if c.can("observation.submit", [province_id]):
            submit(c, rows, province_id, year)
        return
    if c.can("observation.verify", [province_id]):
        _verify(c, rows, province_id, year)
    if c.can("observation.submit", [province_id]):
        _sign_off(c, rows, province_id, year)


def _verify(c, rows: list[dict], province_id: int, year: int) -> None:
    ready = [r for r in rows if r["status"] in ("draft", "returned") and r["value"] is not None]
    st.markdown(c.t("signoff.ready_verify", n=len(ready)))
    if ready and st.button(c.t("signoff.verify", n=len(ready), year=year), key="figures_verify"):
        act(
            c,
            lambda session: signoff.verify_set(session, c.actor, province_id, year),
            success=lambda n: c.t("signoff.verified", n=n),
        )


def _sign_off(c, rows: list[dict], province_id: int, year: int) -> None:
    awaiting = [r for r in rows if r["status"] == "verified" and r["value"] is not None]
    st.markdown(c.t("signoff.awaiting", n=len(awaiting)))
    if not awaiting:
        return
    if st.button(c.t("signoff.sign_off", n=len(awaiting), year=year), key="figures_sign_off", type="primary"):
        act(
            c,
            lambda session: targets.submit_set(session, c.actor, province_id, year),
            success=lambda n: c.t("signoff.signed_off", n=n),
        )
    with st.expander(c.t("signoff.send_back_title")):
        form = CreateForm("figures_send_back", border=False)
        with form:
            reason = st.text_input(c.t("signoff.send_back_reason"), key=form.key("reason"))
            sent = st.form_submit_button(c.t("signoff.send_back"))
        if sent:
            form.save(
                c,
                lambda session: signoff.send_back_set(session, c.actor, province_id, year, reason),
                values={"province": province_id, "year": year, "reason": reason},
                success=lambda n: c.t("signoff.sent_back", n=n),
            )


def return_level(c, province_id: int) -> str:
    """The level the secretariat returns a set to: asked only where the province has two levels."""
    if c.read(targets.signoff_levels, province_id) != 2:
        return "entry"
    return st.radio(
        c.t("signoff.return_level"),
        targets.RETURN_LEVELS,
        format_func=lambda level: c.t(f"signoff.level.{level}"),
        key=f"figures_return_level_{province_id}",
        horizontal=True,
    )


def levels_settings(c) -> None:
    """The secretariat sets each province's number of sign-off levels (versioned, audited)."""
    with st.expander(c.t("signoff.levels_title")):
        st.caption(c.t("signoff.levels_help"))
        table = c.read(signoff.levels_table)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("signoff.province"): r["province"],
                        c.t("signoff.col.levels"): r["levels"],
                        c.t("signoff.col.officers"): ", ".join(r["officers"]),
                    }
                    for r in table
                ]
            ),
            hide_index=True,
            key="figures_levels_table",
        )
        by_id = {r["province_id"]: r for r in table}
        form = CreateForm("figures_levels", border=False)
        with form:
            province_id = st.selectbox(
                c.t("signoff.province"),
                list(by_id),
                format_func=lambda i: by_id[i]["province"],
                key=form.key("province"),
            )
            levels = st.radio(
                c.t("signoff.levels_choice"),
                (1, 2),
                format_func=lambda n: c.t(f"signoff.level_n.{n}"),
                key=form.key("levels"),
                horizontal=True,
            )
            saved = st.form_submit_button(c.t("signoff.levels_save"))
        if saved:
            version = by_id[province_id]["version"]
            form.save(
                c,
                lambda session: signoff.set_levels(session, c.actor, province_id, levels, version or None),
                values={"province": province_id, "levels": levels},
                success=c.t("signoff.levels_saved"),
            )
