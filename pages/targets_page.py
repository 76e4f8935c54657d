"""Regional plan targets: status heatmap, per-target chart, contributions, map, province scorecard."""

from __future__ import annotations

SPEC = dict(
    url_path="targets",
    title_key="nav.targets",
    icon=":material/flag:",
    order=40,
)

STATUS_COLOURS = {
    "achieved": "#1a7f37",
    "on_track": "#7cc47f",
    "at_risk": "#f2c94c",
    "off_track": "#d64541",
    "no_data": "#d9d9d9",
}
STATUS_ORDER = ("off_track", "at_risk", "on_track", "achieved", "no_data")
VIEWS = ("heatmap", "indicator", "contribution", "map", "scorecard", "catalogue")


def _download(st, frame, name: str, key: str, label: str) -> None:
    from council.io import XLSX_MIME, to_excel

    st.download_button(
        label, data=lambda: to_excel({name: frame}), file_name=f"{name}.xlsx", mime=XLSX_MIME, key=key
    )


def _target_label(c, t: dict) -> str:
    from council.i18n import fmt_number

    name = t["indicator_vi"] if c.lang == "vi" else t["indicator_en"]
    period = t["period"] or str(t["target_year"])
    return f"{name} · {t['plan_region']} · {period} ({c.t('targets.target_short')} {t['target_text'] or fmt_number(t['target'], c.lang)})"


def _inputs_text(c, p: dict) -> str:
    """The inputs of a status, in words, so nobody has to take it on trust."""
    from council.i18n import fmt_number

    n = lambda v, d=2: fmt_number(v, c.lang, d)  # noqa: E731
    status = c.t(f"progress.{p['status']}")
    lines = [f"**{status}**"]
    partial = p.get("coverage_note")
    pct = lambda x: f"{fmt_number(100 * x, c.lang, 0)} %"  # noqa: E731
    partial_text = (
        c.t(
            "weights.partial",
            reporting=partial["reporting"],
            covered=partial["covered"],
            year=partial["year"],
            share=pct(partial["share"]),
            minimum=pct(partial["minimum"]),
        )
        if partial
        else ""
    )
    # How the regional value is made (population- or GRDP-weighted, sum, mean), next to it.
    basis = (
        c.t("weights.regional_value", basis=c.t(f"weights.basis.{p['weight_by']}"))
        if p.get("weight_by")
        else ""
    )
    excluded = (
        c.t("weights.excluded_no_weight", names=", ".join(p["excluded_no_weight"]))
        if p.get("excluded_no_weight")
        else ""
    )
    if p["status"] == "no_data":
        if p["reason"] == "partial_coverage" and partial:
            lines.append(partial_text)
        else:
            lines.append(c.t(f"targets.reason.{p['reason'] or 'no_observation'}"))
        return " — ".join(x for x in (*lines, basis, excluded) if x)
    lines.append(c.t("targets.in.target", value=n(p["target"]), year=p["target_year"]))
    if p["latest_year"] is not None:
        lines.append(c.t("targets.in.latest", value=n(p["latest_value"]), year=p["latest_year"]))
    if p["annual_rate"] and p["mean_value"] is not None:
        lines.append(
            c.t("targets.in.mean", value=n(p["mean_value"]), years=", ".join(str(y) for y in p["years_used"]))
        )
    if p["baseline_value"] is not None and not p["annual_rate"]:
        lines.append(
            c.t(
                f"targets.in.baseline_{p['baseline_source'] or 'target'}",
                value=n(p["baseline_value"]),
                year=p["baseline_year"],
            )
        )
    if p["observed_growth"] is not None:
        factor = 100 if p["growth_method"] == "cagr" else 1
        unit = "%/năm" if p["growth_method"] == "cagr" else c.t("targets.per_year")
        lines.append(
            c.t(
                "targets.in.growth",
                observed=n(p["observed_growth"] * factor),
                required=n(p["required_growth"] * factor),
                unit=unit,
            )
        )
    if p["expected_now"] is not None and not p["annual_rate"]:
        lines.append(c.t("targets.in.path", value=n(p["expected_now"]), year=p["latest_year"]))
    if p["ratio"] is not None:
        lines.append(
            c.t(
                "targets.in.ratio",
                ratio=n(p["ratio"]),
                on=n(p["thresholds"]["on_track"]),
                risk=n(p["thresholds"]["at_risk"]),
            )
        )
    if p.get("rate_method") == "difference":
        lines.append(c.t("targets.note.rate_difference"))
    for note in p.get("notes", []):
        lines.append(c.t(f"targets.note.{note}", years=", ".join(str(y) for y in p["years_used"])))
    if partial:
        lines.append(partial_text)
    return " — ".join(x for x in (*lines, basis, excluded) if x)


