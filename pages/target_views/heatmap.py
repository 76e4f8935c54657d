"""The status heatmap: every target of the region against the region and each province."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council.figures.maps import category_choropleth
from council.figures.targets import STATUS_COLOURS, STATUS_ORDER, status_heatmap, wrap_label
from council.ui.charts import cached_figure, shared, show_chart
from council.ui.maps import cached_map
from pages.target_views.common import download, inputs_text, target_label

# Legend as Streamlit badges (no raw HTML): the same hues as the heatmap's colours.
BADGES = {
    "achieved": "green",
    "on_track": "green",
    "at_risk": "orange",
    "off_track": "red",
    "no_data": "gray",
}
TABLE_KEY = "targets_heatmap_table_open"


def heatmap(c, heat: dict, key: tuple) -> None:
    """``key``: the version ``heat`` was read at (``cached_versioned``), the region and the language; the figure
    and the table are made once per key (council.ui.charts.shared)."""
    st.caption(c.t("targets.heatmap_help"))
    cell = {(x["target_id"], x["province_id"]): x for x in heat["cells"]}
    show_chart(
        cached_figure(lambda: _figure(c, heat, cell), "targets_heatmap", *key), key="targets_heatmap_chart"
    )
    st.markdown(
        " ".join(
            f":{BADGES[s]}-badge[{c.t(f'progress.{s}')}]"
            for s in ("achieved", *STATUS_ORDER[:3][::-1], "no_data")
        )
    )
    _status_map(c, heat, cell)
    counts = pd.Series([x["status"] for x in heat["cells"] if x["status"]]).value_counts()
    st.markdown(c.t("targets.heatmap_counts", **{s: int(counts.get(s, 0)) for s in STATUS_COLOURS}))
    # Opening the expander reruns the page; closed, its table is neither built nor sent.
    section = st.expander(c.t("targets.heatmap_table"), key=TABLE_KEY, on_change="rerun")
    if not section.open:
        return
    table = shared(lambda: _table(c, heat), "targets_heatmap_table", *key)
    with section:
        st.dataframe(table, hide_index=True, key="targets_heatmap_table")
        download(table, "heatmap", "targets_heatmap_download", c.t("targets.export"))


def _figure(c, heat: dict, cell: dict):
    targets = heat["columns"]
    # Readable at 1440 px: the targets on the rows, their labels written out (wrapped), the region
    # and its provinces (a handful) across the top, and a fixed, legible size for each cell's word.
    places = [(None, c.t("targets.region_row"))] + [(p["id"], p["name"]) for p in heat["provinces"]]
    ylabels = [
        wrap_label(
            f"#{col['id']} {col['indicator_vi' if c.lang == 'vi' else 'indicator_en']} "
            f"({col['period'] or col['target_year']})"
        )
        for col in targets
    ]
    statuses, text, hover = [], [], []
    for col in targets:
        sr, tr, hr = [], [], []
        for pid, pname in places:
            x = cell[(col["id"], pid)]
            sr.append(x["status"])
            if x["status"] is None:
                tr.append("")
                hr.append(c.t("targets.outside"))
                continue
            mark = "½" if x["coverage"] == "partial" else ""
            tr.append(c.t(f"targets.short.{x['status']}") + mark)
            hr.append(f"{pname} — {inputs_text(c, x['progress'])}")
        statuses.append(sr)
        text.append(tr)
        hover.append(hr)
    return status_heatmap([p[1] for p in places], ylabels, statuses, text, hover)


def _table(c, heat: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                c.t("targets.col.province"): x["province"] or c.t("targets.region_row"),
                c.t("targets.col.target"): f"#{x['target_id']}",
                c.t("targets.col.coverage"): c.t(f"targets.coverage.{x['coverage']}"),
                c.t("targets.col.status"): c.t(f"progress.{x['status']}"),
                c.t("targets.col.inputs"): inputs_text(c, x["progress"]).replace("**", ""),
            }
            for x in heat["cells"]
            if x["status"] is not None
        ]
    )


def _status_map(c, heat: dict, cell: dict) -> None:
    """One target's province statuses on the province boundaries (council.figures.maps)."""
    columns = {col["id"]: col for col in heat["columns"]}
    if not columns or not heat["provinces"]:
        return
    chosen = st.selectbox(
        c.t("targets.choose_target"),
        list(columns),
        format_func=lambda i: target_label(c, columns[i]),
        key="targets_status_map_target",
    )
    provinces = {p["code"]: p for p in heat["provinces"]}
    status = {code: cell[(chosen, p["id"])]["status"] for code, p in provinces.items()}
    hover = {
        code: f"{p['name']} — {inputs_text(c, cell[(chosen, p['id'])]['progress']).replace('**', '')}"
        for code, p in provinces.items()
        if status[code] is not None
    }
    names = {code: p["name"] for code, p in provinces.items()}
    fig = cached_map(  # once per statuses shown and language (council.ui.maps)
        lambda: category_choropleth(
            status,
            names=names,
            colours={s: STATUS_COLOURS[s] for s in ("achieved", *STATUS_ORDER)},
            legend={s: c.t(f"progress.{s}") for s in STATUS_COLOURS},
            t=c.t,
            hover=hover,
            height=460,
        ),
        "targets_status_map",
        c.lang,
        tuple(status.items()),
        tuple(names.items()),
        tuple(hover.items()),
    )
    show_chart(fig, key="targets_status_map")
