"""One agreement of the register: its facts and the follow control (a link such as
?agreement=5 opens it)."""

from __future__ import annotations

import streamlit as st

from council.i18n import fmt_date
from council.ui.context import PageContext
from council.ui.follow import follow_button
from council.ui.records import parse_id, take_query_param
from council.ui.text import plain

KEY = "agreements_detail_select"


def render(c: PageContext, items: list[dict]) -> None:
    """The chosen agreement among ``items`` (the register as listed)."""
    by_id = {a["id"]: a for a in items}
    wanted = parse_id(take_query_param("agreement"))
    if wanted in by_id:
        st.session_state[KEY] = wanted
    if st.session_state.get(KEY) not in by_id:
        st.session_state.pop(KEY, None)
    with st.container(border=True, key="agreements_detail"):
        st.markdown(f"**{c.t('agreements.detail')}**")
        chosen = st.selectbox(
            c.t("agreements.select"),
            list(by_id),
            key=KEY,
            format_func=lambda i: f"{by_id[i]['code']} — {by_id[i]['title']}",
        )
        a = by_id[chosen]
        follow_button(c, "agreement", chosen)
        facts = [
            (c.t("agreements.col.provinces"), ", ".join(a["province_names"])),
            (c.t("agreements.col.form"), c.t(f"agreements.form.{a['form']}")),
            (c.t("agreements.col.stage"), c.t(f"agreements.stage.{a['stage']}") if a["stage"] else ""),
            (c.t("agreements.col.status"), c.t(f"agreements.status.{a['status']}")),
            (c.t("agreements.col.date_signed"), fmt_date(a["date_signed"], c.lang)),
        ]
        st.markdown("  \n".join(f"{label}: {plain(value) or '—'}" for label, value in facts))
        if a.get("note"):
            st.caption(plain(a["note"]))