def render() -> None:
    import streamlit as st

    from council import targets
    from council.ui.cache import cached
    from council.ui.context import ctx
    from council.ui.records import council_decisions

    c = ctx()
    st.title(c.t("targets.title"))
    st.caption(c.t("targets.intro"))
    listed = cached(c.engine, targets.list_targets, c.region_id)
    # The region's own targets first, then those of old regions that cover some of its provinces.
    listed.sort(key=lambda t: (t["region_id"] != c.region_id, t["geography"] != "2025", t["id"]))
    by_id = {t["id"]: t for t in listed}
    linked = _open_from_link(st, c, by_id)
    if linked is not None:  # a target of another region, opened from a link: offered while it is shown
        by_id[linked["id"]] = linked
    if not by_id:
        st.info(c.t("targets.none_for_region"))
        return
    # One view at a time: only what is shown is computed and drawn (tabs would build all six).
    default = "scorecard" if c.actor.role == "province_rep" else "heatmap"
    if "targets_view" not in st.session_state:
        st.session_state["targets_view"] = default
    view = st.radio(
        c.t("targets.view"),
        VIEWS,
        horizontal=True,
        format_func=lambda v: c.t(f"targets.tab.{v}"),
        key="targets_view",
        label_visibility="collapsed",
    )
    if view == "heatmap":
        heat = cached(c.engine, targets.heatmap, c.region_id)
        _heatmap(st, c, heat)
    elif view in ("indicator", "contribution"):
        chosen = st.selectbox(
            c.t("targets.choose_target"),
            list(by_id),
            format_func=lambda i: _target_label(c, by_id[i]),
            key="targets_target",
        )
        if linked is not None and chosen == linked["id"]:
            st.caption(c.t("records.target_other_region"))
            detail = linked
        else:
            detail = cached(c.engine, targets.target_detail, chosen)
        (_indicator if view == "indicator" else _contribution)(st, c, detail)
        if view == "indicator":
            council_decisions(c, "target", chosen, key="targets_decision")
    elif view == "map":
        _map(st, c, listed)
    elif view == "scorecard":
        _scorecard(st, c)
    else:
        _catalogue(st, c, listed)


def _open_from_link(st, c, by_id: dict) -> dict | None:
    """A link such as ?target=5 opens that target once, in the view that shows one target.
    Returns the linked target (its detail) while it is shown and not among the region's."""
    from council import targets
    from council.db import read_session
    from council.errors import NotFound
    from council.ui.records import parse_id, shown_param, take_query_param

    raw = take_query_param("target")
    if raw is not None:
        st.session_state.pop("targets_linked", None)
        tid = parse_id(raw)
        if tid in by_id:
            st.session_state["targets_view"] = "indicator"
            st.session_state["targets_target"] = tid
            return None
        try:
            with read_session(c.engine) as session:
                detail = targets.target_detail(session, tid) if tid is not None else None
        except NotFound:
            detail = None
        if detail is None:
            st.warning(c.t("records.target_not_found", ident=shown_param(raw)), icon=":material/link_off:")
            return None
        st.session_state["targets_view"] = "indicator"
        st.session_state["targets_target"] = tid
        st.session_state["targets_linked"] = tid
        return detail
    tid = st.session_state.get("targets_linked")
    if tid is None:
        return None
    if tid in by_id or st.session_state.get("targets_target") != tid:
        st.session_state.pop("targets_linked", None)
        return None
    try:
        with read_session(c.engine) as session:
            return targets.target_detail(session, tid)
    except NotFound:
        st.session_state.pop("targets_linked", None)
        return None


