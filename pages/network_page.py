"""Province link graph: borders, joint projects, agreements and open conflicts between provinces."""

from __future__ import annotations

SPEC = dict(
    url_path="network",
    title_key="network.nav",
    icon=":material/hub:",
    roles=("secretariat", "province_rep", "expert", "observer"),
    section="nav.section.council",
    order=20,
)

SIZE_METRICS = ("pagerank", "degree", "ties", "betweenness", "investment", "population", "none")
COLOUR_MODES = ("region", "community", "pagerank", "betweenness", "clustering")
NUMBER_COLUMNS = ("border_km", "investment", "population")
SHARE_COLUMNS = ("betweenness", "pagerank", "clustering")
TABLE_COLUMNS = (
    "code",
    "name",
    "region",
    "community",
    "degree",
    "ties",
    "betweenness",
    "pagerank",
    "clustering",
    "degree_border",
    "border_km",
    "degree_project",
    "weight_project",
    "investment",
    "degree_agreement",
    "weight_agreement",
    "degree_conflict",
    "weight_conflict",
    "population",
)


def render() -> None:
    import streamlit as st

    from council import network
    from council.db import read_session
    from council.i18n import fmt_number
    from council.models import Region
    from council.network_figures import graph_figure, region_groups
    from council.textutil import vi_sort_key
    from council.ui.cache import cached
    from council.ui.charts import show_chart
    from council.ui.context import ctx

    c = ctx()
    with read_session(c.engine) as session:
        region = session.get(Region, c.region_id)
    region_label = region.name_vi if c.lang == "vi" else region.name_en
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
    view = cached(c.engine, network.network_summary, layers=metric_layers, scope=scope, region_id=c.region_id)
    with read_session(c.engine) as session:
        drawn = network.route_view(view["full"]) if project_links == "route" else view["full"]
        shown = network.layer_view(drawn, layers)
        names = {n: d["name_vi"] for n, d in shown.nodes(data=True)}
        options = sorted(names, key=lambda n: vi_sort_key(names[n]))
        selected = st.session_state.get("network_province")
        if selected not in names:
            # The province left the view (scope changed): clear the choice before the widget is drawn.
            selected = st.session_state["network_province"] = None
        ego = network.ego(session, shown, selected) if selected in names else None
    metrics = view["metrics"]
    rows = {r["id"]: {**r, "population": shown.nodes[r["id"]]["population"] or 0} for r in metrics.rows}

    counts = st.columns(5)
    counts[0].metric(c.t("network.count.provinces"), shown.number_of_nodes())
    for i, layer in enumerate(network.LAYERS, start=1):
        counts[i].metric(c.t(f"network.count.{layer}"), view["counts"][layer])

    # One view at a time (tabs built the graph, the metrics and the missing links on every rerun).
    shown_view = (
        st.segmented_control(
            c.t("network.view"),
            ("graph", "metrics", "missing"),
            default="graph",
            key="network_view",
            format_func=lambda v: c.t(f"network.tab.{v}"),
            label_visibility="collapsed",
        )
        or "graph"
    )

    def node_hover(n: int) -> str:
        r, d = rows[n], shown.nodes[n]
        return (
            f"<b>{d['name_vi']}</b><br>{c.t('network.hover.region')}: "
            f"{d['region_vi'] if c.lang == 'vi' else d['region_en']}<br>"
            f"{c.t('network.hover.population')}: {fmt_number(d['population'], c.lang, 0)}<br>"
            f"{c.t('network.col.degree')}: {r['degree']} · {c.t('network.col.ties')}: {r['ties']}<br>"
            f"{c.t('network.col.pagerank')}: {fmt_number(r['pagerank'], c.lang, 3)} · "
            f"{c.t('network.col.betweenness')}: {fmt_number(r['betweenness'], c.lang, 3)}<br>"
            f"{c.t('network.col.community')}: {r['community']}"
        )

    def figure(g, highlight=None, height=720):
        size = {n: rows[n][size_by] for n in g.nodes} if size_by != "none" else None
        kwargs = {}
        if colour_by == "region":
            kwargs["colour_groups"], kwargs["group_colours"] = region_groups(g, c.lang)
        elif colour_by == "community":
            kwargs["colour_groups"] = {n: c.t("network.community", n=rows[n]["community"]) for n in g.nodes}
        else:
            kwargs["colour_values"] = {n: rows[n][colour_by] for n in g.nodes}
            kwargs["colour_title"] = c.t(f"network.col.{colour_by}")
        return graph_figure(
            g,
            layers=layers,
            geo=layout == "geo",
            t=c.t,
            lang=c.lang,
            size=size,
            node_hover={n: node_hover(n) for n in g.nodes},
            highlight=highlight,
            height=height,
            **kwargs,
        )

    if shown_view == "metrics":
        _render_metrics(st, c, metrics, view, rows)
    elif shown_view == "missing":
        _render_missing(st, c, view["missing"])
    else:
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
            _render_ego(st, c, ego, selected, names[selected], figure)


