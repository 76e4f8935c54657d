"""Allocation of resources (Phân bổ nguồn lực): the region's proposals ranked by the council's
criteria and weights, the selection under the yearly envelope (greedy and optimal side by side),
the sensitivity of the selection to each weight, the allocation decision and the regional fund's
ledger. The views are in pages/allocation_views/."""

from __future__ import annotations

import streamlit as st

from council import allocation
from council.io import XLSX_MIME
from council.ui.context import PageContext, ctx
from council.ui.forms import CreateForm
from pages.allocation_views import decision, ledger, ranking, settings

SPEC = dict(
    url_path="allocation",
    title_key="allocation.nav",
    icon=":material/account_balance:",
    section="nav.section.council",
    order=27,
)


def render() -> None:
    c = ctx()
    st.title(c.t("allocation.title"))
    st.caption(c.t("allocation.intro"))
    rounds = c.read(allocation.list_rounds, c.region_id)
    manage = c.can(allocation.ACTION)
    if manage:
        with st.expander(c.t("allocation.create"), expanded=not rounds):
            _create_form(c)
    if not rounds:
        st.info(c.t("allocation.empty"))
        ledger.render(c)
        return
    by_id = {r["id"]: r for r in rounds}
    ids = list(by_id)
    wanted = st.query_params.get("round")
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in by_id else 0
    chosen = st.selectbox(
        c.t("allocation.select"),
        ids,
        index=index,
        key="allocation_round",
        format_func=lambda i: c.t(
            "allocation.round_label",
            year=by_id[i]["year"],
            status=c.t(f"allocation.status.{by_id[i]['status']}"),
        ),
    )
    result = c.cached(allocation.ranking, chosen)  # the graph and the plan deliveries behind it are costly
    ranking.render(c, result)
    if manage and result["round"]["status"] == "open":
        settings.render(c, result)
    decision.render(c, result)
    ledger.render(c)
    st.download_button(
        c.t("allocation.export"),
        data=lambda: c.read(allocation.export_excel, chosen, c.lang),  # built when clicked
        file_name=f"phan-bo-nguon-luc-{result['round']['year']}.xlsx",
        mime=XLSX_MIME,
        key="allocation_export",
        icon=":material/download:",
    )


def _create_form(c: PageContext) -> None:
    form = CreateForm("allocation_create", prefix="allocation_new")
    with form:
        year = st.number_input(c.t("allocation.field.year"), 2000, 2100, 2027, step=1, key=form.key("year"))
        envelope = st.text_input(c.t("allocation.field.envelope"), key=form.key("envelope"))
        method = st.selectbox(
            c.t("allocation.field.method"),
            allocation.METHODS,
            key=form.key("method"),
            format_func=lambda m: c.t(f"allocation.method.{m}"),
        )
        submitted = st.form_submit_button(c.t("allocation.submit_create"), type="primary")
    if submitted:
        values = dict(year=int(year), envelope=envelope, method=method)
        form.save(
            c,
            lambda s: allocation.create_round(s, c.actor, region_id=c.region_id, **values),
            values=values,
            success=lambda created: c.t("allocation.created", year=created["year"]),
        )