def _short(text: str, size: int = 30) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _heatmap(st, c, heat: dict) -> None:
    import pandas as pd
    import plotly.graph_objects as go

    from council.ui.charts import show_chart

    st.caption(c.t("targets.heatmap_help"))
    columns = heat["columns"]
    rows = [(None, c.t("targets.region_row"))] + [(p["id"], p["name"]) for p in heat["provinces"]]
    cell = {(x["target_id"], x["province_id"]): x for x in heat["cells"]}
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    z, text, hover = [], [], []
    xlabels = [
        f"#{col['id']} {_short(col['indicator_vi' if c.lang == 'vi' else 'indicator_en'])} "
        f"({col['period'] or col['target_year']})"
        for col in columns
    ]
    for pid, pname in rows:
        zr, tr, hr = [], [], []
        for col in columns:
            x = cell[(col["id"], pid)]
            if x["status"] is None:
                zr.append(None)
                tr.append("")
                hr.append(c.t("targets.outside"))
                continue
            zr.append(codes[x["status"]])
            mark = "½" if x["coverage"] == "partial" else ""
            tr.append(c.t(f"targets.short.{x['status']}") + mark)
            hr.append(f"{pname} — {_inputs_text(c, x['progress'])}")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    n = len(STATUS_ORDER)
    scale = []
    for i, s in enumerate(STATUS_ORDER):
        scale += [(i / n, STATUS_COLOURS[s]), ((i + 1) / n, STATUS_COLOURS[s])]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xlabels,
            y=[r[1] for r in rows],
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        height=260 + 34 * len(rows),
        margin=dict(l=0, r=0, t=10, b=0),
        yaxis=dict(autorange="reversed", tickmode="array", tickvals=[r[1] for r in rows]),
        xaxis=dict(tickangle=-45, tickfont=dict(size=10)),
    )
    show_chart(fig, key="targets_heatmap_chart")
    # Legend as Streamlit badges (no raw HTML): the same hues as the heatmap's colours.
    badge = {
        "achieved": "green",
        "on_track": "green",
        "at_risk": "orange",
        "off_track": "red",
        "no_data": "gray",
    }
    st.markdown(
        " ".join(
            f":{badge[s]}-badge[{c.t(f'progress.{s}')}]"
            for s in ("achieved", *STATUS_ORDER[:3][::-1], "no_data")
        )
    )
    _status_map(st, c, heat, cell)
    counts = pd.Series([x["status"] for x in heat["cells"] if x["status"]]).value_counts()
    st.markdown(c.t("targets.heatmap_counts", **{s: int(counts.get(s, 0)) for s in STATUS_COLOURS}))
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): x["province"] or c.t("targets.region_row"),
                c.t("targets.col.target"): f"#{x['target_id']}",
                c.t("targets.col.coverage"): c.t(f"targets.coverage.{x['coverage']}"),
                c.t("targets.col.status"): c.t(f"progress.{x['status']}"),
                c.t("targets.col.inputs"): _inputs_text(c, x["progress"]).replace("**", ""),
            }
            for x in heat["cells"]
            if x["status"] is not None
        ]
    )
    with st.expander(c.t("targets.heatmap_table")):
        st.dataframe(table, hide_index=True, key="targets_heatmap_table")
        _download(st, table, "heatmap", "targets_heatmap_download", c.t("targets.export"))


def _status_map(st, c, heat: dict, cell: dict) -> None:
    """One target's province statuses on the province boundaries (council.figures.maps)."""
    from council.figures.maps import category_choropleth
    from council.ui.charts import show_chart

    columns = {col["id"]: col for col in heat["columns"]}
    if not columns or not heat["provinces"]:
        return
    chosen = st.selectbox(
        c.t("targets.choose_target"),
        list(columns),
        format_func=lambda i: _target_label(c, columns[i]),
        key="targets_status_map_target",
    )
    provinces = {p["code"]: p for p in heat["provinces"]}
    status = {code: cell[(chosen, p["id"])]["status"] for code, p in provinces.items()}
    hover = {
        code: f"{p['name']} — {_inputs_text(c, cell[(chosen, p['id'])]['progress']).replace('**', '')}"
        for code, p in provinces.items()
        if status[code] is not None
    }
    fig = category_choropleth(
        status,
        names={code: p["name"] for code, p in provinces.items()},
        colours={s: STATUS_COLOURS[s] for s in ("achieved", *STATUS_ORDER)},
        legend={s: c.t(f"progress.{s}") for s in STATUS_COLOURS},
        t=c.t,
        hover=hover,
        height=460,
    )
    show_chart(fig, key="targets_status_map")


def _indicator(st, c, d: dict) -> None:
    import pandas as pd
    import plotly.graph_objects as go

    from council.i18n import fmt_number
    from council.ui.charts import show_chart

    p = d["progress"]
    st.markdown(_inputs_text(c, p))
    cols = st.columns(4)
    cols[0].metric(c.t("targets.metric.status"), c.t(f"progress.{p['status']}"))
    cols[1].metric(c.t("targets.metric.target"), f"{d['target_text']} {d['unit']}")
    cols[2].metric(
        c.t("targets.metric.latest"),
        "—"
        if p["latest_value"] is None
        else f"{fmt_number(p['latest_value'], c.lang, 2)} ({p['latest_year']})",
    )
    cols[3].metric(
        c.t("targets.metric.coverage"),
        c.t("targets.coverage_count", n=len(d["coverage"]), partial=len(d["partial"])),
    )
    geo = c.t(f"targets.geography.{d['geography']}", region=d["plan_region"])
    st.caption(f"{geo} {c.t('targets.source')}: {d['source_document']}")
    if d["partial"]:
        st.warning(c.t("targets.partial_warning", provinces=", ".join(d["partial"])))
    fig = go.Figure()
    for name, grp in pd.DataFrame(d["province_series"] or [], columns=["province", "year", "value"]).groupby(
        "province"
    ):
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp["value"],
                name=name,
                mode="lines+markers",
                line=dict(width=1),
                marker=dict(size=5),
                opacity=0.55,
            )
        )
    reg = [r for r in d["series"] if r["value"] is not None]
    if reg:
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in reg],
                y=[r["value"] for r in reg],
                name=c.t("targets.series_region"),
                mode="lines+markers",
                line=dict(width=4, color="#1f3b73"),
                marker=dict(size=10),
            )
        )
    if d["path"]:
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in d["path"]],
                y=[r["value"] for r in d["path"]],
                name=c.t("targets.series_path"),
                mode="lines",
                line=dict(dash="dash", color="#555"),
            )
        )
    if p["target"] is not None:
        fig.add_hline(
            y=p["target"],
            line=dict(color="#1a7f37", dash="dot"),
            annotation_text=f"{c.t('targets.target_short')} {d['target_year']}: {d['target_text']}",
        )
    fig.update_layout(
        height=430,
        margin=dict(l=0, r=0, t=30, b=0),
        yaxis_title=d["unit"],
        xaxis=dict(dtick=1),
        legend=dict(orientation="h", y=-0.15),
    )
    if reg or d["province_series"]:
        show_chart(fig, key="targets_indicator_chart")
    else:
        st.info(c.t("targets.no_figures_yet"))
    series = pd.DataFrame(
        [
            {
                c.t("targets.col.year"): str(r["year"]),
                c.t("targets.col.region_value"): fmt_number(r["value"], c.lang, 3),
                c.t("targets.col.reporting"): f"{r['reporting']}/{r['covered']}",
            }
            for r in d["series"]
        ]
    )
    if not series.empty:
        st.dataframe(series, hide_index=True, key="targets_series_table")
    cov = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): x["province"],
                c.t("targets.col.coverage"): c.t(f"targets.coverage.{x['coverage']}"),
                c.t("targets.col.inside"): ", ".join(x["inside"]),
                c.t("targets.col.outside"): ", ".join(x["outside"]),
            }
            for x in d["coverage"]
        ]
    )
    with st.expander(c.t("targets.coverage_title", n=len(d["coverage"]))):
        st.dataframe(cov, hide_index=True, key="targets_coverage_table")
        _download(st, cov, "coverage", "targets_coverage_download", c.t("targets.export"))
    _quotas(st, c, d)


