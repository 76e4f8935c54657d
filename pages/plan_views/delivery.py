"""What the register's credited projects deliver towards each target: the region's table, one
target's metrics, chart, provinces, credited projects and derived figures (also shown on the
target page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import plan
from council.figures.plan import delivery_figure
from council.ui.charts import show_chart
from council.ui.text import plain
from pages.plan_views import links
from pages.plan_views.common import indicator_name, n


def view(c) -> None:
    deliveries = c.cached(plan.region_deliveries, c.region_id)
    if not deliveries:
        st.info(c.t("plan.no_links"))
    else:
        _targets_table(c, deliveries)
        by_id = {d["target_id"]: d for d in deliveries}
        if st.session_state.get("plan_target") not in by_id:
            st.session_state["plan_target"] = next(iter(by_id))
        chosen = st.selectbox(
            c.t("plan.choose_target"),
            list(by_id),
            format_func=lambda i: (
                f"#{i} {indicator_name(c, by_id[i])} · {by_id[i]['plan_region']} ({by_id[i]['target_year']})"
            ),
            key="plan_target",
        )
        section(c, by_id[chosen], key="plan")
    if c.can(plan.ACTION_LINK):
        links.forms(c, deliveries)


def _targets_table(c, deliveries: list[dict]) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.target"): f"#{d['target_id']} {indicator_name(c, d)} · {d['plan_region']}",
                    c.t("plan.col.unit"): d["unit"],
                    c.t("plan.col.goal"): n(c, d["target"]),
                    c.t("plan.col.target_year"): str(d["target_year"]),
                    c.t("plan.col.delivered"): n(c, d["delivered"]),
                    c.t("plan.col.pipeline"): n(c, d["pipeline"]),
                    c.t("plan.col.gap"): n(c, d["gap"]),
                    c.t("plan.col.projected_status"): c.t(f"progress.{d['projected_status']['status']}"),
                }
                for d in deliveries
            ]
        ),
        hide_index=True,
        key="plan_targets_table",
    )


def target_section(c, target_id: int) -> None:
    """On the target page: the target's delivery from credited projects (nothing when the target
    takes no project credit and has none)."""
    d = c.cached(plan.target_delivery, target_id)
    if not d["links"] and not d["creditable"]:
        return
    st.subheader(c.t("plan.title"))
    if not d["links"]:
        st.caption(c.t("plan.no_links"))
        return
    section(c, d, key="targets_plan")


def section(c, d: dict, key: str) -> None:
    """One target's delivery: metrics, the delivered / pipeline / target chart, the gap, per
    province, the credited projects and the derived figures."""
    unit, year = plain(d["unit"]), d["target_year"]
    cols = st.columns(4)
    cols[0].metric(c.t("plan.metric.delivered"), f"{n(c, d['delivered'])} {unit}")
    cols[1].metric(c.t("plan.metric.pipeline", year=year), f"{n(c, d['pipeline'])} {unit}")
    cols[2].metric(c.t("plan.metric.projected", year=year), f"{n(c, d['projected'])} {unit}")
    cols[3].metric(c.t("plan.metric.gap"), "—" if d["gap"] is None else f"{n(c, max(d['gap'], 0))} {unit}")
    st.markdown(
        c.t(
            "plan.metric.projected_status",
            year=year,
            status=c.t(f"progress.{d['projected_status']['status']}"),
            ratio=n(c, d["projected_status"]["ratio"], 2),
            current=c.t(f"progress.{d['current_status']['status']}"),
        )
    )
    if d["short"]:
        st.warning(
            c.t(
                "plan.short_warning",
                target=plain(indicator_name(c, d)),
                gap=n(c, d["gap"]),
                unit=unit,
                delivered=n(c, d["delivered"]),
                pipeline=n(c, d["pipeline"]),
                goal=n(c, d["target"]),
                year=year,
            )
        )
    elif d["target"] is not None:
        st.success(c.t("plan.enough", year=year))
    labels = {
        "delivered": c.t("plan.col.delivered"),
        "pipeline": c.t("plan.col.pipeline"),
        "delivered_cum": c.t("plan.series.delivered"),
        "projected_cum": c.t("plan.series.projected"),
        "target": c.t("plan.series.target"),
        "entered": c.t("plan.series.entered"),
        "year": c.t("plan.chart.year"),
    }
    show_chart(delivery_figure(d, labels), key=f"{key}_delivery_chart")
    st.caption(
        c.t(
            "plan.combine_note",
            entered=c.t(f"progress.{d['entered_status']['status']}"),
            projected=c.t(f"progress.{d['projected_status']['status']}"),
        )
    )
    if d["outside"]:
        st.caption(c.t("plan.outside_note", amount=n(c, d["outside"]), unit=unit))
    st.markdown(f"**{c.t('plan.by_province')}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.province"): p["province"],
                    c.t("plan.col.coverage"): c.t(f"targets.coverage.{p['coverage']}"),
                    c.t("plan.col.delivered"): n(c, p["delivered"]),
                    c.t("plan.col.pipeline"): n(c, p["pipeline"]),
                    c.t("plan.col.unit"): d["unit"],
                }
                for p in d["provinces"]
            ]
        ),
        hide_index=True,
        key=f"{key}_province_table",
    )
    st.markdown(f"**{c.t('plan.linked_projects')}**")
    st.caption(c.t("plan.link_rule_help"))
    st.dataframe(
        pd.DataFrame([_link_row(c, x) for x in d["links"]]), hide_index=True, key=f"{key}_links_table"
    )
    with st.expander(c.t("plan.derived_title")):
        columns = [c.t(f"plan.col.{k}") for k in ("province", "year", "delivered", "source")]
        st.dataframe(
            pd.DataFrame(
                [
                    dict(
                        zip(
                            columns,
                            (
                                r["province"],
                                "" if r["year"] is None else str(r["year"]),
                                n(c, r["amount"]),
                                c.t("plan.derived_from", code=r["project_code"]),
                            ),
                            strict=True,
                        )
                    )
                    for r in d["derived"]
                ],
                columns=columns,
            ),
            hide_index=True,
            key=f"{key}_derived_table",
        )


def _link_row(c, x: dict) -> dict:
    basis = f" ({c.t('plan.basis.' + x['basis'])})" if x["basis"] in ("planned", "pace", "unknown") else ""
    return {
        c.t("plan.col.project"): f"{x['code']} · {x['name_vi']}",
        c.t("plan.col.status"): c.t(f"pstatus.{x['status']}"),
        c.t("plan.col.quantity"): n(c, x["quantity"]),
        c.t("plan.col.rule"): c.t(f"plan.rule.{x['rule']}"),
        c.t("plan.col.split"): "; ".join(f"{p['province']}: {n(c, p['amount'])}" for p in x["parts"]),
        c.t("plan.col.phase"): c.t(f"plan.phase.{x['phase']}") + basis,
        c.t("plan.col.year"): "" if x["year"] is None else str(x["year"]),
    }
