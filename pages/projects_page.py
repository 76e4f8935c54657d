"""Project register: filters, tiles, list, Gantt chart, map, new project / proposal, import and export."""

from __future__ import annotations

SPEC = dict(
    url_path="projects",
    title_key="projects.nav",
    icon=":material/construction:",
    roles=("secretariat", "province_rep", "expert", "observer"),
    section="nav.section.council",
    order=10,
)

YEARS = (2010, 2040)


VIEWS = ("list", "dashboard", "timeline", "map", "new", "io")


def render() -> None:
    import streamlit as st

    from council import projects
    from council.db import read_session
    from council.projects import ProjectFilter
    from council.ui.cache import cached
    from council.ui.context import ctx

    c = ctx()
    st.title(c.t("projects.title"))
    st.caption(c.t("projects.caption"))
    with read_session(c.engine) as session:
        provinces = projects.province_choices(session)
    flt = _filters(st, c, provinces)
    rows = cached(c.engine, projects.list_projects, flt)
    total = len(
        cached(
            c.engine,
            projects.list_projects,
            ProjectFilter(region_id=c.region_id, include_interregional=flt.include_interregional),
        )
    )
    st.caption(c.t("projects.filter.count", shown=len(rows), total=total))
    dash = projects.dashboard(rows)
    _tiles(st, c, dash)
    # One view at a time (not tabs, which build every view on every rerun).
    view = st.segmented_control(
        c.t("projects.view"),
        VIEWS,
        default="list",
        key="projects_view",
        format_func=lambda v: c.t(f"projects.tab.{v}"),
        label_visibility="collapsed",
    )
    if view == "dashboard":
        _dashboard(st, c, dash)
    elif view == "timeline":
        _timeline(st, c, rows)
    elif view == "map":
        _map(st, c, rows)
    elif view == "new":
        _new_project(st, c, provinces)
    elif view == "io":
        _import_export(st, c, rows)
    else:  # "list", or no segment chosen
        _table(st, c, rows)


def _filters(st, c, provinces):
    from council.models import FUNDING_SOURCES, PROJECT_STATUSES, PROJECT_TYPES
    from council.projects import ProjectFilter

    pname = {p["id"]: p["name_vi"] for p in provinces}
    a, b, d = st.columns([3, 2, 2])
    search = a.text_input(c.t("projects.filter.search"), key="projects_search")
    interregional = b.checkbox(c.t("projects.filter.interregional"), key="projects_interregional")
    late_only = d.checkbox(c.t("projects.filter.late_only"), key="projects_late_only")
    e, f, g, h = st.columns(4)
    province_ids = e.multiselect(
        c.t("projects.filter.province"),
        list(pname),
        format_func=pname.get,
        key="projects_province",
        placeholder=c.t("projects.filter.all"),
    )
    types = f.multiselect(
        c.t("projects.filter.type"),
        PROJECT_TYPES,
        format_func=lambda x: c.t(f"ptype.{x}"),
        key="projects_type",
        placeholder=c.t("projects.filter.all"),
    )
    statuses = g.multiselect(
        c.t("projects.filter.status"),
        PROJECT_STATUSES,
        format_func=lambda x: c.t(f"pstatus.{x}"),
        key="projects_status",
        placeholder=c.t("projects.filter.all"),
    )
    funding = h.multiselect(
        c.t("projects.filter.funding"),
        FUNDING_SOURCES,
        format_func=lambda x: c.t(f"funding.{x}"),
        key="projects_funding",
        placeholder=c.t("projects.filter.all"),
    )
    y1, y2 = st.columns([1, 3])
    use_years = y1.checkbox(c.t("projects.filter.use_years"), key="projects_use_years")
    years = y2.slider(
        c.t("projects.filter.years"), *YEARS, value=(2020, 2030), key="projects_years", disabled=not use_years
    )
    return ProjectFilter(
        region_id=c.region_id,
        include_interregional=interregional,
        province_ids=province_ids,
        types=types,
        statuses=statuses,
        funding=funding,
        year_from=years[0] if use_years else None,
        year_to=years[1] if use_years else None,
        late_only=late_only,
        search=search,
    )