def _quotas(st, c, d: dict) -> None:
    import pandas as pd

    from council import targets
    from council.auth import can
    from council.db import read_session, write_session
    from council.errors import CouncilError
    from council.i18n import fmt_number
    from council.ui.context import show_error

    st.subheader(c.t("targets.quotas"))
    if d["quotas"]:
        latest = {}
        for r in d["province_series"]:
            latest[r["province_id"]] = r["value"]
        frame = pd.DataFrame(
            [
                {
                    c.t("targets.col.province"): q["province"],
                    c.t("targets.col.quota"): q["value"],
                    c.t("targets.col.latest"): latest.get(q["province_id"]),
                    c.t("targets.col.gap"): None
                    if latest.get(q["province_id"]) is None
                    else q["value"] - latest[q["province_id"]],
                }
                for q in d["quotas"]
            ]
        )
        st.dataframe(frame, hide_index=True, key="targets_quota_table")
        chk = d["quota_check"]
        if chk:
            st.markdown(
                c.t(
                    "targets.quota_check_ok" if chk["ok"] else "targets.quota_check_bad",
                    total=fmt_number(chk["aggregate"], c.lang, 3),
                    target=fmt_number(chk["target"], c.lang, 3),
                )
            )
    else:
        st.caption(c.t("targets.no_quotas"))
    if can(c.actor, "target.edit") and d["target"] is not None:
        with st.expander(c.t("targets.edit_quotas")):
            current = {q["province_id"]: q["value"] for q in d["quotas"]}
            frame = pd.DataFrame(
                [
                    {
                        "province_id": x["province_id"],
                        "province": x["province"],
                        "quota": current.get(x["province_id"]),
                    }
                    for x in d["coverage"]
                ]
            )
            edited = st.data_editor(
                frame,
                hide_index=True,
                disabled=["province_id", "province"],
                num_rows="fixed",
                key=f"targets_quota_editor_{d['id']}",
                column_config={
                    "province_id": None,
                    "province": st.column_config.TextColumn(c.t("targets.col.province")),
                    "quota": st.column_config.NumberColumn(c.t("targets.col.quota")),
                },
            )
            st.caption(
                c.t(
                    "targets.quota_rule",
                    target=fmt_number(d["target"], c.lang, 3),
                    rule=c.t(f"targets.rule.{d['aggregation']}"),
                )
            )
            if st.button(c.t("targets.save_quotas"), key="targets_quota_save"):
                quotas = {
                    int(r.province_id): float(r.quota) for r in edited.itertuples() if pd.notna(r.quota)
                }
                try:
                    with write_session(c.engine) as session:
                        targets.set_quotas(session, c.actor, d["id"], quotas)
                    st.success(c.t("targets.quotas_saved_manual"))
                    st.rerun()
                except CouncilError as exc:
                    show_error(exc, c.lang)
    if can(c.actor, "target.edit") and st.button(c.t("targets.suggest_quotas"), key="targets_suggest_quotas"):
        try:
            with read_session(c.engine) as session:
                suggestion = targets.suggest_quotas(session, d["id"])
            with write_session(c.engine) as session:
                targets.set_quotas(session, c.actor, d["id"], suggestion["quotas"])
            st.success(
                c.t("targets.quotas_saved", year=suggestion["year"])
                if suggestion["year"]
                else c.t("targets.quotas_saved_manual")
            )
            st.rerun()
        except CouncilError as exc:
            show_error(exc, c.lang)


