"""Benefit and cost sharing: arrangements, keys compared side by side, the yearly settlement,
each province's acceptance, the Excel export."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import agreements, sharing
from council.numbers import format_number
from council.ui.context import PageContext, ctx
from council.ui.forms import CreateForm
from council.ui.text import plain

SPEC = dict(
    url_path="sharing",
    title_key="sharing.nav",
    icon=":material/balance:",
    section="nav.section.council",
    order=26,
)


def render() -> None:
    c = ctx()
    st.title(c.t("sharing.title"))
    st.caption(c.t("sharing.intro"))
    items = c.read(sharing.list_arrangements)
    if c.can("sharing.manage"):
        with st.expander(c.t("sharing.create"), expanded=not items):
            _create_form(c)
    if not items:
        st.info(c.t("sharing.empty"))
        return
    by_id = {a["id"]: a for a in items}
    wanted = st.query_params.get("arrangement")
    ids = list(by_id)
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in by_id else 0
    chosen = st.selectbox(
        c.t("sharing.select"),
        ids,
        index=index,
        key="sharing_select",
        format_func=lambda i: f"{by_id[i]['code']} — {by_id[i]['title']}",
    )
    arr = by_id[chosen]
    _facts(c, arr)
    if c.can("sharing.manage"):
        _terms_forms(c, arr)
    years = sorted(arr["revenues"])
    if not years:
        st.info(c.t("sharing.no_revenue_yet"))
        return
    wanted_year = st.query_params.get("year")
    year = st.selectbox(
        c.t("sharing.year"),
        years,
        index=years.index(int(wanted_year))
        if wanted_year and wanted_year.isdigit() and int(wanted_year) in years
        else len(years) - 1,
        key=f"sharing_year_{chosen}",
    )
    _compare(c, arr, year)
    if arr["adopted_scenario_id"]:
        _settlement(c, arr, year)


def _money(c: PageContext, value) -> str:
    return format_number(value, c.lang, 2)


def _facts(c: PageContext, arr: dict) -> None:
    names = {p["province_id"]: p["name"] for p in arr["participants"]}
    st.markdown(
        c.t(
            "sharing.facts",
            kind=c.t(f"sharing.kind.{arr['kind']}"),
            base_year=arr["base_year"],
            rule=c.t(f"sharing.rule.{arr['shortfall_rule']}"),
            host=names.get(arr["host_province_id"], "—"),
            version=arr["version"],
        )
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("sharing.col.province"): p["name"],
                    c.t("sharing.col.baseline"): _money(c, p["baseline"]),
                    c.t("sharing.col.source"): p["baseline_source"],
                }
                for p in arr["participants"]
            ]
        ),
        hide_index=True,
        key=f"sharing_participants_{arr['id']}",
    )


def _create_form(c: PageContext) -> None:
    choices = {a["id"]: a for a in c.read(agreements.list_agreements)}
    if not choices:
        st.info(c.t("sharing.no_agreement"))
        return
    agreement_id = st.selectbox(
        c.t("sharing.field.agreement"),
        list(choices),
        key="sharing_new_agreement",
        format_func=lambda i: f"{choices[i]['code']} — {choices[i]['title']}",
    )
    agr = choices[agreement_id]
    pids = agr["province_ids"]
    pname = dict(zip(pids, agr["province_names"], strict=False))
    form = CreateForm("sharing_create", prefix=f"sharing_new_{agreement_id}")
    with form:
        title = st.text_input(c.t("sharing.field.title"), value=agr["title"], key=form.key("title"))
        base_year = st.number_input(
            c.t("sharing.field.base_year"), 2000, 2100, 2024, step=1, key=form.key("base_year")
        )
        baselines = {
            pid: st.text_input(
                c.t("sharing.field.baseline", province=pname.get(pid, pid)), key=form.key(f"baseline_{pid}")
            )
            or None
            for pid in pids
        }
        kind = st.selectbox(
            c.t("sharing.field.kind"),
            sharing.KINDS,
            key=form.key("kind"),
            format_func=lambda k: c.t(f"sharing.kind.{k}"),
        )
        rule = st.selectbox(
            c.t("sharing.field.rule"),
            sharing.SHORTFALL_RULES,
            key=form.key("rule"),
            format_func=lambda k: c.t(f"sharing.rule.{k}"),
        )
        host = st.selectbox(
            c.t("sharing.field.host"),
            [None, *pids],
            key=form.key("host"),
            format_func=lambda i: pname.get(i, "—"),
        )
        submitted = st.form_submit_button(c.t("sharing.submit_create"), type="primary")
    if submitted:
        values = dict(
            title=title,
            province_ids=pids,
            base_year=int(base_year),
            baselines=baselines,
            agreement_id=agreement_id,
            kind=kind,
            shortfall_rule=rule,
            host_province_id=host,
        )
        form.save(
            c,
            lambda s: sharing.create_arrangement(s, c.actor, **values),
            values={k: repr(v) for k, v in values.items()},
            success=lambda created: c.t("sharing.created", code=plain(created["code"])),
        )


def _terms_forms(c: PageContext, arr: dict) -> None:
    from pages.sharing_views import terms

    terms.render(c, arr)


def _compare(c: PageContext, arr: dict, year: int) -> None:
    from pages.sharing_views import compare

    compare.render(c, arr, year)


def _settlement(c: PageContext, arr: dict, year: int) -> None:
    from pages.sharing_views import settlement

    settlement.render(c, arr, year)