def _tiles(st, c, dash) -> None:
    from council.i18n import fmt_number

    cols = st.columns(4)
    cols[0].metric(c.t("projects.tile.count"), fmt_number(dash["count"], c.lang, 0))
    cols[1].metric(c.t("projects.tile.investment"), fmt_number(dash["investment"], c.lang, 0))
    cols[2].metric(c.t("projects.tile.late"), fmt_number(dash["late"], c.lang, 0))
    cols[3].metric(c.t("projects.tile.no_amount"), fmt_number(dash["no_amount"], c.lang, 0))


def _table(st, c, rows) -> None:
    import pandas as pd

    from council.ui.tables import page_of
    from pages.project_detail_page import open_project

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
        "lead": c.t("projects.col.lead"),
        "provinces": c.t("projects.col.provinces"),
        "investment": st.column_config.NumberColumn(c.t("projects.col.investment"), format="%.0f"),
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
        frame,
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


def _dashboard(st, c, dash) -> None:
    import pandas as pd

    from council import project_charts
    from council.i18n import fmt_number
    from council.ui.charts import show_chart

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


def _timeline(st, c, rows) -> None:
    from council import project_charts
    from council.ui.charts import show_chart

    fig, missing = project_charts.gantt(rows, c.lang)
    if fig is None:
        st.info(c.t("projects.gantt.none"))
    else:
        show_chart(fig, key="projects_gantt")
    if missing:
        st.caption(c.t("projects.gantt.missing", count=missing))


def _map(st, c, rows) -> None:
    from council import project_charts
    from council.db import read_session
    from council.regions import list_provinces
    from council.ui.charts import show_chart

    with read_session(c.engine) as session:
        region_provinces = list_provinces(session, c.region_id)
    st.caption(c.t("projects.map.help"))
    seen = {p["id"] for p in region_provinces}
    others = [
        {"id": m["province_id"], "name_vi": m["name_vi"], "lat": m["lat"], "lon": m["lon"]}
        for r in rows
        for m in r["participants"]
        if m["province_id"] not in seen
    ]
    show_chart(project_charts.project_map(rows, region_provinces + others, c.lang), key="projects_map")


def _parse_shares(text: str) -> list[float | None] | str:
    """'40; 35,5; 24,5' -> [40, 35.5, 24.5]; the bad piece as a string when one is not a number."""
    import re

    pieces = [p for p in re.split(r"\s*;\s*", text.strip()) if p]
    out: list[float | None] = []
    for piece in pieces:
        try:
            out.append(float(piece.replace(",", ".")))
        except ValueError:
            return piece
    return out


