"""Province link graph: borders, joint projects, agreements and open conflicts between provinces."""

from __future__ import annotations

import streamlit as st

from council import network
from council.figures.network import province_graph
from council.regions import list_regions
from council.textutil import vi_sort_key
from council.ui.charts import show_chart
from council.ui.context import ctx
from council.ui.maps import cached_map
from council.ui.views import view_switch
from pages.network_views import panels

SPEC = dict(
    url_path="network",
    title_key="network.nav",
    icon=":material/hub:",
    section="nav.section.council",
    order=20,
)

SIZE_METRICS = ("pagerank", "degree", "ties", "betweenness", "investment", "population", "none")
COLOUR_MODES = ("region", "community", "pagerank", "betweenness", "clustering")


def render() -> None:
    c = ctx()
    region = next(r for r in c.read(list_regions) if r["id"] == c.region_id)
    region_label = region["name_vi"] if c.lang == "vi" else region["name_en"]
    st.title(c.t("network.title"))
    st.caption(c.t("network.intro"))

    top = st.columns([2, 3, 2])
    scope = top[0].radio(
        c.t("network.scope"),
        network.SCOPES,
        index=network.SCOPES.index("region"),  # opens on the selected region
        key="network_scope",
        format_func=lambda s: c.t(f"network.scope.{s}", region=region_label),
    )
    with top[1]:
        st.markdown(f"**{c.t('network.layers')}**")
        toggles = st.columns(2)
        layers = tuple(
            layer
            for i, layer in enumerate(network.LAYERS)
            if toggles[i % 2].toggle(
                c.t(f"network.layer.{layer}"), value=layer != "conflict", key=f"network_layer_{layer}"
            )
        )
    with top[1]:
        # A corridor project along its route (neighbouring participants), or every pair of them.
        project_links = st.radio(
            c.t("network.project_links"),
            network.PROJECT_LINKS,
            key="network_project_links",
            horizontal=True,
            format_func=lambda x: c.t(f"network.project_links.{x}"),
        )
    layout = top[2].radio(
        c.t("network.layout"),
        ("geo", "force"),
        key="network_layout",
        format_func=lambda x: c.t(f"network.layout.{x}"),
        horizontal=True,
    )
    cols = top[2].columns(2)
    size_by = cols[0].selectbox(
        c.t("network.size_by"),
        SIZE_METRICS,
        key="network_size_by",
        format_func=lambda m: c.t(f"network.col.{m}") if m != "none" else c.t("network.by.none"),
    )
    colour_by = cols[1].selectbox(
        c.t("network.color_by"),
        COLOUR_MODES,
        key="network_colour_by",
        format_func=lambda m: (
            c.t(f"network.by.{m}") if m in ("region", "community") else c.t(f"network.col.{m}")
        ),
    )

    metric_layers = tuple(x for x in layers if x != "conflict") or network.COOPERATION_LAYERS
    # ``version`` names exactly the data ``view`` was read from: the key of its figures.
    view, version = c.cached_versioned(
        network.network_summary, layers=metric_layers, scope=scope, region_id=c.region_id
    )
    drawn = network.route_view(view["full"]) if project_links == "route" else view["full"]
    shown = network.layer_view(drawn, layers)
    names = {n: d["name_vi"] for n, d in shown.nodes(data=True)}
    options = sorted(names, key=lambda n: vi_sort_key(names[n]))
    selected = st.session_state.get("network_province")
    if selected not in names:
        # The province left the view (scope changed): clear the choice before the widget is drawn.
        selected = st.session_state["network_province"] = None
    metrics = view["metrics"]
    rows = {r["id"]: {**r, "population": shown.nodes[r["id"]]["population"] or 0} for r in metrics.rows}

    counts = st.columns(5)
    counts[0].metric(c.t("network.count.provinces"), shown.number_of_nodes())
    for i, layer in enumerate(network.LAYERS, start=1):
        counts[i].metric(c.t(f"network.count.{layer}"), view["counts"][layer])

    # One view at a time (tabs built the graph, the metrics and the missing links on every rerun).
    shown_view = view_switch(
        c.t("network.view"),
        ("graph", "metrics", "missing"),
        key="network_view",
        label=lambda v: c.t(f"network.tab.{v}"),
    )

    def figure(g, highlight=None, height=720, which="view"):
        # Built once per data version and options, shared by every rerun and session.
        options = (which, layers, scope, c.region_id, project_links, layout, size_by, colour_by, c.lang)
        return cached_map(
            lambda: province_graph(
                g,
                rows,
                layers=layers,
                geo=layout == "geo",
                size_by=size_by,
                colour_by=colour_by,
                t=c.t,
                lang=c.lang,
                highlight=highlight,
                height=height,
            ),
            "network",
            version,
            *options,
            highlight,
            height,
        )

    if shown_view == "metrics":
        panels.metrics(c, metrics, view, rows)
    elif shown_view == "missing":
        panels.missing(c, view["missing"])
    else:
        # A fragment: choosing a province reruns only the graph, the picker and the province's
        # links, not the controls, counts and metrics above (nor the app's shell).
        st.fragment(_graph_view)(c, shown, names, options, layers, figure)


def _graph_view(c, shown, names, options, layers, figure) -> None:
    selected = st.session_state.get("network_province")
    ego = c.read(network.ego, shown, selected) if selected in names else None
    if not layers:
        st.info(c.t("network.no_layer"))
    show_chart(figure(shown, highlight=selected if ego else None), key="network_graph")
    st.caption(c.t("network.investment_note"))
    st.selectbox(
        c.t("network.select_province"),
        options,
        index=None,
        key="network_province",
        placeholder=c.t("network.no_province"),
        format_func=names.get,
    )
    if ego is not None:
        panels.ego(c, ego, selected, names[selected], figure)
