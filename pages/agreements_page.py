"""Cooperation agreements between provinces: the register, recording and proposing, editing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import agreements
from council.i18n import fmt_date
from council.io import to_csv
from council.regions import list_provinces, list_regions
from council.ui.context import PageContext, ctx
from council.ui.people import people
from pages.agreement_views import detail
from pages.agreement_views.forms import create_form, edit_form

SPEC = dict(
    url_path="agreements",
    title_key="agreements.nav",
    icon=":material/handshake:",
    section="nav.section.council",
    order=25,
)


PREPARATION_KEY = "agreements_prep_open"


def render() -> None:
    c = ctx()
    st.title(c.t("agreements.title"))
    st.caption(c.t("agreements.intro"))
    with st.expander(c.t("agreements.spectrum"), expanded=False):
        for stage in agreements.STAGES:
            st.markdown(
                f"**{c.t(f'agreements.stage.{stage}')}**\n"
                + "\n".join(
                    f"- {c.t(f'agreements.form.{code}')}: {c.t(f'agreements.formhelp.{code}')}"
                    for code, s in agreements.FORMS
                    if s == stage
                )
            )
    region = next(r for r in c.cached(list_regions) if r["id"] == c.region_id)
    region_label = region["name_vi"] if c.lang == "vi" else region["name_en"]
    pname = {p["id"]: p["name_vi"] for p in c.cached(list_provinces)}
    listed = _register(c, region_label)
    _preparation(c, listed)
    may_edit = c.can("agreement.edit")
    if not (may_edit or c.can("agreement.propose", [c.actor.province_id])):
        return
    left, right = st.columns(2)
    with left:
        create_form(c, pname, may_edit)
    with right:
        edit_form(c, pname, agreements.editable(c.actor, c.cached(agreements.list_agreements)), may_edit)


def _register(c: PageContext, region_label: str) -> list[dict]:
    """The filters and the register; returns the agreements listed."""
    cols = st.columns([2, 2, 3])
    scope = cols[0].radio(
        c.t("agreements.filter.scope"),
        ("region", "all"),
        key="agreements_scope",
        format_func=lambda s: c.t(f"agreements.filter.{s}", region=region_label),
    )
    status = cols[1].selectbox(
        c.t("agreements.filter.status"),
        (None, *agreements.AGREEMENT_STATUSES),
        key="agreements_status",
        format_func=lambda s: c.t("common.all") if s is None else c.t(f"agreements.status.{s}"),
    )
    search = cols[2].text_input(c.t("agreements.filter.search"), key="agreements_search")
    # The register is the same for every reader: computed once per data version (council.ui.cache).
    items = c.cached(
        agreements.list_agreements,
        region_id=c.region_id if scope == "region" else None,
        status=status,
        search=search,
    )
    if not items:
        st.info(c.t("agreements.empty"))
        return []
    st.markdown(c.t("agreements.count", n=len(items)))
    name = people(c, [a["updated_by"] for a in items])
    frame = pd.DataFrame(
        [
            {
                c.t("agreements.col.code"): a["code"],
                c.t("agreements.col.title"): a["title"],
                c.t("agreements.col.provinces"): ", ".join(a["province_names"]),
                c.t("agreements.col.form"): c.t(f"agreements.form.{a['form']}"),
                c.t("agreements.col.stage"): c.t(f"agreements.stage.{a['stage']}") if a["stage"] else "",
                c.t("agreements.col.status"): c.t(f"agreements.status.{a['status']}"),
                c.t("agreements.col.date_signed"): fmt_date(a["date_signed"], c.lang),
                c.t("agreements.col.updated_by"): name(a["updated_by"]),
            }
            for a in items
        ]
    )
    st.dataframe(frame, hide_index=True, key="agreements_table")
    st.download_button(
        c.t("agreements.download_csv"),
        # Written when the button is clicked, not on every rerun.
        lambda: to_csv(frame),
        file_name="cooperation-agreements.csv",
        mime="text/csv",
        key="agreements_download_csv",
    )
    return items


def _preparation(c: PageContext, listed: list[dict]) -> None:
    """One agreement's facts and follow control (the agreements listed above first, so it opens
    on the first of them), then the six preparation steps of an agreement
    (pages/sharing_views/steps.py)."""
    from pages.sharing_views import steps

    items = c.cached(agreements.list_agreements)
    if not items:
        return
    shown = {a["id"] for a in listed}
    detail.render(c, listed + [a for a in items if a["id"] not in shown])
    by_id = {a["id"]: a for a in items}
    # Opening the expander reruns the page; while it is closed its contents (a table and a form
    # of up to a dozen inputs) are not built at all.
    section = st.expander(c.t("preparation.expander"), key=PREPARATION_KEY, on_change="rerun")
    if not section.open:
        return
    with section:
        chosen = st.selectbox(
            c.t("agreements.select"),
            list(by_id),
            key="agreements_prep_select",
            format_func=lambda i: f"{by_id[i]['code']} — {by_id[i]['title']}",
        )
        steps.render(c, by_id[chosen])