def _new_project(st, c, provinces) -> None:
    from council import projects
    from council.db import write_session
    from council.errors import CouncilError, ValidationError
    from council.models import PROJECT_STATUSES, PROJECT_TYPES
    from council.projects import Participant, ProjectInput
    from council.ui.context import show_error
    from pages.project_detail_page import error_text, open_project

    role = c.actor.role
    if role not in ("secretariat", "province_rep"):
        st.info(c.t("projects.form.read_only"))
        return
    proposing = role == "province_rep"
    if proposing:
        st.info(c.t("projects.form.propose_help"))
    pname = {p["id"]: p["name_vi"] for p in provinces}
    with st.form("projects_new_form"):
        a, b = st.columns([1, 3])
        code = a.text_input(c.t("projects.form.code"), key="projects_new_code")
        name_vi = b.text_input(c.t("projects.form.name_vi"), key="projects_new_name_vi")
        name_en = st.text_input(c.t("projects.form.name_en"), key="projects_new_name_en")
        a, b, d = st.columns(3)
        ptype = a.selectbox(
            c.t("projects.form.type"),
            PROJECT_TYPES,
            format_func=lambda x: c.t(f"ptype.{x}"),
            key="projects_new_type",
        )
        status = "proposed"
        if not proposing:
            status = b.selectbox(
                c.t("projects.form.status"),
                PROJECT_STATUSES,
                format_func=lambda x: c.t(f"pstatus.{x}"),
                key="projects_new_status",
            )
        investment = d.number_input(
            c.t("projects.form.investment"), value=None, step=100.0, key="projects_new_investment"
        )
        a, b, d = st.columns(3)
        length = a.number_input(c.t("projects.form.length"), value=None, step=1.0, key="projects_new_length")
        start = b.date_input(
            c.t("projects.form.planned_start"), value=None, format="DD/MM/YYYY", key="projects_new_start"
        )
        end = d.date_input(
            c.t("projects.form.planned_end"), value=None, format="DD/MM/YYYY", key="projects_new_end"
        )
        default = [c.actor.province_id] if proposing and c.actor.province_id else []
        chosen = st.multiselect(
            c.t("projects.form.provinces"),
            list(pname),
            default=default,
            format_func=pname.get,
            key="projects_new_provinces",
            placeholder=c.t("projects.form.pick_provinces"),
        )
        a, b = st.columns([1, 2])
        lead = a.selectbox(
            c.t("projects.form.lead"),
            [None, *pname],
            format_func=lambda i: c.t("projects.form.no_lead") if i is None else pname[i],
            key="projects_new_lead",
        )
        shares_text = b.text_input(c.t("projects.form.shares"), key="projects_new_shares")
        note = st.text_input(c.t("projects.form.investment_note"), key="projects_new_note")
        source = st.text_input(c.t("projects.form.source_url"), key="projects_new_source")
        submitted = st.form_submit_button(
            c.t("projects.form.submit_propose" if proposing else "projects.form.submit_create"),
            type="primary",
        )
    if not submitted:
        return
    shares = _parse_shares(shares_text)
    if isinstance(shares, str):
        st.error(c.t("projects.form.shares_bad", value=shares))
        return
    if shares and len(shares) != len(chosen):
        st.error(c.t("projects.error.shares_count", shares=len(shares), provinces=len(chosen)))
        return
    if lead is not None and lead not in chosen:
        st.error(c.t("projects.error.lead_not_participant", value=pname[lead]))
        return
    shares = shares or [None] * len(chosen)
    data = ProjectInput(
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        type=ptype,
        status=status,
        total_investment=investment,
        length_km=length,
        planned_start=start,
        planned_end=end,
        investment_note=note,
        source_url=source,
        participants=[
            Participant(province_id=p, role="lead" if p == lead else "partner", cost_share_pct=s)
            for p, s in zip(chosen, shares, strict=True)
        ],
    )
    try:
        with write_session(c.engine) as session:
            if proposing:
                created = projects.propose_project(session, c.actor, data)
            else:
                created = projects.create_project(session, c.actor, data)
    except ValidationError as exc:
        st.error(error_text(c, exc))
        return
    except CouncilError as exc:
        show_error(exc, c.lang)
        return
    st.success(c.t("projects.form.proposed" if proposing else "projects.form.created", code=created["code"]))
    if st.button(c.t("projects.nav_detail"), key="projects_new_open"):
        open_project(created["id"])


def _import_export(st, c, rows) -> None:
    from council import projects
    from council.errors import CouncilError
    from council.io import CSV_MIME, XLSX_MIME, ImportRejected, read_table, to_csv, to_excel
    from council.ui.context import show_error

    st.subheader(c.t("projects.io.export"))
    lang = c.lang  # the exports are built only when a button is clicked

    def frame():
        return projects.export_frame(rows, lang)

    a, b, d = st.columns(3)
    a.download_button(
        c.t("projects.io.excel"),
        lambda: to_excel({"projects": frame()}),
        file_name="du-an.xlsx",
        mime=XLSX_MIME,
        key="projects_export_xlsx",
        icon=":material/download:",
    )
    b.download_button(
        c.t("projects.io.csv"),
        lambda: to_csv(frame()),
        file_name="du-an.csv",
        mime=CSV_MIME,
        key="projects_export_csv",
        icon=":material/download:",
    )
    d.download_button(
        c.t("projects.io.template"),
        lambda: to_excel(projects.template_frames(c.lang)),
        file_name="mau-nhap-du-an.xlsx",
        mime=XLSX_MIME,
        key="projects_template",
    )
    st.divider()
    if c.actor.role != "secretariat":
        st.caption(c.t("projects.io.only_secretariat"))
        return
    upload = st.file_uploader(c.t("projects.io.upload"), type=["xlsx", "csv"], key="projects_upload")
    if upload is not None and st.button(c.t("projects.io.submit"), key="projects_import", type="primary"):
        try:
            table = read_table(upload.getvalue(), upload.name)
            # Checked outside the write lock, then landed in one short transaction.
            result = projects.import_projects_file(c.engine, c.actor, table)
        except ImportRejected as exc:
            show_error(exc, c.lang)
            st.markdown("\n".join(f"- {e.message(c.lang)}" for e in exc.errors))
            return
        except CouncilError as exc:
            show_error(exc, c.lang)
            return
        st.success(c.t("projects.io.done", **result))