def _contribution(st, c, d: dict) -> None:
    import pandas as pd
    import plotly.express as px

    from council import targets
    from council.db import read_session
    from council.i18n import fmt_number
    from council.ui.charts import show_chart

    st.caption(c.t("targets.contribution_help"))
    years = d["years"]
    if len(years) < 2:
        st.info(c.t("targets.contribution_needs_two_years", n=len(years)))
        return
    a, b = st.columns(2)
    y0 = a.selectbox(c.t("targets.year_from"), years[:-1], key="targets_contrib_from")
    y1 = b.selectbox(c.t("targets.year_to"), [y for y in years if y > y0], key="targets_contrib_to")
    with read_session(c.engine) as session:
        res = targets.contribution_table(session, d["id"], y0, y1)
    if not res["rows"]:
        st.info(c.t("targets.contribution_no_common"))
        return
    n = lambda v: fmt_number(v, c.lang, 2)  # noqa: E731
    st.markdown(
        c.t(
            "targets.contribution_summary",
            y0=y0,
            y1=y1,
            before=n(res["region_before"]),
            after=n(res["region_after"]),
            change=n(res["change"]),
            k=len(res["rows"]),
            covered=res["covered"],
        )
    )
    if res["excluded"] or res["missing"]:
        st.caption(c.t("targets.contribution_excluded", names=", ".join(res["excluded"] + res["missing"])))
    frame = pd.DataFrame(
        [
            {
                "province": r["province"],
                "contribution": r["contribution"],
                "sign": c.t("targets.pushed_up") if r["contribution"] >= 0 else c.t("targets.pulled_down"),
            }
            for r in res["rows"]
        ]
    )
    fig = px.bar(
        frame,
        x="contribution",
        y="province",
        orientation="h",
        color="sign",
        color_discrete_map={c.t("targets.pushed_up"): "#1a7f37", c.t("targets.pulled_down"): "#d64541"},
        labels={"contribution": c.t("targets.col.contribution"), "province": "", "sign": ""},
    )
    fig.update_layout(
        height=120 + 30 * len(frame), margin=dict(l=0, r=0, t=10, b=0), yaxis=dict(autorange="reversed")
    )
    show_chart(fig, key="targets_contrib_chart")
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): r["province"],
                str(y0): r["before"],
                str(y1): r["after"],
                c.t("targets.col.contribution"): r["contribution"],
                c.t("targets.col.pct_points"): r["pct_points"],
                c.t("targets.col.share"): None if r["share"] is None else 100 * r["share"],
            }
            for r in res["rows"]
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_contrib_table")
    _download(st, table, "contribution", "targets_contrib_download", c.t("targets.export"))


def _map(st, c, listed: list[dict]) -> None:
    import pandas as pd

    from council import targets
    from council.db import read_session
    from council.i18n import fmt_number
    from council.ui.charts import show_chart

    with read_session(c.engine) as session:
        indicators = {i["id"]: i for i in targets.list_indicators(session)}
    ids = sorted({t["indicator_id"] for t in listed} | _observed(c))
    ind = st.selectbox(
        c.t("targets.map_indicator"),
        ids,
        key="targets_map_indicator",
        format_func=lambda i: indicators[i]["name_vi" if c.lang == "vi" else "name_en"],
    )
    with read_session(c.engine) as session:
        years = targets.observed_years(session, ind)
    if not years:
        st.info(c.t("targets.no_figures_yet"))
        return
    year = st.selectbox(c.t("targets.col.year"), years[::-1], key="targets_map_year")
    with read_session(c.engine) as session:
        points = targets.map_values(session, c.region_id, ind, year)
    frame = pd.DataFrame(points)
    frame["label"] = [
        f"{r['province']}: {'—' if r['value'] is None else round(r['value'], 2)}" for r in points
    ]
    have = frame[frame["value"].notna()]
    from council.figures.maps import value_choropleth

    # The values on the province boundaries (council.figures.maps); no figure: grey.
    fig = value_choropleth(
        {r["code"]: r["value"] for r in points},
        names={r["code"]: r["province"] for r in points},
        t=c.t,
        title=indicators[ind]["unit"],
        fmt=lambda v: fmt_number(v, c.lang, 2),
        height=520,
    )
    show_chart(fig, key="targets_map_chart")
    st.caption(c.t("targets.map_count", have=len(have), total=len(frame), unit=indicators[ind]["unit"]))
    # The same values as a table: readable even where the map's base layer cannot load.
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.province"): r["province"],
                c.t("targets.col.year"): str(year),
                indicators[ind]["unit"] or c.t("figures.col.value"): fmt_number(r["value"], c.lang, 2),
            }
            for r in points
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_map_table")
    _download(
        st,
        pd.DataFrame(points).drop(columns=["province_id"]),
        "map",
        "targets_map_download",
        c.t("targets.export"),
    )