def _render_ego(st, c, ego: dict, province_id: int, name: str, figure) -> None:
    from council.i18n import code_label, fmt_number
    from council.ui.charts import show_chart

    st.subheader(c.t("network.ego.title", name=name))
    if not ego["links"]:
        st.info(c.t("network.ego.none", name=name))
        return
    st.markdown(c.t("network.ego.summary", name=name, n=len(ego["links"])))
    left, right = st.columns([2, 3])
    with left:
        show_chart(figure(ego["graph"], highlight=province_id, height=480), key="network_ego_graph")
    with right, st.container(height=480, key="network_ego_links"):
        for link in ego["links"]:
            parts = []
            if link["border"]:
                parts.append(c.t("network.ego.border", km=fmt_number(link["border_km"], c.lang)))
            if link["projects"]:
                parts.append(
                    c.t(
                        "network.ego.projects",
                        n=len(link["projects"]),
                        investment=fmt_number(link["investment"], c.lang, 0),
                    )
                    if link["investment"]
                    else c.t("network.ego.projects_no_investment", n=len(link["projects"]))
                )
            if link["agreements"]:
                parts.append(c.t("network.ego.agreements", n=len(link["agreements"])))
            if link["conflicts"]:
                parts.append(c.t("network.ego.conflicts", n=len(link["conflicts"])))
            lines = [f"**{link['b_name']}** — " + " · ".join(parts)]
            lines += [
                "- "
                + c.t(
                    "network.ego.project_item",
                    code=p["code"],
                    status=code_label("pstatus", p["status"], c.lang),
                    name=_plain(p["name_vi"] if c.lang == "vi" or not p["name_en"] else p["name_en"]),
                )
                for p in link["projects"]
            ]
            lines += [
                "- "
                + c.t(
                    "network.ego.agreement_item",
                    code=_plain(a["code"]),
                    title=_plain(a["title"]),
                    form=c.t(f"agreements.form.{a['form']}"),
                    status=c.t(f"agreements.status.{a['status']}"),
                )
                for a in link["agreements"]
            ]
            lines += [
                "- "
                + c.t(
                    "network.ego.conflict_item",
                    code=_plain(x["code"]),
                    title=_plain(x["title"]),
                    severity=code_label("severity", x["severity"], c.lang),
                    status=code_label("cstatus", x["status"], c.lang),
                )
                for x in link["conflicts"]
            ]
            st.markdown("\n".join(lines))


