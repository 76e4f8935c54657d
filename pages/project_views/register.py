"""The project register's views: the list, the dashboard, the Gantt chart, the map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council.figures import projects as project_charts
from council.i18n import fmt_number
from council.regions import list_provinces
from council.ui.charts import show_chart
from council.ui.tables import localized, page_of
from pages.project_views.common import open_project


def tiles(c, dash) -> None:
    cols = st.columns(4)
    cols[0].metric(c.t("projects.tile.count"), fmt_number(dash["count"], c.lang, 0))
    cols[1].metric(c.t("projects.tile.investment"), fmt_number(dash["investment"], c.lang, 0))
    cols[2].metric(c.t("projects.tile.late"), fmt_number(dash["late"], c.lang, 0))
    cols[3].metric(c.t("projects.tile.no_amount"), fmt_number(dash["no_amount"], c.lang, 0))


def table(c, rows) -> None:
    """The list, as a fragment: choosing a row, the picker or another page of the list reruns only
    the list, not the filters, counts and tiles above it (nor the app's shell)."""
    st.fragment(_table)(c, rows)


def _table(c, rows) -> None:
    if not rows:
        st.info(c.t("projects.empty"))
        return
    rows = page_of(rows, "projects_table_page", c.lang)
    frame = pd.DataFrame(
        [
            {
                "code": r["code"],
                "name": r["name_en"] if c.lang == "en" and r["name_en"] else r["name_vi"],
                "type": c.t(f"ptype.{r['type']}"),
                "status": c.t(f"pstatus.{r['status']}"),
                # When the status was reported, and whether it only reports a scheduled event.
                "status_date": r["status_date"],
                "scheduled": c.t("projects.status_scheduled") if r.get("status_scheduled") else "",
                "lead": r["lead"]["name_vi"] if r["lead"] else "—",
                "provinces": ", ".join(m["name_vi"] for m in r["participants"]),
                "investment": r["total_investment"],
                "funding": ", ".join(c.t(f"funding.{f}") for f in r["funding_sources"]) or "—",
                "start": r["planned_start"],
                "end": r["planned_end"],
                "progress": r["progress_physical"],
                "late": c.t(f"projects.late.{r['late']}") if r["late"] else "",
                "interregional": r["interregional"],
            }
            for r in rows
        ]
    )
    cfg = {
        "code": st.column_config.TextColumn(c.t("projects.col.code"), width="small"),
        "name": st.column_config.TextColumn(c.t("projects.col.name"), width="large"),
        "type": c.t("projects.col.type"),
        "status": c.t("projects.col.status"),
        "status_date": st.column_config.DateColumn(c.t("projects.col.status_date"), format="DD/MM/YYYY"),
        "scheduled": c.t("projects.col.scheduled"),
        "lead": c.t("projects.col.lead"),
        "provinces": c.t("projects.col.provinces"),
        # Written in the app's language (council.ui.tables.localized), not the browser's locale.
        "investment": st.column_config.NumberColumn(c.t("projects.col.investment")),
        "funding": c.t("projects.col.funding"),
        "start": st.column_config.DateColumn(c.t("projects.col.start"), format="DD/MM/YYYY"),
        "end": st.column_config.DateColumn(c.t("projects.col.end"), format="DD/MM/YYYY"),
        "progress": st.column_config.ProgressColumn(
            c.t("projects.col.progress"), min_value=0, max_value=100, format="%.0f%%"
        ),
        "late": c.t("projects.col.late"),
        "interregional": st.column_config.CheckboxColumn(c.t("projects.col.interregional")),
    }
    event = st.dataframe(
        localized(frame, {"investment": 2}, c.lang),
        hide_index=True,
        column_config=cfg,
        key="projects_table",
        on_select="rerun",
        selection_mode="single-row",
        width="stretch",
    )
    selected = event.selection.rows if event and event.selection else []
    # The picker offers the projects of the page shown (a list of thousands is not a picker).
    code_to_id = {r["code"]: r["id"] for r in rows}
    names = {r["code"]: r["name_vi"] for r in rows}
    options = list(code_to_id)
    pick_col, button_col = st.columns([3, 1])
    default = options.index(frame.iloc[selected[0]]["code"]) if selected and selected[0] < len(frame) else 0
    code = pick_col.selectbox(
        c.t("projects.detail.pick"),
        options,
        index=default,
        key="projects_open_pick",
        format_func=lambda k: f"{k} · {names[k]}",
    )
    button_col.write("")
    if button_col.button(
        c.t("projects.nav_detail"), key="projects_open_button", icon=":material/open_in_new:"
    ):
        open_project(code_to_id[code])


def dashboard(c, dash) -> None:
    if not dash["count"]:
        st.info(c.t("projects.empty"))
        return
    left, right = st.columns(2)
    for col, title, data, prefix in (
        (left, "projects.dash.by_status", dash["by_status"], "pstatus"),
        (right, "projects.dash.by_type", dash["by_type"], "ptype"),
    ):
        with col:
            st.subheader(c.t(title))
            frame = pd.DataFrame(
                [
                    {
                        "label": c.t(f"{prefix}.{k}"),
                        c.t("projects.dash.count"): v["count"],
                        c.t("projects.dash.amount"): fmt_number(v["investment"], c.lang, 0),
                    }
                    for k, v in sorted(data.items(), key=lambda kv: -kv[1]["count"])
                ]
            )
            show_chart(
                project_charts.bar(frame, c.t("projects.dash.count"), "label"), key=f"projects_chart_{prefix}"
            )
            st.dataframe(frame.rename(columns={"label": ""}), hide_index=True, key=f"projects_dash_{prefix}")
    st.subheader(c.t("projects.dash.per_province"))
    st.caption(c.t("projects.dash.per_province_help"))
    if dash["per_province"]:
        frame = pd.DataFrame(
            [{"label": p["name_vi"], "amount": p["investment"]} for p in dash["per_province"]]
        )
        show_chart(
            project_charts.bar(frame, "amount", "label", height=max(240, 26 * len(frame))),
            key="projects_chart_province",
        )
    else:
        st.info(c.t("projects.dash.none_allocated"))
    un = dash["unallocated"]
    if un["count"]:
        st.markdown(
            c.t(
                "projects.dash.unallocated", count=un["count"], amount=fmt_number(un["investment"], c.lang, 0)
            )
        )


def timeline(c, rows) -> None:
    fig, missing = project_charts.gantt(rows, c.lang)
    if fig is None:
        st.info(c.t("projects.gantt.none"))
    else:
        show_chart(fig, key="projects_gantt")
    if missing:
        st.caption(c.t("projects.gantt.missing", count=missing))


def places(c, rows) -> None:
    region_provinces = c.read(list_provinces, c.region_id)
    st.caption(c.t("projects.map.help"))
    seen = {p["id"] for p in region_provinces}
    others = [
        {"id": m["province_id"], "code": m["code"], "name_vi": m["name_vi"], "lat": m["lat"], "lon": m["lon"]}
        for r in rows
        for m in r["participants"]
        if m["province_id"] not in seen
    ]
    show_chart(project_charts.project_map(rows, region_provinces + others, c.lang), key="projects_map")
