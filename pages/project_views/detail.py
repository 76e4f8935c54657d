"""The project detail's read-only parts: facts, participants (and acceptance), funding,
milestones, linked conflicts, history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import projects
from council.figures.maps import value_choropleth
from council.i18n import fmt_date, fmt_number
from council.ui.charts import show_chart
from council.ui.forms import act
from council.ui.shown import shown_version
from council.ui.text import plain, rich
from pages.project_views.common import error_text


def header(c, d) -> None:
    name = d["name_en"] if c.lang == "en" and d["name_en"] else d["name_vi"]
    st.title(f"{plain(d['code'])} · {plain(name)}")
    if d["late"]:
        st.warning(c.t(f"projects.late.{d['late']}"), icon=":material/schedule:")

    def period(start, end) -> str:
        return (
            "—" if start is None and end is None else f"{fmt_date(start, c.lang)} – {fmt_date(end, c.lang)}"
        )

    facts = [
        ("projects.col.status", c.t(f"pstatus.{d['status']}")),
        ("projects.col.type", c.t(f"ptype.{d['type']}")),
        ("projects.col.investment", fmt_number(d["total_investment"], c.lang, 0)),
        ("projects.detail.length", fmt_number(d["length_km"], c.lang)),
        ("projects.col.lead", plain(d["lead"]["name_vi"]) if d["lead"] else "—"),
        ("projects.detail.planned", period(d["planned_start"], d["planned_end"])),
        ("projects.detail.actual", period(d["actual_start"], d["actual_end"])),
        ("projects.detail.physical", f"{fmt_number(d['progress_physical'], c.lang)} %"),
    ]
    for i in range(0, len(facts), 4):
        for col, (key, value) in zip(st.columns(4), facts[i : i + 4], strict=False):
            col.caption(c.t(key))
            col.markdown(f"**{value}**")
    if d["expected_progress"] is not None:
        st.caption(c.t("projects.detail.expected", value=fmt_number(d["expected_progress"], c.lang, 0)))
    st.progress(
        min(1.0, (d["progress_disbursed"] or 0) / 100),
        text=f"{c.t('projects.detail.disbursed')}: {fmt_number(d['progress_disbursed'], c.lang)} %",
    )
    if d.get("status_date"):
        # The status's date and source; a report written before the event says so.
        when = c.t("projects.status_as_of", date=fmt_date(d["status_date"], c.lang))
        if d.get("status_scheduled"):
            when += f" — **{c.t('projects.status_scheduled')}**"
        source = d.get("status_source") or c.t("projects.status_source_app")
        links = " · ".join(
            rich(f"[{i + 1}]({u.split(' ')[0]})") if u.startswith("http") else plain(u)
            for i, u in enumerate(x.strip() for x in source.split(" ; "))
            if u
        )
        st.markdown(f"{when} · {c.t('projects.status_source')}: {links}")
    for key, value in (
        ("projects.detail.status_note", d["status_note"]),
        ("projects.detail.investment_note", d["investment_note"]),
    ):
        if value:
            st.markdown(f"**{c.t(key)}:** {plain(value)}")
    if d["source_url"]:
        links = " · ".join(
            rich(f"[{i + 1}]({u.strip()})") for i, u in enumerate(d["source_url"].split(" ; ")) if u.strip()
        )
        st.caption(f"{c.t('projects.detail.source')}: {links}")
    if d["proposed_by_id"]:
        st.caption(c.t("projects.detail.proposed_by"))


def participants(c, d, group: str) -> None:
    st.subheader(c.t("projects.detail.participants"))
    members = d["participants"]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("projects.cost.province"): m["name_vi"],
                    c.t("projects.detail.role"): c.t(f"prole.{m['role']}"),
                    c.t("projects.detail.share"): fmt_number(m["cost_share_pct"], c.lang, 2),
                    c.t("projects.detail.km"): fmt_number(m["length_km"], c.lang),
                    c.t("projects.detail.accepted"): c.t(
                        "projects.detail.accepted_at", at=fmt_date(m["accepted_at"], c.lang)
                    )
                    if m["accepted_at"]
                    else ("—" if m["cost_share_pct"] is None else c.t("projects.detail.not_accepted")),
                }
                for m in members
            ]
        ),
        hide_index=True,
        key="project_participants",
    )
    if not d["has_shares"]:
        st.info(c.t("projects.detail.no_shares"))
        return
    # Each province's share of the project's costs on the province boundaries.
    show_chart(
        value_choropleth(
            {m["code"]: m["cost_share_pct"] for m in members},
            names={m["code"]: m["name_vi"] for m in members},
            t=c.t,
            title=c.t("maps.cost_share"),
            fmt=lambda v: f"{fmt_number(v, c.lang, 2)} %",
            colorscale="Oranges",
            height=420,
        ),
        key=f"project_share_map_{d['id']}",
    )
    missing = [m["name_vi"] for m in members if m["accepted_at"] is None]
    if missing:
        st.markdown(
            c.t(
                "projects.cost.acceptance",
                done=len(members) - len(missing),
                total=len(members),
                missing=", ".join(plain(name) for name in missing),
            )
        )
    else:
        st.success(c.t("projects.cost.all_accepted", total=len(members)))
    # The split version the previous run showed (the one the user clicked on): an acceptance of
    # a split that moved in between is refused, and the new split shown.
    seen = shown_version(f"project_split_{d['id']}", d["version"])
    # The permission table decides whose share a user may accept (a representative: their own).
    for m in members:
        if m["accepted_at"] is not None or not c.can("project.accept_share", [m["province_id"]]):
            continue
        if st.button(
            c.t("projects.cost.accept", province=m["name_vi"]), key=f"project_accept_{m['province_id']}"
        ):
            act(
                c,
                lambda s, m=m: projects.accept_share(
                    s, c.actor, d["id"], m["province_id"], expected_version=seen
                ),
                success=c.t("projects.cost.accepted", province=m["name_vi"]),
                describe=lambda exc: error_text(c, exc),
                reopen=group,
            )


def funding(c, d) -> None:
    st.subheader(c.t("projects.detail.funding"))
    if not d["funding_lines"]:
        st.caption(c.t("projects.detail.no_funding"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("projects.detail.source_col"): c.t(f"funding.{f['source']}"),
                    c.t("projects.detail.year"): str(f["year"] or "—"),
                    c.t("projects.detail.planned_amount"): fmt_number(f["planned_amount"], c.lang),
                    c.t("projects.detail.actual_amount"): fmt_number(f["actual_amount"], c.lang),
                }
                for f in d["funding_lines"]
            ]
        ),
        hide_index=True,
        key="project_funding",
    )


def milestones(c, d) -> None:
    st.subheader(c.t("projects.detail.milestones"))
    if not d["milestones"]:
        st.caption(c.t("projects.detail.no_milestones"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("projects.detail.ms_title"): m["title"],
                    c.t("projects.detail.ms_due"): fmt_date(m["due_date"], c.lang),
                    c.t("projects.detail.ms_done"): fmt_date(m["done_date"], c.lang),
                }
                for m in d["milestones"]
            ]
        ),
        hide_index=True,
        key="project_milestones",
    )