def _observed(c) -> set[int]:
    from sqlmodel import select

    from council.db import read_session
    from council.models import Observation

    with read_session(c.engine) as session:
        return set(
            session.exec(select(Observation.indicator_id).where(Observation.status == "approved")).all()
        )


def _scorecard(st, c) -> None:
    import pandas as pd

    from council import targets
    from council.db import read_session
    from council.i18n import fmt_number
    from council.regions import list_provinces

    with read_session(c.engine) as session:
        provinces = list_provinces(session, c.region_id)
    options = [p["id"] for p in provinces]
    names = {p["id"]: p["name_vi"] for p in provinces}
    if c.actor.province_id and c.actor.province_id not in names:
        with read_session(c.engine) as session:
            from council.models import Province

            own = session.get(Province, c.actor.province_id)
            names[own.id] = own.name_vi
            options.insert(0, own.id)
    default = options.index(c.actor.province_id) if c.actor.province_id in options else 0
    pid = st.selectbox(
        c.t("targets.choose_province"),
        options,
        index=default,
        format_func=names.get,
        key="targets_scorecard_province",
    )
    with read_session(c.engine) as session:
        card = targets.scorecard(session, pid)
    st.subheader(c.t("targets.scorecard_title", province=card["province"]["name_vi"]))
    counts = pd.Series([r["progress"]["status"] for r in card["rows"]]).value_counts()
    cols = st.columns(5)
    for col, s in zip(cols, ("achieved", "on_track", "at_risk", "off_track", "no_data"), strict=True):
        col.metric(c.t(f"progress.{s}"), int(counts.get(s, 0)))
    if card["returned"]:
        st.error(
            c.t(
                "targets.returned_figures",
                n=len(card["returned"]),
                reason="; ".join(sorted({f["return_reason"] for f in card["returned"]})),
            )
        )
    drafts = [f for f in card["open_figures"] if f["status"] == "draft"]
    if drafts:
        st.warning(
            c.t(
                "targets.drafts_due", n=len(drafts), years=", ".join(sorted({str(f["year"]) for f in drafts}))
            )
        )
    submitted = [f for f in card["open_figures"] if f["status"] == "submitted"]
    if submitted:
        st.info(c.t("targets.submitted_waiting", n=len(submitted)))
    n = lambda v: fmt_number(v, c.lang, 2)  # noqa: E731
    table = pd.DataFrame(
        [
            {
                c.t("targets.col.indicator"): r["indicator_vi" if c.lang == "vi" else "indicator_en"],
                c.t("targets.col.plan"): f"{r['plan_region']} · {r['period'] or r['target_year']}",
                c.t("targets.col.coverage"): c.t(f"targets.coverage.{r['coverage']}"),
                c.t(
                    "targets.col.goal"
                ): f"{n(r['progress']['target'])} ({c.t('targets.goal.' + r['progress']['goal_basis'])})",
                c.t("targets.col.latest"): "—"
                if r["progress"]["latest_value"] is None
                else f"{n(r['progress']['latest_value'])} ({r['progress']['latest_year']})",
                c.t("targets.col.gap"): n(r["gap"]),
                c.t("targets.col.status"): c.t(f"progress.{r['progress']['status']}"),
                c.t("targets.col.inputs"): _inputs_text(c, r["progress"]).replace("**", ""),
            }
            for r in card["rows"]
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_scorecard_table")
    for r in card["rows"]:
        if r["progress"]["status"] != "no_data":
            st.markdown(
                f"- **{r['indicator_vi' if c.lang == 'vi' else 'indicator_en']}** (#{r['id']}): "
                f"{_inputs_text(c, r['progress'])}"
            )
    _download(st, table, "scorecard", "targets_scorecard_download", c.t("targets.export"))


def _catalogue(st, c, listed: list[dict]) -> None:
    import pandas as pd

    from council.auth import can

    flash = st.session_state.pop("targets_flash", None)
    if flash:
        st.success(flash)
    flash_error = st.session_state.pop("targets_flash_error", None)
    if flash_error:
        st.error(flash_error)

    table = pd.DataFrame(
        [
            {
                "#": t["id"],
                c.t("targets.col.indicator"): t["indicator_vi" if c.lang == "vi" else "indicator_en"],
                c.t("targets.col.plan"): t["plan_region"],
                c.t("targets.col.period"): t["period"],
                c.t("targets.col.target"): t["target_text"],
                c.t("targets.col.unit"): t["unit"],
                c.t("targets.col.target_year"): t["target_year"],
                c.t("targets.col.geography"): c.t(f"targets.geography_short.{t['geography']}"),
                c.t(
                    "targets.col.covers"
                ): f"{len(t['coverage'])} ({len(t['partial'])} {c.t('targets.coverage.partial')})",
                c.t("targets.col.status"): c.t(f"progress.{t['progress']['status']}"),
                c.t("targets.col.source"): t["source_document"],
            }
            for t in listed
        ]
    )
    st.dataframe(table, hide_index=True, key="targets_catalogue_table")
    _download(st, table, "targets", "targets_catalogue_download", c.t("targets.export"))
    from council import targets
    from council.db import read_session

    with read_session(c.engine) as session:
        indicators = targets.list_indicators(session)
    with st.expander(c.t("targets.indicators_title")):
        frame = pd.DataFrame(
            [
                {
                    c.t("figures.col.code"): i["code"],
                    c.t("targets.col.indicator"): i["name_vi"],
                    "English": i["name_en"],
                    c.t("targets.col.unit"): i["unit"],
                    c.t("targets.col.direction"): c.t(f"targets.direction.{i['direction']}"),
                    c.t("targets.col.aggregation"): c.t(f"targets.rule.{i['aggregation']}"),
                }
                for i in indicators
            ]
        )
        st.dataframe(frame, hide_index=True, key="targets_indicator_table")
        _download(st, frame, "indicators", "targets_indicator_download", c.t("targets.export"))
    if can(c.actor, "target.edit"):
        _target_form(st, c, listed)
        _indicator_form(st, c, indicators)


def _target_form(st, c, listed: list[dict]) -> None:
    from council import targets
    from council.db import read_session
    from council.regions import list_regions

    st.subheader(c.t("targets.edit_title"))
    # The region's own targets first, then those of old regions that cover some of its provinces.
    listed.sort(key=lambda t: (t["region_id"] != c.region_id, t["geography"] != "2025", t["id"]))
    by_id = {t["id"]: t for t in listed}
    choice = st.selectbox(
        c.t("targets.edit_choose"),
        [None, *by_id],
        key="targets_edit_choice",
        format_func=lambda i: c.t("targets.new_target") if i is None else _target_label(c, by_id[i]),
    )
    t = by_id.get(choice, {})
    with read_session(c.engine) as session:
        indicators = targets.list_indicators(session)
        regions = list_regions(session)
    ind_ids = [i["id"] for i in indicators]
    ind_names = {i["id"]: f"{i['name_vi']} ({i['unit']})" for i in indicators}
    region_ids = [None, *[r["id"] for r in regions]]
    region_names = {r["id"]: r["name_vi"] for r in regions}
    suffix = choice or "new"
    # The version this form was opened with: a save against it is refused if someone saved since.
    vkey = f"targets_f_version_{suffix}"
    st.session_state.setdefault(vkey, t.get("version"))
    with st.form(f"targets_form_{suffix}"):
        ind = st.selectbox(
            c.t("targets.col.indicator"),
            ind_ids,
            format_func=ind_names.get,
            index=ind_ids.index(t["indicator_id"]) if t else 0,
            key=f"targets_f_ind_{suffix}",
        )
        plan_region = st.text_input(
            c.t("targets.col.plan"), value=t.get("plan_region", ""), key=f"targets_f_plan_{suffix}"
        )
        region = st.selectbox(
            c.t("targets.f.region"),
            region_ids,
            index=region_ids.index(t.get("region_id")) if t.get("region_id") in region_ids else 0,
            format_func=lambda i: "—" if i is None else region_names[i],
            key=f"targets_f_region_{suffix}",
        )
        a, b, d = st.columns(3)
        baseline_year = a.number_input(
            c.t("targets.f.baseline_year"), value=t.get("baseline_year"), step=1, key=f"targets_f_by_{suffix}"
        )
        baseline_value = b.number_input(
            c.t("targets.f.baseline_value"),
            value=t.get("baseline_value"),
            format="%.4f",
            key=f"targets_f_bv_{suffix}",
        )
        target_year = d.number_input(
            c.t("targets.col.target_year"),
            value=t.get("target_year", 2030),
            step=1,
            key=f"targets_f_ty_{suffix}",
        )
        target_text = st.text_input(
            c.t("targets.f.target_text"),
            value=t.get("target_text", ""),
            help=c.t("targets.f.target_text_help"),
            key=f"targets_f_tt_{suffix}",
        )
        period = st.text_input(
            c.t("targets.col.period"), value=t.get("period", ""), key=f"targets_f_period_{suffix}"
        )
        source = st.text_input(
            c.t("targets.col.source"), value=t.get("source_document", ""), key=f"targets_f_source_{suffix}"
        )
        url = st.text_input(
            c.t("targets.f.source_url"), value=t.get("source_url", ""), key=f"targets_f_url_{suffix}"
        )
        if st.form_submit_button(c.t("targets.save"), type="primary"):
            fields = dict(
                indicator_id=ind,
                plan_region=plan_region,
                region_id=region,
                baseline_year=None if baseline_year is None else int(baseline_year),
                baseline_value=baseline_value,
                target_year=int(target_year) if target_year else None,
                target_text=target_text,
                period=period,
                source_document=source,
                source_url=url,
                label=t.get("label", ""),
            )
            _save(
                st,
                c,
                lambda session: targets.save_target(
                    session, c.actor, target_id=choice, expected_version=st.session_state[vkey], **fields
                ),
                f"targets_f_{{}}_{suffix}",
                c.t("targets.saved"),
            )


def _save(st, c, action, key_pattern: str, success: str) -> None:
    """One write from a catalogue form. On success, or when someone else saved the record first
    (the message names who and when), the form's fields and opened version are forgotten, so it
    reopens on the record as it now is."""
    from council.db import write_session
    from council.errors import CouncilError, StaleEdit
    from council.ui.context import error_message, show_error

    prefix, _, suffix = key_pattern.partition("{}")
    try:
        with write_session(c.engine) as session:
            action(session)
    except StaleEdit as exc:
        _forget_form(st, prefix, suffix)
        st.session_state["targets_flash_error"] = error_message(exc, c.lang)
        st.rerun()
    except CouncilError as exc:
        show_error(exc, c.lang)
        return
    _forget_form(st, prefix, suffix)
    st.session_state["targets_flash"] = success
    st.rerun()


def _forget_form(st, prefix: str, suffix: str) -> None:
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(prefix) and key.endswith(suffix):
            del st.session_state[key]


def _indicator_form(st, c, indicators: list[dict]) -> None:
    from council import targets
    from council.models import AGGREGATIONS, DIRECTIONS

    st.subheader(c.t("targets.indicator_edit_title"))
    by_id = {i["id"]: i for i in indicators}
    choice = st.selectbox(
        c.t("targets.indicator_choose"),
        [None, *by_id],
        key="targets_ind_choice",
        format_func=lambda i: (
            c.t("targets.indicator_new") if i is None else f"{by_id[i]['code']} · {by_id[i]['name_vi']}"
        ),
    )
    ind = by_id.get(choice, {})
    suffix = choice or "new"
    vkey = f"targets_i_version_{suffix}"
    st.session_state.setdefault(vkey, ind.get("version"))
    with st.form(f"targets_ind_form_{suffix}"):
        a, b = st.columns([1, 2])
        code = a.text_input(
            c.t("figures.col.code"),
            value=ind.get("code", ""),
            key=f"targets_i_code_{suffix}",
            help=c.t("targets.indicator_code_help"),
        )
        unit = b.text_input(
            c.t("targets.col.unit"), value=ind.get("unit", ""), key=f"targets_i_unit_{suffix}"
        )
        name_vi = st.text_input(
            c.t("targets.indicator_name_vi"), value=ind.get("name_vi", ""), key=f"targets_i_name_vi_{suffix}"
        )
        name_en = st.text_input(
            c.t("targets.indicator_name_en"), value=ind.get("name_en", ""), key=f"targets_i_name_en_{suffix}"
        )
        a, b = st.columns(2)
        direction = a.selectbox(
            c.t("targets.col.direction"),
            DIRECTIONS,
            index=DIRECTIONS.index(ind.get("direction", "increase")),
            format_func=lambda d: c.t(f"targets.direction.{d}"),
            key=f"targets_i_dir_{suffix}",
        )
        aggregation = b.selectbox(
            c.t("targets.col.aggregation"),
            AGGREGATIONS,
            index=AGGREGATIONS.index(ind.get("aggregation", "weighted_mean")),
            format_func=lambda r: c.t(f"targets.rule.{r}"),
            key=f"targets_i_agg_{suffix}",
        )
        a, b = st.columns(2)
        # What a weighted mean is weighted by, and the share of it a regional status needs.
        weight_by = a.selectbox(
            c.t("weights.form.weight_by"),
            targets.WEIGHT_SERIES,
            index=targets.WEIGHT_SERIES.index(ind.get("weight_by") or "population"),
            format_func=lambda w: c.t(f"weights.basis.{w}"),
            key=f"targets_i_weight_{suffix}",
        )
        min_coverage = b.number_input(
            c.t("weights.form.min_coverage"),
            min_value=1,
            max_value=100,
            value=round(100 * (ind.get("min_coverage") or targets.DEFAULT_MIN_COVERAGE)),
            step=5,
            key=f"targets_i_cov_{suffix}",
        )
        if st.form_submit_button(c.t("targets.indicator_save"), type="primary"):
            fields = dict(
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                unit=unit,
                direction=direction,
                aggregation=aggregation,
                weight_by=weight_by,
                min_coverage=min_coverage / 100,
            )
            _save(
                st,
                c,
                lambda session: targets.save_indicator(
                    session, c.actor, indicator_id=choice, expected_version=st.session_state[vkey], **fields
                ),
                f"targets_i_{{}}_{suffix}",
                c.t("targets.indicator_saved"),
            )
