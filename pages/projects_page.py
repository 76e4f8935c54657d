"""Project register: filters, tiles, list, Gantt chart, map, new project / proposal, import and export."""

from __future__ import annotations

import streamlit as st

from council import projects
from council.projects import ProjectFilter
from council.ui.context import ctx
from council.ui.views import view_switch
from pages.project_views import create, register

SPEC = dict(
    url_path="projects",
    title_key="projects.nav",
    icon=":material/construction:",
    section="nav.section.council",
    order=10,
)

YEARS = (2010, 2040)


VIEWS = ("list", "dashboard", "timeline", "map", "new", "io")


def render() -> None:
    c = ctx()
    st.title(c.t("projects.title"))
    st.caption(c.t("projects.caption"))
    provinces = c.cached(projects.province_choices)
    flt = _filters(c, provinces)
    # Read after any write of the previous run (forms rerun after a save): tiles and list agree.
    rows = c.cached(projects.list_projects, flt)
    everything = ProjectFilter(region_id=c.region_id, include_interregional=flt.include_interregional)
    # Counts, not the lists: a cached value is copied on every rerun.
    total = c.cached(projects.count_projects, everything)
    st.caption(c.t("projects.filter.count", shown=len(rows), total=total))
    if not flt.include_interregional:
        # The region overview counts every project with a province here; say why this list is shorter.
        wider = ProjectFilter(region_id=c.region_id, include_interregional=True)
        extra = c.cached(projects.count_projects, wider) - total
        if extra > 0:
            st.caption(c.t("projects.interregional_hidden", n=extra))
    dash = c.cached(projects.register_tiles, flt)  # counted in SQL, once per data version
    register.tiles(c, dash)
    # One view at a time (not tabs, which build every view on every rerun).
    view = view_switch(
        c.t("projects.view"), VIEWS, key="projects_view", label=lambda v: c.t(f"projects.tab.{v}")
    )
    if view == "dashboard":
        register.dashboard(c, dash)
    elif view == "timeline":
        register.timeline(c, rows)
    elif view == "map":
        register.places(c, rows)
    elif view == "new":
        create.new_project(c, provinces)
    elif view == "io":
        create.import_export(c, rows)
    else:  # "list", or no segment chosen
        register.table(c, rows)


def _filters(c, provinces) -> ProjectFilter:
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
        projects.PROJECT_TYPES,
        format_func=lambda x: c.t(f"ptype.{x}"),
        key="projects_type",
        placeholder=c.t("projects.filter.all"),
    )
    statuses = g.multiselect(
        c.t("projects.filter.status"),
        projects.PROJECT_STATUSES,
        format_func=lambda x: c.t(f"pstatus.{x}"),
        key="projects_status",
        placeholder=c.t("projects.filter.all"),
    )
    funding = h.multiselect(
        c.t("projects.filter.funding"),
        projects.FUNDING_SOURCES,
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