def _render_metrics(st, c, metrics, view: dict, rows: dict) -> None:
    import pandas as pd

    from council import network
    from council.i18n import fmt_number
    from council.io import to_csv

    st.subheader(c.t("network.metrics.title"))
    st.caption(c.t("network.metrics.help"))
    records = []
    for r in metrics.rows:
        full = {
            **r,
            "name": r["name_vi"],
            "region": r["region_vi"] if c.lang == "vi" else r["region_en"],
            "population": rows[r["id"]]["population"],
        }
        records.append(
            {
                c.t(f"network.col.{k}"): round(full[k], 3)
                if k in SHARE_COLUMNS
                else round(full[k], 1)
                if k in NUMBER_COLUMNS
                else full[k]
                for k in TABLE_COLUMNS
            }
        )
    frame = pd.DataFrame(records)
    # Localised like the other pages' tables (the browser's number format), never a fixed "0.231".
    config = {
        c.t(f"network.col.{k}"): st.column_config.NumberColumn(format="localized")
        for k in (*NUMBER_COLUMNS, *SHARE_COLUMNS)
    }
    st.dataframe(frame, hide_index=True, key="network_metrics_table", column_config=config)
    left, right = st.columns(2)
    left.download_button(
        c.t("network.download_csv"),
        lambda: to_csv(frame),
        file_name="province-network-metrics.csv",
        mime="text/csv",
        key="network_download_csv",
    )
    right.download_button(
        c.t("network.download_graphml"),
        lambda: network.to_graphml(view["full"]),
        file_name="province-network.graphml",
        mime="application/graphml+xml",
        key="network_download_graphml",
    )

    st.subheader(c.t("network.communities.title"))
    st.caption(c.t("network.communities.help"))
    st.markdown(c.t("network.communities.count", n=len(metrics.communities)))
    if metrics.ari is None:
        st.markdown(c.t("network.communities.ari_na"))
    else:
        st.markdown(c.t("network.communities.ari", value=fmt_number(metrics.ari, c.lang, 2)))
    regions = sorted({code for counts in metrics.crosstab.values() for code in counts})
    region_names = {
        r["region_code"]: r["region_vi"] if c.lang == "vi" else r["region_en"] for r in metrics.rows
    }
    crosstab = pd.DataFrame(
        [
            {
                c.t("network.col.community"): c.t("network.community", n=k),
                **{region_names[code]: counts.get(code, 0) for code in regions},
            }
            for k, counts in metrics.crosstab.items()
        ]
    )
    st.dataframe(crosstab, hide_index=True, key="network_crosstab")
    members = {k: [r["name_vi"] for r in metrics.rows if r["community"] == k] for k in metrics.crosstab}
    st.markdown(
        "\n".join(
            f"- **{c.t('network.community', n=k)}**: {', '.join(sorted(v, key=_key))}"
            for k, v in members.items()
        )
    )


def _plain(text: str) -> str:
    """User-typed text (agreement and conflict titles) shown literally inside our Markdown."""
    import re

    return re.sub(r"([\\`*_\[\](){}#+!|<>~-])", r"\\\1", text or "")


def _key(name: str):
    from council.textutil import vi_sort_key

    return vi_sort_key(name)


def _render_missing(st, c, missing: list[dict]) -> None:
    from council.i18n import fmt_number

    st.subheader(c.t("network.missing.title"))
    st.caption(c.t("network.missing.help"))
    if not missing:
        st.info(c.t("network.missing.none"))
        return
    by_reason: dict[str, list[dict]] = {}
    for m in missing:
        by_reason.setdefault(m["reason"], []).append(m)
    for reason, items in by_reason.items():
        st.markdown(f"#### {c.t(f'network.reason.{reason}')} ({len(items)})")
        lines = []
        for m in items:
            if reason == "border_no_cooperation":
                cross = c.t("network.missing.cross_region") if m["region_a"] != m["region_b"] else ""
                lines.append(
                    c.t(
                        "network.missing.border_item",
                        a=m["a_name"],
                        b=m["b_name"],
                        km=fmt_number(m["border_km"], c.lang),
                        cross=cross,
                    )
                )
            elif reason == "projects_only_in_region":
                lines.append(
                    c.t("network.missing.region_item", a=m["a_name"], partners=", ".join(m["partners"]))
                )
            else:
                lines.append(
                    c.t(
                        "network.missing.conflict_item",
                        a=m["a_name"],
                        b=m["b_name"],
                        projects=_plain(", ".join(m["project_codes"])),
                        conflicts=_plain(", ".join(m["conflict_codes"])),
                    )
                )
        st.markdown("\n".join(f"- {line}" for line in lines))
